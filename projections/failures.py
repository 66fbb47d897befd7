"""The agreements the read models cannot show, and why (`kf_failures`).

One agreement that cannot be read or derived (an event that does not decode, a document the
math refuses) never stops the others: the runner records it here, in the same transaction as the
positions, and leaves its rows out; reads warn about it, and a command about that agreement
refuses it with the reason. The record is cleared when the agreement is read fine again.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NamedTuple

from domain.errors import DomainError
from projections.schema import Table
from projections.store import ViewStore


class FailureRow(NamedTuple):
    agreement_id: str
    code: str | None
    position: int  # the event at which it failed
    message: str


FAILURES = Table("kf_failures", FailureRow, key=("agreement_id",))


class AgreementUnavailable(DomainError):
    """The agreement is stored, but the read models cannot show it."""


def message(failure: FailureRow) -> str:
    return f"PK {failure.code or failure.agreement_id} tidak dapat ditampilkan: {failure.message}"


def all_failures(store: ViewStore) -> list[FailureRow]:
    if not store.table_exists(FAILURES.name):
        return []
    return store.fetch(FAILURES, order="code, agreement_id")


def refuse_if_failed(store: ViewStore, agreement_id: str) -> None:
    """A query about one agreement refuses one the read models cannot show."""
    if store.table_exists(FAILURES.name):
        found = store.fetch(FAILURES, "agreement_id = ?", (agreement_id,))
        if found:
            raise AgreementUnavailable(message(found[0]))


def describe(error: BaseException) -> str:
    """One line saying why an agreement could not be read or derived."""
    from domain.errors import plain_message
    from domain.messages import field_path
    from projections.kinds import label

    errors = getattr(error, "errors", None)
    if callable(errors) and type(error).__name__ == "ValidationError":  # pydantic, not imported
        first = errors()[0]
        return (f"peristiwa \"{label(getattr(error, 'title', ''))}\" tersimpan tidak dapat dibaca "
                f"({field_path(tuple(first['loc'])) or '-'}: {plain_message(first)})")
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def is_storage_error(error: BaseException) -> bool:
    """The storage's own errors (busy, unreachable, damaged) are never one agreement's fault."""
    return isinstance(error, sqlite3.Error) or type(error).__module__.split(".")[0] in (
        "psycopg", "eventsourcing")


@contextmanager
def shown(code: str) -> Iterator[None]:
    """Around reading and deriving one agreement outside the read models (`--as-of`): a failure
    of its events or of its rows is refused as the read models refuse it."""
    try:
        yield
    except DomainError:
        raise
    except Exception as error:
        if is_storage_error(error):
            raise
        failure = FailureRow("", code, 0, describe(error))
        raise AgreementUnavailable(message(failure)) from None
