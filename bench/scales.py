"""The benchmark's sizes: `small` (CI smoke test), `province` and `national`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    name: str
    ingest_agreements: int  # the sample written by the engine and by the raw baseline
    sizes: tuple[int, ...]  # agreements in the database when the queries are timed
    rebuild_size: int  # the size whose database is rebuilt (default workers, and one)
    load_events: int  # events of the agreement loaded with and without snapshots
    monthly_agreements: int  # agreements of the 12 monthly imports
    runs: int  # runs per median (timed queries: runs x sample codes)
    rebuild_runs: int  # rounds of the rebuild measurement (default, one worker, raw)
    monthly_repeats: int  # fresh years of 12 monthly imports; each month's median over them


SCALES = {
    "small": Scale("small", ingest_agreements=10, sizes=(10, 30), rebuild_size=30,
                   load_events=1_000, monthly_agreements=10, runs=2, rebuild_runs=1,
                   monthly_repeats=2),
    # A province: ~10 regional governments x 36 agencies x 5 agreements, ~1.800. The rebuild is
    # measured at 2.000 agreements: from `projections.rebuild.PARALLEL_FROM` (2.000) on, its
    # default is one worker per core.
    "province": Scale("province", ingest_agreements=200, sizes=(1_000, 2_000),
                      rebuild_size=2_000, load_events=5_000, monthly_agreements=200, runs=5,
                      rebuild_runs=3, monthly_repeats=3),
    "national": Scale("national", ingest_agreements=200, sizes=(1_000, 10_000, 100_000),
                      rebuild_size=10_000, load_events=5_000, monthly_agreements=200, runs=5,
                      rebuild_runs=3, monthly_repeats=3),
}
