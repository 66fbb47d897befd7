"""The raw tables of a spreadsheet file: CSV (UTF-8, `,` `;` or tab separated) or Excel .xlsx.

A table is its sheet name (None for CSV) and its rows of cells; `rows[i]` is spreadsheet row
`i + 1`. What the columns mean is the layouts' business (`kinerja_flow.importing.layouts`).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from kinerja_flow.importing.cells import Cell
from kinerja_flow.importing.errors import ImportFailed
from kinerja_flow.importing.source import SourceFile

CSV_SUFFIXES = (".csv", ".txt")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
DELIMITERS = (",", ";", "\t")
SNIFF_ROWS = 30


@dataclass(frozen=True)
class Table:
    sheet: str | None
    rows: list[list[Cell]]


def read_tables(source: SourceFile, sheet: str | None = None) -> list[Table]:
    """Every table of the file (one for CSV; the sheets of a workbook, or just `sheet`)."""
    if source.suffix in CSV_SUFFIXES:
        if sheet is not None:
            raise ImportFailed.at(source.where(), "berkas CSV tidak punya lembar (--sheet).")
        return [Table(None, _csv_rows(source))]
    if source.suffix in EXCEL_SUFFIXES:
        return _workbook_tables(source, sheet)
    if source.suffix == ".xls":
        raise ImportFailed.at(source.where(), "format Excel lama (.xls) tidak didukung; simpan sebagai .xlsx.")
    raise ImportFailed.at(
        source.where(), f"jenis berkas {source.suffix or '(tanpa akhiran)'!r} tidak dikenal; pakai .csv atau .xlsx."
    )


def _csv_rows(source: SourceFile) -> list[list[Cell]]:
    try:
        content = source.data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFailed.at(
            source.where(),
            f"bukan teks UTF-8 (byte {error.start}); simpan ulang sebagai \"CSV UTF-8\".",
        ) from None
    if "\x00" in content:
        raise ImportFailed.at(source.where(), "berisi karakter NUL: bukan berkas CSV teks.")
    if not content.strip():
        raise ImportFailed.at(source.where(), "berkas kosong.")
    lines = content.splitlines()
    try:
        best = max(
            (list(csv.reader(lines, delimiter=d)) for d in DELIMITERS),
            key=lambda rows: max((len(r) for r in rows[:SNIFF_ROWS]), default=0),
        )
    except csv.Error as error:
        raise ImportFailed.at(source.where(), f"CSV rusak: {error}.") from None
    return [list(row) for row in best]


def _workbook_tables(source: SourceFile, sheet: str | None) -> list[Table]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(source.data), read_only=True, data_only=True)
        try:
            names = workbook.sheetnames
            if sheet is not None and sheet not in names:
                raise ImportFailed.at(
                    source.where(), f"lembar {sheet!r} tidak ada; yang ada: {', '.join(names)}."
                )
            return [
                Table(name, [list(row) for row in workbook[name].iter_rows(values_only=True)])
                for name in ([sheet] if sheet is not None else names)
            ]
        finally:
            workbook.close()
    except ImportFailed:
        raise
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds on a damaged file
        raise ImportFailed.at(
            source.where(), f"bukan berkas Excel .xlsx yang valid ({type(error).__name__})."
        ) from None
