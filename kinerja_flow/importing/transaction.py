"""All or nothing: an import is one act — its commands and its batch marker, recorded together.

Every row becomes a command (the same commands the CLI sends), run through `KinerjaApp.handle`
with every refusal collected, so the user sees all problems of a file at once, each located at
its file, sheet, row and column; then everything is recorded in one transaction, or nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from domain.commands import Command, RecordImport
from domain.document import AgreementDocument
from domain.errors import AgreementNotFound, DomainError, NotFound
from domain.import_batch import BatchKind
from kinerja_flow.application import KinerjaApp
from kinerja_flow.errors import AlreadyImported, Refused
from kinerja_flow.importing.errors import ImportFailed, Location, RowError
from kinerja_flow.importing.records import Realisation
from kinerja_flow.importing.source import SourceFile
from kinerja_flow.unit_of_work import Recorded

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
class Located:
    """A command of the import and where its data came from (for the refusals)."""

    command: Command
    where: Location  # the row, or the cell holding the value
    agreement_at: Location | None = None  # the cell naming the agreement
    item_at: Location | None = None  # the cell naming the indicator or programme


def marker(source: SourceFile, kind: BatchKind, records: int) -> RecordImport:
    return RecordImport(file=source.name, sha256=source.sha256, kind=kind, records=records)


def refuse_if_imported(app: KinerjaApp, sources: Sequence[SourceFile]) -> None:
    """Refuse at once a file imported before (the act would refuse it too, after reading it all)."""
    problems = []
    for source in sources:
        try:
            app.handle(marker(source, "realisasi", 0), dry_run=True)
        except AlreadyImported as refusal:
            problems.append(str(refusal))
    if problems:
        raise AlreadyImported("\n".join(problems))


def record(app: KinerjaApp, located: list[Located], markers: list[RecordImport],
           problems: list[RowError], dry_run: bool, progress: Progress | None) -> Recorded:
    """Run the import's commands as one act; returns what it recorded (or, on a dry run, would).

    Problems found while reading the file are reported with the refusals of its commands; with
    any of either, nothing is recorded.
    """
    commands = [entry.command for entry in located] + list(markers)
    where = {id(entry.command): entry for entry in located}
    rows = len(located)

    def advance(done: int, _total: int) -> None:  # the rows of the file, not the markers
        if progress is not None and done <= rows:
            progress(done, rows)

    try:
        recorded = app.handle(*commands, dry_run=dry_run or bool(problems), collect=True,
                              progress=advance)
    except Refused as refused:
        already = [e for _, e in refused.refusals if isinstance(e, AlreadyImported)]
        if already:
            raise already[0] from None
        problems = problems + [_located(where.get(id(c)), e) for c, e in refused.refusals]
    else:
        if not problems:
            return recorded
    raise ImportFailed(sorted(problems, key=_position))


def _located(entry: Located | None, error: DomainError) -> RowError:
    assert entry is not None  # only the markers have no location, and they refuse as a whole
    if isinstance(error, AgreementNotFound):
        return RowError(entry.agreement_at or entry.where, str(error))
    if isinstance(error, NotFound):
        return RowError(entry.item_at or entry.where, str(error))
    return RowError(entry.where, str(error))


def _position(error: RowError) -> tuple[str, str, int, str]:
    where = error.where
    return (where.file, where.sheet or "", where.row or 0, where.column or "")
