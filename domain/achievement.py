"""Achievement math (capaian): targets, named formulas, period roll-ups and budget ratios.

Everything is computed with full-precision ``Decimal``; rounding is for display
only (see :mod:`domain.numbers`). "Undefined" results (zero target, missing
realisation, zero denominator) are ``None``, never an exception.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Context, Decimal, DivisionByZero, InvalidOperation
from functools import reduce

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from .errors import plain_messages
from .numbers import format_number, parse_number

__all__ = [
    "FORMULAS",
    "ROLL_UPS",
    "Target",
    "absorption",
    "achievement",
    "check_formula",
    "check_roll_up",
    "cumulative_target",
    "efficiency",
    "months_of",
    "quarter_of",
    "quarter_targets",
    "ratio_value",
    "roll_up",
]

_HUNDRED = Decimal(100)
# Fixed arithmetic context: results do not depend on the caller's context; an
# overflow yields Infinity (treated as undefined) instead of raising.
_CTX = Context(prec=28, traps=[InvalidOperation, DivisionByZero])
_RANGE_DASHES = "-\u2013\u2014"  # hyphen, en dash, em dash


class Target(BaseModel):
    """A target value, or a range ``lower–upper`` (a single value has lower == upper)."""

    model_config = ConfigDict(frozen=True)

    lower: Decimal
    upper: Decimal

    @model_validator(mode="after")
    def _check_bounds(self) -> Target:
        if not (self.lower.is_finite() and self.upper.is_finite()):
            raise ValueError("target harus berupa angka berhingga")
        if self.lower > self.upper:
            raise ValueError(f"batas bawah target {self.lower} lebih besar dari batas atas {self.upper}")
        return self

    @property
    def is_range(self) -> bool:
        """True when the target is a range rather than a single value."""
        return self.lower != self.upper

    @classmethod
    def parse(cls, value: str | int | Decimal | Target) -> Target:
        """Read ``0.63``, ``"0,63"``, ``"80-90"``, ``"80–90"`` or ``"80 - 90"``."""
        if isinstance(value, Target):
            return value
        try:
            if not isinstance(value, str):
                number = parse_number(value)
                return cls(lower=number, upper=number)
            cut = _range_separator(value)
            if cut is None:
                number = parse_number(value)
                return cls(lower=number, upper=number)
            return cls(lower=parse_number(value[:cut]), upper=parse_number(value[cut + 1 :]))
        except ValidationError as exc:
            raise ValueError(f"bukan target yang valid: {value!r} ({plain_messages(exc)})") from None
        except ValueError as exc:
            raise ValueError(f"bukan target yang valid: {value!r} ({exc})") from None

    def __str__(self) -> str:
        if self.is_range:
            return f"{_plain(self.lower)}\u2013{_plain(self.upper)}"
        return _plain(self.lower)


def _range_separator(text: str) -> int | None:
    """Index of the dash separating two numbers in ``text`` (one ending in a digit or %)."""
    for index, char in enumerate(text):
        if char in _RANGE_DASHES:
            before = text[:index].rstrip()
            if before and (before[-1].isdigit() or before[-1] == "%"):
                return index
    return None


def _plain(value: Decimal) -> str:
    """Indonesian notation keeping the value's significant decimals (``0,63``, ``80``)."""
    text = format_number(value, max(0, -int(value.as_tuple().exponent)))
    return text.rstrip("0").rstrip(",") if "," in text else text


# --- formulas -----------------------------------------------------------------

FORMULAS: Mapping[str, str] = {
    "naik": "semakin tinggi semakin baik: R / T × 100",
    "turun": "semakin rendah semakin baik (rumus regulasi): (2T − R) / T × 100",
    "turun-rasio": "semakin rendah semakin baik (alternatif): T / R × 100",
}


def check_formula(name: str) -> str:
    """Return ``name`` if it is a known formula, else raise ``ValueError`` listing them."""
    if name not in FORMULAS:
        raise ValueError(f"rumus capaian tidak dikenal: {name!r} (pilihan: {', '.join(FORMULAS)})")
    return name


def achievement(
    target: Target | Decimal,
    realisation: Decimal | None,
    formula: str = "naik",
    floor: Decimal | None = None,
    cap: Decimal | None = None,
) -> Decimal | None:
    """Achievement percentage of ``realisation`` against ``target`` (full precision).

    Range targets: inside ``[lower, upper]`` the achievement is 100; above the
    range the upper bound is used, below it the lower bound. ``floor``/``cap``
    clamp the result. Returns ``None`` (undefined) for a missing or non-finite
    realisation, a zero target bound, a zero realisation under ``turun-rasio``,
    or a result too large to represent.
    """
    if formula not in FORMULAS:
        check_formula(formula)
    if floor is not None or cap is not None:
        for name, limit in (("floor", floor), ("cap", cap)):
            if limit is not None and not limit.is_finite():
                raise ValueError(f"{name} capaian harus berupa angka berhingga: {limit}")
        if floor is not None and cap is not None and floor > cap:
            raise ValueError(f"batas bawah capaian {floor} lebih besar dari batas atas {cap}")
    if realisation is None or not realisation.is_finite():
        return None
    if isinstance(target, Decimal):  # a single value (the usual case): no Target to build
        if not target.is_finite():
            return None
        lower = upper = target
    else:
        if not isinstance(target, Target):
            target = Target.parse(target)
        lower, upper = target.lower, target.upper
    if lower != upper and lower <= realisation <= upper:
        result: Decimal | None = _HUNDRED
    else:
        bound = upper if realisation > upper else lower
        result = _apply(formula, bound, realisation)
    if result is None:
        return None
    if floor is not None and result < floor:
        return floor
    if cap is not None and result > cap:
        return cap
    return result


