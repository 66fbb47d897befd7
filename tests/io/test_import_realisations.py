"""Importing realisations: the shipped Lampiran 2 example, the long layout, all-or-nothing,
provenance, idempotency and dry runs."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from domain.identity import agreement_id
from domain.import_batch import import_batch_id
from kinerja_flow.application import KinerjaApp
from kinerja_flow.importing import AlreadyImported, ImportFailed, import_realisations
from tests.entries import last_entry
from tests.io.conftest import CODE, DEMO, current_figures, demo_figures

LONG_HEADER = "kode_pk;jenis;kode;bulan;nilai;pembilang;penyebut;keterangan"


@pytest.mark.parametrize("example", ["realisasi-2020-lampiran2.xlsx", "realisasi-2020-lampiran2.csv"])
def test_shipped_lampiran2_example_loads_the_demo_realisations(in_force: KinerjaApp, example: str) -> None:
    report = import_realisations(in_force, DEMO / example)

    assert current_figures(in_force) == demo_figures()
    assert len(report.realisations) == len(demo_figures()) == 68
    assert report.events == 69  # one per realisation, plus the batch marker


def test_every_imported_event_records_its_file_sheet_and_row(in_force: KinerjaApp) -> None:
    source = DEMO / "realisasi-2020-lampiran2.xlsx"
    report = import_realisations(in_force, source)

    log = last_entry(in_force, CODE, "anggaran", "P01", 6)
    assert log.source == {
        "file": "realisasi-2020-lampiran2.xlsx",
        "sha256": report.files[0].sha256,
        "sheet": "Lampiran 2",
        "row": 9,
        "column": "AC (Realisasi Anggaran TW II)",
    }
    batch = in_force.repository.get(import_batch_id(report.files[0].sha256))
    assert (batch.file, batch.records, batch.agreements) == (source.name, 68, [CODE])


def _write(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_long_layout_with_indonesian_numbers_months_and_notes(in_force: KinerjaApp, tmp_path: Path) -> None:
    path = _write(
        tmp_path / "realisasi.csv", LONG_HEADER,
        f"{CODE};indikator;S1.2;Maret;0,00;;;Lampiran 2",
        f"{CODE};anggaran;P01;3;30.515.960;;;",
        f"{CODE.lower()};program;P02;6;Rp 29.951.050,00;;;APBD-P",
    )
    import_realisations(in_force, path)

    agreement = in_force.state(CODE)
    assert agreement.realisation("indikator", "S1.2", 3).value == Decimal("0.00")  # type: ignore[union-attr]
    notes = [e.note for e in in_force.repository.event_store.get(agreement_id(CODE))
             if e.KIND == "RealisationRecorded" and e.indicator == "S1.2"]
    assert notes == ["Lampiran 2"]
    assert agreement.realisation("anggaran", "P01", 3).value == Decimal("30515960")
    assert agreement.realisation("anggaran", "P02", 6).value == Decimal("29951050.00")


def test_one_bad_row_records_nothing_and_every_error_is_reported(in_force: KinerjaApp, tmp_path: Path) -> None:
    before = in_force.recorder.max_notification_id()
    path = _write(
        tmp_path / "campur.csv", LONG_HEADER,
        f"{CODE};indikator;S1.2;3;0;;;",
        f"{CODE};indikator;S9.9;3;1;;;",
        f"{CODE};anggaran;P01;13;100;;;",
        "TIDAK-ADA;anggaran;P01;3;100;;;",
        f"{CODE};anggaran;P02;3;abc;;;",
        f"{CODE};indikator;S1.2;3;0;;;",
    )
    with pytest.raises(ImportFailed) as failure:
        import_realisations(in_force, path)

    messages = [str(e) for e in failure.value.errors]
    assert messages == [
        "campur.csv, baris 3, kolom C (kode): Indikator S9.9 tidak ada di PK DINSOS-BLL-2020-KADIS.",
        "campur.csv, baris 4, kolom D (bulan): bulan 13 di luar 1..12",
        "campur.csv, baris 5, kolom A (kode_pk): PK dengan kode 'TIDAK-ADA' tidak ditemukan.",
        "campur.csv, baris 6, kolom E (nilai): bukan angka: 'abc' (contoh: 0,63 atau 382.252.200)",
        "campur.csv, baris 7, kolom E (nilai): realisasi indikator S1.2 bulan 3 PK DINSOS-BLL-2020-KADIS "
        "sudah ada di baris 2",
    ]
    assert in_force.recorder.max_notification_id() == before
    assert in_force.state(CODE).realisations == {}


def test_the_same_file_twice_is_refused_even_under_another_name(in_force: KinerjaApp, tmp_path: Path) -> None:
    import_realisations(in_force, DEMO / "realisasi-2020-lampiran2.csv")
    after_first = in_force.recorder.max_notification_id()
    copy = shutil.copy(DEMO / "realisasi-2020-lampiran2.csv", tmp_path / "salinan.csv")

    with pytest.raises(AlreadyImported, match="sudah diimpor sebagai 'realisasi-2020-lampiran2.csv'"):
        import_realisations(in_force, Path(copy))
    assert in_force.recorder.max_notification_id() == after_first


def test_same_figures_in_another_file_are_refused_not_duplicated(in_force: KinerjaApp) -> None:
    import_realisations(in_force, DEMO / "realisasi-2020-lampiran2.csv")
    after_first = in_force.recorder.max_notification_id()

    with pytest.raises(ImportFailed, match="sudah ada; realisasi tidak ditimpa") as failure:
        import_realisations(in_force, DEMO / "realisasi-2020-lampiran2.xlsx")
    assert len(failure.value.errors) == 68
    assert in_force.recorder.max_notification_id() == after_first


def test_dry_run_checks_everything_and_stores_nothing(in_force: KinerjaApp) -> None:
    before = in_force.recorder.max_notification_id()
    report = import_realisations(in_force, DEMO / "realisasi-2020-lampiran2.xlsx", dry_run=True)

    assert report.dry_run and report.events == 0 and len(report.realisations) == 68
    assert in_force.recorder.max_notification_id() == before
    import_realisations(in_force, DEMO / "realisasi-2020-lampiran2.xlsx")  # not marked as imported


def test_wide_sheet_without_agreement_column_takes_pk_option(in_force: KinerjaApp, tmp_path: Path) -> None:
    path = _write(
        tmp_path / "tw.csv",
        "Kode Indikator;Realisasi TW I;Realisasi TW II;Kode Program;Realisasi Anggaran TW I",
        "S1.2;-;0;P12;-",
        "TOTAL;;;;1",
    )
    with pytest.raises(ImportFailed, match="kolom 'Kode PK' tidak ada"):
        import_realisations(in_force, path)
    import_realisations(in_force, path, agreement=CODE)

    assert current_figures(in_force) == {
        ("indikator", "S1.2", 3): Decimal(0), ("indikator", "S1.2", 6): Decimal(0),
        ("anggaran", "P12", 3): Decimal(0),
    }


def test_progress_is_reported_per_row(in_force: KinerjaApp) -> None:
    seen: list[tuple[int, int]] = []
    import_realisations(in_force, DEMO / "realisasi-2020-lampiran2.csv", progress=lambda d, t: seen.append((d, t)))
    assert seen[0] == (1, 68) and seen[-1] == (68, 68)
