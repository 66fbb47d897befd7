"""Rebuild equals incremental catch-up (property test), status and lag, and batch atomicity."""

from __future__ import annotations

import sqlite3
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.document import AgreementDocument
from domain.errors import DomainError
from kinerja_flow.application import KinerjaApp
from kinerja_flow import readmodels
from kinerja_flow.readmodels import ReadModels, open_store
from kinerja_flow.settings import Settings
from projections import catalog
from projections.catalog import PROJECTIONS
from projections.store import ViewStore

TODAY = date(2021, 12, 31)


def _document(code: str, position: str) -> AgreementDocument:
    return AgreementDocument.model_validate({
        "kode": code, "tahun": 2021, "instansi": "Dinas Uji", "jenjang": "eselon-3",
        "pihak_pertama": {"nama": f"Pejabat {code}", "jabatan": position},
        "pihak_kedua": {"nama": "Atasan", "jabatan": "Kepala Dinas"},
        "sasaran": [{"kode": "S1", "uraian": "Sasaran", "indikator": [
            {"kode": "S1.1", "uraian": "Indikator satu", "target": "10",
             "target_triwulan": {1: 2, 2: 3, 3: 2, 4: 3}},
            {"kode": "S1.2", "uraian": "Indikator dua", "target": "5", "arah": "turun",
             "penghitungan": "akhir"}]}],
        "program": [{"kode": "P1", "uraian": "Program", "anggaran": 1000, "sasaran": ["S1"],
                     "indikator": ["S1.1"], "anggaran_triwulan": {1: 250, 2: 250, 3: 250, 4: 250}}],
    })


CODES = ("UJI-A", "UJI-B", "UJI-C")
amount = st.integers(min_value=0, max_value=500).map(Decimal)
commands = st.one_of(
    st.tuples(st.just("sign"), st.sampled_from(CODES), st.sampled_from(["pertama", "kedua"])),
    st.tuples(st.just("target"), st.sampled_from(CODES), st.sampled_from(["S1.1", "S1.2"]), amount),
    st.tuples(st.just("amend"), st.sampled_from(CODES)),
    st.tuples(st.just("realise"), st.sampled_from(CODES), st.sampled_from(["S1.1", "S1.2"]),
              st.integers(1, 12), amount),
    st.tuples(st.just("spend"), st.sampled_from(CODES), st.integers(1, 12), amount),
    st.tuples(st.just("correct"), st.sampled_from(CODES), st.integers(1, 12), amount),
    st.tuples(st.just("close"), st.sampled_from(CODES), st.integers(1, 4)),
    st.tuples(st.just("submit"), st.sampled_from(CODES)),
)


def _run(app: KinerjaApp, command: tuple[Any, ...]) -> None:
    name, code, *args = command
    day = date(2021, 3, 1)
    match name:
        case "sign":
            app.sign(code, args[0], None, day)
        case "target":
            app.edit(code, "change_target", day, indicator=args[0], target=args[1], reason="uji")
        case "amend":
            app.open_amendment(code, "perubahan-prioritas", "Dasar uji", "uji", day)
        case "realise":
            app.record_realisation(code, args[0], args[1], args[2])
        case "spend":
            app.record_budget_realisation(code, "P1", args[0], args[1])
        case "correct":
            app.correct_realisation(code, "anggaran", "P1", args[0], "uji", value=args[1])
        case "close":
            app.close_quarter(code, args[0], "evaluasi")
        case "submit":
            app.submit_for_review(code, "LKjIP selesai disusun")


