"""Administration: `kinerja init` creates or upgrades a database's schema; `--periksa` first
checks that the file is sound (SQLite's integrity check).

Start-up time: the engine's modules are imported inside the command.
"""

from typing import TYPE_CHECKING, Annotated

import typer

from cli import terminal
from cli.text_arguments import KinerjaCommand

if TYPE_CHECKING:
    from cli.session import Session


def init(ctx: typer.Context, periksa: Annotated[bool, typer.Option(
        "--periksa", "--check",
        help="First check the whole SQLite file (PRAGMA integrity_check); a damaged database is "
             "reported and left untouched.")] = False) -> None:
    """Create or upgrade the database schema (event store and read models); safe to re-run."""
    from kinerja_flow.initialise import initialise
    from kinerja_flow.storage import existing_tables

    console = terminal.console()
    session: Session = ctx.obj
    if periksa:
        _check(session)
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


def _check(session: "Session") -> None:
    """Refuse a damaged database (exit 1) before `init` writes anything into it."""
    from domain.errors import DomainError
    from kinerja_flow.storage import integrity_problems

    settings = session.settings
    if settings.is_postgres:
        terminal.console().print("Pemeriksaan integritas: hanya untuk berkas SQLite; "
                                 "PostgreSQL menjaga berkasnya sendiri.")
        return
    problems = integrity_problems(settings)
    if problems:
        more = " (dan masalah lain)" if len(problems) > 1 else ""
        raise DomainError(f"basis data rusak: {settings.display_db}: {problems[0]}{more}; "
                          "pulihkan dari cadangan terakhir (lihat README, bagian Operasi).")
    terminal.console().print(f"Pemeriksaan integritas {settings.display_db}: baik.")


def register(app: typer.Typer) -> None:
    """Add the administration commands to `app`."""
    app.command("init", cls=KinerjaCommand)(init)
