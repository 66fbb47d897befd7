"""The XLSX writer: the tables as sheets with bold headers, merged titles and groups, number
formats and widths.

Every text is written as a string cell, never a formula: openpyxl reads a str starting with `=`
as a formula (and `#N/A` as an error), so the cell's type is set back to string after the value
is assigned. Texts a spreadsheet would take for a formula when edited also get Excel's quote
prefix. Numbers Excel cannot hold exactly are written as their Indonesian text (`cells`).

openpyxl is imported inside the functions (start-up time of the CLI).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from kinerja_flow.export import cells
from kinerja_flow.export.model import CellFormat, Table

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

NUMBER_FORMATS: dict[CellFormat, str] = {
    "text": "@", "int": "0", "number": "#,##0.00##", "rupiah": '#,##0;-#,##0;"-"', "percent": "0.00",
}


def put_text(cell: Cell, text: str) -> Cell:
    """Store `text` (already safe, see `cells.content`) as a string, whatever it starts with."""
    cell.value = text
    cell.data_type = "s"
    if cells.is_risky(text):
        cell.quotePrefix = True
    return cell


def put(cell: Cell, value: Any, format: CellFormat) -> Cell:
    """Store one table value in the column's format."""
    cell.number_format = NUMBER_FORMATS[format]
    content = cells.content(value, format)
    if content is None:
        return cell
    if isinstance(content, Decimal):
        number = cells.excel_number(content)
        if number is not None:
            cell.value = number
            return cell
        content = cells.number_text(content, format)  # exact, as text
    return put_text(cell, content)


def workbook(tables: Sequence[Table]) -> Workbook:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    heading = Font(bold=True)
    fill = PatternFill("solid", fgColor="D9D9D9")
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet: Worksheet = book.create_sheet(table.name[:31])
        width = len(table.columns)
        row = 1
        for title in table.titles:
            cell = put_text(sheet.cell(row, 1), cells.text(title))
            cell.font, cell.alignment = heading, Alignment(horizontal="center")
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
            row += 1
        if table.titles:
            row += 1
        if any(c.group for c in table.columns):
            start = 0
            for index in range(1, width + 1):
                if index == width or table.columns[index].group != table.columns[start].group:
                    group = table.columns[start].group
                    if group:
                        cell = put_text(sheet.cell(row, start + 1), cells.text(group))
                        cell.font, cell.alignment, cell.fill = heading, centre, fill
                        if index - 1 > start:
                            sheet.merge_cells(start_row=row, start_column=start + 1, end_row=row,
                                              end_column=index)
                    start = index
            row += 1
        for index, column in enumerate(table.columns, start=1):
            cell = put_text(sheet.cell(row, index), cells.text(column.title))
            cell.font, cell.alignment, cell.fill, cell.border = heading, centre, fill, border
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        sheet.freeze_panes = sheet.cell(row + 1, 1)
        for values in table.rows:
            row += 1
            section = sum(v is not None for v in values) == 1 and isinstance(values[0], str) \
                and len(table.columns) > 1 and all(v is None for v in values[1:])
            for index, (value, column) in enumerate(zip(values, table.columns), start=1):
                cell = put(sheet.cell(row, index), value, column.format)
                cell.border = border
                cell.alignment = Alignment(vertical="top", wrap_text=column.format == "text")
                if section:
                    cell.font = heading
    return book

