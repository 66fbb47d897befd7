"""The one path of every write: each command has its handler, and `handle` records one act."""

from __future__ import annotations

import inspect
from dataclasses import is_dataclass
from datetime import date
from decimal import Decimal

from domain import commands as c
from domain.document import AgreementDocument
from kinerja_flow.application import KinerjaApp
from kinerja_flow.handlers import HANDLERS
from projections.runner import Runner

CODE = "DINSOS-BLL-2020-KADIS"
BASES = (c.Command, c.OnAgreement, c.Dated)


def test_every_command_has_its_handler() -> None:
    commands = {cls for _, cls in inspect.getmembers(c, inspect.isclass)
                if issubclass(cls, c.Command) and cls not in BASES}
    assert commands and all(is_dataclass(cls) for cls in commands)
    assert commands == set(HANDLERS), commands ^ set(HANDLERS)


def test_handle_returns_what_it_recorded(app: KinerjaApp, pk_awal: AgreementDocument) -> None:
    recorded = app.handle(c.CreateAgreement(document=pk_awal, effective=date(2020, 1, 2)))
    assert [type(e).__name__ for e in recorded.events] == ["SlotOpened", "Drafted"]
    signed = app.handle(c.Sign(code=CODE, party="pertama", effective=date(2020, 1, 2)),
                        c.Sign(code=CODE, party="kedua", effective=date(2020, 1, 2)))
    assert [type(e).__name__ for e in signed.events] == ["Signed", "Signed", "VersionInForce"]
    assert signed.state(CODE).in_force() is not None  # no reload needed to confirm
    assert signed.state(CODE) == app.state(CODE)


def test_a_dry_run_checks_everything_and_records_nothing(app: KinerjaApp,
                                                         pk_awal: AgreementDocument) -> None:
    app.handle(c.CreateAgreement(document=pk_awal, effective=date(2020, 1, 2)))
    head = app.recorder.max_notification_id()
    recorded = app.handle(c.Sign(code=CODE, party="pertama", effective=date(2020, 1, 2)),
                          dry_run=True)
    assert [type(e).__name__ for e in recorded.events] == ["Signed"]
    assert app.recorder.max_notification_id() == head


def test_catch_up_after_one_command_reads_that_command_only(
        app: KinerjaApp, runner: Runner, pk_awal: AgreementDocument) -> None:
    """The read side keeps each agreement's state with its rows: the catch-up after a command
    decodes that command's events, never the agreement's whole log again."""
    app.handle(c.CreateAgreement(document=pk_awal, effective=date(2020, 1, 2)))
    app.handle(c.Sign(code=CODE, party="pertama", effective=date(2020, 1, 2)),
               c.Sign(code=CODE, party="kedua", effective=date(2020, 1, 2)))
    for month in range(1, 13):
        app.handle(c.RecordBudgetRealisation(code=CODE, programme="P01", month=month,
                                             amount=Decimal(1000)))
    runner.catch_up()
    assert app.state(CODE).version > 15
    fresh = Runner(runner.store)  # a new process: nothing in memory
    app.handle(c.RecordRealisation(code=CODE, indicator="S1.1", month=3, value=Decimal(1)))
    assert fresh.catch_up() == 1
    assert fresh.events_read == 1
