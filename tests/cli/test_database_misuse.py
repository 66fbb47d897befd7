"""Misuse of the database and the options, refused in one line (issue 12, items 8, 10 and 12).

A `--db` that names a folder or another kind of file, a read on a database that does not exist,
an empty `--as`, reopening a quarter never closed, and a damaged database file: each is one line
on stderr, never a traceback, and leaves every file as it was. A budget realisation above its
ceiling is recorded, with a warning. SQLite files: what is checked here is the file itself.
"""

from __future__ import annotations

import getpass
import hashlib
import json
from pathlib import Path

from kinerja_flow.settings import Settings
from kinerja_flow.storage import integrity_problems
from tests.cli.test_write_commands import (  # noqa: F401 - fixtures
    AWAL,
    CODE,
    Kinerja,
    Run,
)
from tests.cli.test_write_commands import (
    active as active,
)
from tests.cli.test_write_commands import (
    kinerja as kinerja,
)

READS = (
    ["list"], ["show", CODE], ["show", CODE, "--as-of", "2020-06-30"], ["history", CODE], ["audit"],
    ["summary", CODE], ["measure", "--tahun", "2020"], ["tree", "--tahun", "2020"],
    ["projections", "status"], ["projections", "rebuild"],
)
WRITES = (["create", AWAL], ["init"], ["init", "--periksa"], ["import", AWAL],
          ["realise", CODE, "S1.1", "3", "1"])


def _one_line(run: Run, code: int = 1) -> str:
    assert run.code == code, (run.stdout, run.stderr)
    assert run.stdout == ""
    assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr, run.stderr
    return run.stderr


def _tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else ""
            for p in sorted(folder.rglob("*"))}


# ----------------------------------------------------------------- item 8: not an SQLite file


def test_a_folder_or_another_file_as_database_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "catatan.txt").write_text("bukan basis data\n")
    csv = tmp_path / "realisasi.csv"
    csv.write_text("kode_pk,jenis,kode,bulan,nilai\nX,anggaran,P01,1,100\n")
    before = _tree(tmp_path)
    export = ["export", "audit", "-o", str(tmp_path / "keluar.csv")]
    for db, says in ((folder, "adalah folder"), (csv, "berkas jenis lain"),
                     (csv / "kinerja.db", f"{csv} bukan folder")):
        kinerja = Kinerja(str(db))
        for args in (*READS, *WRITES, export):
            stderr = _one_line(kinerja(*args))
            assert stderr.startswith("Error: bukan basis data SQLite: ") and says in stderr, (args, stderr)
    assert _tree(tmp_path) == before


# ----------------------------------------------------------------- item 10: misuse


def test_a_read_refuses_a_database_that_does_not_exist_and_creates_nothing(tmp_path: Path) -> None:
    db = tmp_path / "salah" / "ketik" / "kinerja.db"
    kinerja = Kinerja(str(db))
    for args in (*READS, ["export", "audit", "-o", str(tmp_path / "audit.csv")]):
        stderr = _one_line(kinerja(*args))
        assert stderr == (f"Error: basis data {db} tidak ada; buat dengan `kinerja init` atau "
                          "`kinerja demo` (atau periksa --db / KINERJA_DB).\n"), args
    assert list(tmp_path.iterdir()) == []
    assert kinerja("show", CODE, "--help").code == 0  # help needs no database

    assert kinerja.ok("init").startswith(f"Basis data: {db}")  # init and writes still create it
    assert "Belum ada PK" in kinerja.ok("list")


def test_an_empty_actor_is_a_usage_error(kinerja: Kinerja) -> None:
    for actor in ("", "   "):
        run = kinerja("--as", actor, "create", AWAL)
        assert run.code == 2 and "nama pelaku tidak boleh kosong" in run.stderr, run.stderr
        assert "Traceback" not in run.stderr
    assert not Path(kinerja.db).exists()  # refused before anything was opened
    # An empty KINERJA_ACTOR is unset, like every empty KINERJA_* variable: the login name.
    kinerja.ok("create", AWAL, actor="")
    assert [row["actor"] for row in json.loads(kinerja.ok("audit", "--json"))] == [getpass.getuser()]


def test_reopening_a_quarter_never_closed_is_refused(active: Kinerja) -> None:
    active.refused("reopen-quarter", CODE, "2", "--alasan", "data susulan", match="belum ditutup")
    active.ok("close-quarter", CODE, "2", "--alasan", "evaluasi TW II")
    assert "dibuka kembali" in active.ok("reopen-quarter", CODE, "2", "--alasan", "data susulan")
    active.refused("reopen-quarter", CODE, "2", "--alasan", "lagi", match="sudah dibuka kembali")


