"""Snapshots of the Agreement aggregate: the dump of its one state model (`AgreementState`).

`KinerjaApp.save` takes one each time an agreement's log passes a multiple of
`Settings.snapshot_every` events, and loading starts from the latest one instead of event 1.
Only the latest snapshot of an agreement is kept (`storage.prune_snapshots`): older ones would
never be read again.

Snapshots are disposable, never the record: the version of the state they hold is part of their
topic (`STATE_VERSION`). Raise it whenever `AgreementState` changes or any event's `apply_to`
changes what it does: older snapshots then no longer resolve, `KinerjaApp` passes over them and
replays the agreement from its events, and new snapshots are written as agreements grow.
"""

from __future__ import annotations

import zlib
from datetime import datetime, timezone
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.utils import TopicError, get_topic, register_topic, resolve_topic
from pydantic import BaseModel, ConfigDict, ValidationError

from domain.state import AgreementState

STATE_VERSION = 3  # 2: one AgreementState; 3: realisations keep their values only
# What loading a snapshot that cannot be used raises: one of another state version (its topic is
# not registered, or, were it registered again, its state would not validate), or a damaged one.
SNAPSHOT_OUTDATED = (TopicError, ValidationError, zlib.error)


class AgreementSnapshot(BaseModel):
    """The state of one agreement at `originator_version` (eventsourcing's snapshot protocol)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    TOPIC: ClassVar[str] = f"kinerja:Agreement.Snapshot.v{STATE_VERSION}"
    STORED_COMPRESSED: ClassVar[bool] = True  # see `kinerja_flow.mapper`

    originator_id: UUID
    originator_version: int
    timestamp: datetime
    topic: str
    state: AgreementState

    @classmethod
    def take(cls, aggregate: Any) -> AgreementSnapshot:
        return cls(
            originator_id=aggregate.id,
            originator_version=aggregate.version,
            timestamp=datetime.now(timezone.utc),
            topic=get_topic(type(aggregate)),
            state=aggregate.state,  # stored at once (`KinerjaApp.save`): no copy needed
        )

    def mutate(self, _: None) -> Any:
        """The aggregate as it was at this snapshot's version (the snapshot was just read from
        the store and is not used again, so its state becomes the aggregate's own)."""
        aggregate = object.__new__(resolve_topic(self.topic))
        state = self.state
        object.__setattr__(aggregate, "__dict__", {
            "_id": self.originator_id, "_version": self.originator_version,
            "_created_on": state.created_on, "_modified_on": state.modified_on,
            "_pending_events": [], "state": state,
        })
        return aggregate


register_topic(AgreementSnapshot.TOPIC, AgreementSnapshot)
