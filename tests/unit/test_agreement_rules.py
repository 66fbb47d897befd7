"""The rules of an agreement's life (DESIGN.md "Rules that must hold"), on the aggregate itself.

Every refusal is checked with `refused`, which also asserts that nothing was recorded: the
aggregate's version and state stay as they were. A hypothesis state machine then drives random
command sequences and checks the lifecycle invariants after every step.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from domain import events as ev
from domain.achievement import months_of
from domain.agreement import Agreement, Stamp
from domain.document import AgreementDocument, Indicator, Objective, Party, Programme
from domain.errors import DomainError
from domain.status import QuarterState, Status

TODAY = date(2020, 12, 31)
DRAFTED = date(2020, 1, 2)


def document(**changes: Any) -> AgreementDocument:
    """A small agreement: a quarterly-targeted indicator, a ratio indicator, two programmes."""
    data: dict[str, Any] = {
        "kode": "UJI-2020",
        "tahun": 2020,
        "instansi": "Dinas Uji",
        "jenjang": "eselon-2",
        "pihak_pertama": {"nama": "Pejabat Lama", "jabatan": "Kepala Dinas Uji"},
        "pihak_kedua": {"nama": "Bupati", "jabatan": "Bupati Uji"},
        "sasaran": [
            {
                "kode": "S1",
                "uraian": "Sasaran satu",
                "indikator": [
                    {"kode": "S1.1", "uraian": "Indikator satu", "target": "0.63",
                     "target_triwulan": {1: "0", 2: "0", 3: "0.32", 4: "0.31"}},
                    {"kode": "S1.2", "uraian": "Rasio", "target": "4.60", "rasio": True},
                ],
            }
        ],
        "program": [
            {"kode": "P1", "uraian": "Program satu", "anggaran": "400",
             "anggaran_triwulan": {1: "100", 2: "100", 3: "100", 4: "100"}, "sasaran": ["S1"]},
            {"kode": "P2", "uraian": "Program dua", "anggaran": "50"},
        ],
    }
    data.update(changes)
    return AgreementDocument.model_validate(data)


def stamp(effective: date = TODAY, actor: str = "perencana", today: date = TODAY) -> Stamp:
    return Stamp(actor, effective, today)


def drafted(doc: AgreementDocument | None = None) -> Agreement:
    return Agreement.draft(doc or document(), stamp(DRAFTED), "PK awal")


def active() -> Agreement:
    agreement = drafted()
    agreement.sign(stamp(DRAFTED), "pertama", "Singaraja")
    agreement.sign(stamp(DRAFTED), "kedua", "Singaraja")
    return agreement


def amending() -> Agreement:
    agreement = active()
    agreement.open_amendment(stamp(), "perubahan-program", "APBD Perubahan 2020", "APBD-P")
    return agreement


def under_review() -> Agreement:
    agreement = active()
    agreement.submit_for_review(stamp(), "LKjIP selesai disusun")
    return agreement


def snapshot(agreement: Agreement) -> tuple[int, str]:
    """Everything the events built, so a refusal can be shown to have changed nothing."""
    state = {k: v for k, v in agreement.__dict__.items() if not k.startswith("_")}
    return agreement.version, repr(state)


def refused(agreement: Agreement, command: Callable[[], Any], match: str) -> None:
    before = snapshot(agreement)
    pending = len(agreement.pending_events)
    with pytest.raises(DomainError, match=match):
        command()
    assert snapshot(agreement) == before
    assert len(agreement.pending_events) == pending


def last_event(agreement: Agreement) -> ev.AgreementEvent:
    return agreement.pending_events[-1]  # type: ignore[return-value]


# ----------------------------------------------------------------- who, when, why


def test_every_event_records_actor_effective_date_and_recorded_time() -> None:
    agreement = active()
    agreement.record_realisation(stamp(actor="bidang"), "S1.1", 3, Decimal("0"))
    for event in agreement.pending_events:
        assert isinstance(event, ev.AgreementEvent)
        assert event.actor in {"perencana", "bidang"}
        assert event.effective <= TODAY
        assert event.timestamp is not None
    assert last_event(agreement).actor == "bidang"


def test_an_effective_date_in_the_future_is_refused() -> None:
    with pytest.raises(DomainError, match="masa depan"):
        Stamp("perencana", date(2021, 1, 1), TODAY)


def test_an_empty_actor_is_refused() -> None:
    with pytest.raises(DomainError, match="Pelaku"):
        Stamp("  ", TODAY, TODAY)


REASONED_COMMANDS: list[tuple[str, Callable[[], Agreement], Callable[[Agreement, str], None]]] = [
    ("target", drafted, lambda a, r: a.change_target(stamp(), "S1.1", "0.7", r)),
    ("budget", drafted, lambda a, r: a.change_budget(stamp(), "P2", Decimal("60"), r)),
    ("remove indicator", drafted, lambda a, r: a.remove_indicator(stamp(), "S1.2", r)),
    ("add programme", drafted,
     lambda a, r: a.add_programme(stamp(), Programme(kode="P3", uraian="Baru", anggaran=Decimal(1)), r)),
    ("cancel", drafted, lambda a, r: a.cancel(stamp(), r)),
    ("amendment", active, lambda a, r: a.open_amendment(stamp(), "mutasi-pejabat", "SK Bupati", r)),
    ("withdraw amendment", amending, lambda a, r: a.withdraw_amendment(stamp(), r)),
]


@pytest.mark.parametrize("blank", [None, "", "   "])
@pytest.mark.parametrize(("name", "make", "command"), REASONED_COMMANDS, ids=[c[0] for c in REASONED_COMMANDS])
def test_changes_of_targets_budgets_and_state_need_a_reason(
    name: str, make: Callable[[], Agreement], command: Callable[[Agreement, str | None], None],
    blank: str | None,
) -> None:
    agreement = make()
    refused(agreement, lambda: command(agreement, blank), "Alasan wajib")
    command(agreement, "alasan yang jelas")
    assert last_event(agreement).reason == "alasan yang jelas"


def test_withdrawing_a_signature_correcting_and_reopening_need_a_reason() -> None:
    agreement = drafted()
    agreement.sign(stamp(DRAFTED), "pertama")
    refused(agreement, lambda: agreement.withdraw_signature(stamp(), "pertama", ""), "Alasan wajib")
    agreement = active()
    agreement.record_realisation(stamp(), "S1.1", 3, Decimal("0"))
    refused(
        agreement,
        lambda: agreement.correct_realisation(stamp(), "indikator", "S1.1", 3, None, Decimal("1")),
        "Alasan wajib",
    )
    agreement.close_quarter(stamp(), 1, "evaluasi triwulan")
    refused(agreement, lambda: agreement.reopen_quarter(stamp(), 1, " "), "Alasan wajib")


def test_closing_a_quarter_and_the_review_steps_need_a_reason() -> None:
    agreement = active()
    refused(agreement, lambda: agreement.close_quarter(stamp(), 1, None), "Alasan wajib")
    refused(agreement, lambda: agreement.submit_for_review(stamp(), ""), "Alasan wajib")
    agreement.submit_for_review(stamp(), "LKjIP selesai disusun")
    refused(agreement, lambda: agreement.approve_review(stamp(), None), "Alasan wajib")


# ----------------------------------------------------------------- signatures


def test_a_signature_is_bound_to_the_content_hash_of_the_signed_version() -> None:
    agreement = drafted()
    agreement.sign(stamp(DRAFTED), "pertama", "Singaraja")
    signed = last_event(agreement)
    assert isinstance(signed, ev.Signed)
    assert signed.content_hash == agreement.state.versions[0].content.content_hash()
    assert agreement.state.versions[0].signatures["pertama"].signer == "Pejabat Lama"


def test_editing_after_a_signature_is_refused_until_it_is_withdrawn() -> None:
    agreement = drafted()
    agreement.sign(stamp(DRAFTED), "pertama")
    refused(agreement, lambda: agreement.change_target(stamp(), "S1.1", "0.7", "naik"), "sudah ditandatangani")
    refused(agreement, lambda: agreement.remove_programme(stamp(), "P2", "hapus"), "sudah ditandatangani")
    agreement.withdraw_signature(stamp(), "pertama", "target salah")
    agreement.change_target(stamp(), "S1.1", "0.7", "naik")
    assert agreement.draft_version.content.indicator("S1.1").target == "0.7"  # type: ignore[union-attr]
    assert agreement.draft_version.signatures == {}


def test_a_version_is_in_force_only_when_both_parties_signed() -> None:
    agreement = drafted()
    agreement.sign(stamp(DRAFTED), "pertama")
    assert agreement.state.status is Status.DRAFT
    assert not (agreement.state.in_force() is not None)
    with pytest.raises(DomainError, match="belum berlaku"):
        agreement.state.version_in_force()
    agreement.sign(stamp(date(2020, 1, 6)), "kedua")
    assert agreement.state.status is Status.ACTIVE
    assert agreement.state.version_in_force().number == 1
    assert agreement.state.version_in_force().in_force_from == date(2020, 1, 6)  # the later signature
    assert isinstance(last_event(agreement), ev.VersionInForce)


def test_signing_twice_by_the_same_party_or_an_unknown_party_is_refused() -> None:
    agreement = drafted()
    agreement.sign(stamp(DRAFTED), "pertama")
    refused(agreement, lambda: agreement.sign(stamp(), "pertama"), "sudah ditandatangani pihak pertama")
    refused(agreement, lambda: agreement.sign(stamp(), "ketiga"), "pertama' atau 'kedua")


def test_a_signature_dated_before_its_version_is_refused() -> None:
    agreement = drafted()
    refused(agreement, lambda: agreement.sign(stamp(date(2020, 1, 1)), "pertama"), "sebelum versi ini dibuat")


def test_withdrawing_a_signature_that_was_not_given_is_refused() -> None:
    agreement = drafted()
    refused(agreement, lambda: agreement.withdraw_signature(stamp(), "kedua", "x"), "belum ditandatangani")


def test_realisations_need_a_version_in_force() -> None:
    agreement = drafted()
    agreement.sign(stamp(DRAFTED), "pertama")
    refused(agreement, lambda: agreement.record_realisation(stamp(), "S1.1", 3, Decimal(0)), "belum berlaku")


# ----------------------------------------------------------------- amendments


def test_an_amendment_states_one_of_the_three_grounds_a_legal_basis_and_a_reason() -> None:
    agreement = active()
    refused(agreement, lambda: agreement.open_amendment(stamp(), "selera", "APBD-P", "x"), "tidak dikenal")
    refused(agreement, lambda: agreement.open_amendment(stamp(), "mutasi-pejabat", " ", "x"), "Dasar hukum")
    refused(agreement, lambda: agreement.open_amendment(stamp(), "mutasi-pejabat", "SK", ""), "Alasan wajib")
    agreement.open_amendment(stamp(), "perubahan-prioritas", "APBD Perubahan 2020", "prioritas baru")
    info = agreement.state.versions[1].amendment
    assert info is not None
    assert (info.ground, info.legal_basis, info.reason) == (
        "perubahan-prioritas", "APBD Perubahan 2020", "prioritas baru"
    )


def test_the_version_in_force_stays_in_force_during_an_amendment() -> None:
    agreement = amending()
    agreement.change_target(stamp(), "S1.2", "5", "naik")
    assert agreement.state.status is Status.AMENDING
    assert agreement.state.version_in_force().number == 1
    assert agreement.state.version_in_force().content.indicator("S1.2").target == "4.60"  # type: ignore[union-attr]
    agreement.sign(stamp(), "pertama")
    assert agreement.state.version_in_force().number == 1
    agreement.sign(stamp(), "kedua")
    assert agreement.state.version_in_force().number == 2
    assert agreement.state.versions[0].superseded_on == TODAY


def test_withdrawing_an_amendment_keeps_the_version_in_force() -> None:
    agreement = amending()
    agreement.change_target(stamp(), "S1.2", "5", "naik")
    agreement.withdraw_amendment(stamp(), "batal")
    assert agreement.state.status is Status.ACTIVE
    assert agreement.state.versions[1].withdrawn
    assert agreement.state.version_in_force().number == 1
    refused(agreement, lambda: agreement.withdraw_amendment(stamp(), "lagi"), "Tidak ada perubahan")


def test_an_amendment_is_opened_only_on_an_active_agreement() -> None:
    for agreement in (drafted(), amending(), under_review()):
        refused(
            agreement,
            lambda: agreement.open_amendment(stamp(), "mutasi-pejabat", "SK", "x"),  # noqa: B023
            "hanya bisa dibuka untuk PK yang berlaku",
        )


def test_an_amendment_dated_before_the_version_in_force_is_refused() -> None:
    agreement = drafted()
    agreement.sign(stamp(date(2020, 2, 1)), "pertama")
    agreement.sign(stamp(date(2020, 2, 1)), "kedua")
    refused(
        agreement,
        lambda: agreement.open_amendment(stamp(date(2020, 1, 31)), "mutasi-pejabat", "SK", "x"),
        "sebelum versi yang berlaku",
    )


def test_the_pk_belongs_to_the_position_a_change_of_official_keeps_it() -> None:
    agreement = amending()
    refused(
        agreement,
        lambda: agreement.change_party(stamp(), "pertama", Party(nama="X", jabatan="Jabatan Lain"), "mutasi"),
        "melekat pada jabatan",
    )
    agreement.change_party(stamp(), "pertama", Party(nama="Pejabat Baru", jabatan="Kepala Dinas Uji"), "mutasi")
    assert agreement.draft_version.content.pihak_pertama.nama == "Pejabat Baru"


# ----------------------------------------------------------------- no retroactive change


def test_an_amendment_may_not_change_the_target_of_a_period_with_a_realisation() -> None:
    agreement = active()
    agreement.record_realisation(stamp(), "S1.1", 3, Decimal("0"))
    agreement.open_amendment(stamp(), "perubahan-program", "APBD-P", "x")
    quarters_changed_in_tw1 = {1: Decimal("0.1"), 2: Decimal(0), 3: Decimal("0.32"), 4: Decimal("0.31")}
    refused(
        agreement,
        lambda: agreement.change_target(stamp(), "S1.1", "0.73", "x", quarters_changed_in_tw1),
        "tidak boleh diubah surut",
    )
    # a later period has no realisation yet: its target may change
    agreement.change_target(
        stamp(), "S1.1", "0.7", "x", {1: Decimal(0), 2: Decimal(0), 3: Decimal("0.39"), 4: Decimal("0.31")}
    )
    # the quarter closed, then reopened with a reason: now it may change too
    agreement.close_quarter(stamp(), 1, "evaluasi TW I")
    agreement.reopen_quarter(stamp(), 1, "salah target")
    agreement.change_target(stamp(), "S1.1", "0.8", "x", quarters_changed_in_tw1 | {3: Decimal("0.39")})
    assert agreement.draft_version.content.indicator("S1.1").target_triwulan[1] == Decimal("0.1")  # type: ignore[index, union-attr]


def test_an_amendment_may_not_change_the_budget_of_a_period_with_a_realisation() -> None:
    agreement = active()
    agreement.record_budget_realisation(stamp(), "P1", 2, Decimal("90"))
    agreement.open_amendment(stamp(), "perubahan-program", "APBD-P", "x")
    refused(
        agreement,
        lambda: agreement.change_budget(
            stamp(), "P1", Decimal(450), "x", {1: Decimal(150), 2: Decimal(100), 3: Decimal(100), 4: Decimal(100)}
        ),
        "tidak boleh diubah surut",
    )
    refused(agreement, lambda: agreement.remove_programme(stamp(), "P1", "x"), "tidak boleh diubah surut")
    agreement.change_budget(
        stamp(), "P1", Decimal(450), "x", {1: Decimal(100), 2: Decimal(100), 3: Decimal(100), 4: Decimal(150)}
    )


def test_a_realisation_recorded_while_an_amendment_is_open_blocks_its_signing() -> None:
    agreement = amending()
    agreement.change_target(
        stamp(), "S1.1", "0.73", "x", {1: Decimal("0.1"), 2: Decimal(0), 3: Decimal("0.32"), 4: Decimal("0.31")}
    )
    agreement.record_realisation(stamp(), "S1.1", 2, Decimal(0))  # against the version in force
    refused(agreement, lambda: agreement.sign(stamp(), "pertama"), "Triwulan 1 sudah punya realisasi")
    agreement.close_quarter(stamp(), 1, "evaluasi TW I")
    agreement.reopen_quarter(stamp(), 1, "target TW I direvisi")
    agreement.sign(stamp(), "pertama")
    agreement.sign(stamp(), "kedua")
    assert agreement.state.version_in_force().number == 2


def test_an_indicator_with_realisations_may_not_be_removed_by_an_amendment() -> None:
    agreement = active()
    agreement.record_realisation(stamp(), "S1.2", 5, None, Decimal(3503), Decimal(47914))
    agreement.open_amendment(stamp(), "perubahan-prioritas", "APBD-P", "x")
    refused(agreement, lambda: agreement.remove_indicator(stamp(), "S1.2", "x"), "tidak boleh diubah surut")


# ----------------------------------------------------------------- realisations


def test_a_realisation_is_never_overwritten_a_correction_references_it() -> None:
    agreement = active()
    agreement.record_realisation(stamp(), "S1.1", 9, Decimal("0.30"))
    first_seq = agreement.version
    refused(
        agreement, lambda: agreement.record_realisation(stamp(), "S1.1", 9, Decimal("0.32")), "tidak ditimpa"
    )
    agreement.correct_realisation(stamp(), "indikator", "S1.1", 9, "salah ketik", Decimal("0.32"))
    entries = entries_of(agreement, "indikator", "S1.1", 9)
    assert [e.value for e in entries] == [Decimal("0.30"), Decimal("0.32")]
    assert entries[1].corrects == first_seq == entries[0].originator_version
    assert entries[1].reason == "salah ketik"
    current = agreement.state.realisation("indikator", "S1.1", 9)
    assert current is not None and (current.value, current.entries) == (Decimal("0.32"), 2)
    refused(
        agreement,
        lambda: agreement.correct_realisation(stamp(), "indikator", "S1.1", 9, "x", Decimal("0.32")),
        "sama dengan nilai yang sekarang",
    )


def test_a_budget_realisation_is_never_overwritten_either() -> None:
    agreement = active()
    agreement.record_budget_realisation(stamp(), "P1", 3, Decimal(90))
    refused(agreement, lambda: agreement.record_budget_realisation(stamp(), "P1", 3, Decimal(95)), "sudah ada")
    refused(agreement, lambda: agreement.record_budget_realisation(stamp(), "P2", 3, Decimal(-1)), "negatif")
    agreement.correct_realisation(stamp(), "anggaran", "P1", 3, "kuitansi", Decimal(95))
    assert [e.values()["value"] for e in entries_of(agreement, "anggaran", "P1", 3)] == [90, 95]


def test_a_correction_needs_something_to_correct() -> None:
    agreement = active()
    refused(
        agreement,
        lambda: agreement.correct_realisation(stamp(), "indikator", "S1.1", 4, "x", Decimal(1)),
        "Belum ada realisasi",
    )


@pytest.mark.parametrize(
    ("month", "today", "match"),
    [(0, TODAY, "di luar 1..12"), (13, TODAY, "di luar 1..12"), (7, date(2020, 6, 30), "belum tiba")],
)
def test_a_realisation_outside_the_year_or_after_today_is_refused(month: int, today: date, match: str) -> None:
    agreement = active()
    when = Stamp("perencana", today, today)
    refused(agreement, lambda: agreement.record_realisation(when, "S1.1", month, Decimal(1)), match)


def test_a_realisation_takes_effect_in_its_own_month() -> None:
    agreement = active()
    agreement.record_realisation(stamp(), "S1.1", 2, Decimal(0))
    assert last_event(agreement).effective == date(2020, 2, 29)


def test_a_ratio_indicator_takes_numerator_and_denominator() -> None:
    agreement = active()
    refused(agreement, lambda: agreement.record_realisation(stamp(), "S1.2", 3, Decimal("7.31")), "rasio")
    refused(
        agreement,
        lambda: agreement.record_realisation(stamp(), "S1.2", 3, None, Decimal(1), Decimal(0)),
        "tidak boleh nol",
    )
    refused(
        agreement,
        lambda: agreement.record_realisation(stamp(), "S1.1", 3, None, Decimal(1), Decimal(2)),
        "satu nilai",
    )
    agreement.record_realisation(stamp(), "S1.2", 3, None, Decimal(3503), Decimal(47914))
    entry = agreement.state.realisation("indikator", "S1.2", 3)
    assert entry is not None
    assert (entry.numerator, entry.denominator, entry.value) == (3503, 47914, None)


def entries_of(agreement: Agreement, kind: str, item: str, month: int) -> list[Any]:
    """Every entry recorded for one realisation (the state keeps the current one; the events
    keep them all)."""
    return [e for e in agreement.pending_events
            if isinstance(e, ev.PeriodEntry) and e.period() == (kind, item, month)]


def reviewed() -> Agreement:
    agreement = under_review()
    agreement.approve_review(stamp(), "reviu selesai")
    return agreement


def cancelled() -> Agreement:
    agreement = drafted()
    agreement.cancel(stamp(), "salah instansi")
    return agreement


@pytest.mark.parametrize("make", [under_review, reviewed, cancelled])
def test_a_realisation_on_a_reviewed_or_cancelled_agreement_is_refused(make: Callable[[], Agreement]) -> None:
    agreement = make()
    refused(
        agreement,
        lambda: agreement.record_realisation(stamp(), "S1.1", 3, Decimal(0)),
        f"berstatus {agreement.state.status.label}: realisasi tidak bisa dicatat",
    )


def test_an_unknown_indicator_or_programme_is_refused() -> None:
    agreement = active()
    refused(agreement, lambda: agreement.record_realisation(stamp(), "S9.9", 3, Decimal(0)), "tidak ada")
    refused(agreement, lambda: agreement.record_budget_realisation(stamp(), "P9", 3, Decimal(0)), "tidak ada")


# ----------------------------------------------------------------- quarters


def test_a_closed_quarter_freezes_its_realisations_until_reopened_with_a_reason() -> None:
    agreement = active()
    agreement.record_realisation(stamp(), "S1.1", 3, Decimal(0))
    agreement.close_quarter(stamp(), 1, "evaluasi TW I")
    assert agreement.state.quarters[1] is QuarterState.CLOSED
    refused(agreement, lambda: agreement.record_realisation(stamp(), "S1.1", 2, Decimal(0)), "sudah ditutup")
    refused(
        agreement,
        lambda: agreement.correct_realisation(stamp(), "indikator", "S1.1", 3, "x", Decimal(1)),
        "sudah ditutup",
    )
    refused(agreement, lambda: agreement.close_quarter(stamp(), 1, "evaluasi triwulan"), "sudah ditutup")
    agreement.record_realisation(stamp(), "S1.1", 4, Decimal(0))  # other quarters stay open
    agreement.reopen_quarter(stamp(), 1, "data susulan")
    refused(agreement, lambda: agreement.reopen_quarter(stamp(), 1, "lagi"), "sudah dibuka kembali")
    agreement.correct_realisation(stamp(), "indikator", "S1.1", 3, "data susulan", Decimal(1))


def test_quarters_are_one_to_four() -> None:
    agreement = active()
    refused(agreement, lambda: agreement.close_quarter(stamp(), 5, "evaluasi triwulan"), "pilih 1..4")
    refused(agreement, lambda: agreement.reopen_quarter(stamp(), 0, "x"), "pilih 1..4")


# ----------------------------------------------------------------- transitions


def test_draft_to_cancelled_is_terminal() -> None:
    agreement = drafted()
    agreement.cancel(stamp(), "salah jabatan")
    assert agreement.state.status is Status.CANCELLED
    refused(agreement, lambda: agreement.cancel(stamp(), "lagi"), "Hanya PK draf")
    refused(agreement, lambda: agreement.sign(stamp(), "pertama"), "tidak ada versi draf")
    refused(agreement, lambda: agreement.reopen_quarter(stamp(), 1, "x"), "Dibatalkan")


def test_only_a_draft_can_be_cancelled() -> None:
    for agreement in (active(), amending(), under_review()):
        refused(agreement, lambda: agreement.cancel(stamp(), "x"), "Hanya PK draf")  # noqa: B023


def test_review_submit_return_submit_approve() -> None:
    agreement = active()
    agreement.submit_for_review(stamp(), "LKjIP selesai disusun")
    assert agreement.state.status is Status.UNDER_REVIEW
    refused(agreement, lambda: agreement.submit_for_review(stamp(), "LKjIP selesai disusun"), "Dalam reviu")
    refused(agreement, lambda: agreement.return_review(stamp(), [" ", ""]), "minimal satu temuan")
    agreement.return_review(stamp(), ["Bukti dukung kurang"])
    assert agreement.state.status is Status.ACTIVE
    assert agreement.state.findings == ["Bukti dukung kurang"]
    agreement.submit_for_review(stamp(), "LKjIP selesai disusun")
    agreement.approve_review(stamp(), "reviu selesai")
    assert agreement.state.status is Status.REVIEWED
    for command in (
        lambda: agreement.submit_for_review(stamp(), "LKjIP selesai disusun"),
        lambda: agreement.approve_review(stamp(), "reviu selesai"),
        lambda: agreement.open_amendment(stamp(), "mutasi-pejabat", "SK", "x"),
        lambda: agreement.reopen_quarter(stamp(), 1, "x"),
    ):
        refused(agreement, command, "Selesai direviu|tidak sedang direviu")


def test_review_needs_an_active_agreement_without_an_open_amendment() -> None:
    for agreement in (drafted(), amending()):
        refused(agreement, lambda: agreement.submit_for_review(stamp(), "LKjIP selesai disusun"), "Hanya PK yang berlaku")  # noqa: B023
    agreement = active()
    refused(agreement, lambda: agreement.approve_review(stamp(), "reviu selesai"), "tidak sedang direviu")
    refused(agreement, lambda: agreement.return_review(stamp(), ["x"]), "tidak sedang direviu")


def test_editing_needs_a_draft_version() -> None:
    for agreement in (active(), under_review()):
        refused(agreement, lambda: agreement.change_target(stamp(), "S1.1", "1", "x"), "tidak ada versi draf")  # noqa: B023


def test_edits_that_change_nothing_are_refused() -> None:
    agreement = drafted()
    refused(agreement, lambda: agreement.change_target(stamp(), "S1.2", "4,6", "x"), "tidak berubah")
    refused(agreement, lambda: agreement.change_budget(stamp(), "P2", Decimal(50), "x"), "tidak berubah")
    refused(agreement, lambda: agreement.revise_objective(stamp(), "S1", "Sasaran satu", "x"), "tidak berubah")


def test_structural_edits_keep_the_content_consistent() -> None:
    agreement = drafted()
    refused(
        agreement,
        lambda: agreement.add_objective(stamp(), Objective(kode="S1", uraian="lagi"), "x"),
        "sudah ada",
    )
    refused(
        agreement,
        lambda: agreement.add_indicator(stamp(), "S1", Indicator(kode="S1.2", uraian="x", target="1"), "x"),
        "sudah ada",
    )
    refused(agreement, lambda: agreement.remove_objective(stamp(), "S1", "x"), "masih dirujuk")
    refused(
        agreement,
        lambda: agreement.change_budget(stamp(), "P1", Decimal(500), "x", {1: Decimal(1)}),
        "tidak valid",
    )
    agreement.add_indicator(stamp(), "S1", Indicator(kode="S1.3", uraian="Baru", target="10"), "baru")
    assert agreement.draft_version.content.indicator("S1.3") is not None


# ----------------------------------------------------------------- lifecycle state machine

ALLOWED = {
    (Status.DRAFT, Status.ACTIVE), (Status.DRAFT, Status.CANCELLED),
    (Status.ACTIVE, Status.AMENDING), (Status.AMENDING, Status.ACTIVE),
    (Status.ACTIVE, Status.UNDER_REVIEW), (Status.UNDER_REVIEW, Status.REVIEWED),
    (Status.UNDER_REVIEW, Status.ACTIVE),
}

parties = st.sampled_from(["pertama", "kedua"])
months = st.integers(min_value=1, max_value=12)
values = st.integers(min_value=-5, max_value=100).map(Decimal)


class AgreementLifecycle(RuleBasedStateMachine):
    """Random command sequences: refusals change nothing, accepted ones follow the diagram."""

    @initialize(start=st.sampled_from([drafted, active, amending]))
    def start(self, start: Callable[[], Agreement]) -> None:
        self.agreement = start()
        self.status = self.agreement.state.status
        self.events: list[Any] = list(self.agreement.collect_events())
        self.ever_reopened: set[int] = set()

    def attempt(self, command: Callable[[], Any]) -> None:
        before = snapshot(self.agreement)
        try:
            command()
        except DomainError:
            assert snapshot(self.agreement) == before, "a refused command changed the agreement"
        for event in self.agreement.collect_events():
            self.check_no_retroactive_change(event)
            self.events.append(event)
        new_status = self.agreement.state.status
        assert new_status == self.status or (self.status, new_status) in ALLOWED, (self.status, new_status)
        self.status = new_status

    @rule(party=parties)
    def sign(self, party: str) -> None:
        self.attempt(lambda: self.agreement.sign(stamp(), party))

    @rule(party=parties)
    def withdraw_signature(self, party: str) -> None:
        self.attempt(lambda: self.agreement.withdraw_signature(stamp(), party, "salah"))

    @rule(annual=st.integers(min_value=0, max_value=50))
    def change_target(self, annual: int) -> None:
        self.attempt(lambda: self.agreement.change_target(stamp(), "S1.2", str(annual), "ubah"))

    @rule(quarter_target=values)
    def change_first_quarter_target(self, quarter_target: Decimal) -> None:
        periods = {1: quarter_target, 2: Decimal(0), 3: Decimal("0.32"), 4: Decimal("0.31")}
        self.attempt(lambda: self.agreement.change_target(stamp(), "S1.1", "0.63", "ubah", periods))

    @rule(ground=st.sampled_from(["mutasi-pejabat", "perubahan-program", "tidak-sah"]))
    def open_amendment(self, ground: str) -> None:
        self.attempt(lambda: self.agreement.open_amendment(stamp(), ground, "APBD-P", "perubahan"))

    @rule()
    def withdraw_amendment(self) -> None:
        self.attempt(lambda: self.agreement.withdraw_amendment(stamp(), "batal"))

    @rule(month=months, value=values)
    def record(self, month: int, value: Decimal) -> None:
        self.attempt(lambda: self.agreement.record_realisation(stamp(), "S1.1", month, value))

    @rule(month=months, value=values)
    def correct(self, month: int, value: Decimal) -> None:
        self.attempt(
            lambda: self.agreement.correct_realisation(stamp(), "indikator", "S1.1", month, "koreksi", value)
        )

    @rule(quarter=st.integers(min_value=1, max_value=4))
    def close_quarter(self, quarter: int) -> None:
        self.attempt(lambda: self.agreement.close_quarter(stamp(), quarter, "evaluasi triwulan"))

    @rule(quarter=st.integers(min_value=1, max_value=4))
    def reopen_quarter(self, quarter: int) -> None:
        self.attempt(lambda: self.agreement.reopen_quarter(stamp(), quarter, "buka"))
        if self.agreement.state.quarters[quarter] is QuarterState.REOPENED:
            self.ever_reopened.add(quarter)

    @rule()
    def submit(self) -> None:
        self.attempt(lambda: self.agreement.submit_for_review(stamp(), "LKjIP selesai disusun"))

    @rule()
    def approve(self) -> None:
        self.attempt(lambda: self.agreement.approve_review(stamp(), "reviu selesai"))

    @rule()
    def return_review(self) -> None:
        self.attempt(lambda: self.agreement.return_review(stamp(), ["temuan"]))

    @precondition(lambda self: self.agreement.state.status is Status.DRAFT)
    @rule(dice=st.integers(min_value=0, max_value=9))
    def cancel(self, dice: int) -> None:
        """Rarely: a cancelled agreement ends the interesting part of a run."""
        if dice == 0:
            self.attempt(lambda: self.agreement.cancel(stamp(), "batal"))

    @invariant()
    def a_version_is_in_force_only_when_both_parties_signed_it(self) -> None:
        for version in self.agreement.state.versions:
            if version.in_force_from is not None:
                assert version.is_fully_signed
                hashes = {s.content_hash for s in version.signatures.values()}
                assert hashes == {version.content.content_hash()}
        needs_force = {Status.ACTIVE, Status.AMENDING, Status.UNDER_REVIEW, Status.REVIEWED}
        in_force = self.agreement.state.in_force() is not None
        assert (self.agreement.state.status in needs_force) == in_force or (
            self.agreement.state.status is Status.CANCELLED and not in_force
        )

    @invariant()
    def realisations_are_never_overwritten(self) -> None:
        """Every entry ever recorded stays in the log; a correction names the entry it replaces;
        the state's current entry is the last one, and counts them all."""
        logs: dict[tuple[Any, ...], list[Any]] = {}
        for event in self.events + list(self.agreement.pending_events):
            if isinstance(event, ev.PeriodEntry):
                logs.setdefault(event.period(), []).append(event)
        for key, entries in logs.items():
            for previous, entry in zip(entries, entries[1:]):
                assert entry.corrects == previous.originator_version and entry.reason
            current = self.agreement.state.realisation(*key)
            assert current is not None
            assert (current.seq, current.entries) == (entries[-1].originator_version, len(entries))

    def check_no_retroactive_change(self, event: Any) -> None:
        """A new version in force keeps the targets of every realised quarter never reopened."""
        if not isinstance(event, ev.VersionInForce) or event.version == 1:
            return
        previous = [v for v in self.agreement.state.versions[: event.version - 1] if v.in_force_from][-1]
        before = previous.content.indicator("S1.1")
        after = self.agreement.state.versions[event.version - 1].content.indicator("S1.1")
        assert before is not None and after is not None
        for quarter in (1, 2, 3, 4):
            realised = any(self.agreement.state.realisation("indikator", "S1.1", m) for m in months_of(quarter))
            if realised and quarter not in self.ever_reopened:
                assert after.target_triwulan[quarter] == before.target_triwulan[quarter]  # type: ignore[index]

    @invariant()
    def replaying_the_events_rebuilds_the_same_state(self) -> None:
        rebuilt = None
        for event in self.events:
            rebuilt = event.mutate(rebuilt)
        assert rebuilt is not None
        assert snapshot(rebuilt) == snapshot(self.agreement)


