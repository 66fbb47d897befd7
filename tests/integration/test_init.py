"""`kinerja init` creates the event store and read-model tables once, then finds them there."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from cli.main import app as cli
from kinerja_flow.settings import Settings
from kinerja_flow.storage import existing_tables


def _init(db: str) -> str:
    result = CliRunner().invoke(cli, ["--db", db, "init"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_init_creates_then_is_idempotent(db_url: str) -> None:
    first = _init(db_url)
    tables = existing_tables(Settings(db=db_url))
    assert {"kf_projections", "kf_audit"} <= tables
    assert any(name.endswith("events") for name in tables)
    assert f"{len(tables)} tabel dibuat, 0 sudah ada" in first

    second = _init(db_url)
    assert f"0 tabel dibuat, {len(tables)} sudah ada" in second
    assert existing_tables(Settings(db=db_url)) == tables


@pytest.mark.postgres
def test_init_into_a_postgres_schema(postgres_server) -> None:  # noqa: ANN001
    with postgres_server.fresh_database() as url:
        _init(f"{url}?schema=kinerja")
        assert "kf_audit" in existing_tables(Settings(db=f"{url}?schema=kinerja"))
        assert "kf_audit" not in existing_tables(Settings(db=url))
