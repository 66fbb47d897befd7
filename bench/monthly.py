"""Monthly imports: does a month cost the same in December as in January?

A planning office's year: N agreements drafted and signed in January, then each month one
long-layout CSV (`kode_pk;jenis;kode;bulan;nilai;pembilang;penyebut;keterangan`, one row per
indicator and budget line of every agreement, written by the exporter's own CSV writer) imported
with `import_realisations` — the code behind `kinerja import` — and the read models caught up
(`Runner.catch_up`), as the CLI does after an import. Each month opens the database afresh
(`bootstrap`), as each `kinerja import` is a new process.

Every month is timed (import, catch-up, total), in wall time — what the user waits — and in this
process's CPU time (`time.process_time`), which other processes on a busy shared machine barely
move: whether a month's *work* grows with the months before it is judged on the CPU time, the
wall time is shown beside it. The whole 12-month sequence runs `repeats` times on fresh
databases, in lockstep (month 1 of every database, then month 2, ...), and each month's figure
is the median over the repetitions. A warm-up import on a throwaway database first loads what
an import loads lazily, so month 1 is not charged for it.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.database import create_database, remove_database, settings
from bench.generator import AgreementYear, agreement_years
from bench.lifecycle import STEPS, Clock, step_acts
from kinerja_flow.bootstrap import bootstrap
from kinerja_flow.export.csv_file import csv_bytes
from kinerja_flow.export.model import Column, Table
from kinerja_flow.importing import import_realisations
from kinerja_flow.importing.long_layout import COLUMNS

MONTHS = tuple(step for step in STEPS if step.kind == "month")
_FORMATS = {"bulan": "int", "nilai": "number", "pembilang": "number", "penyebut": "number"}
_COLUMNS = [Column(name, _FORMATS.get(name, "text")) for name in COLUMNS]  # type: ignore[arg-type]
PARTS = ("import", "catchup", "total")


def write_month(years: Sequence[AgreementYear], month: int, path: Path) -> int:
    """The month's long-layout CSV of every agreement; returns its rows."""
    rows = [[year.document.kode, entry.kind, entry.item, month, entry.value, entry.numerator,
             entry.denominator, None]
            for year in years for entry in year.realisations if entry.month == month]
    path.write_bytes(csv_bytes([Table("Realisasi", _COLUMNS, rows)]))
    return len(rows)


def start_year(db: Path, years: Sequence[AgreementYear]) -> None:
    """A fresh database with the agreements drafted and signed, read models caught up."""
    remove_database(db)
    create_database(db)
    clock = Clock()
    system = bootstrap(settings(db), clock)
    try:
        for step in STEPS[:2]:  # draft, sign
            clock.today = step.day
            for act in step_acts(years, step):
                system.engine.handle(*act.commands)
        system.runner.catch_up()
    finally:
        system.close()


def import_month(db: Path, path: Path, month: int) -> dict[str, float]:
    """One month: the import and the catch-up after it, each in wall and CPU seconds."""
    clock = Clock(MONTHS[month - 1].day)
    system = bootstrap(settings(db), clock)
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        report = import_realisations(system.engine, path)
        wall_import, cpu_import = time.perf_counter(), time.process_time()
        system.runner.catch_up()
        wall_end, cpu_end = time.perf_counter(), time.process_time()
    finally:
        system.close()
    return {
        "events": report.events,
        "import": wall_import - wall, "catchup": wall_end - wall_import, "total": wall_end - wall,
        "import_cpu": cpu_import - cpu, "catchup_cpu": cpu_end - cpu_import,
        "total_cpu": cpu_end - cpu,
    }


def _warm_up(workdir: Path, years: Sequence[AgreementYear]) -> None:
    db, path = workdir / "monthly-warmup.db", workdir / "monthly-warmup.csv"
    start_year(db, years[:2])
    write_month(years[:2], 1, path)
    import_month(db, path, 1)
    remove_database(db)
    path.unlink()


def measure_monthly(workdir: Path, agreements: int, repeats: int) -> dict[str, Any]:
    """Per month, the median seconds of each part over `repeats` fresh years, and the ratio of
    month 12 to month 1 (CPU and wall)."""
    years = list(agreement_years(0, agreements))
    files = {m: workdir / f"monthly-{m:02d}.csv" for m in range(1, 13)}
    rows = {m: write_month(years, m, path) for m, path in files.items()}
    _warm_up(workdir, years)
    databases = [workdir / f"monthly-{r}.db" for r in range(repeats)]
    for db in databases:
        start_year(db, years)
    measured: dict[int, list[dict[str, float]]] = {m: [] for m in files}
    for month, path in files.items():
        for db in databases:  # lockstep: month m of every repetition, then month m + 1
            measured[month].append(import_month(db, path, month))
    for db in databases:
        remove_database(db)
    for path in files.values():
        path.unlink()
    months = {
        month: {"rows": rows[month], "events": runs[0]["events"],
                **{key: statistics.median(run[key] for run in runs) for key in runs[0]
                   if key != "events"}}
        for month, runs in measured.items()
    }
    first, last = months[1], months[12]
    return {
        "agreements": agreements,
        "repeats": repeats,
        "months": months,
        "ratio": last["total_cpu"] / first["total_cpu"],
        "wall_ratio": last["total"] / first["total"],
        "import_ratio": last["import_cpu"] / first["import_cpu"],
        "catchup_ratio": last["catchup_cpu"] / first["catchup_cpu"],
    }
