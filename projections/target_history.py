"""Read model `target_history`: every value each target and budget has had, per version, and
every change of one, with who, when and why (the `history` view: PK awal vs PK Perubahan).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from domain.status import AmendmentGround
from projections import agreements, kinds
from projections.current_targets import Periods, items, periods, plain_periods
from projections.model import ReadModel, Seen, as_json, from_json, text
from projections.schema import Table
from projections.store import ViewStore

if TYPE_CHECKING:
    from domain.events import AgreementEvent
    from domain.state import AgreementState


class VersionRow(NamedTuple):
    agreement_id: str
    code: str
    version: int
    state: str
    in_force_from: str | None
    superseded_on: str | None
    ground: str | None
    legal_basis: str | None
    reason: str | None
    opened_on: str | None
    opened_by: str | None
    signatures: str  # JSON


class VersionValueRow(NamedTuple):
    agreement_id: str
    code: str
    version: int
    ord: int
    kind: str
    item: str
    description: str
    unit: str
    target: str
    periods: str  # JSON


class TargetChangeRow(NamedTuple):
    position: int
    agreement_id: str
    code: str
    seq: int
    version: int
    ground: str | None
    kind: str
    item: str
    change: str  # the event's kind
    old: str | None
    new: str | None
    old_periods: str | None
    new_periods: str | None
    actor: str
    recorded_at: str
    effective: str
    reason: str | None


VERSIONS = Table("kf_versions", VersionRow, key=("agreement_id", "version"),
                 indexes=(("code", "version"),))
VALUES = Table("kf_version_values", VersionValueRow, key=("agreement_id", "version", "kind", "item"),
               indexes=(("code", "version"),))
CHANGES = Table("kf_target_changes", TargetChangeRow, key=("position", "kind", "item"),
                indexes=(("code", "position"),))


def version_rows(state: AgreementState) -> list[VersionRow]:
    found = []
    for version in state.versions:
        amendment = version.amendment
        found.append(VersionRow(
            str(state.id), state.code, version.number, agreements.version_state(version),
            text(version.in_force_from), text(version.superseded_on),
            amendment.ground if amendment else None, amendment.legal_basis if amendment else None,
            amendment.reason if amendment else None,
            text(amendment.opened_on if amendment else state.drafted_on),
            amendment.opened_by if amendment else None, as_json(agreements.signatures(version)),
        ))
    return found


def value_rows(state: AgreementState) -> list[VersionValueRow]:
    return [
        VersionValueRow(str(state.id), state.code, version.number, i.ord, i.kind, i.item,
                        i.description, i.unit, i.target, i.periods)
        for version in state.versions for i in items(version.content)
    ]


# --------------------------------------------------------------------- changes, per event

Change = tuple[str, str, "str | None", "str | None", "str | None", "str | None"]


def _value(model: Any) -> tuple[str, str]:
    """An indicator's (target, periods) or a programme's (budget, periods), as stored."""
    own = model.target if hasattr(model, "target") else text(model.anggaran) or "0"
    return own, as_json(periods(model))


def _changes(event: AgreementEvent) -> list[Change]:
    """(kind, item, old, new, old periods, new periods) for each target or budget the event touches."""
    from domain import events as ev

    def added(kind: str, model: Any) -> Change:
        value = _value(model)
        return (kind, model.kode, None, value[0], None, value[1])

    def removed(kind: str, model: Any) -> Change:
        value = _value(model)
        return (kind, model.kode, value[0], None, value[1], None)

    match event:
        case ev.Drafted():
            return [added("indikator", i) for i in event.content.indicators()] \
                + [added("anggaran", p) for p in event.content.program]
        case ev.TargetChanged():
            return [("indikator", event.indicator, event.old_target, event.new_target,
                     as_json(plain_periods(event.old_periods)),
                     as_json(plain_periods(event.new_periods)))]
        case ev.BudgetChanged():
            return [("anggaran", event.programme, text(event.old_amount), text(event.new_amount),
                     as_json(plain_periods(event.old_periods)),
                     as_json(plain_periods(event.new_periods)))]
        case ev.IndicatorAdded():
            return [added("indikator", event.indicator)]
        case ev.IndicatorRemoved():
            return [removed("indikator", event.indicator)]
        case ev.ObjectiveAdded():
            return [added("indikator", i) for i in event.objective.indikator]
        case ev.ObjectiveRemoved():
            return [removed("indikator", i) for i in event.objective.indikator]
        case ev.ProgrammeAdded():
            return [added("anggaran", event.programme)]
        case ev.ProgrammeRemoved():
            return [removed("anggaran", event.programme)]
    return []


_CHANGE_KINDS = frozenset({
    "Drafted", "TargetChanged", "BudgetChanged", "IndicatorAdded", "IndicatorRemoved",
    "ObjectiveAdded", "ObjectiveRemoved", "ProgrammeAdded", "ProgrammeRemoved",
})


def change_rows(seen: Seen) -> list[TargetChangeRow]:
    event, before = seen.event, seen.before
    if event.KIND not in _CHANGE_KINDS:
        return []
    changes = _changes(event)
    if not changes:
        return []
    draft = before.versions[-1] if before is not None else None
    version = draft.number if draft else 1
    ground = draft.amendment.ground if draft and draft.amendment else None
    code = before.code if before is not None else event.code  # type: ignore[attr-defined]
    return [
        TargetChangeRow(seen.position, seen.agreement, code, event.originator_version,
                        version, ground, kind, item, event.KIND, old, new, old_periods, new_periods,
                        event.actor, text(event.timestamp), text(event.effective), event.reason)
        for kind, item, old, new, old_periods, new_periods in changes
    ]


MODEL = ReadModel(
    name="target_history",
    description="Riwayat target dan anggaran: setiap nilai per versi, dengan pelaku, waktu, alasan",
    version=2,
    derived={VERSIONS: version_rows, VALUES: value_rows},
    per_event={CHANGES: change_rows},
)


# --------------------------------------------------------------------- the `history` view


def ground_label(ground: str | None) -> str | None:
    if ground is None:
        return None
    try:
        return AmendmentGround(ground).label
    except ValueError:
        return ground


@dataclass(frozen=True)
class VersionHistory:
    version: int
    state: str
    in_force_from: str | None
    superseded_on: str | None
    ground: str | None
    ground_label: str | None
    legal_basis: str | None
    reason: str | None
    opened_on: str | None
    opened_by: str | None
    signatures: list[dict[str, Any]]


@dataclass(frozen=True)
class TargetValues:
    """One target or budget: its value (and period values) in every version (None: absent)."""

    kind: str
    item: str
    description: str
    unit: str
    values: dict[str, str | None]
    periods: dict[str, Periods | None]


@dataclass(frozen=True)
class TargetChange:
    position: int
    seq: int
    version: int
    ground: str | None
    kind: str
    item: str
    change: str  # the event's stable name (`TargetChanged`)
    change_label: str  # as users read it (`Target diubah`)
    old: str | None
    new: str | None
    old_periods: Periods | None
    new_periods: Periods | None
    actor: str
    recorded_at: str
    effective: str
    reason: str | None


@dataclass(frozen=True)
class History:
    code: str
    versions: list[VersionHistory]
    targets: list[TargetValues]
    changes: list[TargetChange]


def history(store: ViewStore, code: str) -> History:
    row = agreements.find(store, code)
    key = (row.agreement_id,)
    versions = store.fetch(VERSIONS, "agreement_id = ?", key, order="version")
    values = store.fetch(VALUES, "agreement_id = ?", key, order="version, ord")
    changes = store.fetch(CHANGES, "agreement_id = ?", key, order="position, kind, item")
    numbers = [str(v.version) for v in versions]
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for value in values:
        entry = found.setdefault((value.kind, value.item), {
            "kind": value.kind, "item": value.item, "first": (value.version, value.ord),
            "values": dict.fromkeys(numbers), "periods": dict.fromkeys(numbers),
        })
        entry.update(description=value.description, unit=value.unit)
        entry["values"][str(value.version)] = value.target
        entry["periods"][str(value.version)] = from_json(value.periods)
    ordered = sorted(found.values(), key=lambda t: (t["kind"] != "indikator", t.pop("first")))
    return History(
        code=row.code,
        versions=[
            VersionHistory(v.version, v.state, v.in_force_from, v.superseded_on, v.ground,
                           ground_label(v.ground), v.legal_basis, v.reason, v.opened_on,
                           v.opened_by, from_json(v.signatures))
            for v in versions
        ],
        targets=[TargetValues(**t) for t in ordered],
        changes=[
            TargetChange(c.position, c.seq, c.version, c.ground, c.kind, c.item, c.change,
                         kinds.label(c.change), c.old, c.new, from_json(c.old_periods), from_json(c.new_periods), c.actor,
                         c.recorded_at, c.effective, c.reason)
            for c in changes
        ],
    )
