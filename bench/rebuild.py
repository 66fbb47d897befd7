"""Rebuild: every read model from the whole log, against a raw `SELECT` of the log with `json.loads`.

The rebuild is `Runner.rebuild()` as `kinerja rebuild` runs it, with its default worker
processes (one per core once the log holds `PARALLEL_FROM` agreements), and again with one
worker, so the share of the cores is visible. The baseline is one process reading the same log
in notification order and decoding every state with `json.loads`. The three are timed in
interleaved rounds (default, one worker, raw, default, ...), so a change of the machine's load
moves them alike.
"""

from __future__ import annotations

import json
import math
import resource
import sqlite3
import statistics
import time
from pathlib import Path
from typing import Any

from bench.database import read_models, stored_agreements
from projections.rebuild import CHUNK, PARALLEL_FROM, cores


def rebuild_all(db: Path, **options: Any) -> int:
    """Build every read model again from the whole log; the number of events processed."""
    with read_models(db) as models:
        return models.rebuild(**options)


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


def default_workers(agreements: int) -> int:
    """The worker processes `Runner.rebuild()` uses by default for this many agreements, as
    `projections.rebuild` chooses them (KINERJA_REBUILD_WORKERS, else one per core once there
    are `PARALLEL_FROM` agreements; never more than its chunks of `CHUNK` agreements)."""
    workers = cores() if agreements >= PARALLEL_FROM else 1
    return max(1, min(workers, math.ceil(agreements / CHUNK)))


def _seconds(action: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def measure_rebuild(db: Path, runs: int) -> dict[str, Any]:
    """Median events/s of a full rebuild (default workers, and one worker) and of the raw read of
    the same log, and their ratios; wall time, since the workers are other processes."""
    agreements = stored_agreements(db)
    variants: dict[str, dict[str, Any]] = {"default": {}, "one": {"workers": 1}}
    times: dict[str, list[float]] = {name: [] for name in [*variants, "raw"]}
    processed = events = 0
    for _ in range(runs):
        for name, options in variants.items():
            seconds, processed = _seconds(lambda: rebuild_all(db, **options))
            times[name].append(seconds)
        seconds, events = _seconds(lambda: raw_read(db))
        times["raw"].append(seconds)
    rebuild_rate = processed / statistics.median(times["default"])
    one_rate = processed / statistics.median(times["one"])
    raw_rate = events / statistics.median(times["raw"])
    return {
        "agreements": agreements,
        "events": processed,
        "log_events": events,
        "workers": default_workers(agreements),
        "cores": cores(),
        "rebuild_events_per_s": rebuild_rate,
        "one_worker_events_per_s": one_rate,
        "raw_events_per_s": raw_rate,
        "ratio": rebuild_rate / raw_rate,
        "one_worker_ratio": one_rate / raw_rate,
        "workers_peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }
