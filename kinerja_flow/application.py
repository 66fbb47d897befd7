"""The engine: one method per command. Each checks input, loads, calls the aggregate, saves.

Agreements are addressed by their code (the user-facing key). A command is one transaction:
it is stored whole or not at all. A concurrent write to the same agreement raises
`IntegrityError`; the command is re-run on fresh state a few times (safe: rules are checked
again), then reported as a conflict.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application, Repository
from eventsourcing.persistence import IntegrityError, Mapper

from domain.agreement import Agreement, Stamp, agreement_id
from domain.document import AgreementDocument
from domain.errors import DomainError, NotFound
from domain.position import PositionSlot, position_slot_id
from domain.revision import revise_to
from domain.state import ItemKind, RealisationEntry
from kinerja_flow.errors import ConflictError
from kinerja_flow.mapper import JSONBytes, PydanticMapper
from kinerja_flow.settings import Settings
from kinerja_flow.snapshots import SNAPSHOT_OUTDATED, AgreementSnapshot
from kinerja_flow.storage import create_event_tables, prepare_sqlite, reporting_busy

T = TypeVar("T")
RETRIES = 3
_log = logging.getLogger(__name__)


class KinerjaApp(Application[UUID]):
    name = "kinerja"
    snapshot_class = AgreementSnapshot  # loads start from the latest snapshot: see `save`

    def __init__(self, settings: Settings | None = None, clock: Callable[[], date] = date.today):
        self.settings = settings or Settings()
        self.clock = clock
        self.saves = 0  # transactions committed by this instance: what follows them cannot undo them
        if not self.settings.is_postgres:
            with reporting_busy():
                prepare_sqlite(self.settings)
        super().__init__(env=self.settings.eventsourcing_env())
        if self.settings.is_postgres:  # created here, one process at a time: see storage.py
            create_event_tables(self.recorder)
            if self.snapshots is not None:
                create_event_tables(self.snapshots.recorder)
        self._replay = Repository(event_store=self.events)  # the same log, without snapshots

    def construct_mapper(self) -> Mapper[UUID]:
        return PydanticMapper(transcoder=JSONBytes())

    def save(self, *objs: Any, **kwargs: Any) -> Any:
        """Save (one transaction), then snapshot every agreement whose log passed a multiple of
        `settings.snapshot_every` events. The snapshot is taken from the aggregate in memory,
        which is what was just stored; eventsourcing's own `snapshotting_intervals` would load
        the agreement again from the store for each snapshot (a bulk ingest ran 1,8 x slower)."""
        every = self.settings.snapshot_every
        agreements = {id(a): a for a in objs if isinstance(a, Agreement)}
        before = {key: a.version - len(a.pending_events) for key, a in agreements.items()}
        recordings = super().save(*objs, **kwargs)
        self.saves += 1
        if self.snapshots is not None and every:
            due = [a for key, a in agreements.items() if a.version // every > before[key] // every]
            if due:
                self._put_snapshots(due)
        return recordings

    def _put_snapshots(self, agreements: list[Agreement]) -> None:
        """A snapshot only saves replay time, and the command's events are already stored: any
        failure to store it (a busy database, a lost connection...) is a warning, never an error,
        or the command would be reported as failed, or re-run, after it succeeded. The next
        snapshot comes `snapshot_every` events later; until then loads replay a little more."""
        assert self.snapshots is not None
        try:
            self.snapshots.put([AgreementSnapshot.take(a) for a in agreements])
        except Exception as error:  # noqa: BLE001 - see the docstring
            codes = ", ".join(a.code for a in agreements)
            _log.warning("Snapshot PK %s tidak disimpan (%s); PK tetap tersimpan utuh.", codes, error)

    def _load(self, aggregate_id: UUID) -> Any:
        """Load from the latest snapshot; a snapshot that no longer decodes (one of an older
        `snapshots.STATE_VERSION`, say) is passed over and the agreement replayed from its events."""
        try:
            return self.repository.get(aggregate_id)
        except SNAPSHOT_OUTDATED:
            if self.snapshots is None:
                raise
            return self._replay.get(aggregate_id)

    # ----------------------------------------------------------------- plumbing

    def stamp(self, effective: date | None = None) -> Stamp:
        today = self.clock()
        return Stamp(self.settings.actor, effective or today, today)

    def get(self, code: str) -> Agreement:
        try:
            return self._load(agreement_id(code))
        except AggregateNotFoundError:
            raise NotFound(f"PK dengan kode {code!r} tidak ditemukan.") from None

    def exists(self, code: str) -> bool:
        return self.recorder.select_events(agreement_id(code), limit=1) != []

    def _save(self, *aggregates: Any) -> None:
        with reporting_busy():
            self.save(*aggregates)

    def _run(self, code: str, action: Callable[[Agreement], T]) -> T:
        """Load the agreement, run the command on it, save; retry on a concurrent write."""
        for attempt in range(RETRIES):
            agreement = self.get(code)
            result = action(agreement)
            try:
                self._save(agreement)
            except IntegrityError:
                if attempt == RETRIES - 1:
                    break
                continue
            return result
        raise ConflictError(
            f"PK {code} sedang diubah oleh pengguna lain; perintah tidak dicatat. Coba lagi."
        )

    # ----------------------------------------------------------------- drafting

    def create(
        self, document: AgreementDocument, effective: date | None = None, reason: str | None = None,
        source: dict[str, Any] | None = None,
    ) -> Agreement:
        """Draft a new agreement (version 1). Codes are unique; so is (agency, year, position)."""
        stamp = self.stamp(effective)
        for _ in range(RETRIES):
            if self.exists(document.kode):
                raise DomainError(f"Kode PK {document.kode!r} sudah dipakai.")
            agreement = Agreement.draft(document, stamp, reason, source)
            slot = self._claim_slot(agreement, stamp)
            try:
                self._save(agreement, slot)
            except IntegrityError:
                continue
            return agreement
        raise ConflictError(f"PK {document.kode} sedang dibuat oleh pengguna lain. Coba lagi.")

    def _claim_slot(self, agreement: Agreement, stamp: Stamp) -> PositionSlot:
        slot_id = position_slot_id(agreement.agency, agreement.year, agreement.position)
        try:
            slot: PositionSlot = self.repository.get(slot_id)
        except AggregateNotFoundError:
            return PositionSlot.open(slot_id, agreement.code, stamp.actor, stamp.effective)
        slot.claim(agreement.code, stamp.actor, stamp.effective)
        return slot

    def revise(
        self, code: str, document: AgreementDocument, reason: str, effective: date | None = None
    ) -> int:
        """Bring the draft (original or amendment) to the document's content; returns edit count."""

        def action(agreement: Agreement) -> int:
            self._check_same_agreement(agreement, document)
            count = revise_to(agreement, self.stamp(effective), document.content(), reason)
            if count == 0:
                raise DomainError(f"Dokumen sama dengan versi draf PK {code}; tidak ada perubahan.")
            return count

        return self._run(code, action)

    @staticmethod
    def _check_same_agreement(agreement: Agreement, document: AgreementDocument) -> None:
        if agreement_id(document.kode) != agreement.id:
            raise DomainError(f"Dokumen ini untuk PK {document.kode}, bukan {agreement.code}.")
        if (document.tahun, document.instansi) != (agreement.year, agreement.agency):
            raise DomainError(
                f"Dokumen ini untuk {document.instansi} tahun {document.tahun}, sedangkan PK "
                f"{agreement.code} milik {agreement.agency} tahun {agreement.year}."
            )

    def edit(self, code: str, command: str, /, effective: date | None = None, **kwargs: Any) -> None:
        """Run one editing command of the aggregate (change_target, add_indicator, ...)."""
        allowed = {
            "change_target", "change_budget", "add_objective", "remove_objective",
            "revise_objective", "add_indicator", "remove_indicator", "revise_indicator",
            "add_programme", "remove_programme", "revise_programme", "change_party",
            "change_header", "change_scale",
        }
        if command not in allowed:
            raise ValueError(f"unknown edit command {command!r}")
        self._run(code, lambda a: getattr(a, command)(self.stamp(effective), **kwargs))

    def cancel(self, code: str, reason: str, effective: date | None = None) -> None:
        for attempt in range(RETRIES):
            agreement = self.get(code)
            stamp = self.stamp(effective)
            agreement.cancel(stamp, reason)
            slot: PositionSlot = self.repository.get(
                position_slot_id(agreement.agency, agreement.year, agreement.position)
            )
            slot.release(agreement.code, stamp.actor, stamp.effective)
            try:
                self._save(agreement, slot)
            except IntegrityError:
                if attempt < RETRIES - 1:
                    continue
                raise ConflictError(f"PK {code} sedang diubah oleh pengguna lain. Coba lagi.") from None
            return

    # ----------------------------------------------------------------- signing and amendments

    def sign(self, code: str, party: str, place: str | None = None, effective: date | None = None) -> Agreement:
        def action(agreement: Agreement) -> Agreement:
            agreement.sign(self.stamp(effective), party, place)
            return agreement

        return self._run(code, action)

    def withdraw_signature(self, code: str, party: str, reason: str, effective: date | None = None) -> None:
        self._run(code, lambda a: a.withdraw_signature(self.stamp(effective), party, reason))

    def open_amendment(
        self, code: str, ground: str, legal_basis: str, reason: str,
        effective: date | None = None, document: AgreementDocument | None = None,
    ) -> int:
        """Open a PK Perubahan; with a document, its changes go into the same transaction."""

        def action(agreement: Agreement) -> int:
            if document is not None:
                self._check_same_agreement(agreement, document)
            stamp = self.stamp(effective)
            agreement.open_amendment(stamp, ground, legal_basis, reason)
            if document is None:
                return 0
            return revise_to(agreement, stamp, document.content(), reason)

        return self._run(code, action)

    def withdraw_amendment(self, code: str, reason: str, effective: date | None = None) -> None:
        self._run(code, lambda a: a.withdraw_amendment(self.stamp(effective), reason))

    # ----------------------------------------------------------------- realisations

    def record_realisation(
        self, code: str, indicator: str, month: int, value: Decimal | None = None,
        numerator: Decimal | None = None, denominator: Decimal | None = None,
        note: str | None = None, source: dict[str, Any] | None = None,
    ) -> None:
        self._run(code, lambda a: a.record_realisation(
            self.stamp(), indicator, month, value, numerator, denominator, note, source
        ))

    def record_budget_realisation(
        self, code: str, programme: str, month: int, amount: Decimal,
        note: str | None = None, source: dict[str, Any] | None = None,
    ) -> None:
        self._run(code, lambda a: a.record_budget_realisation(
            self.stamp(), programme, month, amount, note, source
        ))

    def correct_realisation(
        self, code: str, kind: ItemKind, item: str, month: int, reason: str,
        value: Decimal | None = None, numerator: Decimal | None = None,
        denominator: Decimal | None = None, note: str | None = None,
    ) -> tuple[RealisationEntry, RealisationEntry]:
        """Correct a realisation; returns the entry it replaces and the new one (read from the
        agreement in memory: loaded again, from a snapshot, it keeps the current entry only)."""

        def action(agreement: Agreement) -> tuple[RealisationEntry, RealisationEntry]:
            log = agreement.realisation(kind, item, month)
            replaced = log.current if log is not None and log.entries else None
            agreement.correct_realisation(
                self.stamp(), kind, item, month, reason, value, numerator, denominator, note
            )
            corrected = agreement.realisation(kind, item, month)
            assert replaced is not None and corrected is not None  # the aggregate refuses otherwise
            return replaced, corrected.current

        return self._run(code, action)

    def record_batch(self, code: str, commands: Iterable[Callable[[Agreement, Stamp], None]]) -> int:
        """Many commands on one agreement in one transaction (bulk path for imports)."""
        commands = list(commands)

        def action(agreement: Agreement) -> int:
            stamp = self.stamp()
            before = agreement.version
            for command in commands:
                command(agreement, stamp)
            return agreement.version - before

        return self._run(code, action)

    # ----------------------------------------------------------------- quarters and review

    def close_quarter(self, code: str, quarter: int, reason: str | None, effective: date | None = None) -> None:
        self._run(code, lambda a: a.close_quarter(self.stamp(effective), quarter, reason))

    def reopen_quarter(self, code: str, quarter: int, reason: str, effective: date | None = None) -> None:
        self._run(code, lambda a: a.reopen_quarter(self.stamp(effective), quarter, reason))

    def submit_for_review(self, code: str, reason: str | None, effective: date | None = None) -> None:
        self._run(code, lambda a: a.submit_for_review(self.stamp(effective), reason))

    def approve_review(self, code: str, reason: str | None, effective: date | None = None) -> None:
        self._run(code, lambda a: a.approve_review(self.stamp(effective), reason))

    def return_review(self, code: str, findings: list[str], effective: date | None = None) -> None:
        self._run(code, lambda a: a.return_review(self.stamp(effective), findings))

