"""The write side of `kinerja`: one command per step of an agreement's life.

Each command parses its input, sends one command to the engine (one act, one transaction),
prints a short confirmation in the users' words from what the act recorded and lets the read
models catch up (`_record`). Refusals are `DomainError`s, reported by `cli.errors` as one line on
stderr with a non-zero exit; nothing is written then. Everything after the act was stored runs in
`session.after_commit()`: a failure there is reported as stored but not shown (exit code 3),
never as a refusal.

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
from cli.options import (
    DateOption,
    MonthsOption,
    OptionalReasonOption,
    QuartersOption,
    ReasonOption,
)
from cli.text_arguments import KinerjaCommand
from domain.status import AmendmentGround

if TYPE_CHECKING:
    from cli.session import Session
    from domain.state import ItemKind, Realisation
    from kinerja_flow.unit_of_work import Recorded


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


def _record(ctx: typer.Context, command: object, confirm: "Callable[[Recorded], str]",
            warning: "Callable[[Recorded], str | None] | None" = None) -> None:
    """Run one command through the engine, confirm what it recorded (and warn about it, if
    needed), then bring the read models up to date: after the confirmation, so that should the
    catch-up fail the user still reads what was stored."""
    from cli.errors import warn

    session = _session(ctx)
    recorded = session.app.handle(command)  # type: ignore[arg-type]
    with session.after_commit():
        text = confirm(recorded)
        caution = warning(recorded) if warning is not None else None
        terminal.console().print(terminal.safe(text))
        if caution is not None:
            warn(caution)
        session.catch_up()


def _over_ceiling(code: str, programme: str) -> "Callable[[Recorded], str | None]":
    """The warning when a programme's budget realisation is now above its ceiling."""
    def warning(recorded: "Recorded") -> "str | None":
        from domain.budget import over_ceiling_of

        state = recorded.state(code)
        excess = over_ceiling_of(state, programme)
        return excess.message(state.code) if excess is not None else None

    return warning


def _plain(value: Decimal) -> str:
    """A recorded value in Indonesian notation, with exactly its own decimals (0,31; 3.503)."""
    from domain.numbers import format_number

    exponent = value.as_tuple().exponent
    return format_number(value, max(0, -exponent) if isinstance(exponent, int) else 0)


def _describe(entry: "Realisation", kind: "ItemKind") -> str:
    from domain.numbers import format_percent, format_rupiah

    if kind == "anggaran":
        return f"Rp {format_rupiah(entry.value)}"
    if entry.numerator is not None and entry.denominator is not None:
        from domain.achievement import ratio_value

        ratio = ratio_value(entry.numerator, entry.denominator)
        return f"{_plain(entry.numerator)} / {_plain(entry.denominator)} = {format_percent(ratio)}"
    assert entry.value is not None
    return _plain(entry.value)


def _recorded(code: str, kind: "ItemKind", item: str, month: int) -> "Callable[[Recorded], str]":
    """The confirmation of a realisation: its value as recorded."""
    def confirm(recorded: "Recorded") -> str:
        state = recorded.state(code)
        entry = state.realisation(kind, item, month)
        assert entry is not None
        what = "Realisasi" if kind == "indikator" else "Realisasi anggaran"
        return f"{what} {item} bulan {month}/{state.year} dicatat: {_describe(entry, kind)}."

    return confirm


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
    from domain.commands import CreateAgreement
    from kinerja_flow.documents import load_document

    document = load_document(file)
    content = document.content()
    _record(ctx, CreateAgreement(document=document, reason=alasan, effective=tanggal), lambda _: (
        f"PK {document.kode} ({document.tahun}) dibuat sebagai draf versi 1: "
        f"{len(content.sasaran)} sasaran, {len(content.indicators())} indikator, "
        f"{len(content.program)} program."))


