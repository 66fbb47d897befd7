"""Agreement snapshots: an agreement loaded from a snapshot has the state the rules see after a
full replay (each realisation's current entry; the history stays in the log)."""

from __future__ import annotations

from pathlib import Path

from bench.generator import TODAY, agreement_year
from bench.lifecycle import ACTOR, play_year
from bench.load import SNAPSHOT_INTERVAL, SnapshottingApp, long_history
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
    assert vars(replayed) == vars(agreement)
    history = {"realisations"}
    assert {k: v for k, v in vars(from_snapshot).items() if k not in history} == {
        k: v for k, v in vars(replayed).items() if k not in history
    }
    # A snapshot keeps each realisation's current entry (what the rules need), not its history.
    assert from_snapshot.realisations.keys() == replayed.realisations.keys()
    for key, log in replayed.realisations.items():
        assert from_snapshot.realisations[key].current == log.current
    app.close()
    plain.close()



def test_a_snapshot_keeps_current_entries_only_and_corrections_still_work(tmp_path: Path) -> None:
    """With corrections in the log, the snapshot keeps each realisation's current entry."""
    settings = Settings(db=str(tmp_path / "k.db"), actor=ACTOR)
    app = SnapshottingApp(settings, clock=lambda: TODAY)
    plain = KinerjaApp(settings, clock=lambda: TODAY)
    code = long_history(app, 2 * SNAPSHOT_INTERVAL + 30)
    replayed, from_snapshot = plain.get(code), app.get(code)
    corrected = [k for k, log in replayed.realisations.items()
                 if len(log.entries) > 1 and log.kind == "anggaran"]
    assert corrected, "the history must hold corrections for this test to mean anything"
    for key in corrected:
        assert from_snapshot.realisations[key].current == replayed.realisations[key].current
    assert any(  # entries older than the snapshot's current one are left to the log
        len(from_snapshot.realisations[k].entries) < len(replayed.realisations[k].entries)
        for k in corrected
    )

    log = replayed.realisations[corrected[0]]
    app.correct_realisation(code, "anggaran", log.item, log.month, "koreksi lagi",
                            value=log.current.value + 1)
    after = plain.get(code).realisations[corrected[0]]
    assert after.current.corrects == log.current.seq
    assert after.entries[:-1] == log.entries  # the history is whole in the log
    app.close()
    plain.close()
