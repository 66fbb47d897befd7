"""Rules for new input, which the record already stored is never re-checked against.

Events embed the document's models (`Content`, `Indicator`, `Programme`, `Party`), and the mapper
validates them again each time it reads an event back; replaying an edit validates the edited
`Content` again too. A rule added in a later release (a length bound, a forbidden character, a
digit limit) would therefore make an agreement stored before it unreadable — not even
cancellable — if it ran on those reads. So every such rule is an `InputRule`: it runs when a
document, an edit or a constructor is validated, and is skipped when the data is validated with
the `RECORDED` context (the mapper reading events, an edit being replayed). The models stay the
one definition of what valid input is, and their JSON Schema still shows the bounds.

Rules that the models had when the first events were stored (types, codes' pattern, references)
keep running on every read: everything ever stored satisfies them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler, ValidationInfo
from pydantic_core import core_schema

from domain.numbers import MAX_DECIMALS, MAX_INTEGER_DIGITS, within_limits

__all__ = [
    "RECORDED",
    "Described",
    "InputRule",
    "bounded_number",
    "check_text",
    "is_new_input",
    "is_recorded",
    "non_negative_number",
    "text_rule",
]

RECORDED: Mapping[str, bool] = {"recorded": True}
"""Validation context for data read back from the record: `InputRule`s are skipped."""

# Characters that are never part of a name, a code or a description: C0/C1 control characters
# (NUL, line breaks, ESC of terminal escape sequences...; category Cc), lone surrogates (JSON
# "\\ud800": not storable as UTF-8; Cs), line and paragraph separators (Zl, Zp) and the
# bidirectional marks, overrides and isolates that make "ABC<U+202E>FED" read as something else on
# screen (Trojan Source). One character class: a text is checked at C speed.
_FORBIDDEN = re.compile(
    "[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029"
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def is_recorded(info: ValidationInfo) -> bool:
    """True when the data being validated is read back from the record (context `RECORDED`)."""
    return bool(info.context) and bool(info.context.get("recorded"))


def is_new_input(value: Any, model: type, info: ValidationInfo) -> bool:
    """For a model-level rule (a `mode="wrap"` model validator): is `value` new input?

    Not when read back from the record, and not when it already is a model instance: pydantic
    runs model validators again whenever an instance is put into another model (an event, a
    `Version`), without the context; an instance was checked when it was made, or comes from
    the record.
    """
    return not isinstance(value, model) and not is_recorded(info)


class Described:
    """JSON Schema keywords describing a bound (`maxLength`, `minimum`...) that is checked
    elsewhere, e.g. by the model holding the value."""

    def __init__(self, **schema: Any) -> None:
        self.schema = schema

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema,
                                     handler: GetJsonSchemaHandler) -> dict[str, Any]:
        result = dict(handler(schema))
        result.update(self.schema)
        return result


class InputRule(Described):
    """An extra check for new input (see the module docstring), shown in the JSON Schema.

    `check` takes the already-typed value and returns it (possibly normalised) or raises
    `ValueError` with a message for the user; pydantic adds the field path. `schema` are JSON
    Schema keywords describing the bound (`maxLength`, `minimum`...).
    """

    def __init__(self, check: Callable[[Any], Any], **schema: Any) -> None:
        super().__init__(**schema)
        self.check = check

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler
                                     ) -> core_schema.CoreSchema:
        return core_schema.with_info_after_validator_function(self._validate, handler(source))

    def _validate(self, value: Any, info: ValidationInfo) -> Any:
        context = info.context  # inline `is_recorded`: this runs for every bounded field read
        if context and context.get("recorded"):
            return value
        return self.check(value)


def check_text(value: str, limit: int) -> str:
    """`value` if it has at most `limit` characters and none that is forbidden in a text."""
    if len(value) > limit:
        raise ValueError(f"terlalu panjang: {len(value)} karakter (paling banyak {limit})")
    found = _FORBIDDEN.search(value)
    if found:
        char = found.group()
        name = unicodedata.name(char, "karakter kendali")
        raise ValueError(
            f"berisi karakter terlarang U+{ord(char):04X} ({name}) pada posisi {found.start() + 1}; "
            "hapus karakter itu (karakter kendali dan pembalik arah teks tidak boleh ada)"
        )
    return value


def text_rule(limit: int) -> InputRule:
    """At most `limit` characters, no control or direction-changing characters."""
    return InputRule(lambda value: check_text(value, limit), maxLength=limit)


def bounded_number(value: Decimal) -> Decimal:
    """A number within the digit limits of `domain.numbers` (normalised, see `within_limits`)."""
    return within_limits(value)


def non_negative_number(value: Decimal) -> Decimal:
    value = within_limits(value)
    if value < 0:
        raise ValueError(f"tidak boleh negatif ({value})")
    return value


_DIGITS_SCHEMA = {
    "description": f"paling banyak {MAX_INTEGER_DIGITS} digit sebelum koma dan {MAX_DECIMALS} desimal",
}
BOUNDED = InputRule(bounded_number, **_DIGITS_SCHEMA)
NON_NEGATIVE = InputRule(non_negative_number, minimum=0, **_DIGITS_SCHEMA)
NON_NEGATIVE_SHOWN = Described(minimum=0, **_DIGITS_SCHEMA)  # checked by the model (many values)
