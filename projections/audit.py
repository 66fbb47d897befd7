"""Read model `audit`: every agreement event in log order, who, when (recorded and effective),
why, and what changed — worded when it is read.

Catch-up stores each event's own stored JSON (`data`) and the little the wording needs from the
state before it (`context`: the value a correction replaced, the size of a new agreement), so
that catch-up does no wording at all; `audit()` decodes and words the rows it returns.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple
from uuid import UUID

from projections import agreements, kinds
from projections.model import ReadModel, Seen, from_json, text
from projections.schema import Table
from projections.store import ViewStore

if TYPE_CHECKING:
    from domain.events import AgreementEvent
    from domain.state import AgreementState


class AuditRow(NamedTuple):
    position: int
    agreement_id: str
    code: str
    seq: int
    kind: str
    actor: str
    recorded_at: str
    effective: str
    reason: str | None
    data: str | None  # the event as stored (JSON); None for `Drafted` (see `context`)
    context: str | None  # JSON: what the wording needs from the state before the event


TABLE = Table("kf_audit", AuditRow, key=("position",),
              indexes=(("code", "position"), ("actor", "position"), ("kind", "position"),
                       ("effective", "position")))


def _context(event: AgreementEvent, before: AgreementState | None) -> dict[str, Any] | None:
    from domain import events as ev

    if event.KIND not in _CONTEXT_KINDS:
        return None
    if isinstance(event, ev.Drafted):
        content = event.content
        return {"sasaran": len(content.sasaran), "indikator": len(content.indicators()),
                "program": len(content.program)}
    if isinstance(event, ev.RealisationCorrected) and before is not None:
        old = before.realisation(event.kind, event.item, event.month)
        if old is not None and old.seq == event.corrects:
            return {"value": text(old.value), "numerator": text(old.numerator),
                    "denominator": text(old.denominator)}
    return None


_CONTEXT_KINDS = frozenset({"Drafted", "RealisationCorrected"})


def rows(seen: Seen) -> list[AuditRow]:
    event, before = seen.event, seen.before
    drafted = before is None
    context = _context(event, before)
    return [AuditRow(
        seen.position, seen.agreement, event.code if drafted else before.code,  # type: ignore[attr-defined, union-attr]
        event.originator_version, event.KIND, event.actor, event.timestamp.isoformat(),
        event.effective.isoformat(), event.reason, None if drafted else seen.data.decode("utf-8"),
        None if context is None else json.dumps(context, separators=(",", ":")),
    )]


MODEL = ReadModel(
    name="audit",
    description="Jejak audit: setiap peristiwa, pelaku, waktu dicatat, tanggal berlaku, perubahan",
    version=2,
    per_event={TABLE: rows},
)


# --------------------------------------------------------------------- the `audit` view


@dataclass(frozen=True)
class AuditEntry:
    position: int
    code: str
    seq: int
    kind: str  # the stable name (`Signed`)
    label: str  # as users read it (`Ditandatangani`)
    actor: str
    recorded_at: str
    effective: str
    reason: str | None
    summary: str


def summary(found: AuditRow) -> str:
    """What the event changed, in one line (old → new where something had a value)."""
    from domain.event_base import decode
    from domain.events import EVENT_CLASSES
    from projections.wording import event_summary

    context = from_json(found.context) or {}
    if found.data is None:  # Drafted
        return (f"PK {found.code} dibuat (versi 1): {context['sasaran']} sasaran, "
                f"{context['indikator']} indikator, {context['program']} program")
    event = decode(EVENT_CLASSES[found.kind].TOPIC, UUID(found.agreement_id), found.seq,
                   found.data.encode("utf-8"))
    return event_summary(event, context)


def audit(store: ViewStore, code: str | None = None, actor: str | None = None,
          since: date | None = None, until: date | None = None, kind: str | None = None,
          recorded: bool = False, limit: int | None = None) -> list[AuditEntry]:
    """Events in log order; `since`/`until` bound the effective date (or the recorded date);
    `kind` is a label or a stable name (`kinds.kind_of`)."""
    where, params = [], []
    if code:
        where.append("code = ?")
        params.append(agreements.find(store, code).code)
    if actor:
        where.append("actor = ?")
        params.append(actor)
    if kind:
        where.append("kind = ?")
        params.append(kinds.kind_of(kind))
    column = "recorded_at" if recorded else "effective"
    if since:
        where.append(f"{column} >= ?")
        params.append(since.isoformat())
    if until:
        where.append(f"{column} < ?")
        params.append(date.fromordinal(until.toordinal() + 1).isoformat())
    order = "position" + (f" LIMIT {int(limit)}" if limit else "")
    return [
        AuditEntry(r.position, r.code, r.seq, r.kind, kinds.label(r.kind), r.actor, r.recorded_at,
                   r.effective, r.reason, summary(r))
        for r in store.fetch(TABLE, " AND ".join(where), params, order=order)
    ]
