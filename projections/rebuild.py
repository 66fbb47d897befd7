"""Rebuilding read models from the whole log: agreement by agreement, on every core, into new
tables that replace the live ones in one transaction.

Only one rebuild runs at a time: a rebuild starts by dropping the new tables a killed one left.

Each agreement's events are read together (the log's primary key orders them) and replayed
once; its per-event rows are made on the way and its derived rows once, from its final state —
however its events are interleaved with other agreements' in the log. Agreements are shared out
in chunks to worker processes (one per core, when the log is big enough to pay for starting
them), which write into the new tables. Readers keep reading the old tables until the swap, so
they never see a half-built read model; events written meanwhile are caught up afterwards.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing import get_context
from typing import TYPE_CHECKING
from uuid import UUID

from domain.events import evolve
from projections.bulk import fewer_collections
from projections.catalog import READ_MODELS, select
from projections.failures import FAILURES, FailureRow, is_storage_error
from projections.log import EventLog
from projections.model import ReadModel, Seen
from projections.runner import STATES, Builder, Progress, Rows, code_in_log, write
from projections.store import ViewStore

if TYPE_CHECKING:
    from projections.runner import Runner

SHADOW = re.compile(r"^kf_\w+__r[0-9a-f]+$")  # the tables a rebuild fills: `<table>__r<tag>`
CHUNK = 200  # agreements a worker builds and writes at once (bounds its memory)
PARALLEL_FROM = 2_000  # agreements: below this, starting worker processes costs more than it saves


def cores() -> int:
    """The worker processes a rebuild uses: KINERJA_REBUILD_WORKERS, else one per core."""
    configured = os.environ.get("KINERJA_REBUILD_WORKERS", "").strip()
    if configured:
        return max(1, int(configured))
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else os.cpu_count() or 1)


@fewer_collections()
def rebuild(runner: Runner, models: list[ReadModel], progress: Progress | None = None,
            workers: int | None = None, chunk: int = CHUNK) -> int:
    """Rebuild `models` up to the log head as it is now; returns the events replayed.

    `workers`: processes to use (default: one per core when the log has at least
    `PARALLEL_FROM` agreements, else none); `chunk`: agreements a worker builds at once."""
    store = runner.store
    store.drop_tables(t for t in store.tables() if SHADOW.match(t))  # left by a killed rebuild
    head = runner.head()
    tag = f"{os.getpid():x}{int(time.time() * 1000) % 16**8:x}"
    shadow = {t.name: f"{t.name}__r{tag}" for m in models for t in m.tables}
    everything = len(models) == len(READ_MODELS)
    if everything:  # the states are the runner's, shared by every read model
        shadow[STATES.name] = f"{STATES.name}__r{tag}"
    tables = {t.name: t for m in models for t in m.tables} | {STATES.name: STATES}
    try:
        for name, new in shadow.items():
            store.create_table(tables[name], new, indexes=False)
        ids = EventLog(store).agreements(head)
        chunks = [ids[i:i + chunk] for i in range(0, len(ids), chunk)]
        if workers is None:
            workers = cores() if len(ids) >= PARALLEL_FROM else 1
        workers = max(1, min(workers, len(chunks)))
        processed, failures = 0, []
        names = [m.name for m in models]
        done = 0
        for count, failed in _run(store, names, shadow, chunks, head, workers):
            processed += count
            failures += failed
            done += 1
            if progress:
                progress(head * done // max(1, len(chunks)), head)
        for name, new in shadow.items():
            store.create(tables[name].create_indexes(new, f"_{tag}"))
        with store.transaction():
            runner.lock()
            for name, new in shadow.items():
                store.drop_tables([name])
                store.rename_table(new, name)
            if everything:
                store.execute(f"DELETE FROM {FAILURES.name}")
            else:
                store.delete_for(FAILURES.name, "agreement_id", [f.agreement_id for f in failures])
            store.insert(FAILURES, failures)
            for model in models:
                store.set_position(model.name, head, model.version)
    except BaseException:
        store.drop_tables(new for new in shadow.values())
        raise
    if progress:
        progress(head, head)
    return processed


def _run(store: ViewStore, names: list[str], shadow: dict[str, str], chunks: list[list[UUID]],
         head: int, workers: int) -> Iterator[tuple[int, list[FailureRow]]]:
    if workers == 1:
        models = select(names)
        for chunk in chunks:
            yield build(store, models, shadow, chunk, head)
        return
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn"), initializer=_open,
                             initargs=(store.spec,)) as pool:
        futures = [pool.submit(_build_in_worker, names, shadow, chunk, head) for chunk in chunks]
        for future in as_completed(futures):
            yield future.result()


_worker_store: ViewStore | None = None


def _open(spec: tuple[str, str | None, float]) -> None:
    global _worker_store
    _worker_store = ViewStore(*spec)


@fewer_collections()
def _build_in_worker(names: list[str], shadow: dict[str, str], ids: list[UUID], head: int
                     ) -> tuple[int, list[FailureRow]]:
    assert _worker_store is not None
    return build(_worker_store, select(names), shadow, ids, head)


def build(store: ViewStore, models: list[ReadModel], shadow: dict[str, str], ids: list[UUID],
          head: int) -> tuple[int, list[FailureRow]]:
    """Replay the agreements `ids` up to position `head` and write their rows into the new
    tables; returns the events replayed and the agreements that failed."""
    from domain.event_base import decode

    builder = Builder(models)
    feeds = builder.feeds(models)
    rows = Rows()
    processed = 0
    log = EventLog(store)
    for stream in log.streams(ids, head):
        key = str(stream[0].originator_id)
        state = None
        try:
            for logged in stream:
                event = decode(logged.topic, logged.originator_id, logged.version, logged.data)
                builder.on_event(rows, Seen(logged.position, key, event, state, logged.data), feeds)
                state = evolve(state, event)
                processed += 1
        except Exception as error:  # noqa: BLE001 - one agreement never stops the others
            if is_storage_error(error):
                raise
            # As catch-up does: the rows of the events before the failing one stay.
            code = state.code if state is not None else code_in_log(log, stream[0].originator_id)
            rows.fail(key, code, logged.position, error, models)
            continue
        assert state is not None
        rows.states[key] = state
        for model in models:
            builder.derive(rows, model, [state])
    with store.transaction():
        write(store, models, rows, shadow)
    return processed, list(rows.failures.values())
