"""Where the read models live: tables in the same database as the events.

One small class hides the differences between SQLite (the default file) and PostgreSQL
(psycopg 3): the parameter style, the DDL types and how a transaction is opened. SQL in the
projections is written once, with `?` placeholders and the portable types `TEXT`, `INTEGER`
and `BIGINT`.

Opening an SQLite file is shared with the engine (`connect_sqlite`): a file that is not an SQLite
database is refused before anything is created, and the switch to WAL mode, which needs an
exclusive lock that SQLite may refuse at once (without waiting) while another process opens the
same new file, is retried until the lock timeout.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from domain.errors import DomainError

if TYPE_CHECKING:
    from projections.schema import Table

Row = dict[str, Any]

TRACKING_DDL = (
    "CREATE TABLE IF NOT EXISTS kf_projections ("
    " name TEXT PRIMARY KEY,"
    " position BIGINT NOT NULL,"
    " schema_version INTEGER NOT NULL)"
)


# The engine's event log as eventsourcing stores it for `KinerjaApp` (SQLite: `stored_events`,
# notification id = rowid; PostgreSQL: `<application name>_events` in the URL's schema).
# `projections.runner.Runner` checks these names against the engine's recorder.
EVENTS_TABLE = {False: ("stored_events", "rowid"), True: ("kinerja_events", "notification_id")}


def is_postgres_url(db: str) -> bool:
    return db.startswith(("postgresql://", "postgres://"))


class NotSQLite(DomainError):
    """`--db` names a folder or a file that is not an SQLite database."""


def sqlite_file_problem(path: Path) -> str | None:
    """Why `path` cannot be an SQLite database file: a folder, or a file where a folder should
    be; None otherwise. Looks only at the file system's entries (`stat`), never opens the file:
    closing a descriptor of a database file drops the SQLite locks this process holds on it
    (POSIX locks are per process), and another process may then corrupt it. Whether an existing
    file is an SQLite database is SQLite's to say (`connect_sqlite`)."""
    if path.is_dir():
        return f"bukan basis data SQLite: {path} adalah folder."
    if path.exists():
        return None
    for parent in path.parents:
        if parent.exists():
            return None if parent.is_dir() else f"bukan basis data SQLite: {parent} bukan folder."
    return None


def connect_sqlite(path: Path, lock_timeout: float) -> sqlite3.Connection:
    """Open (or create, with its folders) an SQLite database in WAL mode, in autocommit mode.

    The busy timeout is set before any statement (`timeout=`). Switching a new file to WAL needs
    an exclusive lock, and SQLite may answer "database is locked" at once, without waiting, when
    another process is opening the same file: that switch is retried until `lock_timeout`. A file
    that is not an SQLite database is refused (`NotSQLite`) and left as it is."""
    problem = sqlite_file_problem(path)
    if problem is not None:
        raise NotSQLite(problem)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=lock_timeout, isolation_level=None,
                           check_same_thread=False)
    try:
        _use_wal(conn, lock_timeout)
    except sqlite3.DatabaseError as error:
        conn.close()
        if is_not_sqlite(error):
            raise not_sqlite(path) from None
        raise
    except BaseException:
        conn.close()
        raise
    return conn


def is_not_sqlite(error: BaseException) -> bool:
    """SQLite's answer when the file's header is not an SQLite database's."""
    return isinstance(error, sqlite3.DatabaseError) and "not a database" in str(error)


def not_sqlite(path: Path) -> NotSQLite:
    return NotSQLite(f"bukan basis data SQLite: {path} (berkas jenis lain, atau basis data yang "
                     "rusak).")


def _use_wal(conn: sqlite3.Connection, lock_timeout: float) -> None:
    deadline = time.monotonic() + lock_timeout
    delay = 0.005
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL").fetchall()
            return
        except sqlite3.OperationalError as error:
            text = str(error).lower()
            if not ("locked" in text or "busy" in text) or time.monotonic() >= deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.1)


