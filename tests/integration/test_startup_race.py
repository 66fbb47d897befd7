"""Processes that open one new SQLite file at the same moment all succeed (issue 12, item 11).

Switching a new file to WAL mode needs an exclusive lock, and SQLite may refuse it at once, without
waiting for the busy timeout, while another process opens the same file: eventsourcing's switch
failed with "database is locked" (one process in twenty, here). Each round starts six real
processes on a fresh file, released together after their imports: four open the engine and the
read models and create an agreement, two run `kinerja init`; every one must succeed, and the
file must be sound (a fix that closed a descriptor of the file would corrupt it: see
`projections.store.sqlite_file_problem`).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from kinerja_flow.settings import Settings
from kinerja_flow.storage import integrity_problems
from projections.store import _use_wal

ROOT = Path(__file__).parents[2]
AWAL = ROOT / "kinerja_flow" / "demo" / "pk-2020-awal.yaml"
ROUNDS, CREATES, INITS = 3, 4, 2

# Imports and the document first (they take different times), then wait for the common start
# (sleeping, then spinning: the processes leave the wait within a millisecond of each other),
# then open the engine and the read models, as every command does, and write, or run `init`.
STARTER = """
import sys, time
from datetime import date
import cli.errors, cli.main
from domain.commands import CreateAgreement
from kinerja_flow.bootstrap import bootstrap
from kinerja_flow.documents import load_document
from kinerja_flow.settings import Settings
start, db, what = float(sys.argv[1]), sys.argv[2], sys.argv[3]
document = load_document(what) if what != "init" else None
time.sleep(max(0.0, start - time.time() - 0.2))
while time.time() < start:
    pass
if document is None:
    sys.argv = ["kinerja", "--db", db, "init"]
    sys.exit(cli.errors.run_reporting_errors(cli.main.app))
system = bootstrap(Settings(db=db, actor="perencana"))
system.engine.handle(CreateAgreement(document=document, effective=date(2020, 1, 2)))
system.runner.catch_up()
system.close()
"""


def _documents(folder: Path) -> list[Path]:
    data = yaml.safe_load(AWAL.read_text(encoding="utf-8"))
    paths = []
    for n in range(CREATES):
        path = folder / f"pk-{n}.yaml"
        document = {**data, "kode": f"PK-BALAPAN-{n}",
                    "pihak_pertama": {**data["pihak_pertama"], "jabatan": f"Jabatan {n}"}}
        path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
        paths.append(path)
    return paths


@pytest.mark.slow
def test_processes_opening_a_new_file_together_all_succeed(tmp_path: Path) -> None:
    documents = _documents(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KINERJA_ACTOR": "perencana", "COLUMNS": "200"}
    for round_ in range(ROUNDS):
        db = tmp_path / f"balapan-{round_}" / "kinerja.db"
        start = time.time() + 4.0  # every process has finished its imports by then
        processes = [
            subprocess.Popen([sys.executable, "-c", STARTER, str(start), str(db), what],
                             cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for what in [*map(str, documents), *["init"] * INITS]
        ]
        outcomes = [(process.args[-1], *process.communicate(timeout=120), process.returncode)
                    for process in processes]
        failed = [(what, err[-500:]) for what, _, err, code in outcomes if code != 0 or err]
        assert not failed, f"round {round_}: {failed}"

        assert integrity_problems(Settings(db=str(db))) == []
        listed = subprocess.run([sys.executable, "-m", "cli.main", "--db", str(db), "list", "--json"],
                                cwd=ROOT, env=env, capture_output=True, text=True, check=True)
        assert sorted(row["code"] for row in json.loads(listed.stdout)) == \
            [f"PK-BALAPAN-{n}" for n in range(CREATES)]


class _LockedAtFirst:
    """A connection whose WAL switch SQLite refuses `times` times, at once, as in the race."""

    def __init__(self, times: int) -> None:
        self.times, self.tries = times, 0

    def execute(self, statement: str) -> _LockedAtFirst:
        assert statement == "PRAGMA journal_mode=WAL"
        self.tries += 1
        if self.tries <= self.times:
            raise sqlite3.OperationalError("database is locked")
        return self

    def fetchall(self) -> list[tuple[str]]:
        return [("wal",)]


def test_the_switch_to_wal_is_retried_until_the_lock_timeout() -> None:
    connection = _LockedAtFirst(times=3)
    _use_wal(connection, lock_timeout=5)  # type: ignore[arg-type]
    assert connection.tries == 4

    started = time.monotonic()
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        _use_wal(_LockedAtFirst(times=10**6), lock_timeout=0.3)  # type: ignore[arg-type]
    assert 0.3 <= time.monotonic() - started < 2
