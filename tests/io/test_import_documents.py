"""Importing agreement documents: one file, or a folder of linked agreements, in one transaction."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from kinerja_flow.application import KinerjaApp
from kinerja_flow.importing import AlreadyImported, ImportFailed, import_documents
from tests.io.conftest import CODE, DEMO


def _child(code: str, level: str, position: str, parent: str, parent_indicator: str) -> dict[str, Any]:
    return {
        "kode": code, "tahun": 2020, "instansi": "Dinas Sosial Kabupaten Buleleng", "jenjang": level,
        "induk": parent,
        "pihak_pertama": {"nama": f"Pejabat {code}", "jabatan": position},
        "pihak_kedua": {"nama": "I Putu Kariaman Putra, S.Sos, MM",
                        "jabatan": "Kepala Dinas Sosial Kabupaten Buleleng"},
        "sasaran": [{"kode": "S1", "uraian": "Meningkatnya pelayanan PMKS", "indikator": [{
            "kode": "S1.1", "uraian": "Persentase PMKS yang tertangani", "target": "4,60",
            "induk": {"pk": parent, "indikator": parent_indicator},
        }]}],
    }


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A Dinas's eselon II, III and IV agreements, linked parent -> child."""
    folder = tmp_path / "pk-2020"
    folder.mkdir()
    (folder / "1-kadis.yaml").write_text((DEMO / "pk-2020-awal.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    kabid = _child("DINSOS-BLL-2020-KABID-REHSOS", "eselon-3", "Kepala Bidang Rehabilitasi Sosial", CODE, "S1.1")
    kasi = _child("DINSOS-BLL-2020-KASI-ANAK", "eselon-4", "Kepala Seksi Rehabilitasi Anak",
                  kabid["kode"], "S1.1")
    (folder / "2-kabid.yaml").write_text(yaml.safe_dump(kabid, allow_unicode=True), encoding="utf-8")
    (folder / "3-kasi.json").write_text(__import__("json").dumps(kasi), encoding="utf-8")
    (folder / "catatan.txt").write_text("bukan dokumen", encoding="utf-8")
    return folder


def test_folder_drafts_every_agreement_with_provenance(app: KinerjaApp, folder: Path) -> None:
    report = import_documents(app, folder, effective=date(2020, 1, 6), reason="PK 2020")

    assert report.agreements == (CODE, "DINSOS-BLL-2020-KABID-REHSOS", "DINSOS-BLL-2020-KASI-ANAK")
    assert report.events == 9  # per file: Drafted, position slot opened, batch marker
    kasi = app.state("DINSOS-BLL-2020-KASI-ANAK")
    drafted = app.repository.event_store.get(kasi.id)
    first = next(iter(drafted))
    assert first.source == {"file": "3-kasi.json", "sha256": report.files[2].sha256}
    assert first.effective == date(2020, 1, 6) and first.reason == "PK 2020"
    assert kasi.versions[0].content.induk == "DINSOS-BLL-2020-KABID-REHSOS"


def test_a_bad_document_in_the_folder_drafts_none(app: KinerjaApp, folder: Path) -> None:
    (folder / "4-rusak.yaml").write_text("kode: X\ntahun: dua ribu\n", encoding="utf-8")
    broken = yaml.safe_load((folder / "2-kabid.yaml").read_text(encoding="utf-8"))
    broken["sasaran"][0]["indikator"][0]["induk"] = {"pk": CODE, "indikator": "S7.7"}
    (folder / "2-kabid.yaml").write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")

    with pytest.raises(ImportFailed) as failure:
        import_documents(app, folder)
    text = str(failure.value)
    assert "2-kabid.yaml: indikator S1.1: induk: indikator 'S7.7' tidak ada di PK induk DINSOS-BLL-2020-KADIS." in text
    assert "4-rusak.yaml: dokumen tidak valid" in text and "tahun" in text
    assert app.recorder.max_notification_id() in (None, 0)


def test_parent_must_exist_and_positions_stay_unique(app: KinerjaApp, folder: Path, tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match="PK induk 'DINSOS-BLL-2020-KABID-REHSOS' tidak ada"):
        import_documents(app, folder / "3-kasi.json")
    import_documents(app, folder)
    twin = yaml.safe_load((folder / "1-kadis.yaml").read_text(encoding="utf-8"))
    twin["kode"] = "DINSOS-BLL-2020-KADIS-B"
    (tmp_path / "twin.yaml").write_text(yaml.safe_dump(twin, allow_unicode=True), encoding="utf-8")
    before = app.recorder.max_notification_id()

    with pytest.raises(ImportFailed, match="Jabatan ini sudah punya PK untuk tahun tersebut"):
        import_documents(app, tmp_path / "twin.yaml")
    with pytest.raises(AlreadyImported):
        import_documents(app, folder / "1-kadis.yaml")
    assert app.recorder.max_notification_id() == before
