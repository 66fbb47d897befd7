"""The realisations: every value recorded for each indicator and programme per month —
corrections keep the values they replace — and the value that stands (the last).

Not a read model of its own: the audit trail's rows keep each event's own data, so these
queries read the realisation events there (no second copy of 20 million values at national
scale, nothing more to write per event).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from projections import agreements, audit
from projections.model import number
from projections.store import ViewStore

KINDS = ("RealisationRecorded", "BudgetRealisationRecorded", "RealisationCorrected")


@dataclass(frozen=True)
class Entry:
    """One value recorded for an item and month: the first, or a correction naming the entry
    (`corrects`: its seq) it replaces."""

    position: int
    seq: int
    kind: str  # "indikator" | "anggaran"
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
    source: dict[str, Any] | None


def _entries(store: ViewStore, agreement_id: str) -> list[Entry]:
    """The agreement's realisation entries in log order, from the audit trail's rows (which keep
    each event's own data)."""
    found = []
    marks = ", ".join("?" * len(KINDS))
    for row in store.fetch(audit.TABLE, f"agreement_id = ? AND kind IN ({marks})",
                           (agreement_id, *KINDS), order="position"):
        data = json.loads(row.data or "{}")
        if row.kind == "RealisationCorrected":
            kind, item = data["kind"], data["item"]
        elif row.kind == "RealisationRecorded":
            kind, item = "indikator", data["indicator"]
        else:
            kind, item = "anggaran", data["programme"]
        found.append(Entry(
            row.position, row.seq, kind, item, data["month"],
            number(data.get("value", data.get("amount"))), number(data.get("numerator")),
            number(data.get("denominator")), data.get("corrects"), row.actor, row.effective,
            row.recorded_at, row.reason, data.get("note"), data.get("source"),
        ))
    return found


# --------------------------------------------------------------------- queries


@dataclass(frozen=True)
class RealisationValue:
    """The current realisation of one item and month (its last entry), with who recorded it,
    from where, and how many entries it has had."""

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
    last: dict[tuple[str, str, int], Entry] = {}
    counts: dict[tuple[str, str, int], int] = {}
    for entry in _entries(store, row.agreement_id):
        key = (entry.kind, entry.item, entry.month)
        last[key] = entry
        counts[key] = counts.get(key, 0) + 1
    found = sorted(last.items(), key=lambda pair: (
        pair[0][0] != "indikator", order.get(pair[0][:2], len(order)), pair[0][1], pair[0][2]))
    return row.code, [
        RealisationValue(e.kind, e.item, e.month, e.value, e.numerator, e.denominator, e.note,
                         counts[key], e.actor, e.recorded_at, e.source)
        for key, e in found
    ]


def entries(store: ViewStore, code: str, kind: str | None = None, item: str | None = None,
            month: int | None = None) -> list[Entry]:
    """Every value ever recorded for the agreement's realisations (of one item and month), in
    log order: corrections keep the values they replaced."""
    return [e for e in _entries(store, agreements.find(store, code).agreement_id)
            if (kind is None or e.kind == kind) and (item is None or e.item == item)
            and (month is None or e.month == month)]
