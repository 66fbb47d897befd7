"""Every value of a document is bounded, and refused with its field path (issue 12, items 1, 5, 9).

A document accepted here can always be computed and shown: the math and the grading never see a
reversed range, a floor above its cap, a number beyond the digit limits or a forbidden character.
The same models check the edits (`change_target`, `change_budget`, `revise_indicator`), and the
bounds added later are skipped when stored events are read back (context `RECORDED`).
"""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from domain.document import Content, Indicator, Party, Programme
from domain.errors import DomainError
from domain.input_rules import RECORDED
from kinerja_flow.documents import parse_document
from tests.unit.test_agreement_rules import document, drafted, refused, stamp

DEMO = Path(__file__).parents[2] / "kinerja_flow" / "demo"


def demo() -> dict[str, Any]:
    return yaml.safe_load((DEMO / "pk-2020-awal.yaml").read_text(encoding="utf-8"))


def refusal(data: dict[str, Any]) -> str:
    with pytest.raises(DomainError) as error:
        parse_document(data, "uji.yaml")
    return str(error.value)


def indicator_with(**fields: Any) -> dict[str, Any]:
    data = demo()
    indicator = data["sasaran"][0]["indikator"][0]
    if {"target_triwulan", "target_bulan"} & set(fields):
        indicator.pop("target_triwulan", None)
        indicator.pop("target_bulan", None)
    indicator.update(fields)
    return data


def programme_with(**fields: Any) -> dict[str, Any]:
    data = demo()
    data["program"][0].update(fields)
    for name in ("anggaran_triwulan", "anggaran_bulan"):
        if name not in fields:
            data["program"][0].pop(name, None)
    return data


INDICATOR = "sasaran[0].indikator[0]"


@pytest.mark.parametrize(
    ("fields", "path", "message"),
    [
        ({"batas_bawah": 200, "batas_atas": 10}, INDICATOR, "batas_bawah (200) lebih besar dari batas_atas (10)"),
        ({"target": "90-80"}, f"{INDICATOR}.target", "terbalik"),
        ({"target": "90,5 - 80"}, f"{INDICATOR}.target", "bukan target yang valid"),
        ({"target": -5}, f"{INDICATOR}.target", "tidak boleh negatif"),
        ({"target": "-5-10"}, f"{INDICATOR}.target", "tidak boleh negatif"),
        ({"target": "1" + "0" * 400}, f"{INDICATOR}.target", "angka terlalu besar"),
        ({"target": "0." + "1" * 500}, f"{INDICATOR}.target", "terlalu banyak desimal"),
        ({"batas_atas": "1e400"}, f"{INDICATOR}.batas_atas", "angka terlalu besar"),
        ({"batas_atas": -1}, f"{INDICATOR}.batas_atas", "tidak boleh negatif"),
        ({"batas_bawah": "0.0000001"}, f"{INDICATOR}.batas_bawah", "terlalu banyak desimal"),
        ({"target_triwulan": {1: -1, 2: 1}}, f"{INDICATOR}.target_triwulan", "periode 1: tidak boleh negatif"),
        ({"target_bulan": {12: "9" * 16}}, f"{INDICATOR}.target_bulan", "periode 12: angka terlalu besar"),
        ({"satuan": "x" * 101}, f"{INDICATOR}.satuan", "terlalu panjang: 101 karakter (paling banyak 100)"),
        ({"penanggung_jawab": "x" * 301}, f"{INDICATOR}.penanggung_jawab", "paling banyak 300"),
        ({"uraian": "Persentase\x00PMKS"}, f"{INDICATOR}.uraian", "U+0000"),
        ({"satuan": "%\u202e"}, f"{INDICATOR}.satuan", "U+202E"),
        ({"uraian": "Dua\nbaris"}, f"{INDICATOR}.uraian", "U+000A"),
    ],
)
def test_indicator_values_the_math_reads_are_bounded(fields: dict[str, Any], path: str, message: str) -> None:
    text = refusal(indicator_with(**fields))
    assert f"  {path}: " in text and message in text, text


@pytest.mark.parametrize(
    ("fields", "path", "message"),
    [
        ({"anggaran": -1}, "program[0].anggaran", "paling kecil 0, bukan -1"),
        ({"anggaran": "1" + "0" * 400}, "program[0].anggaran", "angka terlalu besar"),
        ({"anggaran": 10, "anggaran_triwulan": {1: 20, 2: -10}}, "program[0].anggaran_triwulan",
         "periode 2: tidak boleh negatif"),
        ({"anggaran": "10.1234567"}, "program[0].anggaran", "terlalu banyak desimal"),
        ({"sumber_dana": "APBD " * 41}, "program[0].sumber_dana", "paling banyak 200"),
        ({"uraian": "Program\u2066 tersembunyi"}, "program[0].uraian", "U+2066"),
    ],
)
def test_programme_budgets_and_texts_are_bounded(fields: dict[str, Any], path: str, message: str) -> None:
    text = refusal(programme_with(**fields))
    assert f"  {path}: " in text and message in text, text


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (lambda d: d["pihak_pertama"].update(nip="1" * 41), "pihak_pertama.nip", "paling banyak 40"),
        (lambda d: d["pihak_pertama"].update(pangkat="P" * 101), "pihak_pertama.pangkat", "paling banyak 100"),
        (lambda d: d["pihak_kedua"].update(nama="Bupati\u202eilatbuB"), "pihak_kedua.nama", "U+202E"),
        (lambda d: d.update(instansi="Dinas\x1b[31m Sosial"), "instansi", "U+001B"),
        (lambda d: d.update(skala="x" * 81), "skala", "paling banyak 80"),
        (lambda d: d["sasaran"][0].update(uraian="S\u0085x"), "sasaran[0].uraian", "U+0085"),
    ],
)
def test_every_text_of_the_document_is_bounded(change: Any, path: str, message: str) -> None:
    data = demo()
    change(data)
    text = refusal(data)
    assert f"  {path}: " in text and message in text, text


