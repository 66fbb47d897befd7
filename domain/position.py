"""One agreement per (agency, year, position of the first party): the position's slot.

The PK belongs to the position (jabatan), not to the person; a change of official is an
amendment. The slot is an aggregate of its own, saved in the same transaction as the
agreement, so two concurrent drafts for one position cannot both be stored.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import BaseAggregate, CanInitAggregate

from domain.errors import DomainError
from domain.event_base import KinerjaEvent

_NAMESPACE = uuid5(NAMESPACE_URL, "https://kinerja-flow/position")


def position_slot_id(agency: str, year: int, position: str) -> UUID:
    key = "|".join(" ".join(part.split()).casefold() for part in (agency, str(year), position))
    return uuid5(_NAMESPACE, key)


class SlotEvent(KinerjaEvent):
    agreement: str


class SlotOpened(SlotEvent, CanInitAggregate[UUID]):
    TOPIC: ClassVar[str] = "kinerja:PositionSlot.Opened"
    originator_topic: str

    def apply(self, aggregate: Any) -> None:
        aggregate.holder = self.agreement


class SlotClaimed(SlotEvent):
    TOPIC: ClassVar[str] = "kinerja:PositionSlot.Claimed"

    def apply(self, aggregate: Any) -> None:
        aggregate.holder = self.agreement


class SlotReleased(SlotEvent):
    TOPIC: ClassVar[str] = "kinerja:PositionSlot.Released"

    def apply(self, aggregate: Any) -> None:
        aggregate.holder = None


class PositionSlot(BaseAggregate[UUID]):
    """Which agreement holds a position's PK for a year (None once that one is cancelled)."""

    TOPIC = "kinerja:PositionSlot"
    holder: str | None

    def __init__(self) -> None:
        """State comes from `SlotOpened.apply`."""

    @classmethod
    def open(cls, slot_id: UUID, agreement: str, actor: str, effective: date) -> PositionSlot:
        return cls._create(SlotOpened, id=slot_id, agreement=agreement, actor=actor, effective=effective)

    def claim(self, agreement: str, actor: str, effective: date) -> None:
        if self.holder is not None:
            raise DomainError(
                f"Jabatan ini sudah punya PK untuk tahun tersebut: {self.holder}. "
                "Satu jabatan hanya punya satu PK per tahun; pergantian pejabat adalah PK Perubahan."
            )
        self.trigger_event(SlotClaimed, agreement=agreement, actor=actor, effective=effective)

    def release(self, agreement: str, actor: str, effective: date) -> None:
        self.trigger_event(SlotReleased, agreement=agreement, actor=actor, effective=effective)
