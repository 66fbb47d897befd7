"""Indonesian display words shared by the read models and the terminal: dates, targets, periods."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from domain.achievement import Target
from domain.numbers import format_number, format_rupiah

MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember",
)
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def long_date(value: date | str | None) -> str:
    """`14 Oktober 2020`; `-` for no date."""
    if value is None:
        return "-"
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def quarter_name(quarter: int) -> str:
    return f"TW {ROMAN[quarter]}"


def target_text(value: str | None) -> str:
    """A stored target ("0.63", "80-90") as users write it ("0,63", "80–90")."""
    if value is None:
        return "-"
    return str(Target.parse(value))


def amount_text(value: Decimal | str | None) -> str:
    """Rupiah without symbol (`382.252.200`)."""
    if value is None:
        return "-"
    return format_rupiah(Decimal(value))


def number_text(value: Decimal | str | None) -> str:
    """A measured value, Indonesian style, keeping up to its own decimals (at least none)."""
    if value is None:
        return "-"
    number = Decimal(value)
    places = max(0, min(4, -int(number.normalize().as_tuple().exponent)))
    return format_number(number, places)


def periods_text(periods: dict[str, Any] | None, money: bool = False) -> str:
    """{"triwulan": {"1": "0.32"}} -> `TW I 0,32 · TW II ...`."""
    if not periods:
        return "-"
    show = amount_text if money else number_text
    if "triwulan" in periods:
        return " · ".join(f"{quarter_name(int(q))} {show(v)}" for q, v in periods["triwulan"].items())
    return " · ".join(f"{MONTHS[int(m) - 1][:3]} {show(v)}" for m, v in periods["bulan"].items())


# --------------------------------------------------------------------- what an event changed

PARTY = {"pertama": "pihak pertama", "kedua": "pihak kedua"}


def ground_text(value: str | None) -> str:
    """An amendment's ground (jenis perubahan) as users read it."""
    from domain.status import AmendmentGround

    if value is None:
        return "-"
    try:
        return AmendmentGround(value).label
    except ValueError:
        return value


def _values_text(values: Any) -> str:
    """A realisation's value: `nilai`, or `pembilang/penyebut` (an entry, an event or a dict)."""
    get = values.get if isinstance(values, dict) else lambda name: getattr(values, name, None)
    if get("numerator") is not None:
        return f"{number_text(get('numerator'))}/{number_text(get('denominator'))}"
    return number_text(get("value"))


def _diff(old: Any, new: Any) -> str:
    before, after = old.model_dump(mode="json"), new.model_dump(mode="json")
    changed = [k for k in after if before.get(k) != after.get(k)]
    return "; ".join(f"{k}: {before.get(k)} → {after.get(k)}" for k in changed) or "-"


def event_summary(event: Any, context: dict[str, Any]) -> str:
    """What an agreement event changed, in one line (old → new where something had a value).

    `context` holds what the event alone does not say (the value a correction replaced).
    """
    from domain import events as ev
    from projections.current_targets import plain_periods as _plain_periods

    match event:
        case ev.TargetChanged():
            line = f"Target {event.indicator}: {target_text(event.old_target)} → {target_text(event.new_target)}"
            if event.old_periods != event.new_periods:
                line += (f"; per periode {periods_text(_plain_periods(event.old_periods))} → "
                         f"{periods_text(_plain_periods(event.new_periods))}")
            return line
        case ev.BudgetChanged():
            line = (f"Anggaran {event.programme}: {amount_text(event.old_amount)} → "
                    f"{amount_text(event.new_amount)}")
            if event.old_periods != event.new_periods:
                line += (f"; per periode {periods_text(_plain_periods(event.old_periods), True)} → "
                         f"{periods_text(_plain_periods(event.new_periods), True)}")
            return line
        case ev.ObjectiveAdded():
            return f"Sasaran {event.objective.kode} ditambahkan: {event.objective.uraian}"
        case ev.ObjectiveRemoved():
            return f"Sasaran {event.objective.kode} dihapus: {event.objective.uraian}"
        case ev.ObjectiveRevised():
            return f"Uraian sasaran {event.objective}: \"{event.old_text}\" → \"{event.new_text}\""
        case ev.IndicatorAdded():
            return (f"Indikator {event.indicator.kode} ditambahkan ke {event.objective}: "
                    f"{event.indicator.uraian} (target {target_text(event.indicator.target)})")
        case ev.IndicatorRemoved():
            return (f"Indikator {event.indicator.kode} dihapus: {event.indicator.uraian} "
                    f"(target {target_text(event.indicator.target)})")
        case ev.IndicatorRevised():
            return f"Indikator {event.new.kode} diubah: {_diff(event.old, event.new)}"
        case ev.ProgrammeAdded():
            return (f"Program {event.programme.kode} ditambahkan: {event.programme.uraian} "
                    f"(anggaran {amount_text(event.programme.anggaran)})")
        case ev.ProgrammeRemoved():
            return (f"Program {event.programme.kode} dihapus: {event.programme.uraian} "
                    f"(anggaran {amount_text(event.programme.anggaran)})")
        case ev.ProgrammeRevised():
            return f"Program {event.new.kode} diubah: {_diff(event.old, event.new)}"
        case ev.PartyChanged():
            return f"{PARTY[event.role].capitalize()}: {event.old.nama} → {event.new.nama}"
        case ev.HeaderChanged():
            return f"{event.field}: {event.old or '-'} → {event.new or '-'}"
        case ev.GradeScaleChanged():
            return f"Skala predikat: {event.old} → {event.new}"
        case ev.Signed():
            place = f" di {event.place}" if event.place else ""
            return (f"Versi {event.version} ditandatangani {PARTY[event.party]} ({event.signer})"
                    f"{place}, {long_date(event.effective)}")
        case ev.SignatureWithdrawn():
            return f"Tanda tangan {PARTY[event.party]} pada versi {event.version} ditarik"
        case ev.VersionInForce():
            return f"Versi {event.version} berlaku mulai {long_date(event.effective)}"
        case ev.AmendmentOpened():
            return (f"Perubahan dibuka (versi {event.version}): {ground_text(event.ground)}; "
                    f"dasar hukum: {event.legal_basis}")
        case ev.AmendmentWithdrawn():
            return f"Perubahan versi {event.version} ditarik"
        case ev.RealisationRecorded():
            return f"Realisasi {event.indicator} bulan {event.month}: {_values_text(event)}"
        case ev.BudgetRealisationRecorded():
            return (f"Realisasi anggaran {event.programme} bulan {event.month}: "
                    f"{amount_text(event.amount)}")
        case ev.RealisationCorrected():
            money = event.kind == "anggaran"
            show = (lambda v: amount_text(v.get("value") if isinstance(v, dict) else v.value)) \
                if money else _values_text
            old = show(context) if context else "-"
            what = "realisasi anggaran" if money else "realisasi"
            return f"Koreksi {what} {event.item} bulan {event.month}: {old} → {show(event)}"
        case ev.QuarterClosed():
            return f"Triwulan {event.quarter} ditutup"
        case ev.QuarterReopened():
            return f"Triwulan {event.quarter} dibuka kembali"
        case ev.SubmittedForReview():
            return "Diajukan untuk reviu"
        case ev.ReviewApproved():
            return "Reviu disetujui"
        case ev.ReviewReturned():
            return f"Reviu dikembalikan: {'; '.join(event.findings)}"
        case ev.Cancelled():
            return "PK dibatalkan"
    return event.KIND
