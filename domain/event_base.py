"""The base of every stored event: a frozen pydantic model with an explicit, stable topic."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.domain import CanMutateAggregate
from eventsourcing.utils import register_topic, resolve_topic
from pydantic import BaseModel, ConfigDict

from domain.input_rules import RECORDED


class KinerjaEvent(BaseModel, CanMutateAggregate[UUID]):
    """Who (`actor`), the business date (`effective`) and the recorded time (`timestamp`).

    A subclass that defines `TOPIC` is registered under it, so renaming or moving the class
    never breaks stored events.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    TOPIC: ClassVar[str]

    originator_id: UUID
    originator_version: int
    timestamp: datetime
    actor: str
    effective: date

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        if "TOPIC" in cls.__dict__:
            register_topic(cls.TOPIC, cls)
            _STORED[cls.TOPIC] = cls


_STORED: dict[str, type[KinerjaEvent]] = {}  # topic -> class: `decode` looks up every event read


def upcast(cls: type[Any], state: dict[str, Any]) -> dict[str, Any]:
    """Bring a stored state up to `cls.class_version` with the class's upcast methods."""
    target = getattr(cls, "class_version", 1)
    version = state.pop("class_version", 1)
    while version < target:
        getattr(cls, f"upcast_v{version}_v{version + 1}")(state)
        version += 1
    return state


def decode(topic: str, originator_id: UUID, originator_version: int, data: bytes) -> Any:
    """A stored event (its topic and the JSON of its state, as `state_json` wrote it) as the
    event it records, upcast to its class's current version.

    The one way stored bytes become events: the engine's mapper, the read side and `verify`.
    What was recorded is read as recorded (`RECORDED`): bounds added to the document's models
    later hold for new input only.
    """
    cls = _STORED.get(topic) or resolve_topic(topic)
    if getattr(cls, "class_version", 1) == 1:
        # Nothing to upcast: pydantic parses the stored bytes itself (faster than json.loads and
        # model_validate), with the envelope spliced in front of the stored fields.
        envelope = b'{"originator_id":"%s","originator_version":%d,' % (
            str(originator_id).encode(), originator_version)
        return cls.model_validate_json(envelope + data[1:] if data != b"{}" else envelope[:-1] + b"}",
                                       context=RECORDED)
    state = upcast(cls, json.loads(data))
    state["originator_id"] = originator_id
    state["originator_version"] = originator_version
    return cls.model_validate(state, context=RECORDED)


ENVELOPE = frozenset({"originator_id", "originator_version"})


def state_json(event: BaseModel) -> bytes:
    """How an event's state is stored: compact UTF-8 JSON of its fields but the envelope
    (`originator_id`, `originator_version`), in field order, serialised by pydantic's core (3-4x
    faster than `json.dumps(model_dump(mode="json"))`, and the same bytes), with
    `"class_version":N` last when the class is past version 1."""
    data: bytes = type(event).__pydantic_serializer__.to_json(event, exclude=ENVELOPE)
    class_version = getattr(type(event), "class_version", 1)
    if class_version > 1:
        data = data[:-1] + (b"," if len(data) > 2 else b"") + b'"class_version":%d}' % class_version
    return data
