"""Rows of the read models that are derived from an agreement's whole state.

Each function maps one `AgreementState` to the rows of one table (dicts, column -> value).
Decimals are stored as exact TEXT, dates as ISO text, nested values as JSON text. The same
functions serve the projections (for the state at the log head) and `--as-of` (for the state
replayed up to a day), so both give the same shape.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from domain.document import Content, Indicator, Programme
from domain.state import Version
from domain.status import PARTIES
from projections import figures
from projections.state import AgreementState

Row = dict[str, Any]


def text(value: Decimal | date | datetime | None) -> str | None:
    """Exact text of a Decimal, ISO text of a date; `None` stays `None` (SQL NULL)."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format(value, "f")
    return value.isoformat()


# One encoder for every row (`json.dumps` with options builds a new encoder on each call).
as_json = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=str).encode


def shown_version(state: AgreementState) -> Version | None:
    """The version in force, or (before anything is in force) the draft."""
    return state.in_force() or (state.versions[-1] if state.versions else None)


def periods(model: Indicator | Programme) -> dict[str, dict[str, str]] | None:
    """Period targets as JSON-able text: {"triwulan": {"1": "0.32"}} or {"bulan": {...}}."""
    if isinstance(model, Indicator):
        quarterly, monthly = model.target_triwulan, model.target_bulan
    else:
        quarterly, monthly = model.anggaran_triwulan, model.anggaran_bulan
    if quarterly is not None:
        return {"triwulan": {str(k): text(v) for k, v in quarterly.items()}}  # type: ignore[misc]
    if monthly is not None:
        return {"bulan": {str(k): text(v) for k, v in monthly.items()}}  # type: ignore[misc]
    return None


def version_state(version: Version) -> str:
    if version.withdrawn:
        return "ditarik"
    if version.superseded_on is not None:
        return "diganti"
    if version.in_force_from is not None:
        return "berlaku"
    return "draf"


def _signatures(version: Version) -> list[dict[str, Any]]:
    return [
        {"party": s.party, "signer": s.signer, "place": s.place, "signed_on": text(s.signed_on),
         "recorded_by": s.recorded_by, "content_hash": s.content_hash}
        for s in sorted(version.signatures.values(), key=lambda s: PARTIES.index(s.party))
    ]


# --------------------------------------------------------------------- agreements index


def agreement_rows(state: AgreementState) -> list[Row]:
    version = shown_version(state)
    in_force = state.in_force()
    content = version.content if version else None
    detail = {
        "drafted_on": text(state.drafted_on),
        "level": content.jenjang if content else None,
        "scale": content.skala if content else None,
        "parent": content.induk if content else None,
        "first_party": content.pihak_pertama.model_dump() if content else None,
        "second_party": content.pihak_kedua.model_dump() if content else None,
        "versions": [
            {"version": v.number, "state": version_state(v), "in_force_from": text(v.in_force_from),
             "superseded_on": text(v.superseded_on), "signatures": _signatures(v),
             "amendment": v.amendment.model_dump(mode="json") if v.amendment else None}
            for v in state.versions
        ],
        "quarters": {str(q): s.value for q, s in sorted(state.quarters.items())},
        "findings": list(state.findings),
    }
    return [{
        "agreement_id": str(state.id),
        "code": state.code,
        "year": state.year,
        "agency": state.agency,
        "position": state.position,
        "first_party": content.pihak_pertama.nama if content else "",
        "second_party": content.pihak_kedua.nama if content else "",
        "status": state.status.value,
        "version_in_force": in_force.number if in_force else None,
        "in_force_from": text(in_force.in_force_from) if in_force else None,
        "versions": len(state.versions),
        "updated_at": text(state.updated_at),
        "detail": as_json(detail),
    }]


# --------------------------------------------------------------------- current targets


