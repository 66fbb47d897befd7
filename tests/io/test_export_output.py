"""Exports never write to the database, never overwrite a file without --force (--timpa), never
follow a symbolic link, and leave either the complete file or nothing; every refusal is one line."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from datetime import date
from pathlib import Path
from typing import IO

import pytest

from domain import commands as c
from domain.errors import DomainError
from kinerja_flow.application import KinerjaApp
from kinerja_flow.documents import load_document
from kinerja_flow.export import output, writer
from kinerja_flow.export.model import Column, Export, Table
from kinerja_flow.settings import Settings
from tests.cli.test_write_commands import AWAL, Kinerja


@pytest.fixture
def kinerja(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Kinerja:
    """An SQLite database `k.db` in the working folder (named as users type it), holding one PK."""
    monkeypatch.chdir(tmp_path)
    app = KinerjaApp(Settings(db=str(tmp_path / "k.db"), actor="perencana"))
    try:
        app.handle(c.CreateAgreement(document=load_document(AWAL), effective=date(2020, 1, 2)))
    finally:
        app.close()
    return Kinerja("k.db")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def refused(kinerja: Kinerja, *args: str, match: str) -> None:
    """One line on stderr naming the problem, exit code 1, nothing on stdout."""
    run = kinerja(*args)
    assert run.code == 1, (run.stdout, run.stderr)
    assert run.stdout == ""
    assert run.stderr.startswith("Error: ") and run.stderr.count("\n") == 1, run.stderr
    assert "Traceback" not in run.stderr
    assert match in run.stderr, run.stderr


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize("output_path", [
    "k.db", "./k.db", "sub/../k.db", "k.db-wal", "k.db-shm", "k.db-journal", "via-link/k.db",
    "symlink-to-db.csv", "hard-link-to-db.csv",
])
def test_the_database_is_never_an_output(kinerja: Kinerja, tmp_path: Path, output_path: str) -> None:
    """The issue's `export audit -o k.db` destroyed the event log; any path to it is refused, even
    with --force: the file itself, its companions, a symlink, a hard link, a symlinked folder."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "via-link").symlink_to(tmp_path)
    (tmp_path / "symlink-to-db.csv").symlink_to(tmp_path / "k.db")
    os.link(tmp_path / "k.db", tmp_path / "hard-link-to-db.csv")
    before, events = digest(tmp_path / "k.db"), kinerja.events()

    refused(kinerja, "export", "audit", "-o", output_path, "--format", "csv", "--force",
            match="ini berkas basis data")

    assert digest(tmp_path / "k.db") == before
    assert kinerja.events() == events
    assert kinerja.ok("audit", "--json").count("\"Drafted\"") == 1
    assert leftovers(tmp_path) == []


def test_the_database_files_of_a_setting() -> None:
    database = Path("~/data/k.db").expanduser()
    assert output.protected_files("~/data/k.db") == (
        database, database.with_name("k.db-wal"), database.with_name("k.db-shm"),
        database.with_name("k.db-journal"))
    assert output.protected_files("postgresql://kinerja@localhost/kinerja") == ()  # no file to protect


def test_an_existing_file_is_replaced_only_with_force(kinerja: Kinerja, tmp_path: Path) -> None:
    target = tmp_path / "audit.csv"
    target.write_text("laporan lama", encoding="utf-8")
    target.chmod(0o600)

    refused(kinerja, "export", "audit", "-o", "audit.csv", match="audit.csv: berkas sudah ada; pakai --force")
    # the file is refused before anything is computed: no "PK not found" for a wrong code
    refused(kinerja, "export", "quarterly", "--pk", "TIDAK-ADA", "-o", "audit.csv", match="sudah ada")
    assert target.read_text(encoding="utf-8") == "laporan lama"

    for flag in ("--force", "--timpa"):
        out = kinerja.ok("export", "audit", "-o", "audit.csv", flag)
        assert out == "Diekspor ke audit.csv (CSV, 1 baris).\n"
        assert target.read_text(encoding="utf-8-sig").startswith("JEJAK AUDIT")
        assert stat.S_IMODE(target.stat().st_mode) == 0o600  # a replaced file keeps its permissions
    assert leftovers(tmp_path) == []


def test_a_new_file_gets_the_usual_permissions(kinerja: Kinerja, tmp_path: Path) -> None:
    umask = os.umask(0o022)
    os.umask(umask)
    kinerja.ok("export", "audit", "-o", "baru.xlsx")
    assert stat.S_IMODE((tmp_path / "baru.xlsx").stat().st_mode) == 0o666 & ~umask


