"""The agreement's events: the record itself, and how each one evolves the state.

Every event carries `actor` (who), `effective` (the business date) and, where something changes,
`reason` (why); `timestamp` is the recorded time, set by the system. Topics are explicit and
stable (`kinerja:...`), so renaming a class never breaks stored events. To change an event's
schema, raise its `class_version` and add `upcast_vN_vN+1(state)`; our mapper
(`kinerja_flow.mapper`) runs the upcasters on stored events.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, ClassVar, Literal
from uuid import UUID

from eventsourcing.domain import CanInitAggregate

from domain import content_ops
from domain.document import Content, Indicator, Objective, Party, Programme
from domain.event_base import KinerjaEvent
from domain.state import (
    AgreementState,
    AmendmentInfo,
    ItemKind,
    Realisation,
    Signature,
    Version,
    realisation_key,
)
from domain.status import QuarterState, Status

EVENT_CLASSES: dict[str, type[AgreementEvent]] = {}


class AgreementEvent(KinerjaEvent):
    """Base of every agreement event; `reason` says why (required where something changes)."""

    KIND: ClassVar[str]  # short name used by the audit trail and `--kind`

    reason: str | None = None

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        if "TOPIC" in cls.__dict__:
            EVENT_CLASSES[cls.KIND] = cls

    def apply_to(self, state: AgreementState) -> None:
        """How this event changes the agreement's state (overridden per event)."""
        raise NotImplementedError

    def apply(self, aggregate: Any) -> None:
        """eventsourcing's hook, after its own id and version checks: the aggregate's state
        evolves exactly as every other copy of the state does."""
        aggregate.state = evolve(getattr(aggregate, "state", None), self)


def evolve(state: AgreementState | None, event: AgreementEvent) -> AgreementState:
    """The state after `event`: the one projector of agreement events, used by the aggregate,
    snapshots' replays, the read side, `--as-of` and the tests. `state` is changed in place.

    It also remembers the latest business date of the agreement's life; realisation entries are
    dated by the month they belong to, so they do not count.
    """
    if state is None:
        if not isinstance(event, Drafted):
            raise ValueError(f"an agreement's log starts with Drafted, not {type(event).__name__}")
        return event.start()
    event.apply_to(state)
    state.version = event.originator_version
    state.modified_on = event.timestamp
    if not isinstance(event, PeriodEntry) and event.effective > state.last_effective:
        state.last_effective = event.effective
    return state


def project(events: Iterable[AgreementEvent], state: AgreementState | None = None
            ) -> AgreementState | None:
    """`events` (one agreement's, in order) applied to `state`, or from nothing."""
    for event in events:
        state = evolve(state, event)
    return state


class Drafted(AgreementEvent, CanInitAggregate[UUID]):
    """A new agreement (version 1) drafted from a validated document."""

    TOPIC: ClassVar[str] = "kinerja:Agreement.Drafted"
    KIND: ClassVar[str] = "Drafted"
    originator_topic: str
    code: str
    year: int
    agency: str
    content: Content
    source: dict[str, Any] | None = None  # provenance of an imported document (file, sha256)

    def start(self) -> AgreementState:
        return AgreementState(
            id=self.originator_id, version=self.originator_version, created_on=self.timestamp,
            modified_on=self.timestamp, code=self.code, year=self.year, agency=self.agency,
            position=self.content.pihak_pertama.jabatan, status=Status.DRAFT,
            drafted_on=self.effective, last_effective=self.effective,
            versions=[Version(number=1, content=self.content)],
        )


class _DraftEdit(AgreementEvent):
    """An edit of the version in draft (the original, or an open amendment)."""

    def apply_to(self, state: AgreementState) -> None:
        draft = state.versions[-1]
        draft.content = self.edit(draft.content)

    def edit(self, content: Content) -> Content:
        raise NotImplementedError


class TargetChanged(_DraftEdit):
    TOPIC: ClassVar[str] = "kinerja:Agreement.TargetChanged"
    KIND: ClassVar[str] = "TargetChanged"
    indicator: str
    old_target: str
    new_target: str
    old_periods: dict[str, dict[int, Decimal] | None]
    new_periods: dict[str, dict[int, Decimal] | None]

    def edit(self, content: Content) -> Content:
        return content_ops.set_target(content, self.indicator, self.new_target, self.new_periods)


