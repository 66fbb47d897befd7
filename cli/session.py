"""The per-invocation session: settings, the engine (opened lazily) and read-model freshness.

Freshness rule: a read right after a write sees the write. Write commands call
`session.catch_up()` after their command succeeded and before they print their answer; read
commands get their store through `session.views()`, which catches up first. As a safety net,
`close()` (run by typer when the command ends) catches up if the engine was used since the
last catch-up, so a write command that forgot still leaves zero lag.
"""

from __future__ import annotations

from typing import Optional

from kinerja_flow.application import KinerjaApp
from kinerja_flow.readmodels import Progress, ReadModels, open_store
from kinerja_flow.settings import Settings
from kinerja_flow.storage import reporting_busy
from projections.store import ViewStore


class Session:
    def __init__(self, db: Optional[str] = None, actor: Optional[str] = None) -> None:
        values = {k: v for k, v in {"db": db, "actor": actor}.items() if v}
        self.settings = Settings(**values)
        self._app: KinerjaApp | None = None
        self._read_models: ReadModels | None = None
        self._fresh = False

    @property
    def app(self) -> KinerjaApp:
        if self._app is None:
            self._app = KinerjaApp(self.settings)
        self._fresh = False  # the engine may be about to write
        return self._app

    @property
    def read_models(self) -> ReadModels:
        if self._read_models is None:
            app = self.app
            self._read_models = ReadModels(app, open_store(app))
        return self._read_models

    def catch_up(self, progress: Progress | None = None) -> int:
        """Bring every read model up to the log head; returns the events processed."""
        with reporting_busy():
            processed = self.read_models.catch_up(progress=progress)
        self._fresh = True
        return processed

    def views(self) -> ViewStore:
        """The read-model store, caught up with the log."""
        self.catch_up()
        return self.read_models.store

    def close(self) -> None:
        try:
            if self._app is not None and not self._fresh:
                self.catch_up()
        finally:
            if self._read_models is not None:
                self._read_models.store.close()
                self._read_models = None
            if self._app is not None:
                self._app.close()
                self._app = None
