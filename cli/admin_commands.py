"""Administration: `kinerja init` creates or upgrades a database's schema.

Start-up time: the engine's modules are imported inside the command.
"""

from typing import TYPE_CHECKING

import typer

from cli import terminal

if TYPE_CHECKING:
    from cli.session import Session


def init(ctx: typer.Context) -> None:
    """Create or upgrade the database schema (event store and read models); safe to re-run."""
    from kinerja_flow.initialise import initialise
    from kinerja_flow.storage import existing_tables

    console = terminal.console()
    session: Session = ctx.obj
    before = existing_tables(session.settings)
    report = initialise(session.system, before)
    session.catch_up()  # nothing left to do; marks the session fresh
    console.print(f"Basis data: {report.database}")
    for table in report.created:
        console.print(f"  dibuat        {table}")
    for table in report.kept:
        console.print(f"  sudah ada     {table}")
    for name in report.rebuilt:
        console.print(f"  read model    {name}: dibangun")
    console.print(f"Selesai: {len(report.created)} tabel dibuat, {len(report.kept)} sudah ada; "
                  f"{report.events_projected} event diproyeksikan.")


def register(app: typer.Typer) -> None:
    """Add the administration commands to `app`."""
    app.command("init")(init)
