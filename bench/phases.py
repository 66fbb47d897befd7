"""Phases that run alone in a child process, so their peak RSS is theirs alone.

`python -m bench.phases ingest DB START STOP` saves generated agreements START..STOP-1 through
the engine's bulk path, streaming (never more than one batch in memory); `catchup DB` brings the
read models up to the log head (from nothing, that is a rebuild); `rebuild DB RUNS` measures
the rebuild against its raw baseline. Each prints one JSON line: its figures and `peak_rss_mb`.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from bench.generator import agreement_years
from bench.ingest import ingest, open_app
from bench.rebuild import catch_up, measure_rebuild
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


def _rebuild(db: str, runs: str) -> dict[str, Any]:
    return measure_rebuild(Path(db), int(runs))


PHASES = {"ingest": _ingest, "catchup": _catch_up, "rebuild": _rebuild}


def main(argv: list[str]) -> None:
    name, *args = argv
    result = PHASES[name](*args)
    result["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
