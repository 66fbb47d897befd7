"""The benchmark's sizes: `small` (CI smoke test), `province` and `national`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    name: str
    ingest_agreements: int  # the sample saved by the engine and by the raw baseline
    sizes: tuple[int, ...]  # agreements in the database when the queries are timed
    load_events: int  # events of the agreement loaded with and without snapshots
    runs: int  # runs per median (timed queries: runs x sample codes)


SCALES = {
    "small": Scale("small", ingest_agreements=10, sizes=(10, 30), load_events=2_000, runs=2),
    "province": Scale("province", ingest_agreements=200, sizes=(1_000, 10_000), load_events=5_000, runs=5),
    "national": Scale(
        "national", ingest_agreements=200, sizes=(1_000, 10_000, 100_000), load_events=5_000, runs=5
    ),
}
