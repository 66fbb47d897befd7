"""Decimal helpers: half-up rounding, Indonesian number formatting and parsing.

Indonesian notation uses '.' as the thousands separator and ',' as the decimal
separator (``1.234.567,89``). Rounding happens only for display; computations
keep full ``Decimal`` precision.
"""

from __future__ import annotations

import operator
import re
from decimal import ROUND_HALF_UP, Context, Decimal

__all__ = [
    "format_number",
    "format_percent",
    "format_rupiah",
    "MAX_DECIMALS",
    "MAX_INTEGER_DIGITS",
    "parse_number",
    "round_half_up",
    "to_decimal",
    "within_limits",
]

# The one definition of how large and how precise an entered number may be: every number a
# person types (CLI options, documents, spreadsheet cells, the aggregate's commands) is held to
# it. Beyond it a value is a typing or unit error, and it would no longer survive an export to
# a spreadsheet (Excel keeps 15 significant digits).
MAX_INTEGER_DIGITS = 15  # a thousand trillion Rupiah
MAX_DECIMALS = 6

_EMPTY = "-"

# Thousands-grouped integer part: first group 1-3 digits not starting with 0.
_GROUPED = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")
_DIGITS = re.compile(r"\d+")
_SIGN = {"-": "-", "\u2212": "-", "+": ""}  # ASCII minus, Unicode minus sign, plus
_RUPIAH = re.compile(r"^rp\.?\s*", re.IGNORECASE)
_WIDE = Context(prec=60)
_EXPONENTS = {places: Decimal(1).scaleb(-places) for places in range(7)}


def to_decimal(value: Decimal | int) -> Decimal:
    """Return ``value`` as a finite ``Decimal``; reject floats, bools and NaN/Infinity."""
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        raise TypeError(f"Decimal atau int diharapkan, bukan {type(value).__name__}: {value!r}")
    result = Decimal(value)
    if not result.is_finite():
        raise ValueError(f"bukan angka yang valid: {value!r}")
    return result


def round_half_up(value: Decimal | int, places: int = 2) -> Decimal:
    """Round ``value`` to ``places`` decimals, halves away from zero (0,005 -> 0,01)."""
    number = to_decimal(value)
    places = operator.index(places)  # a whole number of places: 2.0 is refused, as before
    if places < 0:
        raise ValueError(f"jumlah desimal tidak boleh negatif: {places}")
    # Enough precision that quantize never fails for large values (a shared context for the
    # usual sizes: this runs for every figure of every read-model row).
    needed = number.adjusted() + places + 2
    context = _WIDE if needed <= _WIDE.prec else Context(prec=needed)
    return number.quantize(_EXPONENTS.get(places) or Decimal(1).scaleb(-places),
                           rounding=ROUND_HALF_UP, context=context)


def format_number(value: Decimal | int | None, places: int = 2) -> str:
    """Format Indonesian style (``1.234.567,89``), half-up; ``None`` gives ``"-"``."""
    if value is None:
        return _EMPTY
    rounded = round_half_up(value, places)
    if rounded.is_zero():
        rounded = abs(rounded)  # never show "-0,00"
    text = f"{rounded:,f}"  # already quantized: no further rounding happens here
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def format_percent(value: Decimal | None, places: int = 2) -> str:
    """Format a percentage Indonesian style (``158,91%``); ``None`` gives ``"-"``."""
    if value is None:
        return _EMPTY
    return f"{format_number(value, places)}%"


def format_rupiah(value: Decimal | int | None) -> str:
    """Format whole Rupiah (``382.252.200``), half-up, no symbol; ``None`` gives ``"-"``."""
    return format_number(value, 0)


