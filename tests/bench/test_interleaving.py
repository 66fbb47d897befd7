"""The benchmark writes a year as a real log holds it: month by month across all agreements,
through `KinerjaApp.handle`, in acts that each run on their own day."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from bench.database import create_database, open_app, stored_rows
from bench.generator import agreement_year, agreement_years
from bench.ingest import ingest
from bench.lifecycle import STEPS, Clock, acts, commands, play_year
from bench.spool import Spool
from domain.events import BudgetRealisationRecorded, RealisationRecorded

REALISATIONS = (RealisationRecorded.TOPIC, BudgetRealisationRecorded.TOPIC)


def realisation_log(db: Path) -> list[tuple[str, int]]:
    """(agreement id, month) of every realisation event, in log order."""
    connection = sqlite3.connect(db)
    try:
        rows = connection.execute(
            "SELECT originator_id, state FROM stored_events WHERE topic IN (?, ?) ORDER BY rowid",
            REALISATIONS).fetchall()
    finally:
        connection.close()
    return [(originator, json.loads(state)["month"]) for originator, state in rows]


def test_the_calendar_runs_forward_and_every_month_has_its_step() -> None:
    days = [step.day for step in STEPS]
    assert days == sorted(days)
    assert [s.number for s in STEPS if s.kind == "month"] == list(range(1, 13))
    labels = [s.label for s in STEPS]
    # a quarter is closed after its last month, the amendment comes between TW III and October
    assert labels.index("close-3") < labels.index("amend") < labels.index("month-10")
    assert labels.index("month-12") < labels.index("close-4") < labels.index("submit")


def test_a_year_through_the_engine_is_written_month_by_month_across_agreements(tmp_path: Path) -> None:
    db = tmp_path / "year.db"
    create_database(db)
    years = list(agreement_years(0, 6))
    clock = Clock()
    app = open_app(db, clock)
    try:
        events, count = ingest(app, clock, acts(years, size=4))  # 2 acts per step
    finally:
        app.close()
    assert count > len(STEPS)
    assert events == len(stored_rows(db))
    logged = realisation_log(db)
    assert len(logged) == sum(len(y.realisations) for y in years)
    months = [month for _, month in logged]
    assert months == sorted(months)  # every agreement's January before anyone's February
    mine = [i for i, (originator, _) in enumerate(logged) if originator == logged[0][0]]
    assert mine != list(range(mine[0], mine[-1] + 1))  # one agreement's year is not contiguous


def test_the_spool_gives_the_acts_of_the_same_agreements_in_memory(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "spool", size=2)
    spool.write(3, 8)
    spooled = list(spool.acts())
    in_memory = list(acts(list(agreement_years(3, 8)), size=2))
    assert [(a.step, a.commands) for a in spooled] == [(a.step, a.commands) for a in in_memory]
    assert len({id(a.step) for a in spooled}) > 1 and not (tmp_path / "spool").exists()


def _untimed(state: bytes) -> dict[str, object]:
    data = json.loads(state)
    del data["timestamp"]  # when the event object was made, not what happened
    return data


def test_play_year_holds_the_events_the_engine_writes_for_the_same_year(tmp_path: Path) -> None:
    year = next(y for y in map(agreement_year, range(20)) if y.amendment is not None)
    agreement, slot = play_year(year)
    db = tmp_path / "one.db"
    clock = Clock()
    app = open_app(db, clock)
    try:
        ingest(app, clock, acts([year]))
        pending = [app.mapper.to_stored_event(e) for e in agreement.pending_events]
    finally:
        app.close()
    stored = [(topic, _untimed(state)) for originator, _, topic, state in stored_rows(db)
              if originator == agreement.id.hex]
    assert [(s.topic, _untimed(s.state)) for s in pending] == stored
    assert slot.version == 1 and agreement.state.status.name == "REVIEWED"
