"""What one exported cell holds: a number, a text made safe, or nothing.

Shared by the CSV and the XLSX writer so that both decide alike:

- Only columns whose `Column.format` is numeric hold numbers. A value there is a number when it is
  a finite `Decimal`, int or decimal string (what the read models give). A range target ("80-90")
  in a number column is the range's text, Indonesian style ("80–90"); the undefined mark `-` and
  anything else that is not a number are text.
- Text is passed through `kinerja_flow.printable.visible`: control characters (ESC, BEL, CR...)
  and bidi overrides become visible escapes. Excel refuses most of them in a cell, and in a CSV
  they would reach whatever shows the file.
- Formula injection (OWASP, "CSV Injection"): a text starting with `=`, `+`, `-`, `@`, a tab, a
  carriage return or their full-width forms is a formula to Excel and LibreOffice. `is_risky` names
  those texts; the CSV writer prefixes them with an apostrophe (`'=1+1`), the XLSX writer stores
  them as plain strings (never formulas) with Excel's quote prefix. A plain number (`-7,5`) and a
  lone dash (the undefined mark) are not formulas and are left alone.
- Excel keeps numbers as binary doubles shown with 15 significant digits: `excel_number` is the
  value Excel holds exactly, or None when it cannot (more digits, out of range), and the XLSX
  writer then writes the number's Indonesian text, so no digit is lost or changed.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from domain.achievement import Target
from domain.numbers import format_number
from kinerja_flow.export.model import NUMERIC, CellFormat
from kinerja_flow.printable import visible

Content = Decimal | str | None

FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")  # and the full-width = + - @
_NOT_A_FORMULA = re.compile(r"[-+]?\d+(?:[.,]\d+)*%?|[-\u2013\u2014]")  # -7,5  1.234.567  -
EXCEL_DIGITS = 15  # significant digits Excel keeps
EXCEL_EXPONENTS = range(-300, 300)  # well inside a double's range (about 1e-308 .. 1.8e308)


def content(value: Any, cell: CellFormat) -> Content:
    """The cell's content: a `Decimal` (numeric columns only), a safe text, or None (empty)."""
    if value is None or value == "":
        return None
    if cell in NUMERIC:
        number = as_number(value)
        if number is not None:
            return number
        if isinstance(value, str) and (text := range_text(value)) is not None:
            return text
    return visible(value if isinstance(value, str) else str(value))


def text(value: str) -> str:
    """A title, header or other text cell's content."""
    return visible(value)


def as_number(value: Any) -> Decimal | None:
    """A finite number, or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, (str, float)):
        try:
            number = Decimal(value.strip() if isinstance(value, str) else repr(value))
        except InvalidOperation:
            return None
    else:
        return None
    return number if number.is_finite() else None


def range_text(value: str) -> str | None:
    """A range target ("80-90") as users write it ("80–90"); None if `value` is no range."""
    try:
        target = Target.parse(value)
    except ValueError:
        return None
    return str(target) if target.is_range else None


def own_places(number: Decimal) -> int:
    exponent = number.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def number_text(number: Decimal, cell: CellFormat) -> str:
    """Indonesian notation, exact: a value keeps its own decimals, a percentage has two."""
    if cell == "int":
        return format(number, "f")
    return format_number(number, 2 if cell == "percent" else own_places(number))


def is_risky(text: str) -> bool:
    """True when a spreadsheet would read `text` as a formula (or the start of one)."""
    start = text.lstrip(" ")[:1]
    return start in FORMULA_STARTS and not _NOT_A_FORMULA.fullmatch(text.strip(" "))


def csv_text(text: str) -> str:
    """A text as a CSV cell: formula starts escaped with an apostrophe (OWASP)."""
    return f"'{text}" if is_risky(text) else text


def excel_number(number: Decimal) -> int | float | None:
    """`number` as Excel holds it, when Excel can hold it exactly; None otherwise."""
    digits = "".join(map(str, number.as_tuple().digits)).lstrip("0").rstrip("0")
    if len(digits) > EXCEL_DIGITS or (digits and number.adjusted() not in EXCEL_EXPONENTS):
        return None
    if number == number.to_integral_value() and number.adjusted() < EXCEL_DIGITS:
        return int(number)
    return float(number)