@pytest.mark.parametrize("points_to", ["penting.txt", "hilang.txt"])
def test_a_symlink_is_never_followed(kinerja: Kinerja, tmp_path: Path, points_to: str) -> None:
    victim = tmp_path / "penting.txt"
    victim.write_text("jangan ditimpa", encoding="utf-8")
    link = tmp_path / "audit.csv"
    link.symlink_to(tmp_path / points_to)

    for force in ([], ["--force"], ["--timpa"]):
        refused(kinerja, "export", "audit", "-o", "audit.csv", *force, match="audit.csv: ini tautan simbolik")

    assert victim.read_text(encoding="utf-8") == "jangan ditimpa"
    assert link.is_symlink() and not (tmp_path / "hilang.txt").exists()
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("output_path, match", [
    ("tidak-ada/audit.csv", "tidak-ada/audit.csv: folder tidak-ada tidak ada."),
    ("k.db/audit.csv", "k.db/audit.csv: k.db bukan folder."),
    (".", ".: ini sebuah folder"),
    ("sub", "sub: ini sebuah folder"),
    ("/dev/full", "/dev/full: bukan berkas biasa"),
    ("/dev/null", "/dev/null: bukan berkas biasa"),
])
def test_bad_destinations_are_one_line_naming_the_path(kinerja: Kinerja, tmp_path: Path, output_path: str,
                                                        match: str) -> None:
    if output_path.startswith("/dev/") and not os.path.exists(output_path):
        pytest.skip(f"{output_path} does not exist here")
    (tmp_path / "sub").mkdir()
    for force in ([], ["--force"]):
        refused(kinerja, "export", "audit", "-o", output_path, "--format", "csv", *force, match=match)
    assert leftovers(tmp_path) == [] and leftovers(tmp_path / "sub") == []


def test_a_folder_without_write_permission_is_one_line(kinerja: Kinerja, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder the user may not write to. Root writes through a read-only folder, so under root
    (CI's containers) the refusal the kernel would give everyone else is given at the file's
    creation instead."""
    locked = tmp_path / "terkunci"
    locked.mkdir()
    if os.geteuid() == 0:
        def refused_by_kernel(path: Path) -> tuple[Path, int]:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        monkeypatch.setattr(output, "_create_temporary", refused_by_kernel)
    locked.chmod(0o500)
    try:
        refused(kinerja, "export", "audit", "-o", "terkunci/audit.csv", match="tidak ada izin menulis")
    finally:
        locked.chmod(0o700)
    assert leftovers(locked) == []


def _table() -> Export:
    return Export([Table("Uji", [Column("Teks")], [["isi"]])], {"isi": 1})


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    """Disk full halfway: one line naming the file; the old file untouched; nothing else left."""
    target = tmp_path / "laporan.xlsx"
    target.write_bytes(b"versi lama")

    def disk_full(file: IO[bytes]) -> None:
        file.write(b"PK\x03\x04 setengah")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(DomainError, match=r"laporan.xlsx: tidak dapat ditulis \(ruang disk penuh\)\."):
        output.write_atomically(target, disk_full, force=True)
    assert target.read_bytes() == b"versi lama"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["laporan.xlsx"]

    fresh = tmp_path / "baru.xlsx"
    with pytest.raises(DomainError, match="ruang disk penuh"):
        output.write_atomically(fresh, disk_full)
    assert not fresh.exists() and leftovers(tmp_path) == []


@pytest.mark.parametrize("interruption", [RuntimeError("rusak"), KeyboardInterrupt()])
def test_an_interrupted_xlsx_leaves_no_half_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 interruption: BaseException) -> None:
    """Any failure while the workbook is saved (a bug, Ctrl-C) removes the temporary file."""
    from openpyxl import Workbook

    target = tmp_path / "laporan.xlsx"
    target.write_bytes(b"versi lama")
    saved = Workbook.save

    def save_then_fail(self: Workbook, file: IO[bytes]) -> None:
        saved(self, file)
        raise interruption

    monkeypatch.setattr(Workbook, "save", save_then_fail)
    with pytest.raises(type(interruption)):
        writer.write(_table(), target, "xlsx", force=True)
    assert target.read_bytes() == b"versi lama"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["laporan.xlsx"]


def test_the_file_is_complete_before_it_is_renamed_into_place(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Written beside the target (same file system) under a hidden temporary name, then os.replace."""
    target = tmp_path / "laporan.csv"
    moves: list[tuple[Path, Path, bytes, bool]] = []
    replace = os.replace

    def spy(source: str | Path, destination: str | Path) -> None:
        moves.append((Path(source), Path(destination), Path(source).read_bytes(), Path(destination).exists()))
        replace(source, destination)

    monkeypatch.setattr(os, "replace", spy)
    writer.write(_table(), target, "csv")

    [(source, destination, content, existed)] = moves
    assert destination == target and source.parent == target.parent and not existed
    assert source.name.startswith(".laporan.csv.") and source.name.endswith(".tmp")
    assert content == target.read_bytes() == "Teks\r\nisi\r\n".encode("utf-8-sig")
    assert not source.exists()


def test_a_file_that_appears_while_writing_is_not_overwritten(tmp_path: Path) -> None:
    target = tmp_path / "laporan.csv"

    def meanwhile(file: IO[bytes]) -> None:
        file.write(b"baru")
        target.write_bytes(b"milik orang lain")

    with pytest.raises(DomainError, match="berkas sudah ada"):
        output.write_atomically(target, meanwhile)
    assert target.read_bytes() == b"milik orang lain" and leftovers(tmp_path) == []
