"""The standing property of issue 12: malformed input never gets past `kinerja` as anything but
a clean refusal.

Generated cases (tests/cli/malformed.py: a valid input with one thing broken) run one command
each through the real CLI (`cli.main.main()`, in-process) on a database holding three sound
agreements. For every case:

- the exit code is 1 (refused) or 2 (usage error), nothing on stdout;
- stderr is one line, `Error: ...`, and never a traceback. The one exception is a refusal that
  lists problems, which the README documents: an invalid document ("dokumen tidak valid (N
  kesalahan)") and an import ("impor dibatalkan, tidak ada yang dicatat (N kesalahan):"). Its
  first line is that one-line summary and every further line is an indented detail;
- it finished within `BOUND` seconds (a hang is stopped by an alarm, and fails the case);
- the stored event count is unchanged;
- the sound agreements still read: `list --json` lists them with nothing on stderr, and
  `show CODE --json` answers for each.

Sample sizes: KINERJA_PROPERTY_PROFILE=ci (the default, what CI runs) or =full (the documented
slow run, README "For engineers"); `test_the_property_ran_its_cases` counts the cases run. The
suite runs on SQLite only: the CLI does not know the backend, and the engine's refusals and
storage are tested on both backends in tests/app and tests/io.
"""

from __future__ import annotations

import functools
import itertools
import json
import os
import signal
import sqlite3
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
import typer.main
from hypothesis import HealthCheck, given, settings

from tests.cli import malformed
from tests.cli.malformed import FILE, SOUND, Case
from tests.cli.test_write_commands import Kinerja, Run

BOUND = 10.0  # seconds a refusal may take
PROFILES = {  # cases per test
    "ci": {"documents": 300, "csv": 200, "xlsx": 150, "commands": 350},
    "full": {"documents": 1500, "csv": 1000, "xlsx": 750, "commands": 1750},
}
PROFILE = os.environ.get("KINERJA_PROPERTY_PROFILE", "ci")
if PROFILE not in PROFILES:
    raise pytest.UsageError(f"KINERJA_PROPERTY_PROFILE={PROFILE!r}: choose one of {', '.join(PROFILES)}")
EXAMPLES = PROFILES[PROFILE]
LISTING_TITLES = ("dokumen tidak valid (", "impor dibatalkan, tidak ada yang dicatat (")

CASES: Counter[str] = Counter()  # cases run, per test


def examples(test: str) -> settings:
    return settings(max_examples=EXAMPLES[test], deadline=None, print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow])


class TookTooLong(BaseException):
    """Raised by the alarm into a command that runs past the bound (not an `Exception`, which
    the CLI would report)."""


