"""What reaches a user outside `--json` is in their words: no event class name, no pydantic or
click sentence in English. The CLI test runners check every output with it, so every refusal
path the tests exercise is covered."""

from __future__ import annotations

import re

from domain.events import EVENT_CLASSES

ENGLISH = (
    # pydantic
    "Input should", "Field required", "Extra inputs", "Value error", "String should",
    "should be a valid", "should have at least", "should have at most", "Assertion failed",
    "validation error", "For further information", "Decimal input", "Unable to parse",
    # click
    "No such option", "No such command", "Missing argument", "Missing option", "Missing command",
    "Invalid value", "is not a valid", "is not in the range", "is not one of", "requires an argument",
    "does not take a value", "Got unexpected extra", "Possible options", "Usage:", "Try '",
    # the database drivers, the Python runtime
    "Traceback", "couldn't get a connection", "Connection refused", "does not exist",
)
_KINDS = re.compile(r"\b(" + "|".join(sorted(EVENT_CLASSES, key=len, reverse=True)) + r")\b")


def english_in(text: str) -> list[str]:
    """The English fragments and event class names in `text` (empty: all in the users' words)."""
    found = [phrase for phrase in ENGLISH if phrase in text]
    return found + sorted(set(_KINDS.findall(text)))


def checked(args: tuple[str, ...] | list[str]) -> bool:
    """Whether an invocation's output is for people (not JSON, not the English help, not the
    JSON Schema of the document format)."""
    return not ({"--json", "--help", "-h", "schema"} & set(args))


def assert_in_users_words(args: tuple[str, ...] | list[str], *outputs: str) -> None:
    if checked(args):
        for output in outputs:
            assert not english_in(output), (args, english_in(output), output)
