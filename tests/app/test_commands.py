"""The engine's commands on a real database: refusals write nothing, uniqueness, conflicts, and
the Buleleng PK Perubahan applied as an amendment."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from domain import commands as c
from domain.agreement import Agreement, Stamp
from domain.document import AgreementDocument, Content
from domain.errors import DomainError, NotFound
from domain.identity import agreement_id
from domain.status import Status
from kinerja_flow.application import RETRIES, KinerjaApp
from kinerja_flow.errors import ConflictError
from kinerja_flow.handlers import HANDLERS
from kinerja_flow.settings import Settings
from kinerja_flow.unit_of_work import UnitOfWork
from tests.conftest import TODAY
from tests.entries import last_entry

CODE = "DINSOS-BLL-2020-KADIS"
SIGNED_ON = date(2020, 1, 2)


def events(app: KinerjaApp) -> int:
    """How many events are stored (PostgreSQL's notification ids can have gaps after a conflict)."""
    return len(app.recorder.select_notifications(start=None, limit=1_000_000))


def same_content(got: Content, want: Content) -> bool:
    """Equal up to the order of objectives and programmes (revising does not reorder them)."""
    def keyed(content: Content) -> dict[str, Any]:
        data = content.model_dump()
        for field in ("sasaran", "program"):
            data[field] = {item["kode"]: item for item in data[field]}
        return data

    return keyed(got) == keyed(want)


def refused(app: KinerjaApp, command: Callable[[], Any], match: str) -> None:
    before = events(app)
    with pytest.raises(DomainError, match=match):
        command()
    assert events(app) == before, "a refused command wrote events"


@pytest.fixture
def active(app: KinerjaApp, pk_awal: AgreementDocument) -> KinerjaApp:
    """The Buleleng PK 2020 signed by both parties on 2 Januari 2020."""
    app.handle(c.CreateAgreement(document=pk_awal, effective=SIGNED_ON))
    app.handle(c.Sign(code=CODE, party="pertama", place="Singaraja", effective=SIGNED_ON))
    app.handle(c.Sign(code=CODE, party="kedua", place="Singaraja", effective=SIGNED_ON))
    return app


@pytest.fixture
def other_app(db_url: str) -> Iterator[KinerjaApp]:
    """A second engine on the same database: another user at the same moment."""
    application = KinerjaApp(Settings(db=db_url, actor="kabid"), clock=lambda: TODAY)
    yield application
    application.close()


# ----------------------------------------------------------------- refusals write nothing

REFUSALS_ON_ACTIVE: list[tuple[str, Callable[[KinerjaApp], Any], str]] = [
    ("sign again", lambda a: a.handle(c.Sign(code=CODE, party="pertama")), "tidak ada versi draf"),
    ("edit without a draft", lambda a: a.handle(c.ChangeTarget(code=CODE, indicator="S1.1", target="5", reason="x")), "tidak ada versi draf"),
    ("cancel an active PK", lambda a: a.handle(c.CancelAgreement(code=CODE, reason="x")), "Hanya PK draf"),
    ("approve without review", lambda a: a.handle(c.ApproveReview(code=CODE, reason="reviu selesai")), "tidak sedang direviu"),
    ("withdraw no amendment", lambda a: a.handle(c.WithdrawAmendment(code=CODE, reason="x")), "Tidak ada perubahan"),
    ("unknown ground", lambda a: a.handle(c.OpenAmendment(code=CODE, ground="suka-suka", legal_basis="APBD-P", reason="x")), "tidak dikenal"),
    ("amendment without basis", lambda a: a.handle(c.OpenAmendment(code=CODE, ground="mutasi-pejabat", legal_basis="", reason="x")), "Dasar hukum"),
    ("amendment without reason", lambda a: a.handle(c.OpenAmendment(code=CODE, ground="mutasi-pejabat", legal_basis="SK", reason=" ")),
     "Alasan wajib"),
    ("amendment in the future", lambda a: a.handle(c.OpenAmendment(code=CODE, ground="mutasi-pejabat", legal_basis="SK", reason="x", effective=date(2027, 1, 1))), "masa depan"),
    ("month 13", lambda a: a.handle(c.RecordRealisation(code=CODE, indicator="S1.1", month=13, value=Decimal(1))), "di luar 1..12"),
    ("unknown indicator", lambda a: a.handle(c.RecordRealisation(code=CODE, indicator="S9", month=3, value=Decimal(1))), "tidak ada"),
    ("negative budget", lambda a: a.handle(c.RecordBudgetRealisation(code=CODE, programme="P01", month=3, amount=Decimal(-1))), "negatif"),
    ("correct nothing", lambda a: a.handle(c.CorrectRealisation(code=CODE, kind="indikator", item="S1.1", month=3, reason="x", value=Decimal(1))),
     "Belum ada realisasi"),
    ("reopen a quarter never closed", lambda a: a.handle(c.ReopenQuarter(code=CODE, quarter=1, reason="buka")), "belum ditutup"),
    ("quarter 5", lambda a: a.handle(c.CloseQuarter(code=CODE, quarter=5, reason="evaluasi triwulan")), "pilih 1..4"),
    ("unknown agreement", lambda a: a.handle(c.Sign(code="TIDAK-ADA", party="pertama")), "tidak ditemukan"),
]


def test_a_refused_command_writes_no_event(active: KinerjaApp) -> None:
    """One agreement for all cases: each refusal leaves it exactly as it was."""
    for name, command, match in REFUSALS_ON_ACTIVE:
        try:
            refused(active, lambda: command(active), match)  # noqa: B023
        except (AssertionError, pytest.fail.Exception) as failure:
            raise AssertionError(f"{name}: {failure}") from None


def test_refusals_later_in_the_year_write_no_event(active: KinerjaApp) -> None:
    active.handle(c.RecordRealisation(code=CODE, indicator="S1.1", month=3, value=Decimal(0)))
    refused(active, lambda: active.handle(c.RecordRealisation(code=CODE, indicator="S1.1", month=3, value=Decimal(1))), "tidak ditimpa")
    refused(active, lambda: active.handle(c.CorrectRealisation(code=CODE, kind="indikator", item="S1.1", month=3, reason="", value=Decimal(1))),
            "Alasan wajib")
    active.handle(c.CloseQuarter(code=CODE, quarter=1, reason="evaluasi triwulan"))
    refused(active, lambda: active.handle(c.CloseQuarter(code=CODE, quarter=1, reason="evaluasi triwulan")), "sudah ditutup")
    refused(active, lambda: active.handle(c.RecordRealisation(code=CODE, indicator="S2.1", month=2, value=Decimal(1))), "sudah ditutup")
    active.handle(c.SubmitForReview(code=CODE, reason="LKjIP selesai disusun"))
    refused(active, lambda: active.handle(c.ReturnReview(code=CODE, findings=[])), "minimal satu temuan")
    refused(active, lambda: active.handle(c.RecordRealisation(code=CODE, indicator="S2.1", month=4, value=Decimal(1))), "Dalam reviu")
    active.handle(c.ApproveReview(code=CODE, reason="reviu selesai"))
    refused(active, lambda: active.handle(c.RecordBudgetRealisation(code=CODE, programme="P01", month=4, amount=Decimal(1))), "Selesai direviu")


def test_an_invalid_edit_writes_no_event(app: KinerjaApp, pk_awal: AgreementDocument) -> None:
    app.handle(c.CreateAgreement(document=pk_awal, effective=SIGNED_ON))
    refused(app, lambda: app.handle(c.ChangeTarget(code=CODE, indicator="S1.1", target="abc", reason="x")),
            "tidak valid")
    refused(app, lambda: app.handle(c.ChangeBudget(code=CODE, programme="P01", amount=Decimal(10), reason="x", anggaran_triwulan={1: Decimal(1)})), "tidak valid")
    refused(app, lambda: app.handle(c.Sign(code=CODE, party="pertama", effective=date(2020, 1, 1))), "sebelum versi ini dibuat")


def test_a_document_for_another_agreement_is_refused(active: KinerjaApp, pk_perubahan: AgreementDocument) -> None:
    other = pk_perubahan.model_copy(update={"kode": "LAIN-2020"})
    refused(active, lambda: active.handle(c.OpenAmendment(code=CODE, ground="perubahan-program", legal_basis="APBD-P", reason="x", document=other)),
            "bukan")


# ----------------------------------------------------------------- uniqueness


def test_a_duplicate_code_is_refused(app: KinerjaApp, pk_awal: AgreementDocument) -> None:
    app.handle(c.CreateAgreement(document=pk_awal, effective=SIGNED_ON))
    refused(app, lambda: app.handle(c.CreateAgreement(document=pk_awal)), "sudah dipakai")
    lower = pk_awal.model_copy(update={"kode": CODE.lower()})
    refused(app, lambda: app.handle(c.CreateAgreement(document=lower)), "sudah dipakai")


def test_one_agreement_per_agency_year_and_position_freed_again_by_cancel(
    app: KinerjaApp, pk_awal: AgreementDocument
) -> None:
    app.handle(c.CreateAgreement(document=pk_awal, effective=SIGNED_ON))
    second = pk_awal.model_copy(update={"kode": "DINSOS-BLL-2020-KADIS-B"})
    refused(app, lambda: app.handle(c.CreateAgreement(document=second)), "sudah punya PK untuk tahun tersebut: DINSOS-BLL-2020-KADIS")
    # another year or another position is another slot
    app.handle(c.CreateAgreement(document=pk_awal.model_copy(update={"kode": "DINSOS-BLL-2021-KADIS", "tahun": 2021})))
    app.handle(c.CancelAgreement(code=CODE, reason="dibuat ganda"))
    assert app.state(CODE).status is Status.CANCELLED
    app.handle(c.CreateAgreement(document=second))
    assert app.state(second.kode).status is Status.DRAFT
    # the cancelled code stays taken: codes are never reused
    refused(app, lambda: app.handle(c.CreateAgreement(document=pk_awal)), "sudah dipakai")


def test_a_change_of_official_keeps_the_position(app: KinerjaApp, pk_awal: AgreementDocument) -> None:
    new_official = pk_awal.pihak_pertama.model_copy(update={"nama": "Pejabat Baru"})
    app.handle(c.CreateAgreement(document=pk_awal, effective=SIGNED_ON))
    second = pk_awal.model_copy(update={"kode": "KADIS-BARU", "pihak_pertama": new_official})
    refused(app, lambda: app.handle(c.CreateAgreement(document=second)), "pergantian pejabat adalah PK Perubahan")


# ----------------------------------------------------------------- conflicts


@dataclass(frozen=True, kw_only=True)
class Meanwhile(c.OnAgreement):
    """A test's command: `act` runs on the loaded agreement, where another user may write
    between our load and our save, as happens for real between two processes."""

    act: Callable[[Agreement, Stamp], None]


@pytest.fixture(autouse=True)
def meanwhile_handler(monkeypatch: pytest.MonkeyPatch) -> None:
    def handle(command: Meanwhile, uow: UnitOfWork) -> None:
        command.act(uow.agreement(command.code), uow.stamp())

    monkeypatch.setitem(HANDLERS, Meanwhile, handle)


def test_a_concurrent_write_is_retried_on_fresh_state(active: KinerjaApp, other_app: KinerjaApp) -> None:
    attempts: list[int] = []

    def record(agreement: Agreement, stamp: Stamp) -> None:
        if not attempts:  # someone else writes between our load and our save
            other_app.handle(c.RecordBudgetRealisation(code=CODE, programme="P01", month=3, amount=Decimal(1000)))
        attempts.append(agreement.version)
        agreement.record_realisation(stamp, "S1.1", 3, Decimal(0))

    before = events(active)
    active.handle(Meanwhile(code=CODE, act=record))
    assert len(attempts) == 2 and attempts[1] == attempts[0] + 1  # re-run on the reloaded agreement
    agreement = active.state(CODE)
    assert agreement.realisation("anggaran", "P01", 3) and agreement.realisation("indikator", "S1.1", 3)
    stored = list(active.repository.event_store.get(agreement_id(CODE)))
    assert [(e.KIND, e.actor) for e in stored[-2:]] == [
        ("BudgetRealisationRecorded", "kabid"), ("RealisationRecorded", "perencana")]
    assert events(active) == before + 2


def test_a_write_that_keeps_conflicting_is_reported_and_not_recorded(
    active: KinerjaApp, other_app: KinerjaApp
) -> None:
    attempts: list[int] = []

    def record(agreement: Agreement, stamp: Stamp) -> None:
        attempts.append(agreement.version)
        other_app.handle(c.RecordBudgetRealisation(code=CODE, programme="P01", month=len(attempts), amount=Decimal(1000)))
        agreement.record_realisation(stamp, "S1.1", 3, Decimal(0))

    before = events(active)
    with pytest.raises(ConflictError, match="sedang diubah oleh pengguna lain"):
        active.handle(Meanwhile(code=CODE, act=record))
    assert len(attempts) == RETRIES
    assert events(active) == before + RETRIES  # only the other user's writes
    assert active.state(CODE).realisation("indikator", "S1.1", 3) is None


def test_a_conflict_does_not_retry_a_command_that_is_now_refused(
    active: KinerjaApp, other_app: KinerjaApp
) -> None:
    def record(agreement: Agreement, stamp: Stamp) -> None:
        if agreement.state.quarters[1].value == "terbuka":
            other_app.handle(c.CloseQuarter(code=CODE, quarter=1, reason="evaluasi TW I"))
        agreement.record_realisation(stamp, "S1.1", 3, Decimal(0))

    before = events(active)
    with pytest.raises(DomainError, match="sudah ditutup"):
        active.handle(Meanwhile(code=CODE, act=record))
    assert events(active) == before + 1


def test_two_engines_on_one_database_see_each_others_writes(
    active: KinerjaApp, other_app: KinerjaApp
) -> None:
    other_app.handle(c.RecordRealisation(code=CODE, indicator="S2.1", month=3, value=Decimal(20)))
    first = active.state(CODE).realisation("indikator", "S2.1", 3)
    assert first is not None and first.value == 20
    assert last_entry(active, CODE, "indikator", "S2.1", 3).actor == "kabid"
    refused(active, lambda: active.handle(c.RecordRealisation(code=CODE, indicator="S2.1", month=3, value=Decimal(21))), "tidak ditimpa")
    active.handle(c.CorrectRealisation(code=CODE, kind="indikator", item="S2.1", month=3, reason="angka dari bidang salah", value=Decimal(21)))
    current = other_app.state(CODE).realisation("indikator", "S2.1", 3)
    assert current is not None
    assert (current.value, current.entries) == (21, 2)
    correction = last_entry(other_app, CODE, "indikator", "S2.1", 3)
    assert (correction.actor, correction.corrects) == ("perencana", first.seq)  # type: ignore[attr-defined]


# ----------------------------------------------------------------- the PK Perubahan


def test_the_pk_perubahan_is_applied_as_an_amendment(
    active: KinerjaApp, pk_awal: AgreementDocument, pk_perubahan: AgreementDocument
) -> None:
    before = events(active)
    edits = active.handle(c.OpenAmendment(code=CODE, ground="perubahan-program", legal_basis="APBD Perubahan 2020", reason="Penyesuaian APBD Perubahan 2020", effective=date(2020, 10, 1), document=pk_perubahan)).result
    assert edits > 0
    assert events(active) == before + 1 + edits  # AmendmentOpened and one event per edit
    agreement = active.state(CODE)
    assert agreement.status is Status.AMENDING
    assert same_content(agreement.versions[1].content, pk_perubahan.content())
    assert agreement.version_in_force().number == 1
    assert agreement.version_in_force().content == pk_awal.content()

    active.handle(c.Sign(code=CODE, party="pertama", place="Singaraja", effective=date(2020, 10, 14)))
    agreement = active.handle(c.Sign(code=CODE, party="kedua", place="Singaraja", effective=date(2020, 10, 14))).state(CODE)
    assert agreement.status is Status.ACTIVE
    v1, v2 = agreement.versions
    assert (v1.in_force_from, v1.superseded_on) == (SIGNED_ON, date(2020, 10, 14))
    assert v2.in_force_from == date(2020, 10, 14)
    assert {s.content_hash for s in v2.signatures.values()} == {v2.content.content_hash()}
    assert v2.amendment is not None and v2.amendment.legal_basis == "APBD Perubahan 2020"


def test_an_amendment_that_would_change_a_realised_period_is_refused_whole(
    active: KinerjaApp, pk_perubahan: AgreementDocument
) -> None:
    """The perubahan removes programmes of the original; one has a TW I realisation already."""
    active.handle(c.RecordBudgetRealisation(code=CODE, programme="P01", month=3, amount=Decimal(191_000_000)))
    refused(
        active,
        lambda: active.handle(c.OpenAmendment(code=CODE, ground="perubahan-program", legal_basis="APBD-P", reason="x", effective=date(2020, 10, 1), document=pk_perubahan)),
        "tidak boleh diubah surut",
    )
    assert active.state(CODE).status is Status.ACTIVE  # not even the AmendmentOpened event was kept
    active.handle(c.CloseQuarter(code=CODE, quarter=1, reason="evaluasi TW I", effective=date(2020, 10, 1)))
    active.handle(c.ReopenQuarter(code=CODE, quarter=1, reason="TW I disesuaikan dengan PK Perubahan", effective=date(2020, 10, 1)))
    assert active.handle(c.OpenAmendment(code=CODE, ground="perubahan-program", legal_basis="APBD-P", reason="x", effective=date(2020, 10, 1), document=pk_perubahan)).result > 0


def test_revise_brings_the_draft_to_a_document(app: KinerjaApp, pk_awal: AgreementDocument,
                                               pk_perubahan: AgreementDocument) -> None:
    app.handle(c.CreateAgreement(document=pk_awal, effective=SIGNED_ON))
    refused(app, lambda: app.handle(c.ReviseDraft(code=CODE, document=pk_awal, reason="sama")), "tidak ada perubahan")
    count = app.handle(c.ReviseDraft(code=CODE, document=pk_perubahan, reason="draf diganti")).result
    assert same_content(app.state(CODE).versions[0].content, pk_perubahan.content())
    assert count > 0


def test_unknown_codes_are_not_found(app: KinerjaApp) -> None:
    with pytest.raises(NotFound):
        app.state("BELUM-ADA")
    assert events(app) == 0


def test_a_document_for_another_year_or_agency_is_refused(
    active: KinerjaApp, pk_perubahan: AgreementDocument
) -> None:
    for changes in ({"tahun": 2021}, {"instansi": "Dinas Lain"}):
        other = AgreementDocument.model_validate({**pk_perubahan.model_dump(), **changes})
        refused(
            active,
            lambda other=other: active.handle(c.OpenAmendment(code=CODE, ground="perubahan-program", legal_basis="APBD-P", reason="x", effective=date(2020, 10, 1), document=other)),
            "sedangkan PK",
        )


def test_edit_commands_that_take_a_code_can_be_run(app: KinerjaApp, pk_awal: AgreementDocument) -> None:
    app.handle(c.CreateAgreement(document=pk_awal, effective=SIGNED_ON))
    app.handle(c.RemoveProgramme(code=CODE, programme="P09", reason="dipindah ke PK lain"))
    assert app.state(CODE).versions[-1].content.programme("P09") is None
