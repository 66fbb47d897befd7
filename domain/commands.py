"""Commands: what someone asks of an agreement, in the domain's words, as plain data.

The engine runs every command through one handler (`kinerja_flow.handlers`) inside one unit of
work; the CLI, the importer, the demo, the benchmark and the tests all send these. A command that
changes a target, a budget or a state carries its `reason`; `effective` is the business date the
act takes effect (None: today; never in the future). Realisations have no `effective`: they are
dated by their month.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from domain.document import AgreementDocument, Indicator, Objective, Party, Programme
from domain.import_batch import BatchKind
from domain.state import ItemKind

Periods = dict[int, Decimal] | None


@dataclass(frozen=True, kw_only=True)
class Command:
    """Base of every command."""


@dataclass(frozen=True, kw_only=True)
class OnAgreement(Command):
    """A command on one stored agreement, named by its code (kode PK)."""

    code: str


@dataclass(frozen=True, kw_only=True)
class Dated(OnAgreement):
    effective: date | None = None


# --------------------------------------------------------------------- drafting


@dataclass(frozen=True, kw_only=True)
class CreateAgreement(Command):
    """Draft a new agreement (version 1) from a document."""

    document: AgreementDocument
    reason: str | None = None
    source: dict[str, Any] | None = None  # provenance of an imported document
    effective: date | None = None


@dataclass(frozen=True, kw_only=True)
class ReviseDraft(Dated):
    """Bring the draft (original or open amendment) to a document's content, edit by edit."""

    document: AgreementDocument
    reason: str


@dataclass(frozen=True, kw_only=True)
class ChangeTarget(Dated):
    indicator: str
    target: str | Decimal
    reason: str | None
    target_triwulan: Periods = None
    target_bulan: Periods = None
    keep_periods: bool = True  # no period targets given: keep the old ones


@dataclass(frozen=True, kw_only=True)
class ChangeBudget(Dated):
    programme: str
    amount: Decimal
    reason: str | None
    anggaran_triwulan: Periods = None
    anggaran_bulan: Periods = None
    keep_periods: bool = True


@dataclass(frozen=True, kw_only=True)
class AddObjective(Dated):
    objective: Objective
    reason: str | None


@dataclass(frozen=True, kw_only=True)
class RemoveObjective(Dated):
    objective: str
    reason: str | None


@dataclass(frozen=True, kw_only=True)
class ReviseObjective(Dated):
    objective: str
    text: str
    reason: str | None


@dataclass(frozen=True, kw_only=True)
class AddIndicator(Dated):
    objective: str
    indicator: Indicator
    reason: str | None


@dataclass(frozen=True, kw_only=True)
class RemoveIndicator(Dated):
    indicator: str
    reason: str | None


@dataclass(frozen=True, kw_only=True)
class ReviseIndicator(Dated):
    """Anything of an indicator but its targets (`ChangeTarget` changes those)."""

    indicator: Indicator
    reason: str | None


@dataclass(frozen=True, kw_only=True)
class AddProgramme(Dated):
    programme: Programme
    reason: str | None


@dataclass(frozen=True, kw_only=True)
class RemoveProgramme(Dated):
    programme: str
    reason: str | None


@dataclass(frozen=True, kw_only=True)
class ReviseProgramme(Dated):
    """Anything of a programme but its budget (`ChangeBudget` changes that)."""

    programme: Programme
    reason: str | None


@dataclass(frozen=True, kw_only=True)
class ChangeParty(Dated):
    role: str  # "pertama" | "kedua"
    party: Party
    reason: str | None


@dataclass(frozen=True, kw_only=True)
class ChangeHeader(Dated):
    field: str  # "jenjang" | "induk"
    value: str | None
    reason: str | None


@dataclass(frozen=True, kw_only=True)
class ChangeScale(Dated):
    name: str
    definition: dict[str, Any] | None
    reason: str | None


@dataclass(frozen=True, kw_only=True)
class CancelAgreement(Dated):
    reason: str


# --------------------------------------------------------------------- signing and amendments


@dataclass(frozen=True, kw_only=True)
class Sign(Dated):
    party: str  # "pertama" | "kedua"
    place: str | None = None


@dataclass(frozen=True, kw_only=True)
class WithdrawSignature(Dated):
    party: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class OpenAmendment(Dated):
    """PK Perubahan; with a document, its changes are recorded in the same act."""

    ground: str
    legal_basis: str
    reason: str
    document: AgreementDocument | None = None


@dataclass(frozen=True, kw_only=True)
class WithdrawAmendment(Dated):
    reason: str


# --------------------------------------------------------------------- realisations


@dataclass(frozen=True, kw_only=True)
class RecordRealisation(OnAgreement):
    indicator: str
    month: int
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    note: str | None = None
    source: dict[str, Any] | None = None


@dataclass(frozen=True, kw_only=True)
class RecordBudgetRealisation(OnAgreement):
    programme: str
    month: int
    amount: Decimal
    note: str | None = None
    source: dict[str, Any] | None = None


@dataclass(frozen=True, kw_only=True)
class CorrectRealisation(OnAgreement):
    kind: ItemKind
    item: str
    month: int
    reason: str | None
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    note: str | None = None
    source: dict[str, Any] | None = None


# --------------------------------------------------------------------- quarters and review


@dataclass(frozen=True, kw_only=True)
class CloseQuarter(Dated):
    quarter: int
    reason: str | None


@dataclass(frozen=True, kw_only=True)
class ReopenQuarter(Dated):
    quarter: int
    reason: str | None


@dataclass(frozen=True, kw_only=True)
class SubmitForReview(Dated):
    reason: str | None


@dataclass(frozen=True, kw_only=True)
class ApproveReview(Dated):
    reason: str | None


@dataclass(frozen=True, kw_only=True)
class ReturnReview(Dated):
    findings: list[str]
    reason: str | None = None


# --------------------------------------------------------------------- imports


@dataclass(frozen=True, kw_only=True)
class RecordImport(Command):
    """Remember an imported file by its content, in the same act as what it recorded (and the
    agreements that act touched): the same file is never imported twice. Sent last."""

    file: str
    sha256: str
    kind: BatchKind
    records: int