@contextmanager
def bounded(seconds: float) -> Iterator[None]:
    def expire(signum: int, frame: object) -> None:
        raise TookTooLong(f"more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class Sound:
    """The database of sound agreements, its event count, and a folder for the cases' files."""

    def __init__(self, folder: Path, copy_of: Sound | None = None) -> None:
        self.folder = folder
        self.kinerja = Kinerja(str(folder / "kinerja.db"))
        if copy_of is None:
            malformed.build_sound_database(self.kinerja.db)
            self.still_reads()  # brings the read models up to date once
        else:
            _copy(copy_of.kinerja.db, self.kinerja.db)
        self.pristine = str(folder / "pristine.db")
        _copy(self.kinerja.db, self.pristine)
        self.events = self.kinerja.events()
        self._names = itertools.count()

    def restore(self) -> None:
        """The database as it was: after a case that stored something, so that the next cases
        (and hypothesis replaying this one) start from the sound state again."""
        _copy(self.pristine, self.kinerja.db)

    def run(self, case: Case) -> Run:
        """Run the case's command (its file written first, and removed afterwards)."""
        args, path = case.args, None
        if case.content is not None:
            path = self.folder / f"kasus-{next(self._names)}{case.suffix}"
            path.write_bytes(case.content)
            args = tuple(str(path) if arg == FILE else arg for arg in args)
        started = time.perf_counter()
        try:
            with bounded(BOUND):
                run = self.kinerja(*args)
        finally:
            if path is not None:
                path.unlink()
        elapsed = time.perf_counter() - started
        assert elapsed < BOUND, f"{case.what}: {elapsed:.1f} s"
        return run

    def still_reads(self) -> None:
        listed = self.kinerja("list", "--json")
        assert listed.code == 0 and listed.stderr == "", listed
        assert set(SOUND) <= {row["code"] for row in json.loads(listed.stdout)}
        for code in SOUND:
            shown = self.kinerja("show", code, "--json")
            assert shown.code == 0 and shown.stderr == "", shown
            assert json.loads(shown.stdout)["code"] == code


def _copy(source: str, target: str) -> None:
    with closing(sqlite3.connect(source)) as origin, closing(sqlite3.connect(target)) as copy:
        origin.backup(copy)


@pytest.fixture(scope="module")
def sound(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sound]:
    """The sound database, shared by every case of the module (each case leaves it as it was:
    that is asserted). typer builds the click command tree from the functions' signatures at
    every run (~10 ms, a process's start-up); here it is built once and reused."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(typer.main, "get_command", functools.cache(typer.main.get_command))
        yield Sound(tmp_path_factory.mktemp("malformed"))


def assert_refused_cleanly(sound: Sound, case: Case, test: str) -> None:
    CASES[test] += 1
    try:
        run = sound.run(case)
    finally:
        stored = sound.kinerja.events() - sound.events
        if stored:
            sound.restore()
    where = f"{case.what}\n  argv: {case.args!r}\n  exit {run.code}\n  stderr: {run.stderr[:2000]!r}"
    assert stored == 0, f"{where}\n  {stored} events stored"
    assert run.code in (1, 2), where
    assert "Traceback" not in run.stderr and run.stdout == "", where
    assert run.stderr.startswith("Error: ") and run.stderr.endswith("\n"), where
    first, *details = run.stderr[:-1].split("\n")
    if details:  # only a refusal that lists its problems has more lines
        assert run.code == 1 and any(title in first for title in LISTING_TITLES), where
        assert all(line.startswith("  ") and line.strip() for line in details), where
    sound.still_reads()


@examples("documents")
@given(case=malformed.document_cases())
def test_a_malformed_document_is_refused_cleanly_by_every_command_that_reads_one(sound: Sound, case: Case) -> None:
    assert_refused_cleanly(sound, case, "documents")


@examples("csv")
@given(case=malformed.csv_cases())
def test_a_malformed_realisation_csv_is_refused_cleanly(sound: Sound, case: Case) -> None:
    assert_refused_cleanly(sound, case, "csv")


@examples("xlsx")
@given(case=malformed.xlsx_cases())
def test_a_malformed_realisation_workbook_is_refused_cleanly(sound: Sound, case: Case) -> None:
    assert_refused_cleanly(sound, case, "xlsx")


@examples("commands")
@given(case=malformed.command_cases())
def test_a_malformed_command_line_value_is_refused_cleanly(sound: Sound, case: Case) -> None:
    assert_refused_cleanly(sound, case, "commands")


@pytest.mark.parametrize("case", malformed.valid_cases(), ids=lambda case: case.what)
def test_the_unbroken_inputs_are_accepted(sound: Sound, tmp_path: Path, case: Case) -> None:
    """Each input the strategies break is accepted as it is (on a copy of the database), so
    every refusal above is the doing of the one thing broken."""
    fresh = Sound(tmp_path, copy_of=sound)
    run = fresh.run(case)
    assert run.code == 0, (case.what, run.stderr)
    assert fresh.kinerja.events() > fresh.events
    fresh.still_reads()


def test_the_property_ran_its_cases(capsys: pytest.CaptureFixture[str]) -> None:
    """The module's cases, counted as they ran: at least the profile's (1.000 in CI, 5.000 in
    the full run)."""
    if set(CASES) != set(EXAMPLES):
        pytest.skip("the property tests of this module did not all run in this session")
    total = sum(CASES.values())
    with capsys.disabled():
        print(f"\nmalformed input, profile {PROFILE}: {total} cases "
              f"({', '.join(f'{name} {count}' for name, count in sorted(CASES.items()))})")
    assert total >= sum(EXAMPLES.values()), CASES
