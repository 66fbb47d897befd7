"""`kinerja import` and `kinerja export`: bulk data in and out (impor / ekspor).

Import takes agreement documents (a YAML/JSON file or a folder of them) or realisations (CSV or
Excel, long layout or the wide Lampiran 2 layout). It is one transaction per run: everything is
recorded or nothing, every fact remembers its file, sheet and row, and a file already imported
is refused. Export writes the read models as CSV, Excel or JSON (`kinerja_flow.export`): never
onto the database, a symbolic link or an existing file without --force/--timpa, and atomically.

Start-up time: the importers and exporters (openpyxl, yaml, the engine) and rich's markup, tables
and progress bars are imported inside the functions that use them.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from cli import terminal
from cli.help import KinerjaGroup
from cli.options import DateOption, OptionalReasonOption
from cli.text_arguments import KinerjaCommand

if TYPE_CHECKING:
    from rich.table import Table

    from cli.session import Session
    from kinerja_flow import export
    from kinerja_flow.importing import ImportReport, Realisation

PROGRESS_FROM = 200  # rows; smaller imports finish before a bar is worth drawing
SHOWN_ROWS = 30  # rows listed by a dry run


@contextmanager
def _progress_bar(label: str) -> Iterator[Callable[[int, int], None]]:
    """A rich progress bar on stderr, drawn only for long imports: it is started by the first
    progress of one (a bar started and stopped on a short run leaves a blank line on stderr)."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    bars: list[tuple[Progress, int]] = []

    def advance(done: int, total: int) -> None:
        if total < PROGRESS_FROM:
            return
        if not bars:
            bar = Progress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                TimeRemainingColumn(), console=terminal.progress_console(), transient=True,
            )
            bar.start()
            bars.append((bar, bar.add_task(label, total=total)))
        bar, task = bars[0]
        bar.update(task, completed=done)

    try:
        yield advance
    finally:
        for bar, _ in bars:
            bar.stop()


def _value_text(record: "Realisation") -> str:
    if record.numerator is not None and record.denominator is not None:
        return f"{_plain(record.numerator)} / {_plain(record.denominator)}"
    assert record.value is not None
    return _plain(record.value)


def _plain(value) -> str:  # noqa: ANN001 - a Decimal
    from domain.numbers import format_number

    exponent = value.as_tuple().exponent
    return format_number(value, max(0, -exponent) if isinstance(exponent, int) else 0)


def _realisation_table(records: "tuple[Realisation, ...]") -> "Table":
    from rich.markup import escape
    from rich.table import Table

    table = Table("PK", "Jenis", "Kode", "Bulan", "Nilai", "Asal (lembar, baris, kolom)",
                  title="Realisasi yang akan dicatat", title_justify="left")
    for record in records[:SHOWN_ROWS]:
        where = record.where
        origin = ", ".join(p for p in (where.sheet, f"baris {where.row}", where.column) if p)
        table.add_row(escape(record.agreement), record.kind, escape(record.item), str(record.month),
                      _value_text(record), escape(origin))
    return table


def _report(report: "ImportReport") -> None:
    from rich.markup import escape

    console = terminal.console()
    files = ", ".join(f.name for f in report.files)
    if report.realisations:
        indicators = sum(1 for r in report.realisations if r.kind == "indikator")
        what = (f"{len(report.realisations)} realisasi ({indicators} indikator, "
                f"{len(report.realisations) - indicators} anggaran) untuk PK {', '.join(report.agreements)}")
    else:
        what = f"{len(report.documents)} dokumen PK ({', '.join(report.agreements)}) sebagai draf versi 1"
    if report.dry_run:
        if report.realisations:
            console.print(_realisation_table(report.realisations))
            if len(report.realisations) > SHOWN_ROWS:
                console.print(f"... dan {len(report.realisations) - SHOWN_ROWS} baris lain.")
        console.print(escape(f"Uji coba (--dry-run) {files}: semua baris valid; {what} akan dicatat. "
                             "Tidak ada yang disimpan."))
        return
    console.print(escape(f"Impor {files} selesai: {what} dicatat dalam satu transaksi "
                         f"({report.events} peristiwa, termasuk penanda batch)."))
    for source in report.files:
        console.print(escape(f"  batch {source.name}: SHA-256 {source.sha256}"))


