"""The base of every stored event: a frozen pydantic model with an explicit, stable topic."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.domain import CanMutateAggregate
from eventsourcing.utils import register_topic
from pydantic import BaseModel, ConfigDict


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