def revise(
    ctx: typer.Context,
    code: CodeArg,
    file: DocumentArg,
    alasan: ReasonOption,
    tanggal: DateOption = None,
) -> None:
    """Bring the draft (original or open amendment) to a document (revisi draf)."""
    from domain.commands import ReviseDraft
    from kinerja_flow.documents import load_document

    _record(ctx, ReviseDraft(code=code, document=load_document(file), reason=alasan,
                             effective=tanggal),
            lambda recorded: f"Draf PK {code} diperbarui: {recorded.result} perubahan dicatat.")


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
    from domain.commands import ChangeTarget

    def confirm(recorded: "Recorded") -> str:
        draft = recorded.state(code).versions[-1]
        changed = draft.content.indicator(indicator)
        assert changed is not None
        return f"Target {indicator} pada draf PK {code} {draft.label} sekarang {changed.target_value}."

    _record(ctx, ChangeTarget(
        code=code, indicator=indicator, target=value, reason=alasan, effective=tanggal,
        target_triwulan=options.quarters(triwulan), target_bulan=options.months(bulan),
    ), confirm)


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
    from domain.commands import ChangeBudget
    from domain.numbers import format_rupiah

    _record(ctx, ChangeBudget(
        code=code, programme=programme, amount=amount, reason=alasan, effective=tanggal,
        anggaran_triwulan=options.quarters(triwulan), anggaran_bulan=options.months(bulan),
    ), lambda _: f"Anggaran program {programme} PK {code} sekarang Rp {format_rupiah(amount)}.")



def cancel(ctx: typer.Context, code: CodeArg, alasan: ReasonOption, tanggal: DateOption = None) -> None:
    """Cancel a draft agreement (batalkan PK); its position is free again."""
    from domain.commands import CancelAgreement

    _record(ctx, CancelAgreement(code=code, reason=alasan, effective=tanggal),
            lambda _: f"PK {code} dibatalkan.")


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
    from domain.commands import Sign

    def confirm(recorded: "Recorded") -> str:
        version = recorded.state(code).versions[-1]
        signature = version.signatures[pihak.value]
        where = f"{signature.place}, " if signature.place else ""
        lines = [
            f"PK {code} {version.label} ditandatangani pihak {pihak.value} "
            f"({signature.signer}, {where}{signature.signed_on.isoformat()})."
        ]
        if version.in_force_from is not None:
            lines.append(f"Versi {version.number} berlaku mulai {version.in_force_from.isoformat()}.")
        return "\n".join(lines)

    _record(ctx, Sign(code=code, party=pihak.value, place=tempat, effective=tanggal), confirm)


def withdraw_signature(
    ctx: typer.Context, code: CodeArg, pihak: PartyOption, alasan: ReasonOption, tanggal: DateOption = None
) -> None:
    """Withdraw a party's signature from the draft version (tarik tanda tangan)."""
    from domain.commands import WithdrawSignature

    _record(ctx, WithdrawSignature(code=code, party=pihak.value, reason=alasan, effective=tanggal),
            lambda _: f"Tanda tangan pihak {pihak.value} pada PK {code} ditarik.")


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
    from domain.commands import OpenAmendment
    from kinerja_flow.documents import load_document

    document = load_document(dokumen) if dokumen is not None else None
    def confirm(recorded: "Recorded") -> str:
        state = recorded.state(code)
        draft, in_force = state.versions[-1], state.version_in_force()
        lines = [
            f"PK Perubahan dibuka untuk PK {code}: versi {draft.number} (draf), "
            f"{jenis.label.lower()}, dasar {dasar}.",
            f"Versi {in_force.number} tetap berlaku sampai versi {draft.number} ditandatangani "
            "kedua pihak.",
        ]
        if document is not None:
            lines.append(f"{recorded.result} perubahan dari {dokumen} dicatat.")
        return "\n".join(lines)

    _record(ctx, OpenAmendment(code=code, ground=jenis.value, legal_basis=dasar, reason=alasan,
                               document=document, effective=tanggal), confirm)


