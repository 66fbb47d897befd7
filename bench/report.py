"""The run's figures as a rich table on the terminal and as `RESULTS.md`.

RESULTS.md is the generated figures followed by `FINDINGS.md` (the hand-written profile notes:
bottlenecks and what would fix them), so every run keeps the analysis beside its numbers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bench.goals import Goal, check_goals

FINDINGS = Path(__file__).with_name("FINDINGS.md")
_MARK = {True: "met", False: "MISSED", None: "—"}


def _rate(value: float) -> str:
    return f"{value:,.0f} ev/s".replace(",", ".")


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def _s(seconds: float) -> str:
    return f"{seconds:.2f} s"


def _workers(count: int) -> str:
    return "1 worker" if count == 1 else f"{count} workers"


def rows(figures: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(measure, figure, same-run baseline, ratio) rows of every measurement present."""
    out: list[tuple[str, str, str, str]] = []
    if ingest := figures.get("ingest"):
        out.append((f"ingest ({ingest['agreements']} PK, {ingest['events']} events in "
                    f"{ingest['acts']} acts, interleaved)",
                    _rate(ingest["engine_events_per_s"]), f"raw executemany {_rate(ingest['raw_events_per_s'])}",
                    f"{ingest['ratio']:.3f}"))
    if postgres := figures.get("postgres_ingest"):
        out.append((f"ingest on PostgreSQL ({postgres['agreements']} PK, {postgres['events']} events)",
                    _rate(postgres["engine_events_per_s"]),
                    f"psycopg executemany {_rate(postgres['raw_events_per_s'])}", f"{postgres['ratio']:.3f}"))
    if rebuild := figures.get("rebuild"):
        raw = f"raw SELECT+json.loads {_rate(rebuild['raw_events_per_s'])} (1 process)"
        out.append((f"rebuild ({rebuild['agreements']} PK, {rebuild['events']} events, interleaved; "
                    f"default: {_workers(rebuild['workers'])} on {rebuild['cores']} cores)",
                    _rate(rebuild["rebuild_events_per_s"]), raw, f"{rebuild['ratio']:.3f}"))
        out.append(("rebuild, 1 worker (same log, same rounds)",
                    _rate(rebuild["one_worker_events_per_s"]), raw,
                    f"{rebuild['one_worker_ratio']:.3f}"))
    if monthly := figures.get("monthly"):
        months = monthly["months"]
        first, last = months[1], months[12]
        what = (f"monthly import + catch-up ({monthly['agreements']} PK, {first['rows']} rows a "
                f"month; median of {monthly['repeats']})")
        out.append((f"{what}, CPU", f"month 12: {_s(last['total_cpu'])}",
                    f"month 1: {_s(first['total_cpu'])}", f"{monthly['ratio']:.2f}"))
        out.append((f"{what}, wall", f"month 12: {_s(last['total'])}",
                    f"month 1: {_s(first['total'])}", f"{monthly['wall_ratio']:.2f}"))
    if flat := figures.get("flatness"):
        sizes = sorted(flat["sizes"])
        for query, ratio in flat["ratios"].items():
            series = " / ".join(_ms(flat["sizes"][s][query]) for s in sizes)
            out.append((f"{query} at {' / '.join(map(str, sizes))} PK", series,
                        f"at {sizes[0]} PK", f"{ratio:.2f}"))
    if load := figures.get("load"):
        out.append((f"load PK of {load['events']} events ({load['replayed_after_snapshot']} after "
                    "its last snapshot)", f"{_ms(load['snapshots_seconds'])} (snapshots)",
                    f"{_ms(load['plain_seconds'])} (no snapshots)",
                    f"{load['snapshots_seconds'] / load['plain_seconds']:.3f}"))
    if startup := figures.get("startup"):
        baseline = f"import typer, rich {_ms(startup['import_seconds'])}"
        out.append(("kinerja --help", _ms(startup["help_seconds"]), baseline, f"{startup['help_ratio']:.2f}"))
        out.append(("kinerja show CODE --json", _ms(startup["show_seconds"]), baseline,
                    f"{startup['show_ratio']:.2f}"))
    if memory := figures.get("memory"):
        ingest_rss = memory["ingest_peak_rss_mb"]
        ingest_text = f"ingest {ingest_rss:.0f} MB" if ingest_rss else "ingest not run (databases kept)"
        out.append((f"peak RSS at {memory['agreements']} PK",
                    f"{ingest_text}, rebuild {memory['rebuild_peak_rss_mb']:.0f} MB", "", ""))
    return out


def print_table(figures: dict[str, Any], console: Console | None = None) -> None:
    console = console or Console()
    table = Table(title=f"kinerja-flow benchmark — scale {figures['scale']}")
    for column in ("measure", "figure", "same-run baseline", "ratio"):
        table.add_column(column)
    for row in rows(figures):
        table.add_row(*row)
    console.print(table)
    goals = Table(title="goals")
    for column in ("goal", "wanted", "measured", "result"):
        goals.add_column(column)
    for goal in check_goals(figures):
        goals.add_row(goal.name, goal.wanted, goal.measured, _MARK[goal.met])
    console.print(goals)