def test_codes_differing_only_in_case_are_one_code() -> None:
    data = demo()
    twin = copy.deepcopy(data["sasaran"][0]["indikator"][0])
    data["sasaran"][0]["indikator"] += [twin | {"kode": "I1"}, twin | {"kode": "i1"}]
    assert "kode indikator ganda (huruf besar dan kecil tidak dibedakan): I1 dan i1" in refusal(data)
    data = demo()
    data["program"].append(copy.deepcopy(data["program"][0]) | {"kode": data["program"][0]["kode"].lower()})
    assert "kode program ganda" in refusal(data)


def test_a_user_defined_scale_is_bounded_too() -> None:
    scale = {"nama": "skala-uji", "versi": 1,
             "predikat": [{"min": "1" + "0" * 30, "label": "A"}, {"label": "B"}]}
    text = refusal({**demo(), "skala": "skala-uji", "skala_definisi": scale})
    assert "skala_definisi.predikat[0].min: angka terlalu besar" in text
    scale["predikat"][0] = {"min": 90, "label": "Baik\u202e"}
    assert "skala_definisi.predikat[0].label: berisi karakter terlarang U+202E" in refusal(
        {**demo(), "skala": "skala-uji", "skala_definisi": scale})


def test_every_shipped_document_stays_valid() -> None:
    for path in sorted(DEMO.glob("pk-*.yaml")):
        parse_document(yaml.safe_load(path.read_text(encoding="utf-8")), path.name)


def test_normalised_numbers_are_stored_short() -> None:
    data = indicator_with(target="0.630000000", batas_atas="1E+2", target_triwulan={1: "0.5000000000"})
    indicator = parse_document(data, "uji.yaml").sasaran[0].indikator[0]
    assert indicator.target == "0.63"
    assert indicator.batas_atas == Decimal(100) and str(indicator.batas_atas) == "100"
    assert str(indicator.target_triwulan[1]) == "0.5"  # type: ignore[index]


# ----------------------------------------------------------------- edits go through the same models


def test_edits_are_held_to_the_same_bounds() -> None:
    agreement = drafted()
    refused(agreement, lambda: agreement.change_target(stamp(), "S1.1", "90-80", "x"), "terbalik")
    refused(agreement, lambda: agreement.change_target(stamp(), "S1.1", Decimal("1e20"), "x"),
            "angka terlalu besar")
    refused(agreement, lambda: agreement.change_target(
        stamp(), "S1.1", "1", "x", target_triwulan={1: Decimal(-1)}), "tidak boleh negatif")
    refused(agreement, lambda: agreement.change_budget(
        stamp(), "P1", Decimal(400), "x", anggaran_triwulan={1: Decimal(500), 2: Decimal(-100)}),
        "tidak boleh negatif")
    old = agreement.draft_version.content.indicator("S1.1")
    assert old is not None
    bad = old.model_dump() | {"batas_bawah": Decimal(200), "batas_atas": Decimal(10)}
    with pytest.raises(ValueError, match="batas_bawah"):
        agreement.revise_indicator(stamp(), Indicator.model_validate(bad), "x")
    with pytest.raises(ValueError, match="U\\+202E"):
        Party(nama="Nama\u202e", jabatan="Kepala Dinas Uji")
    with pytest.raises(ValueError, match="tidak boleh negatif"):
        Programme(kode="P9", uraian="x", anggaran=Decimal(1), anggaran_bulan={1: Decimal(2), 2: Decimal(-1)})


# ----------------------------------------------------------------- the record is read as it was written


def test_bounds_added_later_do_not_make_stored_content_unreadable() -> None:
    """What the mapper and a replayed edit do: validate with `RECORDED`."""
    data = document().model_dump(mode="json", exclude={"kode", "tahun", "instansi"})
    indicator = data["sasaran"][0]["indikator"][0]
    indicator.update(satuan="x" * 5000, uraian="NUL\x00", batas_bawah="200", batas_atas="10",
                     target="90-80", target_bulan=None, target_triwulan={1: "-1"})
    twin = copy.deepcopy(indicator) | {"kode": "s1.1"}
    data["sasaran"][0]["indikator"].append(twin)
    data["program"][1]["anggaran"] = "1" + "0" * 40
    data["pihak_pertama"]["nip"] = "9" * 100

    stored = Content.model_validate(json.loads(json.dumps(data)), context=RECORDED)
    assert stored.indicator("S1.1").satuan == "x" * 5000  # type: ignore[union-attr]
    with pytest.raises(ValueError):
        Content.model_validate(data)
