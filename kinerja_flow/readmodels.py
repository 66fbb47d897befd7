"""Keeping the read models up to date: a pull-based catch-up over the event log.

The log is read in batches (`select_notifications`); every batch is written in ONE transaction
together with the new position of each projection, so a crash leaves each read model at a
batch boundary and the next catch-up continues from there. Each projection has its own row in
`kf_projections` (eventsourcing's own `tracking` table is keyed by application name only).

Per batch (at most `BATCH_SIZE` events of at most `MAX_AGREEMENTS` agreements): per-event rows
(audit trail, target changes) are appended in log order, and each agreement touched gets its
derived rows (index, targets, summaries...) recomputed ONCE from its state at the end of the
batch, before the transaction opens. States are kept in a bounded cache; an agreement not in the cache
is replayed from its own events up to the version just before the batch.

One agreement never stops the others: an event that does not decode or apply, or an agreement
whose rows cannot be derived (a document stored before a rule refused it, say), is recorded in
`kf_failures` in the batch's transaction, with the projections' other rows; that agreement's
derived rows are removed (it is not shown half-built) and the read commands name it in a warning.
Its record is cleared when the agreement derives fine again (a later event, a rebuild after an
upgrade). Storage errors are not the agreement's fault: they stop the catch-up as before.
"""

from __future__ import annotations

import json
import sqlite3
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

import psycopg
from eventsourcing.persistence import PersistenceError
from pydantic import ValidationError

from domain.agreement import agreement_id
from domain.errors import DomainError, NotFound
from domain.events import EVENT_CLASSES, AgreementEvent
from kinerja_flow.application import KinerjaApp
from kinerja_flow.bulk import fewer_collections
from projections.catalog import PROJECTIONS, Projection, select
from projections.queries import AgreementUnavailable, unavailable_message
from projections.state import AgreementState, replay
from projections.store import SCHEMA_VERSIONS, Failure, ViewStore

BATCH_SIZE = 1000  # events per transaction at most (5.000 measured only ~3 % faster)
MAX_AGREEMENTS = 250  # agreements per batch at most: bounds the states held and the rows derived
CACHE_SIZE = 500
AGREEMENT_TOPICS = tuple(sorted(cls.TOPIC for cls in EVENT_CLASSES.values()))

Progress = Callable[[int, int], None]  # (position reached, log head)
# Errors of the storage itself (busy, unreachable, damaged): never one agreement's failure.
STORAGE_ERRORS = (PersistenceError, sqlite3.Error, psycopg.Error)

# The CLI's read path without the engine (`ViewStore.is_caught_up`) must check every projection.
if set(SCHEMA_VERSIONS) != set(PROJECTIONS):
    raise RuntimeError("projections.store.SCHEMA_VERSIONS does not name every projection")


class _Moved(Exception):
    """Another process advanced a projection while this batch was being prepared."""


@dataclass(frozen=True)
class ProjectionStatus:
    name: str
    description: str
    position: int | None
    head: int
    lag: int
    schema_version: int | None
    current_schema_version: int

    @property
    def state(self) -> str:
        if self.position is None:
            return "belum dibangun"
        if self.schema_version != self.current_schema_version:
            return "perlu dibangun ulang"
        return "terkini" if self.lag == 0 else "tertinggal"

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "description": self.description, "position": self.position,
            "head": self.head, "lag": self.lag, "schema_version": self.schema_version,
            "current_schema_version": self.current_schema_version, "state": self.state,
        }


def open_store(app: KinerjaApp) -> ViewStore:
    """The read-model store in the app's own database (and PostgreSQL schema, if one is set)."""
    schema = getattr(getattr(app.recorder, "datastore", None), "schema", None)
    if not app.settings.is_postgres:
        schema = None
    db = app.settings.db.partition("?")[0] if app.settings.is_postgres else app.settings.db
    return ViewStore(db, schema=schema or None, lock_timeout=app.settings.lock_timeout)


class ReadModels:
    """Catch-up, rebuild and status of the projections of one application's log."""

    def __init__(self, app: KinerjaApp, store: ViewStore, batch_size: int = BATCH_SIZE,
                 cache_size: int = CACHE_SIZE) -> None:
        events_table = getattr(app.recorder, "events_table_name", None)
        if events_table != store.events_table:
            raise RuntimeError(f"events table {events_table!r} is not the one "
                               f"ViewStore.log_head reads ({store.events_table!r})")
        self.app = app
        self.store = store
        self.batch_size = batch_size
        self.cache_size = cache_size
        self._cache: OrderedDict[UUID, AgreementState] = OrderedDict()

    # ----------------------------------------------------------------- public API

    def head(self) -> int:
        return self.app.recorder.max_notification_id() or 0

    @fewer_collections()
    def catch_up(self, names: list[str] | None = None, progress: Progress | None = None) -> int:
        """Bring the projections (all, or `names`) up to the log head; returns events processed."""
        projections = select(names)
        processed = 0
        while True:
            try:
                positions = self.prepare(projections)
                head = self.head()
                start = min(positions.values())
                if progress:
                    progress(start, head)
                while start < head:
                    start, count = self._batch(projections, positions, head)
                    positions = {name: max(pos, start) for name, pos in positions.items()}
                    processed += count
                    if progress:
                        progress(start, head)
                return processed
            except _Moved:
                self._cache.clear()

    def rebuild(self, names: list[str] | None = None, progress: Progress | None = None) -> int:
        """Drop the projections' tables and build them again from the whole log."""
        projections = select(names)
        with self.store.transaction():
            self._lock()
            for projection in projections:
                self.store.drop_tables(projection.tables)
                self.store.forget(projection.name)
        self._cache.clear()
        return self.catch_up([p.name for p in projections], progress)

    def status(self) -> list[ProjectionStatus]:
        stored = self.store.positions()
        head = self.head()
        result = []
        for projection in PROJECTIONS.values():
            position, version = stored.get(projection.name, (None, None))
            result.append(ProjectionStatus(
                projection.name, projection.description, position, head,
                head - (position or 0), version, projection.schema_version,
            ))
        return result

    def state_as_of(self, code: str, day: date) -> AgreementState:
        """The agreement as it stood at the end of `day`: its own events, by effective date."""
        stored = self.app.recorder.select_events(agreement_id(code))
        if not stored:
            raise NotFound(f"PK dengan kode {code!r} tidak ditemukan.")
        drafted, *later = [self.app.mapper.to_domain_event(s) for s in stored]
        if drafted.effective > day:
            raise DomainError(f"PK {code} belum ada pada {day.isoformat()} (dibuat {drafted.effective}).")
        # Realisations are dated by their month, which may precede the drafting: keep log order.
        state = replay([drafted, *(e for e in later if e.effective <= day)])
        assert state is not None
        return state

    # ----------------------------------------------------------------- batches

    def _lock(self) -> None:
        if self.store.is_postgres:
            self.store.execute("LOCK TABLE kf_projections IN EXCLUSIVE MODE")

    def prepare(self, projections: list[Projection] | None = None) -> dict[str, int]:
        """Create missing tables; drop and restart those whose schema version changed (for
        `kinerja init`). Returns each projection's position."""
        projections = projections or select(None)
        stored = self.store.positions()
        if all(stored.get(p.name, (None, None))[1] == p.schema_version for p in projections):
            return {p.name: stored[p.name][0] for p in projections}
        with self.store.transaction():
            self._lock()
            stored = self.store.positions()
            for projection in projections:
                if stored.get(projection.name, (None, None))[1] != projection.schema_version:
                    self.store.drop_tables(projection.tables)
                    self.store.create(projection.ddl)
                    self.store.forget(projection.name)
                    self.store.set_position(projection.name, 0, projection.schema_version)
                    stored[projection.name] = (0, projection.schema_version)
        return {p.name: stored[p.name][0] for p in projections}

    def _batch(self, projections: list[Projection], positions: dict[str, int], head: int
               ) -> tuple[int, int]:
        start = min(positions.values())
        notifications = self.app.recorder.select_notifications(
            start + 1, self.batch_size, stop=head, topics=AGREEMENT_TOPICS
        )
        appended: dict[str, list[dict[str, Any]]] = {}
        touched: dict[str, dict[UUID, AgreementState]] = {p.name: {} for p in projections}
        failed: dict[str, dict[UUID, Failure]] = {p.name: {} for p in projections}
        fine: dict[str, set[UUID]] = {p.name: set() for p in projections}  # events applied
        agreements: set[UUID] = set()
        processed = 0
        for notification in notifications:
            if notification.originator_id not in agreements and len(agreements) == MAX_AGREEMENTS:
                break  # the rest is the next batch's
            agreements.add(notification.originator_id)
            processed += 1
            behind = [p for p in projections if positions[p.name] < notification.id]
            try:
                rows, state = self._apply(notification, behind)
            except STORAGE_ERRORS:
                raise
            except Exception as error:  # noqa: BLE001 - this agreement's failure only: see module
                self._cache.pop(notification.originator_id, None)
                failure = self._failure(notification.originator_id, notification.id, error)
                for projection in behind:
                    failed[projection.name][notification.originator_id] = failure
                continue
            for table, table_rows in rows.items():
                appended.setdefault(table, []).extend(table_rows)
            self._remember(state)
            for projection in behind:
                fine[projection.name].add(state.id)
                if projection.derived:
                    touched[projection.name][state.id] = state
        if processed < len(notifications):
            end = notifications[processed - 1].id
        else:
            end = notifications[-1].id if len(notifications) == self.batch_size else head
        # Derived before the transaction: its lock blocks the engine's writers (SQLite) or the
        # other catch-ups (PostgreSQL) only while rows are written.
        derived = {p.name: self._derive(p, touched[p.name], failed[p.name], end) for p in projections}
        # An agreement that failed anywhere is left out of every read model of this batch.
        failures = {key: f for p in projections for key, f in failed[p.name].items()}
        for projection in projections:
            for key in failures.keys() & fine[projection.name]:
                failed[projection.name].setdefault(key, failures[key])
        with self.store.transaction():
            self._lock()
            current = self.store.positions()
            if any(current.get(p.name, (None, None))[0] != positions[p.name] for p in projections):
                raise _Moved()
            for projection in projections:
                broken = failed[projection.name]
                sound = {key: tables for key, tables in derived[projection.name].items()
                         if key not in broken}
                ids = [str(key) for key in (*sound, *broken)]
                for table in projection.derived:
                    self.store.delete_for(table, "agreement_id", ids)
                    self.store.insert(table, [row for tables in sound.values() for row in tables[table]])
                for table in projection.per_event:
                    self.store.insert(table, appended.get(table, []))
                self.store.record_failures(
                    projection.name, list(broken.values()),
                    cleared=[str(key) for key in fine[projection.name] if key not in broken],
                )
                # A read model that was already ahead keeps its position: positions only grow.
                self.store.set_position(
                    projection.name, max(end, positions[projection.name]), projection.schema_version
                )
        return end, processed

    def _apply(self, notification: Any, behind: list[Projection]
               ) -> tuple[dict[str, list[dict[str, Any]]], AgreementState]:
        """Decode one event and apply it to its agreement: its per-event rows and the new state."""
        event: AgreementEvent = self.app.mapper.to_domain_event(notification)
        before = self._state_before(event)
        rows: dict[str, list[dict[str, Any]]] = {}
        for projection in behind:
            for table, rows_of in projection.per_event.items():
                rows.setdefault(table, []).extend(rows_of(notification.id, event, before))
        state = replay([event], before)
        assert state is not None
        return rows, state

    def _derive(self, projection: Projection, states: dict[UUID, AgreementState],
                failed: dict[UUID, Failure], position: int) -> dict[UUID, dict[str, list[dict[str, Any]]]]:
        """Each agreement's new rows, table by table; one whose rows cannot be derived goes to
        `failed` instead."""
        rows: dict[UUID, dict[str, list[dict[str, Any]]]] = {}
        for key, state in states.items():
            if key in failed:
                continue  # an event of this batch already failed
            try:
                rows[key] = {table: derive(state) for table, derive in projection.derived.items()}
            except STORAGE_ERRORS:
                raise
            except Exception as error:  # noqa: BLE001 - this agreement's failure only
                failed[key] = self._failure(key, position, error, state.code)
        return rows

    def _failure(self, key: UUID, position: int, error: Exception, code: str | None = None
                 ) -> Failure:
        return Failure(str(key), code or self._code_of(key), position, describe_failure(error))

    def _code_of(self, key: UUID) -> str:
        """The agreement's code, for the warning, when its state could not be built: from its
        first stored event (`Drafted` names it), else its id."""
        try:
            first = self.app.recorder.select_events(key, limit=1)
            return str(json.loads(first[0].state)["code"])
        except STORAGE_ERRORS:
            raise
        except Exception:  # noqa: BLE001 - best effort: the id names it too
            return str(key)

    # ----------------------------------------------------------------- agreement states

    def _state_before(self, event: AgreementEvent) -> AgreementState | None:
        """The agreement's state just before `event` (None before its first event)."""
        if event.originator_version == 1:
            return None
        cached = self._cache.get(event.originator_id)
        if cached is not None and cached.seq == event.originator_version - 1:
            self._cache.move_to_end(event.originator_id)
            return cached
        stored = self.app.recorder.select_events(event.originator_id, lte=event.originator_version - 1)
        return replay([self.app.mapper.to_domain_event(s) for s in stored])

    def _remember(self, state: AgreementState) -> None:
        self._cache[state.id] = state
        self._cache.move_to_end(state.id)
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)


@contextmanager
def agreement_shown(code: str) -> Iterator[None]:
    """Around replaying and deriving one agreement outside the read models (`--as-of`): a
    failure of its events or its rows is reported as the read models report it."""
    try:
        yield
    except (DomainError, *STORAGE_ERRORS):
        raise
    except Exception as error:  # noqa: BLE001 - this agreement's failure
        message = unavailable_message({"code": code, "message": describe_failure(error)})
        raise AgreementUnavailable(message) from None


def describe_failure(error: Exception) -> str:
    """One line saying why an agreement could not be projected."""
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        return f"peristiwa {error.title} tersimpan tidak dapat dibaca ({where}: {first['msg']})"
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
