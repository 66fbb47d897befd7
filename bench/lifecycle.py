"""Play a generated year through the Agreement aggregate's own commands and rules.

This is the engine's bulk path: every fact goes through the aggregate's commands (which check
every rule and trigger the events), and the aggregates are then saved many at a time with one
`Application.save(...)` — one transaction — by `bench.ingest`.
"""

from __future__ import annotations

from datetime import date, timedelta

from bench.generator import TODAY, YEAR, AgreementYear, Realisation
from domain.agreement import Agreement, Stamp
from domain.position import PositionSlot, position_slot_id
from domain.revision import revise_to

ACTOR = "perencana"
_DRAFTED = date(YEAR, 1, 2)
_SIGNED = date(YEAR, 1, 5)
_AMENDED = date(YEAR, 10, 15)  # after the TW III evaluation
_AMENDMENT_SIGNED = date(YEAR, 10, 20)


def _stamp(effective: date) -> Stamp:
    return Stamp(ACTOR, effective, TODAY)


def _record(agreement: Agreement, entry: Realisation) -> None:
    stamp = _stamp(TODAY)
    if entry.kind == "anggaran":
        assert entry.value is not None
        agreement.record_budget_realisation(stamp, entry.item, entry.month, entry.value)
    else:
        agreement.record_realisation(
            stamp, entry.item, entry.month, entry.value, entry.numerator, entry.denominator
        )


def _sign_both(agreement: Agreement, on: date) -> None:
    agreement.sign(_stamp(on), "pertama", "Kantor Bupati")
    agreement.sign(_stamp(on), "kedua", "Kantor Bupati")


def play_year(year: AgreementYear) -> tuple[Agreement, PositionSlot]:
    """The agreement and its position slot, with the whole year's events pending."""
    document = year.document
    agreement = Agreement.draft(document, _stamp(_DRAFTED))
    state = agreement.state
    slot = PositionSlot.open(
        position_slot_id(state.agency, state.year, state.position), agreement.code, ACTOR, _DRAFTED,
    )
    _sign_both(agreement, _SIGNED)
    for quarter in (1, 2, 3, 4):
        if quarter == 4 and year.amendment is not None:
            amendment_stamp = _stamp(_AMENDED)
            agreement.open_amendment(
                amendment_stamp, "perubahan-program", f"APBD Perubahan {YEAR}",
                "Penyesuaian target dan anggaran Triwulan IV dengan APBD Perubahan",
            )
            revise_to(agreement, amendment_stamp, year.amendment.content(), "APBD Perubahan")
            _sign_both(agreement, _AMENDMENT_SIGNED)
        for entry in year.realisations:
            if (entry.month - 1) // 3 + 1 == quarter:
                _record(agreement, entry)
        closing = date(YEAR, quarter * 3, 28) + timedelta(days=15)
        agreement.close_quarter(_stamp(closing), quarter, "Evaluasi triwulanan")
    agreement.submit_for_review(_stamp(date(YEAR + 1, 1, 20)), "Reviu LKjIP oleh APIP")
    agreement.approve_review(_stamp(date(YEAR + 1, 1, 28)), "Reviu selesai tanpa temuan")
    return agreement, slot
