"""CLI start-up: `kinerja --help` and `kinerja show CODE --json` against importing typer and rich.

The three commands are timed in interleaved rounds (baseline, help, show, baseline, ...), so a
change of the machine's load during the measurement moves all three alike. The project's modules
are byte-compiled first, as `pip install` does for an installed package (the baseline's typer
and rich are compiled in site-packages): an environment with PYTHONDONTWRITEBYTECODE would
otherwise recompile the project at every start and measure the compiler.
"""

from __future__ import annotations

import compileall
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.timing import ROOT, child_env

_CLI = [sys.executable, "-m", "cli.main"]
PACKAGES = ("cli", "domain", "kinerja_flow", "projections")


def compile_project() -> None:
    """Write the project's .pyc files (what `pip install` does), quietly."""
    for package in PACKAGES:
        compileall.compile_dir(str(ROOT / package), quiet=1)


def measure_startup(db: Path, code: str, runs: int) -> dict[str, float]:
    """Median wall seconds of each command, and each CLI command's ratio to the import baseline."""
    compile_project()
    commands = {
        "import": [sys.executable, "-c", "import typer, rich"],
        "help": [*_CLI, "--help"],
        "show": [*_CLI, "--db", str(db), "show", code, "--json"],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    env = child_env()
    for _ in range(runs * 3):  # start-up times are short: more rounds, same cost
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
            times[name].append(time.perf_counter() - start)
    baseline, help_seconds, show_seconds = (statistics.median(times[n]) for n in commands)
    return {
        "import_seconds": baseline,
        "help_seconds": help_seconds,
        "show_seconds": show_seconds,
        "help_ratio": help_seconds / baseline,
        "show_ratio": show_seconds / baseline,
    }
