"""Importing realisations (indicators and budget lines) from one CSV or Excel file."""

from __future__ import annotations

from pathlib import Path

from domain.commands import RecordBudgetRealisation, RecordRealisation
from kinerja_flow.application import KinerjaApp
from kinerja_flow.importing.reading import read_realisations
from kinerja_flow.importing.records import Realisation
from kinerja_flow.importing.source import SourceFile
from kinerja_flow.importing.transaction import (
    ImportReport,
    Located,
    Progress,
    marker,
    record,
    refuse_if_imported,
)
from projections.bulk import fewer_collections


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
    located = [_command(source, r) for r in records]
    recorded = record(app, located, [marker(source, "realisasi", len(records))], problems,
                      dry_run, progress)
    codes = tuple(state.code for state in recorded.states.values())
    return ImportReport((source,), dry_run, codes, realisations=tuple(records),
                        events=0 if dry_run else len(recorded.events))


def _command(source: SourceFile, r: Realisation) -> Located:
    provenance = source.provenance(r.where)
    if r.kind == "indikator":
        command: RecordRealisation | RecordBudgetRealisation = RecordRealisation(
            code=r.agreement, indicator=r.item, month=r.month, value=r.value,
            numerator=r.numerator, denominator=r.denominator, note=r.note, source=provenance)
    else:
        assert r.value is not None  # the layouts give every budget row its amount
        command = RecordBudgetRealisation(code=r.agreement, programme=r.item, month=r.month,
                                          amount=r.value, note=r.note, source=provenance)
    return Located(command, r.where, r.agreement_at, r.item_at)
