"""Bulk work (imports, read-model catch-up and rebuild): fewer garbage collections meanwhile.

CPython runs a young-generation collection every 700 new container objects, and an older one
every 10 of those. Bulk work creates millions of small objects (events, pydantic models, rows)
that all stay referenced until the batch is saved, so those collections find almost nothing and
the older ones rescan an ever larger set of live objects: measured, ~40 % of an ingest and ~15 %
of a rebuild (bench/FINDINGS.md). While bulk work runs, the collector runs every 50.000 new
objects instead; cyclic garbage is still collected, and the previous thresholds come back after.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

BULK_THRESHOLDS = (50_000, 20, 100)

_lock = threading.Lock()
_depth = 0  # bulk works running now (nested, or in several threads): the thresholds are global
_saved = gc.get_threshold()


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Raise the collector's thresholds while any bulk work runs (a context manager or a
    decorator); the thresholds from before the first one come back when the last one ends."""
    global _depth, _saved
    with _lock:
        if _depth == 0:
            _saved = gc.get_threshold()
            gc.set_threshold(*BULK_THRESHOLDS)
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                gc.set_threshold(*_saved)
