"""The read side's picture of one agreement, evolved by the domain events themselves.

The read models are derived from this state rather than from the `Agreement` aggregate: it is a
plain, serialisable value that the events' own `apply()` methods evolve, without the aggregate's
version checks, so it can also be built from a filtered prefix of the log (`--as-of`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field

from domain.errors import DomainError
from domain.events import AgreementEvent, Drafted
from domain.state import RealisationLog, Version
from domain.status import QuarterState, Status

AGREEMENT_TOPIC_PREFIX = "kinerja:Agreement."


class AgreementState(BaseModel):
    """Everything the read models need to know about one agreement at one point of its log."""

    id: UUID
    code: str = ""
    year: int = 0
    agency: str = ""
    position: str = ""
    status: Status = Status.DRAFT
    drafted_on: date | None = None
    versions: list[Version] = Field(default_factory=list)
    realisations: dict[str, RealisationLog] = Field(default_factory=dict)
    quarters: dict[int, QuarterState] = Field(default_factory=dict)
    findings: list[str] = Field(default_factory=list)
    seq: int = 0  # originator_version of the last event applied
    updated_at: datetime | None = None  # recorded time of the last event applied

    def version_in_force(self) -> Version:
        """Used by `AmendmentOpened.apply`; the latest version both parties signed."""
        version = self.in_force()
        if version is None:
            raise DomainError(f"PK {self.code} belum berlaku.")
        return version

    def in_force(self) -> Version | None:
        in_force = [v for v in self.versions if v.in_force_from is not None]
        return in_force[-1] if in_force else None

    def draft(self) -> Version | None:
        """The version being drafted (the original before signing, or an open amendment)."""
        if self.status in (Status.DRAFT, Status.AMENDING) and self.versions:
            return self.versions[-1]
        return None

    def apply(self, event: AgreementEvent) -> None:
        event.apply(self)
        self.seq = event.originator_version
        self.updated_at = event.timestamp


def new_state(event: AgreementEvent) -> AgreementState:
    """The state an agreement's first event (`Drafted`) starts."""
    if not isinstance(event, Drafted):
        raise ValueError(f"an agreement's log starts with Drafted, not {type(event).__name__}")
    state = AgreementState(id=event.originator_id)
    state.apply(event)
    return state


def replay(events: list[Any], start: AgreementState | None = None) -> AgreementState | None:
    """Apply `events` (one agreement's, in order) to `start`, or from nothing."""
    state = start
    for event in events:
        if state is None:
            state = new_state(event)
        else:
            state.apply(event)
    return state
