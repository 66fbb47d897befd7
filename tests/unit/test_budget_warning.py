"""A budget realisation above the ceiling (pagu) is recorded and warned about (issue 12, item 10)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from domain.budget import (
    WARN_ABOVE_PERCENT,
    OverCeiling,
    ceiling_of,
    over_ceiling,
    over_ceiling_of,
    realised_of,
    running_over_ceiling,
)
from tests.unit.test_agreement_rules import active, drafted, stamp


def test_the_threshold_is_any_excess_over_the_ceiling() -> None:
    assert WARN_ABOVE_PERCENT == 100
    assert over_ceiling("P1", Decimal(300_000), Decimal(300_000)) is None
    assert over_ceiling("P1", Decimal("300000.01"), Decimal(300_000)) == \
        OverCeiling("P1", Decimal("300000.01"), Decimal(300_000))
    assert over_ceiling("P1", Decimal(0), Decimal(0)) is None
    assert over_ceiling("P1", Decimal(1), Decimal(0)) is not None  # no ceiling at all


def test_the_message_names_the_programme_the_sums_and_the_share() -> None:
    excess = over_ceiling("P01", Decimal(24_000_000), Decimal(300_000))
    assert excess is not None
    assert excess.message("PK-X") == (
        "realisasi anggaran P01 PK PK-X kini berjumlah Rp 24.000.000, melebihi pagu Rp 300.000 "
        "(8.000,00% dari pagu); tetap dicatat, periksa kembali angkanya.")
    assert "dari pagu" not in OverCeiling("P01", Decimal(5), Decimal(0)).message("PK-X")


@given(st.lists(st.integers(min_value=0, max_value=1_000), max_size=12), st.integers(0, 3_000),
       st.integers(0, 500))
def test_running_totals_warn_from_the_row_that_crosses_the_ceiling(
    amounts: list[int], ceiling: int, before: int
) -> None:
    warnings = running_over_ceiling("P1", Decimal(ceiling), Decimal(before), map(Decimal, amounts))
    totals = [before + sum(amounts[: n + 1]) for n in range(len(amounts))]
    assert [w is not None for w in warnings] == [total > ceiling for total in totals]
    assert [w.realised for w in warnings if w] == [Decimal(t) for t in totals if t > ceiling]


def test_the_agreement_sums_the_current_entry_of_each_month() -> None:
    agreement = active()  # P1: ceiling 400
    agreement.record_budget_realisation(stamp(), "P1", 1, Decimal(300))
    assert over_ceiling_of(agreement.state, "P1") is None
    agreement.record_budget_realisation(stamp(), "P1", 2, Decimal(150))  # recorded: it is a fact
    assert realised_of(agreement.state, "P1") == Decimal(450)
    assert over_ceiling_of(agreement.state, "P1") == OverCeiling("P1", Decimal(450), Decimal(400))
    agreement.correct_realisation(stamp(), "anggaran", "P1", 2, "salah ketik", Decimal(100))
    assert realised_of(agreement.state, "P1") == Decimal(400)
    assert over_ceiling_of(agreement.state, "P1") is None
    assert realised_of(agreement.state, "P2") == 0
    assert ceiling_of(agreement.state, "P9") is None and over_ceiling_of(agreement.state, "P9") is None


def test_no_ceiling_no_warning_before_a_version_is_in_force() -> None:
    assert over_ceiling_of(drafted().state, "P1") is None