class ViewStore:
    """A connection to the read-model tables, SQLite or PostgreSQL, with one code path."""

    def __init__(self, db: str, schema: str | None = None, lock_timeout: float = 10.0) -> None:
        self.db = db
        self.spec = (db, schema, lock_timeout)  # to open the same store in another process
        self.is_postgres = is_postgres_url(db)
        if self.is_postgres:
            import psycopg

            self._conn: Any = psycopg.connect(db, autocommit=True)
            if schema:
                self._conn.execute(f"SET search_path TO {check_identifier(schema)}")
        else:
            self._conn = connect_sqlite(Path(db).expanduser(), lock_timeout)
        self._in_transaction = False
        self._create_tracking_table()

    def _create_tracking_table(self) -> None:
        """`CREATE TABLE IF NOT EXISTS` races between processes on PostgreSQL (catalog rows are
        updated concurrently): check first, and accept losing the race to another process."""
        if not self.is_postgres:
            if not self.table_exists("kf_projections"):  # reads need no write lock
                self.execute(TRACKING_DDL)
            return
        import psycopg

        if self.scalar("SELECT to_regclass('kf_projections') IS NOT NULL"):
            return
        try:
            self.execute(TRACKING_DDL)
        except (psycopg.errors.UniqueViolation, psycopg.errors.InternalError):
            if not self.scalar("SELECT to_regclass('kf_projections') IS NOT NULL"):
                raise

    @property
    def events_table(self) -> str:
        return EVENTS_TABLE[self.is_postgres][0]

    # ----------------------------------------------------------------- SQL plumbing

    def _sql(self, statement: str) -> str:
        return statement.replace("?", "%s") if self.is_postgres else statement

    def execute(self, statement: str, params: Sequence[Any] = ()) -> None:
        self._conn.execute(self._sql(statement), tuple(params))

    def executemany(self, statement: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = list(rows)
        if not rows:
            return
        if self.is_postgres:
            with self._conn.cursor() as cursor:
                cursor.executemany(self._sql(statement), rows)
        else:
            self._conn.executemany(statement, rows)

    def rows(self, statement: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Plain tuples, for the hot paths (reading the log, the states)."""
        return self._conn.execute(self._sql(statement), tuple(params)).fetchall()

    def query(self, statement: str, params: Sequence[Any] = ()) -> list[Row]:
        cursor = self._conn.execute(self._sql(statement), tuple(params))
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    def scalar(self, statement: str, params: Sequence[Any] = ()) -> Any:
        rows = self.query(statement, params)
        return next(iter(rows[0].values())) if rows else None

    @contextmanager
    def transaction(self) -> Iterator[ViewStore]:
        """One transaction: every row of a batch and the tracking positions, or nothing."""
        if self._in_transaction:
            yield self
            return
        if self.is_postgres:
            with self._conn.transaction():
                self._in_transaction = True
                try:
                    yield self
                finally:
                    self._in_transaction = False
            return
        self._conn.execute("BEGIN IMMEDIATE")
        self._in_transaction = True
        try:
            yield self
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        else:
            self._conn.execute("COMMIT")
        finally:
            self._in_transaction = False

    def create(self, ddl: Iterable[str]) -> None:
        for statement in ddl:
            self.execute(statement)

    def create_table(self, table: Table, name: str | None = None, indexes: bool = True) -> None:
        """A read model's table (under `name`: a table a rebuild fills), with its indexes."""
        self.create(table.create(name, self.is_postgres))
        if indexes:
            self.create(table.create_indexes(name))

    def drop_tables(self, tables: Iterable[str]) -> None:
        for table in tables:
            self.execute(f"DROP TABLE IF EXISTS {table}")

    def insert(self, table: Table, rows: Sequence[tuple[Any, ...]], name: str | None = None) -> None:
        """Insert typed rows (the table's row tuples) with one `executemany`."""
        if rows:
            self.executemany(table.insert_sql(name), rows)

    def fetch(self, table: Table, where: str = "", params: Sequence[Any] = (),
              order: str = "") -> list[Any]:
        """The table's rows (typed) matching `where`."""
        cursor = self._conn.execute(self._sql(table.select_sql(where, order)), tuple(params))
        return table.rows(cursor.fetchall())

    def table_exists(self, name: str) -> bool:
        exists = ("SELECT to_regclass(?) IS NOT NULL" if self.is_postgres else
                  "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?")
        return bool(self.scalar(exists, (name,)))

    def tables(self) -> list[str]:
        """The tables of the database (of its schema on PostgreSQL)."""
        if self.is_postgres:
            found = self.rows("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        else:
            found = self.rows("SELECT name FROM sqlite_master WHERE type = 'table'")
        return sorted(name for (name,) in found)

    def rename_table(self, old: str, new: str) -> None:
        self.execute(f"ALTER TABLE {old} RENAME TO {new}")

    def delete_for(self, table: str, column: str, keys: Sequence[Any]) -> None:
        """Delete the rows whose `column` is one of `keys` (in chunks, for long key lists)."""
        for start in range(0, len(keys), 500):
            chunk = list(keys[start : start + 500])
            self.execute(
                f"DELETE FROM {table} WHERE {column} IN ({', '.join('?' * len(chunk))})", chunk
            )

    # ----------------------------------------------------------------- tracking

    def positions(self) -> dict[str, tuple[int, int]]:
        """name -> (position, schema_version) of every projection that has been built."""
        rows = self.query("SELECT name, position, schema_version FROM kf_projections")
        return {r["name"]: (int(r["position"]), int(r["schema_version"])) for r in rows}

    def set_position(self, name: str, position: int, schema_version: int) -> None:
        self.execute("DELETE FROM kf_projections WHERE name = ?", (name,))
        self.execute(
            "INSERT INTO kf_projections (name, position, schema_version) VALUES (?, ?, ?)",
            (name, position, schema_version),
        )

    def log_head(self) -> int | None:
        """The event log's head by plain SQL, without the engine; None if the engine has not
        created its event table yet."""
        table, column = EVENTS_TABLE[self.is_postgres]
        if not self.table_exists(table):
            return None
        return int(self.scalar(f"SELECT MAX({column}) FROM {table}") or 0)

    def is_caught_up(self, versions: dict[str, int]) -> bool:
        """Whether every read model (name -> current schema version) is built with its current
        schema version and has reached the log head: then a catch-up would do nothing, and the
        engine need not be opened."""
        stored = self.positions()
        if any(stored.get(name, (None, None))[1] != version for name, version in versions.items()):
            return False
        head = self.log_head()  # after the positions: they only grow, so fresh at this moment
        return head is not None and all(stored[name][0] >= head for name in versions)

    def forget(self, name: str) -> None:
        self.execute("DELETE FROM kf_projections WHERE name = ?", (name,))

    def close(self) -> None:
        self._conn.close()


_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def check_identifier(name: str) -> str:
    """Table and schema names are interpolated into SQL: allow plain identifiers only."""
    if not _IDENTIFIER.match(name):
        raise ValueError(f"not a plain SQL identifier: {name!r}")
    return name
