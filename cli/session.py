"""The per-invocation session: settings, the system (opened lazily) and read-model freshness.

Freshness rule: a read right after a write sees the write. Write commands call
`session.catch_up()` after their command succeeded, once they printed their answer; read
commands get their store through `session.views()`, which catches up first. As a safety net,
`close()` (run by typer when the command ends) catches up if the engine was used since the
last catch-up, so a write command that forgot still leaves zero lag.

Start-up time: the engine and the runner (pydantic, eventsourcing, the domain) are imported only
when needed. `views()` first checks with plain SQL whether the read models are already at the
log head; only when they lag does it open the engine to catch up.

The database: `--db` naming a folder or a file that is not SQLite is refused before anything is
opened or created; a command that only reads (`reads_only`) refuses an SQLite file that does not
exist, rather than creating an empty database and answering "no agreements".

After a commit: once the engine has stored a command, a failure of what follows (the catch-up,
the confirmation) must not read as a refusal; `after_commit()` turns it into
`StoredButNotShown` (exit code 3, "tersimpan; tampilan belum diperbarui").
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from cli.errors import StoredButNotShown, using_database, warn
from domain.errors import DomainError
from kinerja_flow.settings import Settings, open_views
from projections.store import NotSQLite, ViewStore, sqlite_file_problem

if TYPE_CHECKING:
    from kinerja_flow.application import KinerjaApp
    from kinerja_flow.bootstrap import System
    from projections.runner import Progress, Runner


class Session:
    def __init__(self, db: Optional[str] = None, actor: Optional[str] = None,
                 reads_only: bool = False) -> None:
        values = {k: v for k, v in {"db": db, "actor": actor}.items() if v is not None}
        self._settings = Settings(**values)
        using_database(self._settings.db)
        self._reads_only = reads_only
        self._checked = False
        self._system: System | None = None
        self._store: ViewStore | None = None  # opened by `views()` without the engine
        self._fresh = False

    @property
    def settings(self) -> Settings:
        """The settings, once the database they name is known to be usable (checked on first
        use, so that `--help` of any command still answers)."""
        self._check_database()
        return self._settings

    def _check_database(self) -> None:
        """Refuse a `--db` that is no SQLite database, and, for a command that only reads, one
        that does not exist, before anything opens (and would create) it."""
        settings = self._settings
        if self._checked or settings.is_postgres:
            return
        path = Path(settings.db).expanduser()
        problem = sqlite_file_problem(path)
        if problem is not None:
            raise NotSQLite(problem)
        if self._reads_only and not path.exists():
            raise DomainError(f"basis data {settings.db} tidak ada; buat dengan "
                              "`kinerja init` atau `kinerja demo` (atau periksa --db / KINERJA_DB).")
        self._checked = True

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

    def views(self, warn_unavailable: bool = True) -> ViewStore:
        """The read-model store, caught up with the log. With `warn_unavailable`, a warning
        line on stderr names each agreement the read models cannot show (a command about one
        agreement leaves that to its query, which refuses that agreement only)."""
        self._check_database()
        store = self._store_if_caught_up() if self._system is None else None
        if store is None:
            self.catch_up()
            store = self.system.views
        if warn_unavailable:
            self.warn_unavailable(store)
        return store

    @staticmethod
    def warn_unavailable(store: ViewStore) -> None:
        from projections import failures

        for failure in failures.all_failures(store):
            warn(failures.message(failure))

    @contextmanager
    def after_commit(self) -> Iterator[None]:
        """Around what follows a stored command: a failure there is `StoredButNotShown`."""
        try:
            yield
        except (Exception, KeyboardInterrupt) as error:
            if self._system is None or not self._system.engine.saves:
                raise
            self._fresh = True  # `close()` need not try again
            raise StoredButNotShown(stored_message(error)) from error

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
        """Catch up if the engine was used since the last catch-up. After a stored command a
        failure is `StoredButNotShown`; otherwise it is not this command's outcome (a refusal
        or a read that already answered) and the next command catches up: it is ignored."""
        try:
            if self._system is not None and not self._fresh:
                if self._system.engine.saves:
                    with self.after_commit():
                        self.catch_up()
                else:
                    try:
                        self.catch_up()
                    except Exception:  # noqa: BLE001, S110 - see the docstring
                        pass
        finally:
            self._close_store()
            if self._system is not None:
                self._system.close()
                self._system = None


def stored_message(error: BaseException) -> str:
    """The warning of a command stored whose read models or confirmation failed."""
    from cli.errors import describe

    reason = "dihentikan" if isinstance(error, KeyboardInterrupt) else describe(error)
    return (f"perintah tersimpan; tampilan belum diperbarui: {reason.rstrip('.')}. Jalankan "
            "`kinerja projections status` untuk memeriksa; perintah berikutnya memperbaruinya.")