def import_command(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(
        help="What to import (berkas impor): an agreement document (.yaml/.yml/.json), a folder of "
             "them, or realisations (.csv/.xlsx).", show_default=False)],
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", "--uji", help="Check everything and show what would be recorded (uji coba); "
                                   "store nothing.")] = False,
    pk: Annotated[Optional[str], typer.Option(
        "--pk", help="Agreement code (kode PK) for realisation rows that name none "
                     "(a Lampiran 2 sheet without a 'Kode PK' column).", show_default=False)] = None,
    sheet: Annotated[Optional[str], typer.Option(
        "--lembar", "--sheet", help="Only this Excel sheet (lembar); default: every sheet with a "
                                    "recognised header.", show_default=False)] = None,
    tanggal: DateOption = None,
    alasan: OptionalReasonOption = None,
) -> None:
    """Import agreement documents or realisations, all or nothing (impor)."""
    from kinerja_flow.importing import import_documents, import_realisations
    from kinerja_flow.importing.document_import import SUFFIXES as DOCUMENT_SUFFIXES

    session: Session = ctx.obj
    is_documents = path.is_dir() or path.suffix.lower() in DOCUMENT_SUFFIXES
    if is_documents and (pk or sheet):
        raise typer.BadParameter("--pk dan --lembar hanya untuk impor realisasi (.csv/.xlsx).")
    if not is_documents and (tanggal or alasan):
        raise typer.BadParameter("--tanggal dan --alasan hanya untuk impor dokumen PK.")
    with _progress_bar(f"Memeriksa {path.name}") as progress:
        if is_documents:
            report = import_documents(session.app, path, effective=tanggal, reason=alasan,
                                      dry_run=dry_run, progress=progress)
        else:
            report = import_realisations(session.app, path, agreement=pk, sheet=sheet,
                                         dry_run=dry_run, progress=progress)
    if dry_run:
        _report(report)
        _warn_over_ceiling(session, report)
        return
    with session.after_commit():  # stored: a failure from here on is "stored, not shown"
        _report(report)
        _warn_over_ceiling(session, report)
        session.catch_up()


def _warn_over_ceiling(session: "Session", report: "ImportReport") -> None:
    """One warning per budget row that brings its programme above its ceiling (pagu), counted
    in the file's order on top of what was recorded before this import (`domain.budget`)."""
    from cli.errors import warn
    from domain.budget import ceiling_of, realised_of, running_over_ceiling

    rows: dict[tuple[str, str], list[Realisation]] = {}
    for record in report.realisations:
        if record.kind == "anggaran" and record.value is not None:
            rows.setdefault((record.agreement, record.item), []).append(record)
    for (code, programme), records in rows.items():
        state = session.app.state(code)
        ceiling = ceiling_of(state, programme)
        if ceiling is None:
            continue
        amounts = [record.value for record in records if record.value is not None]
        before = realised_of(state, programme) - (0 if report.dry_run else sum(amounts))
        excesses = running_over_ceiling(programme, ceiling, before, amounts)
        for record, excess in zip(records, excesses):
            if excess is not None:
                warn(f"{record.where}: {excess.message(state.code)}")


# ----------------------------------------------------------------- export

export_app = typer.Typer(
    help="Export read models and realisations to CSV, Excel or JSON (ekspor).", no_args_is_help=True,
    cls=KinerjaGroup,
)

OutputOption = Annotated[Path, typer.Option(
    "--output", "-o", help="Output file (berkas keluaran); the format follows its suffix "
                           ".csv, .xlsx or .json unless --format says otherwise.", show_default=False)]
