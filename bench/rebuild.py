"""Rebuild: every read model from the whole log, against a raw `SELECT` of the log with `json.loads`."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.lifecycle import ACTOR
from bench.timing import median_seconds
from kinerja_flow.settings import Settings, open_views
from projections.runner import Runner


@contextmanager
def read_models(db: Path) -> Iterator[Runner]:
    """The read models of the database `db` (their runner), closed afterwards."""
    runner = Runner(open_views(Settings(db=str(db), actor=ACTOR)))
    try:
        yield runner
    finally:
        runner.store.close()


def rebuild_all(db: Path) -> int:
    """Drop and rebuild every projection; the number of events processed."""
    with read_models(db) as models:
        return models.rebuild()


def catch_up(db: Path) -> int:
    """Bring every projection up to the log head; the number of events processed."""
    with read_models(db) as models:
        return models.catch_up()


def raw_read(db: Path) -> int:
    """The baseline: the whole log in notification order, each state decoded with `json.loads`."""
    connection = sqlite3.connect(db)
    try:
        count = 0
        cursor = connection.execute(
            "SELECT rowid, originator_id, originator_version, topic, state FROM stored_events "
            "ORDER BY rowid"
        )
        for row in cursor:
            json.loads(row[4])
            count += 1
        return count
    finally:
        connection.close()


def measure_rebuild(db: Path, runs: int) -> dict[str, float]:
    """Median events/s of a full rebuild and of the raw read of the same log, and their ratio."""
    processed = 0

    def rebuild_run() -> None:
        nonlocal processed
        processed = rebuild_all(db)

    rebuild_seconds = median_seconds(rebuild_run, runs)
    events = raw_read(db)
    raw_seconds = median_seconds(lambda: raw_read(db), runs)
    rebuild_rate, raw_rate = processed / rebuild_seconds, events / raw_seconds
    return {
        "events": processed,
        "rebuild_events_per_s": rebuild_rate,
        "raw_events_per_s": raw_rate,
        "ratio": rebuild_rate / raw_rate,
    }
