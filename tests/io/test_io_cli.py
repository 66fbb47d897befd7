"""`kinerja import` and `kinerja export` from the command line."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from cli.main import app as cli
from kinerja_flow.application import KinerjaApp
from tests.io.conftest import CODE, DEMO


def test_import_dry_run_then_import_then_refuse_then_export(in_force: KinerjaApp, db_url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    example = str(DEMO / "realisasi-2020-lampiran2.csv")
    base = ["--db", db_url, "--as", "perencana"]

    dry = runner.invoke(cli, [*base, "import", example, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "68 realisasi (8 indikator, 60 anggaran)" in dry.output and "Tidak ada yang disimpan" in dry.output

    done = runner.invoke(cli, [*base, "import", example])
    assert done.exit_code == 0, done.output
    assert "69 peristiwa" in done.output

    again = runner.invoke(cli, [*base, "import", example], standalone_mode=False)
    assert again.exception is not None and "sudah diimpor" in str(again.exception)

    wrong = runner.invoke(cli, [*base, "import", example, "--tanggal", "2020-01-01"])
    assert wrong.exit_code == 2 and "hanya untuk impor dokumen" in wrong.output

    output = tmp_path / "tw.xlsx"
    exported = runner.invoke(cli, [*base, "export", "quarterly", "--pk", CODE, "-o", str(output)])
    assert exported.exit_code == 0, exported.output
    assert output.stat().st_size > 0 and "XLSX" in exported.output
