"""The long layout: one row per value.

    kode_pk | jenis | kode | bulan | nilai | pembilang | penyebut | keterangan

`jenis` is `indikator` (or `kinerja`) for an indicator, `anggaran` (or `program`) for a budget
line; `kode` is the indicator's or programme's code; `bulan` is 1..12 or a month name. An
indicator takes `nilai`, or `pembilang` and `penyebut` when it is a ratio; a budget line takes
`nilai` in Rupiah. This is also the layout `kinerja export realisations` writes.
"""

from __future__ import annotations

from domain.state import ItemKind
from kinerja_flow.importing import cells
from kinerja_flow.importing.errors import RowError
from kinerja_flow.importing.header import Header, RowReader, normalise
from kinerja_flow.importing.records import Realisation
from kinerja_flow.importing.source import SourceFile
from kinerja_flow.importing.tables import Table

COLUMNS = ("kode_pk", "jenis", "kode", "bulan", "nilai", "pembilang", "penyebut", "keterangan")
REQUIRED = ("kode_pk", "jenis", "kode", "bulan")
KINDS: dict[str, ItemKind] = {
    "indikator": "indikator", "kinerja": "indikator", "anggaran": "anggaran", "program": "anggaran",
}


def matches(names: set[str]) -> bool:
    return "jenis" in names and "kode" in names


def _header_errors(header: Header, source: SourceFile, table: Table, default_agreement: str | None
                   ) -> list[RowError]:
    where = source.where(table.sheet, header.row + 1)
    errors = header.duplicates(where)
    known = {normalise(c) for c in COLUMNS}
    for column, name in enumerate(header.names):
        if name and name not in known:
            errors.append(RowError(
                where.at(header.label(column)),
                f"kolom tidak dikenal; kolom tata letak panjang: {', '.join(COLUMNS)}",
            ))
    names = set(header.names)
    for name in REQUIRED:
        if normalise(name) not in names and not (name == "kode_pk" and default_agreement):
            errors.append(RowError(where, f"kolom {name!r} tidak ada"))
    if "nilai" not in names and not {"pembilang", "penyebut"} <= names:
        errors.append(RowError(where, "kolom 'nilai' (atau 'pembilang' dan 'penyebut') tidak ada"))
    return errors


def parse(table: Table, header: Header, source: SourceFile, default_agreement: str | None
          ) -> tuple[list[Realisation], list[RowError]]:
    errors = _header_errors(header, source, table, default_agreement)
    if errors:
        return [], errors
    col = {name: header.column(normalise(name)) for name in COLUMNS}
    records: list[Realisation] = []
    for index in range(header.row + 1, len(table.rows)):
        row = table.rows[index]
        if all(cells.is_blank(cell) for cell in row):
            continue
        reader = RowReader(header, row, source.where(table.sheet, index + 1))
        record = _parse_row(reader, col, default_agreement)
        errors.extend(reader.errors)
        if record is not None and not reader.errors:
            records.append(record)
    return records, errors


def _kind(text: str) -> ItemKind:
    kind = KINDS.get(text.casefold())
    if kind is None:
        raise ValueError(f"jenis {text!r} tidak dikenal; isi 'indikator' atau 'anggaran'")
    return kind


def _parse_row(reader: RowReader, col: dict[str, int | None], default_agreement: str | None
               ) -> Realisation | None:
    agreement = reader.get(col["kode_pk"], cells.text) or default_agreement
    kind = reader.get(col["jenis"], lambda c: _kind(cells.text(c)))
    item = reader.get(col["kode"], cells.text)
    month = reader.get(col["bulan"], cells.month)
    for name, present in (("kode_pk", agreement), ("jenis", kind), ("kode", item), ("bulan", month)):
        if present is None and reader.blank(col[name]):
            reader.fail(col[name], "kosong")
    value = reader.get(col["nilai"], cells.quantity)
    numerator = reader.get(col["pembilang"], cells.number)
    denominator = reader.get(col["penyebut"], cells.number)
    note = reader.get(col["keterangan"], cells.text)
    value_column = _check_values(reader, col, kind)
    if agreement is None or kind is None or item is None or month is None:
        return None
    return Realisation(
        agreement=agreement, kind=kind, item=item, month=month, value=value, numerator=numerator,
        denominator=denominator, note=note, where=reader.at(value_column),
        agreement_at=reader.at(col["kode_pk"]), item_at=reader.at(col["kode"]),
    )


def _check_values(reader: RowReader, col: dict[str, int | None], kind: ItemKind | None) -> int | None:
    """Which value cells a row must fill; returns the column that holds its value."""
    has_value = not reader.blank(col["nilai"])
    has_ratio = not reader.blank(col["pembilang"]) or not reader.blank(col["penyebut"])
    if kind == "anggaran" and has_ratio:
        reader.fail(col["pembilang"] if not reader.blank(col["pembilang"]) else col["penyebut"],
                    "realisasi anggaran diisi di kolom nilai (Rp), bukan pembilang/penyebut")
    elif has_value and has_ratio:
        reader.fail(col["nilai"], "isi nilai ATAU pembilang dan penyebut, tidak keduanya")
    elif has_ratio:
        for name in ("pembilang", "penyebut"):
            if reader.blank(col[name]):
                reader.fail(col[name], "kosong; indikator rasio perlu pembilang dan penyebut")
        return col["pembilang"]
    elif not has_value and kind is not None:
        reader.fail(col["nilai"], "kosong; isi nilai realisasi")
    return col["nilai"]
