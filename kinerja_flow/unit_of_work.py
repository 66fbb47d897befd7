"""One act's unit of work: the aggregates it loads and changes, saved together or not at all.

Handlers (`kinerja_flow.handlers`) get their aggregates here, so two commands of one act (an
import, say) that touch the same agreement work on the same object and see each other's effect.
`KinerjaApp.handle` saves everything the unit of work holds in one transaction; on a concurrent
write it throws the unit away and runs the commands again on fresh state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from domain.agreement import Agreement, Stamp
from domain.errors import AgreementNotFound
from domain.identity import agreement_id
from domain.state import AgreementState

if TYPE_CHECKING:
    from kinerja_flow.application import KinerjaApp


@dataclass(frozen=True)
class Recorded:
    """What one act recorded: its events in order, each command's result, and the state of every
    agreement it touched as it is now (by code)."""

    events: list[Any]
    results: list[Any]
    states: dict[str, AgreementState] = field(default_factory=dict)

    @property
    def result(self) -> Any:
        """The result of the act's only (or last) command."""
        return self.results[-1] if self.results else None

    def state(self, code: str) -> AgreementState:
        return self.states[code.strip().upper()]

    def of(self, event_type: type) -> list[Any]:
        return [e for e in self.events if isinstance(e, event_type)]


class UnitOfWork:
    def __init__(self, app: KinerjaApp, stamp: Callable[[date | None], Stamp]) -> None:
        self._app = app
        self._stamp = stamp
        self._aggregates: dict[UUID, Any] = {}  # loaded or new, in the order they came

    def stamp(self, effective: date | None = None) -> Stamp:
        """Who acts, the business date (`effective`, default today) and today."""
        return self._stamp(effective)

    def agreement(self, code: str) -> Agreement:
        """The agreement, loaded once per act."""
        found = self.get(agreement_id(code))
        if found is None:
            raise AgreementNotFound(code)
        return found

    def exists(self, code: str) -> bool:
        key = agreement_id(code)
        return key in self._aggregates or self._app.exists_id(key)

    def get(self, aggregate_id: UUID) -> Any | None:
        """Any aggregate of the act (agreement, position slot, import batch), or None."""
        if aggregate_id not in self._aggregates:
            try:
                self._aggregates[aggregate_id] = self._app.load(aggregate_id)
            except AggregateNotFoundError:
                return None
        return self._aggregates[aggregate_id]

    def add(self, aggregate: Any) -> None:
        """A new aggregate, saved with the rest of the act."""
        self._aggregates[aggregate.id] = aggregate

    def codes(self) -> list[str]:
        """The codes of the agreements this act has touched so far."""
        return [a.code for a in self._aggregates.values() if isinstance(a, Agreement)]

    def changed(self) -> list[Any]:
        """The aggregates with something to save."""
        return [a for a in self._aggregates.values() if a.pending_events]

    def recorded(self, results: list[Any]) -> Recorded:
        """What saving now records (taken before the save, which clears the pending events)."""
        changed = self.changed()
        return Recorded(
            events=[event for aggregate in changed for event in aggregate.pending_events],
            results=results,
            states={a.code.upper(): a.state for a in self._aggregates.values()
                    if isinstance(a, Agreement)},
        )