def parse_number(text: str | int | Decimal) -> Decimal:
    """Parse a number as planning staff type it; raise ``ValueError`` if it is not one.

    Accepted: an optional sign (``-``, ``+`` or the Unicode minus ``−``), an
    optional ``Rp``/``Rp.`` prefix, an optional trailing ``%`` (dropped: ``"80%"``
    is 80), surrounding whitespace, and digits with separators:

    - A comma is the decimal separator; dots before it must then be thousands
      separators in groups of three (``"1.234.567,89"``, ``"0,63"``).
    - Without a comma, dots are thousands separators when the number is exactly
      a 1-3 digit group not starting with 0 followed by ``.ddd`` groups
      (``"382.252.200"`` -> 382252200, ``"1.234"`` -> 1234). Otherwise a single
      dot is a decimal point (``"4.60"``, ``"0.630"``, ``"1234.5"``).
    - Anything else (``"1.2.3"``, ``"1,234.5"``, exponents, ``"-"``, empty,
      NaN, Infinity) is rejected.

    ``int`` and ``Decimal`` inputs are returned as ``Decimal`` (finite only).
    """
    if not isinstance(text, str):
        try:
            return to_decimal(text)
        except TypeError as exc:
            raise ValueError(f"bukan angka yang valid: {text!r}") from exc
    body = _RUPIAH.sub("", text.strip())
    if body.endswith("%"):
        body = body[:-1].rstrip()
    sign = ""
    if body[:1] in _SIGN:
        sign, body = _SIGN[body[0]], body[1:].lstrip()
        body = _RUPIAH.sub("", body)
    plain = _plain_digits(body)
    if plain is None:
        raise ValueError(f"bukan angka yang valid: {text!r}")
    return Decimal(sign + plain)


def _plain_digits(body: str) -> str | None:
    """Return ``body`` as ``digits[.digits]`` or ``None`` if it is not a number."""
    if "," in body:
        whole, _, fraction = body.partition(",")
        if not _DIGITS.fullmatch(fraction) or not _integer_part(whole):
            return None
        return f"{whole.replace('.', '')}.{fraction}"
    if _DIGITS.fullmatch(body) or _GROUPED.fullmatch(body):
        return body.replace(".", "")
    whole, dot, fraction = body.partition(".")
    if dot and _DIGITS.fullmatch(whole) and _DIGITS.fullmatch(fraction):
        return body
    return None


def _integer_part(whole: str) -> bool:
    """True if ``whole`` is plain digits or correctly thousands-grouped digits."""
    return bool(_DIGITS.fullmatch(whole) or _GROUPED.fullmatch(whole))


def within_limits(value: Decimal | int) -> Decimal:
    """``value`` if a person could mean it, else ``ValueError`` naming the limit.

    At most ``MAX_INTEGER_DIGITS`` digits before the decimal point and ``MAX_DECIMALS`` after
    it. Trailing zeros beyond the decimals are dropped (``0,5000000000`` is 0,5), an exponent
    form becomes plain digits (``1E+2`` is 100) and ``-0`` is 0, so what is stored is always
    short and plain. (Runs for every realisation and every number of a document: one
    ``as_tuple``, nothing else on the usual path.)
    """
    if type(value) is not Decimal or not value.is_finite():
        value = to_decimal(value)
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)  # finite
    if not value:
        return abs(value) if exponent <= 0 and exponent >= -MAX_DECIMALS else Decimal(0)
    if value.adjusted() >= MAX_INTEGER_DIGITS:
        raise ValueError(f"angka terlalu besar (paling banyak {MAX_INTEGER_DIGITS} digit sebelum koma)")
    if exponent < -MAX_DECIMALS:
        if value != round(value, MAX_DECIMALS):
            raise ValueError(f"terlalu banyak desimal (paling banyak {MAX_DECIMALS})")
        value = value.normalize(_WIDE)  # "0,5000000000" -> 0.5
        exponent = value.as_tuple().exponent  # type: ignore[assignment]
    if exponent > 0:
        value = value.quantize(Decimal(1), context=_WIDE)  # 1E+2 -> 100: never an exponent form
    return value


PERCENT_PLACES = 2  # percentages and ratios are shown, graded and exported with two decimals


def shown_percent(value: Decimal | None) -> Decimal | None:
    """A percentage (or ratio) as it is shown, graded and exported: half-up, two decimals."""
    return None if value is None else round_half_up(value, PERCENT_PLACES)
