"""A command stored is never reported as failed (issue 12, item 3).

What follows the commit (the read models' catch-up, the confirmation) can still fail: a full
disk, a lost connection, a closed pipe. The command then exits with code 3 and one warning line,
"perintah tersimpan; tampilan belum diperbarui: ...", and the next command catches up. The event
count proves what was stored.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from cli import terminal
from kinerja_flow.application import KinerjaApp
from projections.runner import Runner
from projections.store import ViewStore
from tests.cli.test_write_commands import CODE, Kinerja, Run  # noqa: F401 - fixture
from tests.cli.test_write_commands import active as active
from tests.io.conftest import DEMO  # noqa: F401 - fixture
from tests.io.conftest import in_force as in_force

STORED = "Peringatan: perintah tersimpan; tampilan belum diperbarui: "
HINT = "Jalankan `kinerja projections status` untuk memeriksa; perintah berikutnya memperbaruinya."
LAMPIRAN_2 = str(DEMO / "realisasi-2020-lampiran2.csv")


@pytest.fixture
def kinerja(db_url: str) -> Kinerja:
    return Kinerja(db_url)


def _stored_not_shown(run: Run, reason: str) -> None:
    assert run.code == 3, (run.stdout, run.stderr)
    assert run.stderr == f"{STORED}{reason}. {HINT}\n"


def _lag(kinerja: Kinerja) -> set[int]:
    return {row["lag"] for row in json.loads(kinerja("projections", "status", "--json").stdout)}


def _catch_up_fails(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    def failing(self: Runner, *args: Any, **kwargs: Any) -> int:
        raise error

    monkeypatch.setattr(Runner, "catch_up", failing)


def test_a_realisation_stored_before_the_catch_up_failed_exits_3(
    active: Kinerja, monkeypatch: pytest.MonkeyPatch
) -> None:
    kinerja = active
    before = kinerja.events()
    _catch_up_fails(monkeypatch, RuntimeError("koneksi ke basis data terputus"))
    run = kinerja("realise", CODE, "S2.1", "3", "20")
    _stored_not_shown(run, "koneksi ke basis data terputus")
    assert run.stdout == "Realisasi S2.1 bulan 3/2020 dicatat: 20.\n"
    assert kinerja.events() == before + 1

    monkeypatch.undo()
    assert 0 not in _lag(kinerja)  # not caught up: the next command does it
    again = kinerja("realise", CODE, "S2.1", "3", "20")  # a retry is refused: it WAS stored
    assert again.code == 1 and "sudah ada" in again.stderr
    assert _lag(kinerja) == {0}


def test_an_interrupt_after_the_commit_is_reported_as_stored(
    active: Kinerja, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = active.events()
    _catch_up_fails(monkeypatch, KeyboardInterrupt())
    _stored_not_shown(active("close-quarter", CODE, "1", "--alasan", "evaluasi TW I"), "dihentikan")
    assert active.events() == before + 1


def test_an_interrupt_before_the_commit_is_130_and_stores_nothing(
    active: Kinerja, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt

    before = active.events()
    monkeypatch.setattr(KinerjaApp, "handle", interrupted)
    run = active("realise", CODE, "S2.1", "3", "20")
    assert (run.code, run.stdout, run.stderr) == (130, "", "Error: dihentikan.\n")
    assert active.events() == before


def test_a_confirmation_that_cannot_be_printed_is_reported_as_stored(
    active: Kinerja, monkeypatch: pytest.MonkeyPatch
) -> None:
    class ClosedPipe:
        def print(self, *args: Any, **kwargs: Any) -> None:
            raise BrokenPipeError(32, "Broken pipe")

    before = active.events()
    monkeypatch.setattr(terminal, "console", ClosedPipe)
    _stored_not_shown(active("realise", CODE, "S2.1", "3", "20"), "[Errno 32] Broken pipe")
    assert active.events() == before + 1


@pytest.mark.usefixtures("in_force")  # the demo PK and its PK Perubahan in force, on db_url
def test_an_import_stored_before_the_catch_up_failed_exits_3_and_is_not_imported_twice(
    kinerja: Kinerja, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = kinerja.events()
    _catch_up_fails(monkeypatch, RuntimeError("disk penuh"))
    run = kinerja("import", LAMPIRAN_2)
    _stored_not_shown(run, "disk penuh")
    assert "selesai: 68 realisasi" in run.stdout
    assert kinerja.events() == before + 69

    monkeypatch.undo()
    again = kinerja("import", LAMPIRAN_2)
    assert again.code == 1 and "sudah diimpor" in again.stderr
    assert kinerja.events() == before + 69


@pytest.mark.parametrize("backend", ["sqlite"])
@pytest.mark.usefixtures("in_force")
def test_a_full_disk_during_the_catch_up_is_reported_as_stored(
    kinerja: Kinerja, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real SQLITE_FULL: the read models' connection may not grow the file by one page."""
    opened = ViewStore.__init__

    def full_disk(self: ViewStore, *args: Any, **kwargs: Any) -> None:
        opened(self, *args, **kwargs)
        self.execute(f"PRAGMA max_page_count = {int(self.scalar('PRAGMA page_count'))}")

    before = kinerja.events()
    monkeypatch.setattr(ViewStore, "__init__", full_disk)
    _stored_not_shown(kinerja("import", LAMPIRAN_2),
                      "basis data tidak dapat dibuka: disk penuh")
    assert kinerja.events() > before
    monkeypatch.undo()
    assert "sudah diimpor" in kinerja("import", LAMPIRAN_2).stderr
    assert _lag(kinerja) == {0}
