"""The benchmark's SQLite databases: opened, created, copied, counted and removed.

Everything the benchmark opens waits up to `LOCK_TIMEOUT` for a lock: its own phases write one
file side by side (an ingest and the catch-up beside it) on a busy two-core machine, where a
wait of many seconds is slow, never a reason to fail the run. A database is created whole
(event tables and read-model tables, as `kinerja init` does) by one process before two
processes open it at once: two processes creating the same new file race for its first lock.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from bench.lifecycle import ACTOR, Clock
from domain.events import Drafted
from kinerja_flow.application import KinerjaApp
from kinerja_flow.bootstrap import bootstrap
from kinerja_flow.errors import StorageBusy
from kinerja_flow.initialise import initialise
from kinerja_flow.settings import Settings, open_views
from kinerja_flow.storage import existing_tables, is_busy
from projections.runner import Runner

LOCK_TIMEOUT = 600  # seconds; also given to the benchmark's child processes (bench.timing)
PATIENCE = 20  # lock waits that ran out, in a row, before the benchmark gives up
T = TypeVar("T")


def settings(db: Path | str, **options: Any) -> Settings:
    return Settings(db=str(db), actor=ACTOR, lock_timeout=LOCK_TIMEOUT, **options)


def open_app(db: Path | str, clock: Clock, **options: Any) -> KinerjaApp:
    """The engine on `db`, acting as the benchmark's planner on the clock's day."""
    return KinerjaApp(settings(db, **options), clock=clock)


@contextmanager
def read_models(db: Path) -> Iterator[Runner]:
    """The read models of the database `db` (their runner), closed afterwards."""
    runner = Runner(open_views(settings(db)))
    try:
        yield runner
    finally:
        runner.store.close()


def create_database(db: Path) -> None:
    """Create every table of `db` (events, snapshots, read models) in this process alone."""
    before = existing_tables(settings(db))
    system = bootstrap(settings(db), Clock())
    try:
        initialise(system, before)
    finally:
        system.close()


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy of an SQLite database (its WAL included), through the backup API."""
    original, copy = sqlite3.connect(source), sqlite3.connect(target)
    try:
        original.backup(copy)
    finally:
        copy.close()
        original.close()


def remove_database(path: Path) -> None:
    """Delete an SQLite file with its WAL and shared-memory files."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


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
    """The event log as stored: (originator_id, originator_version, topic, state) in log order."""
    connection = sqlite3.connect(db)
    try:
        return connection.execute(
            "SELECT originator_id, originator_version, topic, state FROM stored_events ORDER BY rowid"
        ).fetchall()
    finally:
        connection.close()


def patiently(action: Callable[[], T], retries: list[str] | None = None) -> T:
    """Run `action`; after a lock wait that ran out, wait a little and run it again (up to
    `PATIENCE` times). SQLite does not always wait out its timeout: some lock conflicts between
    two processes are reported at once. Each retry is noted in `retries`, for the figures."""
    for attempt in range(PATIENCE):
        try:
            return action()
        except Exception as error:  # noqa: BLE001 - only a busy database is retried
            if not (isinstance(error, StorageBusy) or is_busy(error)):
                raise
            if retries is not None:
                retries.append(" ".join(str(error).split())[:200])
            time.sleep(min(5.0, 0.1 * 2 ** attempt))
    return action()
