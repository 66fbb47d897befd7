"""Finding a table's header row and naming its columns the way a spreadsheet user sees them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from openpyxl.utils import get_column_letter

from kinerja_flow.importing import cells
from kinerja_flow.importing.cells import Cell
from kinerja_flow.importing.errors import Location, RowError

T = TypeVar("T")

SEARCH_ROWS = 30  # title rows above the header, as in the seeds' tables


def normalise(cell: Cell) -> str:
    """Header text compared loosely: case, spaces and `_` do not matter ("Kode_PK" = "kode pk")."""
    return " ".join(cells.text(cell).replace("_", " ").split()).casefold()


@dataclass(frozen=True)
class Header:
    """The header row of a table: which column holds which name."""

    row: int  # 0-based index into the table's rows
    labels: list[str]  # the header text as written, per column

    @property
    def names(self) -> list[str]:
        return [normalise(label) for label in self.labels]

    def column(self, name: str) -> int | None:
        names = self.names
        return names.index(name) if name in names else None

    def label(self, column: int) -> str:
        return f"{get_column_letter(column + 1)} ({self.labels[column]})"

    def duplicates(self, where: Location) -> list[RowError]:
        names = self.names
        return [
            RowError(where.at(self.label(col)), f"judul kolom {self.labels[col]!r} muncul dua kali")
            for col, name in enumerate(names)
            if name and names.index(name) != col
        ]


def find_header(rows: list[list[Cell]], matches: Callable[[set[str]], bool]) -> Header | None:
    for index, row in enumerate(rows[:SEARCH_ROWS]):
        if matches({normalise(cell) for cell in row}):
            return Header(index, [cells.text(cell) for cell in row])
    return None


def cell_at(row: list[Cell], column: int | None) -> Cell:
    if column is None or column >= len(row):
        return None
    return row[column]


class RowReader:
    """Reads the cells of one data row, collecting a located error for every bad cell."""

    def __init__(self, header: Header, row: list[Cell], where: Location) -> None:
        self.header = header
        self.row = row
        self.where = where
        self.errors: list[RowError] = []

    def at(self, column: int | None) -> Location:
        return self.where.at(None if column is None else self.header.label(column))

    def blank(self, column: int | None) -> bool:
        return cells.is_blank(cell_at(self.row, column))

    def get(self, column: int | None, convert: Callable[[Cell], T]) -> T | None:
        """The converted cell; None when it is blank or wrong (then the error is kept)."""
        cell = cell_at(self.row, column)
        if cells.is_blank(cell):
            return None
        if isinstance(cell, cells.Uncalculated):  # not blank, and no value to read
            self.fail(column, cell.problem)
            return None
        try:
            return convert(cell)
        except ValueError as error:
            self.fail(column, str(error))
            return None

    def fail(self, column: int | None, message: str) -> None:
        self.errors.append(RowError(self.at(column), message))
