"""One handler per command: load through the unit of work, act, return what the CLI needs.

A handler checks nothing itself: the aggregates' commands hold the rules. What a handler returns
becomes `Recorded.results`, so nobody reloads an agreement to print a confirmation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from domain import commands as c
from domain.agreement import Agreement
from domain.errors import DomainError
from domain.import_batch import ImportBatch, import_batch_id
from domain.position import PositionSlot, position_slot_id
from domain.revision import revise_to
from domain.state import Realisation
from kinerja_flow.errors import AlreadyImported
from kinerja_flow.unit_of_work import UnitOfWork

C = TypeVar("C", bound=c.Command)
Handler = Callable[[Any, UnitOfWork], Any]
HANDLERS: dict[type[c.Command], Handler] = {}


def handles(command_type: type[C]) -> Callable[[Callable[[C, UnitOfWork], Any]], Handler]:
    def register(handler: Callable[[C, UnitOfWork], Any]) -> Handler:
        HANDLERS[command_type] = handler
        return handler

    return register


def run(command: c.Command, uow: UnitOfWork) -> Any:
    return HANDLERS[type(command)](command, uow)


# --------------------------------------------------------------------- drafting


@handles(c.CreateAgreement)
def create(command: c.CreateAgreement, uow: UnitOfWork) -> Agreement:
    """Codes are unique, and so is (agency, year, position of the first party)."""
    document = command.document
    if uow.exists(document.kode):
        raise DomainError(f"Kode PK {document.kode!r} sudah dipakai.")
    stamp = uow.stamp(command.effective)
    agreement = Agreement.draft(document, stamp, command.reason, command.source)
    slot_id = position_slot_id(agreement.state.agency, agreement.state.year, agreement.state.position)
    slot = uow.get(slot_id)
    if slot is None:
        uow.add(PositionSlot.open(slot_id, agreement.code, stamp.actor, stamp.effective))
    else:
        slot.claim(agreement.code, stamp.actor, stamp.effective)
    uow.add(agreement)
    return agreement


def _check_same_agreement(agreement: Agreement, document: Any) -> None:
    state = agreement.state
    if document.kode.strip().upper() != state.code.upper():
        raise DomainError(f"Dokumen ini untuk PK {document.kode}, bukan {state.code}.")
    if (document.tahun, document.instansi) != (state.year, state.agency):
        raise DomainError(
            f"Dokumen ini untuk {document.instansi} tahun {document.tahun}, sedangkan PK "
            f"{state.code} milik {state.agency} tahun {state.year}."
        )


@handles(c.ReviseDraft)
def revise(command: c.ReviseDraft, uow: UnitOfWork) -> int:
    """Returns the number of edits recorded."""
    agreement = uow.agreement(command.code)
    _check_same_agreement(agreement, command.document)
    count = revise_to(agreement, uow.stamp(command.effective), command.document.content(),
                      command.reason)
    if count == 0:
        raise DomainError(f"Dokumen sama dengan versi draf PK {agreement.code}; tidak ada perubahan.")
    return count


@handles(c.ChangeTarget)
def change_target(command: c.ChangeTarget, uow: UnitOfWork) -> None:
    uow.agreement(command.code).change_target(
        uow.stamp(command.effective), command.indicator, command.target, command.reason,
        command.target_triwulan, command.target_bulan, command.keep_periods,
    )


@handles(c.ChangeBudget)
def change_budget(command: c.ChangeBudget, uow: UnitOfWork) -> None:
    uow.agreement(command.code).change_budget(
        uow.stamp(command.effective), command.programme, command.amount, command.reason,
        command.anggaran_triwulan, command.anggaran_bulan, command.keep_periods,
    )


@handles(c.AddObjective)
def add_objective(command: c.AddObjective, uow: UnitOfWork) -> None:
    uow.agreement(command.code).add_objective(
        uow.stamp(command.effective), command.objective, command.reason)


@handles(c.RemoveObjective)
def remove_objective(command: c.RemoveObjective, uow: UnitOfWork) -> None:
    uow.agreement(command.code).remove_objective(
        uow.stamp(command.effective), command.objective, command.reason)


@handles(c.ReviseObjective)
def revise_objective(command: c.ReviseObjective, uow: UnitOfWork) -> None:
    uow.agreement(command.code).revise_objective(
        uow.stamp(command.effective), command.objective, command.text, command.reason)


@handles(c.AddIndicator)
def add_indicator(command: c.AddIndicator, uow: UnitOfWork) -> None:
    uow.agreement(command.code).add_indicator(
        uow.stamp(command.effective), command.objective, command.indicator, command.reason)


@handles(c.RemoveIndicator)
def remove_indicator(command: c.RemoveIndicator, uow: UnitOfWork) -> None:
    uow.agreement(command.code).remove_indicator(
        uow.stamp(command.effective), command.indicator, command.reason)


@handles(c.ReviseIndicator)
def revise_indicator(command: c.ReviseIndicator, uow: UnitOfWork) -> None:
    uow.agreement(command.code).revise_indicator(
        uow.stamp(command.effective), command.indicator, command.reason)


@handles(c.AddProgramme)
def add_programme(command: c.AddProgramme, uow: UnitOfWork) -> None:
    uow.agreement(command.code).add_programme(
        uow.stamp(command.effective), command.programme, command.reason)


@handles(c.RemoveProgramme)
def remove_programme(command: c.RemoveProgramme, uow: UnitOfWork) -> None:
    uow.agreement(command.code).remove_programme(
        uow.stamp(command.effective), command.programme, command.reason)


@handles(c.ReviseProgramme)
def revise_programme(command: c.ReviseProgramme, uow: UnitOfWork) -> None:
    uow.agreement(command.code).revise_programme(
        uow.stamp(command.effective), command.programme, command.reason)


@handles(c.ChangeParty)
def change_party(command: c.ChangeParty, uow: UnitOfWork) -> None:
    uow.agreement(command.code).change_party(
        uow.stamp(command.effective), command.role, command.party, command.reason)


@handles(c.ChangeHeader)
def change_header(command: c.ChangeHeader, uow: UnitOfWork) -> None:
    uow.agreement(command.code).change_header(
        uow.stamp(command.effective), command.field, command.value, command.reason)


@handles(c.ChangeScale)
def change_scale(command: c.ChangeScale, uow: UnitOfWork) -> None:
    uow.agreement(command.code).change_scale(
        uow.stamp(command.effective), command.name, command.definition, command.reason)


@handles(c.CancelAgreement)
def cancel(command: c.CancelAgreement, uow: UnitOfWork) -> None:
    """A cancelled draft frees its position for another agreement."""
    agreement = uow.agreement(command.code)
    stamp = uow.stamp(command.effective)
    agreement.cancel(stamp, command.reason)
    state = agreement.state
    slot: PositionSlot = uow.get(position_slot_id(state.agency, state.year, state.position))
    slot.release(agreement.code, stamp.actor, stamp.effective)


# --------------------------------------------------------------------- signing and amendments


@handles(c.Sign)
def sign(command: c.Sign, uow: UnitOfWork) -> None:
    uow.agreement(command.code).sign(uow.stamp(command.effective), command.party, command.place)


@handles(c.WithdrawSignature)
def withdraw_signature(command: c.WithdrawSignature, uow: UnitOfWork) -> None:
    uow.agreement(command.code).withdraw_signature(
        uow.stamp(command.effective), command.party, command.reason)


@handles(c.OpenAmendment)
def open_amendment(command: c.OpenAmendment, uow: UnitOfWork) -> int:
    """Returns the number of the document's edits recorded with the amendment (0 without one)."""
    agreement = uow.agreement(command.code)
    if command.document is not None:
        _check_same_agreement(agreement, command.document)
    stamp = uow.stamp(command.effective)
    agreement.open_amendment(stamp, command.ground, command.legal_basis, command.reason)
    if command.document is None:
        return 0
    return revise_to(agreement, stamp, command.document.content(), command.reason)


