"""What an export is, independent of the file format: tables of typed columns, and the data for JSON.

The layouts (`layouts`) build these; the writers (`csv_file`, `xlsx_file`, `json_file`) only read
them. A column's `format` is what tells the writers which cells are numbers (written in
Indonesian notation, or as Excel numbers) and which are text (escaped against formulas).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Format = Literal["csv", "xlsx", "json"]
FORMATS: tuple[Format, ...] = ("csv", "xlsx", "json")
CellFormat = Literal["text", "int", "number", "rupiah", "percent"]
NUMERIC: frozenset[CellFormat] = frozenset({"int", "number", "rupiah", "percent"})
UNDEFINED = "-"  # an achievement that cannot be computed (target zero), as the seed shows it


@dataclass(frozen=True)
class Column:
    title: str
    format: CellFormat = "text"
    width: int = 12
    group: str | None = None  # a header spanning several columns (Kinerja, Anggaran (Rp))


@dataclass(frozen=True)
class Table:
    """One sheet: title lines, columns, rows. A row holding one text only is a section heading."""

    name: str
    columns: list[Column]
    rows: list[list[Any]]
    titles: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Export:
    tables: list[Table]
    data: Any  # what the JSON file holds
