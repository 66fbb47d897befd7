"""Keeping the read models up to date: a pull-based catch-up over the event log.

The log is read in batches; every batch is written in ONE transaction together with the new
position of each read model, so a crash leaves each read model at a batch boundary and the next
catch-up continues from there. Each read model has its own row in `kf_projections`
(eventsourcing's own `tracking` table is keyed by application name only).

Per batch (at most `BATCH_SIZE` events of at most `MAX_AGREEMENTS` agreements): per-event rows
(audit trail, changes, realisation entries) are appended in log order, and each agreement
touched gets its derived rows (index, targets, summaries...) recomputed ONCE from its state at the
end of the batch, before the transaction opens.

An agreement's state is kept in `kf_states` (one row per agreement, written with the positions),
so the catch-up after one command reads that command's events and one state, never the
agreement's whole log. States missing there (a read model behind the others, a failed agreement)
are replayed from the log.

One agreement that cannot be read or derived (an event that does not decode, a document the math
refuses) never stops the others: it is recorded in `kf_failures`, its rows are left out, and
the read commands warn about it (`failures()`).
"""

from __future__ import annotations

import json
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from uuid import UUID

from domain.achievement import quarter_of
from domain.event_base import decode
from domain.events import EVENT_CLASSES, AgreementEvent, PeriodEntry, evolve, project
from domain.input_rules import RECORDED
from domain.state import AgreementState
from projections.bulk import fewer_collections
from projections.catalog import READ_MODELS, select
from projections.failures import (
    FAILURES,
    FailureRow,
    all_failures,
    describe,
    is_storage_error,
)
from projections.log import EventLog, Logged
from projections.model import OnEvent, ReadModel, Seen
from projections.schema import Table
from projections.store import ViewStore

BATCH_SIZE = 1000  # events per transaction at most (5.000 measured only ~3 % faster)
MAX_AGREEMENTS = 250  # agreements per batch at most: bounds the states held and the rows derived
CACHE_SIZE = 500
AGREEMENT_TOPICS = tuple(sorted(cls.TOPIC for cls in EVENT_CLASSES.values()))

Progress = Callable[[int, int], None]  # (position reached, log head)


class StateRow(NamedTuple):
    agreement_id: str
    seq: int  # the version of the agreement the state is at
    state: bytes  # AgreementState as JSON, compressed (`pack`): a year's state is ~35 KB of JSON


def pack(state: AgreementState) -> bytes:
    return zlib.compress(state.model_dump_json().encode("utf-8"), 1)


def unpack(data: bytes) -> AgreementState:
    return AgreementState.model_validate_json(zlib.decompress(data), context=RECORDED)


STATES = Table("kf_states", StateRow, key=("agreement_id",))


class _Moved(Exception):
    """Another process advanced a read model while this batch was being prepared."""


@dataclass(frozen=True)
class ProjectionStatus:
    name: str
    description: str
    position: int | None
    head: int
    lag: int
    schema_version: int | None
    current_schema_version: int
    state: str  # belum dibangun, perlu dibangun ulang, terkini, tertinggal


def _state(position: int | None, lag: int, version: int | None, current: int) -> str:
    if position is None:
        return "belum dibangun"
    if version != current:
        return "perlu dibangun ulang"
    return "terkini" if lag == 0 else "tertinggal"


Scope = frozenset[int] | None  # the quarters to derive again (None: everything)


@dataclass
class Rows:
    """What one batch (or one rebuild chunk) writes."""

    # table -> agreement -> (scope, its new rows): the agreement's rows (of the scope) replaced
    derived: dict[str, dict[str, tuple[Scope, list[Any]]]] = field(default_factory=dict)
    appended: dict[str, list[Any]] = field(default_factory=dict)  # table -> per-event rows
    states: dict[str, AgreementState] = field(default_factory=dict)
    failures: dict[str, FailureRow] = field(default_factory=dict)

    def fail(self, agreement: str, code: str | None, position: int, error: BaseException,
             models: Iterable[ReadModel]) -> None:
        """A failed agreement shows no rows (rather than stale or half of them) and a warning."""
        self.failures[agreement] = FailureRow(agreement, code, position, describe(error)[:500])
        self.states.pop(agreement, None)
        for model in models:
            for table in model.derived:
                self.derived.setdefault(table.name, {})[agreement] = (None, [])


