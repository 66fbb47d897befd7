"""No control sequence and no bidi override from stored data or from the user reaches the terminal;
no rich markup in them is obeyed. They are shown as visible escapes (`\\x1b`, `\\u202e`)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console

from cli import tables, terminal
from domain import commands as c
from kinerja_flow.application import KinerjaApp
from kinerja_flow.documents import load_document
from kinerja_flow.settings import Settings
from projections.agreements import ListedAgreement
from projections.tree import ParentIndicator, Tree, TreeIndicator, TreeNode
from tests.cli.test_write_commands import AWAL, CODE, Kinerja

# an OSC-8 hyperlink around "x", then "clear the screen"; a right-to-left override
EVIL = "\x1b]8;;http://evil\x1b\\x\x1b]8;;\x1b\\\x1b[2J\u202eevil"
SHOWN = "\\x1b]8;;http://evil\\x1b\\x\\x1b]8;;\\x1b\\\\x1b[2J\\u202eevil"
FORBIDDEN = ("\x1b", "\x07", "\x9b", "\u202e", "\r")


def assert_inert(*outputs: str) -> None:
    for text in outputs:
        for character in FORBIDDEN:
            assert character not in text, (character, text)


@pytest.fixture
def kinerja(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Kinerja:
    monkeypatch.setattr(terminal.console(), "width", 400)  # no cell is wrapped
    return Kinerja(str(tmp_path / "kinerja.db"))


def stored_as(db: str, actor: str) -> KinerjaApp:
    """An engine acting as `actor`, unchecked: data stored before names were checked on input."""
    settings = Settings(db=db, actor="perencana")
    object.__setattr__(settings, "actor", actor)  # past the settings' own check
    return KinerjaApp(settings)


def test_an_actor_with_escape_sequences_is_shown_inert_by_audit(kinerja: Kinerja) -> None:
    app = stored_as(kinerja.db, EVIL)
    try:
        app.handle(c.CreateAgreement(document=load_document(AWAL), effective=date(2020, 1, 2)))
    finally:
        app.close()

    run = kinerja("audit")
    assert run.code == 0, run.stderr
    assert_inert(run.stdout, run.stderr)
    assert SHOWN in run.stdout


def test_the_actor_option_never_reaches_the_terminal_raw(kinerja: Kinerja) -> None:
    """`--as` is free text: accepted or refused, nothing of it is printed raw."""
    run = kinerja("create", AWAL, "--tanggal", "2020-01-02", actor=EVIL)
    assert_inert(run.stdout, run.stderr)
    run = kinerja("audit")
    assert_inert(run.stdout, run.stderr)


def test_a_confirmation_quoting_stored_names_is_inert(kinerja: Kinerja) -> None:
    """`sign` confirms with the signer's stored name (printed by the write commands' own helper)."""
    document = load_document(AWAL)
    party = document.pihak_pertama.model_copy(update={"nama": f"Kepala {EVIL}"})
    app = stored_as(kinerja.db, "perencana")
    try:
        app.handle(c.CreateAgreement(document=document.model_copy(update={"pihak_pertama": party}), effective=date(2020, 1, 2)))
    finally:
        app.close()

    run = kinerja("sign", CODE, "--pihak", "pertama", "--tanggal", "2020-01-02")
    assert run.code == 0, run.stderr
    assert_inert(run.stdout, run.stderr)
    assert "Kepala \\x1b]8;;http://evil" in run.stdout


def test_an_error_line_quoting_user_input_is_inert_and_obeys_no_markup(kinerja: Kinerja) -> None:
    code = f"X{EVIL}[link=http://evil]klik[/link][bold]"
    assert kinerja("init").code == 0  # a database to look the code up in
    run = kinerja("show", code)
    assert run.code == 1 and run.stdout == ""
    assert run.stderr.startswith("Error: ") and run.stderr.count("\n") == 1
    assert_inert(run.stderr)
    assert "[link=http://evil]klik[/link][bold]" in run.stderr and "\\u202eevil" in run.stderr


def _data_with(text: str) -> tuple[list[ListedAgreement], Tree]:
    agreements = [ListedAgreement(f"PK{text}", 2020, text, text, text, "ACTIVE", text, None, None, 1)]
    node = TreeNode(f"PK{text}", text, text, text, "eselon-2", "ACTIVE", None, None, False, [
        TreeIndicator(f"S1{text}", text, "80-90", ParentIndicator(text, text, None), None, False)])
    return agreements, Tree(2020, text, [node])


def test_tables_and_tree_labels_escape_what_they_print() -> None:
    """The renderers themselves make text safe, on any rich console (markup and control characters)."""
    buffer = io.StringIO()
    plain = Console(file=buffer, width=300, color_system=None, highlight=False)
    agreements, tree = _data_with(f"{EVIL}[link=http://evil]a[/link]")
    tables.print_agreements(plain, agreements)
    tables.print_tree(plain, tree)
    printed = buffer.getvalue()
    assert_inert(printed)
    assert "\\x1b[2J" in printed and "[link=http://evil]a[/link]" in printed


def test_the_consoles_make_control_characters_visible_in_anything_they_print(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A safety net for text that a caller only escaped as markup."""
    from rich.markup import escape

    buffer = io.StringIO()
    console = terminal._console_class()(file=buffer, width=300, color_system=None, highlight=False)
    console.print(escape(f"PK {EVIL} dibatalkan."))
    console.print(f"[bold]{escape(EVIL)}[/]")
    assert_inert(buffer.getvalue())
    assert buffer.getvalue().count("\\x1b[2J") == 2


def test_safe_keeps_layout_and_text() -> None:
    assert terminal.safe("Baris 1\n\tBaris 2 — ≥ 91%") == "Baris 1\n\tBaris 2 — ≥ 91%"
    assert terminal.safe("a\rb\x00c\x7fd\u2066e") == "a\\x0db\\x00c\\x7fd\\u2066e"
    assert terminal.safe("[bold]x") == "\\[bold]x"
