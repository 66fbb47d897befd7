"""Read model `realisations`: each indicator's and programme's realisation per month as it stands
(the current entry), and every entry ever recorded (corrections keep the values they replace).

Both tables are fed per event, so recording one month's values costs the same in December as in
January: nothing already stored is derived again.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from projections import agreements
from projections.model import ReadModel, as_json, from_json, number, text
from projections.schema import Table
from projections.store import ViewStore

if TYPE_CHECKING:
    from domain.events import AgreementEvent
    from domain.state import AgreementState


class RealisationRow(NamedTuple):
    agreement_id: str
    code: str
    kind: str  # "indikator" | "anggaran"
    item: str
    month: int
    seq: int  # the entry's position in the agreement's log
    value: str | None
    numerator: str | None
    denominator: str | None
    corrects: int | None
    entries: int  # how many entries the month has had (1 + corrections)
    actor: str
    effective: str
    recorded_at: str
    reason: str | None
    note: str | None
    source: str  # JSON: file, sheet, row... of an imported value (or null)


class EntryRow(NamedTuple):
    position: int
    agreement_id: str
    code: str
    kind: str
    item: str
    month: int
    seq: int
    value: str | None
    numerator: str | None
    denominator: str | None
    corrects: int | None
    entries: int
    actor: str
    effective: str
    recorded_at: str
    reason: str | None
    note: str | None
    source: str


CURRENT = Table("kf_realisations", RealisationRow, key=("agreement_id", "kind", "item", "month"),
                indexes=(("code", "kind", "item", "month"),))
ENTRIES = Table("kf_realisation_entries", EntryRow, key=("position",),
                indexes=(("agreement_id", "kind", "item", "month"),))


def _entry(event: AgreementEvent, before: AgreementState | None) -> tuple[Any, ...] | None:
    """(agreement id, code, the entry's columns) of a realisation event, else None."""
    from domain.events import PeriodEntry

    if not isinstance(event, PeriodEntry) or before is None:
        return None
    kind, item, month = event.period()
    e = event.entry(before.realisation(kind, item, month))
    return (str(event.originator_id), before.code, kind, item, month, e.seq, text(e.value),
            text(e.numerator), text(e.denominator), e.corrects, e.entries, e.actor,
            text(e.effective), text(e.recorded_at), e.reason, e.note, as_json(e.source))


def current_rows(position: int, event: AgreementEvent, before: AgreementState | None,
                 _data: bytes) -> list[RealisationRow]:
    found = _entry(event, before)
    return [] if found is None else [RealisationRow(*found)]


def entry_rows(position: int, event: AgreementEvent, before: AgreementState | None,
               _data: bytes) -> list[EntryRow]:
    found = _entry(event, before)
    return [] if found is None else [EntryRow(position, *found)]


MODEL = ReadModel(
    name="realisations",
    description="Realisasi yang berlaku per indikator/program dan bulan, dengan koreksinya",
    version=2,
    per_event={CURRENT: current_rows, ENTRIES: entry_rows},
    replaces=frozenset({CURRENT.name}),
)


# --------------------------------------------------------------------- queries


@dataclass(frozen=True)
class RealisationValue:
    """The current realisation of one item and month, with who recorded it and from where."""

    kind: str
    item: str
    month: int
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    note: str | None
    entries: int
    actor: str
    recorded_at: str
    source: dict[str, Any] | None


def current(store: ViewStore, code: str) -> tuple[str, list[RealisationValue]]:
    """The agreement's code as stored, and its current realisations (indicators first, in the
    order of the version shown, then by month)."""
    from projections.current_targets import TABLE as TARGETS

    row = agreements.find(store, code)
    order = {(t.kind, t.item): t.ord for t in
             store.fetch(TARGETS, "agreement_id = ?", (row.agreement_id,))}
    found = store.fetch(CURRENT, "agreement_id = ?", (row.agreement_id,))
    found.sort(key=lambda r: (r.kind != "indikator", order.get((r.kind, r.item), len(order)),
                              r.item, r.month))
    return row.code, [
        RealisationValue(r.kind, r.item, r.month, number(r.value), number(r.numerator),
                         number(r.denominator), r.note, r.entries, r.actor, r.recorded_at,
                         from_json(r.source))
        for r in found
    ]


@dataclass(frozen=True)
class Entry:
    """One recorded value of a realisation: the first, or a correction naming the one it replaces."""

    position: int
    seq: int
    kind: str
    item: str
    month: int
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    corrects: int | None
    actor: str
    effective: str
    recorded_at: str
    reason: str | None
    note: str | None


def entries(store: ViewStore, code: str, kind: str | None = None, item: str | None = None,
            month: int | None = None) -> list[Entry]:
    """Every value ever recorded for the agreement's realisations (of one item and month), in
    log order: corrections keep the values they replaced."""
    where, params = ["agreement_id = ?"], [agreements.find(store, code).agreement_id]
    for column, value in (("kind", kind), ("item", item), ("month", month)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    return [
        Entry(r.position, r.seq, r.kind, r.item, r.month, number(r.value), number(r.numerator),
              number(r.denominator), r.corrects, r.actor, r.effective, r.recorded_at, r.reason,
              r.note)
        for r in store.fetch(ENTRIES, " AND ".join(where), params, order="position")
    ]
