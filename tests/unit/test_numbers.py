"""Tests for domain.numbers: half-up rounding, Indonesian formatting and parsing."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.numbers import (
    format_number,
    format_percent,
    format_rupiah,
    parse_number,
    round_half_up,
)

D = Decimal


# --- rounding -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        ("1.005", 2, "1.01"),
        ("1.004", 2, "1.00"),
        ("-1.005", 2, "-1.01"),
        ("2.5", 0, "3"),
        ("-2.5", 0, "-3"),
        ("158.9130434782608695652173913", 2, "158.91"),
        ("7", 2, "7.00"),
    ],
)
def test_round_half_up(value: str, places: int, expected: str) -> None:
    result = round_half_up(D(value), places)
    assert result == D(expected)
    assert str(result) == expected


def test_round_half_up_handles_values_beyond_default_precision() -> None:
    big = D("123456789012345678901234567890.125")
    assert round_half_up(big, 2) == D("123456789012345678901234567890.13")


def test_round_half_up_rejects_non_finite_and_floats() -> None:
    with pytest.raises(ValueError):
        round_half_up(D("NaN"))
    with pytest.raises(TypeError):
        round_half_up(1.5)  # type: ignore[arg-type]


# --- formatting ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (D("1234567.891"), 2, "1.234.567,89"),
        (D("1234567.885"), 2, "1.234.567,89"),  # half-up, not banker's rounding
        (D("-3.5"), 2, "-3,50"),
        (D("0"), 2, "0,00"),
        (D("-0.001"), 2, "0,00"),  # never "-0,00"
        (D("999.995"), 2, "1.000,00"),
        (D("0.63"), 2, "0,63"),
        (1234, 0, "1.234"),
        (D("1234.5"), 0, "1.235"),
        (D("12.3456"), 3, "12,346"),
    ],
)
def test_format_number(value: Decimal | int, places: int, expected: str) -> None:
    assert format_number(value, places) == expected


def test_format_none_is_dash() -> None:
    assert format_number(None) == "-"
    assert format_percent(None) == "-"
    assert format_rupiah(None) == "-"


def test_format_percent() -> None:
    assert format_percent(D("158.9130434782608695652173913")) == "158,91%"
    assert format_percent(D("-175")) == "-175,00%"
    assert format_percent(D("7.31"), 1) == "7,3%"


def test_format_rupiah() -> None:
    assert format_rupiah(382252200) == "382.252.200"
    assert format_rupiah(D("381422110.50")) == "381.422.111"
    assert format_rupiah(D("0.4")) == "0"


# --- parsing ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234.567,89", D("1234567.89")),
        ("0,63", D("0.63")),
        ("80%", D("80")),
        ("80 %", D("80")),
        ("-3,5", D("-3.5")),
        ("\u22123,5", D("-3.5")),  # Unicode minus sign
        ("+2", D("2")),
        ("Rp 382.252.200,00", D("382252200")),
        ("Rp. 1.000", D("1000")),
        ("-Rp 5.000", D("-5000")),
        (" 4.60 ", D("4.60")),
        ("382.252.200", D("382252200")),
        ("1.234", D("1234")),
        ("0.630", D("0.63")),  # a leading 0 group is never thousands
        ("1234.5", D("1234.5")),
        ("12.34", D("12.34")),
        ("1234,5", D("1234.5")),
        ("\u00a0 47.914\u00a0", D("47914")),
        ("0", D("0")),
        (7, D("7")),
        (D("4.60"), D("4.60")),
    ],
)
def test_parse_number(text: str | int | Decimal, expected: Decimal) -> None:
    assert parse_number(text) == expected


def test_parse_number_keeps_decimal_type() -> None:
    assert isinstance(parse_number("0,63"), Decimal)
    assert str(parse_number(" 4.60 ")) == "4.60"


@pytest.mark.parametrize(
    "text",
    ["-", "", "   ", "abc", "%", "Rp", "1.2.3", "1,234.5", "1,2,3", "5,", ",5", "1.23,4", "1 234",
     "NaN", "nan", "Infinity", "-inf", "1e5", "12a", "--3", "0.123,5"],
)
def test_parse_number_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="bukan angka yang valid") as info:
        parse_number(text)
    assert repr(text) in str(info.value)


@pytest.mark.parametrize("value", [D("NaN"), D("Infinity"), D("-Infinity"), 1.5, True, None])
def test_parse_number_rejects_non_finite_and_non_numbers(value: object) -> None:
    with pytest.raises(ValueError):
        parse_number(value)  # type: ignore[arg-type]


# --- properties ---------------------------------------------------------------

wide_decimals = st.decimals(
    min_value=D("-1e15"), max_value=D("1e15"), allow_nan=False, allow_infinity=False, places=6
)


@given(wide_decimals)
def test_parse_inverts_format(value: Decimal) -> None:
    assert parse_number(format_number(value, 2)) == round_half_up(value, 2)


@given(wide_decimals, st.integers(min_value=0, max_value=4))
def test_parse_inverts_format_any_places(value: Decimal, places: int) -> None:
    assert parse_number(format_number(value, places)) == round_half_up(value, places)


@given(st.integers(min_value=-(10**18), max_value=10**18))
def test_parse_inverts_format_rupiah(value: int) -> None:
    assert parse_number(format_rupiah(value)) == value


@given(wide_decimals)
def test_round_half_up_is_within_half_unit(value: Decimal) -> None:
    rounded = round_half_up(value, 2)
    assert abs(rounded - value) <= D("0.005")
    assert rounded.as_tuple().exponent == -2
