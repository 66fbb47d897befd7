"""Settings: which database, and who is acting. From options, then environment, then defaults."""

from __future__ import annotations

import getpass
import math
import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from pydantic import BaseModel, Field, field_validator

DEFAULT_DB = "kinerja.db"
SNAPSHOT_EVERY = 250  # a typical year (150-250 events) needs none; long histories load fast
PG_LOCK_ATTEMPTS = 10  # eventsourcing.postgres retries insert_events this often on OperationalError


def _default_actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers
        return "unknown"


class Settings(BaseModel):
    """`db` is an SQLite file path (default `./kinerja.db`) or a `postgresql://` URL."""

    db: str = Field(default_factory=lambda: os.environ.get("KINERJA_DB") or DEFAULT_DB)
    actor: str = Field(default_factory=lambda: os.environ.get("KINERJA_ACTOR") or _default_actor())
    # An agreement is snapshotted each time its log passes a multiple of this many events, so a
    # load replays at most that many (KINERJA_SNAPSHOT_EVERY; 0 turns snapshots off).
    snapshot_every: int = Field(
        default_factory=lambda: os.environ.get("KINERJA_SNAPSHOT_EVERY") or str(SNAPSHOT_EVERY),
        validate_default=True, ge=0,
    )

    @field_validator("db")
    @classmethod
    def _db(cls, value: str) -> str:
        if value.startswith(("postgresql://", "postgres://")):
            postgres_env(value)  # refuses unknown URL options early, with a clear message
        return value

    @field_validator("actor")
    @classmethod
    def _actor(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("actor must not be empty")
        return value.strip()

    @property
    def display_db(self) -> str:
        return display_db(self.db)

    @property
    def lock_timeout(self) -> int:
        return lock_timeout()

    @property
    def is_postgres(self) -> bool:
        return self.db.startswith(("postgresql://", "postgres://"))

    def eventsourcing_env(self) -> dict[str, str]:
        """The eventsourcing persistence settings for this database."""
        snapshots = {"IS_SNAPSHOTTING_ENABLED": "y" if self.snapshot_every else "n"}
        if self.is_postgres:
            return {**postgres_env(self.db), **snapshots}
        return {  # the file is made ready (folders, WAL) by `storage.prepare_sqlite`
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(Path(self.db).expanduser()),
            "SQLITE_LOCK_TIMEOUT": str(self.lock_timeout),
            **snapshots,
        }


def display_db(db: str) -> str:
    """The database as it may be printed: a PostgreSQL URL without its password."""
    if not db.startswith(("postgresql://", "postgres://")):
        return db
    url = urlparse(db)
    if url.password is None:
        return db
    netloc = url.netloc.replace(f":{url.password}@", ":***@", 1)
    return url._replace(netloc=netloc).geturl()


def lock_timeout() -> int:
    """Seconds a command waits for a lock before "database busy" (KINERJA_LOCK_TIMEOUT)."""
    return int(os.environ.get("KINERJA_LOCK_TIMEOUT", "10"))


def postgres_env(db_url: str) -> dict[str, str]:
    """eventsourcing's PostgreSQL settings for a `postgresql://user:pw@host:port/db?schema=s` URL.

    Every process holds a psycopg pool of KINERJA_POOL_SIZE connections (default 2) and may open
    KINERJA_POOL_OVERFLOW more under load (default 8). Lock waits (the event table is locked for
    each write, to keep notification ids gap-free for the read models) are bounded, then reported
    as "database busy": eventsourcing tries a write PG_LOCK_ATTEMPTS times, so each attempt gets a
    tenth of KINERJA_LOCK_TIMEOUT (at least PostgreSQL's 1 s granularity).
    """
    url = urlparse(db_url)
    query = {key: values[-1] for key, values in parse_qs(url.query).items()}
    unknown = set(query) - {"schema"}
    if unknown:
        raise ValueError(f"unknown option(s) in database URL: {', '.join(sorted(unknown))}")
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": unquote(url.path.lstrip("/")) or "kinerja",
        "POSTGRES_HOST": url.hostname or "127.0.0.1",
        "POSTGRES_PORT": str(url.port or 5432),
        "POSTGRES_USER": unquote(url.username or getpass.getuser()),
        "POSTGRES_PASSWORD": unquote(url.password or ""),
        "POSTGRES_SCHEMA": query.get("schema", ""),
        "POSTGRES_POOL_SIZE": os.environ.get("KINERJA_POOL_SIZE", "2"),
        "POSTGRES_MAX_OVERFLOW": os.environ.get("KINERJA_POOL_OVERFLOW", "8"),
        "POSTGRES_CONNECT_TIMEOUT": os.environ.get("KINERJA_CONNECT_TIMEOUT", "5"),
        "POSTGRES_LOCK_TIMEOUT": str(max(1, math.ceil(lock_timeout() / PG_LOCK_ATTEMPTS))),
        "POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT": "60",
        "POSTGRES_PRE_PING": "y",
        "POSTGRES_ENABLE_DB_FUNCTIONS": "n",
        "CREATE_TABLE": "n",  # the engine creates them itself, safely: see kinerja_flow.storage
    }
