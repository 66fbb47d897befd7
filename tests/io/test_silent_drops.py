"""No row or value of a workbook is dropped silently (issue 12, item 7).

A `<dimension>` that understates the rows made openpyxl stop early (1 of 3 rows imported, exit
0); formula cells saved without a computed value were read as empty (2 of 4 values, exit 0).
Every row is read now, and a formula without a value is refused, naming its cell.
"""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from kinerja_flow.application import KinerjaApp
from kinerja_flow.importing import ImportFailed, import_realisations
from tests.io.conftest import CODE, current_figures

SHEET = "xl/worksheets/sheet1.xml"
WIDE_HEADER = ["No", "Kode PK", "Kode Indikator", "Realisasi TW I", "Realisasi TW II", "Realisasi TW III",
               "Realisasi TW IV", "Kode Program", "Realisasi Anggaran TW I", "Realisasi Anggaran TW II",
               "Realisasi Anggaran TW III", "Realisasi Anggaran TW IV"]


def workbook(rows: list[list[Any]], path: Path, sheet_xml: Any = None) -> Path:
    """An .xlsx of `rows` as openpyxl writes it (formulas without values), its sheet's XML
    passed through `sheet_xml` when given."""
    book = Workbook()
    book.active.title = "Lampiran 2"
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, sheet_xml(data) if name == SHEET and sheet_xml else data)
    return path


def test_every_row_is_read_whatever_the_declared_dimension(in_force: KinerjaApp, tmp_path: Path) -> None:
    rows = [["kode_pk", "jenis", "kode", "bulan", "nilai"],
            [CODE, "anggaran", "P01", 3, 30515960],
            [CODE, "anggaran", "P02", 3, 1000],
            [CODE, "indikator", "S1.2", 6, 20]]
    path = workbook(rows, tmp_path / "dimensi.xlsx",
                    lambda xml: xml.replace(b'<dimension ref="A1:E4"', b'<dimension ref="A1:E2"'))
    assert b'ref="A1:E2"' in zipfile.ZipFile(path).read(SHEET)
    report = import_realisations(in_force, path)
    assert len(report.realisations) == 3
    assert current_figures(in_force) == {("anggaran", "P01", 3): Decimal(30515960),
                                         ("anggaran", "P02", 3): Decimal(1000),
                                         ("indikator", "S1.2", 6): Decimal(20)}


def lampiran2(tw3: Any, tw4: Any) -> list[list[Any]]:
    return [["Capaian Rencana Aksi Triwulan I s/d IV"], WIDE_HEADER,
            [1, CODE, "S1.2", 0, 0, tw3, tw4, "P01", 30515960, 29951050, None, None],
            ["TOTAL", None, None, None, None, None, None, None, "=SUM(I3:I3)", "=SUM(J3:J3)", None, None]]


def test_a_formula_without_its_value_is_refused_naming_the_cell(in_force: KinerjaApp, tmp_path: Path) -> None:
    path = workbook(lampiran2("=0.16*2", "=0.31"), tmp_path / "rumus.xlsx")
    before = in_force.recorder.max_notification_id()
    with pytest.raises(ImportFailed) as refusal:
        import_realisations(in_force, path)
    assert in_force.recorder.max_notification_id() == before
    message = str(refusal.value)
    assert "rumus.xlsx, lembar 'Lampiran 2', baris 3, kolom F (Realisasi TW III): rumus tanpa nilai " \
           "tersimpan ('=0.16*2')" in message, message
    assert "baris 3, kolom G (Realisasi TW IV)" in message
    assert "baris 4" not in message  # the TOTAL row's sums are not read


def test_a_formula_with_its_stored_value_is_imported(in_force: KinerjaApp, tmp_path: Path) -> None:
    """As Excel saves it: the formula and its last computed value."""
    def calculated(xml: bytes) -> bytes:
        xml = re.sub(rb"<f>0.16\*2</f><v\s*/>", b"<f>0.16*2</f><v>0.32</v>", xml)
        return re.sub(rb"<f>0.31</f><v\s*/>", b"<f>0.31</f><v>0.31</v>", xml)

    path = workbook(lampiran2("=0.16*2", "=0.31"), tmp_path / "dihitung.xlsx", calculated)
    import_realisations(in_force, path)
    figures = current_figures(in_force)
    assert [figures[("indikator", "S1.2", month)] for month in (3, 6, 9, 12)] == \
        [Decimal(0), Decimal(0), Decimal("0.32"), Decimal("0.31")]
