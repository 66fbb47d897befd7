"""The CSV writer: the tables as `;`-separated UTF-8 with BOM, Indonesian notation.

That is what Excel in an Indonesian locale opens directly. Numbers keep their own decimals
(`0,32`, `30.515.960`), percentages have two; text cells are escaped against formulas and
control characters (`cells`). Tables follow each other, separated by an empty line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from kinerja_flow.export import cells
from kinerja_flow.export.model import CellFormat, Table


def cell_text(value: Any, cell: CellFormat) -> str:
    """One cell as CSV text."""
    content = cells.content(value, cell)
    if content is None:
        return ""
    if isinstance(content, Decimal):
        return cells.number_text(content, cell)
    return cells.csv_text(content)


def _heading(text: str) -> str:
    return cells.csv_text(cells.text(text))


def csv_bytes(tables: Sequence[Table]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for index, table in enumerate(tables):
        if index:
            writer.writerow([])
        for title in table.titles:
            writer.writerow([_heading(title)])
        groups = [c.group or "" for c in table.columns]
        if any(groups):
            writer.writerow([_heading(g) if i == 0 or groups[i - 1] != g else ""
                             for i, g in enumerate(groups)])
        writer.writerow([_heading(c.title) for c in table.columns])
        for row in table.rows:
            writer.writerow([cell_text(v, c.format) for v, c in zip(row, table.columns)])
    return buffer.getvalue().encode("utf-8-sig")
