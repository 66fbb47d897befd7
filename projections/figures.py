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
OWN_MONTHS = {q: months_of(q) for q in QUARTERS}  # the months of each quarter
UPTO_MONTHS = {q: tuple(range(1, q * 3 + 1)) for q in QUARTERS}  # the months "s/d" each quarter
YEAR = tuple(range(1, 13))
_ZERO = Decimal(0)


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
        numerator = sum((e.numerator or _ZERO for e in entries), _ZERO)
        denominator = sum((e.denominator or _ZERO for e in entries), _ZERO)
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
    return None if pct is None else grade(shown_percent(pct), scale)


def _achievement(indicator: Indicator, target: Decimal | None, real: Decimal | None,
                 scale: GradeScale) -> Figure:
    if target is None or real is None:
        return Figure(target, real, None, None)
    pct = achievement(target, real, indicator.formula, indicator.batas_bawah, indicator.batas_atas)
    return Figure(target, real, pct, _graded(pct, scale))


def indicator_quarters(state: AgreementState, indicator: Indicator, scale: GradeScale,
                       quarters: Iterable[int] = QUARTERS) -> list[tuple[int, Figure, Figure]]:
    """TW I-IV (or `quarters`): each quarter's own figure and the figure "s/d" (up to and
    including) it."""
    entries = state.realisations_of("indikator", indicator.kode)
    method = indicator.penghitungan
    targets = quarter_targets(indicator.target_bulan, indicator.target_triwulan, method)
    rows = []
    for quarter in quarters:
        real = period_realisation(indicator, entries, OWN_MONTHS[quarter])
        # "s/d TW" rolls up the months themselves (a mean of months, not of quarterly means).
        cum_real = period_realisation(indicator, entries, UPTO_MONTHS[quarter])
        cum_target = cumulative_target(targets, quarter, method) if targets else None
        rows.append((
            quarter,
            _achievement(indicator, targets.get(quarter), real, scale),
            _achievement(indicator, cum_target, cum_real, scale),
        ))
    return rows


def annual_indicator(state: AgreementState, indicator: Indicator, scale: GradeScale) -> Figure:
    """The year's realisation (all months by the indicator's rule) against the annual target."""
    entries = state.realisations_of("indikator", indicator.kode)
    real = period_realisation(indicator, entries, YEAR)
    pct = achievement(indicator.target_value, real, indicator.formula, indicator.batas_bawah,
                      indicator.batas_atas)
    return Figure(None, real, pct, _graded(pct, scale))


def budget_quarter_targets(programme: Programme) -> dict[int, Decimal]:
    if programme.anggaran_triwulan:
        return dict(programme.anggaran_triwulan)
    if programme.anggaran_bulan:
        months = programme.anggaran_bulan
        return {q: sum((months.get(m, _ZERO) for m in OWN_MONTHS[q]), _ZERO) for q in QUARTERS}
    return {}


def _spent(entries: dict[int, Realisation], months: tuple[int, ...]) -> Decimal | None:
    values = [entries[m].value for m in months if m in entries and entries[m].value is not None]
    return sum(values, _ZERO) if values else None


def programme_quarters(state: AgreementState, programme: Programme,
                       quarters: Iterable[int] = QUARTERS) -> list[tuple[int, Figure, Figure]]:
    """TW I-IV (or `quarters`): budget target, realisation and absorption %, per quarter and s/d
    the quarter."""
    entries = state.realisations_of("anggaran", programme.kode)
    targets = budget_quarter_targets(programme)
    rows = []
    for quarter in quarters:
        target = targets.get(quarter)
        spent = _spent(entries, OWN_MONTHS[quarter])
        cum_target = sum((targets[q] for q in QUARTERS[:quarter] if q in targets), _ZERO) \
            if targets else None
        cum_spent = _spent(entries, UPTO_MONTHS[quarter])
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
    spent = _spent(state.realisations_of("anggaran", programme.kode), YEAR)
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


def measure_indicator(state: AgreementState, content: Content, indicator: Indicator,
                      scale: GradeScale, spent_of: dict[str, Decimal | None]) -> Measurement:
    """Achievement and the budget of the programmes linked to it (`indikator:`), with efficiency;
    `spent_of` is each programme's realisation of the year (`programme_year`)."""
    figure = annual_indicator(state, indicator, scale)
    linked = [p for p in content.program if indicator.kode in p.indikator]
    budget = sum((p.anggaran for p in linked), _ZERO) if linked else None
    spent_values = [spent_of[p.kode] for p in linked]
    spent = sum((s for s in spent_values if s is not None), _ZERO) \
        if any(s is not None for s in spent_values) else None
    absorbed = _absorption(spent, budget)
    return Measurement(figure, budget, spent, absorbed, efficiency(figure.achievement, absorbed),
                       [p.kode for p in linked])
