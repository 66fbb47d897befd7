"""Settings: which database, and who is acting. From options, then environment, then defaults."""

from __future__ import annotations

import getpass
import os
from pathlib import Path
from urllib.parse import unquote, urlparse

from pydantic import BaseModel, Field, field_validator

DEFAULT_DB = "kinerja.db"


def _default_actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers
        return "unknown"


class Settings(BaseModel):
    """`db` is an SQLite file path (default `./kinerja.db`) or a `postgresql://` URL."""

    db: str = Field(default_factory=lambda: os.environ.get("KINERJA_DB") or DEFAULT_DB)
    actor: str = Field(default_factory=lambda: os.environ.get("KINERJA_ACTOR") or _default_actor())

    @field_validator("actor")
    @classmethod
    def _actor(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("actor must not be empty")
        return value.strip()

    @property
    def is_postgres(self) -> bool:
        return self.db.startswith(("postgresql://", "postgres://"))

    def eventsourcing_env(self) -> dict[str, str]:
        """The eventsourcing persistence settings for this database."""
        if self.is_postgres:
            url = urlparse(self.db)
            env = {
                "PERSISTENCE_MODULE": "eventsourcing.postgres",
                "POSTGRES_DBNAME": url.path.lstrip("/") or "kinerja",
                "POSTGRES_HOST": url.hostname or "127.0.0.1",
                "POSTGRES_PORT": str(url.port or 5432),
                "POSTGRES_USER": unquote(url.username or getpass.getuser()),
                "POSTGRES_PASSWORD": unquote(url.password or ""),
                "POSTGRES_POOL_SIZE": os.environ.get("KINERJA_POOL_SIZE", "5"),
                "POSTGRES_LOCK_TIMEOUT": "10",
                "POSTGRES_ENABLE_DB_FUNCTIONS": "n",
            }
            return env
        path = Path(self.db).expanduser()
        path.parent.mkdir(parents=True, exist_ok=True)
        return {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(path),
            "SQLITE_LOCK_TIMEOUT": os.environ.get("KINERJA_LOCK_TIMEOUT", "10"),
        }
