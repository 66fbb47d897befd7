"""Our pydantic mapper: events are pydantic models, stored as compact JSON.

eventsourcing 9.5 ships no pydantic mapper. This one stores an event's state as
`domain.event_base.state_json` writes it and reads it back with `domain.event_base.decode`, which
runs the event class's upcasters (`upcast_v1_v2`, ...) first, so `class_version` schema evolution
works. Both live in the domain so that the read side and `verify` decode exactly as the engine
does (stored events are validated with the `RECORDED` context: bounds added to the document's
models after an event was stored hold for new input only, and never make the record unreadable).
Compression and encryption, when configured, wrap those bytes.
"""

from __future__ import annotations

import json
import zlib
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Mapper, StoredEvent, Transcoder, Transcoding
from eventsourcing.utils import get_topic, resolve_topic
from pydantic import BaseModel

from domain.event_base import decode, state_json


class JSONBytes(Transcoder):
    """Plain compact JSON; pydantic already turned every value into JSON types."""

    def encode(self, obj: Any) -> bytes:
        return json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode("utf-8")

    def decode(self, data: bytes) -> Any:
        return json.loads(data)

    def register(self, transcoding: Transcoding) -> None:  # pragma: no cover - not used
        raise NotImplementedError("events are pydantic models; no transcodings needed")


def _compressed(cls: type[Any]) -> bool:
    """Snapshots (a whole agreement's state, ~35 KB of JSON a year) are stored compressed;
    events are not: their stored bytes are what the record's hashes are computed over."""
    return getattr(cls, "STORED_COMPRESSED", False)


class PydanticMapper(Mapper[UUID]):
    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        model: BaseModel = domain_event
        data = state_json(model)
        if _compressed(type(model)):
            data = zlib.compress(data, 1)
        if self.compressor:
            data = self.compressor.compress(data)
        if self.cipher:
            data = self.cipher.encrypt(data)
        return StoredEvent(
            originator_id=domain_event.originator_id,
            originator_version=domain_event.originator_version,
            topic=get_topic(type(model)),
            state=data,
        )

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        data = stored_event.state
        if self.cipher:
            data = self.cipher.decrypt(data)
        if self.compressor:
            data = self.compressor.decompress(data)
        if _compressed(resolve_topic(stored_event.topic)):
            data = zlib.decompress(data)
        return decode(stored_event.topic, stored_event.originator_id,
                      stored_event.originator_version, data)
