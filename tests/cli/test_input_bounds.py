"""Malformed documents and oversized numbers through the commands that take them: one line on
stderr naming the file or the option, exit 1 (refusal) or 2 (usage error), nothing written
(issue 12, items 1, 6, 8, 9)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.cli.test_write_commands import (  # noqa: F401
    AWAL,
    CODE,
    PERUBAHAN,
    Kinerja,
    active,
    kinerja,
)

HUGE = "9" * 2000
CHANGED_BY_DOCUMENT = ("create", "import", "revise", "amend")


def refused(kinerja: Kinerja, *args: str, match: str) -> str:
    """Refused, nothing written, no traceback; `import` lists its problems below one title line."""
    if args[0] != "import":
        return kinerja.refused(*args, match=match).stderr
    before = kinerja.events()
    run = kinerja(*args)
    assert run.code == 1 and run.stdout == "" and "Traceback" not in run.stderr, run
    assert "impor dibatalkan, tidak ada yang dicatat (1 kesalahan)" in run.stderr and match in run.stderr
    assert kinerja.events() == before
    return run.stderr


def with_document(command: str, document: Path) -> tuple[str, ...]:
    return {
        "create": ("create", str(document)),
        "import": ("import", str(document)),
        "revise": ("revise", CODE, str(document), "--alasan", "x"),
        "amend": ("amend", CODE, "--jenis", "perubahan-program", "--dasar", "APBD-P", "--alasan", "x",
                  "--dokumen", str(document)),
    }[command]


def deep_json(path: Path) -> Path:
    path.write_text("[" * 10_000 + "]" * 10_000, encoding="utf-8")
    return path


def deep_yaml(path: Path) -> Path:
    path.write_text("kode: " + "[" * 10_000 + "]" * 10_000 + "\n", encoding="utf-8")
    return path


def laughs(path: Path) -> Path:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for name, previous in zip("bcdefgh", "abcdefg"):
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 10)}]")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (deep_json, "struktur bersarang terlalu dalam (paling banyak 20 tingkat)"),
        (deep_yaml, "struktur bersarang terlalu dalam"),
        (laughs, "terlalu banyak nilai (lebih dari 100.000; alias YAML dihitung setiap kali dipakai)"),
    ],
)
def test_a_deep_or_exploding_document_is_one_line_in_every_command(
    active: Kinerja, tmp_path: Path, make, match: str  # noqa: ANN001
) -> None:
    suffix = ".json" if make is deep_json else ".yaml"
    bomb = make(tmp_path / f"bom{suffix}")
    for command in CHANGED_BY_DOCUMENT:
        stderr = refused(active, *with_document(command, bomb), match=match)
        assert f"{bomb.name}: {match}" in stderr


def test_a_key_written_twice_is_refused_with_its_line(kinerja: Kinerja, tmp_path: Path) -> None:
    text = Path(AWAL).read_text(encoding="utf-8")
    document = tmp_path / "ganda.yaml"
    document.write_text(text + "tahun: 2021\n", encoding="utf-8")
    first = next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith("tahun:"))
    last = len(text.splitlines()) + 1
    kinerja.refused("create", str(document), match=f"kunci 'tahun' ditulis dua kali (baris {first} dan {last})")
    data = yaml.safe_load(text)
    as_json = tmp_path / "ganda.json"
    as_json.write_text(json.dumps(data)[:-1] + ', "tahun": 2021}', encoding="utf-8")
    refused(kinerja, "import", str(as_json), match="ganda.json: kunci 'tahun' ditulis dua kali")


def test_a_document_larger_than_1_mb_is_not_read(kinerja: Kinerja, tmp_path: Path) -> None:
    document = tmp_path / "besar.yaml"
    document.write_text(Path(AWAL).read_text(encoding="utf-8") + "#" * (1024 * 1024) + "\n", encoding="utf-8")
    kinerja.refused("create", str(document), match="berkas lebih dari 1 MB")
    zero = tmp_path / "nol.yaml"
    zero.symlink_to("/dev/zero")
    kinerja.refused("create", str(zero), match="bukan berkas biasa")


@pytest.mark.parametrize(
    ("poison", "match"),
    [
        ({"batas_bawah": 200, "batas_atas": 10},
         "sasaran[0].indikator[0]: batas_bawah (200) lebih besar dari batas_atas (10)"),
        ({"target": "90-80"}, "sasaran[0].indikator[0].target: rentang target 90-80 terbalik"),
    ],
)
def test_a_poisoned_document_is_refused_by_every_command_that_reads_one(
    active: Kinerja, tmp_path: Path, poison: dict[str, object], match: str
) -> None:
    """Such a document was stored, and then every read command failed with a traceback."""
    data = yaml.safe_load(Path(PERUBAHAN).read_text(encoding="utf-8"))
    data["sasaran"][0]["indikator"][0].update(poison)
    poisoned = tmp_path / "racun.yaml"
    poisoned.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    for command in CHANGED_BY_DOCUMENT:
        before = active.events()
        run = active(*with_document(command, poisoned))
        assert run.code == 1 and "Traceback" not in run.stderr, run
        assert match in run.stderr
        assert active.events() == before


@pytest.mark.parametrize(
    "args",
    [
        ("realise", CODE, "S1.1", "3", HUGE),
        ("realise", CODE, "S1.1", "3", "--pembilang", "1", "--penyebut", "0," + "1" * 500),
        ("realise-budget", CODE, "P01", "3", HUGE),
        ("correct", CODE, "3", HUGE, "--program", "P01", "--alasan", "x"),
        ("budget", CODE, "P01", HUGE, "--alasan", "x"),
        ("target", CODE, "S1.1", "5", "--alasan", "x", "--triwulan", f"1={HUGE}"),
    ],
)
def test_a_number_beyond_the_digit_limits_is_a_usage_error(active: Kinerja, args: tuple[str, ...]) -> None:
    run = active.usage_error(*args, match="paling banyak")
    assert HUGE not in run.stderr  # the value is quoted shortened, not repeated whole
    assert "Traceback" not in run.stderr


def test_a_target_beyond_the_digit_limits_is_refused_by_the_document_model(kinerja: Kinerja) -> None:
    kinerja.ok("create", AWAL, "--tanggal", "2020-01-02")
    run = kinerja.refused("target", CODE, "S1.1", "1" + "0" * 30, "--alasan", "x", match="angka terlalu besar")
    assert "Target indikator S1.1 tidak valid" in run.stderr


def test_schema_shows_the_bounds(kinerja: Kinerja) -> None:
    schema = json.loads(kinerja.ok("schema"))
    indicator = schema["$defs"]["Indicator"]["properties"]
    assert indicator["satuan"]["maxLength"] == 100
    assert indicator["batas_atas"]["anyOf"][0]["minimum"] == 0
    assert "15 digit" in indicator["batas_atas"]["anyOf"][0]["description"]
    assert schema["$defs"]["Party"]["properties"]["nip"]["anyOf"][0]["maxLength"] == 40
    assert schema["$defs"]["Programme"]["properties"]["sumber_dana"]["anyOf"][0]["maxLength"] == 200