def _over(amount: str, share: str) -> str:
    return (f"Peringatan: realisasi anggaran P01 PK {CODE} kini berjumlah Rp {amount}, melebihi pagu "
            f"Rp 382.252.200 ({share} dari pagu); tetap dicatat, periksa kembali angkanya.")


def test_a_budget_realisation_above_the_ceiling_is_recorded_with_a_warning(active: Kinerja) -> None:
    before = active.events()
    assert active.ok("realise-budget", CODE, "P01", "1", "382.252.200")  # up to the ceiling: silent
    run = active("realise-budget", CODE, "P01", "2", "17.747.800")
    assert run.code == 0 and run.stdout == "Realisasi anggaran P01 bulan 2/2020 dicatat: Rp 17.747.800.\n"
    assert run.stderr == _over("400.000.000", "104,64%") + "\n"
    assert active.events() == before + 2  # recorded: it is a fact

    run = active("correct", CODE, "2", "24.000.000", "--program", "P01", "--alasan", "salah ketik")
    assert run.code == 0 and run.stderr == _over("406.252.200", "106,28%") + "\n"
    active.ok("correct", CODE, "2", "0", "--program", "P01", "--alasan", "belum ada SP2D")


def test_an_import_lists_each_row_that_brings_a_programme_above_its_ceiling(
    active: Kinerja, tmp_path: Path
) -> None:
    rows = tmp_path / "anggaran.csv"
    rows.write_text("kode_pk,jenis,kode,bulan,nilai\n"
                    f"{CODE},anggaran,P01,1,300000000\n"
                    f"{CODE},anggaran,P02,1,1000\n"
                    f"{CODE},anggaran,P01,2,100000000\n"
                    f"{CODE},anggaran,P01,3,1000\n", encoding="utf-8")
    expected = [_over("400.000.000", "104,64%"), _over("400.001.000", "104,64%")]
    for args in (["--dry-run"], []):
        run = active("import", str(rows), *args)
        assert run.code == 0, run.stderr
        lines = run.stderr.splitlines()
        assert [line.split(": ", 2)[1].split(", ")[:2] for line in lines] == \
            [["anggaran.csv", "baris 4"], ["anggaran.csv", "baris 5"]]
        assert [f"Peringatan: {line.split(': ', 2)[2]}" for line in lines] == expected


# ----------------------------------------------------------------- item 12: a damaged file


def _damage(db: Path) -> None:
    """Garbage over every page after the first (the schema page stays readable)."""
    data = bytearray(db.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page:] = bytes((n * 37 + 11) % 256 for n in range(len(data) - page))
    db.write_bytes(bytes(data))


def test_a_damaged_database_is_named_in_one_line_and_init_periksa_finds_it(active: Kinerja) -> None:
    db = Path(active.db)
    assert "Pemeriksaan integritas" in active.ok("init", "--periksa") and "baik" in active.ok("init", "--check")
    assert integrity_problems(Settings(db=str(db))) == []
    _damage(db)
    damaged = hashlib.sha256(db.read_bytes()).hexdigest()

    stderr = _one_line(active("init", "--periksa"))
    assert stderr.startswith(f"Error: basis data rusak: {db}: ") and "pulihkan dari cadangan" in stderr
    assert integrity_problems(Settings(db=str(db)))
    for args in (["list"], ["show", CODE], ["audit"], ["realise", CODE, "S1.1", "3", "1"], ["init"],
                 ["projections", "rebuild"]):
        stderr = _one_line(active(*args))
        assert stderr.startswith(f"Error: basis data {db} rusak (") and "pulihkan dari cadangan" in stderr, \
            (args, stderr)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == damaged


def test_a_real_process_answers_in_one_line(tmp_path: Path) -> None:
    """The same refusals from `python -m cli.main`: real streams and exit codes."""
    from tests.cli.test_subprocess import kinerja as run

    missing = run("list", db=tmp_path / "tidak-ada.db")
    assert (missing.returncode, missing.stdout) == (1, "")
    assert missing.stderr.startswith("Error: basis data ") and "tidak ada" in missing.stderr
    folder = run("create", AWAL, db=tmp_path)
    assert (folder.returncode, folder.stdout) == (1, "")
    assert folder.stderr == f"Error: bukan basis data SQLite: {tmp_path} adalah folder.\n"
    assert list(tmp_path.iterdir()) == []
