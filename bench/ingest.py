"""Ingest: the engine's bulk path against raw `sqlite3.executemany` of the same rows.

The engine path plays each generated year through the aggregates' commands (`bench.lifecycle`)
and saves `batch` agreements (with their position slots) per `Application.save` — one
transaction each. The baseline inserts the very rows the engine stored (same ids, topics and JSON
bytes) into an empty table of the same schema with one `executemany` in one transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bench.generator import TODAY, AgreementYear, agreement_years
from bench.lifecycle import ACTOR, play_year
from bench.timing import median_seconds
from domain.events import Drafted
from kinerja_flow.application import KinerjaApp
from kinerja_flow.settings import Settings
from projections.bulk import fewer_collections

BATCH = 50  # agreements per transaction (~10.000 events)
_EVENTS_DDL = (
    "CREATE TABLE stored_events (originator_id TEXT, originator_version INTEGER, topic TEXT, "
    "state BLOB, PRIMARY KEY (originator_id, originator_version))"
)


def open_app(db: str) -> KinerjaApp:
    return KinerjaApp(Settings(db=db, actor=ACTOR), clock=lambda: TODAY)


def ingest(app: KinerjaApp, years: Iterable[AgreementYear], batch: int = BATCH) -> int:
    """Save every year through the aggregates, `batch` agreements per transaction; events saved.

    Like the importer, with the garbage collector's bulk thresholds (`projections.bulk`)."""
    pending: list[Any] = []
    saved = 0
    with fewer_collections():
        for year in years:
            agreement, slot = play_year(year)
            pending += [agreement, slot]
            saved += agreement.version + slot.version
            if len(pending) >= 2 * batch:
                app.save(*pending)
                pending = []
        if pending:
            app.save(*pending)
    return saved


def stored_agreements(db: Path) -> int:
    """How many agreements the database at `db` holds (0 when there is no such file)."""
    if not db.exists():
        return 0
    connection = sqlite3.connect(db)
    try:
        if not connection.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'stored_events'"
        ).fetchone()[0]:
            return 0  # an empty file, or one the engine never opened
        return connection.execute(
            "SELECT count(*) FROM stored_events WHERE topic = ?", (Drafted.TOPIC,)
        ).fetchone()[0]
    finally:
        connection.close()


def stored_rows(db: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT originator_id, originator_version, topic, state FROM stored_events ORDER BY rowid"
        ).fetchall()


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


def remove_database(path: Path) -> None:
    """Delete an SQLite file with its WAL and shared-memory files."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def measure_ingest(workdir: Path, agreements: int, runs: int) -> dict[str, float]:
    """Median events/s of the engine path and of the raw baseline on the same rows, and their ratio."""
    years = list(agreement_years(0, agreements))  # parsed input, outside the timing
    engine_db, raw_db = workdir / "ingest-engine.db", workdir / "ingest-raw.db"
    events = 0

    def engine_run() -> None:
        nonlocal events
        app = open_app(str(engine_db))
        try:
            events = ingest(app, years)
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
        "bytes": sum(len(r[3]) for r in rows),
        "engine_events_per_s": engine_rate,
        "raw_events_per_s": raw_rate,
        "ratio": engine_rate / raw_rate,
    }
