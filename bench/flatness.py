"""Query flatness: `show`, `summary` and `audit CODE` latency as the database grows.

Each query is the one the CLI command runs (the read models' own queries), for a
fixed sample of agreement codes spread over the first size; the figure is the median latency.
Every size is its own database, and all sizes are measured together, in interleaved rounds, so
a change of the machine's load between sizes cannot pass for growth.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.generator import agreement_code
from bench.database import read_models
from projections import audit, current_targets, quarterly
from projections.store import ViewStore

QUERIES: dict[str, Callable[[ViewStore, str], Any]] = {
    "show": current_targets.agreement,
    "summary": quarterly.quarterly,
    "audit": lambda store, code: audit.audit(store, code=code),
}


def sample_codes(agreements: int, count: int = 25) -> list[str]:
    step = max(1, agreements // count)
    return [agreement_code(index) for index in range(0, agreements, step)][:count]


def measure_sizes(databases: dict[int, Path], codes: list[str], runs: int) -> dict[int, dict[str, float]]:
    """Per size, the median seconds of each query, over `runs` interleaved rounds of all sizes."""
    rounds: dict[int, list[dict[str, float]]] = {size: [] for size in databases}
    for _ in range(runs):
        for size, db in databases.items():
            rounds[size].append(measure_queries(db, codes, 1))
    return {
        size: {name: statistics.median(r[name] for r in results) for name in QUERIES}
        for size, results in rounds.items()
    }


def measure_queries(db: Path, codes: list[str], runs: int) -> dict[str, float]:
    """Median seconds of each query over `runs` passes of every sample code (caught up first)."""
    with read_models(db) as models:
        assert models.catch_up() == 0, "read models must be caught up before measuring"
        results = {}
        for name, query in QUERIES.items():
            for code in codes:  # warm the page cache, as a running system would be
                query(models.store, code)
            times = []
            for _ in range(runs):
                for code in codes:
                    start = time.perf_counter()
                    query(models.store, code)
                    times.append(time.perf_counter() - start)
            results[name] = statistics.median(times)
        return results
