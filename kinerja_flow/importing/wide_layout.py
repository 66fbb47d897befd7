"""The wide quarterly layout of the seeds' Lampiran 2, "Capaian Rencana Aksi ... Triwulan I s/d IV".

One row per indicator and/or budget line (as in the seed, an indicator and a programme may share
a row), with a column per quarter:

    Kode PK | Kode Indikator | Realisasi TW I .. Realisasi TW IV | Keterangan
            | Kode Program   | Realisasi Anggaran TW I .. TW IV  | Keterangan Anggaran

Other columns of the table (No, Sasaran Strategis, Indikator Kinerja, Satuan, targets, %) are
read by people, not by the import. A quarter's value is recorded at the quarter's last month
(3, 6, 9, 12), as the demo does. `-` is zero (as in the seed); an empty cell is "no value yet".
A ratio indicator's cell holds `pembilang / penyebut` (e.g. `3.503 / 47.914`). Title, section
(ESELON II, A. Kepala Dinas) and TOTAL rows are skipped. Without a `Kode PK` column every row
belongs to the agreement named on the command line (`--pk`).
"""

from __future__ import annotations

import re
from decimal import Decimal

from domain.achievement import months_of
from domain.state import ItemKind
from kinerja_flow.importing import cells
from kinerja_flow.importing.cells import Cell
from kinerja_flow.importing.errors import RowError
from kinerja_flow.importing.header import Header, RowReader, normalise
from kinerja_flow.importing.records import Realisation
from kinerja_flow.importing.source import SourceFile
from kinerja_flow.importing.tables import Table

AGREEMENT = "kode pk"
CODE = {"indikator": "kode indikator", "anggaran": "kode program"}
NOTE = {"indikator": "keterangan", "anggaran": "keterangan anggaran"}
ROMAN = ("I", "II", "III", "IV")
QUARTER_HEADER = re.compile(r"^realisasi (kinerja |anggaran )?(?:tw|triwulan) ?(iv|iii|ii|i|[1-4])$")
SUMMARY_LABELS = {"total", "jumlah"}


def matches(names: set[str]) -> bool:
    return CODE["indikator"] in names or CODE["anggaran"] in names


def quarter_label(kind: ItemKind, quarter: int) -> str:
    """The header of a quarter's realisation column, as the example and the exports write it."""
    return f"Realisasi {'Anggaran ' if kind == 'anggaran' else ''}TW {ROMAN[quarter - 1]}"


def _quarter_columns(header: Header) -> tuple[dict[ItemKind, dict[int, int]], list[str]]:
    columns: dict[ItemKind, dict[int, int]] = {"indikator": {}, "anggaran": {}}
    unknown: list[str] = []
    for column, name in enumerate(header.names):
        if not name.startswith("realisasi"):
            continue
        found = QUARTER_HEADER.match(name)
        if found is None:
            unknown.append(header.label(column))
            continue
        kind: ItemKind = "anggaran" if found.group(1) == "anggaran " else "indikator"
        number = found.group(2)
        quarter = int(number) if number.isdigit() else ROMAN.index(number.upper()) + 1
        columns[kind][quarter] = column
    return columns, unknown


def _header_errors(header: Header, source: SourceFile, table: Table, default_agreement: str | None,
                   quarters: dict[ItemKind, dict[int, int]], unknown: list[str]) -> list[RowError]:
    where = source.where(table.sheet, header.row + 1)
    errors = header.duplicates(where)
    errors += [
        RowError(where.at(label), "judul kolom realisasi tidak dikenal; tulis 'Realisasi TW I'.."
                 "'Realisasi TW IV' atau 'Realisasi Anggaran TW I'..'Realisasi Anggaran TW IV'")
        for label in unknown
    ]
    names = set(header.names)
    for kind, code in CODE.items():
        if code in names and not quarters[kind]:
            errors.append(RowError(where, f"ada kolom {code!r} tetapi tidak ada kolom "
                                          f"{quarter_label(kind, 1)!r}..{quarter_label(kind, 4)!r}"))
        if quarters[kind] and code not in names:
            errors.append(RowError(where, f"ada kolom realisasi {kind} tetapi tidak ada kolom {code!r}"))
    if AGREEMENT not in names and not default_agreement:
        errors.append(RowError(where, "kolom 'Kode PK' tidak ada: tambahkan kolom itu, "
                                      "atau sebutkan PK-nya (--pk)"))
    return errors


def parse(table: Table, header: Header, source: SourceFile, default_agreement: str | None
          ) -> tuple[list[Realisation], list[RowError]]:
    quarters, unknown = _quarter_columns(header)
    errors = _header_errors(header, source, table, default_agreement, quarters, unknown)
    if errors:
        return [], errors
    records: list[Realisation] = []
    for index in range(header.row + 1, len(table.rows)):
        row = table.rows[index]
        reader = RowReader(header, row, source.where(table.sheet, index + 1))
        found = _parse_row(reader, quarters, default_agreement)
        errors.extend(reader.errors)
        if not reader.errors:
            records.extend(found)
    return records, errors


def _parse_row(reader: RowReader, quarters: dict[ItemKind, dict[int, int]],
               default_agreement: str | None) -> list[Realisation]:
    header = reader.header
    codes = {kind: header.column(name) for kind, name in CODE.items()}
    if any(normalise(cell) in SUMMARY_LABELS for cell in reader.row):
        return []  # the TOTAL row
    if all(reader.blank(column) for column in codes.values()):
        for kind, columns in quarters.items():
            filled = [c for c in columns.values() if not reader.blank(c)]
            if filled:
                reader.fail(filled[0], f"nilai realisasi tanpa {CODE[kind].title()}")
        return []  # title or section row
    agreement_column = header.column(AGREEMENT)
    agreement = reader.get(agreement_column, cells.text) or default_agreement
    records: list[Realisation] = []
    for kind, columns in quarters.items():
        item = reader.get(codes[kind], cells.text)
        filled = {q: c for q, c in sorted(columns.items()) if not reader.blank(c)}
        if item is None:
            if filled:
                reader.fail(filled[min(filled)], f"nilai realisasi tanpa {CODE[kind].title()}")
            continue
        if agreement is None:
            reader.fail(agreement_column, "kosong; isi kode PK (atau sebutkan dengan --pk)")
            return []
        note = reader.get(header.column(NOTE[kind]), cells.text)
        for quarter, column in filled.items():
            values = reader.get(column, _indicator_values if kind == "indikator" else _budget_values)
            if values is None:
                continue
            records.append(Realisation(
                agreement=agreement, kind=kind, item=item, month=months_of(quarter)[-1],
                value=values[0], numerator=values[1], denominator=values[2], note=note,
                where=reader.at(column), agreement_at=reader.at(agreement_column),
                item_at=reader.at(codes[kind]),
            ))
    return records


Values = tuple[Decimal | None, Decimal | None, Decimal | None]  # value, numerator, denominator


def _budget_values(cell: Cell) -> Values:
    return cells.quantity(cell), None, None


def _indicator_values(cell: Cell) -> Values:
    """A value, or `pembilang / penyebut` for a ratio indicator."""
    if isinstance(cell, str) and "/" in cell:
        numerator, _, denominator = cell.partition("/")
        return None, cells.number(numerator), cells.number(denominator)
    return cells.quantity(cell), None, None
