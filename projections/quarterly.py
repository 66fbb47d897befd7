"""Read model `quarterly`: Capaian Rencana Aksi s/d Triwulan IV (the seed's Lampiran 2).

Per indicator and quarter: target, realisasi, capaian, predikat, for the quarter and "s/d" it;
per programme: budget target, realisasi and serapan; and the TOTAL of every programme.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from domain.numbers import shown_percent
from projections import agreements
from projections.model import ReadModel, number, text
from projections.schema import Table
from projections.store import ViewStore

if TYPE_CHECKING:
    from domain.state import AgreementState
    from projections.figures import Figure


class QuarterlyRow(NamedTuple):
    agreement_id: str
    code: str
    version: int
    ord: int
    kind: str  # "indikator" | "anggaran"
    item: str
    objective: str | None
    description: str
    unit: str
    annual_target: str
    quarter: int
    scale: str | None
    target: str | None
    realisation: str | None
    achievement: str | None  # capaian (indicator) or serapan (programme), exact
    grade: str | None
    cum_target: str | None
    cum_realisation: str | None
    cum_achievement: str | None
    cum_grade: str | None


TABLE = Table("kf_quarterly", QuarterlyRow, key=("agreement_id", "kind", "item", "quarter"),
              indexes=(("code", "ord", "quarter"),))


def _columns(figure: Figure) -> tuple[str | None, ...]:
    return (text(figure.target), text(figure.realisation), text(figure.achievement),
            figure.grade.label if figure.grade else None)


def rows(state: AgreementState, quarters: frozenset[int] | None = None) -> list[QuarterlyRow]:
    """Every item's row of every quarter (or of `quarters` only: those a month's realisations
    changed)."""
    from projections import figures

    shown = figures.QUARTERS if quarters is None else tuple(sorted(quarters))
    version = state.shown_version()
    content = version.content
    scale = figures.scale_of(content)
    base = (str(state.id), state.code, version.number)
    found: list[QuarterlyRow] = []
    order = 0
    for objective in content.sasaran:
        for indicator in objective.indikator:
            for quarter, own, upto in figures.indicator_quarters(state, indicator, scale, shown):
                found.append(QuarterlyRow(
                    *base, order, "indikator", indicator.kode, objective.kode, indicator.uraian,
                    indicator.satuan, indicator.target, quarter, scale.name,
                    *_columns(own), *_columns(upto)))
            order += 1
    for programme in content.program:
        for quarter, own, upto in figures.programme_quarters(state, programme, shown):
            found.append(QuarterlyRow(
                *base, order, "anggaran", programme.kode, ",".join(programme.sasaran),
                programme.uraian, "Rp", text(programme.anggaran) or "0", quarter, None,
                *_columns(own), *_columns(upto)))
        order += 1
    return found


MODEL = ReadModel(
    name="quarterly",
    description="Capaian rencana aksi TW I–IV: target, realisasi, capaian, predikat; anggaran",
    version=2,
    derived={TABLE: rows},
    by_quarter=frozenset({TABLE.name}),
)


# --------------------------------------------------------------------- the `summary` view


@dataclass(frozen=True)
class IndicatorFigure:
    target: Decimal | None
    realisation: Decimal | None
    achievement: Decimal | None  # capaian %, two decimals
    grade: str | None


@dataclass(frozen=True)
class IndicatorQuarter:
    quarter: int
    target: Decimal | None
    realisation: Decimal | None
    achievement: Decimal | None
    grade: str | None
    cumulative: IndicatorFigure  # s/d the quarter


@dataclass(frozen=True)
class BudgetFigure:
    target: Decimal | None
    realisation: Decimal | None
    absorption: Decimal | None  # serapan %, two decimals


@dataclass(frozen=True)
class BudgetQuarter:
    quarter: int
    target: Decimal | None
    realisation: Decimal | None
    absorption: Decimal | None
    cumulative: BudgetFigure  # s/d the quarter


@dataclass(frozen=True)
class TotalQuarter:
    """A quarter of the TOTAL row: the sums over every programme, and their absorption."""

    quarter: int
    target: Decimal | None
    realisation: Decimal | None
    absorption: Decimal | None


@dataclass(frozen=True)
class IndicatorSummary:
    code: str
    objective: str | None
    description: str
    unit: str
    annual_target: str
    scale: str | None
    quarters: list[IndicatorQuarter]


@dataclass(frozen=True)
class ProgrammeSummary:
    code: str
    objective: str | None
    description: str
    unit: str
    budget: Decimal | None
    quarters: list[BudgetQuarter]


@dataclass(frozen=True)
class BudgetTotal:
    budget: Decimal | None
    quarters: list[TotalQuarter]


@dataclass(frozen=True)
class Quarterly:
    """`kinerja summary`: the "Capaian Rencana Aksi s/d Triwulan IV" table."""

    code: str
    version: int | None
    quarter: int | None
    as_of: str | None
    indicators: list[IndicatorSummary]
    programmes: list[ProgrammeSummary]
    budget_total: BudgetTotal


def _indicator_figure(row: QuarterlyRow, cumulative: bool) -> IndicatorFigure:
    if cumulative:
        return IndicatorFigure(number(row.cum_target), number(row.cum_realisation),
                               shown_percent(number(row.cum_achievement)), row.cum_grade)
    return IndicatorFigure(number(row.target), number(row.realisation),
                           shown_percent(number(row.achievement)), row.grade)


def _budget_figure(row: QuarterlyRow, cumulative: bool) -> BudgetFigure:
    if cumulative:
        return BudgetFigure(number(row.cum_target), number(row.cum_realisation),
                            shown_percent(number(row.cum_achievement)))
    return BudgetFigure(number(row.target), number(row.realisation),
                        shown_percent(number(row.achievement)))


def shape(code: str, found: list[QuarterlyRow], quarter: int | None = None,
          as_of: date | None = None) -> Quarterly:
    """The view from the agreement's rows (stored, or derived from a state `as_of` a day)."""
    indicators: dict[str, IndicatorSummary] = {}
    programmes: dict[str, ProgrammeSummary] = {}
    for row in sorted(found, key=lambda r: (r.ord, r.quarter)):
        shown = quarter is None or row.quarter == quarter
        if row.kind == "indikator":
            entry = indicators.setdefault(row.item, IndicatorSummary(
                row.item, row.objective, row.description, row.unit, row.annual_target, row.scale,
                []))
            if shown:
                own = _indicator_figure(row, False)
                entry.quarters.append(IndicatorQuarter(
                    row.quarter, own.target, own.realisation, own.achievement, own.grade,
                    _indicator_figure(row, True)))
        else:
            budget = programmes.setdefault(row.item, ProgrammeSummary(
                row.item, row.objective, row.description, row.unit, number(row.annual_target), []))
            if shown:
                own_budget = _budget_figure(row, False)
                budget.quarters.append(BudgetQuarter(
                    row.quarter, own_budget.target, own_budget.realisation, own_budget.absorption,
                    _budget_figure(row, True)))
    listed = list(programmes.values())
    return Quarterly(code, found[0].version if found else None, quarter,
                     as_of.isoformat() if as_of else None, list(indicators.values()), listed,
                     _total(listed))


def _sum(values: list[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def _total(programmes: list[ProgrammeSummary]) -> BudgetTotal:
    """Every programme's ceiling, and per quarter its target, realisation and absorption."""
    from domain.achievement import absorption

    quarters = []
    for index in range(len(programmes[0].quarters) if programmes else 0):
        cells = [p.quarters[index] for p in programmes]
        target = _sum([c.target for c in cells])
        spent = _sum([c.realisation for c in cells])
        share = absorption(spent, target) if target is not None and spent is not None else None
        quarters.append(TotalQuarter(cells[0].quarter, target, spent, shown_percent(share)))
    return BudgetTotal(_sum([p.budget for p in programmes]), quarters)


def quarterly(store: ViewStore, code: str, quarter: int | None = None) -> Quarterly:
    row = agreements.find(store, code)
    found = store.fetch(TABLE, "agreement_id = ?", (row.agreement_id,), order="ord, quarter")
    return shape(row.code, found, quarter)


def as_of(state: AgreementState, day: date, quarter: int | None = None) -> Quarterly:
    return shape(state.code, rows(state), quarter, day)
