"""Read model `current_targets`: the version in force (or the draft before that), its indicators
with targets and its programmes with budgets; and the `show` view built on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from projections import agreements
from projections.model import ReadModel, as_json, from_json, text
from projections.schema import Table
from projections.store import ViewStore

if TYPE_CHECKING:
    from datetime import date

    from domain.document import Content, Indicator, Programme
    from domain.state import AgreementState

Periods = dict[str, dict[str, str]]  # {"triwulan": {"1": "0.32"}} or {"bulan": {...}}


class TargetRow(NamedTuple):
    agreement_id: str
    code: str
    version: int
    in_force: int
    ord: int
    kind: str  # "indikator" | "anggaran"
    item: str
    objective: str | None
    objective_text: str | None
    description: str
    unit: str
    target: str
    periods: str  # JSON Periods or null
    attributes: str  # JSON


TABLE = Table("kf_current_targets", TargetRow, key=("agreement_id", "kind", "item"),
              indexes=(("code", "ord"),))


def periods(model: Indicator | Programme) -> Periods | None:
    """Period targets (or budgets) as JSON-able text: {"triwulan": {"1": "0.32"}} or {"bulan": ...}."""
    if hasattr(model, "target"):  # an indicator (not importing the domain: start-up time)
        quarterly, monthly = model.target_triwulan, model.target_bulan  # type: ignore[union-attr]
    else:
        quarterly, monthly = model.anggaran_triwulan, model.anggaran_bulan  # type: ignore[union-attr]
    if quarterly is not None:
        return {"triwulan": {str(k): text(v) for k, v in quarterly.items()}}  # type: ignore[misc]
    if monthly is not None:
        return {"bulan": {str(k): text(v) for k, v in monthly.items()}}  # type: ignore[misc]
    return None


def plain_periods(value: dict[str, dict[int, Decimal] | None]) -> Periods | None:
    """The period values an edit event carries (`target_triwulan`, `anggaran_bulan`...) in the
    same JSON-able form as `periods`."""
    for name, key in (("target_triwulan", "triwulan"), ("anggaran_triwulan", "triwulan"),
                      ("target_bulan", "bulan"), ("anggaran_bulan", "bulan")):
        found = value.get(name)
        if found is not None:
            return {key: {str(k): text(v) for k, v in found.items()}}  # type: ignore[misc]
    return None


class Item(NamedTuple):
    """One indicator or programme of a version, as every read model lists them (`ord` order)."""

    ord: int
    kind: str
    item: str
    objective: str | None
    objective_text: str | None
    description: str
    unit: str
    target: str
    periods: str
    attributes: str


def items(content: Content) -> list[Item]:
    """Indicators then programmes, in document order."""
    found: list[Item] = []
    for objective in content.sasaran:
        for indicator in objective.indikator:
            found.append(Item(
                len(found), "indikator", indicator.kode, objective.kode, objective.uraian,
                indicator.uraian, indicator.satuan, indicator.target, as_json(periods(indicator)),
                as_json({
                    "direction": indicator.arah, "formula": indicator.formula,
                    "roll_up": indicator.penghitungan, "ratio": indicator.rasio,
                    "owner": indicator.penanggung_jawab,
                    "parent": indicator.induk.model_dump() if indicator.induk else None,
                }),
            ))
    for programme in content.program:
        found.append(Item(
            len(found), "anggaran", programme.kode, ",".join(programme.sasaran), None,
            programme.uraian, "Rp", text(programme.anggaran) or "0", as_json(periods(programme)),
            as_json({"funding": programme.sumber_dana, "indicators": list(programme.indikator),
                     "owner": programme.penanggung_jawab}),
        ))
    return found


def rows(state: AgreementState) -> list[TargetRow]:
    version = state.shown_version()
    in_force = 1 if version.in_force_from is not None else 0
    return [TargetRow(str(state.id), state.code, version.number, in_force, *item)
            for item in items(version.content)]


MODEL = ReadModel(
    name="current_targets",
    description="Target versi yang berlaku: per indikator dan program",
    version=2,
    derived={TABLE: rows},
)


# --------------------------------------------------------------------- the `show` view


@dataclass(frozen=True)
class Party:
    nama: str
    jabatan: str
    nip: str | None = None
    pangkat: str | None = None


@dataclass(frozen=True)
class Signature:
    party: str
    signer: str
    place: str | None
    signed_on: str
    recorded_by: str
    content_hash: str


@dataclass(frozen=True)
class Amendment:
    ground: str
    legal_basis: str
    reason: str
    opened_on: str
    opened_by: str


@dataclass(frozen=True)
class VersionInfo:
    version: int
    state: str
    in_force_from: str | None
    superseded_on: str | None
    signatures: list[Signature]
    amendment: Amendment | None


@dataclass(frozen=True)
class IndicatorTarget:
    objective: str | None
    objective_text: str | None
    code: str
    description: str
    unit: str
    target: str  # a number ("0.63") or a range ("80-90")
    periods: Periods | None
    direction: str
    formula: str
    roll_up: str
    ratio: bool
    owner: str | None
    parent: dict[str, str] | None


@dataclass(frozen=True)
class ProgrammeBudget:
    code: str
    description: str
    budget: Decimal
    periods: Periods | None
    objectives: list[str]
    funding: str | None
    indicators: list[str]
    owner: str | None


@dataclass(frozen=True)
class AgreementView:
    """`kinerja show`: the agreement's header, versions and signatures, targets and budgets."""

    code: str
    year: int
    agency: str
    position: str
    status: str
    status_label: str
    as_of: str | None
    version_shown: int | None
    version_in_force: int | None
    in_force_from: str | None
    drafted_on: str | None
    level: str
    scale: str
    parent: str | None
    first_party: Party
    second_party: Party
    versions: list[VersionInfo]
    quarters: dict[str, str]
    findings: list[str]
    indicators: list[IndicatorTarget]
    programmes: list[ProgrammeBudget]


