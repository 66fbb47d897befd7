"""The figures of the quarterly table and the annual measurement, from one agreement's state.

Pure functions: state in, Decimal figures out. All math goes through `domain.achievement` and
`domain.grading`; nothing here rounds (rounding is for display, see `domain.numbers.shown_percent`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from domain.achievement import (
    absorption,
    achievement,
    cumulative_target,
    efficiency,
    months_of,
    quarter_targets,
    ratio_value,
    roll_up,
)
from domain.document import Content, Indicator, Programme
from domain.grading import Grade, GradeScale, grade
from domain.numbers import shown_percent
from domain.state import AgreementState, Realisation

QUARTERS = (1, 2, 3, 4)


@dataclass(frozen=True)
class Figure:
    """Target, realisation, achievement % and grade of one period (or s/d a period)."""

    target: Decimal | None
    realisation: Decimal | None
    achievement: Decimal | None
    grade: Grade | None


def scale_of(content: Content) -> GradeScale:
    """The agreement's grade scale (built-in, or user-defined in the document)."""
    return content.grade_scale()


def _ratio(entries: list[Realisation], method: str) -> Decimal | None:
    if not entries:
        return None
    if method == "kumulatif":
        numerator = sum((e.numerator or Decimal(0) for e in entries), Decimal(0))
        denominator = sum((e.denominator or Decimal(0) for e in entries), Decimal(0))
        return ratio_value(numerator, denominator)
    values = [ratio_value(e.numerator, e.denominator) for e in entries if e.numerator is not None
              and e.denominator is not None]
    return roll_up(values, method)


def period_realisation(indicator: Indicator, entries: dict[int, Realisation],
                       months: tuple[int, ...]) -> Decimal | None:
    """Realisation of the months `months`, rolled up by the indicator's rule."""
    present = [entries[m] for m in months if m in entries]
    if indicator.rasio:
        return _ratio(present, indicator.penghitungan)
    return roll_up([e.value for e in present], indicator.penghitungan)


def _graded(pct: Decimal | None, scale: GradeScale) -> Grade | None:
    """Grade the achievement as displayed (2 decimals, half-up): 85,004% shows and grades as
    85,00%, so the predikat never contradicts the figure beside it."""
    return grade(shown_percent(pct), scale)


def _achievement(indicator: Indicator, target: Decimal | None, real: Decimal | None,
                 scale: GradeScale) -> Figure:
    pct = None
    if target is not None:
        pct = achievement(target, real, indicator.formula, indicator.batas_bawah, indicator.batas_atas)
    return Figure(target, real, pct, _graded(pct, scale))


def indicator_quarters(state: AgreementState, content: Content, indicator: Indicator,
                       quarters: Iterable[int] = QUARTERS) -> list[tuple[int, Figure, Figure]]:
    """TW I-IV (or `quarters`): each quarter's own figure and the figure "s/d" (up to and
    including) it."""
    scale = scale_of(content)
    entries = state.realisations_of("indikator", indicator.kode)
    targets = quarter_targets(indicator.target_bulan, indicator.target_triwulan,
                              indicator.penghitungan)
    method = indicator.penghitungan
    rows = []
    for quarter in quarters:
        real = period_realisation(indicator, entries, months_of(quarter))
        # "s/d TW" rolls up the months themselves (a mean of months, not of quarterly means).
        cum_real = period_realisation(indicator, entries, tuple(range(1, quarter * 3 + 1)))
        cum_target = cumulative_target(targets, quarter, method) if targets else None
        rows.append((
            quarter,
            _achievement(indicator, targets.get(quarter), real, scale),
            _achievement(indicator, cum_target, cum_real, scale),
        ))
    return rows


def annual_indicator(state: AgreementState, content: Content, indicator: Indicator) -> Figure:
    """The year's realisation (all months by the indicator's rule) against the annual target."""
    scale = scale_of(content)
    entries = state.realisations_of("indikator", indicator.kode)
    real = period_realisation(indicator, entries, tuple(range(1, 13)))
    pct = achievement(indicator.target_value, real, indicator.formula, indicator.batas_bawah,
                      indicator.batas_atas)
    return Figure(None, real, pct, _graded(pct, scale))


def budget_quarter_targets(programme: Programme) -> dict[int, Decimal]:
    if programme.anggaran_triwulan:
        return dict(programme.anggaran_triwulan)
    if programme.anggaran_bulan:
        return {
            q: sum((programme.anggaran_bulan.get(m, Decimal(0)) for m in months_of(q)), Decimal(0))
            for q in QUARTERS
        }
    return {}


def _spent(entries: dict[int, Realisation], months: tuple[int, ...]) -> Decimal | None:
    values = [entries[m].value for m in months if m in entries and entries[m].value is not None]
    return sum(values, Decimal(0)) if values else None


def programme_quarters(state: AgreementState, programme: Programme,
                       quarters: Iterable[int] = QUARTERS) -> list[tuple[int, Figure, Figure]]:
    """TW I-IV (or `quarters`): budget target, realisation and absorption %, per quarter and s/d
    the quarter."""
    entries = state.realisations_of("anggaran", programme.kode)
    targets = budget_quarter_targets(programme)
    rows = []
    for quarter in quarters:
        target = targets.get(quarter)
        spent = _spent(entries, months_of(quarter))
        cum_target = sum((targets[q] for q in QUARTERS[:quarter] if q in targets), Decimal(0)) \
            if targets else None
        cum_spent = _spent(entries, tuple(range(1, quarter * 3 + 1)))
        rows.append((
            quarter,
            Figure(target, spent, _absorption(spent, target), None),
            Figure(cum_target, cum_spent, _absorption(cum_spent, cum_target), None),
        ))
    return rows


def _absorption(spent: Decimal | None, target: Decimal | None) -> Decimal | None:
    if spent is None or target is None:
        return None
    return absorption(spent, target)


def programme_year(state: AgreementState, programme: Programme) -> tuple[Decimal | None, Decimal | None]:
    """(realisation of the year, absorption % of the ceiling)."""
    spent = _spent(state.realisations_of("anggaran", programme.kode), tuple(range(1, 13)))
    return spent, _absorption(spent, programme.anggaran)


@dataclass(frozen=True)
class Measurement:
    """One indicator's line of the Formulir Pengukuran Kinerja."""

    figure: Figure
    budget: Decimal | None
    budget_realisation: Decimal | None
    absorption: Decimal | None
    efficiency: Decimal | None
    programmes: list[str]


def measure_indicator(state: AgreementState, content: Content, indicator: Indicator) -> Measurement:
    """Achievement and the budget of the programmes linked to it (`indikator:`), with efficiency."""
    figure = annual_indicator(state, content, indicator)
    linked = [p for p in content.program if indicator.kode in p.indikator]
    budget = sum((p.anggaran for p in linked), Decimal(0)) if linked else None
    spent_values = [programme_year(state, p)[0] for p in linked]
    spent = sum((s for s in spent_values if s is not None), Decimal(0)) \
        if any(s is not None for s in spent_values) else None
    absorbed = _absorption(spent, budget)
    return Measurement(figure, budget, spent, absorbed, efficiency(figure.achievement, absorbed),
                       [p.kode for p in linked])
