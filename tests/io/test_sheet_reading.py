"""The streaming XLSX reader reads every filled cell where its address says, whatever the sheet
declares and in whatever order its rows come (issue 12, items 6 and 7), and never fails with
anything but a refusal."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from kinerja_flow.importing import ImportFailed
from kinerja_flow.importing.cells import Uncalculated
from kinerja_flow.importing.source import SourceFile
from kinerja_flow.importing.tables import read_tables

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SHEET = "xl/worksheets/sheet1.xml"
words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ABC0123456789.,-", min_size=1, max_size=12)

# (the XML of a cell's content, its `t`, the value the reader must give)
contents = st.one_of(
    st.integers(-10**12, 10**12).map(lambda n: (f"<v>{n}</v>", "n", n)),
    st.floats(-1e9, 1e9, allow_nan=False).map(lambda f: (f"<v>{f!r}</v>", "n", f)),
    words.map(lambda w: (f"<v>{escape(w)}</v>", "str", w)),
    words.map(lambda w: (f"<is><t>{escape(w)}</t></is>", "inlineStr", w)),
    st.booleans().map(lambda b: (f"<v>{int(b)}</v>", "b", b)),
    words.map(lambda w: (f"<f>{escape(w)}</f><v>7</v>", "n", 7)),
    words.map(lambda w: (f"<f>{escape(w)}</f><v/>", "n", Uncalculated(w))),
    words.map(lambda w: (f"<f>{escape(w)}</f>", "str", Uncalculated(w))),
)


def workbook_bytes(sheet_data: str, dimension: str) -> bytes:
    book = Workbook()
    buffer = io.BytesIO()
    book.save(buffer)
    output = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(output, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == SHEET:
                data = data.replace(b'<dimension ref="A1:A1" />', f'<dimension ref="{dimension}" />'.encode())
                data = data.replace(b"<sheetData></sheetData>", f"<sheetData>{sheet_data}</sheetData>".encode())
            target.writestr(name, data)
    return output.getvalue()


@SETTINGS
@given(cells=st.dictionaries(st.tuples(st.integers(1, 400), st.integers(1, 60)), contents, max_size=30),
       shuffled=st.randoms(), dimension=st.sampled_from(["A1", "A1:B2", "A1:XFD1048576", "C3:D4"]))
def test_every_filled_cell_is_read_at_its_address(tmp_path_factory: Any, cells: dict[tuple[int, int], Any],
                                                  shuffled: Any, dimension: str) -> None:
    rows: dict[int, list[str]] = {}
    for (row, column), (xml, kind, _) in cells.items():
        rows.setdefault(row, []).append(f'<c r="{get_column_letter(column)}{row}" t="{kind}">{xml}</c>')
    order = list(rows)
    shuffled.shuffle(order)
    sheet = "".join(f'<row r="{row}">{"".join(rows[row])}</row>' for row in order)
    path = Path(tmp_path_factory.mktemp("lembar")) / "acak.xlsx"
    path.write_bytes(workbook_bytes(sheet, dimension))

    [table] = read_tables(SourceFile.read(path))
    found = {(r, c): value for r, row in enumerate(table.rows, 1) for c, value in enumerate(row, 1)
             if value is not None}
    assert found == {address: value for address, (_, _, value) in cells.items()}


@SETTINGS
@given(garbage=st.binary(min_size=1, max_size=200), at=st.integers(0, 10_000))
def test_a_damaged_sheet_is_a_refusal(tmp_path_factory: Any, garbage: bytes, at: int) -> None:
    data = bytearray(workbook_bytes('<row r="1"><c r="A1" t="n"><v>1</v></c></row>', "A1"))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts[SHEET]
    cut = at % len(sheet)
    parts[SHEET] = sheet[:cut] + garbage + sheet[cut:]
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for name, content in parts.items():
            target.writestr(name, content)
    path = Path(tmp_path_factory.mktemp("rusak")) / "rusak.xlsx"
    path.write_bytes(output.getvalue())
    try:
        read_tables(SourceFile.read(path))
    except ImportFailed as refusal:
        assert "rusak.xlsx" in str(refusal)
