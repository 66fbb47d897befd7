"""Importing realisations (indicators and budget lines) from one CSV or Excel file."""

from __future__ import annotations

from pathlib import Path

from domain.agreement import Agreement, Stamp
from domain.errors import DomainError, NotFound
from kinerja_flow.application import KinerjaApp
from kinerja_flow.bulk import fewer_collections
from kinerja_flow.importing.errors import ImportFailed, RowError
from kinerja_flow.importing.reading import read_realisations
from kinerja_flow.importing.records import Realisation
from kinerja_flow.importing.source import SourceFile
from kinerja_flow.importing.transaction import (
    Batch, ImportReport, Plan, Progress, commit, refuse_if_imported,
)


@fewer_collections()
def import_realisations(
    app: KinerjaApp, path: Path, *, agreement: str | None = None, sheet: str | None = None,
    dry_run: bool = False, progress: Progress | None = None,
) -> ImportReport:
    """Record every realisation of the file in one transaction, or nothing.

    `agreement` is the agreement of rows that name none (a wide sheet without `Kode PK`);
    `sheet` limits an Excel file to one sheet. On a dry run everything is checked, nothing saved.
    """
    source = SourceFile.read(path)
    refuse_if_imported(app, [source])
    records, problems = read_realisations(source, agreement, sheet)

    def build() -> Plan:
        plan, errors = _plan(app, source, records, progress)
        if problems or errors:
            raise ImportFailed(sorted(problems + errors, key=_position))
        return plan

    plan = build()
    codes = tuple(a.code for a in plan.aggregates)
    events = 0 if dry_run else commit(app, plan, build, [source])
    return ImportReport((source,), dry_run, codes, realisations=tuple(records), events=events)


def _position(error: RowError) -> tuple[str, int, str]:
    return (error.where.sheet or "", error.where.row or 0, error.where.column or "")


def _plan(app: KinerjaApp, source: SourceFile, records: list[Realisation],
          progress: Progress | None) -> tuple[Plan, list[RowError]]:
    """Run every record's command on freshly loaded agreements; the errors of refused ones."""
    stamp = app.stamp()
    loaded: dict[str, Agreement | None] = {}
    errors: list[RowError] = []
    for done, record in enumerate(records, start=1):
        key = record.agreement.upper()
        if key not in loaded:
            loaded[key] = _load(app, record.agreement)
        agreement = loaded[key]
        if agreement is None:
            errors.append(RowError(record.agreement_at, f"PK {record.agreement!r} tidak ditemukan."))
        else:
            errors += _record(agreement, stamp, source, record)
        if progress is not None:
            progress(done, len(records))
    agreements = [a for a in loaded.values() if a is not None]
    batch = Batch(source, "realisasi", len(records), [a.code for a in agreements])
    return Plan(list(agreements), [batch]), errors


def _load(app: KinerjaApp, code: str) -> Agreement | None:
    try:
        return app.get(code)
    except NotFound:
        return None


def _record(agreement: Agreement, stamp: Stamp, source: SourceFile, record: Realisation) -> list[RowError]:
    provenance = source.provenance(record.where)
    try:
        if record.kind == "indikator":
            agreement.record_realisation(
                stamp, record.item, record.month, record.value, record.numerator,
                record.denominator, record.note, provenance,
            )
        else:
            assert record.value is not None  # the layouts give every budget row its amount
            agreement.record_budget_realisation(
                stamp, record.item, record.month, record.value, record.note, provenance
            )
    except NotFound as error:
        return [RowError(record.item_at, str(error))]
    except DomainError as error:
        return [RowError(record.where, str(error))]
    return []