def _versions(data: list[dict[str, Any]]) -> list[VersionInfo]:
    return [
        VersionInfo(v["version"], v["state"], v["in_force_from"], v["superseded_on"],
                    [Signature(**s) for s in v["signatures"]],
                    Amendment(**v["amendment"]) if v["amendment"] else None)
        for v in data
    ]


def shape(row: agreements.AgreementRow, targets: list[TargetRow], as_of: date | None = None
          ) -> AgreementView:
    """The view from the agreement's rows (stored, or derived from a state `as_of` a day)."""
    detail = from_json(row.detail)
    indicators, programmes = [], []
    for target in sorted(targets, key=lambda t: t.ord):
        attributes = from_json(target.attributes)
        if target.kind == "indikator":
            indicators.append(IndicatorTarget(
                target.objective, target.objective_text, target.item, target.description,
                target.unit, target.target, from_json(target.periods), **attributes))
        else:
            programmes.append(ProgrammeBudget(
                target.item, target.description, Decimal(target.target), from_json(target.periods),
                target.objective.split(",") if target.objective else [], **attributes))
    return AgreementView(
        code=row.code, year=row.year, agency=row.agency, position=row.position,
        status=row.status, status_label=agreements.status_label(row.status),
        as_of=as_of.isoformat() if as_of else None,
        version_shown=targets[0].version if targets else None,
        version_in_force=row.version_in_force, in_force_from=row.in_force_from,
        drafted_on=detail["drafted_on"], level=detail["level"], scale=detail["scale"],
        parent=detail["parent"], first_party=Party(**detail["first_party"]),
        second_party=Party(**detail["second_party"]), versions=_versions(detail["versions"]),
        quarters=detail["quarters"], findings=detail["findings"],
        indicators=indicators, programmes=programmes,
    )


def agreement(store: ViewStore, code: str) -> AgreementView:
    row = agreements.find(store, code)
    return shape(row, store.fetch(TABLE, "agreement_id = ?", (row.agreement_id,), order="ord"))


def as_of(state: AgreementState, day: date) -> AgreementView:
    """The view of an agreement as it stood at the end of `day` (a replayed state)."""
    return shape(agreements.rows(state)[0], rows(state), day)

