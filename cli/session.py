"""The per-invocation session: settings, the system (opened lazily) and read-model freshness.

Freshness rule: a read right after a write sees the write. Write commands call
`session.catch_up()` after their command succeeded and before they print their answer; read
commands get their store through `session.views()`, which catches up first. As a safety net,
`close()` (run by typer when the command ends) catches up if the engine was used since the
last catch-up, so a write command that forgot still leaves zero lag.

Start-up time: the engine and the runner (pydantic, eventsourcing, the domain) are imported only
when needed. `views()` first checks with plain SQL whether the read models are already at the
log head; only when they lag does it open the engine to catch up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from kinerja_flow.settings import Settings, open_views
from projections.store import ViewStore

if TYPE_CHECKING:
    from kinerja_flow.application import KinerjaApp
    from kinerja_flow.bootstrap import System
    from projections.runner import FailureRow, Progress, Runner


class Session:
    def __init__(self, db: Optional[str] = None, actor: Optional[str] = None) -> None:
        values = {k: v for k, v in {"db": db, "actor": actor}.items() if v is not None}
        self.settings = Settings(**values)
        self._system: System | None = None
        self._store: ViewStore | None = None  # opened by `views()` without the engine
        self._fresh = False

    @property
    def system(self) -> System:
        if self._system is None:
            from kinerja_flow.bootstrap import bootstrap

            self._close_store()
            self._system = bootstrap(self.settings)
        return self._system

    @property
    def app(self) -> KinerjaApp:
        """The engine; using it may write, so the read models count as stale from now on."""
        self._fresh = False
        return self.system.engine

    @property
    def runner(self) -> Runner:
        return self.system.runner

    def catch_up(self, progress: Progress | None = None) -> int:
        """Bring every read model up to the log head; returns the events processed."""
        from kinerja_flow.storage import reporting_busy

        with reporting_busy():
            processed = self.runner.catch_up(progress=progress)
        self._fresh = True
        return processed

    def views(self) -> ViewStore:
        """The read-model store, caught up with the log."""
        if self._system is None:
            store = self._store_if_caught_up()
            if store is not None:
                return store
        self.catch_up()
        return self.system.views

    def failures(self) -> list[FailureRow]:
        """The agreements the read models cannot show (read after `views()`)."""
        from projections.runner import FAILURES

        store = self._store or self.system.views
        if not store.table_exists(FAILURES.name):
            return []
        return store.fetch(FAILURES, order="code")

    def _store_if_caught_up(self) -> ViewStore | None:
        """The read-model store, opened without the engine, if the read models are at the log
        head (what `catch_up()` would find). None if they lag, or on any doubt or error: the
        engine's path then does the work and reports errors its own way."""
        from projections.catalog import VERSIONS

        try:
            if self._store is None:
                self._store = open_views(self.settings)
            if self._store.is_caught_up(VERSIONS):
                return self._store
        except Exception:  # noqa: BLE001 - a shortcut only; the engine's path decides
            pass
        self._close_store()
        return None

    def _close_store(self) -> None:
        if self._store is not None:
            store, self._store = self._store, None
            try:
                store.close()
            except Exception:  # noqa: BLE001 - a read-only connection; nothing to lose
                pass

    def close(self) -> None:
        try:
            if self._system is not None and not self._fresh:
                self.catch_up()
        finally:
            self._close_store()
            if self._system is not None:
                self._system.close()
                self._system = None
