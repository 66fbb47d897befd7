"""The agreement's state: ONE pydantic model, what its events have made of it.

The same model is the aggregate's state (`domain.agreement.Agreement.state`), a snapshot (its
dump), the read side's picture of an agreement (`projections`) and an agreement "as of" a past
day. Events change it through one function, `domain.events.evolve`. The rule queries that every
one of them needs (the version in force, the version being drafted, a realisation) live here,
once.

A realisation keeps its current values only (with the number of entries it has had): the rules
need no more (is there a value, which entry a correction replaces), and every entry, with who
recorded it, when, why and from where, stays in the event log and in the read models' history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

from domain.document import Content
from domain.errors import DomainError
from domain.status import QuarterState, Status

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

    @property
    def label(self) -> str:
        """How users name it: "versi 1 (PK awal)", "versi 2 (PK Perubahan)"."""
        return f"versi {self.number} ({'PK awal' if self.number == 1 else 'PK Perubahan'})"


@dataclass(slots=True, kw_only=True)
class Realisation:
    """The current entry of one item (indicator or programme) and month: its values, the
    position of the event that recorded it in the agreement's log (`seq`: a correction names the
    entry it replaces by it) and how many entries the month has had.

    Only what the rules and the figures need. Who recorded it, when, why and from which file are
    in the entry's event (the audit trail and `export realisations` show them): a state carries
    every month of the year, is read back and written on every command and catch-up, and those
    fields were nine tenths of its bytes, so a December import cost twice a January one.

    A plain dataclass, treated as a value (a new entry replaces it, nothing changes it in place):
    one is made for each of a year's ~20.000 realisation events on every replay, from an event
    pydantic has already validated. pydantic validates it where a state is read back.
    """

    kind: ItemKind
    item: str
    month: int
    seq: int
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    entries: int = 1


def realisation_key(kind: ItemKind, item: str, month: int) -> str:
    """The one key of a realisation in `AgreementState.realisations`."""
    return f"{kind}:{item}:{month}"


class AgreementState(BaseModel):
    """Everything an agreement's events say about it, at one point of its log."""

    id: UUID
    version: int  # originator_version of the last event applied
    created_on: datetime  # recorded time of the first event
    modified_on: datetime  # recorded time of the last event
    code: str
    year: int
    agency: str
    position: str  # the first party's position (jabatan): the PK belongs to it
    status: Status
    drafted_on: date
    last_effective: date  # business date of the latest lifecycle or edit event
    versions: list[Version]
    realisations: dict[str, Realisation] = Field(default_factory=dict)
    quarters: dict[int, QuarterState] = Field(
        default_factory=lambda: {q: QuarterState.OPEN for q in (1, 2, 3, 4)}
    )
    findings: list[str] = Field(default_factory=list)

    # ----------------------------------------------------------------- rule queries

    def in_force(self) -> Version | None:
        """The latest version both parties signed, if any."""
        for version in reversed(self.versions):
            if version.in_force_from is not None:
                return version
        return None

    def version_in_force(self) -> Version:
        """The version in force; refused when no version has been signed by both parties yet."""
        version = self.in_force()
        if version is None:
            raise DomainError(f"PK {self.code} belum berlaku: belum ditandatangani kedua pihak.")
        return version

    def draft(self) -> Version | None:
        """The version being drafted (the original before signing, or an open amendment)."""
        if self.status in (Status.DRAFT, Status.AMENDING):
            return self.versions[-1]
        return None

    def shown_version(self) -> Version:
        """What the agreement says now: the version in force, or (before that) the draft."""
        return self.in_force() or self.versions[-1]

    def realisation(self, kind: ItemKind, item: str, month: int) -> Realisation | None:
        return self.realisations.get(realisation_key(kind, item, month))

    def realisations_of(self, kind: ItemKind, item: str) -> dict[int, Realisation]:
        """month -> the current entry, for one indicator or programme."""
        found = {}
        for month in range(1, 13):
            entry = self.realisations.get(realisation_key(kind, item, month))
            if entry is not None:
                found[month] = entry
        return found
