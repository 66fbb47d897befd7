"""Ingest: a year of agreements written through the engine's real path, against raw
`sqlite3.executemany` of the same rows.

The engine path sends the year's commands through `KinerjaApp.handle` as the acts of
`bench.lifecycle` — interleaved month by month across the agreements, `ACT_AGREEMENTS`
agreements per act, each act loading its agreements (from their latest snapshot), checking
every rule and saving in one transaction. The baseline inserts the very rows the engine stored
(same ids, topics and JSON bytes) into an empty table of the same schema with one `executemany`
in one transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bench.database import open_app, patiently, remove_database, stored_rows
from bench.generator import agreement_years
from bench.lifecycle import Act, Clock, acts
from bench.timing import median_seconds
from kinerja_flow.application import KinerjaApp
from projections.bulk import fewer_collections

_EVENTS_DDL = (
    "CREATE TABLE stored_events (originator_id TEXT, originator_version INTEGER, topic TEXT, "
    "state BLOB, PRIMARY KEY (originator_id, originator_version))"
)


def ingest(app: KinerjaApp, clock: Clock, plan: Iterable[Act],
           retries: list[str] | None = None) -> tuple[int, int]:
    """Run the acts through `app.handle`, each on its day; returns (events recorded, acts).
    Like the importer, with the garbage collector's bulk thresholds (`projections.bulk`). An act
    that meets a busy database is run again (`database.patiently`; noted in `retries`)."""
    events = count = 0
    with fewer_collections():
        for act in plan:
            clock.today = act.step.day
            events += len(patiently(lambda: app.handle(*act.commands), retries).events)
            count += 1
    return events, count


def raw_insert(db: Path, rows: list[tuple[Any, ...]]) -> None:
    """The physical baseline: one `executemany` of ready rows in one transaction (WAL, like the engine)."""
    connection = sqlite3.connect(db, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute(_EVENTS_DDL)
        connection.execute("BEGIN")
        connection.executemany("INSERT INTO stored_events VALUES (?, ?, ?, ?)", rows)
        connection.execute("COMMIT")
    finally:
        connection.close()


def measure_ingest(workdir: Path, agreements: int, runs: int) -> dict[str, float]:
    """Median events/s of the engine path and of the raw baseline on the same rows, and their ratio."""
    plan = list(acts(list(agreement_years(0, agreements))))  # parsed input, outside the timing
    engine_db, raw_db = workdir / "ingest-engine.db", workdir / "ingest-raw.db"
    events = 0

    def engine_run() -> None:
        nonlocal events
        clock = Clock()
        app = open_app(engine_db, clock)
        try:
            events, _ = ingest(app, clock, plan)
        finally:
            app.close()

    engine_seconds = median_seconds(engine_run, runs, setup=lambda: remove_database(engine_db))
    rows = stored_rows(engine_db)
    assert len(rows) == events, (len(rows), events)
    raw_seconds = median_seconds(lambda: raw_insert(raw_db, rows), runs, setup=lambda: remove_database(raw_db))
    for path in (engine_db, raw_db):
        remove_database(path)
    engine_rate, raw_rate = events / engine_seconds, events / raw_seconds
    return {
        "agreements": agreements,
        "events": events,
        "acts": len(plan),
        "bytes": sum(len(r[3]) for r in rows),
        "engine_events_per_s": engine_rate,
        "raw_events_per_s": raw_rate,
        "ratio": engine_rate / raw_rate,
    }