def _item_rows(content: Content) -> list[Row]:
    """One row per indicator then per programme, in document order (`ord`)."""
    rows: list[Row] = []
    for objective in content.sasaran:
        for indicator in objective.indikator:
            rows.append({
                "kind": "indikator", "item": indicator.kode, "objective": objective.kode,
                "objective_text": objective.uraian, "description": indicator.uraian,
                "unit": indicator.satuan, "target": indicator.target,
                "periods": as_json(periods(indicator)),
                "attributes": as_json({
                    "direction": indicator.arah, "formula": indicator.formula,
                    "roll_up": indicator.penghitungan, "ratio": indicator.rasio,
                    "owner": indicator.penanggung_jawab,
                    "parent": indicator.induk.model_dump() if indicator.induk else None,
                }),
            })
    for programme in content.program:
        rows.append({
            "kind": "anggaran", "item": programme.kode, "objective": ",".join(programme.sasaran),
            "objective_text": None, "description": programme.uraian, "unit": "Rp",
            "target": text(programme.anggaran), "periods": as_json(periods(programme)),
            "attributes": as_json({
                "funding": programme.sumber_dana, "indicators": list(programme.indikator),
                "owner": programme.penanggung_jawab,
            }),
        })
    for order, row in enumerate(rows):
        row["ord"] = order
    return rows


def current_target_rows(state: AgreementState) -> list[Row]:
    version = shown_version(state)
    if version is None:
        return []
    in_force = 1 if version.in_force_from is not None else 0
    return [
        {"agreement_id": str(state.id), "code": state.code, "version": version.number,
         "in_force": in_force, **row}
        for row in _item_rows(version.content)
    ]


# --------------------------------------------------------------------- target history (per version)


def version_rows(state: AgreementState) -> list[Row]:
    rows = []
    for version in state.versions:
        amendment = version.amendment
        rows.append({
            "agreement_id": str(state.id), "code": state.code, "version": version.number,
            "state": version_state(version), "in_force_from": text(version.in_force_from),
            "superseded_on": text(version.superseded_on),
            "ground": amendment.ground if amendment else None,
            "legal_basis": amendment.legal_basis if amendment else None,
            "reason": amendment.reason if amendment else None,
            "opened_on": text(amendment.opened_on if amendment else state.drafted_on),
            "opened_by": amendment.opened_by if amendment else None,
            "signatures": as_json(_signatures(version)),
        })
    return rows


def version_value_rows(state: AgreementState) -> list[Row]:
    rows = []
    for version in state.versions:
        for row in _item_rows(version.content):
            rows.append({
                "agreement_id": str(state.id), "code": state.code, "version": version.number,
                "ord": row["ord"], "kind": row["kind"], "item": row["item"],
                "description": row["description"], "unit": row["unit"], "target": row["target"],
                "periods": row["periods"],
            })
    return rows


# --------------------------------------------------------------------- realisations


def realisation_rows(state: AgreementState) -> list[Row]:
    rows = []
    for log in state.realisations.values():
        current = log.current
        history = [
            {"seq": e.seq, "value": text(e.value), "numerator": text(e.numerator),
             "denominator": text(e.denominator), "actor": e.actor, "effective": text(e.effective),
             "recorded_at": text(e.recorded_at), "corrects": e.corrects, "reason": e.reason,
             "note": e.note}
            for e in log.entries
        ]
        rows.append({
            "agreement_id": str(state.id), "code": state.code, "kind": log.kind, "item": log.item,
            "month": log.month, "value": text(current.value), "numerator": text(current.numerator),
            "denominator": text(current.denominator), "entries": len(log.entries),
            "history": as_json(history),
        })
    rows.sort(key=lambda r: (r["kind"], r["item"], r["month"]))
    return rows


# --------------------------------------------------------------------- quarterly summary


def _figure_columns(prefix: str, figure: figures.Figure) -> Row:
    return {
        f"{prefix}target": text(figure.target), f"{prefix}realisation": text(figure.realisation),
        f"{prefix}achievement": text(figure.achievement),
        f"{prefix}grade": figure.grade.label if figure.grade else None,
    }


