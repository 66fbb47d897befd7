"""The per-invocation session: settings, the engine (opened lazily) and read-model freshness.

Freshness rule: a read right after a write sees the write. Write commands call
`session.catch_up()` after their command succeeded and before they print their answer; read
commands get their store through `session.views()`, which catches up first. As a safety net,
`close()` (run by typer when the command ends) catches up if the engine was used since the
last catch-up, so a write command that forgot still leaves zero lag.

Start-up time: the engine, the settings model and the read-model runner (pydantic, eventsourcing,
the domain) are imported only when needed. `views()` first checks with plain SQL whether the
read models are already at the log head; only when they lag does it open the engine to catch up.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Optional
from urllib.parse import parse_qs

from projections.store import ViewStore, is_postgres_url

if TYPE_CHECKING:
    from kinerja_flow.application import KinerjaApp
    from kinerja_flow.readmodels import Progress, ReadModels
    from kinerja_flow.settings import Settings

DEFAULT_DB = "kinerja.db"  # as `kinerja_flow.settings.DEFAULT_DB`


class Session:
    def __init__(self, db: Optional[str] = None, actor: Optional[str] = None) -> None:
        self._values = {k: v for k, v in {"db": db, "actor": actor}.items() if v}
        self._settings: Settings | None = None
        self._app: KinerjaApp | None = None
        self._read_models: ReadModels | None = None
        self._store: ViewStore | None = None  # opened by `views()` without the engine
        self._fresh = False
        if not self._surely_valid():
            _ = self.settings  # let `Settings` refuse bad options now, as the command starts

    def _db(self) -> str:
        """The database `Settings` will hold: option, then KINERJA_DB, then the default."""
        return self._values.get("db") or os.environ.get("KINERJA_DB") or DEFAULT_DB

    def _surely_valid(self) -> bool:
        """True when `Settings` will accept these values, so building it can wait. A blank actor
        and PostgreSQL URLs (their options are checked) are left to `Settings` at once."""
        actor = self._values.get("actor") or os.environ.get("KINERJA_ACTOR")
        return not (actor is not None and not actor.strip()) and not is_postgres_url(self._db())

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from kinerja_flow.settings import Settings

            self._settings = Settings(**self._values)
        return self._settings

    @property
    def app(self) -> KinerjaApp:
        if self._app is None:
            from kinerja_flow.application import KinerjaApp

            self._app = KinerjaApp(self.settings)
        self._fresh = False  # the engine may be about to write
        return self._app

    @property
    def read_models(self) -> ReadModels:
        if self._read_models is None:
            from kinerja_flow.readmodels import ReadModels, open_store

            app = self.app
            self._read_models = ReadModels(app, open_store(app))
        return self._read_models

    def catch_up(self, progress: Progress | None = None) -> int:
        """Bring every read model up to the log head; returns the events processed."""
        from kinerja_flow.storage import reporting_busy

        with reporting_busy():
            processed = self.read_models.catch_up(progress=progress)
        self._fresh = True
        return processed

    def views(self) -> ViewStore:
        """The read-model store, caught up with the log."""
        if self._app is None:
            store = self._store_if_caught_up()
            if store is not None:
                return store
        self.catch_up()
        return self.read_models.store

    def _store_if_caught_up(self) -> ViewStore | None:
        """The read-model store, opened without the engine, if the read models are at the log
        head (what `catch_up()` would find). None if they lag, or on any doubt or error: the
        engine's path then does the work and reports errors its own way."""
        try:
            if self._store is None:
                self._store = _open_store(self._db())
            if self._store.is_caught_up():
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
            if self._app is not None and not self._fresh:
                self.catch_up()
        finally:
            self._close_store()
            if self._read_models is not None:
                self._read_models.store.close()
                self._read_models = None
            if self._app is not None:
                self._app.close()
                self._app = None


def _open_store(db: str) -> ViewStore:
    """The read-model store, opened as `kinerja_flow.readmodels.open_store` opens it for the
    engine (on PostgreSQL in the URL's `?schema=`, which eventsourcing defaults to `public`)."""
    lock_timeout = int(os.environ.get("KINERJA_LOCK_TIMEOUT", "10"))  # as `Settings.lock_timeout`
    if not is_postgres_url(db):
        return ViewStore(db, lock_timeout=lock_timeout)
    url, _, query = db.partition("?")
    schema = parse_qs(query).get("schema", [""])[-1].strip() or "public"
    return ViewStore(url, schema=schema, lock_timeout=lock_timeout)
