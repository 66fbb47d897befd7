"""Read model `measurement`: the Formulir Pengukuran Kinerja — each indicator's year (target,
realisasi, capaian, predikat) with the budget of the programmes linked to it (serapan, tingkat
efisiensi), and each programme's year; compared with the year before where it exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from domain.numbers import shown_percent
from projections.model import ReadModel, as_json, from_json, number, text
from projections.schema import Table
from projections.store import ViewStore

if TYPE_CHECKING:
    from domain.state import AgreementState


class MeasurementRow(NamedTuple):
    agreement_id: str
    code: str
    year: int
    agency: str
    position: str
    version: int
    in_force: int
    ord: int
    kind: str  # "indikator" | "anggaran"
    item: str
    objective: str | None
    objective_text: str | None
    description: str
    unit: str
    target: str | None
    realisation: str | None
    achievement: str | None
    grade: str | None
    scale: str | None
    budget: str | None
    budget_realisation: str | None
    absorption: str | None
    efficiency: str | None
    links: str  # JSON: the programmes of an indicator, the indicators of a programme


TABLE = Table("kf_measurement", MeasurementRow, key=("agreement_id", "kind", "item"),
              indexes=(("year", "agency", "code", "ord"),))


def rows(state: AgreementState) -> list[MeasurementRow]:
    from projections import figures

    version = state.shown_version()
    content = version.content
    scale = figures.scale_of(content)
    base = (str(state.id), state.code, state.year, state.agency, state.position, version.number,
            1 if version.in_force_from is not None else 0)
    found: list[MeasurementRow] = []
    years = {p.kode: figures.programme_year(state, p) for p in content.program}
    spent_of = {code: spent for code, (spent, _) in years.items()}
    for objective in content.sasaran:
        for indicator in objective.indikator:
            m = figures.measure_indicator(state, content, indicator, scale, spent_of)
            found.append(MeasurementRow(
                *base, len(found), "indikator", indicator.kode, objective.kode, objective.uraian,
                indicator.uraian, indicator.satuan, indicator.target, text(m.figure.realisation),
                text(m.figure.achievement), m.figure.grade.label if m.figure.grade else None,
                scale.name, text(m.budget), text(m.budget_realisation), text(m.absorption),
                text(m.efficiency), as_json(m.programmes),
            ))
    for programme in content.program:
        spent, absorbed = years[programme.kode]
        found.append(MeasurementRow(
            *base, len(found), "anggaran", programme.kode, ",".join(programme.sasaran), None,
            programme.uraian, "Rp", None, None, None, None, None, text(programme.anggaran),
            text(spent), text(absorbed), None, as_json(list(programme.indikator)),
        ))
    return found


MODEL = ReadModel(
    name="measurement",
    description="Formulir Pengukuran Kinerja: capaian tahunan, predikat, anggaran, serapan, efisiensi",
    version=2,
    derived={TABLE: rows},
)


# --------------------------------------------------------------------- the `measure` view


@dataclass(frozen=True)
class PreviousYear:
    year: int
    code: str
    target: str | None
    realisation: Decimal | None
    achievement: Decimal | None
    grade: str | None


@dataclass(frozen=True)
class MeasuredIndicator:
    objective: str | None
    objective_text: str | None
    code: str
    description: str
    unit: str
    target: str | None
    realisation: Decimal | None
    achievement: Decimal | None
    grade: str | None
    scale: str | None
    budget: Decimal | None
    budget_realisation: Decimal | None
    absorption: Decimal | None
    efficiency: Decimal | None
    programmes: list[str]
    previous: PreviousYear | None


@dataclass(frozen=True)
class MeasuredProgramme:
    code: str
    description: str
    budget: Decimal | None
    realisation: Decimal | None
    absorption: Decimal | None
    indicators: list[str]


@dataclass(frozen=True)
class MeasuredAgreement:
    code: str
    year: int
    agency: str
    position: str
    version: int
    in_force: bool
    indicators: list[MeasuredIndicator]
    programmes: list[MeasuredProgramme]


@dataclass(frozen=True)
class Measurement:
    """`kinerja measure`: the Formulir of every agreement of a year (of one agency)."""

    year: int
    agency: str | None
    agreements: list[MeasuredAgreement]


def _key(description: str) -> str:
    return " ".join(description.casefold().split())


def _rows(store: ViewStore, year: int, agency: str | None) -> list[MeasurementRow]:
    if agency:
        return store.fetch(TABLE, "year = ? AND agency = ?", (year, agency),
                           order="agency, code, ord")
    return store.fetch(TABLE, "year = ?", (year,), order="agency, code, ord")


def _indicator(row: MeasurementRow, before: MeasurementRow | None) -> MeasuredIndicator:
    return MeasuredIndicator(
        row.objective, row.objective_text, row.item, row.description, row.unit, row.target,
        number(row.realisation), shown_percent(number(row.achievement)), row.grade, row.scale,
        number(row.budget), number(row.budget_realisation), shown_percent(number(row.absorption)),
        shown_percent(number(row.efficiency)), from_json(row.links),
        None if before is None else PreviousYear(
            before.year, before.code, before.target, number(before.realisation),
            shown_percent(number(before.achievement)), before.grade),
    )


def measurement(store: ViewStore, year: int, agency: str | None = None) -> Measurement:
    """The Formulir per agreement of the year, each indicator with the year before where the
    same position of the same agency measured an indicator of the same name."""
    previous = {
        (r.agency, r.position, _key(r.description)): r
        for r in _rows(store, year - 1, agency) if r.kind == "indikator"
    }
    found: dict[str, MeasuredAgreement] = {}
    for row in _rows(store, year, agency):
        entry = found.setdefault(row.code, MeasuredAgreement(
            row.code, row.year, row.agency, row.position, row.version, bool(row.in_force), [], []))
        if row.kind == "indikator":
            before = previous.get((row.agency, row.position, _key(row.description)))
            entry.indicators.append(_indicator(row, before))
        else:
            entry.programmes.append(MeasuredProgramme(
                row.item, row.description, number(row.budget), number(row.budget_realisation),
                shown_percent(number(row.absorption)), from_json(row.links)))
    return Measurement(year, agency, list(found.values()))
