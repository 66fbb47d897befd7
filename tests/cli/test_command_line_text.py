"""Text from the command line that the CLI cannot store or show as given: bytes that are not
UTF-8, and line breaks in what a refusal quotes. Each is one line on stderr, never a traceback,
and nothing is written (issue 12, found by tests/cli/test_malformed_input.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer.main
import yaml

from cli.main import app
from cli.text_arguments import KinerjaCommand, undecodable
from tests.cli.test_write_commands import AWAL, CODE, Kinerja, active, kinerja  # noqa: F401

NOT_UTF8 = "Perubahan APBD \udce9"  # "é" typed in a Latin-1 terminal: the byte 0xE9


def one_line(run, code: int) -> str:  # noqa: ANN001 - a Run
    assert run.code == code, (run.stdout, run.stderr)
    assert run.stdout == "" and "Traceback" not in run.stderr
    assert run.stderr.startswith("Error: ") and run.stderr.count("\n") == 1, run.stderr
    return run.stderr


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("close-quarter", CODE, "1", "--alasan", NOT_UTF8), "--alasan/--reason"),
        (("sign", CODE, "--pihak", "pertama", "--tempat", NOT_UTF8), "--tempat/--place"),
        (("amend", CODE, "--jenis", "perubahan-program", "--dasar", NOT_UTF8, "--alasan", "x"),
         "--dasar/--basis"),
        (("realise", NOT_UTF8, "S1.1", "3", "1"), "kode PK"),
        (("realise", CODE, "S1.1", "3", "1", "--catatan", NOT_UTF8), "--catatan/--note"),
        (("return", CODE, "--temuan", "ada", "--temuan", NOT_UTF8), "--temuan/--finding"),
        (("--as", NOT_UTF8, "cancel", CODE, "--alasan", "x"), "--as"),
        (("show", NOT_UTF8, "--json"), "kode PK"),
        (("export", "realisations", "--pk", NOT_UTF8, "-o", "x.csv"), "--pk"),
    ],
)
def test_text_that_is_not_utf8_is_a_usage_error_naming_the_option(
    active: Kinerja, args: tuple[str, ...], option: str  # noqa: F811
) -> None:
    """Python reads such bytes as lone surrogates; stored, looked up or written they raised
    UnicodeEncodeError (a traceback; for a reason, after the command had been checked)."""
    before = active.events()
    stderr = one_line(active(*args), 2)
    assert f"nilai {option} tidak valid" in stderr
    assert "bukan teks UTF-8 (byte 0xE9 pada karakter ke-16)" in stderr
    assert active.events() == before


def test_the_actor_from_the_environment_is_checked_too(active: Kinerja) -> None:  # noqa: F811
    before = active.events()
    stderr = one_line(active("cancel", CODE, "--alasan", "x", actor=NOT_UTF8), 2)
    assert "KINERJA_ACTOR" in stderr and "bukan teks UTF-8" in stderr
    assert active.events() == before


def test_a_file_name_that_is_not_utf8_still_names_a_file(kinerja: Kinerja, tmp_path: Path) -> None:  # noqa: F811
    """Paths are not text: a file name in another encoding is opened as the system names it."""
    document = tmp_path / "pk-\udce9.yaml"
    document.write_bytes(Path(AWAL).read_bytes())
    assert kinerja.ok("create", str(document), "--tanggal", "2020-01-02").startswith(f"PK {CODE} (2020) dibuat")


def test_every_command_checks_its_text() -> None:
    """Every command of `kinerja` is a `KinerjaCommand` (a new one registered without it would
    let such bytes through again)."""
    def commands(group, path=()):  # noqa: ANN001, ANN202
        for name, command in group.commands.items():
            if hasattr(command, "commands"):
                yield from commands(command, (*path, name))
            else:
                yield (*path, name), command

    found = dict(commands(typer.main.get_command(app)))
    assert len(found) > 25
    assert [name for name, command in found.items() if not isinstance(command, KinerjaCommand)] == []


def test_what_is_utf8_text() -> None:
    assert undecodable("Singaraja, Bulélèng \u202e") is None
    assert undecodable("a\udcff") == ("bukan teks UTF-8 (byte 0xFF pada karakter ke-2); periksa pengaturan "
                                      "bahasa (locale) terminal, lalu ketik ulang.")
    assert "U+D800" in undecodable("\ud800")


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (("realise", CODE, "S1\nX", "3", "1"), "Indikator S1\\nX tidak ada"),
        (("realise-budget", CODE, "P\r\n1", "3", "1"), "Program P\\x0d\\n1 tidak ada"),
        (("correct", CODE, "3", "1", "--indikator", "\n", "--alasan", "x"), "Belum ada realisasi indikator \\n"),
        (("create", "baris\nbaru.yaml"), "baris\\nbaru.yaml: berkas tidak ditemukan"),
    ],
)
def test_a_refusal_quoting_a_line_break_stays_one_line(
    active: Kinerja, args: tuple[str, ...], shown: str  # noqa: F811
) -> None:
    """A refusal is one line: a line break in the code or file name it quotes is shown as `\\n`,
    as other control characters are (`\\x0d`)."""
    assert shown in one_line(active(*args), 1)


def test_an_invalid_document_keeps_its_one_line_per_field(kinerja: Kinerja, tmp_path: Path) -> None:  # noqa: F811
    """A refusal that lists problems (summary, then one indented line per field) keeps its
    lines; a field name with a line break in it stays within its line."""
    data = yaml.safe_load(Path(AWAL).read_text(encoding="utf-8"))
    data["sasaran"][0]["kolom\nasing"] = 1
    data["tahun"] = 1999
    document = tmp_path / "dua\nbaris.json"
    document.write_text(json.dumps(data), encoding="utf-8")
    for args in (("create", str(document)), ("import", str(document))):
        run = kinerja(*args)
        assert run.code == 1 and "Traceback" not in run.stderr, run.stderr
        first, *details = run.stderr.rstrip("\n").split("\n")
        assert first.startswith("Error: ") and "(2 kesalahan)" in run.stderr
        assert all(line.startswith("  ") for line in details), run.stderr
        assert "  sasaran[0].kolom\\nasing: bagian ini tidak dikenal (periksa ejaan nama kolom/kunci; lihat `kinerja schema`)" in details
        assert "dua\\nbaris.json" in run.stderr
    assert kinerja.events() == 0


def test_usage_errors_of_the_whole_cli_are_one_line(kinerja: Kinerja) -> None:  # noqa: F811
    for args, shown in (
        (("realise", CODE, "S1.1", "13x", "1"), "nilai bulan tidak valid: '13x' bukan bilangan bulat; "
                                                "lihat `kinerja realise --help`."),
        (("sign", CODE), "opsi --pihak/--party wajib diisi; lihat `kinerja sign --help`."),
        (("realise", CODE, "S1.1", "3", "1", "2"), "argumen berlebih: 2; lihat `kinerja realise --help`."),
        (("--as", " ", "list"), "nilai --as tidak valid: nama pelaku tidak boleh kosong; lihat `kinerja --help`."),
    ):
        assert one_line(kinerja(*args), 2) == f"Error: {shown}\n"
    assert not Path(kinerja.db).exists()  # a usage error opens (and creates) no database