def quarterly_rows(state: AgreementState) -> list[Row]:
    version = shown_version(state)
    if version is None:
        return []
    content = version.content
    scale = figures.scale_of(content)
    base = {"agreement_id": str(state.id), "code": state.code, "version": version.number}
    rows: list[Row] = []
    order = 0
    for objective in content.sasaran:
        for indicator in objective.indikator:
            for quarter, own, upto in figures.indicator_quarters(state, content, indicator):
                rows.append({
                    **base, "ord": order, "kind": "indikator", "item": indicator.kode,
                    "objective": objective.kode, "description": indicator.uraian,
                    "unit": indicator.satuan, "annual_target": indicator.target,
                    "quarter": quarter, "scale": scale.name,
                    **_figure_columns("", own), **_figure_columns("cum_", upto),
                })
            order += 1
    for programme in content.program:
        for quarter, own, upto in figures.programme_quarters(state, programme):
            rows.append({
                **base, "ord": order, "kind": "anggaran", "item": programme.kode,
                "objective": ",".join(programme.sasaran), "description": programme.uraian,
                "unit": "Rp", "annual_target": text(programme.anggaran), "quarter": quarter,
                "scale": None, **_figure_columns("", own), **_figure_columns("cum_", upto),
            })
        order += 1
    return rows


# --------------------------------------------------------------------- annual measurement


def measurement_rows(state: AgreementState) -> list[Row]:
    version = shown_version(state)
    if version is None:
        return []
    content = version.content
    scale = figures.scale_of(content)
    base = {
        "agreement_id": str(state.id), "code": state.code, "year": state.year,
        "agency": state.agency, "position": state.position, "version": version.number,
        "in_force": 1 if version.in_force_from is not None else 0,
    }
    rows: list[Row] = []
    for objective in content.sasaran:
        for indicator in objective.indikator:
            m = figures.measure_indicator(state, content, indicator)
            rows.append({
                **base, "ord": len(rows), "kind": "indikator", "item": indicator.kode,
                "objective": objective.kode, "objective_text": objective.uraian,
                "description": indicator.uraian, "unit": indicator.satuan,
                "target": indicator.target, "realisation": text(m.figure.realisation),
                "achievement": text(m.figure.achievement),
                "grade": m.figure.grade.label if m.figure.grade else None,
                "scale": scale.name,
                "budget": text(m.budget), "budget_realisation": text(m.budget_realisation),
                "absorption": text(m.absorption), "efficiency": text(m.efficiency),
                "links": as_json(m.programmes),
            })
    for programme in content.program:
        spent, absorbed = figures.programme_year(state, programme)
        rows.append({
            **base, "ord": len(rows), "kind": "anggaran", "item": programme.kode,
            "objective": ",".join(programme.sasaran), "objective_text": None,
            "description": programme.uraian, "unit": "Rp", "target": None, "realisation": None,
            "achievement": None, "grade": None, "scale": None, "budget": text(programme.anggaran),
            "budget_realisation": text(spent), "absorption": text(absorbed), "efficiency": None,
            "links": as_json(list(programme.indikator)),
        })
    return rows


# --------------------------------------------------------------------- performance tree


def _target_changed_on(state: AgreementState, code: str) -> date | None:
    """When a new version came into force with a different target for indicator `code`."""
    changed: date | None = None
    previous: tuple[Any, ...] | None = None
    for version in state.versions:
        if version.in_force_from is None or version.withdrawn:
            continue
        indicator = version.content.indicator(code)
        current = None if indicator is None else (
            indicator.target, indicator.target_triwulan, indicator.target_bulan)
        if previous is not None and current != previous:
            changed = version.in_force_from
        previous = current
    return changed


def tree_rows(state: AgreementState) -> list[Row]:
    version = shown_version(state)
    if version is None:
        return []
    content = version.content
    base = {
        "agreement_id": str(state.id), "code": state.code, "year": state.year,
        "agency": state.agency, "position": state.position, "level": content.jenjang,
        "first_party": content.pihak_pertama.nama, "status": state.status.value,
        "signed_on": text(version.in_force_from),
    }
    rows = [{**base, "ord": 0, "indicator": None, "description": content.pihak_pertama.jabatan,
             "target": None, "parent_code": content.induk, "parent_indicator": None,
             "target_changed_on": None}]
    for indicator in content.indicators():
        rows.append({
            **base, "ord": len(rows), "indicator": indicator.kode,
            "description": indicator.uraian, "target": indicator.target,
            "parent_code": indicator.induk.pk if indicator.induk else content.induk,
            "parent_indicator": indicator.induk.indikator if indicator.induk else None,
            "target_changed_on": text(_target_changed_on(state, indicator.kode)),
        })
    return rows
