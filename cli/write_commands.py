"""The write side of `kinerja`: one command per step of an agreement's life.

Each command parses its input, calls one engine command (one transaction), prints a short
confirmation in the users' words and lets the read models catch up. Refusals are `DomainError`s,
reported by `cli.errors` as one line on stderr with a non-zero exit; nothing is written then.
Everything after the engine command returned runs in `_done`: the command is stored, so a
failure there is reported as stored but not shown (exit code 3), never as a refusal.

Start-up time: the domain's pydantic models, the document loader and rich's markup are imported
inside the functions that use them; option types are builtins, `Decimal`, `Path` and plain enums.
"""

from collections.abc import Callable
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from cli import options, terminal
from cli.options import DateOption, MonthsOption, OptionalReasonOption, QuartersOption, ReasonOption
from cli.text_arguments import KinerjaCommand
from domain.status import AmendmentGround

if TYPE_CHECKING:
    from cli.session import Session
    from domain.agreement import Agreement
    from domain.state import ItemKind, RealisationEntry


class Party(str, Enum):
    """Pihak: who signs."""

    PERTAMA = "pertama"
    KEDUA = "kedua"


# ----------------------------------------------------------------- shared arguments

CodeArg = Annotated[str, typer.Argument(help="Agreement code (kode PK).", show_default=False)]
DocumentArg = Annotated[
    Path,
    typer.Argument(help="Agreement document (dokumen PK), YAML or JSON.", show_default=False),
]
ProgrammeArg = Annotated[str, typer.Argument(help="Programme code (kode program).", show_default=False)]
MonthArg = Annotated[int, typer.Argument(help="Month (bulan), 1..12.", show_default=False)]
QuarterArg = Annotated[int, typer.Argument(help="Quarter (triwulan), 1..4.", show_default=False)]
PartyOption = Annotated[
    Party, typer.Option("--pihak", "--party", help="Which party (pihak): pertama or kedua.", show_default=False)
]
NoteOption = Annotated[
    Optional[str], typer.Option("--catatan", "--note", help="Note (catatan) kept with the value.", show_default=False)
]
NumeratorOption = Annotated[
    Optional[Decimal],
    typer.Option("--pembilang", "--numerator", parser=options.parse_decimal, metavar="N",
                 help="Numerator (pembilang) of a ratio indicator (rasio).", show_default=False),
]
DenominatorOption = Annotated[
    Optional[Decimal],
    typer.Option("--penyebut", "--denominator", parser=options.parse_decimal, metavar="D",
                 help="Denominator (penyebut) of a ratio indicator (rasio).", show_default=False),
]
OptionalValueArg = Annotated[
    Optional[Decimal],
    typer.Argument(parser=options.parse_decimal, show_default=False,
                   help="Value (nilai); omit it for ratio indicators and give --pembilang/--penyebut."),
]
AmountArg = Annotated[
    Decimal,
    typer.Argument(parser=options.parse_decimal, show_default=False,
                   help="Amount in Rupiah (jumlah), e.g. 382.252.200."),
]


# ----------------------------------------------------------------- helpers

def _session(ctx: typer.Context) -> "Session":
    return ctx.obj


def _done(ctx: typer.Context, message: "str | Callable[[], str]",
          warning: "Callable[[], str | None] | None" = None) -> None:
    """Confirm a stored command (the message may need the stored agreement: a callable), print
    a warning about what was stored, if any, and bring the read models up to date (after the
    confirmation: should the catch-up fail, the user still reads what was stored)."""
    from rich.markup import escape

    from cli.errors import warn

    session = _session(ctx)
    with session.after_commit():
        text = message() if callable(message) else message
        caution = warning() if warning is not None else None
        terminal.console().print(escape(text))
        if caution is not None:
            warn(caution)
        session.catch_up()


def _over_ceiling(ctx: typer.Context, code: str, programme: str) -> "Callable[[], str | None]":
    """The warning when a programme's budget realisation is now above its ceiling."""
    def warning() -> "str | None":
        agreement = _session(ctx).app.get(code)
        excess = agreement.budget_over_ceiling(programme)
        return excess.message(agreement.code) if excess is not None else None

    return warning


def _plain(value: Decimal) -> str:
    """A recorded value in Indonesian notation, with exactly its own decimals (0,31; 3.503)."""
    from domain.numbers import format_number

    exponent = value.as_tuple().exponent
    return format_number(value, max(0, -exponent) if isinstance(exponent, int) else 0)