class Builder:
    """Turns events into rows for a set of read models: the same code for catch-up and rebuild."""

    def __init__(self, models: Iterable[ReadModel]) -> None:
        self.models = list(models)
        self._feeds: dict[tuple[str, ...], list[tuple[str, OnEvent]]] = {}

    def feeds(self, models: list[ReadModel]) -> list[tuple[str, OnEvent]]:
        """The per-event tables of `models` and their row functions (looked up once per set of
        models, not for every event)."""
        names = tuple(m.name for m in models)
        found = self._feeds.get(names)
        if found is None:
            found = self._feeds[names] = [
                (table.name, rows_of) for model in models for table, rows_of in model.per_event.items()]
        return found

    @staticmethod
    def on_event(rows: Rows, seen: Seen, feeds: list[tuple[str, OnEvent]]) -> None:
        """Append the per-event rows of one event (`feeds`: from `feeds(models)`)."""
        for table, rows_of in feeds:
            found = rows_of(seen)
            if found:
                rows.appended.setdefault(table, []).extend(found)

    def derive(self, rows: Rows, model: ReadModel, states: Iterable[AgreementState],
               scopes: dict[str, Scope] | None = None) -> None:
        """Each agreement's derived rows of `model`, from its state (of the quarters in its
        scope, for the tables derived quarter by quarter); a failing agreement is left out."""
        for state in states:
            key = str(state.id)
            if key in rows.failures:
                continue
            scope = (scopes or {}).get(key)
            try:
                derived = {
                    table.name: (scope, derive(state, scope)) if table.name in model.by_quarter
                    and scope is not None else (None, derive(state))
                    for table, derive in model.derived.items()
                }
            except Exception as error:  # noqa: BLE001 - isolate one agreement (module docstring)
                if is_storage_error(error):
                    raise
                rows.fail(key, state.code, state.version, error, self.models)
                continue
            for table, found in derived.items():
                rows.derived.setdefault(table, {})[key] = found


def write(store: ViewStore, models: list[ReadModel], rows: Rows,
          shadow: dict[str, str] | None = None) -> None:
    """Write a batch's rows (inside the caller's transaction). A rebuild fills new tables
    (`shadow`: live name -> new name), which start empty: nothing there to replace."""
    shadow = shadow or {}
    for model in models:
        for table in model.derived:
            name = shadow.get(table.name, table.name)
            replaced = rows.derived.get(table.name, {})
            if not shadow:
                _delete_derived(store, name, replaced)
            store.insert(table, [r for _, found in replaced.values() for r in found], name)
        for table in model.per_event:
            name = shadow.get(table.name, table.name)
            found = rows.appended.get(table.name, [])
            if table.name in model.replaces:
                found = list({tuple(getattr(r, k) for k in table.key): r for r in found}.values())
                if not shadow:
                    _delete_keys(store, table, found)
            store.insert(table, found, name)
    if rows.states:
        states = shadow.get(STATES.name, STATES.name)
        store.executemany(
            f"INSERT INTO {states} (agreement_id, seq, state) VALUES (?, ?, ?) "
            "ON CONFLICT (agreement_id) DO UPDATE SET seq = excluded.seq, state = excluded.state "
            f"WHERE {states}.seq < excluded.seq",
            [(key, state.version, pack(state)) for key, state in rows.states.items()])
    if not shadow:
        store.delete_for(STATES.name, "agreement_id", sorted(rows.failures))
        store.delete_for(FAILURES.name, "agreement_id", sorted(rows.states))
        store.insert(FAILURES, list(rows.failures.values()))


def _delete_derived(store: ViewStore, table: str, replaced: dict[str, tuple[Scope, list[Any]]]
                    ) -> None:
    """Delete the rows the new ones replace: an agreement's rows, or those of its scope."""
    whole = sorted(key for key, (scope, _) in replaced.items() if scope is None)
    store.delete_for(table, "agreement_id", whole)
    scoped = [(key, quarter) for key, (scope, _) in replaced.items() if scope is not None
              for quarter in sorted(scope)]
    if scoped:
        store.executemany(f"DELETE FROM {table} WHERE agreement_id = ? AND quarter = ?", scoped)


def _delete_keys(store: ViewStore, table: Table, rows: list[Any]) -> None:
    if not rows:
        return
    where = " AND ".join(f"{k} = ?" for k in table.key)
    store.executemany(f"DELETE FROM {table.name} WHERE {where}",
                      [tuple(getattr(r, k) for k in table.key) for r in rows])


