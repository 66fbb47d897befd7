"""Entry point of `kinerja`: global options, error reporting, and the command modules.

Every command module exposes `register(app)`. Errors that users can act on (`DomainError` and
friends) are printed as one line on stderr with exit code 1 and no traceback.

Start-up time (`kinerja --help`, `kinerja show CODE --json`): the command modules import only
typer, the standard library and light modules at the top, and load the engine, pydantic, rich's
renderers, openpyxl... inside the commands that need them. They do not use `from __future__ import
annotations`: typer would evaluate every string annotation of ~35 commands at each start (~20 ms).
"""

import sys
from typing import Annotated, Optional

import typer

from cli import admin_commands, demo_command, io_commands, read_commands, write_commands
from cli.help import KinerjaGroup

app = typer.Typer(
    name="kinerja",
    help=(
        "kinerja-flow: the life of a performance agreement (Perjanjian Kinerja, PK), "
        "event-sourced. Every change is kept with who, when and why."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: see `cli.help`
    cls=KinerjaGroup,
    context_settings={"max_content_width": 120},  # wide terminals: one line per command
)

# Commands that only read the database: they refuse one that does not exist (see `cli.session`).
READ_COMMANDS = frozenset({"list", "show", "history", "audit", "summary", "measure", "tree",
                           "export", "projections"})


@app.callback()
def _global_options(
    ctx: typer.Context,
    db: Annotated[
        Optional[str],
        typer.Option(
            "--db",
            envvar="KINERJA_DB",
            metavar="FILE|URL",
            help="Database: an SQLite file path (default ./kinerja.db) or a postgresql:// URL.",
            show_default=False,
        ),
    ] = None,
    actor: Annotated[
        Optional[str],
        typer.Option(
            "--as",
            envvar="KINERJA_ACTOR",
            metavar="NAME",
            help="Who is acting (pelaku), recorded on every event. Default: your login name.",
            show_default=False,
        ),
    ] = None,
) -> None:
    from cli.session import Session

    if actor is not None and not actor.strip():
        raise typer.BadParameter("nama pelaku tidak boleh kosong.", ctx=ctx, param_hint="'--as'")
    ctx.obj = Session(db=db, actor=actor, reads_only=ctx.invoked_subcommand in READ_COMMANDS)
    ctx.call_on_close(ctx.obj.close)


for module in (write_commands, read_commands, io_commands, admin_commands, demo_command):
    module.register(app)


def main() -> None:
    """Console script: run the app, turning user-facing errors into one line on stderr."""
    from cli.errors import run_reporting_errors

    sys.exit(run_reporting_errors(app))


if __name__ == "__main__":  # pragma: no cover
    main()
