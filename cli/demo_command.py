"""`kinerja demo`: replay Dinas Sosial Kabupaten Buleleng's 2020 year, then show its tables.

Start-up time: the engine, the demo year, the tables and rich's progress bar are imported inside
the command.
"""

from typing import TYPE_CHECKING

import typer

from cli import terminal
from cli.text_arguments import KinerjaCommand

if TYPE_CHECKING:
    from cli.session import Session


def demo(ctx: typer.Context) -> None:
    """Run the demo (contoh): the Buleleng 2020 PK, its PK Perubahan, realisasi and reviu.

    Replays the year from the LKjIP 2020 documents into the database (--db, default
    ./kinerja.db), then prints the version history (PK awal vs PK Perubahan), the Capaian
    Rencana Aksi table (Lampiran 2), capaian and predikat per indikator, and the audit trail.
    Running it again on the same database only prints the tables.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
    from rich.rule import Rule

    from cli import tables
    from kinerja_flow.demo_year import CODE, demo_steps, run_demo
    from projections import audit, measurement, quarterly, target_history

    console = terminal.console()
    session: Session = ctx.obj
    settings = session.settings

    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("Memutar ulang tahun 2020", total=len(demo_steps()))
        replayed = run_demo(session.app, on_step=lambda step: progress.advance(task))
    if replayed:
        console.print(f"Demo dimuat ke [bold]{settings.db}[/]: PK {CODE}.")
    else:
        console.print(f"PK {CODE} sudah ada di [bold]{settings.db}[/]; menampilkan hasilnya.")

    store = session.views()
    sections = (
        ("Riwayat versi: PK awal vs PK Perubahan", tables.print_history,
         target_history.history(store, CODE)),
        ("Capaian Rencana Aksi s/d Triwulan IV (Lampiran 2)", tables.print_quarterly,
         quarterly.quarterly(store, CODE)),
        ("Pengukuran kinerja tahun 2020 (capaian dan predikat)", tables.print_measurement,
         measurement.measurement(store, 2020, "Dinas Sosial Kabupaten Buleleng")),
        ("Jejak audit", tables.print_audit, audit.audit(store, CODE)),
    )
    for title, render, data in sections:
        console.print(Rule(title))
        render(console, data)


def register(app: typer.Typer) -> None:
    app.command("demo", cls=KinerjaCommand)(demo)
