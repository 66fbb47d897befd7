"""Shared fixtures: an engine on a fresh database with a fixed clock, and the demo documents.

Every test that uses `db_url` (or `app`) runs twice: on an SQLite file and on a fresh PostgreSQL
database (created for the test, dropped afterwards). The server is `KINERJA_TEST_POSTGRES` (an
admin URL, default `postgresql://postgres@127.0.0.1:5432/postgres`). Outside CI an unreachable
server skips the PostgreSQL half with the reason; with CI=true it fails, and a session-end check
fails the run if any PostgreSQL test was skipped for whatever reason.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

import psycopg
import pytest
from psycopg import sql

from domain.document import AgreementDocument
from kinerja_flow.application import KinerjaApp
from kinerja_flow.bootstrap import System, bootstrap
from kinerja_flow.documents import load_document
from kinerja_flow.settings import Settings
from projections.runner import Runner

DEMO = Path(__file__).parents[1] / "kinerja_flow" / "demo"
TODAY = date(2026, 11, 22)

IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}
POSTGRES_ADMIN_URL = os.environ.get(
    "KINERJA_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres"
)
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]


class PostgresServer:
    """Hands out fresh, empty databases on the test server and drops them afterwards."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url
        self._admin = psycopg.connect(admin_url, autocommit=True, connect_timeout=3)
        self._names = (f"kinerja_t{os.getpid()}_{n}" for n in itertools.count(1))

    @contextmanager
    def fresh_database(self) -> Iterator[str]:
        name = next(self._names)
        self._admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield urlparse(self.admin_url)._replace(path=f"/{name}", query="").geturl()
        finally:
            self._admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    def close(self) -> None:
        self._admin.close()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    try:
        server = PostgresServer(POSTGRES_ADMIN_URL)
    except psycopg.OperationalError as error:
        reason = f"PostgreSQL unreachable at {POSTGRES_ADMIN_URL} ({str(error).strip()})"
        if IN_CI:
            pytest.fail(f"{reason}; CI=true requires it", pytrace=False)
        pytest.skip(f"{reason}; set KINERJA_TEST_POSTGRES to run the PostgreSQL tests")
    yield server
    server.close()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The storage backend of this test run: "sqlite" or "postgresql"."""
    return request.param


@pytest.fixture
def db_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh database for one test: an SQLite file, or a new PostgreSQL database."""
    if backend == "sqlite":
        yield str(tmp_path / "kinerja.db")
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    with server.fresh_database() as url:
        yield url


@pytest.fixture
def system(db_url: str) -> Iterator[System]:
    """The whole system on the test's database, built by the composition root as the CLI builds
    it, with a fixed clock."""
    built = bootstrap(Settings(db=db_url, actor="perencana"), clock=lambda: TODAY)
    yield built
    built.close()


@pytest.fixture
def app(system: System) -> KinerjaApp:
    return system.engine


@pytest.fixture
def runner(system: System) -> Runner:
    return system.runner


@pytest.fixture
def pk_awal() -> AgreementDocument:
    return load_document(DEMO / "pk-2020-awal.yaml")


@pytest.fixture
def pk_perubahan() -> AgreementDocument:
    return load_document(DEMO / "pk-2020-perubahan.yaml")


# ----------------------------------------------------------------- CI: no silently skipped backend

_skipped_postgres: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and "postgres" in report.keywords and not hasattr(report, "wasxfail"):
        _skipped_postgres.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if IN_CI and _skipped_postgres and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus: int) -> None:  # noqa: ANN001
    if IN_CI and _skipped_postgres:
        terminalreporter.write_line(
            f"FAILED: {len(_skipped_postgres)} PostgreSQL test(s) skipped with CI=true "
            f"(first: {_skipped_postgres[0]}); the PostgreSQL backend is required in CI.",
            red=True,
        )