class BudgetChanged(_DraftEdit):
    TOPIC: ClassVar[str] = "kinerja:Agreement.BudgetChanged"
    KIND: ClassVar[str] = "BudgetChanged"
    programme: str
    old_amount: Decimal
    new_amount: Decimal
    old_periods: dict[str, dict[int, Decimal] | None]
    new_periods: dict[str, dict[int, Decimal] | None]

    def edit(self, content: Content) -> Content:
        return content_ops.set_budget(content, self.programme, self.new_amount, self.new_periods)


class ObjectiveAdded(_DraftEdit):
    TOPIC: ClassVar[str] = "kinerja:Agreement.ObjectiveAdded"
    KIND: ClassVar[str] = "ObjectiveAdded"
    objective: Objective

    def edit(self, content: Content) -> Content:
        return content_ops.add_objective(content, self.objective)


class ObjectiveRemoved(_DraftEdit):
    TOPIC: ClassVar[str] = "kinerja:Agreement.ObjectiveRemoved"
    KIND: ClassVar[str] = "ObjectiveRemoved"
    objective: Objective  # as it was, so the audit trail can show it

    def edit(self, content: Content) -> Content:
        return content_ops.remove_objective(content, self.objective.kode)


class ObjectiveRevised(_DraftEdit):
    TOPIC: ClassVar[str] = "kinerja:Agreement.ObjectiveRevised"
    KIND: ClassVar[str] = "ObjectiveRevised"
    objective: str
    old_text: str
    new_text: str

    def edit(self, content: Content) -> Content:
        return content_ops.revise_objective(content, self.objective, self.new_text)


class IndicatorAdded(_DraftEdit):
    TOPIC: ClassVar[str] = "kinerja:Agreement.IndicatorAdded"
    KIND: ClassVar[str] = "IndicatorAdded"
    objective: str
    indicator: Indicator

    def edit(self, content: Content) -> Content:
        return content_ops.add_indicator(content, self.objective, self.indicator)


class IndicatorRemoved(_DraftEdit):
    TOPIC: ClassVar[str] = "kinerja:Agreement.IndicatorRemoved"
    KIND: ClassVar[str] = "IndicatorRemoved"
    objective: str
    indicator: Indicator

    def edit(self, content: Content) -> Content:
        return content_ops.remove_indicator(content, self.indicator.kode)


class IndicatorRevised(_DraftEdit):
    """Attributes other than targets (text, unit, direction, formula, roll-up...)."""

    TOPIC: ClassVar[str] = "kinerja:Agreement.IndicatorRevised"
    KIND: ClassVar[str] = "IndicatorRevised"
    old: Indicator
    new: Indicator

    def edit(self, content: Content) -> Content:
        return content_ops.replace_indicator(content, self.new)


class ProgrammeAdded(_DraftEdit):
    TOPIC: ClassVar[str] = "kinerja:Agreement.ProgrammeAdded"
    KIND: ClassVar[str] = "ProgrammeAdded"
    programme: Programme

    def edit(self, content: Content) -> Content:
        return content_ops.add_programme(content, self.programme)


class ProgrammeRemoved(_DraftEdit):
    TOPIC: ClassVar[str] = "kinerja:Agreement.ProgrammeRemoved"
    KIND: ClassVar[str] = "ProgrammeRemoved"
    programme: Programme

    def edit(self, content: Content) -> Content:
        return content_ops.remove_programme(content, self.programme.kode)


class ProgrammeRevised(_DraftEdit):
    """Attributes other than the budget (text, funding source, links...)."""

    TOPIC: ClassVar[str] = "kinerja:Agreement.ProgrammeRevised"
    KIND: ClassVar[str] = "ProgrammeRevised"
    old: Programme
    new: Programme

    def edit(self, content: Content) -> Content:
        return content_ops.replace_programme(content, self.new)


class PartyChanged(_DraftEdit):
    """A party's official changed (e.g. mutasi pejabat); the position stays."""

    TOPIC: ClassVar[str] = "kinerja:Agreement.PartyChanged"
    KIND: ClassVar[str] = "PartyChanged"
    role: Literal["pertama", "kedua"]
    old: Party
    new: Party

    def edit(self, content: Content) -> Content:
        return content_ops.set_party(content, self.role, self.new)


