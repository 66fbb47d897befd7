"""Export: the read models and the realisations as CSV, Excel (.xlsx) or JSON.

One job per module:

- `model`: what an export is (tables of typed columns, and the JSON data);
- `layouts`: the tables, laid out like the seeds' (realisations, Lampiran 2, Formulir
  Pengukuran Kinerja, target history, audit trail);
- `cells`: what a cell holds (number or text), with formulas and control characters escaped;
- `csv_file`, `xlsx_file`, `json_file`: the writers of the three formats;
- `output`: safe file output (never the database, never an unasked overwrite, atomic);
- `writer`: the format of a path and `write`, which ties them together.

This package's names are the public interface: `export.quarterly(...)`, `export.write(...)`.
"""

from kinerja_flow.export.layouts import (
    audit,
    measurement,
    quarterly,
    realisations,
    target_history,
)
from kinerja_flow.export.model import FORMATS, CellFormat, Column, Export, Format, Table
from kinerja_flow.export.writer import check_output, format_of, write

__all__ = [
    "FORMATS", "CellFormat", "Column", "Export", "Format", "Table",
    "audit", "check_output", "format_of", "measurement", "quarterly", "realisations",
    "target_history", "write",
]
