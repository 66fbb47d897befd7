"""An imported file, remembered by its content: the same file is never imported twice.

The batch's id derives from the SHA-256 of the file, and the batch is saved in the same
transaction as everything the file records. A second import of the same bytes finds the batch
(or, if two run at once, collides on its id) and is refused: never a duplicate.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar, Literal
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import BaseAggregate, CanInitAggregate

from domain.event_base import KinerjaEvent

_NAMESPACE = uuid5(NAMESPACE_URL, "https://kinerja-flow/import-batch")

BatchKind = Literal["dokumen", "realisasi"]


def import_batch_id(sha256: str) -> UUID:
    return uuid5(_NAMESPACE, sha256.strip().lower())


class BatchRecorded(KinerjaEvent, CanInitAggregate[UUID]):
    """A file was imported: its name, content hash, what it held and which agreements it touched."""

    TOPIC: ClassVar[str] = "kinerja:ImportBatch.Recorded"
    originator_topic: str
    file: str
    sha256: str
    kind: BatchKind
    records: int
    agreements: list[str]

    def apply(self, aggregate: Any) -> None:
        aggregate.file = self.file
        aggregate.sha256 = self.sha256
        aggregate.kind = self.kind
        aggregate.records = self.records
        aggregate.agreements = list(self.agreements)
        aggregate.imported_by = self.actor
        aggregate.imported_at = self.timestamp


class ImportBatch(BaseAggregate[UUID]):
    """One imported file (dokumen PK or realisasi)."""

    TOPIC = "kinerja:ImportBatch"
    file: str
    sha256: str
    kind: BatchKind
    records: int
    agreements: list[str]
    imported_by: str
    imported_at: datetime

    def __init__(self) -> None:
        """State comes from `BatchRecorded.apply`."""

    @classmethod
    def record(
        cls, file: str, sha256: str, kind: BatchKind, records: int, agreements: list[str],
        actor: str, effective: date,
    ) -> ImportBatch:
        return cls._create(
            BatchRecorded, id=import_batch_id(sha256), file=file, sha256=sha256, kind=kind,
            records=records, agreements=sorted(set(agreements)), actor=actor, effective=effective,
        )
