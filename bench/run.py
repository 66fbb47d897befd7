"""One benchmark run: every measurement of a scale, in an order that survives a time budget.

The cheap measurements come first (ingest, aggregate load), then one database per size is
filled (or, when a previous run left it in `--db DIR`, topped up: runs are resumable); after the
first size the rebuild and the CLI start-up are measured on it, and after each size the queries
are timed on every size so far and `on_figures` is called, so a run stopped by its time budget
(or killed) has written every figure it reached.
"""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import sys
import time
from collections.abc import Callable
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path
from typing import Any

from bench.flatness import measure_sizes, sample_codes
from bench.generator import agreement_code
from bench.ingest import measure_ingest, stored_agreements
from bench.load import measure_load
from bench.postgres import measure_postgres_ingest
from bench.scales import Scale
from bench.startup import measure_startup
from bench.timing import finish_phase, run_phase, start_phase

Figures = dict[str, Any]


def environment() -> dict[str, str]:
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {_cpus()} CPUs, {platform.system()} {platform.release()}",
        "python": sys.version.split()[0],
        "sqlite": sqlite3.sqlite_version,
        "eventsourcing": version("eventsourcing"),
        "pydantic": version("pydantic"),
    }


def _cpus() -> int:
    return len(os.sched_getaffinity(0))


def run(scale: Scale, workdir: Path, budget_seconds: float | None,
        on_figures: Callable[[Figures], None], say: Callable[[str], None],
        postgres_url: str | None = None) -> Figures:
    began = time.monotonic()
    figures: Figures = {"scale": scale.name, "environment": environment(), "sizes": {}}
    say(f"ingest: {scale.ingest_agreements} agreements, engine vs raw")
    figures["ingest"] = measure_ingest(workdir, scale.ingest_agreements, scale.runs)
    if postgres_url:
        say(f"ingest on PostgreSQL: {scale.ingest_agreements} agreements, engine vs raw")
        figures["postgres_ingest"] = measure_postgres_ingest(
            postgres_url, scale.ingest_agreements, scale.runs
        )
    say(f"aggregate load: {scale.load_events} events, with and without snapshots")
    figures["load"] = measure_load(workdir, scale.load_events, scale.runs)
    on_figures(figures)

    codes = sample_codes(scale.sizes[0])
    databases: dict[int, Path] = {}
    memory = {"ingest_peak_rss_mb": 0.0, "rebuild_peak_rss_mb": 0.0}
    for size in scale.sizes:
        db = workdir / f"year-{size}.db"
        stored = stored_agreements(db)
        if stored < size and budget_seconds is not None and time.monotonic() - began > budget_seconds:
            figures["stopped"] = f"time budget of {budget_seconds / 60:.0f} min spent before {size} agreements"
            say(figures["stopped"])
            break
        step = fill(db, size, databases, say)
        figures["sizes"][size] = step
        for phase, key in (("ingest", "ingest_peak_rss_mb"), ("catchup", "rebuild_peak_rss_mb"),
                           ("kept_catchup", "rebuild_peak_rss_mb")):
            if phase in step:
                memory[key] = max(memory[key], step[phase]["peak_rss_mb"])
        databases[size] = db
        if size == scale.sizes[0]:
            say(f"rebuild: every read model of {size} agreements, vs raw read")
            rebuilt = run_phase("rebuild", str(db), str(scale.runs))
            memory["rebuild_peak_rss_mb"] = max(memory["rebuild_peak_rss_mb"], rebuilt.pop("peak_rss_mb"))
            figures["rebuild"] = {"agreements": size, **rebuilt}
            say("CLI start-up")
            figures["startup"] = measure_startup(db, agreement_code(0), scale.runs)
        say(f"queries at {', '.join(map(str, databases))} agreements, interleaved")
        measured = measure_sizes(databases, codes, scale.runs)
        figures["flatness"] = {"sizes": measured, "ratios": _ratios(measured)}
        figures["memory"] = {
            **memory, "agreements": size,
            "peak_rss_mb": max(memory["ingest_peak_rss_mb"], memory["rebuild_peak_rss_mb"]),
        }
        figures["reached"] = size
        on_figures(figures)
    figures["seconds"] = time.monotonic() - began
    on_figures(figures)
    return figures


def fill(db: Path, size: int, smaller: dict[int, Path], say: Callable[[str], None]) -> Figures:
    """Grow the database `db` to `size` agreements and catch its read models up.

    A new database starts as a copy of the largest smaller one, then grows through the engine's
    bulk path (`ingest`) while a second process catches the read models up behind it
    (`follow`): on 2 cores the two overlap instead of adding up. The figures of the growing are
    kept beside the database, so a resumed run reports them instead of "kept".
    """
    record = db.with_suffix(".fill.json")
    step: Figures = json.loads(record.read_text(encoding="utf-8")) if record.exists() else {}
    stored = stored_agreements(db)
    if not stored and smaller:
        seed, source = max(smaller), smaller[max(smaller)]
        say(f"database of {size} agreements: starts as a copy of the {seed} one")
        copy_database(source, db)
        stored = stored_agreements(db)
        step = {"seeded_from": seed}
        record.write_text(json.dumps(step), encoding="utf-8")
    if stored < size:
        if stored > step.get("seeded_from", 0):  # an earlier run stopped while growing it
            step["resumed_at"] = stored
        say(f"database of {size} agreements: {stored} stored; engine bulk path, catch-up beside it")
        flag = db.with_suffix(".ingesting")
        flag.touch()
        follower = start_phase("follow", str(db), str(flag))
        try:
            step["ingest"] = run_phase("ingest", str(db), str(stored), str(size))
        except BaseException:
            follower.terminate()
            follower.wait()
            raise
        finally:
            flag.unlink(missing_ok=True)
        step["catchup"] = finish_phase(follower)
        record.write_text(json.dumps(step), encoding="utf-8")
    else:
        say(f"database of {size} agreements: kept; catch-up")
        step["kept_catchup"] = run_phase("catchup", str(db))
    return step


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy of an SQLite database (its WAL included), through the backup API."""
    original, copy = sqlite3.connect(source), sqlite3.connect(target)
    try:
        original.backup(copy)
    finally:
        copy.close()
        original.close()


def _ratios(sizes: dict[int, dict[str, float]]) -> dict[str, float]:
    smallest, largest = sizes[min(sizes)], sizes[max(sizes)]
    return {query: largest[query] / smallest[query] for query in smallest}
