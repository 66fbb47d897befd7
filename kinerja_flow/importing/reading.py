"""Reading all realisations of a CSV or Excel file, in whichever layout each sheet uses."""

from __future__ import annotations

from kinerja_flow.importing import long_layout, wide_layout
from kinerja_flow.importing.errors import RowError
from kinerja_flow.importing.header import find_header
from kinerja_flow.importing.records import Realisation
from kinerja_flow.importing.source import SourceFile
from kinerja_flow.importing.tables import read_tables

NO_HEADER = (
    "tidak menemukan baris judul kolom. Tata letak panjang: kolom "
    f"{', '.join(long_layout.COLUMNS)}; tata letak Lampiran 2: kolom Kode PK, Kode Indikator, "
    "Realisasi TW I..IV, Kode Program, Realisasi Anggaran TW I..IV."
)


def _matches(names: set[str]) -> bool:
    return long_layout.matches(names) or wide_layout.matches(names)


def read_realisations(source: SourceFile, default_agreement: str | None = None,
                      sheet: str | None = None) -> tuple[list[Realisation], list[RowError]]:
    """Every well-formed realisation of the file, and a located error for every bad cell or row.

    A file that cannot be read as a table at all raises `ImportFailed`.
    """
    records: list[Realisation] = []
    errors: list[RowError] = []
    tables = read_tables(source, sheet)
    read_any = False
    for table in tables:
        header = find_header(table.rows, _matches)
        if header is None:
            if sheet is not None or len(tables) == 1:
                errors.append(RowError(source.where(table.sheet), NO_HEADER))
            continue
        read_any = True
        layout = long_layout if long_layout.matches(set(header.names)) else wide_layout
        found, problems = layout.parse(table, header, source, default_agreement)
        records += found
        errors += problems
    if not read_any and not errors:
        errors.append(RowError(source.where(), f"tidak ada lembar yang bisa dibaca: {NO_HEADER}"))
    records, duplicates = _without_duplicates(records)
    errors += duplicates
    if not records and not errors:
        errors.append(RowError(source.where(), "tidak ada realisasi di berkas ini."))
    return records, errors


def _without_duplicates(records: list[Realisation]) -> tuple[list[Realisation], list[RowError]]:
    """The first record of each (agreement, item, month), and an error for every repeat."""
    first: dict[tuple[str, str, str, int], Realisation] = {}
    errors = []
    for record in records:
        earlier = first.setdefault(record.key, record)
        if earlier is not record:
            errors.append(RowError(
                record.where,
                f"realisasi {record.kind} {record.item} bulan {record.month} PK {record.agreement} "
                f"sudah ada di baris {earlier.where.row}"
                + (f" lembar {earlier.where.sheet!r}" if earlier.where.sheet != record.where.sheet else ""),
            ))
    return list(first.values()), errors
