"""Rows written per event: the audit trail and the changes of targets and budgets.

Each function gets the event, its position in the log and the agreement's state just before the
event (`None` for `Drafted`), which is where old values come from.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from domain import events as ev
from domain.document import Content, Indicator, Programme
from domain.status import AmendmentGround
from projections.derive import as_json, periods, text
from projections.state import AgreementState
from projections.wording import amount_text, long_date, number_text, periods_text, target_text

Row = dict[str, Any]

PARTY = {"pertama": "pihak pertama", "kedua": "pihak kedua"}


def _ground(value: str | None) -> str:
    if value is None:
        return "-"
    try:
        return AmendmentGround(value).label
    except ValueError:
        return value


def _entry_value(entry: Any) -> str:
    if entry.numerator is not None:
        return f"{number_text(entry.numerator)}/{number_text(entry.denominator)}"
    return number_text(entry.value)


def _counts(content: Content) -> str:
    return (f"{len(content.sasaran)} sasaran, {len(content.indicators())} indikator, "
            f"{len(content.program)} program")


def summary(event: ev.AgreementEvent, before: AgreementState | None) -> str:
    """What the event changed, in one line (old → new where something had a value)."""
    match event:
        case ev.Drafted():
            return f"PK {event.code} dibuat (versi 1): {_counts(event.content)}"
        case ev.TargetChanged():
            line = f"Target {event.indicator}: {target_text(event.old_target)} → {target_text(event.new_target)}"
            if event.old_periods != event.new_periods:
                line += (f"; per periode {periods_text(_plain_periods(event.old_periods))} → "
                         f"{periods_text(_plain_periods(event.new_periods))}")
            return line
        case ev.BudgetChanged():
            line = f"Anggaran {event.programme}: {amount_text(event.old_amount)} → {amount_text(event.new_amount)}"
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
            return (f"Versi {event.version} ditandatangani {PARTY[event.party]} ({event.signer}){place}, "
                    f"{long_date(event.effective)}")
        case ev.SignatureWithdrawn():
            return f"Tanda tangan {PARTY[event.party]} pada versi {event.version} ditarik"
        case ev.VersionInForce():
            return f"Versi {event.version} berlaku mulai {long_date(event.effective)}"
        case ev.AmendmentOpened():
            return (f"Perubahan dibuka (versi {event.version}): {_ground(event.ground)}; "
                    f"dasar hukum: {event.legal_basis}")
        case ev.AmendmentWithdrawn():
            return f"Perubahan versi {event.version} ditarik"
        case ev.RealisationRecorded():
            return f"Realisasi {event.indicator} bulan {event.month}: {_entry_value(event)}"
        case ev.BudgetRealisationRecorded():
            return f"Realisasi anggaran {event.programme} bulan {event.month}: {amount_text(event.amount)}"
        case ev.RealisationCorrected():
            old = _corrected_value(before, event)
            what = "Realisasi" if event.kind == "indikator" else "Realisasi anggaran"
            return f"Koreksi {what.lower()} {event.item} bulan {event.month}: {old} → {_entry_value(event)}"
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


def _plain_periods(value: dict[str, dict[int, Decimal] | None]) -> dict[str, Any] | None:
    for name, key in (("target_triwulan", "triwulan"), ("anggaran_triwulan", "triwulan"),
                      ("target_bulan", "bulan"), ("anggaran_bulan", "bulan")):
        if value.get(name) is not None:
            return {key: {str(k): text(v) for k, v in value[name].items()}}  # type: ignore[union-attr]
    return None


def _diff(old: Indicator | Programme, new: Indicator | Programme) -> str:
    before, after = old.model_dump(mode="json"), new.model_dump(mode="json")
    changed = [k for k in after if before.get(k) != after.get(k)]
    return "; ".join(f"{k}: {before.get(k)} → {after.get(k)}" for k in changed) or "-"


def _corrected_value(before: AgreementState | None, event: ev.RealisationCorrected) -> str:
    log = before.realisations.get(f"{event.kind}:{event.item}:{event.month}") if before else None
    entry = next((e for e in (log.entries if log else []) if e.seq == event.corrects), None)
    if entry is None:
        return "-"
    return amount_text(entry.value) if event.kind == "anggaran" else _entry_value(entry)


def audit_row(position: int, event: ev.AgreementEvent, before: AgreementState | None) -> Row:
    code = event.code if isinstance(event, ev.Drafted) else before.code  # type: ignore[union-attr]
    return {
        "position": position, "agreement_id": str(event.originator_id), "code": code,
        "seq": event.originator_version, "kind": event.KIND, "actor": event.actor,
        "recorded_at": text(event.timestamp), "effective": text(event.effective),
        "reason": event.reason, "summary": summary(event, before),
    }


# --------------------------------------------------------------------- target and budget changes


def _indicator_value(indicator: Indicator) -> tuple[str, str]:
    return indicator.target, as_json(periods(indicator))


def _programme_value(programme: Programme) -> tuple[str, str]:
    return text(programme.anggaran) or "0", as_json(periods(programme))


Change = tuple[str, str, str | None, str | None, str | None, str | None]


def _added(kind: str, item: str, value: tuple[str, str]) -> Change:
    return (kind, item, None, value[0], None, value[1])


def _removed(kind: str, item: str, value: tuple[str, str]) -> Change:
    return (kind, item, value[0], None, value[1], None)


def _changes(event: ev.AgreementEvent) -> list[Change]:
    """(kind, item, old, new, old periods, new periods) for each target or budget the event touches."""
    match event:
        case ev.Drafted():
            return [_added("indikator", i.kode, _indicator_value(i)) for i in event.content.indicators()] \
                + [_added("anggaran", p.kode, _programme_value(p)) for p in event.content.program]
        case ev.TargetChanged():
            return [("indikator", event.indicator, event.old_target, event.new_target,
                     as_json(_plain_periods(event.old_periods)), as_json(_plain_periods(event.new_periods)))]
        case ev.BudgetChanged():
            return [("anggaran", event.programme, text(event.old_amount), text(event.new_amount),
                     as_json(_plain_periods(event.old_periods)), as_json(_plain_periods(event.new_periods)))]
        case ev.IndicatorAdded():
            return [_added("indikator", event.indicator.kode, _indicator_value(event.indicator))]
        case ev.IndicatorRemoved():
            return [_removed("indikator", event.indicator.kode, _indicator_value(event.indicator))]
        case ev.ObjectiveAdded():
            return [_added("indikator", i.kode, _indicator_value(i)) for i in event.objective.indikator]
        case ev.ObjectiveRemoved():
            return [_removed("indikator", i.kode, _indicator_value(i)) for i in event.objective.indikator]
        case ev.ProgrammeAdded():
            return [_added("anggaran", event.programme.kode, _programme_value(event.programme))]
        case ev.ProgrammeRemoved():
            return [_removed("anggaran", event.programme.kode, _programme_value(event.programme))]
    return []


def target_change_rows(position: int, event: ev.AgreementEvent, before: AgreementState | None) -> list[Row]:
    changes = _changes(event)
    if not changes:
        return []
    draft = before.versions[-1] if before is not None else None
    version = draft.number if draft else 1
    ground = draft.amendment.ground if draft and draft.amendment else None
    code = event.code if isinstance(event, ev.Drafted) else before.code  # type: ignore[union-attr]
    return [
        {"position": position, "agreement_id": str(event.originator_id), "code": code,
         "seq": event.originator_version, "version": version, "ground": ground, "kind": kind,
         "item": item, "change": event.KIND, "old": old, "new": new, "old_periods": old_periods,
         "new_periods": new_periods, "actor": event.actor, "recorded_at": text(event.timestamp),
         "effective": text(event.effective), "reason": event.reason}
        for kind, item, old, new, old_periods, new_periods in changes
    ]
