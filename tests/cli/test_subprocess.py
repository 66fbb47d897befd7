"""A few real runs of `python -m cli.main` as a separate process: exit codes, streams, no traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]
AWAL = ROOT / "kinerja_flow" / "demo" / "pk-2020-awal.yaml"


def kinerja(*args: str | bytes, db: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "KINERJA_DB": str(db),
        "KINERJA_ACTOR": "perencana",
        "COLUMNS": "200",
    }
    return subprocess.run(
        [sys.executable, "-m", "cli.main", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False,
    )


def test_create_then_a_duplicate_is_refused_with_one_line(tmp_path: Path) -> None:
    db = tmp_path / "data" / "kinerja.db"  # parent folders are created
    created = kinerja("create", str(AWAL), "--tanggal", "2020-01-02", db=db)
    assert created.returncode == 0, created.stderr
    assert created.stdout.startswith("PK DINSOS-BLL-2020-KADIS (2020) dibuat sebagai draf versi 1")
    assert db.exists()

    duplicate = kinerja("create", str(AWAL), db=db)
    assert duplicate.returncode == 1
    assert duplicate.stdout == ""
    assert duplicate.stderr == "Error: Kode PK 'DINSOS-BLL-2020-KADIS' sudah dipakai.\n"


def test_a_bad_date_is_a_usage_error_without_traceback(tmp_path: Path) -> None:
    run = kinerja("sign", "DINSOS-BLL-2020-KADIS", "--pihak", "pertama", "--tanggal", "14/10/2020",
                  db=tmp_path / "kinerja.db")
    assert run.returncode == 2
    assert "bukan tanggal YYYY-MM-DD" in run.stderr
    assert "Traceback" not in run.stderr


def test_bytes_that_are_not_utf8_are_one_line_without_traceback(tmp_path: Path) -> None:
    """A reason typed in a Latin-1 terminal: the byte 0xE9 for "é" (it raised UnicodeEncodeError
    when the event was stored)."""
    db = tmp_path / "kinerja.db"
    assert kinerja("create", str(AWAL), "--tanggal", "2020-01-02", db=db).returncode == 0
    run = kinerja("cancel", "DINSOS-BLL-2020-KADIS", "--alasan", b"salah ketik \xe9", db=db)
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.startswith("Error: nilai --alasan/--reason tidak valid: bukan teks UTF-8 (byte "
                                 "0xE9 pada karakter ke-13); periksa pengaturan bahasa (locale) terminal")
    assert run.stderr.endswith(" cancel --help`.\n") and run.stderr.count("\n") == 1  # (python -m cli.main)
    assert kinerja("list", db=db).stdout.count("Draf") == 1  # not cancelled


def test_schema_is_json_on_stdout(tmp_path: Path) -> None:
    run = kinerja("schema", db=tmp_path / "kinerja.db")
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["title"] == "AgreementDocument"
