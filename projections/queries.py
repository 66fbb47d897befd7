"""Queries over the read models, returning JSON-ready dicts with stable keys.

Queries read the projection tables only (never the event log), through indexed columns, so
their time does not grow with the number of agreements stored. The `shape_*` functions turn
rows into the answer; `--as-of` feeds them rows derived from a replayed state instead.

Numbers are exact decimal text ("0.63", "382252200"); percentages and ratios are rounded half-up
to 2 decimals ("49.97"), as displayed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from domain.errors import DomainError, NotFound
from domain.identity import agreement_id
from domain.numbers import round_half_up
from domain.status import AmendmentGround, Status
from projections.store import ViewStore

Row = dict[str, Any]

# Queries are the whole of a read command, so this module imports nothing that loads pydantic or
# eventsourcing (CLI start-up time): `domain.achievement` is imported where it is used.


def pct(value: str | None) -> str | None:
    """A stored percentage or ratio, rounded half-up to 2 decimals (exact text)."""
    return None if value is None else str(round_half_up(Decimal(value), 2))


def _json(value: str | None) -> Any:
    return None if value is None else json.loads(value)


def status_label(status: str) -> str:
    return Status(status).label


def ground_label(ground: str | None) -> str | None:
    if ground is None:
        return None
    try:
        return AmendmentGround(ground).label
    except ValueError:
        return ground


class AgreementUnavailable(DomainError):
    """The agreement is stored but a read model could not be built for it (`kf_failures`)."""


def unavailable_message(failure: Row) -> str:
    return f"PK {failure['code']} tidak dapat ditampilkan: {failure['message']}"


def _agreement_row(store: ViewStore, code: str) -> Row:
    key = str(agreement_id(code))
    failures = store.failures(key)
    if failures:
        raise AgreementUnavailable(unavailable_message(failures[0]))
    rows = store.query("SELECT * FROM kf_agreements WHERE agreement_id = ?", (key,))
    if not rows:
        raise NotFound(f"PK dengan kode {code!r} tidak ditemukan.")
    return rows[0]


# --------------------------------------------------------------------- list


def list_agreements(store: ViewStore, year: int | None = None, agency: str | None = None,
                    status: str | None = None) -> list[Row]:
    where, params = [], []
    if year is not None:
        where.append("year = ?")
        params.append(year)
    if agency:
        where.append("agency = ?")
        params.append(agency)
    if status:
        where.append("status = ?")
        params.append(_status_value(status))
    sql = "SELECT * FROM kf_agreements"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY year, agency, code"
    return [
        {"code": r["code"], "year": r["year"], "agency": r["agency"], "position": r["position"],
         "first_party": r["first_party"], "status": r["status"],
         "status_label": status_label(r["status"]), "version_in_force": r["version_in_force"],
         "in_force_from": r["in_force_from"], "versions": r["versions"]}
        for r in store.query(sql, params)
    ]


def _status_value(status: str) -> str:
    """Accept the code (`ACTIVE`) or the Indonesian label (`Berlaku`)."""
    for item in Status:
        if status.strip().upper() == item.value or status.strip().casefold() == item.label.casefold():
            return item.value
    raise DomainError(
        f"Status {status!r} tidak dikenal. Pilihan: "
        + ", ".join(f"{s.value} ({s.label})" for s in Status)
    )


# --------------------------------------------------------------------- show


def shape_agreement(agreement: Row, targets: Sequence[Row], as_of: date | None = None) -> Row:
    detail = json.loads(agreement["detail"])
    indicators, programmes = [], []
    for row in sorted(targets, key=lambda r: r["ord"]):
        attributes = json.loads(row["attributes"])
        if row["kind"] == "indikator":
            indicators.append({
                "objective": row["objective"], "objective_text": row["objective_text"],
                "code": row["item"], "description": row["description"], "unit": row["unit"],
                "target": row["target"], "periods": _json(row["periods"]), **attributes,
            })
        else:
            programmes.append({
                "code": row["item"], "description": row["description"], "budget": row["target"],
                "periods": _json(row["periods"]), "objectives": row["objective"].split(",")
                if row["objective"] else [], **attributes,
            })
    version = targets[0]["version"] if targets else None
    return {
        "code": agreement["code"], "year": agreement["year"], "agency": agreement["agency"],
        "position": agreement["position"], "status": agreement["status"],
        "status_label": status_label(agreement["status"]),
        "as_of": as_of.isoformat() if as_of else None,
        "version_shown": version, "version_in_force": agreement["version_in_force"],
        "in_force_from": agreement["in_force_from"], **detail,
        "indicators": indicators, "programmes": programmes,
    }


def agreement(store: ViewStore, code: str) -> Row:
    row = _agreement_row(store, code)
    targets = store.query("SELECT * FROM kf_current_targets WHERE code = ? ORDER BY ord",
                          (row["code"],))
    return shape_agreement(row, targets)


# --------------------------------------------------------------------- history


def history(store: ViewStore, code: str) -> Row:
    code = _agreement_row(store, code)["code"]
    versions = store.query("SELECT * FROM kf_versions WHERE code = ? ORDER BY version", (code,))
    values = store.query(
        "SELECT * FROM kf_version_values WHERE code = ? ORDER BY version, ord", (code,))
    changes = store.query(
        "SELECT * FROM kf_target_changes WHERE code = ? ORDER BY position, kind, item", (code,))
    targets: dict[tuple[str, str], Row] = {}
    for row in values:
        entry = targets.setdefault((row["kind"], row["item"]), {
            "kind": row["kind"], "item": row["item"], "description": row["description"],
            "unit": row["unit"], "first_ord": (row["version"], row["ord"]), "values": {},
            "periods": {},
        })
        entry["description"] = row["description"]
        entry["values"][str(row["version"])] = row["target"]
        entry["periods"][str(row["version"])] = _json(row["periods"])
    ordered = sorted(targets.values(), key=lambda t: (t["kind"] != "indikator", t["first_ord"]))
    for entry in ordered:
        del entry["first_ord"]
        for v in versions:
            entry["values"].setdefault(str(v["version"]), None)
            entry["periods"].setdefault(str(v["version"]), None)
    return {
        "code": code,
        "versions": [
            {"version": v["version"], "state": v["state"], "in_force_from": v["in_force_from"],
             "superseded_on": v["superseded_on"], "ground": v["ground"],
             "ground_label": ground_label(v["ground"]), "legal_basis": v["legal_basis"],
             "reason": v["reason"], "opened_on": v["opened_on"], "opened_by": v["opened_by"],
             "signatures": json.loads(v["signatures"])}
            for v in versions
        ],
        "targets": ordered,
        "changes": [
            {"position": c["position"], "seq": c["seq"], "version": c["version"],
             "ground": c["ground"], "kind": c["kind"], "item": c["item"], "change": c["change"],
             "old": c["old"], "new": c["new"], "old_periods": _json(c["old_periods"]),
             "new_periods": _json(c["new_periods"]), "actor": c["actor"],
             "recorded_at": c["recorded_at"], "effective": c["effective"], "reason": c["reason"]}
            for c in changes
        ],
    }


# --------------------------------------------------------------------- audit


def audit(store: ViewStore, code: str | None = None, actor: str | None = None,
          since: date | None = None, until: date | None = None, kind: str | None = None,
          recorded: bool = False, limit: int | None = None) -> list[Row]:
    """Events in log order; `since`/`until` bound the effective date (or the recorded date)."""
    where, params = [], []
    if code:
        where.append("code = ?")
        params.append(_agreement_row(store, code)["code"])
    if actor:
        where.append("actor = ?")
        params.append(actor)
    if kind:
        where.append("kind = ?")
        params.append(kind)
    column = "recorded_at" if recorded else "effective"
    if since:
        where.append(f"{column} >= ?")
        params.append(since.isoformat())
    if until:
        where.append(f"{column} < ?")
        params.append(date.fromordinal(until.toordinal() + 1).isoformat())
    sql = "SELECT * FROM kf_audit"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY position"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [
        {"position": r["position"], "code": r["code"], "seq": r["seq"], "kind": r["kind"],
         "actor": r["actor"], "recorded_at": r["recorded_at"], "effective": r["effective"],
         "reason": r["reason"], "summary": r["summary"]}
        for r in store.query(sql, params)
    ]


# --------------------------------------------------------------------- quarterly summary


def _figures(row: Row, prefix: str, money: bool) -> Row:
    figures = {
        "target": row[f"{prefix}target"], "realisation": row[f"{prefix}realisation"],
        ("absorption" if money else "achievement"): pct(row[f"{prefix}achievement"]),
    }
    if not money:
        figures["grade"] = row[f"{prefix}grade"]
    return figures


def shape_quarterly(code: str, rows: Sequence[Row], quarter: int | None = None,
                    as_of: date | None = None) -> Row:
    items: dict[tuple[str, str], Row] = {}
    for row in sorted(rows, key=lambda r: (r["ord"], r["quarter"])):
        money = row["kind"] == "anggaran"
        entry = items.setdefault((row["kind"], row["item"]), {
            "kind": row["kind"], "code": row["item"], "objective": row["objective"],
            "description": row["description"], "unit": row["unit"],
            ("budget" if money else "annual_target"): row["annual_target"],
            **({} if money else {"scale": row["scale"]}), "quarters": [],
        })
        if quarter is None or row["quarter"] == quarter:
            entry["quarters"].append({"quarter": row["quarter"], **_figures(row, "", money),
                                      "cumulative": _figures(row, "cum_", money)})
    indicators = [e for e in items.values() if e["kind"] == "indikator"]
    programmes = [e for e in items.values() if e["kind"] == "anggaran"]
    for entry in indicators + programmes:
        del entry["kind"]
    return {
        "code": code, "version": rows[0]["version"] if rows else None, "quarter": quarter,
        "as_of": as_of.isoformat() if as_of else None, "indicators": indicators,
        "programmes": programmes, "budget_total": _budget_total(programmes),
    }


def _budget_total(programmes: list[Row]) -> Row:
    """Sum of every programme: ceiling, and per quarter target, realisation and absorption."""
    from domain.achievement import absorption

    def total(values: list[str | None]) -> Decimal | None:
        present = [Decimal(v) for v in values if v is not None]
        return sum(present, Decimal(0)) if present else None

    quarters = []
    for index in range(len(programmes[0]["quarters"]) if programmes else 0):
        cells = [p["quarters"][index] for p in programmes]
        target = total([c["target"] for c in cells])
        spent = total([c["realisation"] for c in cells])
        share = absorption(spent, target) if target is not None and spent is not None else None
        quarters.append({
            "quarter": cells[0]["quarter"], "target": _plain(target), "realisation": _plain(spent),
            "absorption": pct(_plain(share)),
        })
    return {"budget": _plain(total([p["budget"] for p in programmes])), "quarters": quarters}


def _plain(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def quarterly(store: ViewStore, code: str, quarter: int | None = None) -> Row:
    code = _agreement_row(store, code)["code"]
    rows = store.query("SELECT * FROM kf_quarterly WHERE code = ? ORDER BY ord, quarter", (code,))
    return shape_quarterly(code, rows, quarter)


# --------------------------------------------------------------------- annual measurement


def measurement(store: ViewStore, year: int, agency: str | None = None) -> Row:
    """The Formulir per agreement of the year, each indicator with the year before where it exists."""
    rows = _measurement_rows(store, year, agency)
    previous = {
        (r["agency"], r["position"], _key(r["description"])): r
        for r in _measurement_rows(store, year - 1, agency) if r["kind"] == "indikator"
    }
    agreements: dict[str, Row] = {}
    for row in rows:
        entry = agreements.setdefault(row["code"], {
            "code": row["code"], "year": row["year"], "agency": row["agency"],
            "position": row["position"], "version": row["version"],
            "in_force": bool(row["in_force"]), "indicators": [], "programmes": [],
        })
        if row["kind"] == "indikator":
            before = previous.get((row["agency"], row["position"], _key(row["description"])))
            entry["indicators"].append({
                "objective": row["objective"], "objective_text": row["objective_text"],
                "code": row["item"], "description": row["description"], "unit": row["unit"],
                "target": row["target"], "realisation": row["realisation"],
                "achievement": pct(row["achievement"]), "grade": row["grade"],
                "scale": row["scale"], "budget": row["budget"],
                "budget_realisation": row["budget_realisation"],
                "absorption": pct(row["absorption"]), "efficiency": pct(row["efficiency"]),
                "programmes": json.loads(row["links"]),
                "previous": None if before is None else {
                    "year": before["year"], "code": before["code"], "target": before["target"],
                    "realisation": before["realisation"],
                    "achievement": pct(before["achievement"]), "grade": before["grade"],
                },
            })
        else:
            entry["programmes"].append({
                "code": row["item"], "description": row["description"], "budget": row["budget"],
                "realisation": row["budget_realisation"], "absorption": pct(row["absorption"]),
                "indicators": json.loads(row["links"]),
            })
    return {"year": year, "agency": agency, "agreements": list(agreements.values())}


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def _measurement_rows(store: ViewStore, year: int, agency: str | None) -> list[Row]:
    if agency:
        return store.query(
            "SELECT * FROM kf_measurement WHERE year = ? AND agency = ? ORDER BY agency, code, ord",
            (year, agency))
    return store.query("SELECT * FROM kf_measurement WHERE year = ? ORDER BY agency, code, ord",
                       (year,))


# --------------------------------------------------------------------- performance tree


def tree(store: ViewStore, year: int, agency: str | None = None) -> Row:
    """Agreements and indicators parent → child; a child is flagged "needs realignment" when its
    parent's target came into force with a new value after the child's version in force."""
    sql = "SELECT * FROM kf_tree WHERE year = ?"
    params: list[Any] = [year]
    if agency:
        sql += " AND agency = ?"
        params.append(agency)
    rows = store.query(sql + " ORDER BY agency, code, ord", params)
    parent_codes = sorted({r["parent_code"] for r in rows if r["parent_code"]})
    parents = {(r["code"], r["indicator"]): r for r in _tree_rows_of(store, parent_codes)}
    nodes: dict[str, Row] = {}
    for row in rows:
        if row["indicator"] is None:
            nodes[row["code"]] = {
                "code": row["code"], "agency": row["agency"], "position": row["position"],
                "first_party": row["first_party"], "level": row["level"], "status": row["status"],
                "signed_on": row["signed_on"], "parent": row["parent_code"],
                "needs_realignment": False, "indicators": [], "children": [],
            }
            continue
        parent = parents.get((row["parent_code"], row["parent_indicator"]))
        changed_on = parent["target_changed_on"] if parent else None
        # A parent agreement whose version in force no longer has the indicator: realign too.
        parent_dropped = bool(row["parent_indicator"] and parent is None
                              and (row["parent_code"], None) in parents)
        flag = parent_dropped or bool(
            changed_on and (row["signed_on"] is None or changed_on > row["signed_on"])
        )
        node = nodes[row["code"]]
        node["indicators"].append({
            "code": row["indicator"], "description": row["description"], "target": row["target"],
            "parent": None if row["parent_indicator"] is None else {
                "code": row["parent_code"], "indicator": row["parent_indicator"],
                "target": parent["target"] if parent else None,
            },
            "parent_target_changed_on": changed_on, "needs_realignment": flag,
        })
        node["needs_realignment"] = node["needs_realignment"] or flag
    roots = []
    for node in nodes.values():
        holder = nodes.get(node["parent"]) if node["parent"] else None
        (holder["children"] if holder else roots).append(node)
    return {"year": year, "agency": agency, "roots": roots}


def _tree_rows_of(store: ViewStore, codes: list[str]) -> list[Row]:
    rows: list[Row] = []
    for start in range(0, len(codes), 500):
        chunk = codes[start:start + 500]
        rows += store.query(
            f"SELECT * FROM kf_tree WHERE code IN ({', '.join('?' * len(chunk))})", chunk)
    return rows
