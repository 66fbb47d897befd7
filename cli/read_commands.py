"""The read side of `kinerja`: list, show, history, audit, summary, measure, tree, projections.

Every command reads the read models (caught up with the log first, see `cli.session`), never
replays the log — except `--as-of`, which replays that one agreement's events up to the end of
the day. `--json` prints the query's dict with stable keys; otherwise rich tables.

Start-up time: the tables (they load the domain's number words), the derivations of `--as-of`,
the progress bar and the console (`cli.terminal`) are imported or built inside the commands that
use them.
"""

from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from cli import terminal
from cli.help import KinerjaGroup
from cli.options import parse_date
from cli.text_arguments import KinerjaCommand

if TYPE_CHECKING:
    from cli.session import Session

CodeArg = Annotated[str, typer.Argument(help="Agreement code (kode PK).", show_default=False)]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON with stable keys.")]
AsOfOption = Annotated[
    Optional[date],
    typer.Option("--as-of", "--per", parser=parse_date, metavar="YYYY-MM-DD", show_default=False,
                 help="As it stood at the end of this day (per tanggal), by effective dates."),
]
YearOption = Annotated[Optional[int], typer.Option("--tahun", "--year", help="Fiscal year (tahun).",
                                                   show_default=False)]
AgencyOption = Annotated[Optional[str], typer.Option("--instansi", "--agency", show_default=False,
                                                     help="Agency (instansi), exact name.")]


def __getattr__(name: str) -> Any:
    """`read_commands.console`: the console the tables print to (tests widen it)."""
    if name == "console":
        return terminal.console()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _session(ctx: typer.Context) -> "Session":
    return ctx.obj


def _emit(as_json: bool, data: Any, render: str) -> None:
    """Print a query's result as JSON (stable keys), or with `cli.tables`' function `render`."""
    if as_json:
        import json

        from projections.model import to_json

        typer.echo(json.dumps(to_json(data), ensure_ascii=False, indent=2))
    else:
        from cli import tables

        getattr(tables, render)(terminal.console(), data)


def list_command(ctx: typer.Context, tahun: YearOption = None, instansi: AgencyOption = None,
                 status: Annotated[Optional[str], typer.Option(
                     "--status", help="Status code or label (e.g. ACTIVE or Berlaku).",
                     show_default=False)] = None,
                 as_json: JsonOption = False) -> None:
    """List agreements (daftar PK), filtered by year, agency, status."""
    from projections import agreements

    rows = agreements.list_agreements(_session(ctx).views(), tahun, instansi, status)
    _emit(as_json, rows, "print_agreements")


def show(ctx: typer.Context, code: CodeArg, as_of: AsOfOption = None, as_json: JsonOption = False) -> None:
    """Show an agreement (tampilkan PK): version in force, status, signatures, targets."""
    from projections import current_targets

    session = _session(ctx)
    if as_of is None:
        data = current_targets.agreement(session.views(warn_unavailable=False), code)
    else:
        from projections.failures import shown

        with shown(code):
            data = current_targets.as_of(session.app.state_as_of(code, as_of), as_of)
    _emit(as_json, data, "print_agreement")


def history(ctx: typer.Context, code: CodeArg, as_json: JsonOption = False) -> None:
    """Version timeline and every target's values side by side (riwayat: PK awal vs Perubahan)."""
    from projections import target_history

    _emit(as_json, target_history.history(_session(ctx).views(warn_unavailable=False), code),
          "print_history")


