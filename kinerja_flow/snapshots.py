"""Snapshots of the Agreement aggregate, as pydantic models our mapper can store.

eventsourcing's own `Snapshot` is a dataclass holding `vars(aggregate)`; `PydanticMapper` stores
pydantic models only, so this snapshot types the aggregate's state. `KinerjaApp.save` takes one
each time an agreement's log passes a multiple of `Settings.snapshot_every` events, and loading
starts from the latest one instead of event 1. Realisations keep only their current entry (see
`take`).

Snapshots are disposable, never the record: the version of the state they hold is part of their
topic (`STATE_VERSION`). Raise it whenever the aggregate's attributes change or any event's
`apply` changes what it does: older snapshots then no longer resolve, `KinerjaApp` passes over
them and replays the agreement from its events, and new snapshots are written as agreements grow.
The round-trip tests in `tests/app/test_snapshots.py` compare every attribute.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.utils import TopicError, get_topic, register_topic, resolve_topic
from pydantic import BaseModel, ConfigDict, ValidationError

from domain.state import RealisationLog, Version
from domain.status import QuarterState, Status

_ENVELOPE = ("_id", "_version", "_pending_events")
STATE_VERSION = 1
# What loading a snapshot of another state version raises: its topic is not registered (or,
# were it registered again, its state would not validate).
SNAPSHOT_OUTDATED = (TopicError, ValidationError)


class AgreementSnapshotState(BaseModel):
    """Every attribute of an `Agreement` but its id, version and pending events."""

    model_config = ConfigDict(extra="forbid")

    created_on: datetime
    modified_on: datetime
    code: str
    year: int
    agency: str
    position: str
    status: Status
    drafted_on: date
    versions: list[Version]
    realisations: dict[str, RealisationLog]
    quarters: dict[int, QuarterState]
    findings: list[str]
    last_effective: date


class AgreementSnapshot(BaseModel):
    """The state of one agreement at `originator_version` (eventsourcing's snapshot protocol)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    TOPIC: ClassVar[str] = f"kinerja:Agreement.Snapshot.v{STATE_VERSION}"

    originator_id: UUID
    originator_version: int
    timestamp: datetime
    topic: str
    state: AgreementSnapshotState

    @classmethod
    def take(cls, aggregate: Any) -> AgreementSnapshot:
        """Snapshot the aggregate, keeping of each realisation only its current entry.

        The rules need no more (is there a value, which entry a correction replaces); the
        history stays in the event log and the read models. A year of corrections would
        otherwise make the snapshot grow with every event (1,1 MB at 5.000 events).
        """
        attributes = {k.lstrip("_"): v for k, v in vars(aggregate).items() if k not in _ENVELOPE}
        attributes["realisations"] = {  # a log of one entry is already what the snapshot keeps
            key: log if len(log.entries) == 1 else log.model_copy(update={"entries": [log.current]})
            for key, log in attributes["realisations"].items()
        }
        return cls(
            originator_id=aggregate.id,
            originator_version=aggregate.version,
            timestamp=datetime.now(timezone.utc),
            topic=get_topic(type(aggregate)),
            state=AgreementSnapshotState.model_validate(attributes),
        )

    def mutate(self, _: None) -> Any:
        """The aggregate as it was at this snapshot's version."""
        aggregate = object.__new__(resolve_topic(self.topic))
        attributes = {field: getattr(self.state, field) for field in AgreementSnapshotState.model_fields}
        for envelope in ("created_on", "modified_on"):
            attributes[f"_{envelope}"] = attributes.pop(envelope)
        attributes.update(_id=self.originator_id, _version=self.originator_version, _pending_events=[])
        object.__setattr__(aggregate, "__dict__", attributes)
        return aggregate


register_topic(AgreementSnapshot.TOPIC, AgreementSnapshot)
