"""The PostgreSQL ingest measurement runs against the test server and cleans up after itself."""

from __future__ import annotations

import psycopg
import pytest

from bench.postgres import measure_postgres_ingest
from tests.conftest import POSTGRES_ADMIN_URL, PostgresServer


@pytest.mark.postgres
def test_postgres_ingest_measures_both_paths(postgres_server: PostgresServer) -> None:
    figures = measure_postgres_ingest(POSTGRES_ADMIN_URL, agreements=2, runs=1)
    assert figures["events"] > 2 * 150
    assert figures["engine_events_per_s"] > 0 and figures["raw_events_per_s"] > 0
    with psycopg.connect(POSTGRES_ADMIN_URL) as admin:
        left = admin.execute("SELECT count(*) FROM pg_database WHERE datname LIKE 'kinerja_bench_%'")
        assert left.fetchone() == (0,)
