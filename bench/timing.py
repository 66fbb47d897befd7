"""Timing and memory helpers: medians of repeated runs, peak RSS, child processes."""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.database import LOCK_TIMEOUT

ROOT = Path(__file__).resolve().parents[1]


def median_seconds(action: Callable[[], Any], runs: int, setup: Callable[[], Any] | None = None) -> float:
    """Median wall time of `action` over `runs` runs; `setup` runs untimed before each."""
    times = []
    for _ in range(runs):
        if setup is not None:
            setup()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_rss_mb() -> float:
    """This process's peak resident set size so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_env() -> dict[str, str]:
    """The environment for child processes: the repository on PYTHONPATH, and the benchmark's
    lock timeout (`bench.database.LOCK_TIMEOUT`) for what they open themselves."""
    env = dict(os.environ)
    env["KINERJA_LOCK_TIMEOUT"] = str(LOCK_TIMEOUT)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def start_phase(*args: str) -> subprocess.Popen[str]:
    """Start `python -m bench.phases ARGS` in a fresh process (see `finish_phase`).

    Phases whose memory is measured run alone in a child, so its peak RSS is theirs alone.
    """
    return subprocess.Popen(
        [sys.executable, "-m", "bench.phases", *args], cwd=ROOT, env=child_env(),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def finish_phase(child: subprocess.Popen[str]) -> dict[str, Any]:
    """Wait for a phase started by `start_phase`; its last stdout line is JSON."""
    stdout, stderr = child.communicate()
    if child.returncode != 0:
        raise RuntimeError(f"phase {child.args[3]} failed:\n{stderr[-4000:]}")
    return json.loads(stdout.strip().splitlines()[-1])


def run_phase(*args: str) -> dict[str, Any]:
    """Run `python -m bench.phases ARGS` in a fresh process and return its figures."""
    return finish_phase(start_phase(*args))
