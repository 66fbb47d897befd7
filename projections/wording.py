"""Indonesian display words shared by the read models and the terminal: dates, targets, periods."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from domain.achievement import Target
from domain.numbers import format_number, format_rupiah

MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember",
)
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def long_date(value: date | str | None) -> str:
    """`14 Oktober 2020`; `-` for no date."""
    if value is None:
        return "-"
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def quarter_name(quarter: int) -> str:
    return f"TW {ROMAN[quarter]}"


def target_text(value: str | None) -> str:
    """A stored target ("0.63", "80-90") as users write it ("0,63", "80–90")."""
    if value is None:
        return "-"
    return str(Target.parse(value))


def amount_text(value: Decimal | str | None) -> str:
    """Rupiah without symbol (`382.252.200`)."""
    if value is None:
        return "-"
    return format_rupiah(Decimal(value))


def number_text(value: Decimal | str | None) -> str:
    """A measured value, Indonesian style, keeping up to its own decimals (at least none)."""
    if value is None:
        return "-"
    number = Decimal(value)
    places = max(0, min(4, -int(number.normalize().as_tuple().exponent)))
    return format_number(number, places)


def periods_text(periods: dict[str, Any] | None, money: bool = False) -> str:
    """{"triwulan": {"1": "0.32"}} -> `TW I 0,32 · TW II ...`."""
    if not periods:
        return "-"
    show = amount_text if money else number_text
    if "triwulan" in periods:
        return " · ".join(f"{quarter_name(int(q))} {show(v)}" for q, v in periods["triwulan"].items())
    return " · ".join(f"{MONTHS[int(m) - 1][:3]} {show(v)}" for m, v in periods["bulan"].items())
