"""Phases that run alone in a child process, so their peak RSS is theirs alone.

`python -m bench.phases ingest DB START STOP` saves generated agreements START..STOP-1 through
the engine's bulk path, streaming (never more than one batch in memory); `catchup DB` brings the
read models up to the log head (from nothing, that is a rebuild); `follow DB FLAG` catches up
again and again while the file FLAG exists (an ingest is running beside it), then once more;
`rebuild DB RUNS` measures the rebuild against its raw baseline. Each prints one JSON line: its
figures and `peak_rss_mb`.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from bench.generator import agreement_years
from bench.ingest import ingest, open_app
from bench.rebuild import catch_up, measure_rebuild, read_models
from bench.timing import peak_rss_mb


def _ingest(db: str, start: str, stop: str) -> dict[str, Any]:
    app = open_app(db)
    try:
        began = time.perf_counter()
        events = ingest(app, agreement_years(int(start), int(stop)))
        return {"events": events, "seconds": time.perf_counter() - began}
    finally:
        app.close()


def _catch_up(db: str) -> dict[str, Any]:
    began = time.perf_counter()
    events = catch_up(Path(db))
    return {"events": events, "seconds": time.perf_counter() - began}


def _follow(db: str, flag: str) -> dict[str, Any]:
    began = time.perf_counter()
    events = 0
    with read_models(Path(db)) as models:
        while Path(flag).exists():
            caught = models.catch_up()
            events += caught
            if not caught:
                time.sleep(1)
        ingest_ended = time.perf_counter()
        events += models.catch_up()
    ended = time.perf_counter()
    return {"events": events, "seconds": ended - began, "tail_seconds": ended - ingest_ended}


def _rebuild(db: str, runs: str) -> dict[str, Any]:
    return measure_rebuild(Path(db), int(runs))


PHASES = {"ingest": _ingest, "catchup": _catch_up, "follow": _follow, "rebuild": _rebuild}


def main(argv: list[str]) -> None:
    # An ingest and a catch-up write the same file side by side: each may wait for the other's
    # transaction, which is slow on a loaded machine but never a reason to fail the run.
    os.environ.setdefault("KINERJA_LOCK_TIMEOUT", "600")
    name, *args = argv
    result = PHASES[name](*args)
    result["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