def _describe(entry: "RealisationEntry", kind: "ItemKind") -> str:
    from domain.numbers import format_percent, format_rupiah

    if kind == "anggaran":
        return f"Rp {format_rupiah(entry.value)}"
    if entry.numerator is not None and entry.denominator is not None:
        from domain.achievement import ratio_value

        ratio = ratio_value(entry.numerator, entry.denominator)
        return f"{_plain(entry.numerator)} / {_plain(entry.denominator)} = {format_percent(ratio)}"
    assert entry.value is not None
    return _plain(entry.value)


def _version_label(number: int) -> str:
    return "versi 1 (PK awal)" if number == 1 else f"versi {number} (PK Perubahan)"


def _target_text(text: str) -> str:
    """Check a target (number or range like 80-90) before anything is loaded."""
    from domain.achievement import Target

    try:
        Target.parse(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} bukan target (contoh: 0,63 atau rentang 80-90).") from None
    return text


# ----------------------------------------------------------------- drafting

def create(
    ctx: typer.Context,
    file: DocumentArg,
    tanggal: DateOption = None,
    alasan: OptionalReasonOption = None,
) -> None:
    """Create an agreement from a document (buat PK): a draft, version 1."""
    from kinerja_flow.documents import load_document

    document = load_document(file)
    _session(ctx).app.create(document, tanggal, alasan)
    content = document.content()
    _done(
        ctx,
        f"PK {document.kode} ({document.tahun}) dibuat sebagai draf versi 1: "
        f"{len(content.sasaran)} sasaran, {len(content.indicators())} indikator, "
        f"{len(content.program)} program.",
    )


def revise(
    ctx: typer.Context,
    code: CodeArg,
    file: DocumentArg,
    alasan: ReasonOption,
    tanggal: DateOption = None,
) -> None:
    """Bring the draft (original or open amendment) to a document (revisi draf)."""
    from kinerja_flow.documents import load_document

    count = _session(ctx).app.revise(code, load_document(file), alasan, tanggal)
    _done(ctx, f"Draf PK {code} diperbarui: {count} perubahan dicatat.")


def target(
    ctx: typer.Context,
    code: CodeArg,
    indicator: Annotated[str, typer.Argument(help="Indicator code (kode indikator).")],
    value: Annotated[
        str,
        typer.Argument(parser=_target_text,
                       help="Annual target (target tahunan): a number (0,63) or a range (80-90)."),
    ],
    alasan: ReasonOption,
    triwulan: QuartersOption = None,
    bulan: MonthsOption = None,
    tanggal: DateOption = None,
) -> None:
    """Change an indicator's target in the draft (ubah target); period targets are optional."""
    session = _session(ctx)
    session.app.edit(
        code, "change_target", tanggal, indicator=indicator, target=value, reason=alasan,
        target_triwulan=options.quarters(triwulan), target_bulan=options.months(bulan),
    )

    def message() -> str:
        draft = session.app.get(code).versions[-1]
        changed = draft.content.indicator(indicator)
        assert changed is not None
        return (f"Target {indicator} pada draf PK {code} {_version_label(draft.number)} "
                f"sekarang {changed.target_value}.")

    _done(ctx, message)


def budget(
    ctx: typer.Context,
    code: CodeArg,
    programme: ProgrammeArg,
    amount: AmountArg,
    alasan: ReasonOption,
    triwulan: QuartersOption = None,
    bulan: MonthsOption = None,
    tanggal: DateOption = None,
) -> None:
    """Change a programme's budget ceiling in the draft (ubah anggaran/pagu)."""
    _session(ctx).app.edit(
        code, "change_budget", tanggal, programme=programme, amount=amount, reason=alasan,
        anggaran_triwulan=options.quarters(triwulan), anggaran_bulan=options.months(bulan),
    )
    from domain.numbers import format_rupiah

    _done(ctx, f"Anggaran program {programme} PK {code} sekarang Rp {format_rupiah(amount)}.")


def cancel(ctx: typer.Context, code: CodeArg, alasan: ReasonOption, tanggal: DateOption = None) -> None:
    """Cancel a draft agreement (batalkan PK); its position is free again."""
    _session(ctx).app.cancel(code, alasan, tanggal)
    _done(ctx, f"PK {code} dibatalkan.")


# ----------------------------------------------------------------- signing and amendments

def sign(
    ctx: typer.Context,
    code: CodeArg,
    pihak: PartyOption,
    tempat: Annotated[
        Optional[str], typer.Option("--tempat", "--place", help="Place of signing (tempat).", show_default=False)
    ] = None,
    tanggal: DateOption = None,
) -> None:
    """Sign the draft version (tanda tangan); the second signature puts it in force (berlaku)."""
    agreement = _session(ctx).app.sign(code, pihak.value, tempat, tanggal)
    version = agreement.versions[-1]
    signature = version.signatures[pihak.value]
    where = f"{signature.place}, " if signature.place else ""
    lines = [
        f"PK {code} {_version_label(version.number)} ditandatangani pihak {pihak.value} "
        f"({signature.signer}, {where}{signature.signed_on.isoformat()})."
    ]
    if version.in_force_from is not None:
        lines.append(f"Versi {version.number} berlaku mulai {version.in_force_from.isoformat()}.")
    _done(ctx, "\n".join(lines))


