"""The parts of an agreement's state that events build: versions, signatures, realisations."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from domain.document import Content

ItemKind = Literal["indikator", "anggaran"]


class Signature(BaseModel):
    party: str  # "pertama" | "kedua"
    signer: str  # the official's name as written in the version
    signer_title: str | None = None  # their jabatan; None on signatures recorded before it was
    place: str | None
    signed_on: date
    content_hash: str
    recorded_by: str


class AmendmentInfo(BaseModel):
    ground: str
    legal_basis: str
    reason: str
    opened_on: date
    opened_by: str


class Version(BaseModel):
    """One version of the agreement: 1 is the original PK, 2.. are PK Perubahan."""

    number: int
    content: Content
    signatures: dict[str, Signature] = Field(default_factory=dict)
    in_force_from: date | None = None
    superseded_on: date | None = None
    amendment: AmendmentInfo | None = None
    withdrawn: bool = False

    @property
    def is_fully_signed(self) -> bool:
        return {"pertama", "kedua"} <= set(self.signatures)


class RealisationEntry(BaseModel):
    """One recorded value; a correction is a later entry that names the entry it corrects."""

    seq: int  # the event's position in the agreement's log
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    note: str | None = None
    actor: str
    effective: date
    recorded_at: datetime
    corrects: int | None = None
    reason: str | None = None
    source: dict[str, Any] | None = None


class RealisationLog(BaseModel):
    """Every entry for one item (indicator or programme) and month, oldest first."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    kind: ItemKind
    item: str
    month: int
    entries: list[RealisationEntry] = Field(default_factory=list)

    @property
    def current(self) -> RealisationEntry:
        return self.entries[-1]


def realisation_key(kind: ItemKind, item: str, month: int) -> str:
    return f"{kind}:{item}:{month}"
