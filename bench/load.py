"""Aggregate load: one agreement with 5.000 events, loaded with and without snapshots.

The agreement is a generated one whose year of realisations is followed by a long history of
corrections (every correction is a new event naming the value it corrects), all sent through
`KinerjaApp.handle` in acts of a few commands. The same history is written to two databases:
one by the engine as it runs (a snapshot each time the log passes a multiple of
`Settings.snapshot_every`), one by the engine with snapshots turned off
(`KINERJA_SNAPSHOT_EVERY=0`); each is then loaded by `app.state(code)`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from bench.database import open_app, remove_database
from bench.generator import YEAR, Realisation, agreement_year
from bench.lifecycle import STEPS, Clock, commands
from bench.timing import median_seconds
from domain import commands as c
from domain.agreement import agreement_id
from kinerja_flow.application import KinerjaApp
from kinerja_flow.settings import SNAPSHOT_EVERY

_ACT = 50  # corrections per act without snapshots (a few commands' worth)


def _correction(code: str, entry: Realisation, bump: Decimal) -> c.CorrectRealisation:
    if entry.numerator is not None:
        return c.CorrectRealisation(
            code=code, kind="indikator", item=entry.item, month=entry.month,
            reason="Koreksi data dukung", numerator=entry.numerator + bump,
            denominator=entry.denominator)
    return c.CorrectRealisation(
        code=code, kind=entry.kind, item=entry.item, month=entry.month,  # type: ignore[arg-type]
        reason="Koreksi data dukung", value=(entry.value or Decimal(0)) + bump)


def long_history(app: KinerjaApp, events: int) -> str:
    """Draft, sign, a year of realisations (an act a month), then corrections until the
    agreement's log holds exactly `events`; returns its code. The acts of corrections end at
    the multiples of `snapshot_every` (of `_ACT` without snapshots), so the last snapshot is
    taken at the last multiple reached and a load replays every event after it."""
    year = agreement_year(0)
    code = year.document.kode
    version = app.handle(c.CreateAgreement(document=year.document, effective=date(YEAR, 1, 2))
                         ).state(code).version
    signatures = [c.Sign(code=code, party=party, effective=date(YEAR, 1, 5))
                  for party in ("pertama", "kedua")]
    version = app.handle(*signatures).state(code).version
    for step in (s for s in STEPS if s.kind == "month"):
        version = app.handle(*commands(year, step)).state(code).version
    every = app.settings.snapshot_every or _ACT
    round_ = 0
    while version < events:
        round_ += 1
        pending = [_correction(code, entry, Decimal(round_)) for entry in year.realisations]
        while pending and version < events:
            size = min(every - version % every, events - version)
            act, pending = pending[:size], pending[size:]
            version = app.handle(*act).state(code).version
    return code


def measure_load(workdir: Path, events: int, runs: int) -> dict[str, float]:
    """Median seconds to load an agreement of at least `events` events, without and with
    snapshots. It gets `SNAPSHOT_EVERY - 1` events more than asked, so that a load from its last
    snapshot replays as many events as it ever can: the worst case, not the best."""
    events += SNAPSHOT_EVERY - 1
    results: dict[str, float] = {"events": events}
    for label, every in (("plain", 0), ("snapshots", SNAPSHOT_EVERY)):
        db = workdir / f"load-{label}.db"
        remove_database(db)
        app = open_app(db, Clock(), snapshot_every=every)
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
