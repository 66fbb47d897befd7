"""A realisation read from a spreadsheet row, and where exactly it came from."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from domain.state import ItemKind
from kinerja_flow.importing.errors import Location


@dataclass(frozen=True)
class Realisation:
    """One value to record: an indicator's (value, or numerator/denominator) or a budget line's."""

    agreement: str
    kind: ItemKind
    item: str
    month: int
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    note: str | None
    where: Location  # the cell holding the value
    agreement_at: Location  # the cell naming the agreement (for "not found")
    item_at: Location  # the cell naming the indicator or programme

    @property
    def key(self) -> tuple[str, str, str, int]:
        return (self.agreement.upper(), self.kind, self.item, self.month)
