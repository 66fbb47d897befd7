"""Exports: realisations round-trip through the long layout; the read models as CSV, XLSX, JSON."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from domain import commands as c
from domain.document import AgreementDocument
from kinerja_flow import export
from kinerja_flow.application import KinerjaApp
from kinerja_flow.importing import import_realisations
from kinerja_flow.settings import Settings, open_views
from projections.runner import Runner
from projections.store import ViewStore
from tests.conftest import TODAY
from tests.entries import last_entry
from tests.io.conftest import CODE, DEMO, current_figures, demo_figures


@pytest.fixture
def recorded(in_force: KinerjaApp) -> KinerjaApp:
    """The demo year's realisations, imported from the shipped example; one of them corrected."""
    import_realisations(in_force, DEMO / "realisasi-2020-lampiran2.xlsx")
    in_force.handle(c.CorrectRealisation(code=CODE, kind="anggaran", item="P12", month=3, reason="Salah ketik", value=Decimal("1234.5"), note="koreksi"))
    return in_force


@pytest.fixture
def views(recorded: KinerjaApp):
    runner = Runner(open_views(recorded.settings))
    runner.catch_up()
    yield runner.store
    runner.store.close()


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_exported_realisations_reimport_to_the_same_state(
    recorded: KinerjaApp, views: ViewStore, tmp_path: Path, pk_awal: AgreementDocument,
    pk_perubahan: AgreementDocument, format: export.Format,
) -> None:
    path = tmp_path / f"realisasi.{format}"
    export.write(export.realisations(views, [CODE]), path, format)
    other = KinerjaApp(Settings(db=str(tmp_path / "lain.db"), actor="perencana"), clock=lambda: TODAY)
    try:
        other.handle(c.CreateAgreement(document=pk_awal, effective=date(2020, 1, 6)))
        other.handle(c.Sign(code=CODE, party="pertama", place=None, effective=date(2020, 1, 6)))
        other.handle(c.Sign(code=CODE, party="kedua", place=None, effective=date(2020, 1, 6)))
        other.handle(c.OpenAmendment(code=CODE, ground="perubahan-program", legal_basis="APBD-P 2020", reason="APBD-P", effective=date(2020, 10, 14), document=pk_perubahan))
        other.handle(c.Sign(code=CODE, party="pertama", place=None, effective=date(2020, 10, 14)))
        other.handle(c.Sign(code=CODE, party="kedua", place=None, effective=date(2020, 10, 14)))

        import_realisations(other, path)

        expected = {**demo_figures(), ("anggaran", "P12", 3): Decimal("1234.5")}
        assert current_figures(recorded) == current_figures(other) == expected
        assert last_entry(other, CODE, "anggaran", "P12", 3).note == "koreksi"
        runner = Runner(open_views(other.settings))
        runner.catch_up()
        try:
            assert export.realisations(runner.store, [CODE]).tables[0].rows == \
                export.realisations(views, [CODE]).tables[0].rows
        finally:
            runner.store.close()
    finally:
        other.close()


def test_realisations_csv_is_indonesian_and_semicolon_separated(views: ViewStore, tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    export.write(export.realisations(views, [CODE]), path, "csv")
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "kode_pk;jenis;kode;bulan;nilai;pembilang;penyebut;keterangan"
    assert f"{CODE};indikator;S1.2;9;0,32;;;" in lines
    assert f"{CODE};anggaran;P01;3;30.515.960;;;" in lines
    assert f"{CODE};anggaran;P12;3;1.234,5;;;koreksi" in lines


def test_quarterly_summary_in_the_lampiran2_layout(recorded: KinerjaApp, views, tmp_path: Path) -> None:
    summary = export.quarterly(views, CODE)
    path = tmp_path / "tw.xlsx"
    export.write(summary, path, "xlsx")
    sheet = load_workbook(path)["Lampiran 2"]
    assert sheet["A1"].value.startswith("CAPAIAN RENCANA AKSI")
    header = [c.value for c in sheet[6]]
    assert header[:4] == ["No", "Kode PK", "Sasaran Strategis", "Kode Indikator"]
    p01 = next(r for r in sheet.iter_rows(min_row=7) if r[20].value == "P01")
    assert [c.value for c in p01[27:31]] == [30515960, 53041150, 20055660, 277809340]
    assert p01[27].number_format == '#,##0;-#,##0;"-"' and p01[31].value == 49.97
    assert sheet.column_dimensions["V"].width == 40
    total = next(r for r in sheet.iter_rows(min_row=7) if r[0].value == "TOTAL")
    assert total[22].value == 4121995000
    json_path = tmp_path / "tw.json"
    export.write(summary, json_path, "json")
    assert json.loads(json_path.read_text(encoding="utf-8"))["code"] == CODE


def test_measurement_history_and_audit_exports(recorded: KinerjaApp, views, tmp_path: Path) -> None:
    measurement = export.measurement(views, 2020)
    row = measurement.tables[0].rows[0]
    assert row[0] == CODE and [str(v) for v in row[4:8]] == ["0.63", "0.63", "100.00", "Sangat Berhasil"]
    export.write(measurement, tmp_path / "m.csv", "csv")
    text = (tmp_path / "m.csv").read_text(encoding="utf-8-sig").splitlines()
    assert text[:2] == ["FORMULIR PENGUKURAN KINERJA DINAS SOSIAL KABUPATEN BULELENG", "TAHUN ANGGARAN 2020"]

    history = export.target_history(views, CODE)
    assert [t.name for t in history.tables] == ["Target per versi", "Perubahan target"]
    assert [c.title for c in history.tables[0].columns][-2:] == ["Versi 1", "Versi 2"]
    export.write(history, tmp_path / "h.xlsx", "xlsx")
    assert load_workbook(tmp_path / "h.xlsx").sheetnames == ["Target per versi", "Perubahan target"]

    audit = export.audit(views, CODE)
    kinds = [r[3] for r in audit.tables[0].rows]
    assert kinds[0] == "Dibuat" and kinds.count("Realisasi anggaran dicatat") == 60
    assert "Realisasi dikoreksi" in kinds


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    from domain.errors import DomainError

    with pytest.raises(DomainError, match="Format ekspor 'ods' tidak dikenal"):
        export.format_of(tmp_path / "x.ods")
