"""Ingest on PostgreSQL: the engine's path (`bench.ingest`) against psycopg `executemany` of the same rows.

Each run gets a fresh database on the server of `--postgres URL` (created and dropped here). The
baseline inserts the rows the engine stored into an empty table of the engine's schema (uuid,
bigint, text, bytea, bigserial notification id, the same primary key and unique index) with one
`executemany` in one transaction.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import count
from typing import Any
from urllib.parse import urlparse

import psycopg
from psycopg import sql

from bench.database import open_app
from bench.generator import agreement_years
from bench.ingest import ingest
from bench.lifecycle import Clock, acts

_EVENTS_DDL = (
    "CREATE TABLE raw_events (originator_id uuid NOT NULL, originator_version bigint NOT NULL, "
    "topic text, state bytea, notification_id bigserial, "
    "PRIMARY KEY (originator_id, originator_version))",
    "CREATE UNIQUE INDEX raw_events_notification_id_idx ON raw_events (notification_id)",
)
_names = (f"kinerja_bench_{n}" for n in count(1))


@contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    """A new, empty database on the server of `server_url`; dropped afterwards."""
    name = next(_names)
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield urlparse(server_url)._replace(path=f"/{name}", query="").geturl()
        finally:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _raw_insert(url: str, rows: list[tuple[Any, ...]]) -> None:
    with psycopg.connect(url) as connection:
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO raw_events (originator_id, originator_version, topic, state) "
                "VALUES (%s, %s, %s, %s)", rows,
            )


def measure_postgres_ingest(server_url: str, agreements: int, runs: int) -> dict[str, float]:
    """Median events/s of the engine path and of the raw baseline on PostgreSQL, and their ratio."""
    plan = list(acts(list(agreement_years(0, agreements))))
    engine_times: list[float] = []
    raw_times: list[float] = []
    rows: list[tuple[Any, ...]] = []
    for _ in range(runs):
        with fresh_database(server_url) as url:
            clock = Clock()
            app = open_app(url, clock)
            try:
                began = time.perf_counter()
                ingest(app, clock, plan)
                engine_times.append(time.perf_counter() - began)
            finally:
                app.close()
            with psycopg.connect(url) as connection:
                rows = connection.execute(
                    "SELECT originator_id, originator_version, topic, state FROM kinerja_events "
                    "ORDER BY notification_id"
                ).fetchall()
                for statement in _EVENTS_DDL:
                    connection.execute(statement)
            began = time.perf_counter()
            _raw_insert(url, rows)
            raw_times.append(time.perf_counter() - began)
    events = len(rows)
    engine_rate = events / statistics.median(engine_times)
    raw_rate = events / statistics.median(raw_times)
    return {
        "agreements": agreements,
        "events": events,
        "engine_events_per_s": engine_rate,
        "raw_events_per_s": raw_rate,
        "ratio": engine_rate / raw_rate,
    }
