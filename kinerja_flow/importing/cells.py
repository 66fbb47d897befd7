"""Reading one spreadsheet cell as a number, a month or a text, with a message when it is not.

Cells come from CSV (always text) or Excel (int, float, text, dates...). Text numbers may be in
Indonesian notation (`1.234.567,89`, `0,63`, `80%`, see `domain.numbers.parse_number`).
Every converter raises `ValueError` with a message for the user.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from domain.errors import quoted
from domain.numbers import parse_number, within_limits

Cell = Any  # str | int | float | Decimal | datetime | bool | Uncalculated | None, as read


@dataclass(frozen=True)
class Uncalculated:
    """A formula cell saved without its computed value (written by a program that does not
    calculate, or with calculation off). Its value is unknown: it is neither blank (silently
    skipped) nor a number, and reading it is an error that names the cell."""

    formula: str

    def __str__(self) -> str:
        return f"={self.formula}"

    @property
    def problem(self) -> str:
        return (f"rumus tanpa nilai tersimpan ({quoted(str(self))}); buka berkas di Excel atau "
                "LibreOffice, hitung ulang dan simpan, lalu impor lagi")

MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        (
            ("januari", "jan"), ("februari", "feb", "pebruari"), ("maret", "mar"),
            ("april", "apr"), ("mei",), ("juni", "jun"), ("juli", "jul"),
            ("agustus", "agu", "agt"), ("september", "sep"), ("oktober", "okt"),
            ("november", "nov", "nop"), ("desember", "des"),
        ),
        start=1,
    )
    for name in names
}

DASHES = {"-", "\u2013", "\u2014"}


def is_blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def text(cell: Cell) -> str:
    """The cell as trimmed text (numbers as they are written, without a trailing `.0`)."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return " ".join(str(cell).split())


def number(cell: Cell) -> Decimal:
    """A finite number within the limits; `-` is not a number here (see `quantity`)."""
    if isinstance(cell, Uncalculated):
        raise ValueError(cell.problem)
    if isinstance(cell, bool) or isinstance(cell, (datetime, date, time)):
        raise ValueError(f"bukan angka: {quoted(text(cell))} (sel berisi {_kind(cell)})")
    if isinstance(cell, float):
        if cell != cell or cell in (float("inf"), float("-inf")):
            raise ValueError(f"bukan angka yang valid: {cell!r}")
        value = Decimal(f"{cell:.15g}")  # Excel keeps 15 significant digits; drop float noise
    elif isinstance(cell, (int, Decimal, str)):
        try:
            value = parse_number(cell)
        except ValueError:
            raise ValueError(f"bukan angka: {quoted(text(cell))} (contoh: 0,63 atau 382.252.200)") from None
    else:
        raise ValueError(f"bukan angka: {quoted(text(cell))}")
    return _within_limits(value, cell)


def quantity(cell: Cell) -> Decimal:
    """A realisation as the seed tables write it: a number, or `-` for zero."""
    if isinstance(cell, str) and cell.strip() in DASHES:
        return Decimal(0)
    return number(cell)


def month(cell: Cell) -> int:
    """A month 1..12, as a number or an Indonesian month name (Maret, Mar)."""
    name = text(cell).casefold()
    if name in MONTH_NAMES:
        return MONTH_NAMES[name]
    try:
        value = number(cell)
    except ValueError:
        raise ValueError(f"bulan tidak dikenal: {quoted(text(cell))} (isi 1..12 atau nama bulan)") from None
    if value != value.to_integral_value() or not 1 <= value <= 12:
        raise ValueError(f"bulan {text(cell)} di luar 1..12")
    return int(value)


def _within_limits(value: Decimal, cell: Cell) -> Decimal:
    """The digit limits every entered number has (`domain.numbers.within_limits`)."""
    try:
        return within_limits(value)
    except ValueError as error:
        raise ValueError(f"{quoted(text(cell))}: {error}") from None


def _kind(cell: Cell) -> str:
    if isinstance(cell, bool):
        return "nilai logika"
    return "tanggal/waktu"