def code_in_log(log: EventLog, agreement: UUID) -> str | None:
    """An agreement's code as its first event (`Drafted`) names it, even when nothing else of it
    can be read; None if even that is unreadable."""
    try:
        first = log.stream(agreement, 1)
        return str(json.loads(first[0].data)["code"]) if first else None
    except Exception as error:  # noqa: BLE001 - best effort: the warning names the id instead
        if is_storage_error(error):
            raise
        return None


def quarters_changed(event: AgreementEvent, before: AgreementState | None) -> Scope:
    """The quarters whose rows (own, and "s/d") a realisation changes: its quarter and every
    later one; None (everything) for any other event."""
    if isinstance(event, PeriodEntry) and before is not None:
        return frozenset(range(quarter_of(event.period()[2]), 5))
    return None


class Runner:
    """Catch-up, rebuild and status of the read models of one database's log."""

    def __init__(self, store: ViewStore, batch_size: int = BATCH_SIZE,
                 cache_size: int = CACHE_SIZE) -> None:
        self.store = store
        self.log = EventLog(store)
        self.batch_size = batch_size
        self.cache_size = cache_size
        self._cache: OrderedDict[UUID, AgreementState] = OrderedDict()
        self.events_read = 0  # events decoded, counted for the tests of what catch-up reads

    # ----------------------------------------------------------------- public API

    def head(self) -> int:
        return self.log.head()

    @fewer_collections()
    def catch_up(self, names: list[str] | None = None, progress: Progress | None = None) -> int:
        """Bring the read models (all, or `names`) up to the log head; returns events processed."""
        models = select(names)
        processed = 0
        while True:
            try:
                positions = self.prepare(models)
                head = self.head()
                start = min(positions.values())
                if progress:
                    progress(start, head)
                while start < head:
                    start, count = self._batch(models, positions, head)
                    positions = {name: max(pos, start) for name, pos in positions.items()}
                    processed += count
                    if progress:
                        progress(start, head)
                return processed
            except _Moved:
                self._cache.clear()

    def rebuild(self, names: list[str] | None = None, progress: Progress | None = None,
                **options: Any) -> int:
        """Build the read models (all, or `names`) again from the whole log, into new tables that
        replace the live ones in one transaction, then catch up; returns events processed.
        `options` go to `projections.rebuild.rebuild` (workers, chunk)."""
        from projections.rebuild import rebuild

        models = select(names)
        self.prepare(models)
        processed = rebuild(self, models, progress, **options)
        self._cache.clear()
        return processed + self.catch_up([m.name for m in models])

    def status(self) -> list[ProjectionStatus]:
        stored = self.store.positions()
        head = self.head()
        result = []
        for model in READ_MODELS.values():
            position, version = stored.get(model.name, (None, None))
            lag = head - (position or 0)
            result.append(ProjectionStatus(
                model.name, model.description, position, head, lag, version, model.version,
                _state(position, lag, version, model.version),
            ))
        return result

    def failures(self) -> list[FailureRow]:
        """The agreements the read models cannot show, and why."""
        return all_failures(self.store)

    # ----------------------------------------------------------------- tables and positions

    def lock(self) -> None:
        """Serialise read-model writers (PostgreSQL; SQLite's write lock already does)."""
        if self.store.is_postgres:
            self.store.execute("LOCK TABLE kf_projections IN EXCLUSIVE MODE")

    def _create(self, *tables: Table) -> None:
        for table in tables:
            if not self.store.table_exists(table.name):
                self.store.create_table(table)

    def prepare(self, models: list[ReadModel] | None = None) -> dict[str, int]:
        """Create missing tables; drop and restart those whose schema version changed (for
        `kinerja init`). Returns each read model's position."""
        models = models or select(None)
        stored = self.store.positions()
        if all(stored.get(m.name, (None, None))[1] == m.version for m in models) \
                and self.store.table_exists(STATES.name):
            return {m.name: stored[m.name][0] for m in models}
        with self.store.transaction():
            self.lock()
            self._create(STATES, FAILURES)
            stored = self.store.positions()
            for model in models:
                if stored.get(model.name, (None, None))[1] != model.version:
                    self.store.drop_tables(t.name for t in model.tables)
                    for table in model.tables:
                        self.store.create_table(table)
                    self.store.set_position(model.name, 0, model.version)
                    stored[model.name] = (0, model.version)
        return {m.name: stored[m.name][0] for m in models}

    # ----------------------------------------------------------------- batches

    def _batch(self, models: list[ReadModel], positions: dict[str, int], head: int
               ) -> tuple[int, int]:
        start = min(positions.values())
        logged = self.log.read(start, head, self.batch_size, AGREEMENT_TOPICS)
        builder = Builder(models)
        every_feed = builder.feeds(models)
        ahead = max(positions.values())  # past it, every read model is behind
        rows = Rows()
        touched: dict[str, dict[str, AgreementState]] = {m.name: {} for m in models}
        scopes: dict[str, dict[str, Scope]] = {m.name: {} for m in models}
        agreements: set[UUID] = set()
        failed: set[str] = set()
        processed = 0
        for entry in logged:
            if entry.originator_id not in agreements and len(agreements) == MAX_AGREEMENTS:
                break  # the rest is the next batch's
            agreements.add(entry.originator_id)
            processed += 1
            key = str(entry.originator_id)
            if key in failed:
                continue
            if entry.position > ahead:  # every read model is behind this event (the usual case)
                behind, feeds = models, every_feed
            else:
                behind = [m for m in models if positions[m.name] < entry.position]
                feeds = builder.feeds(behind)
            before: AgreementState | None = None
            try:
                event = self._decode(entry)
                before = self._state_before(event)
                builder.on_event(rows, Seen(entry.position, key, event, before, entry.data), feeds)
                state = evolve(before, event)
            except Exception as error:  # noqa: BLE001 - isolate one agreement (module docstring)
                if is_storage_error(error):
                    raise  # the storage's failure (busy, damaged...), not the agreement's
                self._cache.pop(entry.originator_id, None)
                code = before.code if before is not None else self._code_of(key)
                rows.fail(key, code, entry.position, error, models)
                failed.add(key)
                for model in models:
                    touched[model.name].pop(key, None)
                continue
            self._remember(state)
            rows.states[key] = state
            quarters = quarters_changed(event, before)
            for model in behind:
                if model.derived:
                    touched[model.name][key] = state
                    known = scopes[model.name].get(key, frozenset())
                    scopes[model.name][key] = None if known is None or quarters is None \
                        else known | quarters
        if processed < len(logged):
            end = logged[processed - 1].position
        else:
            end = logged[-1].position if len(logged) == self.batch_size else head
        # Derived before the transaction: its lock blocks the engine's writers (SQLite) or the
        # other catch-ups (PostgreSQL) only while rows are written.
        for model in models:
            builder.derive(rows, model, touched[model.name].values(), scopes[model.name])
        with self.store.transaction():
            self.lock()
            current = self.store.positions()
            if any(current.get(m.name, (None, None))[0] != positions[m.name] for m in models):
                raise _Moved()
            write(self.store, models, rows)
            for model in models:
                # A read model that was already ahead keeps its position: positions only grow.
                self.store.set_position(model.name, max(end, positions[model.name]), model.version)
        return end, processed

    # ----------------------------------------------------------------- agreement states

    def _decode(self, entry: Logged) -> AgreementEvent:
        self.events_read += 1
        return decode(entry.topic, entry.originator_id, entry.version, entry.data)

    def _state_before(self, event: AgreementEvent) -> AgreementState | None:
        """The agreement's state just before `event` (None before its first event): from the
        cache, else from `kf_states`, else replayed from the log."""
        if event.originator_version == 1:
            return None
        wanted = event.originator_version - 1
        cached = self._cache.get(event.originator_id)
        if cached is not None and cached.version == wanted:
            self._cache.move_to_end(event.originator_id)
            return cached
        kept = self.store.rows(f"SELECT seq, state FROM {STATES.name} WHERE agreement_id = ?",
                               (str(event.originator_id),))
        if kept and kept[0][0] == wanted:
            return unpack(bytes(kept[0][1]))
        stream = self.log.stream(event.originator_id, wanted)
        return project(self._decode(entry) for entry in stream)

    def _code_of(self, key: str) -> str | None:
        """The code of an agreement whose state cannot be read (for the warning)."""
        return code_in_log(self.log, UUID(key))

    def _remember(self, state: AgreementState) -> None:
        self._cache[state.id] = state
        self._cache.move_to_end(state.id)
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)