def audit(
    ctx: typer.Context,
    code: Annotated[Optional[str], typer.Argument(help="Agreement code (kode PK); all if omitted.",
                                                  show_default=False)] = None,
    actor: Annotated[Optional[str], typer.Option("--actor", "--pelaku", help="Only this actor (pelaku).",
                                                 show_default=False)] = None,
    since: Annotated[Optional[date], typer.Option("--since", "--dari", parser=parse_date,
                                                  metavar="YYYY-MM-DD", show_default=False,
                                                  help="From this date (inclusive).")] = None,
    until: Annotated[Optional[date], typer.Option("--until", "--sampai", parser=parse_date,
                                                  metavar="YYYY-MM-DD", show_default=False,
                                                  help="Up to this date (inclusive).")] = None,
    kind: Annotated[Optional[str], typer.Option("--kind", "--jenis", show_default=False,
                                                help="Event kind (jenis peristiwa) as the table shows it, e.g. "
                                                "\"Target diubah\", \"Ditandatangani\" (or its --json "
                                                "name: TargetChanged, Signed).")] = None,
    recorded: Annotated[bool, typer.Option(
        "--recorded", "--dicatat",
        help="Apply --since/--until to the recorded time (waktu dicatat), not the effective date.",
    )] = False,
    as_json: JsonOption = False,
) -> None:
    """Audit trail (jejak audit): every event in log order, who, when, what changed."""
    from projections import audit as trail

    store = _session(ctx).views(warn_unavailable=code is None)
    rows = trail.audit(store, code, actor, since, until, kind, recorded)
    _emit(as_json, rows, "print_audit")


def summary(
    ctx: typer.Context,
    code: CodeArg,
    triwulan: Annotated[Optional[int], typer.Option("--triwulan", "--quarter", min=1, max=4,
                                                    help="Only this quarter (triwulan) 1..4.",
                                                    show_default=False)] = None,
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
) -> None:
    """Quarterly summary (capaian rencana aksi TW I–IV): targets, realisations, achievement, budget."""
    from projections import quarterly

    session = _session(ctx)
    if as_of is None:
        data = quarterly.quarterly(session.views(warn_unavailable=False), code, triwulan)
    else:
        from projections.failures import shown

        with shown(code):
            data = quarterly.as_of(session.app.state_as_of(code, as_of), as_of, triwulan)
    _emit(as_json, data, "print_quarterly")


def measure(ctx: typer.Context, tahun: Annotated[int, typer.Option("--tahun", "--year",
                                                                   help="Fiscal year (tahun).")],
            instansi: AgencyOption = None, as_json: JsonOption = False) -> None:
    """Annual measurement (Formulir Pengukuran Kinerja), with the year before where it exists."""
    from projections import measurement

    data = measurement.measurement(_session(ctx).views(), tahun, instansi)
    _emit(as_json, data, "print_measurement")


def tree(ctx: typer.Context, tahun: Annotated[int, typer.Option("--tahun", "--year",
                                                                help="Fiscal year (tahun).")],
         instansi: AgencyOption = None, as_json: JsonOption = False) -> None:
    """Performance tree (pohon kinerja) with "needs realignment" flags."""
    from projections import tree as pohon

    _emit(as_json, pohon.tree(_session(ctx).views(), tahun, instansi), "print_tree")


projections_app = typer.Typer(help="Read models (model baca): rebuild and status.",
                              no_args_is_help=True, cls=KinerjaGroup)


@projections_app.command("rebuild", cls=KinerjaCommand)
def rebuild(ctx: typer.Context, name: Annotated[Optional[str], typer.Argument(
        help="One read model; all if omitted.", show_default=False)] = None) -> None:
    """Drop a read model (or all) and rebuild it from the event log (bangun ulang)."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    session = _session(ctx)
    runner = session.runner
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=terminal.console(), transient=False) as bar:
        task = bar.add_task(f"Membangun ulang {name or 'semua model baca'}", total=None)

        def advance(position: int, head: int) -> None:
            bar.update(task, completed=position, total=head)

        processed = runner.rebuild([name] if name else None, advance)
    terminal.console().print(f"Selesai: {processed} peristiwa diproses.")
    session.warn_unavailable(runner.store)


@projections_app.command("status", cls=KinerjaCommand)
def status(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Each read model's position, the log head and the lag (tertinggal), as they are now."""
    session = _session(ctx)
    _emit(as_json, session.runner.status(), "print_status")
    session.warn_unavailable(session.runner.store)


def register(app: typer.Typer) -> None:
    """Add this module's commands to `app`."""
    app.command("list", cls=KinerjaCommand)(list_command)
    for command in (show, history, audit, summary, measure, tree):
        app.command(cls=KinerjaCommand)(command)
    app.add_typer(projections_app, name="projections")
