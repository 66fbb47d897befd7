"""The raw tables of a spreadsheet file: CSV (UTF-8, `,` `;` or tab separated) or Excel .xlsx.

A table is its sheet name (None for CSV) and its rows of cells; `rows[i]` is spreadsheet row
`i + 1`. What the columns mean is the layouts' business (`kinerja_flow.importing.layouts`).
Both readers hold a table to the same caps (`kinerja_flow.limits`: rows, columns, cells), checked
while reading, so that no file costs more memory or time than a file at the caps.
"""

from __future__ import annotations

import csv
import itertools
import re
from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from kinerja_flow.importing.cells import Cell
from kinerja_flow.importing.errors import ImportFailed
from kinerja_flow.importing.source import SourceFile
from kinerja_flow.limits import MAX_CELLS, MAX_COLUMNS, MAX_CSV_ROW, MAX_ROWS, grouped

CSV_SUFFIXES = (".csv", ".txt")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
DELIMITERS = (",", ";", "\t")
SNIFF_ROWS = 30
_NEWLINE = re.compile(r"\r\n?|\n")  # what ends a line for `csv` (open(..., newline=""))


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
    if not content or content.isspace():  # (no stripped copy of a 50 MB text)
        raise ImportFailed.at(source.where(), "berkas kosong.")
    try:
        delimiter = max(DELIMITERS, key=lambda d: _width(content, d))
        return _bounded_rows(_Lines(content), delimiter, source)
    except csv.Error as error:
        raise ImportFailed.at(source.where(), f"CSV rusak: {error}.") from None
    except _RowTooLong:
        raise ImportFailed.at(
            source.where(), f"satu baris lebih dari {grouped(MAX_CSV_ROW)} karakter; bukan tabel biasa."
        ) from None


class _RowTooLong(Exception):
    pass


class _Lines:
    """The lines of a CSV text for `csv.reader`, refusing a row longer than `MAX_CSV_ROW`.

    `csv.reader` builds a whole row before handing it over: one 50 MB line of `a,a,a...` would
    be a list of 25 million cells. The reader pulls lines for one row at a time, so the lines
    pulled since the last row are that row; `row_done` starts counting again. Lines are cut from
    the text as they are pulled (a `StringIO` would hold another copy of it, 4 bytes a character).
    """

    def __init__(self, content: str) -> None:
        self.content = content
        self.position = 0
        self.size = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        start = self.position
        if start >= len(self.content):
            raise StopIteration
        end = start + MAX_CSV_ROW + 1
        found = _NEWLINE.search(self.content, start, end + 1)
        self.position = found.end() if found else min(len(self.content), end)
        self.size += self.position - start
        if self.size > MAX_CSV_ROW:
            raise _RowTooLong
        return self.content[start:self.position]

    def row_done(self) -> None:
        self.size = 0


def _width(content: str, delimiter: str) -> int:
    """The widest of the first rows when split at `delimiter` (the delimiter that splits most wins)."""
    lines = _Lines(content)
    widest = 0
    for row in itertools.islice(csv.reader(lines, delimiter=delimiter), SNIFF_ROWS):
        widest = max(widest, len(row))
        lines.row_done()
    return widest


def _bounded_rows(lines: _Lines, delimiter: str, source: SourceFile) -> list[list[Cell]]:
    """The rows, without their trailing empty fields, refused at the first one beyond the caps."""
    rows: list[list[Cell]] = []
    cells = 0
    for number, row in enumerate(csv.reader(lines, delimiter=delimiter), start=1):
        lines.row_done()
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
