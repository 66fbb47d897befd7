"""Creating and inspecting the event tables, safely when several processes start at once.

On PostgreSQL, eventsourcing's own table creation is not safe to run concurrently: its
`CREATE OR REPLACE FUNCTION` fails with "tuple concurrently updated" when two processes start at
the same moment. So the engine asks for no automatic creation there (`CREATE_TABLE=n` in
`settings.postgres_env`) and calls `create_event_tables`, which serialises creation with an
advisory lock and creates the `?schema=` schema if it is missing.

A damaged SQLite file (two writers through hard-linked paths, a copy taken mid-write, a failing
disk...) is named as such (`is_damaged`, `damaged_message`), and `integrity_problems` runs
SQLite's own full check on demand (`kinerja init --periksa`).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg
from eventsourcing.persistence import OperationalError, PersistenceError, Recorder
from eventsourcing.postgres import PostgresRecorder
from psycopg import sql

from kinerja_flow.errors import StorageBusy
from kinerja_flow.settings import Settings, postgres_env
from projections.store import (
    NotSQLite,
    connect_sqlite,
    is_not_sqlite,
    not_sqlite,
    sqlite_file_problem,
)

SCHEMA_LOCK = 0x6B696E65_72_6A61  # a fixed advisory-lock key private to kinerja-flow


BUSY = "Basis data sedang sibuk (dikunci proses lain); coba lagi sebentar lagi."
_LOCK_WORDS = ("locked", "busy", "lock timeout")
# A database that cannot be opened, reached or locked in time: eventsourcing wraps sqlite3's and
# psycopg's errors in its own `OperationalError`; the read-model store raises the drivers' own.
OPERATIONAL_ERRORS = (OperationalError, sqlite3.OperationalError, psycopg.OperationalError)


# What SQLite says of a file whose pages or header are not a sound database.
_DAMAGE_WORDS = ("malformed", "not a database", "file is encrypted")


def is_damaged(error: BaseException) -> bool:
    """Does the database file itself look damaged (as opposed to busy or unreachable)?"""
    return (isinstance(error, (PersistenceError, sqlite3.Error))
            and any(word in str(error).lower() for word in _DAMAGE_WORDS))


def damaged_message(database: str, error: BaseException) -> str:
    detail = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return (f"basis data {database} rusak ({detail}); pulihkan dari cadangan terakhir "
            "(lihat README, bagian Operasi).")


def integrity_problems(settings: Settings, limit: int = 10) -> list[str]:
    """SQLite's `PRAGMA integrity_check`: the first `limit` problems of the file, or [] when it
    is sound (or does not exist yet). A file too damaged to be checked is one problem; a file
    that is not an SQLite database at all is refused (`NotSQLite`). PostgreSQL keeps its own
    files consistent: nothing to check here ([])."""
    if settings.is_postgres:
        return []
    path = Path(settings.db).expanduser()
    if not path.exists():
        return []
    problem = sqlite_file_problem(path)
    if problem is not None:
        raise NotSQLite(problem)
    try:
        with closing(sqlite3.connect(str(path), timeout=settings.lock_timeout)) as conn:
            rows = conn.execute(f"PRAGMA integrity_check({int(limit)})").fetchall()
    except sqlite3.DatabaseError as error:
        if is_not_sqlite(error):
            raise not_sqlite(path) from None
        if is_busy(error):
            raise
        return [str(error).strip()]
    found = [line.strip() for (text,) in rows for line in str(text).splitlines()]
    return [] if found == ["ok"] else [line for line in found if line and not line.startswith("***")]


def prepare_sqlite(settings: Settings) -> None:
    """Make the SQLite file ready for eventsourcing's connections (refused if it is not an SQLite
    file; created with its folders; in WAL mode, see `projections.store.connect_sqlite`), so
    that eventsourcing finds WAL already set and never switches it itself: its switch is not
    retried and failed with "database is locked" when processes opened a new file together."""
    connect_sqlite(Path(settings.db).expanduser(), settings.lock_timeout).close()


def is_busy(error: BaseException) -> bool:
    """Did a lock wait run out?"""
    if isinstance(error, psycopg.errors.LockNotAvailable):
        return True
    if isinstance(error, OPERATIONAL_ERRORS):
        return any(word in str(error).lower() for word in _LOCK_WORDS)
    return False


@contextmanager
def reporting_busy() -> Iterator[None]:
    """Turn a lock wait that ran out (KINERJA_LOCK_TIMEOUT) into `StorageBusy`."""
    try:
        yield
    except Exception as error:
        if is_busy(error):
            raise StorageBusy(BUSY) from None
        raise


def create_event_tables(recorder: Recorder, *, upgrade: bool = False) -> None:
    """Create the tables `recorder` needs if missing; with `upgrade`, re-run eventsourcing's
    (idempotent) DDL even if they exist. On PostgreSQL the check needs no lock on the event
    table, so starting a process never waits for the writers."""
    if not isinstance(recorder, PostgresRecorder):
        recorder.create_table()
        return
    datastore = recorder.datastore
    with datastore.get_connection() as conn:
        if not upgrade and _events_table_exists(conn, recorder):
            return
        conn.execute("SELECT pg_advisory_lock(%s)", (SCHEMA_LOCK,))
        try:
            conn.execute(
                sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(datastore.schema))
            )
            recorder.create_table()
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (SCHEMA_LOCK,))


def _events_table_exists(conn: psycopg.Connection, recorder: PostgresRecorder) -> bool:
    table = getattr(recorder, "events_table_name", None)
    if table is None:
        return False
    name = sql.SQL("{}.{}").format(
        sql.Identifier(recorder.datastore.schema), sql.Identifier(table)
    ).as_string(conn)
    row = conn.execute("SELECT to_regclass(%s) IS NOT NULL AS found", (name,)).fetchone()
    return bool(row and row["found"])


def prune_snapshots(recorder: Recorder, latest: list[tuple[UUID, int]]) -> None:
    """Delete every snapshot of these agreements older than the version given (the one just
    stored). Snapshots are a cache, not the record: nothing reads an older one again."""
    table = recorder.events_table_name  # type: ignore[attr-defined]
    if isinstance(recorder, PostgresRecorder):
        name = sql.SQL("{}.{}").format(sql.Identifier(recorder.datastore.schema),
                                       sql.Identifier(table))
        statement: Any = sql.SQL("DELETE FROM {} WHERE originator_id = %s AND "
                                 "originator_version < %s").format(name)
        params = latest
    else:
        statement = f"DELETE FROM {table} WHERE originator_id = ? AND originator_version < ?"
        params = [(key.hex, version) for key, version in latest]
    with recorder.datastore.transaction(commit=True) as cursor:  # type: ignore[attr-defined]
        for values in params:
            cursor.execute(statement, values)


_CONNECTION_PROBLEMS = (  # what libpq says (its English wording), what users read
    (re.compile(r"database \"(?P<name>[^\"]+)\" does not exist"),
     "basis data \"{name}\" tidak ada di server {server}"),
    (re.compile(r"role \"(?P<name>[^\"]+)\" does not exist"),
     "pengguna \"{name}\" tidak dikenal oleh server {server}"),
    (re.compile(r"password authentication failed for user \"(?P<name>[^\"]+)\""),
     "kata sandi pengguna \"{name}\" ditolak oleh server {server}"),
    (re.compile(r"no password supplied|fe_sendauth"), "server {server} meminta kata sandi"),
    (re.compile(r"no pg_hba\.conf entry"), "server {server} tidak menerima sambungan dari mesin ini "
                                           "(pg_hba.conf)"),
    (re.compile(r"Connection refused|could not connect to server"),
     "server PostgreSQL di {server} menolak sambungan (apakah server berjalan di sana?)"),
    (re.compile(r"could not translate host name|Name or service not known|nodename nor "
                r"servname|failed to resolve host|Temporary failure in name resolution"),
     "nama host server {server} tidak dikenal"),
    (re.compile(r"timeout expired|timed out"), "waktu habis menghubungi server {server}"),
    (re.compile(r"too many (clients|connections)"), "server {server} sedang penuh (terlalu banyak "
                                                   "sambungan); coba lagi"),
    (re.compile(r"SSL", re.IGNORECASE), "sambungan SSL ke server {server} gagal"),
)


def connection_problem(db_url: str, error: BaseException) -> str:
    """Why a PostgreSQL server cannot be used, in one Indonesian line. The pool only says it got
    no connection in time; one direct attempt (on the failure path only) gets libpq's reason."""
    env = postgres_env(db_url)
    server = f"{env['POSTGRES_HOST']}:{env['POSTGRES_PORT']}"
    reason = str(error)
    if "couldn't get a connection" in reason or type(error).__name__ == "PoolTimeout":
        try:
            psycopg.connect(
                dbname=env["POSTGRES_DBNAME"], host=env["POSTGRES_HOST"], port=env["POSTGRES_PORT"],
                user=env["POSTGRES_USER"], password=env["POSTGRES_PASSWORD"] or None,
                connect_timeout=int(env["POSTGRES_CONNECT_TIMEOUT"])).close()
        except psycopg.Error as direct:
            reason = str(direct)
        else:
            return f"server {server} sibuk: tidak ada sambungan yang bebas dalam waktu yang ditentukan"
    for pattern, wording in _CONNECTION_PROBLEMS:
        found = pattern.search(reason)
        if found:
            return wording.format(server=server, **found.groupdict())
    first = reason.strip().splitlines()[0] if reason.strip() else type(error).__name__
    return f"server {server} tidak dapat dihubungi ({first})"


def existing_tables(settings: Settings) -> set[str]:
    """The tables in the database (in its `?schema=` schema on PostgreSQL); empty if none yet."""
    if settings.is_postgres:
        env = postgres_env(settings.db)
        with psycopg.connect(
            dbname=env["POSTGRES_DBNAME"], host=env["POSTGRES_HOST"], port=env["POSTGRES_PORT"],
            user=env["POSTGRES_USER"], password=env["POSTGRES_PASSWORD"] or None,
            connect_timeout=int(env["POSTGRES_CONNECT_TIMEOUT"]),
        ) as conn:
            rows = conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
                (env["POSTGRES_SCHEMA"] or "public",),
            ).fetchall()
        return {name for (name,) in rows}
    path = Path(settings.db).expanduser()
    if not path.exists():
        return set()
    try:
        with closing(sqlite3.connect(path)) as conn:
            rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    except sqlite3.DatabaseError as error:
        if is_not_sqlite(error):
            raise not_sqlite(path) from None
        raise
    return {name for (name,) in rows}
