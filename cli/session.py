"""The per-invocation session: settings, the engine (opened lazily) and read-model freshness."""

from __future__ import annotations

from typing import Optional

from kinerja_flow.application import KinerjaApp
from kinerja_flow.settings import Settings


class Session:
    def __init__(self, db: Optional[str] = None, actor: Optional[str] = None) -> None:
        values = {k: v for k, v in {"db": db, "actor": actor}.items() if v}
        self.settings = Settings(**values)
        self._app: KinerjaApp | None = None

    @property
    def app(self) -> KinerjaApp:
        if self._app is None:
            self._app = KinerjaApp(self.settings)
        return self._app

    def close(self) -> None:
        if self._app is not None:
            self._app.close()
            self._app = None
