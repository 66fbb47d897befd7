"""Rebuild equals incremental catch-up (property test), status and lag, and batch atomicity."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain import commands as c
from domain.document import AgreementDocument
from domain.errors import DomainError
from kinerja_flow.application import KinerjaApp
from kinerja_flow.settings import Settings, open_views
from projections import audit
from projections import runner as runner_module
from projections.catalog import READ_MODELS
from projections.runner import Runner
from projections.store import ViewStore
from tests.conftest import BACKENDS, PostgresServer

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
            app.handle(c.Sign(code=code, party=args[0], place=None, effective=day))
        case "target":
            app.handle(c.ChangeTarget(code=code, effective=day, indicator=args[0], target=args[1], reason="uji"))
        case "amend":
            app.handle(c.OpenAmendment(code=code, ground="perubahan-prioritas", legal_basis="Dasar uji", reason="uji", effective=day))
        case "realise":
            app.handle(c.RecordRealisation(code=code, indicator=args[0], month=args[1], value=args[2]))
        case "spend":
            app.handle(c.RecordBudgetRealisation(code=code, programme="P1", month=args[0], amount=args[1]))
        case "correct":
            app.handle(c.CorrectRealisation(code=code, kind="anggaran", item="P1", month=args[0], reason="uji", value=args[1]))
        case "close":
            app.handle(c.CloseQuarter(code=code, quarter=args[0], reason="evaluasi"))
        case "submit":
            app.handle(c.SubmitForReview(code=code, reason="LKjIP selesai disusun"))


def dump(store: ViewStore) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every read-model table (and of the runner's states and failures), in a
    canonical order."""
    tables = [t.name for m in READ_MODELS.values() for t in m.tables]
    tables += [runner_module.STATES.name, runner_module.FAILURES.name]
    return {t: sorted(tuple(map(str, r.values())) for r in store.query(f"SELECT * FROM {t}"))
            for t in tables}


