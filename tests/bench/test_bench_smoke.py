"""`python -m bench --scale small` runs to the end and its figures are sane (not fast: sane)."""

from __future__ import annotations

import json
from pathlib import Path

from bench.__main__ import main
from bench.goals import check_goals
from kinerja_flow.settings import SNAPSHOT_EVERY


def test_small_scale_runs_and_reports(tmp_path: Path) -> None:
    out, raw = tmp_path / "RESULTS.md", tmp_path / "figures.json"
    figures = main(["--scale", "small", "--db", str(tmp_path / "work"), "--out", str(out),
                    "--json", str(raw)])

    ingest = figures["ingest"]
    assert ingest["events"] > 150 * ingest["agreements"]  # ~150-200 events per agreement-year
    assert 0 < ingest["ratio"] and ingest["engine_events_per_s"] > 0
    rebuild = figures["rebuild"]
    assert rebuild["events"] > 0 and 0 < rebuild["ratio"]
    assert set(figures["flatness"]["ratios"]) == {"show", "summary", "audit"}
    assert all(r > 0 for r in figures["flatness"]["ratios"].values())
    assert figures["load"]["events"] == 2_000 + SNAPSHOT_EVERY - 1
    assert figures["load"]["replayed_after_snapshot"] == SNAPSHOT_EVERY - 1
    assert 0 < figures["load"]["snapshots_seconds"] < figures["load"]["plain_seconds"]
    assert figures["startup"]["help_seconds"] > 0 and figures["startup"]["show_seconds"] > 0
    assert 0 < figures["memory"]["peak_rss_mb"] < 4_000
    assert figures["reached"] == 30 and "stopped" not in figures

    unmeasured = {goal.name for goal in check_goals(figures) if goal.met is None}
    assert unmeasured == {"ingest on PostgreSQL"}  # measured only with --postgres URL
    text = out.read_text(encoding="utf-8")
    assert "## Goals" in text and "SQLite" in text and "ingest" in text
    assert json.loads(raw.read_text(encoding="utf-8"))["scale"] == "small"
