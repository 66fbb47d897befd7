"""`kinerja --help`: every command with its whole summary; start-up loads no heavy libraries."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from cli.help import summary
from cli.main import app

ROOT = Path(__file__).resolve().parents[2]


def _groups() -> list[tuple[list[str], typer.core.TyperGroup]]:
    """The root group and its sub-groups (projections, export), with the arguments reaching them."""
    root = typer.main.get_command(app)
    found = [([], root)]
    for name, command in root.commands.items():
        if isinstance(command, typer.core.TyperGroup):
            found.append(([name], command))
    return found


@pytest.mark.parametrize("path, group", _groups(), ids=lambda v: " ".join(v) if isinstance(v, list) else "")
def test_help_lists_every_command_with_its_whole_summary(path: list[str], group: typer.core.TyperGroup) -> None:
    result = CliRunner().invoke(app, [*path, "--help"], terminal_width=80)
    assert result.exit_code == 0, result.output
    listing = " ".join(result.output.partition("Commands:")[2].split())
    assert "..." not in listing
    for name, command in group.commands.items():
        text = summary(command.help or "")
        assert text, f"{name} has no help"
        assert f"{name} {text}" in listing, name


def test_help_and_show_load_neither_pydantic_nor_markdown() -> None:
    probe = (
        "import sys, runpy\n"
        "sys.argv = ['kinerja', *sys.argv[1:]]\n"
        "try:\n"
        "    runpy.run_module('cli.main', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('pydantic', 'markdown_it', 'rich.markdown', 'rich.console', 'eventsourcing', 'openpyxl')\n"
        "print(__import__('json').dumps([m for m in heavy if m in sys.modules]), file=sys.stderr)\n"
    )
    for args in (["--help"], ["show", "--help"]):
        run = subprocess.run([sys.executable, "-c", probe, *args], cwd=ROOT, capture_output=True,
                             text=True, check=False)
        assert json.loads(run.stderr.strip().splitlines()[-1]) == [], (args, run.stderr)