def withdraw_signature(
    ctx: typer.Context, code: CodeArg, pihak: PartyOption, alasan: ReasonOption, tanggal: DateOption = None
) -> None:
    """Withdraw a party's signature from the draft version (tarik tanda tangan)."""
    _session(ctx).app.withdraw_signature(code, pihak.value, alasan, tanggal)
    _done(ctx, f"Tanda tangan pihak {pihak.value} pada PK {code} ditarik.")


def amend(
    ctx: typer.Context,
    code: CodeArg,
    jenis: Annotated[
        AmendmentGround,
        typer.Option("--jenis", "--ground", show_default=False,
                     help="Ground of the amendment (jenis perubahan, PermenPANRB 53/2014)."),
    ],
    dasar: Annotated[
        str,
        typer.Option("--dasar", "--basis", show_default=False,
                     help="Legal basis (dasar hukum), e.g. \"APBD Perubahan 2020\"."),
    ],
    alasan: ReasonOption,
    dokumen: Annotated[
        Optional[Path],
        typer.Option("--dokumen", "--document", metavar="FILE", show_default=False,
                     help="The PK Perubahan document; its changes are recorded with the amendment."),
    ] = None,
    tanggal: DateOption = None,
) -> None:
    """Open an amendment (PK Perubahan): a new draft version; the current one stays in force."""
    from kinerja_flow.documents import load_document

    document = load_document(dokumen) if dokumen is not None else None
    session = _session(ctx)
    count = session.app.open_amendment(code, jenis.value, dasar, alasan, tanggal, document)

    def message() -> str:
        agreement = session.app.get(code)
        draft, in_force = agreement.versions[-1], agreement.version_in_force()
        lines = [
            f"PK Perubahan dibuka untuk PK {code}: versi {draft.number} (draf), "
            f"{jenis.label.lower()}, dasar {dasar}.",
            f"Versi {in_force.number} tetap berlaku sampai versi {draft.number} ditandatangani "
            "kedua pihak.",
        ]
        if document is not None:
            lines.append(f"{count} perubahan dari {dokumen} dicatat.")
        return "\n".join(lines)

    _done(ctx, message)


def withdraw_amendment(ctx: typer.Context, code: CodeArg, alasan: ReasonOption, tanggal: DateOption = None) -> None:
    """Withdraw the open amendment (tarik PK Perubahan); the version in force stays."""
    _session(ctx).app.withdraw_amendment(code, alasan, tanggal)
    _done(ctx, f"PK Perubahan pada PK {code} ditarik; versi yang berlaku tidak berubah.")


# ----------------------------------------------------------------- realisations

def _recorded(ctx: typer.Context, code: str, kind: "ItemKind", item: str, month: int) -> tuple["Agreement", list["RealisationEntry"]]:
    agreement = _session(ctx).app.get(code)
    log = agreement.realisation(kind, item, month)
    assert log is not None
    return agreement, log.entries


def realise(
    ctx: typer.Context,
    code: CodeArg,
    indicator: Annotated[str, typer.Argument(help="Indicator code (kode indikator).")],
    month: MonthArg,
    value: OptionalValueArg = None,
    pembilang: NumeratorOption = None,
    penyebut: DenominatorOption = None,
    catatan: NoteOption = None,
) -> None:
    """Record an indicator's realisation for a month (catat realisasi)."""
    _session(ctx).app.record_realisation(code, indicator, month, value, pembilang, penyebut, catatan)

    def message() -> str:
        agreement, entries = _recorded(ctx, code, "indikator", indicator, month)
        return (f"Realisasi {indicator} bulan {month}/{agreement.year} dicatat: "
                f"{_describe(entries[-1], 'indikator')}.")

    _done(ctx, message)


def realise_budget(
    ctx: typer.Context,
    code: CodeArg,
    programme: ProgrammeArg,
    month: MonthArg,
    amount: AmountArg,
    catatan: NoteOption = None,
) -> None:
    """Record a programme's budget realisation for a month (catat realisasi anggaran), in Rupiah."""
    _session(ctx).app.record_budget_realisation(code, programme, month, amount, catatan)

    def message() -> str:
        agreement, entries = _recorded(ctx, code, "anggaran", programme, month)
        return (f"Realisasi anggaran {programme} bulan {month}/{agreement.year} dicatat: "
                f"{_describe(entries[-1], 'anggaran')}.")

    _done(ctx, message, _over_ceiling(ctx, code, programme))


