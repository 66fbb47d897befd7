"""Aggregate load: one agreement with 5.000 events, loaded with and without snapshots.

The agreement is a generated one whose year of realisations is followed by a long history of
corrections (every correction is a new event naming the value it corrects), saved through the
engine. The same events are written to two databases: one by the engine as it runs (a snapshot
each time the log passes a multiple of `Settings.snapshot_every`, 250 events), one by the engine
with snapshots turned off (`KINERJA_SNAPSHOT_EVERY=0`); each is then loaded by `app.get(code)`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from bench.generator import TODAY, YEAR, agreement_year
from bench.ingest import remove_database
from bench.lifecycle import ACTOR
from bench.timing import median_seconds
from domain.agreement import Agreement, Stamp, agreement_id
from domain.position import PositionSlot, position_slot_id
from kinerja_flow.application import KinerjaApp
from kinerja_flow.settings import SNAPSHOT_EVERY, Settings

_SAVE_EVERY = 50  # events per transaction while building the history (a few commands' worth)


def long_history(app: KinerjaApp, events: int) -> str:
    """Draft, sign, a year of realisations, then corrections until the log holds `events`."""
    year = agreement_year(0)
    stamp = Stamp(ACTOR, TODAY, TODAY)
    agreement = Agreement.draft(year.document, Stamp(ACTOR, date(YEAR, 1, 2), TODAY))
    state = agreement.state
    slot = PositionSlot.open(
        position_slot_id(state.agency, state.year, state.position), agreement.code, ACTOR,
        state.drafted_on,
    )
    agreement.sign(stamp, "pertama")
    agreement.sign(stamp, "kedua")
    for entry in year.realisations:
        if entry.kind == "anggaran":
            agreement.record_budget_realisation(stamp, entry.item, entry.month, entry.value or Decimal(0))
        else:
            agreement.record_realisation(
                stamp, entry.item, entry.month, entry.value, entry.numerator, entry.denominator
            )
    app.save(agreement, slot)
    round_ = 0
    while agreement.version < events:
        round_ += 1
        for entry in year.realisations:
            if agreement.version >= events:
                break
            bump = Decimal(round_)
            if entry.numerator is not None:
                agreement.correct_realisation(
                    stamp, "indikator", entry.item, entry.month, "Koreksi data dukung",
                    numerator=entry.numerator + bump, denominator=entry.denominator,
                )
            else:
                agreement.correct_realisation(
                    stamp, entry.kind, entry.item, entry.month, "Koreksi data dukung",  # type: ignore[arg-type]
                    value=(entry.value or Decimal(0)) + bump,
                )
            if agreement.version % _SAVE_EVERY == 0:
                app.save(agreement)
    app.save(agreement)
    return agreement.code


def measure_load(workdir: Path, events: int, runs: int) -> dict[str, float]:
    """Median seconds to load an agreement of at least `events` events, without and with
    snapshots. It gets `SNAPSHOT_EVERY - 1` events more than asked, so that a load from its last
    snapshot replays as many events as it ever can: the worst case, not the best."""
    events += SNAPSHOT_EVERY - 1
    results: dict[str, float] = {"events": events}
    for label, every in (("plain", 0), ("snapshots", SNAPSHOT_EVERY)):
        db = workdir / f"load-{label}.db"
        remove_database(db)
        app = KinerjaApp(Settings(db=str(db), actor=ACTOR, snapshot_every=every), clock=lambda: TODAY)
        try:
            code = long_history(app, events)
            assert app.state(code).version == events
            if app.snapshots is not None:
                last = list(app.snapshots.get(agreement_id(code), desc=True, limit=1))
                results["replayed_after_snapshot"] = events - (last[0].originator_version if last else 0)
            results[f"{label}_seconds"] = median_seconds(lambda: app.state(code), runs)
        finally:
            app.close()
    return results
