"""The raw tables of a spreadsheet file: CSV (UTF-8, `,` `;` or tab separated) or Excel .xlsx.

A table is its sheet name (None for CSV) and its rows of cells; `rows[i]` is spreadsheet row
`i + 1`. What the columns mean is the layouts' business (`kinerja_flow.importing.layouts`).
Both readers hold a table to the same caps (`kinerja_flow.limits`: rows, columns, cells), checked
while reading, so that no file costs more memory or time than a file at the caps.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from kinerja_flow.importing.cells import Cell
from kinerja_flow.importing.errors import ImportFailed
from kinerja_flow.importing.source import SourceFile
from kinerja_flow.limits import MAX_CELLS, MAX_COLUMNS, MAX_ROWS, grouped

CSV_SUFFIXES = (".csv", ".txt")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
DELIMITERS = (",", ";", "\t")
SNIFF_ROWS = 30


@dataclass(frozen=True)
class Table:
    sheet: str | None
    rows: list[list[Cell]]


def too_many_cells() -> str:
    return f"berisi lebih dari {grouped(MAX_CELLS)} sel (terisi atau berformat)."


def beyond_caps(row: int, column: int) -> str | None:
    """Why a filled cell at `row`, `column` (1-based) is beyond the caps of a table, if it is."""
    if row > MAX_ROWS:
        return f"ada isi di baris {grouped(row)}; paling banyak {grouped(MAX_ROWS)} baris per lembar."
    if column > MAX_COLUMNS:
        return (f"ada isi di kolom {get_column_letter(column)}; paling banyak {MAX_COLUMNS} kolom "
                f"(sampai kolom {get_column_letter(MAX_COLUMNS)}).")
    return None


def read_tables(source: SourceFile, sheet: str | None = None) -> list[Table]:
    """Every table of the file (one for CSV; the sheets of a workbook, or just `sheet`)."""
    if source.suffix in CSV_SUFFIXES:
        if sheet is not None:
            raise ImportFailed.at(source.where(), "berkas CSV tidak punya lembar (--sheet).")
        return [Table(None, _csv_rows(source))]
    if source.suffix in EXCEL_SUFFIXES:
        from kinerja_flow.importing.workbook import read_workbook

        return read_workbook(source, sheet)
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
    try:
        delimiter = max(DELIMITERS, key=lambda d: _width(content, d))
        return _bounded_rows(csv.reader(io.StringIO(content, newline=""), delimiter=delimiter), source)
    except csv.Error as error:
        raise ImportFailed.at(source.where(), f"CSV rusak: {error}.") from None


def _width(content: str, delimiter: str) -> int:
    """The widest of the first rows when split at `delimiter` (the delimiter that splits most wins)."""
    rows = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    return max((len(row) for row in itertools.islice(rows, SNIFF_ROWS)), default=0)


def _bounded_rows(reader: Iterator[list[str]], source: SourceFile) -> list[list[Cell]]:
    """The rows, without their trailing empty fields, refused at the first one beyond the caps."""
    rows: list[list[Cell]] = []
    cells = 0
    for number, row in enumerate(reader, start=1):
        cells += max(len(row), 1)
        if cells > MAX_CELLS:
            raise ImportFailed.at(source.where(), too_many_cells())
        width = len(row)
        while width and not row[width - 1].strip():
            width -= 1
        if not width:
            if number <= MAX_ROWS:
                rows.append([])
            continue
        problem = beyond_caps(number, width)
        if problem:
            raise ImportFailed.at(source.where(None, number), problem)
        rows.append(row[:width])
    return rows
