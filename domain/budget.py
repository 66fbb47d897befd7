"""Budget realisation above the ceiling (pagu): recorded, because it is a fact, never silently.

A programme's cumulative budget realisation above `WARN_ABOVE_PERCENT` of its ceiling is a
warning, not a refusal: spending can exceed a ceiling (a late APBD Perubahan, a typing slip of
two zeros), and refusing the fact would only hide it. The CLI prints the warning after the
realisation is recorded, and an import lists each row that brings a programme above it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from domain.achievement import absorption
from domain.numbers import format_percent, format_rupiah
from domain.state import AgreementState

WARN_ABOVE_PERCENT = Decimal(100)  # any excess over the ceiling warns


@dataclass(frozen=True)
class OverCeiling:
    """A programme's cumulative budget realisation above its ceiling."""

    programme: str
    realised: Decimal
    ceiling: Decimal

    def message(self, agreement: str) -> str:
        share = absorption(self.realised, self.ceiling)
        of_ceiling = f" ({format_percent(share)} dari pagu)" if share is not None else ""
        return (f"realisasi anggaran {self.programme} PK {agreement} kini berjumlah "
                f"Rp {format_rupiah(self.realised)}, melebihi pagu Rp {format_rupiah(self.ceiling)}"
                f"{of_ceiling}; tetap dicatat, periksa kembali angkanya.")


def over_ceiling(programme: str, realised: Decimal, ceiling: Decimal) -> OverCeiling | None:
    """The warning for `realised` (cumulative, Rupiah) against `ceiling`, if it is above the
    threshold; a zero ceiling warns for any realisation."""
    if realised * 100 > ceiling * WARN_ABOVE_PERCENT:
        return OverCeiling(programme, realised, ceiling)
    return None


def running_over_ceiling(programme: str, ceiling: Decimal, before: Decimal,
                         amounts: Iterable[Decimal]) -> list[OverCeiling | None]:
    """For amounts recorded one after the other on top of `before`: the warning after each one
    (None while the cumulative stays within the ceiling)."""
    result: list[OverCeiling | None] = []
    cumulative = before
    for amount in amounts:
        cumulative += amount
        result.append(over_ceiling(programme, cumulative, ceiling))
    return result


def realised_of(state: AgreementState, programme: str) -> Decimal:
    """The programme's budget realisation of the year: the current entry of every month."""
    return sum((r.value for r in state.realisations_of("anggaran", programme).values()
                if r.value is not None), Decimal(0))


def ceiling_of(state: AgreementState, programme: str) -> Decimal | None:
    """The programme's ceiling (pagu) in the version in force; None without one."""
    version = state.in_force()
    found = version.content.programme(programme) if version is not None else None
    return found.anggaran if found is not None else None


def over_ceiling_of(state: AgreementState, programme: str) -> OverCeiling | None:
    """The warning for the programme's realisation of the year against its ceiling, if above."""
    ceiling = ceiling_of(state, programme)
    if ceiling is None:
        return None
    return over_ceiling(programme, realised_of(state, programme), ceiling)