def withdraw_amendment(ctx: typer.Context, code: CodeArg, alasan: ReasonOption, tanggal: DateOption = None) -> None:
    """Withdraw the open amendment (tarik PK Perubahan); the version in force stays."""
    from domain.commands import WithdrawAmendment

    _record(ctx, WithdrawAmendment(code=code, reason=alasan, effective=tanggal),
            lambda _: f"PK Perubahan pada PK {code} ditarik; versi yang berlaku tidak berubah.")


# ----------------------------------------------------------------- realisations

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
    from domain.commands import RecordRealisation

    _record(ctx, RecordRealisation(
        code=code, indicator=indicator, month=month, value=value, numerator=pembilang,
        denominator=penyebut, note=catatan), _recorded(code, "indikator", indicator, month))


def realise_budget(
    ctx: typer.Context,
    code: CodeArg,
    programme: ProgrammeArg,
    month: MonthArg,
    amount: AmountArg,
    catatan: NoteOption = None,
) -> None:
    """Record a programme's budget realisation for a month (catat realisasi anggaran), in Rupiah."""
    from domain.commands import RecordBudgetRealisation

    _record(ctx, RecordBudgetRealisation(
        code=code, programme=programme, month=month, amount=amount, note=catatan),
        _recorded(code, "anggaran", programme, month), _over_ceiling(code, programme))


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
    from domain.commands import CorrectRealisation

    def confirm(recorded: "Recorded") -> str:
        replaced, new = recorded.result
        return (f"Koreksi realisasi {item} bulan {month} dicatat: {_describe(replaced, kind)} → "
                f"{_describe(new, kind)} (nilai lama tetap di riwayat).")

    _record(ctx, CorrectRealisation(
        code=code, kind=kind, item=item, month=month, reason=alasan, value=value,
        numerator=pembilang, denominator=penyebut, note=catatan),
        confirm, _over_ceiling(code, item) if kind == "anggaran" else None)


# ----------------------------------------------------------------- quarters and review

def close_quarter(
    ctx: typer.Context, code: CodeArg, quarter: QuarterArg, alasan: ReasonOption,
    tanggal: DateOption = None,
) -> None:
    """Close a quarter after its evaluation (tutup triwulan): its realisations are frozen."""
    from domain.commands import CloseQuarter

    _record(ctx, CloseQuarter(code=code, quarter=quarter, reason=alasan, effective=tanggal),
            lambda _: f"Triwulan {quarter} PK {code} ditutup; realisasinya dibekukan.")


def reopen_quarter(
    ctx: typer.Context, code: CodeArg, quarter: QuarterArg, alasan: ReasonOption, tanggal: DateOption = None
) -> None:
    """Reopen a closed quarter (buka kembali triwulan), with a reason."""
    from domain.commands import ReopenQuarter

    _record(ctx, ReopenQuarter(code=code, quarter=quarter, reason=alasan, effective=tanggal),
            lambda _: f"Triwulan {quarter} PK {code} dibuka kembali.")


def submit(
    ctx: typer.Context, code: CodeArg, alasan: ReasonOption, tanggal: DateOption = None
) -> None:
    """Submit the year for review by APIP (ajukan reviu)."""
    from domain.commands import SubmitForReview

    _record(ctx, SubmitForReview(code=code, reason=alasan, effective=tanggal),
            lambda _: f"PK {code} diajukan untuk reviu.")


def approve(
    ctx: typer.Context, code: CodeArg, alasan: ReasonOption, tanggal: DateOption = None
) -> None:
    """Approve the review (setujui reviu): the agreement's year is closed."""
    from domain.commands import ApproveReview

    _record(ctx, ApproveReview(code=code, reason=alasan, effective=tanggal),
            lambda _: f"Reviu PK {code} disetujui; PK selesai direviu.")


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
    from domain.commands import ReturnReview

    _record(ctx, ReturnReview(code=code, findings=temuan, effective=tanggal), lambda _: (
        f"Reviu PK {code} dikembalikan dengan {len(temuan)} temuan; PK kembali berlaku."))


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
