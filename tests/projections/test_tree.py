"""The performance tree: parent → child links and the "needs realignment" flag."""

from __future__ import annotations

from datetime import date

from domain.document import AgreementDocument
from kinerja_flow.application import KinerjaApp
from kinerja_flow.readmodels import ReadModels
from projections import queries

PARENT = "DINSOS-BLL-2021-KADIS"
CHILD = "DINSOS-BLL-2021-KABID"


def _documents() -> tuple[AgreementDocument, AgreementDocument]:
    parent = AgreementDocument.model_validate({
        "kode": PARENT, "tahun": 2021, "instansi": "Dinas Sosial Kabupaten Buleleng",
        "jenjang": "eselon-2",
        "pihak_pertama": {"nama": "Kepala Dinas", "jabatan": "Kepala Dinas Sosial"},
        "pihak_kedua": {"nama": "Bupati", "jabatan": "Bupati Buleleng"},
        "sasaran": [{"kode": "S1", "uraian": "Kemandirian PMKS", "indikator": [
            {"kode": "S1.1", "uraian": "Persentase kemandirian PMKS", "target": "0.63"}]}],
    })
    child = AgreementDocument.model_validate({
        "kode": CHILD, "tahun": 2021, "instansi": "Dinas Sosial Kabupaten Buleleng",
        "jenjang": "eselon-3", "induk": PARENT,
        "pihak_pertama": {"nama": "Kepala Bidang", "jabatan": "Kepala Bidang Pemberdayaan Sosial"},
        "pihak_kedua": {"nama": "Kepala Dinas", "jabatan": "Kepala Dinas Sosial"},
        "sasaran": [{"kode": "B1", "uraian": "PMKS diberdayakan", "indikator": [
            {"kode": "B1.1", "uraian": "Jumlah PMKS penerima UEP", "satuan": "orang", "target": "110",
             "induk": {"pk": PARENT, "indikator": "S1.1"}}]}],
    })
    return parent, child


def _sign(app: KinerjaApp, code: str, day: date) -> None:
    app.sign(code, "pertama", None, day)
    app.sign(code, "kedua", None, day)


def test_tree_links_and_realignment_flag(app: KinerjaApp, read_models: ReadModels) -> None:
    parent, child = _documents()
    app.create(parent, effective=date(2021, 1, 4))
    _sign(app, PARENT, date(2021, 1, 4))
    app.create(child, effective=date(2021, 1, 5))
    _sign(app, CHILD, date(2021, 1, 6))
    read_models.catch_up()
    data = queries.tree(read_models.store, 2021)
    [root] = data["roots"]
    assert root["code"] == PARENT and [c["code"] for c in root["children"]] == [CHILD]
    [indicator] = root["children"][0]["indicators"]
    assert indicator["parent"] == {"code": PARENT, "indicator": "S1.1", "target": "0.63"}
    assert indicator["needs_realignment"] is False

    app.open_amendment(PARENT, "perubahan-prioritas", "RPJMD Perubahan", "Target naik",
                       date(2021, 6, 1))
    app.edit(PARENT, "change_target", date(2021, 6, 1), indicator="S1.1", target="0.70",
             reason="RPJMD Perubahan")
    read_models.catch_up()
    assert queries.tree(read_models.store, 2021)["roots"][0]["children"][0]["needs_realignment"] is False
    _sign(app, PARENT, date(2021, 6, 2))  # the new parent target comes into force
    read_models.catch_up()
    node = queries.tree(read_models.store, 2021)["roots"][0]["children"][0]
    assert node["needs_realignment"] is True
    assert node["indicators"][0]["parent_target_changed_on"] == "2021-06-02"

    app.open_amendment(CHILD, "perubahan-prioritas", "Penyelarasan", "Ikut induk", date(2021, 6, 3))
    app.edit(CHILD, "change_target", date(2021, 6, 3), indicator="B1.1", target="120",
             reason="Penyelarasan dengan induk")
    _sign(app, CHILD, date(2021, 6, 3))  # the child re-signs after the parent's change
    read_models.catch_up()
    assert queries.tree(read_models.store, 2021)["roots"][0]["children"][0]["needs_realignment"] is False


def test_a_child_of_a_removed_parent_indicator_needs_realignment(
    app: KinerjaApp, read_models: ReadModels
) -> None:
    parent, child = _documents()
    app.create(parent, effective=date(2021, 1, 4))
    _sign(app, PARENT, date(2021, 1, 4))
    app.create(child, effective=date(2021, 1, 5))
    _sign(app, CHILD, date(2021, 1, 6))
    renumbered = AgreementDocument.model_validate({
        **parent.model_dump(mode="json"),
        "sasaran": [{"kode": "S1", "uraian": "Kemandirian PMKS", "indikator": [
            {"kode": "S1.3", "uraian": "Persentase PMKS mandiri", "target": "0.70"}]}],
    })
    app.open_amendment(PARENT, "perubahan-prioritas", "RPJMD Perubahan", "Indikator diganti",
                       date(2021, 6, 1), renumbered)
    _sign(app, PARENT, date(2021, 6, 2))
    read_models.catch_up()
    node = queries.tree(read_models.store, 2021)["roots"][0]["children"][0]
    assert node["needs_realignment"] is True
    assert node["indicators"][0]["parent"]["target"] is None