@handles(c.WithdrawAmendment)
def withdraw_amendment(command: c.WithdrawAmendment, uow: UnitOfWork) -> None:
    uow.agreement(command.code).withdraw_amendment(uow.stamp(command.effective), command.reason)


# --------------------------------------------------------------------- realisations


@handles(c.RecordRealisation)
def record_realisation(command: c.RecordRealisation, uow: UnitOfWork) -> None:
    uow.agreement(command.code).record_realisation(
        uow.stamp(), command.indicator, command.month, command.value, command.numerator,
        command.denominator, command.note, command.source,
    )


@handles(c.RecordBudgetRealisation)
def record_budget_realisation(command: c.RecordBudgetRealisation, uow: UnitOfWork) -> None:
    uow.agreement(command.code).record_budget_realisation(
        uow.stamp(), command.programme, command.month, command.amount, command.note,
        command.source,
    )


@handles(c.CorrectRealisation)
def correct_realisation(command: c.CorrectRealisation, uow: UnitOfWork
                        ) -> tuple[Realisation | None, Realisation | None]:
    """Returns the entry it replaces and the new one."""
    agreement = uow.agreement(command.code)
    replaced = agreement.state.realisation(command.kind, command.item, command.month)
    agreement.correct_realisation(
        uow.stamp(), command.kind, command.item, command.month, command.reason, command.value,
        command.numerator, command.denominator, command.note, command.source,
    )
    return replaced, agreement.state.realisation(command.kind, command.item, command.month)


