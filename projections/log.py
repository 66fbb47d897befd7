"""Reading the engine's event log by plain SQL, for the read side: in log order for catch-up,
agreement by agreement for a rebuild and for the states not kept.

The log is eventsourcing's event table of `KinerjaApp` (`projections.store.EVENTS_TABLE`); the
runner checks those names against the engine's recorder. Reading it here, on the read models'
own connection, keeps the read side free of the engine, so rebuild workers need nothing but the
database's address.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import NamedTuple
from uuid import UUID

from projections.store import EVENTS_TABLE, ViewStore

AGREEMENT_PREFIX = "kinerja:Agreement."


class Logged(NamedTuple):
    """One stored event: its position in the log, its aggregate and version, topic and JSON."""

    position: int
    originator_id: UUID
    version: int
    topic: str
    data: bytes


class EventLog:
    def __init__(self, store: ViewStore) -> None:
        self.store = store
        self.table, self.position = EVENTS_TABLE[store.is_postgres]
        self._columns = f"{self.position}, originator_id, originator_version, topic, state"

    def _logged(self, rows: Sequence[Sequence[object]]) -> list[Logged]:
        uuid = UUID if not self.store.is_postgres else (lambda value: value)
        return [Logged(int(p), uuid(i), int(v), t, bytes(s))  # type: ignore[arg-type]
                for p, i, v, t, s in rows]

    def _id(self, originator_id: UUID) -> object:
        """How the table stores an aggregate id (SQLite: 32 hex digits; PostgreSQL: uuid)."""
        return originator_id if self.store.is_postgres else originator_id.hex

    def head(self) -> int:
        return self.store.log_head() or 0

    def read(self, after: int, upto: int, limit: int, topics: Sequence[str]) -> list[Logged]:
        """Events of `topics` after position `after`, up to `upto`, in log order."""
        marks = ", ".join("?" * len(topics))
        return self._logged(self.store.rows(
            f"SELECT {self._columns} FROM {self.table} WHERE {self.position} > ? AND "
            f"{self.position} <= ? AND topic IN ({marks}) ORDER BY {self.position} LIMIT ?",
            (after, upto, *topics, limit)))

    def stream(self, originator_id: UUID, upto_version: int) -> list[Logged]:
        """One aggregate's events up to a version, in order."""
        return self._logged(self.store.rows(
            f"SELECT {self._columns} FROM {self.table} WHERE originator_id = ? AND "
            "originator_version <= ? ORDER BY originator_version",
            (self._id(originator_id), upto_version)))

    def agreements(self, upto: int) -> list[UUID]:
        """Every agreement drafted up to position `upto`."""
        rows = self.store.rows(
            f"SELECT originator_id FROM {self.table} WHERE topic = ? AND {self.position} <= ?",
            (f"{AGREEMENT_PREFIX}Drafted", upto))
        return [i if self.store.is_postgres else UUID(i) for (i,) in rows]  # type: ignore[misc]

    def streams(self, ids: Sequence[UUID], upto: int) -> Iterator[list[Logged]]:
        """The events of each agreement of `ids` up to position `upto`, agreement by agreement."""
        known = {self._id(i): i for i in ids}
        for start in range(0, len(ids), 200):
            chunk = [self._id(i) for i in ids[start:start + 200]]
            rows = self.store.rows(
                f"SELECT {self._columns} FROM {self.table} WHERE originator_id IN "
                f"({', '.join('?' * len(chunk))}) AND {self.position} <= ? "
                "ORDER BY originator_id, originator_version", (*chunk, upto))
            stream: list[Logged] = []
            for position, stored_id, version, topic, state in rows:
                if stream and known[stored_id] != stream[0].originator_id:
                    yield stream
                    stream = []
                stream.append(Logged(int(position), known[stored_id], int(version), topic,
                                     bytes(state)))
            if stream:
                yield stream
