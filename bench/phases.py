"""Phases that run alone in a child process, so their peak RSS is theirs alone.

`python -m bench.phases ingest DB START STOP` writes the interleaved year of generated
agreements START..STOP-1 through `KinerjaApp.handle` (streamed through `bench.spool`); `catchup
DB` brings the read models up to the log head (from nothing, that is a rebuild); `follow DB FLAG`
catches up again and again while the file FLAG exists (an ingest is running beside it), then
once more; `rebuild DB RUNS` measures the rebuild against its raw baseline. Each prints one JSON
line: its figures and `peak_rss_mb`.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from bench.database import open_app, patiently, read_models
from bench.ingest import ingest
from bench.lifecycle import Clock
from bench.rebuild import catch_up, measure_rebuild
from bench.spool import Spool
from bench.timing import peak_rss_mb


def _ingest(db: str, start: str, stop: str) -> dict[str, Any]:
    began = time.perf_counter()
    spool = Spool(Path(db).with_suffix(".spool"))
    spool.write(int(start), int(stop))
    clock = Clock()
    app = open_app(db, clock)
    retries: list[str] = []
    try:
        events, acts = ingest(app, clock, spool.acts(), retries)
    finally:
        app.close()
    return {"events": events, "acts": acts, "seconds": time.perf_counter() - began,
            "generate_seconds": spool.generate_seconds, "busy_retries": retries}


def _catch_up(db: str) -> dict[str, Any]:
    began = time.perf_counter()
    events = catch_up(Path(db))
    return {"events": events, "seconds": time.perf_counter() - began}


def _follow(db: str, flag: str) -> dict[str, Any]:
    began = time.perf_counter()
    events = 0
    retries: list[str] = []
    with read_models(Path(db)) as models:
        while Path(flag).exists():
            caught = patiently(models.catch_up, retries)
            events += caught
            if not caught:
                time.sleep(0.5)
        ingest_ended = time.perf_counter()
        events += patiently(models.catch_up, retries)
    ended = time.perf_counter()
    return {"events": events, "seconds": ended - began, "tail_seconds": ended - ingest_ended,
            "busy_retries": retries}


def _rebuild(db: str, runs: str) -> dict[str, Any]:
    return measure_rebuild(Path(db), int(runs))


PHASES = {"ingest": _ingest, "catchup": _catch_up, "follow": _follow, "rebuild": _rebuild}


def main(argv: list[str]) -> None:
    name, *args = argv
    result = PHASES[name](*args)
    result["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