def correct(
    ctx: typer.Context,
    code: CodeArg,
    month: MonthArg,
    alasan: ReasonOption,
    value: OptionalValueArg = None,
    indikator: Annotated[
        Optional[str], typer.Option("--indikator", "--indicator", help="Indicator code (kode indikator).",
                                    show_default=False)
    ] = None,
    program: Annotated[
        Optional[str], typer.Option("--program", "--programme", help="Programme code (kode program).",
                                    show_default=False)
    ] = None,
    pembilang: NumeratorOption = None,
    penyebut: DenominatorOption = None,
    catatan: NoteOption = None,
) -> None:
    """Correct a realisation (koreksi realisasi): a new entry; the old value stays in history."""
    if (indikator is None) == (program is None):
        raise typer.BadParameter(
            "sebutkan tepat satu: --indikator KODE atau --program KODE.", ctx=ctx,
            param_hint="--indikator / --program",
        )
    kind: ItemKind = "indikator" if indikator is not None else "anggaran"
    item = indikator or program or ""
    replaced, new = _session(ctx).app.correct_realisation(
        code, kind, item, month, alasan, value, pembilang, penyebut, catatan
    )
    _done(ctx, f"Koreksi realisasi {item} bulan {month} dicatat: {_describe(replaced, kind)} → "
               f"{_describe(new, kind)} (nilai lama tetap di riwayat).",
          _over_ceiling(ctx, code, item) if kind == "anggaran" else None)


# ----------------------------------------------------------------- quarters and review

def close_quarter(
    ctx: typer.Context, code: CodeArg, quarter: QuarterArg, alasan: ReasonOption,
    tanggal: DateOption = None,
) -> None:
    """Close a quarter after its evaluation (tutup triwulan): its realisations are frozen."""
    _session(ctx).app.close_quarter(code, quarter, alasan, tanggal)
    _done(ctx, f"Triwulan {quarter} PK {code} ditutup; realisasinya dibekukan.")


def reopen_quarter(
    ctx: typer.Context, code: CodeArg, quarter: QuarterArg, alasan: ReasonOption, tanggal: DateOption = None
) -> None:
    """Reopen a closed quarter (buka kembali triwulan), with a reason."""
    _session(ctx).app.reopen_quarter(code, quarter, alasan, tanggal)
    _done(ctx, f"Triwulan {quarter} PK {code} dibuka kembali.")


def submit(
    ctx: typer.Context, code: CodeArg, alasan: ReasonOption, tanggal: DateOption = None
) -> None:
    """Submit the year for review by APIP (ajukan reviu)."""
    _session(ctx).app.submit_for_review(code, alasan, tanggal)
    _done(ctx, f"PK {code} diajukan untuk reviu.")


def approve(
    ctx: typer.Context, code: CodeArg, alasan: ReasonOption, tanggal: DateOption = None
) -> None:
    """Approve the review (setujui reviu): the agreement's year is closed."""
    _session(ctx).app.approve_review(code, alasan, tanggal)
    _done(ctx, f"Reviu PK {code} disetujui; PK selesai direviu.")


def return_review(
    ctx: typer.Context,
    code: CodeArg,
    temuan: Annotated[
        list[str],
        typer.Option("--temuan", "--finding", show_default=False,
                     help="A finding (temuan) of the review; repeat for several."),
    ],
    tanggal: DateOption = None,
) -> None:
    """Return the review with findings (kembalikan reviu): the agreement is active again."""
    _session(ctx).app.return_review(code, temuan, tanggal)
    _done(ctx, f"Reviu PK {code} dikembalikan dengan {len(temuan)} temuan; PK kembali berlaku.")


# ----------------------------------------------------------------- document format

def schema() -> None:
    """Print the JSON Schema of the agreement document format (skema dokumen PK)."""
    import json

    from domain.document import AgreementDocument

    typer.echo(json.dumps(AgreementDocument.model_json_schema(), indent=2, ensure_ascii=False))


_COMMANDS = {
    "create": create,
    "revise": revise,
    "target": target,
    "budget": budget,
    "sign": sign,
    "withdraw-signature": withdraw_signature,
    "amend": amend,
    "withdraw-amendment": withdraw_amendment,
    "realise": realise,
    "realise-budget": realise_budget,
    "correct": correct,
    "close-quarter": close_quarter,
    "reopen-quarter": reopen_quarter,
    "submit": submit,
    "approve": approve,
    "return": return_review,
    "cancel": cancel,
    "schema": schema,
}


def register(app: typer.Typer) -> None:
    """Add the write commands and `schema` to `app`."""
    for name, function in _COMMANDS.items():
        app.command(name, cls=KinerjaCommand)(function)
