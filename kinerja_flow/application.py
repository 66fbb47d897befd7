"""The engine: every command goes through `handle`, one act in one transaction.

`handle(*commands)` runs each command's handler (`kinerja_flow.handlers`) in one unit of work
and saves everything the act changed in one transaction: all of it or nothing. A concurrent
write to the same aggregates raises `IntegrityError`; the act is then run again on fresh state
(safe: the rules are checked again), a bounded number of times, then reported as a conflict.

Agreements are addressed by their code (the user-facing key). Loads start from the latest
snapshot (`kinerja_flow.snapshots`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application, Repository
from eventsourcing.persistence import IntegrityError, Mapper

from domain.agreement import Agreement, Stamp
from domain.commands import Command
from domain.errors import AgreementNotFound, DomainError
from domain.events import project
from domain.identity import agreement_id
from domain.state import AgreementState
from kinerja_flow import handlers
from kinerja_flow.errors import ConflictError, Refused
from kinerja_flow.mapper import JSONBytes, PydanticMapper
from kinerja_flow.settings import Settings
from kinerja_flow.snapshots import SNAPSHOT_OUTDATED, AgreementSnapshot
from kinerja_flow.storage import (
    create_event_tables,
    prepare_sqlite,
    prune_snapshots,
    reporting_busy,
)
from kinerja_flow.unit_of_work import Recorded, UnitOfWork

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

    # ----------------------------------------------------------------- commands

    def handle(self, *commands: Command, dry_run: bool = False, collect: bool = False,
               progress: Callable[[int, int], None] | None = None,
               actor: str | None = None) -> Recorded:
        """Run the commands as one act: recorded together, or not at all.

        The act is recorded as `actor`'s (default: the settings' actor, the CLI's `--as`).

        With `collect`, a refused command does not stop the others: every refusal is gathered
        and `Refused` lists them all (nothing is recorded). With `dry_run`, everything is
        checked and nothing saved. `progress(done, total)` follows long acts (imports).
        """
        for _ in range(RETRIES):
            uow = UnitOfWork(self, partial(self.stamp, actor=actor or self.settings.actor))
            results: list[Any] = []
            refusals: list[tuple[Command, DomainError]] = []
            for done, command in enumerate(commands, start=1):
                try:
                    results.append(handlers.run(command, uow))
                except DomainError as error:
                    if not collect:
                        raise
                    refusals.append((command, error))
                if progress is not None:
                    progress(done, len(commands))
            if refusals:
                raise Refused(refusals)
            recorded = uow.recorded(results)
            if dry_run:
                return recorded
            try:
                with reporting_busy():
                    self.save(*uow.changed())
            except IntegrityError:
                continue
            return recorded
        codes = sorted({c.code for c in commands if hasattr(c, "code")})
        what = f"PK {', '.join(codes)}" if codes else "Data yang sama"
        raise ConflictError(f"{what} sedang diubah oleh pengguna lain; tidak ada yang dicatat. "
                            "Coba lagi.")

    def stamp(self, effective: date | None = None, actor: str | None = None) -> Stamp:
        today = self.clock()
        return Stamp(actor or self.settings.actor, effective or today, today)

    # ----------------------------------------------------------------- queries of the record

    def state(self, code: str) -> AgreementState:
        """The agreement as its events say it is now."""
        try:
            return self.load(agreement_id(code)).state
        except AggregateNotFoundError:
            raise AgreementNotFound(code) from None

    def exists(self, code: str) -> bool:
        return self.exists_id(agreement_id(code))

    def exists_id(self, aggregate_id: UUID) -> bool:
        return self.recorder.select_events(aggregate_id, limit=1) != []

    def state_as_of(self, code: str, day: date) -> AgreementState:
        """The agreement as it stood at the end of `day`: its own events, by effective date."""
        stored = self.recorder.select_events(agreement_id(code))
        if not stored:
            raise AgreementNotFound(code)
        drafted, *later = [self.mapper.to_domain_event(s) for s in stored]
        if drafted.effective > day:
            raise DomainError(
                f"PK {code} belum ada pada {day.isoformat()} (dibuat {drafted.effective}).")
        # Realisations are dated by their month, which may precede the drafting: keep log order.
        state = project([drafted, *(e for e in later if e.effective <= day)])
        assert state is not None
        return state

    # ----------------------------------------------------------------- storage

    def load(self, aggregate_id: UUID) -> Any:
        """Load from the latest snapshot; a snapshot that no longer decodes (one of an older
        `snapshots.STATE_VERSION`, say) is passed over and the aggregate replayed from its
        events."""
        try:
            return self.repository.get(aggregate_id)
        except SNAPSHOT_OUTDATED:
            if self.snapshots is None:
                raise
            return self._replay.get(aggregate_id)

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
            prune_snapshots(self.snapshots.recorder, [(a.id, a.version) for a in agreements])
        except Exception as error:  # noqa: BLE001 - see the docstring
            codes = ", ".join(a.code for a in agreements)
            _log.warning("Snapshot PK %s tidak disimpan (%s); PK tetap tersimpan utuh.", codes, error)
