"""The per-invocation session: settings, the engine (opened lazily) and read-model freshness.

Freshness rule: a read right after a write sees the write. Write commands call
`session.catch_up()` after their command succeeded, once they printed their answer; read
commands get their store through `session.views()`, which catches up first. As a safety net,
`close()` (run by typer when the command ends) catches up if the engine was used since the
last catch-up, so a write command that forgot still leaves zero lag.

Start-up time: the engine, the settings model and the read-model runner (pydantic, eventsourcing,
the domain) are imported only when needed. `views()` first checks with plain SQL whether the
read models are already at the log head; only when they lag does it open the engine to catch up.

The database: `--db` naming a folder or a file that is not SQLite is refused before anything is
opened or created; a command that only reads (`reads_only`) refuses an SQLite file that does not
exist, rather than creating an empty database and answering "no agreements".

After a commit: once the engine has stored a command, a failure of what follows (the catch-up,
the confirmation) must not read as a refusal; `after_commit()` turns it into
`StoredButNotShown` (exit code 3, "tersimpan; tampilan belum diperbarui").
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Optional
from urllib.parse import parse_qs

from cli.errors import StoredButNotShown, using_database, warn
from domain.errors import DomainError
from projections.store import NotSQLite, ViewStore, is_postgres_url, sqlite_file_problem

if TYPE_CHECKING:
    from kinerja_flow.application import KinerjaApp
    from kinerja_flow.readmodels import Progress, ReadModels
    from kinerja_flow.settings import Settings

DEFAULT_DB = "kinerja.db"  # as `kinerja_flow.settings.DEFAULT_DB`


class Session:
    def __init__(self, db: Optional[str] = None, actor: Optional[str] = None,
                 reads_only: bool = False) -> None:
        self._values = {k: v for k, v in {"db": db, "actor": actor}.items() if v}
        self._reads_only = reads_only
        self._checked = False
        using_database(self._db())
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

    def _check_database(self) -> None:
        """Refuse a `--db` that is no SQLite database, and, for a command that only reads, one
        that does not exist, before anything opens (and would create) it."""
        if self._checked or is_postgres_url(self._db()):
            return
        path = Path(self._db()).expanduser()
        problem = sqlite_file_problem(path)
        if problem is not None:
            raise NotSQLite(problem)
        if self._reads_only and not path.exists():
            raise DomainError(f"basis data {self._db()} tidak ada; buat dengan `kinerja init` "
                              "atau `kinerja demo` (atau periksa --db / KINERJA_DB).")
        self._checked = True

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from kinerja_flow.settings import Settings

            self._check_database()
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

    def views(self, warn_unavailable: bool = True) -> ViewStore:
        """The read-model store, caught up with the log. With `warn_unavailable`, a warning
        line on stderr names each agreement the read models could not show (a command about
        one agreement leaves it to its query, which refuses that agreement only)."""
        self._check_database()
        store = self._store_if_caught_up() if self._app is None else None
        if store is None:
            self.catch_up()
            store = self.read_models.store
        if warn_unavailable:
            self.warn_unavailable(store)
        return store

    @staticmethod
    def warn_unavailable(store: ViewStore) -> None:
        from projections.queries import unavailable_message

        for failure in store.failures():
            warn(unavailable_message(failure))

    @contextmanager
    def after_commit(self) -> Iterator[None]:
        """Around what follows a stored command: a failure there is `StoredButNotShown`."""
        try:
            yield
        except (Exception, KeyboardInterrupt) as error:
            if self._app is None or not self._app.saves:
                raise
            self._fresh = True  # `close()` need not try again
            raise StoredButNotShown(stored_message(error)) from error

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
        """Catch up if the engine was used since the last catch-up. After a stored command a
        failure is `StoredButNotShown`; otherwise it is not this command's outcome (a refusal
        or a read that already answered) and the next command catches up: it is ignored."""
        try:
            if self._app is not None and not self._fresh:
                if self._app.saves:
                    with self.after_commit():
                        self.catch_up()
                else:
                    try:
                        self.catch_up()
                    except Exception:  # noqa: BLE001, S110 - see the docstring
                        pass
        finally:
            self._close_store()
            if self._read_models is not None:
                self._read_models.store.close()
                self._read_models = None
            if self._app is not None:
                self._app.close()
                self._app = None


def stored_message(error: BaseException) -> str:
    """The warning of a command stored whose read models or confirmation failed."""
    from cli.errors import describe

    reason = "dihentikan" if isinstance(error, KeyboardInterrupt) else describe(error)
    return (f"perintah tersimpan; tampilan belum diperbarui: {reason.rstrip('.')}. Jalankan "
            "`kinerja projections status` untuk memeriksa; perintah berikutnya memperbaruinya.")


def _open_store(db: str) -> ViewStore:
    """The read-model store, opened as `kinerja_flow.readmodels.open_store` opens it for the
    engine (on PostgreSQL in the URL's `?schema=`, which eventsourcing defaults to `public`)."""
    lock_timeout = int(os.environ.get("KINERJA_LOCK_TIMEOUT", "10"))  # as `Settings.lock_timeout`
    if not is_postgres_url(db):
        return ViewStore(db, lock_timeout=lock_timeout)
    url, _, query = db.partition("?")
    schema = parse_qs(query).get("schema", [""])[-1].strip() or "public"
    return ViewStore(url, schema=schema, lock_timeout=lock_timeout)