class GradeScaleChanged(_DraftEdit):
    """The grade scale (skala predikat), with its definition when it is user-defined."""

    TOPIC: ClassVar[str] = "kinerja:Agreement.GradeScaleChanged"
    KIND: ClassVar[str] = "GradeScaleChanged"
    old: str
    new: str
    old_definition: dict[str, Any] | None = None
    new_definition: dict[str, Any] | None = None

    def edit(self, content: Content) -> Content:
        return content_ops.set_scale(content, self.new, self.new_definition)


class HeaderChanged(_DraftEdit):
    """Level (jenjang) or parent agreement (induk); `skala` only in events recorded before
    `GradeScaleChanged` existed."""

    TOPIC: ClassVar[str] = "kinerja:Agreement.HeaderChanged"
    KIND: ClassVar[str] = "HeaderChanged"
    field: Literal["jenjang", "skala", "induk"]
    old: str | None
    new: str | None

    def edit(self, content: Content) -> Content:
        return content_ops.set_header(content, self.field, self.new)


class Signed(AgreementEvent):
    """A party signed a version.

    Class version 2 added `signer_title`, the signer's position (jabatan) as written in the
    version signed, because a PK belongs to the position. Version 1 events did not record it;
    `upcast_v1_v2` reads them with `signer_title = None` ("not recorded"), never a guess.
    """

    TOPIC: ClassVar[str] = "kinerja:Agreement.Signed"
    KIND: ClassVar[str] = "Signed"
    class_version: ClassVar[int] = 2
    version: int
    party: Literal["pertama", "kedua"]
    signer: str
    signer_title: str | None
    place: str | None = None
    content_hash: str

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["signer_title"] = None

    def apply_to(self, state: AgreementState) -> None:
        state.versions[self.version - 1].signatures[self.party] = Signature(
            party=self.party,
            signer=self.signer,
            signer_title=self.signer_title,
            place=self.place,
            signed_on=self.effective,
            content_hash=self.content_hash,
            recorded_by=self.actor,
        )


class SignatureWithdrawn(AgreementEvent):
    TOPIC: ClassVar[str] = "kinerja:Agreement.SignatureWithdrawn"
    KIND: ClassVar[str] = "SignatureWithdrawn"
    version: int
    party: Literal["pertama", "kedua"]

    def apply_to(self, state: AgreementState) -> None:
        del state.versions[self.version - 1].signatures[self.party]


class VersionInForce(AgreementEvent):
    """Both parties signed: this version is in force from `effective`."""

    TOPIC: ClassVar[str] = "kinerja:Agreement.VersionInForce"
    KIND: ClassVar[str] = "VersionInForce"
    version: int
    content_hash: str

    def apply_to(self, state: AgreementState) -> None:
        for previous in state.versions[: self.version - 1]:
            if previous.in_force_from is not None and previous.superseded_on is None:
                previous.superseded_on = self.effective
        state.versions[self.version - 1].in_force_from = self.effective
        state.status = Status.ACTIVE


class AmendmentOpened(AgreementEvent):
    TOPIC: ClassVar[str] = "kinerja:Agreement.AmendmentOpened"
    KIND: ClassVar[str] = "AmendmentOpened"
    version: int
    ground: str
    legal_basis: str

    def apply_to(self, state: AgreementState) -> None:
        in_force = state.version_in_force()
        state.versions.append(
            Version(
                number=self.version,
                content=in_force.content,
                amendment=AmendmentInfo(
                    ground=self.ground,
                    legal_basis=self.legal_basis,
                    reason=self.reason or "",
                    opened_on=self.effective,
                    opened_by=self.actor,
                ),
            )
        )
        state.status = Status.AMENDING


class AmendmentWithdrawn(AgreementEvent):
    TOPIC: ClassVar[str] = "kinerja:Agreement.AmendmentWithdrawn"
    KIND: ClassVar[str] = "AmendmentWithdrawn"
    version: int

    def apply_to(self, state: AgreementState) -> None:
        state.versions[self.version - 1].withdrawn = True
        state.status = Status.ACTIVE


