"""All or nothing: an import's aggregates and its batch markers are saved in one transaction.

The plan is built on freshly loaded aggregates and saved with one `save(...)`. A concurrent
write makes the save fail with `IntegrityError`: if the winner imported the same file, the
import is refused as already imported; otherwise the plan is rebuilt on fresh state and saved
again (the rules are checked again), a few times, then reported as a conflict.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from domain.document import AgreementDocument
from domain.import_batch import BatchKind, ImportBatch, import_batch_id
from kinerja_flow.application import RETRIES, KinerjaApp
from kinerja_flow.errors import ConflictError
from kinerja_flow.importing.errors import AlreadyImported, RowError
from kinerja_flow.importing.records import Realisation
from kinerja_flow.importing.source import SourceFile

Progress = Callable[[int, int], None]  # (done, total), for a progress bar


@dataclass(frozen=True)
class ImportReport:
    """What an import recorded (or, on a dry run, would record)."""

    files: tuple[SourceFile, ...]
    dry_run: bool
    agreements: tuple[str, ...]
    realisations: tuple[Realisation, ...] = ()
    documents: tuple[AgreementDocument, ...] = ()
    events: int = 0  # events stored (0 on a dry run)


@dataclass(frozen=True)
class Batch:
    """One imported file: what its `ImportBatch` marker records."""

    source: SourceFile
    kind: BatchKind
    records: int
    agreements: list[str]


@dataclass
class Plan:
    """The aggregates to save and the files they come from."""

    aggregates: list[Any] = field(default_factory=list)
    batches: list[Batch] = field(default_factory=list)


def previous_import(app: KinerjaApp, source: SourceFile) -> RowError | None:
    """Why `source` may not be imported again, if this exact file was imported before."""
    try:
        batch: ImportBatch = app.repository.get(import_batch_id(source.sha256))
    except AggregateNotFoundError:
        return None
    return RowError(
        source.where(),
        f"berkas yang sama (SHA-256 {source.sha256[:12]}…) sudah diimpor sebagai {batch.file!r} "
        f"oleh {batch.imported_by} pada {batch.imported_at:%Y-%m-%d %H:%M} UTC "
        f"({batch.records} catatan); tidak diimpor lagi.",
    )


def refuse_if_imported(app: KinerjaApp, sources: Sequence[SourceFile]) -> None:
    problems = [p for p in (previous_import(app, s) for s in sources) if p is not None]
    if problems:
        raise AlreadyImported("\n".join(str(p) for p in problems))


def commit(app: KinerjaApp, plan: Plan, rebuild: Callable[[], Plan],
           sources: Sequence[SourceFile]) -> int:
    """Save the plan and one batch marker per file in one transaction; returns the event count."""
    for attempt in range(RETRIES):
        if attempt:
            plan = rebuild()
        stamp = app.stamp()
        aggregates = plan.aggregates + [
            ImportBatch.record(
                file=b.source.name, sha256=b.source.sha256, kind=b.kind, records=b.records,
                agreements=b.agreements, actor=stamp.actor, effective=stamp.today,
            )
            for b in plan.batches
        ]
        events = sum(len(a.pending_events) for a in aggregates)
        try:
            app._save(*aggregates)  # noqa: SLF001 - the engine's save, with its "database busy" error
        except IntegrityError:
            refuse_if_imported(app, sources)
            continue
        return events
    raise ConflictError("Data yang sama sedang diubah oleh pengguna lain; impor tidak dicatat. Coba lagi.")
