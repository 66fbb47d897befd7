"""Agreement snapshots, on SQLite and PostgreSQL: the engine snapshots an agreement each time its
log passes a multiple of `snapshot_every` events, and an agreement loaded from a snapshot has
exactly the state of a full replay (a snapshot is the dump of the one `AgreementState`)."""

from __future__ import annotations

import logging
import zlib
from pathlib import Path

import pytest
from eventsourcing.persistence import IntegrityError, OperationalError, StoredEvent

from bench.generator import TODAY, agreement_year
from bench.lifecycle import ACTOR, play_year
from bench.load import long_history
from domain import commands as c
from domain.agreement import Agreement, agreement_id
from domain.events import PeriodEntry
from kinerja_flow.application import KinerjaApp
from kinerja_flow.settings import SNAPSHOT_EVERY, Settings, SettingsError
from kinerja_flow.snapshots import AgreementSnapshot
from tests.entries import last_entry


def engine(db_url: str, snapshot_every: int = 100) -> KinerjaApp:
    return KinerjaApp(Settings(db=db_url, actor=ACTOR, snapshot_every=snapshot_every),
                      clock=lambda: TODAY)


def snapshot_versions(app: KinerjaApp, code: str) -> list[int]:
    assert app.snapshots is not None
    return [s.originator_version for s in app.snapshots.get(agreement_id(code))]


def load(app: KinerjaApp, code: str) -> Agreement:
    return app.load(agreement_id(code))


def test_one_bulk_save_takes_one_snapshot_and_a_load_from_it_equals_a_full_replay(db_url: str) -> None:
    app, plain = engine(db_url), engine(db_url, snapshot_every=0)
    year = next(y for y in map(agreement_year, range(20)) if y.amendment is not None)
    agreement, slot = play_year(year)
    app.save(agreement, slot)
    assert agreement.version > 100
    assert snapshot_versions(app, agreement.code) == [agreement.version]  # taken from memory, once
    assert all(isinstance(s, AgreementSnapshot) for s in app.snapshots.get(agreement.id))

    assert plain.snapshots is None
    replayed, from_snapshot = load(plain, agreement.code), load(app, agreement.code)
    assert vars(replayed) == vars(agreement)
    assert from_snapshot.state == replayed.state == agreement.state
    app.close()
    plain.close()


def test_small_saves_snapshot_when_they_pass_a_multiple_and_only_the_latest_is_kept(
        db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    app, plain = engine(db_url, snapshot_every=40), engine(db_url, snapshot_every=0)
    assert app.snapshots is not None
    taken: list[int] = []
    put = app.snapshots.put

    def recording(snapshots: list[AgreementSnapshot], **kwargs: object) -> object:
        taken.extend(s.originator_version for s in snapshots)
        return put(snapshots, **kwargs)

    monkeypatch.setattr(app.snapshots, "put", recording)
    code = long_history(app, 260)  # saves every 50 events after the year's first ~200
    assert taken == sorted(taken) and len(taken) >= 3
    assert all(b // 40 > a // 40 for a, b in zip(taken, taken[1:]))  # one per multiple passed
    assert 260 - taken[-1] < 50
    assert snapshot_versions(app, code) == [taken[-1]]  # older ones are never read again
    assert load(app, code).state == load(plain, code).state
    app.close()
    plain.close()


def test_corrections_after_a_snapshot_name_the_current_entry_and_history_stays_whole(db_url: str) -> None:
    app, plain = engine(db_url), engine(db_url, snapshot_every=0)
    code = long_history(app, 230)
    assert snapshot_versions(app, code)
    state = app.state(code)
    corrected = [k for k, r in state.realisations.items() if r.entries > 1 and r.kind == "anggaran"]
    assert corrected, "the history must hold corrections for this test to mean anything"
    current = state.realisations[corrected[0]]
    app.handle(c.CorrectRealisation(code=code, kind="anggaran", item=current.item,
                                    month=current.month, reason="koreksi lagi",
                                    value=current.value + 1))  # type: ignore[operator]
    after = plain.state(code).realisations[corrected[0]]
    assert after.entries == current.entries + 1
    assert last_entry(plain, code, "anggaran", current.item, current.month).corrects == current.seq  # type: ignore[attr-defined]
    logged = [e for e in map(app.mapper.to_domain_event, app.recorder.select_events(agreement_id(code)))
              if isinstance(e, PeriodEntry) and e.period() == ("anggaran", current.item, current.month)]
    assert len(logged) == after.entries  # every value stays in the log
    app.close()
    plain.close()


@pytest.mark.parametrize("failure", [
    OperationalError("database is locked"), IntegrityError("duplicate snapshot"), ValueError("bug"),
], ids=["busy", "integrity", "other"])
def test_a_snapshot_that_cannot_be_stored_is_a_warning_not_a_failed_command(
        db_url: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
        failure: Exception) -> None:
    app = engine(db_url)
    assert app.snapshots is not None

    def failing(*_: object, **__: object) -> None:
        raise failure

    monkeypatch.setattr(app.snapshots, "put", failing)
    agreement, slot = play_year(agreement_year(0))
    with caplog.at_level(logging.WARNING):
        app.save(agreement, slot)  # does not raise: the events are stored
    assert f"Snapshot PK {agreement.code} tidak disimpan" in caplog.text
    monkeypatch.undo()
    assert load(app, agreement.code).version == agreement.version
    assert snapshot_versions(app, agreement.code) == []
    app.close()


@pytest.mark.parametrize("topic, state", [
    ("kinerja:Agreement.Snapshot.v0", b"{}"),  # a state version no longer registered
    (AgreementSnapshot.TOPIC,
     zlib.compress(b'{"timestamp":"2025-01-31T00:00:00+00:00","topic":"x","state":{}}')),
    (AgreementSnapshot.TOPIC, b"not compressed"),  # damaged
], ids=["old-topic", "invalid-state", "damaged"])
def test_an_outdated_snapshot_is_passed_over_and_the_agreement_replayed(
        db_url: str, topic: str, state: bytes) -> None:
    app = engine(db_url)
    agreement, slot = play_year(agreement_year(0))
    app.save(agreement, slot)
    assert app.snapshots is not None
    app.snapshots.recorder.insert_events([StoredEvent(
        originator_id=agreement.id, originator_version=agreement.version + 1000, topic=topic,
        state=state,
    )])
    assert vars(load(app, agreement.code)) == vars(agreement)
    app.close()


def test_snapshot_every_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KINERJA_SNAPSHOT_EVERY", "0")
    assert Settings(db=str(tmp_path / "k.db")).snapshot_every == 0
    monkeypatch.setenv("KINERJA_SNAPSHOT_EVERY", "")  # empty: as if unset
    assert Settings(db=str(tmp_path / "k.db")).snapshot_every == SNAPSHOT_EVERY
    monkeypatch.setenv("KINERJA_SNAPSHOT_EVERY", "-3")
    with pytest.raises(SettingsError, match="KINERJA_SNAPSHOT_EVERY"):
        Settings(db=str(tmp_path / "k.db"))