def _md_table(header: tuple[str, ...], body: list[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in body]
    return "\n".join(lines)


def _goal_rows(goals: list[Goal]) -> list[tuple[str, ...]]:
    return [(g.name, g.wanted, g.measured, _MARK[g.met]) for g in goals]


def markdown(figures: dict[str, Any]) -> str:
    env = figures["environment"]
    parts = [
        "# kinerja-flow benchmark results",
        "",
        "Generated by `python -m bench` — do not edit by hand (edit `bench/FINDINGS.md`).",
        "",
        f"- scale: **{figures['scale']}**; date: {env['date']}",
        f"- machine: {env['machine']} (shared and noisy: every figure is a median, read the ratios)",
        f"- Python {env['python']}, SQLite {env['sqlite']}, eventsourcing {env['eventsourcing']}, "
        f"pydantic {env['pydantic']}",
        f"- sizes reached: {figures.get('reached', 'none')} agreements"
        + (f" — **{figures['stopped']}**" if figures.get("stopped") else ""),
    ]
    if "seconds" in figures:
        parts.append(f"- run time: {figures['seconds'] / 60:.1f} min")
    parts += ["", "## Figures", "", _md_table(("measure", "figure", "same-run baseline", "ratio"),
                                              rows(figures))]
    if monthly := figures.get("monthly"):
        parts += ["", "## Monthly imports", "",
                  f"{monthly['agreements']} agreements drafted and signed, then one long-layout "
                  "CSV a month imported (`import_realisations`) and the read models caught up, "
                  "each month in a freshly opened engine as each `kinerja import` is; median of "
                  f"{monthly['repeats']} fresh years run in lockstep. CPU is this process's time "
                  "(`time.process_time`), which other processes barely move; wall is what the "
                  "user waits.", "",
                  _md_table(("month", "rows", "import", "catch-up", "total (wall)", "import CPU",
                             "catch-up CPU", "total CPU"),
                            [(str(m), str(f["rows"]), _s(f["import"]), _s(f["catchup"]),
                              _s(f["total"]), _s(f["import_cpu"]), _s(f["catchup_cpu"]),
                              _s(f["total_cpu"])) for m, f in sorted(monthly["months"].items())]),
                  "", f"Month 12 / month 1: {monthly['ratio']:.2f} × CPU (import "
                  f"{monthly['import_ratio']:.2f} ×, catch-up {monthly['catchup_ratio']:.2f} ×), "
                  f"{monthly['wall_ratio']:.2f} × wall."]
    growth = [(_size(size, step), *_phase(step.get("ingest")),
               *_phase(step.get("catchup") or step.get("kept_catchup")), _retries(step))
              for size, step in sorted(figures.get("sizes", {}).items())]
    if growth:
        parts += ["", "## Filling the databases (one per size)", "",
                  "Each database starts as a copy of the next smaller one; the year of the "
                  "agreements it lacks is written through `KinerjaApp.handle`, interleaved month "
                  "by month across them (200 agreements per act), while a second process catches "
                  "the read models up beside it; the catch-up time is the whole wall time of that "
                  "process (the part after the ingest ended in brackets). The ingest time "
                  "includes generating the agreements (in brackets).", "",
                  _md_table(("agreements", "events", "ingest", "ingest RSS",
                             "events caught up", "catch-up", "catch-up RSS", "busy retries"),
                            growth)]
    parts += ["", "## Goals", "", _md_table(("goal", "wanted", "measured", "result"),
                                            _goal_rows(check_goals(figures)))]
    if FINDINGS.exists():
        parts += ["", FINDINGS.read_text(encoding="utf-8").strip()]
    return "\n".join(parts) + "\n"


def _size(size: int, step: dict[str, Any]) -> str:
    return f"{size} (from {step['seeded_from']})" if "seeded_from" in step else str(size)


def _phase(figures: dict[str, Any] | None) -> tuple[str, str, str]:
    if figures is None:  # left by an earlier run in the same --db directory
        return ("0 (kept)", "—", "—")
    seconds = f"{figures['seconds']:.0f} s"
    if "tail_seconds" in figures:
        seconds += f" ({figures['tail_seconds']:.0f} s after)"
    if "generate_seconds" in figures:
        seconds += f" ({figures['generate_seconds']:.0f} s generating)"
    return (str(figures["events"]), seconds, f"{figures['peak_rss_mb']:.0f} MB")


def _retries(step: dict[str, Any]) -> str:
    return str(sum(len(step.get(phase, {}).get("busy_retries", [])) for phase in ("ingest", "catchup")))


def write_markdown(figures: dict[str, Any], path: Path) -> None:
    path.write_text(markdown(figures), encoding="utf-8")