AgreementLifecycle.TestCase.settings = settings(
    max_examples=80, stateful_step_count=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
test_agreement_lifecycle = AgreementLifecycle.TestCase


# ----------------------------------------------------------------- found in review


def test_lifecycle_events_are_recorded_in_date_order() -> None:
    """An act dated before the agreement's latest act would make "as of" views contradict the
    record (e.g. a version shown in force before its last edit); realisations keep their month."""
    agreement = active()
    agreement.open_amendment(stamp(date(2020, 10, 1)), "perubahan-program", "APBD-P", "APBD-P")
    agreement.change_target(stamp(date(2020, 10, 10)), "S1.1", "0.70", "naik")
    refused(agreement, lambda: agreement.sign(stamp(date(2020, 10, 5)), "pertama"), "sebelum peristiwa terakhir")
    refused(
        agreement, lambda: agreement.withdraw_amendment(stamp(date(2020, 9, 30)), "batal"),
        "sebelum peristiwa terakhir",
    )
    agreement.record_realisation(stamp(date(2020, 10, 10)), "S1.1", 3, Decimal("0"))
    assert last_event(agreement).effective == date(2020, 3, 31)


def test_changing_how_a_realised_indicator_is_computed_is_retroactive() -> None:
    agreement = active()
    agreement.record_realisation(stamp(), "S1.1", 3, Decimal("0"))
    agreement.open_amendment(stamp(), "perubahan-program", "APBD-P", "APBD-P")
    old = agreement.draft_version.content.indicator("S1.1")
    assert old is not None
    akhir = Indicator.model_validate({**old.model_dump(), "penghitungan": "akhir"})
    refused(agreement, lambda: agreement.revise_indicator(stamp(), akhir, "akhir"), "tidak boleh diubah surut")
    renamed = Indicator.model_validate({**old.model_dump(), "uraian": "Nama baru"})
    agreement.revise_indicator(stamp(), renamed, "nama")  # naming is not computing
    ratio = Indicator.model_validate({**old.model_dump(), "rasio": True})
    agreement.close_quarter(stamp(), 1, "evaluasi TW I")
    agreement.reopen_quarter(stamp(), 1, "koreksi")
    refused(agreement, lambda: agreement.revise_indicator(stamp(), ratio, "rasio"), "rasio/bukan rasio")
    agreement.revise_indicator(stamp(), akhir, "akhir, TW I dibuka kembali")


def test_a_budget_change_keeps_its_period_budgets_when_they_still_add_up() -> None:
    agreement = drafted()
    refused(
        agreement, lambda: agreement.change_budget(stamp(), "P1", Decimal("500"), "naik"),
        "tidak sama dengan anggaran tahunan",
    )
    agreement.change_budget(
        stamp(), "P1", Decimal("500"), "naik", anggaran_triwulan={1: 125, 2: 125, 3: 125, 4: 125}
    )
    programme = agreement.draft_version.content.programme("P1")
    assert programme is not None and programme.anggaran_triwulan == {q: Decimal(125) for q in (1, 2, 3, 4)}


def test_a_reviewed_agreement_takes_no_quarter_closing() -> None:
    agreement = under_review()
    agreement.approve_review(stamp(), "reviu selesai")
    refused(agreement, lambda: agreement.close_quarter(stamp(), 1, "evaluasi"), "Selesai direviu")
