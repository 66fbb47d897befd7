"""Shared option types and input parsers of the `kinerja` commands.

Dates are typed YYYY-MM-DD; numbers may be written the Indonesian way (`1.234.567,89`, `0,63`);
period values are `PERIOD=VALUE` pairs (`1=0,2=0,3=0,32,4=0,31`). Bad input is reported by click
as a usage error naming the option, before anything is loaded or written.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Optional

import typer


def parse_date(text: str) -> date:
    """A business date (tanggal) as YYYY-MM-DD."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise typer.BadParameter(
            f"{text!r} bukan tanggal YYYY-MM-DD (contoh: 2020-10-14)."
        ) from None


def parse_decimal(text: str) -> Decimal:
    """A number in Indonesian (`1.234,5`) or plain (`1234.5`) notation, within the digit limits
    every entered number has (`domain.numbers.within_limits`)."""
    from domain.errors import quoted
    from domain.numbers import parse_number, within_limits

    try:
        number = parse_number(text)
    except ValueError:
        raise typer.BadParameter(
            f"{quoted(text)} bukan angka (contoh: 0,63 atau 382.252.200)."
        ) from None
    try:
        return within_limits(number)
    except ValueError as error:
        raise typer.BadParameter(f"{quoted(text)}: {error}.") from None


# A pair separator is a comma or semicolon followed by the next "PERIOD=" (so the comma inside
# an Indonesian decimal like "0,32" is not one), or plain whitespace.
_PAIR_SEPARATOR = re.compile(r"\s*[,;]\s*(?=\d+\s*=)|\s*;\s*|\s+(?=\d+\s*=)")


def parse_periods(text: str, top: int) -> dict[int, Decimal]:
    """`"1=0,2=0,3=0,32,4=0,31"` -> {1: 0, 2: 0, 3: 0.32, 4: 0.31}; periods run 1..`top`."""
    periods: dict[int, Decimal] = {}
    for pair in _PAIR_SEPARATOR.split(text.strip()):
        period, equals, value = pair.partition("=")
        if not equals or not period.strip().isdigit():
            raise typer.BadParameter(
                f"{pair!r} bukan pasangan PERIODE=NILAI (contoh: \"1=0,2=0,3=0,32,4=0,31\")."
            )
        number = int(period)
        if not 1 <= number <= top:
            raise typer.BadParameter(f"periode {number} di luar 1..{top}.")
        if number in periods:
            raise typer.BadParameter(f"periode {number} disebut dua kali.")
        periods[number] = parse_decimal(value)
    return dict(sorted(periods.items()))


def _periods_of(option: str, text: str | None, top: int) -> dict[int, Decimal] | None:
    """The periods of `option`, parsed in the command (a usage error there names no option)."""
    if text is None:
        return None
    try:
        return parse_periods(text, top)
    except typer.BadParameter as error:
        error.param_hint = f"'{option}'"
        raise


def quarters(text: str | None) -> dict[int, Decimal] | None:
    return _periods_of("--triwulan", text, 4)


def months(text: str | None) -> dict[int, Decimal] | None:
    return _periods_of("--bulan", text, 12)


DateOption = Annotated[
    Optional[date],
    typer.Option(
        "--tanggal",
        "--date",
        parser=parse_date,
        metavar="YYYY-MM-DD",
        help="Effective date (tanggal berlaku), YYYY-MM-DD; default today, never in the future.",
        show_default=False,
    ),
]

ReasonOption = Annotated[
    str,
    typer.Option("--alasan", "--reason", help="Why (alasan); kept with the event.", show_default=False),
]

OptionalReasonOption = Annotated[
    Optional[str],
    typer.Option("--alasan", "--reason", help="Why (alasan), optional; kept with the event.",
                 show_default=False),
]

QuartersOption = Annotated[
    Optional[str],
    typer.Option(
        "--triwulan",
        "--quarters",
        metavar="TW=VALUE,...",
        help="Per-quarter values (per triwulan), e.g. \"1=0,2=0,3=0,32,4=0,31\".",
        show_default=False,
    ),
]

MonthsOption = Annotated[
    Optional[str],
    typer.Option(
        "--bulan",
        "--months",
        metavar="MONTH=VALUE,...",
        help="Per-month values (per bulan), e.g. \"3=10,6=20,9=30,12=40\".",
        show_default=False,
    ),
]
