"""CLI start-up: `kinerja --help` and `kinerja show CODE --json` against importing typer and rich."""

from __future__ import annotations

import sys
from pathlib import Path

from bench.timing import wall_seconds

_CLI = [sys.executable, "-m", "cli.main"]


def measure_startup(db: Path, code: str, runs: int) -> dict[str, float]:
    """Median wall seconds of each command, and each CLI command's ratio to the import baseline."""
    baseline = wall_seconds([sys.executable, "-c", "import typer, rich"], runs)
    help_seconds = wall_seconds([*_CLI, "--help"], runs)
    show_seconds = wall_seconds([*_CLI, "--db", str(db), "show", code, "--json"], runs)
    return {
        "import_seconds": baseline,
        "help_seconds": help_seconds,
        "show_seconds": show_seconds,
        "help_ratio": help_seconds / baseline,
        "show_ratio": show_seconds / baseline,
    }
