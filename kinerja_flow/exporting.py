"""Export: the read models and the realisations as CSV, Excel (.xlsx) or JSON.

Each export is built as `Table`s laid out like the seeds' tables (title lines, grouped column
headers, the seed's column names) and written in the chosen format:

- CSV: `;`-separated UTF-8 with BOM (what Excel in an Indonesian locale opens directly), numbers
  in Indonesian notation with their own decimals (`0,32`, `30.515.960`);
- XLSX: the same table with bold headers, merged titles and groups, number formats and widths;
- JSON: the query's own structured result (numbers as exact decimal strings).

`realisations` writes the long import layout, so an exported file imports back to the same
current realisations (corrections are exported as their current value).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from domain.errors import DomainError
from domain.numbers import format_number
from kinerja_flow.importing import long_layout
from kinerja_flow.importing.wide_layout import quarter_label
from projections import audit as trail
from projections import current_targets, target_history
from projections import measurement as formulir
from projections import quarterly as lampiran2
from projections import realisations as realised
from projections.model import to_json
from projections.store import ViewStore

Format = Literal["csv", "xlsx", "json"]
FORMATS: tuple[Format, ...] = ("csv", "xlsx", "json")
CellFormat = Literal["text", "int", "number", "rupiah", "percent"]
ROMAN = ("I", "II", "III", "IV")
LEVEL_LABELS = {"eselon-2": "ESELON II", "eselon-3": "ESELON III", "eselon-4": "ESELON IV",
                "kepala-daerah": "KEPALA DAERAH"}


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


# ----------------------------------------------------------------- writing

def format_of(path: Path, format: str | None = None) -> Format:
    chosen = (format or path.suffix.lstrip(".")).lower()
    if chosen not in FORMATS:
        raise DomainError(f"Format ekspor {chosen or '(tanpa akhiran)'!r} tidak dikenal; pilih csv, xlsx atau json.")
    return chosen  # type: ignore[return-value]


def write(export: Export, path: Path, format: Format) -> None:
    """Write the export to `path`, replacing it (the directory must exist)."""
    if format == "json":
        path.write_text(json.dumps(export.data, indent=2, ensure_ascii=False, default=_json_default) + "\n",
                        encoding="utf-8")
    elif format == "csv":
        path.write_bytes(_csv_bytes(export.tables))
    else:
        _write_xlsx(export.tables, path)


def _json_default(value: Any) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} tidak bisa ditulis sebagai JSON")


UNDEFINED = "-"  # an achievement that cannot be computed (target zero), as the seed shows it


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "" or value == UNDEFINED:
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _own_places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def csv_text(value: Any, cell: CellFormat) -> str:
    """A cell as CSV text: Indonesian notation, exact (a value keeps its own decimals)."""
    if cell == "text" or cell == "int":
        return "" if value is None else str(value)
    number = _decimal(value)
    if number is None:
        return "" if value is None else str(value)
    return format_number(number, 2 if cell == "percent" else _own_places(number))


def _csv_bytes(tables: Sequence[Table]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for index, table in enumerate(tables):
        if index:
            writer.writerow([])
        for title in table.titles:
            writer.writerow([title])
        groups = [c.group or "" for c in table.columns]
        if any(groups):
            writer.writerow([g if i == 0 or groups[i - 1] != g else "" for i, g in enumerate(groups)])
        writer.writerow([c.title for c in table.columns])
        for row in table.rows:
            writer.writerow([csv_text(v, c.format) for v, c in zip(row, table.columns)])
    return buffer.getvalue().encode("utf-8-sig")


XLSX_FORMATS: dict[CellFormat, str] = {
    "text": "@", "int": "0", "number": "#,##0.00##", "rupiah": '#,##0;-#,##0;"-"', "percent": "0.00",
}


def _xlsx_value(value: Any, cell: CellFormat) -> Any:
    if cell in ("text", "int") or _decimal(value) is None:
        return value
    number = _decimal(value)
    assert number is not None
    return int(number) if number == number.to_integral_value() else float(number)


def _write_xlsx(tables: Sequence[Table], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    heading = Font(bold=True)
    fill = PatternFill("solid", fgColor="D9D9D9")
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(table.name[:31])
        width = len(table.columns)
        row = 1
        for title in table.titles:
            sheet.cell(row, 1, title).font = heading
            sheet.cell(row, 1).alignment = Alignment(horizontal="center")
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
                        cell = sheet.cell(row, start + 1, group)
                        cell.font, cell.alignment, cell.fill = heading, centre, fill
                        if index - 1 > start:
                            sheet.merge_cells(start_row=row, start_column=start + 1, end_row=row,
                                              end_column=index)
                    start = index
            row += 1
        for index, column in enumerate(table.columns, start=1):
            cell = sheet.cell(row, index, column.title)
            cell.font, cell.alignment, cell.fill, cell.border = heading, centre, fill, border
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        sheet.freeze_panes = sheet.cell(row + 1, 1)
        for values in table.rows:
            row += 1
            section = sum(v is not None for v in values) == 1 and isinstance(values[0], str) \
                and len(table.columns) > 1 and all(v is None for v in values[1:])
            for index, (value, column) in enumerate(zip(values, table.columns), start=1):
                cell = sheet.cell(row, index, _xlsx_value(value, column.format))
                cell.border = border
                cell.number_format = XLSX_FORMATS[column.format]
                cell.alignment = Alignment(vertical="top", wrap_text=column.format == "text")
                if section:
                    cell.font = heading
    workbook.save(path)


# ----------------------------------------------------------------- realisations (long layout)

def realisations(store: ViewStore, codes: Sequence[str]) -> Export:
    """The current realisations of the agreements, in the long import layout."""
    rows: list[list[Any]] = []
    data: list[dict[str, Any]] = []
    for code in codes:
        stored_code, entries = realised.current(store, code)
        for entry in entries:
            values = [stored_code, entry.kind, entry.item, entry.month, entry.value,
                      entry.numerator, entry.denominator, entry.note]
            rows.append(values)
            data.append({**dict(zip(long_layout.COLUMNS, values)), "sumber": entry.source,
                         "pelaku": entry.actor, "dicatat": entry.recorded_at})
    columns = [Column("kode_pk", width=26), Column("jenis", width=10), Column("kode", width=8),
               Column("bulan", "int", 7), Column("nilai", "number", 16),
               Column("pembilang", "number", 12), Column("penyebut", "number", 12),
               Column("keterangan", width=40)]
    return Export([Table("Realisasi", columns, rows)], data)


# ----------------------------------------------------------------- quarterly summary (Lampiran 2)

def _quarter_columns(prefix: str, fmt: CellFormat, group: str, width: int = 12) -> list[Column]:
    return [Column(f"{prefix}TW {r}", fmt, width, group) for r in ROMAN]


def lampiran2_columns() -> list[Column]:
    kinerja, anggaran = "Kinerja", "Anggaran (Rp)"
    return [
        Column("No", "text", 5), Column("Kode PK", "text", 24), Column("Sasaran Strategis", "text", 36),
        Column("Kode Indikator", "text", 10, kinerja), Column("Indikator Kinerja", "text", 36, kinerja),
        Column("Satuan", "text", 8, kinerja), Column("Target Kinerja Tahunan", "number", 12, kinerja),
        *_quarter_columns("Target ", "number", kinerja, 10),
        *[Column(quarter_label("indikator", q), "number", 11, kinerja) for q in (1, 2, 3, 4)],
        *_quarter_columns("% ", "percent", kinerja, 9),
        Column("Keterangan", "text", 16, kinerja),
        Column("Kode Program", "text", 9, anggaran), Column("Program", "text", 40, anggaran),
        Column("Target Anggaran Tahunan", "rupiah", 16, anggaran),
        *_quarter_columns("Target Anggaran ", "rupiah", anggaran, 15),
        *[Column(quarter_label("anggaran", q), "rupiah", 15, anggaran) for q in (1, 2, 3, 4)],
        *_quarter_columns("% Anggaran ", "percent", anggaran, 9),
        Column("Keterangan Anggaran", "text", 16, anggaran),
    ]


def _shown(percent: str | None) -> str:
    return UNDEFINED if percent is None else percent


def _indicator_cells(item: lampiran2.IndicatorSummary | None) -> list[Any]:
    if item is None:
        return [None] * 17
    quarters = {q.quarter: q for q in item.quarters}
    return [
        item.code, item.description, item.unit, item.annual_target,
        *[_of(quarters.get(q), "target") for q in (1, 2, 3, 4)],
        *[_of(quarters.get(q), "realisation") for q in (1, 2, 3, 4)],
        *[_shown(_of(quarters.get(q), "achievement")) for q in (1, 2, 3, 4)],
        None,
    ]


def _programme_cells(item: lampiran2.ProgrammeSummary | None) -> list[Any]:
    if item is None:
        return [None] * 16
    quarters = {q.quarter: q for q in item.quarters}
    return [
        item.code, item.description, item.budget,
        *[_of(quarters.get(q), "target") for q in (1, 2, 3, 4)],
        *[_of(quarters.get(q), "realisation") for q in (1, 2, 3, 4)],
        *[_shown(_of(quarters.get(q), "absorption")) for q in (1, 2, 3, 4)],
        None,
    ]


def _of(figure: Any, name: str) -> Any:
    return None if figure is None else getattr(figure, name)


def quarterly(store: ViewStore, code: str) -> Export:
    """Capaian Rencana Aksi s/d Triwulan IV (the seed's Lampiran 2), one row per indicator/programme."""
    summary = lampiran2.quarterly(store, code)
    agreement = current_targets.agreement(store, summary.code)
    columns = lampiran2_columns()
    rows: list[list[Any]] = [
        [LEVEL_LABELS.get(agreement.level, agreement.level)] + [None] * (len(columns) - 1),
        [agreement.first_party.jabatan] + [None] * (len(columns) - 1),
    ]
    texts = {i.objective: i.objective_text for i in agreement.indicators}
    objectives = list(dict.fromkeys(i.objective for i in agreement.indicators))
    groups = objectives + [None]
    for number, objective in enumerate(groups, start=1):
        indicators = [i for i in summary.indicators if i.objective == objective
                      or (objective is None and i.objective not in objectives)]
        programmes = [p for p in summary.programmes if p.objective == objective
                      or (objective is None and p.objective not in objectives)]
        text = texts.get(objective) if objective else None
        for line in range(max(len(indicators), len(programmes))):
            first = line == 0 and objective is not None
            rows.append([
                str(number) if first else None, agreement.code, text if first else None,
                *_indicator_cells(indicators[line] if line < len(indicators) else None),
                *_programme_cells(programmes[line] if line < len(programmes) else None),
            ])
    total = summary.budget_total
    quarters = {q.quarter: q for q in total.quarters}
    rows.append([
        "TOTAL", *[None] * 19, None, None, total.budget,
        *[_of(quarters.get(q), "target") for q in (1, 2, 3, 4)],
        *[_of(quarters.get(q), "realisation") for q in (1, 2, 3, 4)],
        *[_of(quarters.get(q), "absorption") for q in (1, 2, 3, 4)], None,
    ])
    titles = [
        "CAPAIAN RENCANA AKSI ATAS PERJANJIAN KINERJA SAMPAI DENGAN TRIWULAN I S/D IV",
        f"PERANGKAT DAERAH {agreement.agency.upper()}",
        f"TAHUN {agreement.year}",
    ]
    return Export([Table("Lampiran 2", columns, rows, titles)], to_json(summary))


# ----------------------------------------------------------------- annual measurement (Formulir)

def measurement(store: ViewStore, year: int, agency: str | None = None) -> Export:
    """Formulir Pengukuran Kinerja of the year: per indicator target, realisation, capaian, budget."""
    data = formulir.measurement(store, year, agency)
    columns = [
        Column("Kode PK", "text", 24), Column("Sasaran Strategis", "text", 36),
        Column("Indikator Kinerja", "text", 40), Column("Satuan", "text", 8),
        Column("Target", "number", 10), Column("Realisasi", "number", 10),
        Column("Capaian Kinerja (%)", "percent", 11), Column("Predikat", "text", 16),
        Column("Anggaran (Rp)", "rupiah", 16), Column("Realisasi Anggaran (Rp)", "rupiah", 16),
        Column("Serapan (%)", "percent", 10), Column("Tingkat Efisiensi", "number", 10),
    ]
    rows: list[list[Any]] = []
    for agreement in data.agreements:
        shown: set[str | None] = set()
        for item in agreement.indicators:
            first = item.objective not in shown
            shown.add(item.objective)
            rows.append([
                agreement.code, item.objective_text if first else None,
                item.description, item.unit, item.target, item.realisation,
                item.achievement, item.grade, item.budget, item.budget_realisation,
                item.absorption, item.efficiency,
            ])
    agencies = sorted({a.agency for a in data.agreements})
    titles = [f"FORMULIR PENGUKURAN KINERJA {' / '.join(agencies).upper()}".rstrip(),
              f"TAHUN ANGGARAN {year}"]
    return Export([Table("Pengukuran Kinerja", columns, rows, titles)], to_json(data))


# ----------------------------------------------------------------- target history

def target_history(store: ViewStore, code: str) -> Export:
    """Every value each target and budget has had, per version, and every change with who/why."""
    data = target_history.history(store, code)
    versions = [v.version for v in data.versions]
    value_columns = [Column("Jenis", "text", 10), Column("Kode", "text", 8),
                     Column("Uraian", "text", 44), Column("Satuan", "text", 8)]
    value_columns += [Column(f"Versi {v}", "text", 14, "Target / pagu per versi") for v in versions]
    value_rows = [
        [t.kind, t.item, t.description, t.unit, *[t.values.get(str(v)) for v in versions]]
        for t in data.targets
    ]
    change_columns = [
        Column("Urutan", "int", 8), Column("Versi", "int", 6), Column("Jenis", "text", 10),
        Column("Kode", "text", 8), Column("Perubahan", "text", 14), Column("Lama", "text", 16),
        Column("Baru", "text", 16), Column("Pelaku", "text", 16), Column("Dicatat", "text", 20),
        Column("Berlaku", "text", 11), Column("Alasan", "text", 40),
    ]
    change_rows = [
        [c.position, c.version, c.kind, c.item, c.change, c.old, c.new, c.actor, c.recorded_at,
         c.effective, c.reason]
        for c in data.changes
    ]
    titles = [f"RIWAYAT TARGET PK {data.code}"]
    return Export([
        Table("Target per versi", value_columns, value_rows, titles),
        Table("Perubahan target", change_columns, change_rows, [f"PERUBAHAN TARGET PK {data.code}"]),
    ], to_json(data))


# ----------------------------------------------------------------- audit trail

def audit(store: ViewStore, code: str | None = None) -> Export:
    """Every event in log order: what, who, when recorded, effective date, why."""
    data = trail.audit(store, code)
    columns = [
        Column("Urutan", "int", 8), Column("Kode PK", "text", 24), Column("Seq", "int", 6),
        Column("Peristiwa", "text", 22), Column("Pelaku", "text", 18), Column("Dicatat", "text", 20),
        Column("Berlaku", "text", 11), Column("Alasan", "text", 36), Column("Ringkasan", "text", 60),
    ]
    rows = [[r.position, r.code, r.seq, r.kind, r.actor, r.recorded_at, r.effective, r.reason,
             r.summary] for r in data]
    titles = [f"JEJAK AUDIT{' PK ' + code if code else ''}"]
    return Export([Table("Jejak audit", columns, rows, titles)], to_json(data))
