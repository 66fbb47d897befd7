"""Settings: which database, who is acting, and the engine's knobs. From options, then the
environment, then the defaults written here once.

A plain dataclass with the standard library only: the CLI's fast read path reads it without
loading pydantic or the engine (start-up time).
"""

from __future__ import annotations

import getpass
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from domain.errors import DomainError
from projections.store import ViewStore

DEFAULT_DB = "kinerja.db"
# An agreement is snapshotted each time its log passes a multiple of this many events, and only
# its latest snapshot is kept: a load replays at most this many events, so a monthly import in
# December loads its agreements as fast as in January (bench/monthly.py).
SNAPSHOT_EVERY = 25
LOCK_TIMEOUT = 10  # seconds a command waits for a lock before "database busy"
PG_LOCK_ATTEMPTS = 10  # eventsourcing.postgres retries insert_events this often on OperationalError


class SettingsError(DomainError):
    """An option or environment variable has a value the engine cannot use."""


def _env(name: str) -> str | None:
    """An environment variable; an empty one counts as unset."""
    value = os.environ.get(name, "").strip()
    return value or None


def _env_int(name: str, default: int, minimum: int = 0) -> int:
    text = _env(name)
    if text is None:
        return default
    try:
        value = int(text)
    except ValueError:
        raise SettingsError(f"{name}={text!r} bukan bilangan bulat.") from None
    if value < minimum:
        raise SettingsError(f"{name}={value} tidak boleh kurang dari {minimum}.")
    return value


def _default_actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers
        return "unknown"


def is_postgres_url(db: str) -> bool:
    return db.startswith(("postgresql://", "postgres://"))


@dataclass(frozen=True)
class Settings:
    """`db` is an SQLite file path (default `./kinerja.db`) or a `postgresql://` URL."""

    db: str = field(default_factory=lambda: _env("KINERJA_DB") or DEFAULT_DB)
    actor: str = field(default_factory=lambda: _env("KINERJA_ACTOR") or _default_actor())
    # An agreement is snapshotted each time its log passes a multiple of this many events, so a
    # load replays at most that many (KINERJA_SNAPSHOT_EVERY; 0 turns snapshots off).
    snapshot_every: int = field(
        default_factory=lambda: _env_int("KINERJA_SNAPSHOT_EVERY", SNAPSHOT_EVERY))
    lock_timeout: int = field(default_factory=lambda: _env_int("KINERJA_LOCK_TIMEOUT", LOCK_TIMEOUT))

    def __post_init__(self) -> None:
        if not self.actor.strip():
            raise SettingsError("Pelaku (--as) tidak boleh kosong.")
        object.__setattr__(self, "actor", self.actor.strip())
        if self.snapshot_every < 0:
            raise SettingsError("KINERJA_SNAPSHOT_EVERY tidak boleh negatif.")
        if self.is_postgres:
            postgres_env(self.db, self.lock_timeout)  # refuses unknown URL options early

    @property
    def is_postgres(self) -> bool:
        return is_postgres_url(self.db)

    @property
    def display_db(self) -> str:
        return display_db(self.db)

    @property
    def schema(self) -> str | None:
        """The PostgreSQL schema of `?schema=` (None on SQLite; "public" when not given)."""
        if not self.is_postgres:
            return None
        return postgres_env(self.db, self.lock_timeout)["POSTGRES_SCHEMA"] or "public"

    @property
    def connection_url(self) -> str:
        """The database without the options only the engine reads (`?schema=`)."""
        return self.db.partition("?")[0] if self.is_postgres else self.db

    def eventsourcing_env(self) -> dict[str, str]:
        """The eventsourcing persistence settings for this database."""
        snapshots = {"IS_SNAPSHOTTING_ENABLED": "y" if self.snapshot_every else "n"}
        if self.is_postgres:
            return {**postgres_env(self.db, self.lock_timeout), **snapshots}
        return {  # the file is made ready (folders, WAL) by `storage.prepare_sqlite`
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(Path(self.db).expanduser()),
            "SQLITE_LOCK_TIMEOUT": str(self.lock_timeout),
            **snapshots,
        }


def display_db(db: str) -> str:
    """The database as it may be printed: a PostgreSQL URL without its password."""
    if not is_postgres_url(db):
        return db
    url = urlparse(db)
    if url.password is None:
        return db
    netloc = url.netloc.replace(f":{url.password}@", ":***@", 1)
    return url._replace(netloc=netloc).geturl()


def postgres_env(db_url: str, lock_timeout: int = LOCK_TIMEOUT) -> dict[str, str]:
    """eventsourcing's PostgreSQL settings for a `postgresql://user:pw@host:port/db?schema=s` URL.

    Every process holds a psycopg pool of KINERJA_POOL_SIZE connections (default 2) and may open
    KINERJA_POOL_OVERFLOW more under load (default 8). Lock waits (the event table is locked for
    each write, to keep notification ids gap-free for the read models) are bounded, then reported
    as "database busy": eventsourcing tries a write PG_LOCK_ATTEMPTS times, so each attempt gets a
    tenth of the lock timeout (at least PostgreSQL's 1 s granularity).
    """
    url = urlparse(db_url)
    query = {key: values[-1] for key, values in parse_qs(url.query).items()}
    unknown = set(query) - {"schema"}
    if unknown:
        raise SettingsError(f"Opsi tidak dikenal di URL basis data: {', '.join(sorted(unknown))}.")
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": unquote(url.path.lstrip("/")) or "kinerja",
        "POSTGRES_HOST": url.hostname or "127.0.0.1",
        "POSTGRES_PORT": str(url.port or 5432),
        "POSTGRES_USER": unquote(url.username or getpass.getuser()),
        "POSTGRES_PASSWORD": unquote(url.password or ""),
        "POSTGRES_SCHEMA": query.get("schema", "").strip(),
        "POSTGRES_POOL_SIZE": _env("KINERJA_POOL_SIZE") or "2",
        "POSTGRES_MAX_OVERFLOW": _env("KINERJA_POOL_OVERFLOW") or "8",
        "POSTGRES_CONNECT_TIMEOUT": _env("KINERJA_CONNECT_TIMEOUT") or "5",
        "POSTGRES_LOCK_TIMEOUT": str(max(1, math.ceil(lock_timeout / PG_LOCK_ATTEMPTS))),
        "POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT": "60",
        "POSTGRES_PRE_PING": "y",
        "POSTGRES_ENABLE_DB_FUNCTIONS": "n",
        "CREATE_TABLE": "n",  # the engine creates them itself, safely: see kinerja_flow.storage
    }


def open_views(settings: Settings) -> ViewStore:
    """The read-model store of these settings: tables in the engine's own database (and
    PostgreSQL schema). Light: the CLI's fast read path opens it without the engine."""
    return ViewStore(settings.connection_url, schema=settings.schema,
                     lock_timeout=settings.lock_timeout)