class PeriodEntry(AgreementEvent):
    """A realisation entry: dated by the month it belongs to, not by when it was decided."""

    note: str | None = None
    source: dict[str, Any] | None = None  # provenance of an imported value (file, sheet, row...)

    def period(self) -> tuple[ItemKind, str, int]:
        """Which realisation it is: (kind, indicator or programme, month)."""
        raise NotImplementedError

    def values(self) -> dict[str, Any]:
        raise NotImplementedError

    def entry(self, before: Realisation | None) -> Realisation:
        """The item's current entry for the month once this event is applied (`before`: the
        current one until now)."""
        kind, item, month = self.period()
        return Realisation(kind=kind, item=item, month=month, seq=self.originator_version,
                           entries=1 if before is None else before.entries + 1, **self.values())

    def apply_to(self, state: AgreementState) -> None:
        key = realisation_key(*self.period())
        state.realisations[key] = self.entry(state.realisations.get(key))


class RealisationRecorded(PeriodEntry):
    """Realisasi of an indicator for a month: a value, or numerator and denominator."""

    TOPIC: ClassVar[str] = "kinerja:Agreement.RealisationRecorded"
    KIND: ClassVar[str] = "RealisationRecorded"
    indicator: str
    month: int
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None

    def period(self) -> tuple[ItemKind, str, int]:
        return "indikator", self.indicator, self.month

    def values(self) -> dict[str, Any]:
        return {"value": self.value, "numerator": self.numerator, "denominator": self.denominator}


class BudgetRealisationRecorded(PeriodEntry):
    """Realisasi anggaran of a programme for a month, in Rupiah."""

    TOPIC: ClassVar[str] = "kinerja:Agreement.BudgetRealisationRecorded"
    KIND: ClassVar[str] = "BudgetRealisationRecorded"
    programme: str
    month: int
    amount: Decimal

    def period(self) -> tuple[ItemKind, str, int]:
        return "anggaran", self.programme, self.month

    def values(self) -> dict[str, Any]:
        return {"value": self.amount}


class RealisationCorrected(PeriodEntry):
    """A new value for an entry, naming the entry (`corrects` = its seq) it replaces."""

    TOPIC: ClassVar[str] = "kinerja:Agreement.RealisationCorrected"
    KIND: ClassVar[str] = "RealisationCorrected"
    kind: ItemKind
    item: str
    month: int
    corrects: int
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None

    def period(self) -> tuple[ItemKind, str, int]:
        return self.kind, self.item, self.month

    def values(self) -> dict[str, Any]:
        return {"value": self.value, "numerator": self.numerator, "denominator": self.denominator}


class QuarterClosed(AgreementEvent):
    TOPIC: ClassVar[str] = "kinerja:Agreement.QuarterClosed"
    KIND: ClassVar[str] = "QuarterClosed"
    quarter: int

    def apply_to(self, state: AgreementState) -> None:
        state.quarters[self.quarter] = QuarterState.CLOSED


class QuarterReopened(AgreementEvent):
    TOPIC: ClassVar[str] = "kinerja:Agreement.QuarterReopened"
    KIND: ClassVar[str] = "QuarterReopened"
    quarter: int

    def apply_to(self, state: AgreementState) -> None:
        state.quarters[self.quarter] = QuarterState.REOPENED


class SubmittedForReview(AgreementEvent):
    TOPIC: ClassVar[str] = "kinerja:Agreement.SubmittedForReview"
    KIND: ClassVar[str] = "SubmittedForReview"

    def apply_to(self, state: AgreementState) -> None:
        state.status = Status.UNDER_REVIEW


class ReviewApproved(AgreementEvent):
    TOPIC: ClassVar[str] = "kinerja:Agreement.ReviewApproved"
    KIND: ClassVar[str] = "ReviewApproved"

    def apply_to(self, state: AgreementState) -> None:
        state.status = Status.REVIEWED


class ReviewReturned(AgreementEvent):
    TOPIC: ClassVar[str] = "kinerja:Agreement.ReviewReturned"
    KIND: ClassVar[str] = "ReviewReturned"
    findings: list[str]

    def apply_to(self, state: AgreementState) -> None:
        state.findings.extend(self.findings)
        state.status = Status.ACTIVE


class Cancelled(AgreementEvent):
    TOPIC: ClassVar[str] = "kinerja:Agreement.Cancelled"
    KIND: ClassVar[str] = "Cancelled"

    def apply_to(self, state: AgreementState) -> None:
        state.status = Status.CANCELLED
