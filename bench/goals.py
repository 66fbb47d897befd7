"""The benchmark's goals (issues 5 and 13), each checked against the measured figures."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Goal:
    name: str
    wanted: str
    measured: str
    met: bool | None  # None: not measured in this run


def _check(figures: dict[str, Any], section: str, key: str, wanted: str,
           test: Callable[[float], bool],
           name: str, unit: str = "") -> Goal:
    value = figures.get(section, {}).get(key)
    if value is None:
        return Goal(name, wanted, "not measured", None)
    return Goal(name, wanted, f"{value:.3g}{unit}", bool(test(value)))


def check_goals(figures: dict[str, Any]) -> list[Goal]:
    flat = figures.get("flatness", {})
    goals = [
        _check(figures, "ingest", "ratio", "≥ 0.25 × raw", lambda v: v >= 0.25, "ingest", " ×"),
        _check(figures, "postgres_ingest", "ratio", "≥ 0.25 × raw", lambda v: v >= 0.25,
               "ingest on PostgreSQL", " ×"),
        _check(figures, "rebuild", "ratio", "≥ 0.25 × raw (aim 0.50), default workers",
               lambda v: v >= 0.25, "rebuild", " ×"),
        _check(figures, "monthly", "ratio", "month 12 ≤ 1.2 × month 1 (CPU)", lambda v: v <= 1.2,
               "monthly import + catch-up", " ×"),
    ]
    for query in ("show", "summary", "audit"):
        goals.append(_check(flat, "ratios", query, "≤ 1.5 largest/smallest", lambda v: v <= 1.5,
                            f"{query} flatness", " ×"))
    goals += [
        _check(figures, "load", "snapshots_seconds", "≤ 20 ms at 5.000 events",
               lambda v: v <= 0.020, f"load {figures.get('load', {}).get('events')} events (snapshots)",
               " s"),
        _check(figures, "startup", "help_ratio", "≤ 1.3 × import", lambda v: v <= 1.3,
               "kinerja --help", " ×"),
        _check(figures, "startup", "show_ratio", "≤ 2 × import", lambda v: v <= 2.0,
               "kinerja show --json", " ×"),
        _check(figures, "memory", "peak_rss_mb", "≤ 400 MB", lambda v: v <= 400, "peak RSS", " MB"),
    ]
    return goals
