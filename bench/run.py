"""One benchmark run: every measurement of a scale, in an order that survives a time budget.

The cheap measurements come first (ingest, aggregate load, the monthly imports), then one
database per size is filled (or, when a previous run completed it in `--db DIR`, kept: runs are
resumable); the CLI start-up is measured on the first size and the rebuild on
`scale.rebuild_size`, and after each size the queries are timed on every size so far and
`on_figures` is called, so a run stopped by its time budget (or killed) has written every figure
it reached.
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

from bench.database import copy_database, create_database, remove_database, stored_agreements
from bench.flatness import measure_sizes, sample_codes
from bench.generator import agreement_code
from bench.ingest import measure_ingest
from bench.load import measure_load
from bench.monthly import measure_monthly
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
    say(f"monthly imports: {scale.monthly_agreements} agreements, 12 months, "
        f"{scale.monthly_repeats} fresh years")
    figures["monthly"] = measure_monthly(workdir, scale.monthly_agreements, scale.monthly_repeats)
    on_figures(figures)

    codes = sample_codes(scale.sizes[0])
    databases: dict[int, Path] = {}
    memory = {"ingest_peak_rss_mb": 0.0, "rebuild_peak_rss_mb": 0.0}
    for size in scale.sizes:
        db = workdir / f"year-{size}.db"
        if not filled(db, size) and budget_seconds is not None \
                and time.monotonic() - began > budget_seconds:
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
            say("CLI start-up")
            figures["startup"] = measure_startup(db, agreement_code(0), scale.runs)
        if size == scale.rebuild_size:
            say(f"rebuild: every read model of {size} agreements (default workers, one worker), "
                "vs raw read")
            rebuilt = run_phase("rebuild", str(db), str(scale.rebuild_runs))
            memory["rebuild_peak_rss_mb"] = max(memory["rebuild_peak_rss_mb"], rebuilt["peak_rss_mb"],
                                                rebuilt["workers_peak_rss_mb"])
            figures["rebuild"] = rebuilt
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


def _record(db: Path) -> Path:
    return db.with_suffix(".fill.json")


def filled(db: Path, size: int) -> bool:
    """Whether an earlier run filled `db` to `size` agreements, to the end of their year."""
    record = _record(db)
    return record.exists() and json.loads(record.read_text(encoding="utf-8")).get("complete") \
        is True and stored_agreements(db) == size


def fill(db: Path, size: int, smaller: dict[int, Path], say: Callable[[str], None]) -> Figures:
    """Fill the database `db` with the year of `size` agreements and catch its read models up.

    A new database starts as a copy of the largest smaller one (or empty, created whole by this
    process), then the year of the agreements it lacks is written through the engine
    (`bench.phases ingest`: interleaved month by month across them) while a second process
    catches the read models up beside it (`follow`): on 2 cores the two overlap instead of adding
    up. The figures of the filling are kept beside the database, so a later run that keeps it
    reports them. A fill that did not complete is done again from the start: half a year
    cannot be topped up."""
    if filled(db, size):
        say(f"database of {size} agreements: kept; catch-up")
        step: Figures = json.loads(_record(db).read_text(encoding="utf-8"))
        step["kept_catchup"] = run_phase("catchup", str(db))
        return step
    _record(db).unlink(missing_ok=True)
    remove_database(db)
    step = {}
    if smaller:
        seed = max(smaller)
        say(f"database of {size} agreements: starts as a copy of the {seed} one")
        copy_database(smaller[seed], db)
        step["seeded_from"] = seed
    else:
        create_database(db)
    stored = stored_agreements(db)
    say(f"database of {size} agreements: the year of {size - stored} more through the engine, "
        "catch-up beside it")
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
    step["complete"] = True
    _record(db).write_text(json.dumps(step), encoding="utf-8")
    return step


def _ratios(sizes: dict[int, dict[str, float]]) -> dict[str, float]:
    smallest, largest = sizes[min(sizes)], sizes[max(sizes)]
    return {query: largest[query] / smallest[query] for query in smallest}