# --------------------------------------------------------------------- quarters and review


@handles(c.CloseQuarter)
def close_quarter(command: c.CloseQuarter, uow: UnitOfWork) -> None:
    uow.agreement(command.code).close_quarter(
        uow.stamp(command.effective), command.quarter, command.reason)


@handles(c.ReopenQuarter)
def reopen_quarter(command: c.ReopenQuarter, uow: UnitOfWork) -> None:
    uow.agreement(command.code).reopen_quarter(
        uow.stamp(command.effective), command.quarter, command.reason)


@handles(c.SubmitForReview)
def submit_for_review(command: c.SubmitForReview, uow: UnitOfWork) -> None:
    uow.agreement(command.code).submit_for_review(uow.stamp(command.effective), command.reason)


@handles(c.ApproveReview)
def approve_review(command: c.ApproveReview, uow: UnitOfWork) -> None:
    uow.agreement(command.code).approve_review(uow.stamp(command.effective), command.reason)


@handles(c.ReturnReview)
def return_review(command: c.ReturnReview, uow: UnitOfWork) -> None:
    uow.agreement(command.code).return_review(
        uow.stamp(command.effective), command.findings, command.reason)


# --------------------------------------------------------------------- imports


@handles(c.RecordImport)
def record_import(command: c.RecordImport, uow: UnitOfWork) -> None:
    """A file already imported is refused; run again after a conflict, this also refuses the
    file that another import stored meanwhile."""
    batch: ImportBatch | None = uow.get(import_batch_id(command.sha256))
    if batch is not None:
        raise AlreadyImported(
            f"{command.file}: berkas yang sama (SHA-256 {command.sha256[:12]}…) sudah diimpor "
            f"sebagai {batch.file!r} oleh {batch.imported_by} pada "
            f"{batch.imported_at:%Y-%m-%d %H:%M} UTC ({batch.records} catatan); tidak diimpor lagi."
        )
    stamp = uow.stamp()
    uow.add(ImportBatch.record(
        file=command.file, sha256=command.sha256, kind=command.kind, records=command.records,
        agreements=uow.codes(), actor=stamp.actor, effective=stamp.today,
    ))

