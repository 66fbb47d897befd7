"""Shared fixtures: an engine on a fresh database with a fixed clock, and the demo documents."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from domain.document import AgreementDocument
from kinerja_flow.application import KinerjaApp
from kinerja_flow.documents import load_document
from kinerja_flow.settings import Settings

DEMO = Path(__file__).parents[1] / "kinerja_flow" / "demo"
TODAY = date(2026, 11, 22)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """A fresh database for one test (SQLite file; see the backend fixtures for PostgreSQL)."""
    return str(tmp_path / "kinerja.db")


@pytest.fixture
def app(db_url: str):
    application = KinerjaApp(Settings(db=db_url, actor="perencana"), clock=lambda: TODAY)
    yield application
    application.close()


@pytest.fixture
def pk_awal() -> AgreementDocument:
    return load_document(DEMO / "pk-2020-awal.yaml")


@pytest.fixture
def pk_perubahan() -> AgreementDocument:
    return load_document(DEMO / "pk-2020-perubahan.yaml")
