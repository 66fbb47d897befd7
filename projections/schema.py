"""A read model's table, declared once: its row type, and from that its DDL and statements.

A row is a `NamedTuple` whose annotations are the columns: `int` is INTEGER (BIGINT on PostgreSQL), `str` is TEXT
(exact decimals, ISO dates and JSON are stored as text), `bytes` is a BLOB (BYTEA on PostgreSQL),
`X | None` may be NULL, anything else is NOT NULL. Rows are written as the tuples they are (`executemany`) and read back with
`Row._make`, so a column can never be misspelt in one place and not in another.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple, Union

# SQLite: INTEGER, so that a table keyed by one int column (the audit trail's `position`) keeps
# its rows in that key's order instead of in a second B-tree beside the rowid.
_SQL_TYPES = {int: ("INTEGER", "BIGINT"), str: ("TEXT", "TEXT"), bytes: ("BLOB", "BYTEA")}


def _column(name: str, annotation: Any, postgres: bool) -> str:
    nullable = typing.get_origin(annotation) in (Union, types.UnionType) \
        and type(None) in typing.get_args(annotation)
    base = annotation
    if nullable:
        base = next(a for a in typing.get_args(annotation) if a is not type(None))
    if base not in _SQL_TYPES:
        raise TypeError(f"column {name}: unsupported type {annotation!r}")
    return f"{name} {_SQL_TYPES[base][postgres]}{'' if nullable else ' NOT NULL'}"


@dataclass(frozen=True)
class Table:
    """One table of a read model: name, row type, primary key and secondary indexes."""

    name: str
    row: type[NamedTuple]
    key: tuple[str, ...]
    indexes: tuple[tuple[str, ...], ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        return self.row._fields

    def create(self, name: str | None = None, postgres: bool = False) -> list[str]:
        """CREATE TABLE for this table (under `name`, e.g. a new table being rebuilt)."""
        hints = typing.get_type_hints(self.row)
        columns = ", ".join(_column(c, hints[c], postgres) for c in self.columns)
        return [f"CREATE TABLE IF NOT EXISTS {name or self.name} ({columns}, "
                f"PRIMARY KEY ({', '.join(self.key)}))"]

    def create_indexes(self, name: str | None = None, tag: str = "") -> list[str]:
        """The secondary indexes; `tag` makes their names unique when built on a shadow table
        (index names are never referred to, and SQLite cannot rename them)."""
        table = name or self.name
        return [
            f"CREATE INDEX IF NOT EXISTS {self.name}_{'_'.join(columns)}{tag} "
            f"ON {table} ({', '.join(columns)})"
            for columns in self.indexes
        ]

    def insert_sql(self, name: str | None = None) -> str:
        return (f"INSERT INTO {name or self.name} ({', '.join(self.columns)}) "
                f"VALUES ({', '.join('?' * len(self.columns))})")

    def select_sql(self, where: str = "", order: str = "") -> str:
        sql = f"SELECT {', '.join(self.columns)} FROM {self.name}"
        if where:
            sql += f" WHERE {where}"
        if order:
            sql += f" ORDER BY {order}"
        return sql

    def rows(self, found: Iterable[tuple[Any, ...]]) -> list[Any]:
        make = self.row._make
        return [make(values) for values in found]