@contextmanager
def _database(backend: str, request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh database for one example (hypothesis runs many examples in one test call)."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield str(Path(folder) / "k.db")
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    with server.fresh_database() as url:
        yield url


@pytest.mark.parametrize("backend", BACKENDS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(commands, min_size=1, max_size=30), st.integers(min_value=1, max_value=7),
       st.sampled_from([1, 1, 2]))
def test_rebuild_gives_the_rows_of_incremental_catch_up(backend: str, request: pytest.FixtureRequest,
                                                        script: list[tuple[Any, ...]], batch: int,
                                                        workers: int) -> None:
    """On SQLite and on PostgreSQL: catch-up after every command, in batches of 1-7 events,
    gives the rows a rebuild gives (in one process or two)."""
    with _database(backend, request) as url:
        app = KinerjaApp(Settings(db=url, actor="uji"), clock=lambda: TODAY)
        incremental = Runner(open_views(app.settings), batch_size=batch, cache_size=1)
        try:
            for index, code in enumerate(CODES):
                app.handle(c.CreateAgreement(document=_document(code, f"Jabatan {index}"), effective=date(2021, 1, 4)))
            incremental.catch_up()
            for command in script:
                try:
                    _run(app, command)
                except DomainError:
                    continue  # refused by a rule: nothing recorded
                incremental.catch_up()
            expected = dump(incremental.store)
            assert sum(len(rows) for rows in expected.values()) > 0
            rebuilt = Runner(open_views(app.settings))
            rebuilt.rebuild(workers=workers, chunk=1)
            assert dump(rebuilt.store) == expected
            rebuilt.store.close()
        finally:
            incremental.store.close()
            app.close()


def test_status_shows_zero_lag_after_catch_up(app: KinerjaApp, runner: Runner,
                                              pk_awal: AgreementDocument) -> None:
    assert {s.state for s in runner.status()} == {"belum dibangun"}
    app.handle(c.CreateAgreement(document=pk_awal, effective=date(2020, 1, 2)))
    runner.catch_up()
    head = runner.head()
    assert head > 0
    assert all((s.position, s.lag, s.state) == (head, 0, "terkini") for s in runner.status())
    app.handle(c.Sign(code=pk_awal.kode, party="pertama", place=None, effective=date(2020, 1, 2)))
    assert {s.lag for s in runner.status()} == {runner.head() - head}
    assert runner.catch_up(["audit"]) == 1
    lags = {s.name: s.lag for s in runner.status()}
    assert lags["audit"] == 0 and lags["agreements"] > 0


def test_a_failed_batch_writes_nothing(app: KinerjaApp, runner: Runner,
                                       pk_awal: AgreementDocument, monkeypatch: pytest.MonkeyPatch) -> None:
    app.handle(c.CreateAgreement(document=pk_awal, effective=date(2020, 1, 2)))
    runner.catch_up()
    app.handle(c.Sign(code=pk_awal.kode, party="pertama", place=None, effective=date(2020, 1, 2)))
    before = dump(runner.store)
    insert = ViewStore.insert
    calls = []

    def broken(self: ViewStore, *args: Any) -> None:
        calls.append(args)
        if len(calls) == 3:
            raise RuntimeError("crash in the middle of writing a batch")
        insert(self, *args)

    monkeypatch.setattr(ViewStore, "insert", broken)
    with pytest.raises(RuntimeError):
        runner.catch_up()
    assert dump(runner.store) == before
    assert {s.lag for s in runner.status()} == {1}
    monkeypatch.undo()
    runner.catch_up()
    assert {s.lag for s in runner.status()} == {0}


def test_schema_version_change_rebuilds(app: KinerjaApp, runner: Runner,
                                        pk_awal: AgreementDocument, monkeypatch: pytest.MonkeyPatch) -> None:
    app.handle(c.CreateAgreement(document=pk_awal, effective=date(2020, 1, 2)))
    runner.catch_up()
    rows = dump(runner.store)["kf_audit"]
    newer = replace(audit.MODEL, version=audit.MODEL.version + 1)
    monkeypatch.setitem(READ_MODELS, "audit", newer)
    assert runner.catch_up(["audit"]) == 1  # replayed from the start
    assert dump(runner.store)["kf_audit"] == rows
    assert runner.store.positions()["audit"][1] == newer.version


def test_unknown_read_model_is_refused(runner: Runner) -> None:
    with pytest.raises(DomainError, match="tidak dikenal"):
        runner.rebuild(["nope"])


def test_a_batch_touches_at_most_max_agreements_and_gives_the_same_rows(
        app: KinerjaApp, monkeypatch: pytest.MonkeyPatch) -> None:
    """Events of many agreements interleaved: a batch ends before its (MAX_AGREEMENTS + 1)-th
    agreement, so the states it holds and the rows it derives stay bounded; rows are the same."""
    for index, code in enumerate(CODES):
        app.handle(c.CreateAgreement(document=_document(code, f"Jabatan {index}"), effective=date(2021, 1, 4)))
        for party in ("pertama", "kedua"):
            app.handle(c.Sign(code=code, party=party, place=None, effective=date(2021, 1, 4)))
    for month in (1, 2, 3):
        for code in CODES:  # interleaved: every batch meets all three agreements
            app.handle(c.RecordBudgetRealisation(code=code, programme="P1", month=month, amount=Decimal(month * 10)))
    expected = Runner(open_views(app.settings))
    events = expected.catch_up()

    monkeypatch.setattr(runner_module, "MAX_AGREEMENTS", 2)
    capped = Runner(open_views(app.settings), batch_size=100)
    sizes: list[int] = []
    batch = capped._batch

    def counted(*args: Any) -> tuple[int, int]:
        end, count = batch(*args)
        sizes.append(count)
        return end, count

    monkeypatch.setattr(capped, "_batch", counted)
    capped.store.execute("DELETE FROM kf_projections")  # every read model built anew, in batches
    capped.catch_up()
    assert len(sizes) > 1 and sum(sizes) == events
    assert dump(capped.store) == dump(expected.store)
    capped.store.close()
    expected.store.close()
