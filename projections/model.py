"""What a read model is: its tables, and how each is fed from the log.

A table is fed either per agreement (`derived`: the agreement's rows replaced, from its state, once
per agreement per catch-up batch and once per rebuild) or per event (`per_event`: rows appended
in log order, from what the runner has `Seen` of the event). A per-event table listed in `replaces` keeps one row per primary key: a later row replaces
the earlier one (the current realisation of a month, say). A derived table listed in
`by_quarter` has a `quarter` column and a derivation that takes the quarters to derive: when a
batch only recorded realisations, only the quarters they change are derived again (a December
realisation changes TW IV alone), so a month costs the same in December as in January.

Raise a read model's `version` when its tables or rows change: the runner then rebuilds it.

Values are stored as exact text (`text`), JSON as compact text (`as_json`): one encoding for every
row of every table.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from projections.schema import Table

if TYPE_CHECKING:
    from domain.events import AgreementEvent
    from domain.state import AgreementState

Derive = Callable[["AgreementState"], list[Any]]


class Seen(NamedTuple):
    """One event as a per-event table sees it."""

    position: int  # in the log
    agreement: str  # the agreement's id, as text (the rows' `agreement_id`)
    event: AgreementEvent
    before: AgreementState | None  # the agreement's state before the event (None: a new one)
    data: bytes  # the event as stored (JSON)


OnEvent = Callable[[Seen], list[Any]]


@dataclass(frozen=True)
class ReadModel:
    name: str
    description: str
    version: int
    derived: dict[Table, Derive] = field(default_factory=dict)
    per_event: dict[Table, OnEvent] = field(default_factory=dict)
    replaces: frozenset[str] = frozenset()  # per-event tables whose rows replace by key
    by_quarter: frozenset[str] = frozenset()  # derived tables derived again quarter by quarter

    @property
    def tables(self) -> tuple[Table, ...]:
        return (*self.derived, *self.per_event)


def text(value: Decimal | date | datetime | None) -> str | None:
    """Exact text of a Decimal, ISO text of a date; `None` stays `None` (SQL NULL)."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format(value, "f")
    return value.isoformat()


# One encoder for every row (`json.dumps` with options builds a new encoder on each call).
as_json = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=str).encode


def from_json(value: str | None) -> Any:
    return None if value is None else json.loads(value)


def number(value: str | None) -> Decimal | None:
    """A stored exact decimal text as a Decimal."""
    return None if value is None else Decimal(value)


def to_json(value: Any) -> Any:
    """A query's typed result as JSON data with stable keys: a dataclass becomes an object of its
    fields, a Decimal its exact text, a date its ISO text."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    return value