def dump(store: ViewStore) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every read-model table, in a canonical order."""
    tables = [t for p in PROJECTIONS.values() for t in p.tables]
    return {t: sorted(tuple(map(str, r.values())) for r in store.query(f"SELECT * FROM {t}"))
            for t in tables}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(commands, min_size=1, max_size=30), st.integers(min_value=1, max_value=7))
def test_rebuild_gives_the_rows_of_incremental_catch_up(script: list[tuple[Any, ...]], batch: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = KinerjaApp(Settings(db=str(Path(folder) / "k.db"), actor="uji"), clock=lambda: TODAY)
        incremental = ReadModels(app, open_store(app), batch_size=batch, cache_size=1)
        try:
            for index, code in enumerate(CODES):
                app.create(_document(code, f"Jabatan {index}"), effective=date(2021, 1, 4))
            incremental.catch_up()
            for command in script:
                try:
                    _run(app, command)
                except DomainError:
                    continue  # refused by a rule: nothing recorded
                incremental.catch_up()
            expected = dump(incremental.store)
            assert sum(len(rows) for rows in expected.values()) > 0
            rebuilt = ReadModels(app, open_store(app))
            rebuilt.rebuild()
            assert dump(rebuilt.store) == expected
            rebuilt.store.close()
        finally:
            incremental.store.close()
            app.close()


def test_status_shows_zero_lag_after_catch_up(app: KinerjaApp, read_models: ReadModels,
                                              pk_awal: AgreementDocument) -> None:
    assert {s.state for s in read_models.status()} == {"belum dibangun"}
    app.create(pk_awal, effective=date(2020, 1, 2))
    read_models.catch_up()
    head = read_models.head()
    assert head > 0
    assert all((s.position, s.lag, s.state) == (head, 0, "terkini") for s in read_models.status())
    app.sign(pk_awal.kode, "pertama", None, date(2020, 1, 2))
    assert {s.lag for s in read_models.status()} == {read_models.head() - head}
    assert read_models.catch_up(["audit"]) == 1
    lags = {s.name: s.lag for s in read_models.status()}
    assert lags["audit"] == 0 and lags["agreements"] > 0


def test_a_failed_batch_writes_nothing(app: KinerjaApp, read_models: ReadModels,
                                       pk_awal: AgreementDocument, monkeypatch: pytest.MonkeyPatch) -> None:
    """A storage failure stops the batch whole (one agreement's own failure does not: see
    tests/cli/test_unavailable_agreement.py)."""
    app.create(pk_awal, effective=date(2020, 1, 2))
    read_models.catch_up()
    app.sign(pk_awal.kode, "pertama", None, date(2020, 1, 2))
    before = dump(read_models.store)

    def broken(state: Any) -> list[dict[str, Any]]:
        raise sqlite3.OperationalError("disk I/O error in the middle of a batch")

    monkeypatch.setitem(catalog.TREE.derived, "kf_tree", broken)
    with pytest.raises(sqlite3.OperationalError):
        read_models.catch_up()
    assert dump(read_models.store) == before
    assert {s.lag for s in read_models.status()} == {1}
    monkeypatch.undo()
    read_models.catch_up()
    assert {s.lag for s in read_models.status()} == {0}


def test_schema_version_change_rebuilds(app: KinerjaApp, read_models: ReadModels,
                                        pk_awal: AgreementDocument, monkeypatch: pytest.MonkeyPatch) -> None:
    app.create(pk_awal, effective=date(2020, 1, 2))
    read_models.catch_up()
    rows = dump(read_models.store)["kf_audit"]
    newer = catalog.Projection(**{**catalog.AUDIT.__dict__, "schema_version": 2})
    monkeypatch.setitem(PROJECTIONS, "audit", newer)
    assert read_models.catch_up(["audit"]) == 1  # replayed from the start
    assert dump(read_models.store)["kf_audit"] == rows
    assert read_models.store.positions()["audit"][1] == 2


def test_unknown_read_model_is_refused(read_models: ReadModels) -> None:
    with pytest.raises(DomainError, match="tidak dikenal"):
        read_models.rebuild(["nope"])


def test_a_batch_touches_at_most_max_agreements_and_gives_the_same_rows(
        app: KinerjaApp, monkeypatch: pytest.MonkeyPatch) -> None:
    """Events of many agreements interleaved: a batch ends before its (MAX_AGREEMENTS + 1)-th
    agreement, so the states it holds and the rows it derives stay bounded; rows are the same."""
    for index, code in enumerate(CODES):
        app.create(_document(code, f"Jabatan {index}"), effective=date(2021, 1, 4))
        for party in ("pertama", "kedua"):
            app.sign(code, party, None, date(2021, 1, 4))
    for month in (1, 2, 3):
        for code in CODES:  # interleaved: every batch meets all three agreements
            app.record_budget_realisation(code, "P1", month, Decimal(month * 10))
    expected = ReadModels(app, open_store(app))
    events = expected.catch_up()

    monkeypatch.setattr(readmodels, "MAX_AGREEMENTS", 2)
    capped = ReadModels(app, open_store(app), batch_size=100)
    sizes: list[int] = []
    batch = capped._batch

    def counted(*args: Any) -> tuple[int, int]:
        end, count = batch(*args)
        sizes.append(count)
        return end, count

    monkeypatch.setattr(capped, "_batch", counted)
    capped.rebuild()
    assert len(sizes) > 1 and sum(sizes) == events
    assert dump(capped.store) == dump(expected.store)
    capped.store.close()
    expected.store.close()