def _apply(formula: str, t: Decimal, r: Decimal) -> Decimal | None:
    """Evaluate one formula for a single target value ``t``; ``None`` when undefined."""
    if t.is_zero():
        return None
    if formula == "naik":
        result = _CTX.multiply(_CTX.divide(r, t), _HUNDRED)
    elif formula == "turun":
        numerator = _CTX.subtract(_CTX.multiply(2, t), r)
        result = _CTX.multiply(_CTX.divide(numerator, t), _HUNDRED)
    else:  # turun-rasio
        if r.is_zero():
            return None
        result = _CTX.multiply(_CTX.divide(t, r), _HUNDRED)
    return result if result.is_finite() else None


def _percent(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """``numerator / denominator × 100``, ``None`` when undefined."""
    if denominator.is_zero() or not (numerator.is_finite() and denominator.is_finite()):
        return None
    result = _CTX.multiply(_CTX.divide(numerator, denominator), _HUNDRED)
    return result if result.is_finite() else None


def ratio_value(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """Percentage value of a ratio indicator (3.503 / 47.914 -> 7,31%)."""
    return _percent(numerator, denominator)


# --- roll-ups and periods -----------------------------------------------------

ROLL_UPS: tuple[str, ...] = ("kumulatif", "akhir", "rata-rata")


def check_roll_up(method: str) -> str:
    """Return ``method`` if it is a known roll-up, else raise ``ValueError`` listing them."""
    if method not in ROLL_UPS:
        raise ValueError(f"cara penghitungan tidak dikenal: {method!r} (pilihan: {', '.join(ROLL_UPS)})")
    return method


def roll_up(values: Sequence[Decimal | None], method: str) -> Decimal | None:
    """Combine period values in order: sum, last with data, or mean; ``None`` if no data."""
    check_roll_up(method)
    present = [value for value in values if value is not None]
    if not present:
        return None
    if method == "akhir":
        return present[-1]
    total = reduce(_CTX.add, present, Decimal(0))
    if method == "kumulatif":
        return total
    return _CTX.divide(total, len(present))


def quarter_of(month: int) -> int:
    """Quarter (triwulan 1-4) of a month 1-12."""
    if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
        raise ValueError(f"bulan harus 1-12: {month!r}")
    return (month - 1) // 3 + 1


def months_of(quarter: int) -> tuple[int, ...]:
    """The three months (1-12) of a quarter 1-4."""
    if isinstance(quarter, bool) or not isinstance(quarter, int) or not 1 <= quarter <= 4:
        raise ValueError(f"triwulan harus 1-4: {quarter!r}")
    first = (quarter - 1) * 3 + 1
    return (first, first + 1, first + 2)


def quarter_targets(
    target_bulan: Mapping[int, Decimal] | None,
    target_triwulan: Mapping[int, Decimal] | None,
    method: str,
) -> dict[int, Decimal]:
    """Targets for TW 1-4, from quarterly targets or monthly ones rolled up by ``method``.

    Give at most one of the two mappings. Quarters without data are omitted.
    """
    check_roll_up(method)
    if target_bulan and target_triwulan:
        raise ValueError("isi target_bulan atau target_triwulan, tidak keduanya")
    if target_triwulan:
        for quarter in target_triwulan:
            months_of(quarter)  # validates the key
        return {q: target_triwulan[q] for q in sorted(target_triwulan) if target_triwulan[q] is not None}
    result: dict[int, Decimal] = {}
    months = dict(target_bulan or {})
    for month in months:
        quarter_of(month)  # validates the key
    for quarter in range(1, 5):
        value = roll_up([months.get(m) for m in months_of(quarter)], method)
        if value is not None:
            result[quarter] = value
    return result


def cumulative_target(quarter_targets: Mapping[int, Decimal], upto_quarter: int, method: str) -> Decimal | None:
    """Target "s/d triwulan N": quarters 1..N rolled up by ``method``."""
    months_of(upto_quarter)  # validates the quarter
    return roll_up([quarter_targets.get(q) for q in range(1, upto_quarter + 1)], method)


# --- budget -------------------------------------------------------------------


def absorption(spent: Decimal, ceiling: Decimal) -> Decimal | None:
    """Budget absorption (serapan) percentage: spent / ceiling × 100."""
    return _percent(spent, ceiling)


def efficiency(achievement_pct: Decimal | None, absorption_pct: Decimal | None) -> Decimal | None:
    """Efficiency ratio (tingkat efisiensi): achievement % / absorption % (110 / 98 -> 1,12)."""
    if achievement_pct is None or absorption_pct is None:
        return None
    if absorption_pct.is_zero() or not (achievement_pct.is_finite() and absorption_pct.is_finite()):
        return None
    result = _CTX.divide(achievement_pct, absorption_pct)
    return result if result.is_finite() else None
