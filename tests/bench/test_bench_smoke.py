"""`python -m bench --scale small` runs to the end and its figures are sane (not fast: sane)."""

from __future__ import annotations

import json
from pathlib import Path

from bench.__main__ import main
from bench.goals import check_goals
from bench.lifecycle import STEPS
from kinerja_flow.settings import SNAPSHOT_EVERY
from tests.bench.test_interleaving import realisation_log


def test_small_scale_runs_and_reports(tmp_path: Path) -> None:
    out, raw = tmp_path / "RESULTS.md", tmp_path / "figures.json"
    figures = main(["--scale", "small", "--db", str(tmp_path / "work"), "--out", str(out),
                    "--json", str(raw)])

    ingest = figures["ingest"]
    assert ingest["events"] > 150 * ingest["agreements"]  # ~150-200 events per agreement-year
    assert ingest["acts"] == len(STEPS)  # 10 agreements: one act per step of the calendar
    assert 0 < ingest["ratio"] and ingest["engine_events_per_s"] > 0
    rebuild = figures["rebuild"]
    assert rebuild["agreements"] == 30 and rebuild["events"] > 150 * 30
    assert rebuild["workers"] == 1 and rebuild["cores"] >= 1  # 30 agreements: one process
    assert 0 < rebuild["ratio"] and 0 < rebuild["one_worker_ratio"]
    monthly = figures["monthly"]
    assert sorted(monthly["months"]) == list(range(1, 13)) and monthly["repeats"] == 2
    assert monthly["ratio"] == monthly["months"][12]["total_cpu"] / monthly["months"][1]["total_cpu"]
    assert set(figures["flatness"]["ratios"]) == {"show", "summary", "audit"}
    assert all(r > 0 for r in figures["flatness"]["ratios"].values())
    assert figures["load"]["events"] == 1_000 + SNAPSHOT_EVERY - 1
    assert figures["load"]["replayed_after_snapshot"] == SNAPSHOT_EVERY - 1
    assert 0 < figures["load"]["snapshots_seconds"] < figures["load"]["plain_seconds"]
    assert figures["startup"]["help_seconds"] > 0 and figures["startup"]["show_seconds"] > 0
    assert 0 < figures["memory"]["peak_rss_mb"] < 4_000
    assert figures["reached"] == 30 and "stopped" not in figures

    # the fill: each size's year interleaved, the catch-up beside it caught every event up
    for size, seeded in ((10, None), (30, 10)):
        step = figures["sizes"][size]
        assert step["complete"] and step.get("seeded_from") == seeded
        added = size - (seeded or 0)  # each added agreement's position slot: not read-side
        assert step["catchup"]["events"] == step["ingest"]["events"] - added
    months = [month for _, month in realisation_log(tmp_path / "work" / "year-30.db")]
    drops = [i for i in range(1, len(months)) if months[i] < months[i - 1]]
    assert len(drops) == 1 and months[drops[0] - 1] == 12 and months[drops[0]] == 1  # two years

    unmeasured = {goal.name for goal in check_goals(figures) if goal.met is None}
    assert unmeasured == {"ingest on PostgreSQL"}  # measured only with --postgres URL
    text = out.read_text(encoding="utf-8")
    assert "## Goals" in text and "SQLite" in text and "ingest" in text
    assert "## Monthly imports" in text and "| 12 | " in text and "1 worker" in text
    assert json.loads(raw.read_text(encoding="utf-8"))["scale"] == "small"
