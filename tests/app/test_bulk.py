"""Bulk work runs with the collector's bulk thresholds and gives the previous ones back."""

from __future__ import annotations

import gc

import pytest

from projections.bulk import BULK_THRESHOLDS, fewer_collections
from projections.runner import Runner


def test_thresholds_are_raised_while_bulk_work_runs_and_restored_even_on_error() -> None:
    before = gc.get_threshold()
    assert before != BULK_THRESHOLDS
    with fewer_collections():
        assert gc.get_threshold() == BULK_THRESHOLDS
        with fewer_collections():  # nested: still bulk inside, still bulk after the inner one
            pass
        assert gc.get_threshold() == BULK_THRESHOLDS
    assert gc.get_threshold() == before
    with pytest.raises(RuntimeError), fewer_collections():
        raise RuntimeError("boom")
    assert gc.get_threshold() == before


def test_overlapping_bulk_works_in_two_threads_restore_the_thresholds_when_the_last_ends() -> None:
    before = gc.get_threshold()
    first, second = fewer_collections(), fewer_collections()
    first.__enter__()
    second.__enter__()  # as another thread would
    first.__exit__(None, None, None)  # the first ends while the second still runs
    assert gc.get_threshold() == BULK_THRESHOLDS
    second.__exit__(None, None, None)
    assert gc.get_threshold() == before


def test_catch_up_is_bulk_work(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = []
    monkeypatch.setattr(Runner, "prepare", lambda self, projections: seen.append(gc.get_threshold()) or {"audit": 0})
    monkeypatch.setattr(Runner, "head", lambda self: 0)
    Runner.catch_up(object.__new__(Runner))
    assert seen == [BULK_THRESHOLDS]
