"""The demo data (Dinas Sosial Kabupaten Buleleng 2020) is valid and matches the seed's totals.

Figures are from /work/shared/seeds/lkjip-2020-dinsos-buleleng.txt (Lampiran 2, TOTAL row).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from domain.document import AgreementDocument, Content
from kinerja_flow.documents import load_document

DEMO = Path(__file__).parents[2] / "kinerja_flow" / "demo"


def _load(name: str) -> object:
    with (DEMO / name).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _money(value: object) -> Decimal:
    return Decimal(str(value))


@pytest.fixture(scope="module")
def awal() -> AgreementDocument:
    return AgreementDocument.model_validate(_load("pk-2020-awal.yaml"))


@pytest.fixture(scope="module")
def perubahan() -> AgreementDocument:
    return AgreementDocument.model_validate(_load("pk-2020-perubahan.yaml"))


@pytest.fixture(scope="module")
def realisasi() -> dict:
    data = _load("realisasi-2020.yaml")
    assert isinstance(data, dict)
    return data


def test_original_agreement(awal: AgreementDocument) -> None:
    assert awal.kode == "DINSOS-BLL-2020-KADIS"
    assert awal.tahun == 2020
    assert [o.kode for o in awal.sasaran] == ["S1", "S2", "S3"]
    assert [i.target_value.lower for i in awal.indicators()] == [Decimal("4.60"), Decimal("20"), Decimal("18")]
    assert [p.kode for p in awal.program] == [f"P{n:02d}" for n in range(1, 10)]
    assert all(p.anggaran_triwulan is None and p.anggaran_bulan is None for p in awal.program)
    assert all(i.target_triwulan is None and i.target_bulan is None for i in awal.indicators())


def test_amended_agreement_budget_total(perubahan: AgreementDocument) -> None:
    assert perubahan.kode == "DINSOS-BLL-2020-KADIS"
    assert len(perubahan.program) == 15
    assert sum(p.anggaran for p in perubahan.program) == Decimal("4121995000")
    for programme in perubahan.program:
        assert programme.anggaran_triwulan is not None
        assert sorted(programme.anggaran_triwulan) == [1, 2, 3, 4]
        assert sum(programme.anggaran_triwulan.values()) == programme.anggaran


def test_amended_agreement_targets(perubahan: AgreementDocument) -> None:
    s11 = perubahan.indicator("S1.2")
    s21 = perubahan.indicator("S2.2")
    assert s11 is not None and s21 is not None
    assert s11.target_value.lower == Decimal("0.63")
    assert s11.target_triwulan == {1: 0, 2: 0, 3: Decimal("0.32"), 4: Decimal("0.31")}
    assert s21.target_value.lower == Decimal("80")
    assert s21.target_triwulan == {1: 20, 2: 20, 3: 20, 4: 20}


def test_programme_codes_carried_over(awal: AgreementDocument, perubahan: AgreementDocument) -> None:
    for programme in awal.program:
        amended = perubahan.programme(programme.kode)
        assert amended is not None, programme.kode
        assert amended.anggaran == programme.anggaran


def test_realisation_total(realisasi: dict) -> None:
    assert sum(_money(r["jumlah"]) for r in realisasi["anggaran"]) == Decimal("4103950774")


def test_first_programme_first_quarter(perubahan: AgreementDocument, realisasi: dict) -> None:
    first = perubahan.program[0]
    assert first.kode == "P01"
    assert first.anggaran_triwulan is not None
    assert first.anggaran_triwulan[1] == Decimal("61072200")
    tw1 = [r for r in realisasi["anggaran"] if r["program"] == first.kode and r["bulan"] == 3]
    assert [_money(r["jumlah"]) for r in tw1] == [Decimal("30515960")]


def test_realisations_reference_the_amended_agreement(
    perubahan: AgreementDocument, realisasi: dict
) -> None:
    indicator_codes = {i.kode for i in perubahan.indicators()}
    programme_codes = {p.kode for p in perubahan.program}
    assert realisasi["indikator"] and realisasi["anggaran"]
    for row in realisasi["indikator"]:
        assert row["indikator"] in indicator_codes, row
        assert row["bulan"] in (3, 6, 9, 12), row
    for row in realisasi["anggaran"]:
        assert row["program"] in programme_codes, row
        assert row["bulan"] in (3, 6, 9, 12), row


def test_every_programme_and_indicator_has_four_quarters(
    perubahan: AgreementDocument, realisasi: dict
) -> None:
    budget = {(r["program"], r["bulan"]) for r in realisasi["anggaran"]}
    kinerja = {(r["indikator"], r["bulan"]) for r in realisasi["indikator"]}
    months = (3, 6, 9, 12)
    assert len(realisasi["anggaran"]) == len(budget) == 15 * 4
    assert budget == {(p.kode, m) for p in perubahan.program for m in months}
    assert kinerja == {(i.kode, m) for i in perubahan.indicators() for m in months}


def test_content_hash_is_stable_across_releases() -> None:
    """Signatures bind this hash: a change of the canonical form would orphan every signature.

    Empty optional fields are not hashed, so a new optional field leaves old hashes intact.
    """
    content = load_document(DEMO / "pk-2020-awal.yaml").content()
    assert content.content_hash() == "1662ce10d9617685c1da024b44d97446adb5f188b9105da06033ec0b97f72b88"
    with_empty_optional = Content.model_validate({**content.model_dump(), "skala_definisi": None})
    assert with_empty_optional.content_hash() == content.content_hash()