FormatOption = Annotated[Optional[str], typer.Option(
    "--format", help="csv, xlsx or json (default: from the output file's suffix).", show_default=False)]
CodeOption = Annotated[str, typer.Option("--pk", help="Agreement code (kode PK).", show_default=False)]


ForceOption = Annotated[bool, typer.Option(
    "--force", "--timpa", help="Replace an existing output file (timpa). The database, a folder, a "
                               "device or a symbolic link is never replaced.")]


def _export(ctx: typer.Context, output: Path, format: Optional[str], force: bool,
            build: "Callable[[Session], export.Export]") -> None:
    """Refuse a bad output before computing anything, build the export, write it atomically."""
    from kinerja_flow import export

    session: Session = ctx.obj
    chosen = export.format_of(output, format)
    database = session.settings.db
    export.check_output(output, force=force, database=database)
    result = build(session)
    export.write(result, output, chosen, force=force, database=database)
    rows = sum(len(t.rows) for t in result.tables)
    terminal.console().print(terminal.safe(f"Diekspor ke {output} ({chosen.upper()}, {rows} baris)."))


@export_app.command("realisations", cls=KinerjaCommand)
def export_realisations(
    ctx: typer.Context,
    output: OutputOption,
    pk: Annotated[list[str], typer.Option("--pk", help="Agreement code (kode PK); repeat for several.",
                                          show_default=False)],
    format: FormatOption = None,
    force: ForceOption = False,
) -> None:
    """Current realisations in the long import layout (realisasi); re-importable."""
    from kinerja_flow import export

    _export(ctx, output, format, force, lambda session: export.realisations(session.views(), pk))


@export_app.command("quarterly", cls=KinerjaCommand)
def export_quarterly(ctx: typer.Context, output: OutputOption, pk: CodeOption, format: FormatOption = None,
                     force: ForceOption = False) -> None:
    """Quarterly summary (Capaian Rencana Aksi s/d Triwulan IV, Lampiran 2 layout)."""
    from kinerja_flow import export

    _export(ctx, output, format, force, lambda session: export.quarterly(session.views(), pk))


@export_app.command("measurement", cls=KinerjaCommand)
def export_measurement(
    ctx: typer.Context,
    output: OutputOption,
    tahun: Annotated[int, typer.Option("--tahun", "--year", help="Fiscal year (tahun).", show_default=False)],
    instansi: Annotated[Optional[str], typer.Option("--instansi", "--agency",
                                                    help="Only this agency (instansi).", show_default=False)] = None,
    format: FormatOption = None,
    force: ForceOption = False,
) -> None:
    """Annual measurement (Formulir Pengukuran Kinerja) of a year's agreements."""
    from kinerja_flow import export

    _export(ctx, output, format, force, lambda session: export.measurement(session.views(), tahun, instansi))


@export_app.command("target-history", cls=KinerjaCommand)
def export_target_history(ctx: typer.Context, output: OutputOption, pk: CodeOption,
                          format: FormatOption = None, force: ForceOption = False) -> None:
    """Target history (riwayat target): every value per version and every change, who, when, why."""
    from kinerja_flow import export

    _export(ctx, output, format, force, lambda session: export.target_history(session.views(), pk))


@export_app.command("audit", cls=KinerjaCommand)
def export_audit(
    ctx: typer.Context,
    output: OutputOption,
    pk: Annotated[Optional[str], typer.Option("--pk", help="Only this agreement (kode PK).",
                                              show_default=False)] = None,
    format: FormatOption = None,
    force: ForceOption = False,
) -> None:
    """Audit trail (jejak audit): every event with actor, recorded time, effective date, reason."""
    from kinerja_flow import export

    _export(ctx, output, format, force, lambda session: export.audit(session.views(), pk))


def register(app: typer.Typer) -> None:
    """Add `import` and `export` to `app`."""
    app.command("import", cls=KinerjaCommand)(import_command)
    app.add_typer(export_app, name="export")
