"""Filling a benchmark database: the year through the engine with the catch-up beside it; a
completed database is kept by a later run, an interrupted one is filled again from its start."""

from __future__ import annotations

import json
from pathlib import Path

from bench.database import read_models, stored_agreements, stored_rows
from bench.run import fill, filled


def test_a_completed_fill_is_kept_and_an_interrupted_one_done_again(tmp_path: Path) -> None:
    db, said = tmp_path / "year-3.db", []
    step = fill(db, 3, {}, said.append)
    assert step["complete"] and filled(db, 3) and stored_agreements(db) == 3
    rows = stored_rows(db)
    with read_models(db) as models:
        assert models.catch_up() == 0  # the follower caught everything up

    kept = fill(db, 3, {}, said.append)
    assert "kept" in said[-1] and kept["kept_catchup"]["events"] == 0
    assert stored_rows(db) == rows

    record = db.with_suffix(".fill.json")  # as a fill killed half-way leaves it: not complete
    record.write_text(json.dumps({"ingest": step["ingest"]}), encoding="utf-8")
    assert not filled(db, 3)
    again = fill(db, 3, {}, said.append)
    assert again["complete"] and stored_agreements(db) == 3
    assert len(stored_rows(db)) == len(rows)  # filled anew, not topped up twice
