"""The read commands through the real `kinerja` app: tables, `--json`, freshness, errors."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import read_commands
from cli.errors import run_reporting_errors
from cli.main import app as cli_app
from domain.document import AgreementDocument
from kinerja_flow.application import KinerjaApp
from kinerja_flow.settings import Settings
from tests.conftest import TODAY
from tests.language import assert_in_users_words
from tests.projections.conftest import CODE, run_buleleng


@pytest.fixture
def database(tmp_path: Path, pk_awal: AgreementDocument, pk_perubahan: AgreementDocument) -> str:
    """An SQLite file with the Buleleng year, read models NOT yet caught up."""
    path = str(tmp_path / "kinerja.db")
    engine = KinerjaApp(Settings(db=path, actor="perencana"), clock=lambda: TODAY)
    run_buleleng(engine, pk_awal, pk_perubahan)
    engine.close()
    return path


@pytest.fixture(autouse=True)
def wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables as on a wide terminal, so no cell is cut."""
    monkeypatch.setattr(read_commands.console, "width", 240)


def kinerja(database: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli_app, ["--db", database, "--as", "auditor", *args],
                                catch_exceptions=False)
    err = result.stderr if result.stderr_bytes is not None else ""
    assert_in_users_words(args, result.stdout, err)
    return result.exit_code, result.stdout, err


def as_json(database: str, *args: str) -> object:
    code, out, _ = kinerja(database, *args, "--json")
    assert code == 0
    return json.loads(out)


def test_list_and_show(database: str) -> None:
    [row] = as_json(database, "list", "--tahun", "2020", "--status", "Berlaku")
    assert row["code"] == CODE and row["status"] == "ACTIVE" and row["version_in_force"] == 2
    assert as_json(database, "list", "--tahun", "2019") == []
    shown = as_json(database, "show", CODE)
    assert shown["version_shown"] == 2 and len(shown["programmes"]) == 15
    code, out, _ = kinerja(database, "show", CODE)
    assert code == 0 and "14 Oktober 2020" in out and "Berlaku" in out


def test_show_and_summary_as_of(database: str) -> None:
    before = as_json(database, "show", CODE, "--as-of", "2020-10-13")
    after = as_json(database, "show", CODE, "--as-of", "2020-10-15")
    assert (before["version_shown"], before["status"]) == (1, "AMENDING")
    assert (after["version_shown"], after["status"]) == (2, "ACTIVE")
    summary = as_json(database, "summary", CODE, "--as-of", "2020-10-13", "--triwulan", "1")
    assert summary["version"] == 1 and summary["as_of"] == "2020-10-13"


def test_summary_history_measure_tree(database: str) -> None:
    summary = as_json(database, "summary", CODE, "--triwulan", "1")
    p01 = next(p for p in summary["programmes"] if p["code"] == "P01")
    assert p01["quarters"][0]["absorption"] == "49.97"
    code, out, _ = kinerja(database, "summary", CODE)
    assert code == 0 and "49,97" in out and "257,62" in out and "61.072.200" in out
    code, out, _ = kinerja(database, "history", CODE)
    assert code == 0 and "PK awal" in out and "Versi 2" in out
    measure = as_json(database, "measure", "--tahun", "2020")
    assert measure["agreements"][0]["indicators"][0]["grade"] == "Sangat Berhasil"
    code, out, _ = kinerja(database, "measure", "--tahun", "2020")
    assert code == 0 and "Sangat Berhasil" in out
    code, out, _ = kinerja(database, "tree", "--tahun", "2020")
    assert code == 0 and CODE in out


def test_audit_filters(database: str) -> None:
    rows = as_json(database, "audit", CODE, "--kind", "VersionInForce")
    assert [r["effective"] for r in rows] == ["2020-01-02", "2020-10-14"]
    rows = as_json(database, "audit", "--since", "2020-10-14", "--until", "2020-10-14", "--actor", "perencana")
    assert {r["kind"] for r in rows} == {"Signed", "VersionInForce"}
    assert {r["label"] for r in rows} == {"Ditandatangani", "Versi berlaku"}


def test_the_audit_trail_names_event_kinds_in_indonesian_and_filters_by_them(
        database: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = kinerja(database, "audit", CODE, "--jenis", "versi berlaku")
    assert code == 0 and out.count("Versi berlaku") == 2 and "VersionInForce" not in out
    code, out, _ = kinerja(database, "audit", CODE)
    assert code == 0 and "Dibuat" in out and "PK Perubahan dibuka" in out and "Ditandatangani" in out
    assert not any(kind in out for kind in ("Drafted", "AmendmentOpened", "Signed", "BudgetChanged"))
    monkeypatch.setattr(sys, "argv", ["kinerja", "--db", database, "audit", "--jenis", "ditandatangan"])
    assert run_reporting_errors(cli_app) == 1
    out, err = capsys.readouterr()
    assert out == "" and "jenis peristiwa tidak dikenal: 'ditandatangan'" in err
    assert len(err.strip().splitlines()) == 1


def test_a_read_after_a_write_sees_it_and_status_has_no_lag(database: str) -> None:
    code, _, _ = kinerja(database, "submit", CODE, "--alasan", "LKjIP selesai")
    assert code == 0
    [row] = as_json(database, "list")
    assert row["status"] == "UNDER_REVIEW"
    statuses = as_json(database, "projections", "status")
    assert {(s["lag"], s["state"]) for s in statuses} == {(0, "terkini")}
    code, out, _ = kinerja(database, "projections", "rebuild", "audit")
    assert code == 0 and "Selesai" in out
    assert as_json(database, "audit", CODE, "--kind", "SubmittedForReview")[0]["actor"] == "auditor"


def test_errors_are_one_line(database: str, monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "argv", ["kinerja", "--db", database, "show", "TIDAK-ADA"])
    assert run_reporting_errors(cli_app) == 1
    err = capsys.readouterr().err.strip()
    assert "tidak ditemukan" in err and "\n" not in err and "Traceback" not in err
    monkeypatch.setattr(sys, "argv", ["kinerja", "--db", database, "projections", "rebuild", "nope"])
    assert run_reporting_errors(cli_app) == 1
    assert "tidak dikenal" in capsys.readouterr().err
