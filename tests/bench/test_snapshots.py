"""Agreement snapshots: an agreement loaded from a snapshot equals the one replayed from event 1."""

from __future__ import annotations

from pathlib import Path

from bench.generator import TODAY, agreement_year
from bench.lifecycle import ACTOR, play_year
from bench.load import SNAPSHOT_INTERVAL, SnapshottingApp
from kinerja_flow.application import KinerjaApp
from kinerja_flow.settings import Settings
from kinerja_flow.snapshots import AgreementSnapshot


def test_snapshot_load_equals_full_replay(tmp_path: Path) -> None:
    settings = Settings(db=str(tmp_path / "k.db"), actor=ACTOR)
    app = SnapshottingApp(settings, clock=lambda: TODAY)
    year = next(y for y in map(agreement_year, range(20)) if y.amendment is not None)
    agreement, slot = play_year(year)
    app.save(agreement, slot)
    assert agreement.version > SNAPSHOT_INTERVAL
    snapshots = app.snapshots.get(agreement.id) if app.snapshots else []
    assert [s.originator_version for s in snapshots] == list(
        range(SNAPSHOT_INTERVAL, agreement.version + 1, SNAPSHOT_INTERVAL)
    )
    assert all(isinstance(s, AgreementSnapshot) for s in snapshots)

    from_snapshot = app.get(year.document.kode)
    plain = KinerjaApp(settings, clock=lambda: TODAY)
    replayed = plain.get(year.document.kode)
    assert vars(from_snapshot) == vars(replayed) == vars(agreement)
    app.close()
    plain.close()
