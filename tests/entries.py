"""A realisation's entries as its events record them (who, when, why, from where): the state
keeps only the current values, so tests that check those details read the log."""

from __future__ import annotations

from domain.events import PeriodEntry
from domain.identity import agreement_id
from kinerja_flow.application import KinerjaApp


def entry_events(app: KinerjaApp, code: str, kind: str, item: str, month: int) -> list[PeriodEntry]:
    """Every entry of one indicator's or programme's month, in log order."""
    return [e for e in app.repository.event_store.get(agreement_id(code))
            if isinstance(e, PeriodEntry) and e.period() == (kind, item, month)]


def last_entry(app: KinerjaApp, code: str, kind: str, item: str, month: int) -> PeriodEntry:
    return entry_events(app, code, kind, item, month)[-1]
