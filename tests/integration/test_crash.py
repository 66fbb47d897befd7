"""SIGKILL in the middle of work, on both backends: only whole commands, read models self-heal.

1. A process records a whole year of realisations per agreement (144 events, one command each)
   and is killed while doing so: every agreement afterwards has all of its year or none of it.
2. A process rebuilds the read models in small batches and is killed half-way: the next ordinary
   catch-up finishes the job, and the rows equal those of an uninterrupted rebuild.
"""

from __future__ import annotations

import random
import signal
import time
from pathlib import Path

import pytest
from processes import (
    INDICATORS,
    MONTHS,
    PROGRAMMES,
    SPAWN,
    agreement_codes,
    batch_writer,
    close_read_models,
    create_signed_agreements,
    full_year,
    open_read_models,
    read_model_rows,
    rebuilder,
)

from domain.agreement import agreement_id
from kinerja_flow.application import KinerjaApp
from kinerja_flow.settings import Settings

YEAR = len(MONTHS) * (len(INDICATORS) + len(PROGRAMMES))
REALISED = ("kinerja:Agreement.RealisationRecorded", "kinerja:Agreement.BudgetRealisationRecorded")
pytestmark = pytest.mark.slow


def _kill_after(target, args: tuple, progress: Path, lines: int, timeout: float = 45) -> None:  # noqa: ANN001
    """Run `target` in its own process and SIGKILL it once `progress` has `lines` lines, at a
    random moment shortly after (so the kill lands anywhere in the next unit of work)."""
    process = SPAWN.Process(target=target, args=args)
    process.start()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.is_alive():
        if progress.exists() and len(progress.read_text().splitlines()) >= lines:
            break
        time.sleep(0.01)
    time.sleep(random.uniform(0, 0.05))
    process.kill()
    process.join(10)
    assert process.exitcode == -signal.SIGKILL, f"finished before the kill (exit {process.exitcode})"


def test_killed_batch_leaves_only_whole_commands(db_url: str, tmp_path: Path) -> None:
    codes = agreement_codes(30)
    create_signed_agreements(db_url, codes)
    progress = tmp_path / "committed.txt"
    _kill_after(batch_writer, (db_url, codes, str(progress)), progress, lines=2)
    reported = progress.read_text().splitlines()

    app = KinerjaApp(Settings(db=db_url, actor="auditor"))
    try:
        realised = {}
        for code in codes:
            stored = app.recorder.select_events(agreement_id(code))
            assert [s.originator_version for s in stored] == list(range(1, len(stored) + 1))
            realised[code] = sum(s.topic in REALISED for s in stored)
            app.state(code)  # every stream still loads
        assert set(realised.values()) <= {0, YEAR}, realised
        done = [code for code in codes if realised[code] == YEAR]
        assert done == codes[: len(done)], "whole years recorded out of order"
        assert reported == done[: len(reported)] and len(done) - len(reported) <= 1
        assert len(done) < len(codes)

        app.handle(*full_year(codes[-1]))  # the store takes writes again
    finally:
        app.close()

    models = open_read_models(db_url)
    try:
        models.catch_up()
        caught_up = read_model_rows(models)
        models.rebuild()
        assert read_model_rows(models) == caught_up
    finally:
        close_read_models(models)


def test_a_killed_rebuild_leaves_the_live_read_models_whole(db_url: str, tmp_path: Path) -> None:
    """A rebuild fills new tables and swaps them in at the end: killed before the swap, the live
    read models are untouched; the next rebuild clears the half-built tables and ends the same."""
    codes = agreement_codes(20)
    create_signed_agreements(db_url, codes)
    batch_writer(db_url, codes, str(tmp_path / "setup.txt"))
    models = open_read_models(db_url)
    try:
        models.catch_up()
        expected = read_model_rows(models)
        tables = set(models.store.tables())
    finally:
        close_read_models(models)

    progress = tmp_path / "rebuild.txt"
    _kill_after(rebuilder, (db_url, str(progress)), progress, lines=4)
    position, head = map(int, progress.read_text().splitlines()[-1].split("/"))
    assert position < head, "the rebuild had finished before the kill"

    models = open_read_models(db_url)
    try:
        assert all(s.lag == 0 for s in models.status())
        assert read_model_rows(models) == expected
        assert set(models.store.tables()) > tables, "the half-built tables are left behind"
        models.rebuild()
        assert set(models.store.tables()) == tables
        assert read_model_rows(models) == expected
    finally:
        close_read_models(models)
