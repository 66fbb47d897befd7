"""The performance tree: parent → child links and the "needs realignment" flag."""

from __future__ import annotations

from datetime import date

from domain import commands as c
from domain.document import AgreementDocument
from kinerja_flow.application import KinerjaApp
from projections.runner import Runner
from tests import json_views as queries

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
    app.handle(c.Sign(code=code, party="pertama", place=None, effective=day))
    app.handle(c.Sign(code=code, party="kedua", place=None, effective=day))


def test_tree_links_and_realignment_flag(app: KinerjaApp, runner: Runner) -> None:
    parent, child = _documents()
    app.handle(c.CreateAgreement(document=parent, effective=date(2021, 1, 4)))
    _sign(app, PARENT, date(2021, 1, 4))
    app.handle(c.CreateAgreement(document=child, effective=date(2021, 1, 5)))
    _sign(app, CHILD, date(2021, 1, 6))
    runner.catch_up()
    data = queries.tree(runner.store, 2021)
    [root] = data["roots"]
    assert root["code"] == PARENT and [c["code"] for c in root["children"]] == [CHILD]
    [indicator] = root["children"][0]["indicators"]
    assert indicator["parent"] == {"code": PARENT, "indicator": "S1.1", "target": "0.63"}
    assert indicator["needs_realignment"] is False

    app.handle(c.OpenAmendment(code=PARENT, ground="perubahan-prioritas", legal_basis="RPJMD Perubahan", reason="Target naik", effective=date(2021, 6, 1)))
    app.handle(c.ChangeTarget(code=PARENT, effective=date(2021, 6, 1), indicator="S1.1", target="0.70", reason="RPJMD Perubahan"))
    runner.catch_up()
    assert queries.tree(runner.store, 2021)["roots"][0]["children"][0]["needs_realignment"] is False
    _sign(app, PARENT, date(2021, 6, 2))  # the new parent target comes into force
    runner.catch_up()
    node = queries.tree(runner.store, 2021)["roots"][0]["children"][0]
    assert node["needs_realignment"] is True
    assert node["indicators"][0]["parent_target_changed_on"] == "2021-06-02"

    app.handle(c.OpenAmendment(code=CHILD, ground="perubahan-prioritas", legal_basis="Penyelarasan", reason="Ikut induk", effective=date(2021, 6, 3)))
    app.handle(c.ChangeTarget(code=CHILD, effective=date(2021, 6, 3), indicator="B1.1", target="120", reason="Penyelarasan dengan induk"))
    _sign(app, CHILD, date(2021, 6, 3))  # the child re-signs after the parent's change
    runner.catch_up()
    assert queries.tree(runner.store, 2021)["roots"][0]["children"][0]["needs_realignment"] is False


def test_a_child_of_a_removed_parent_indicator_needs_realignment(
    app: KinerjaApp, runner: Runner
) -> None:
    parent, child = _documents()
    app.handle(c.CreateAgreement(document=parent, effective=date(2021, 1, 4)))
    _sign(app, PARENT, date(2021, 1, 4))
    app.handle(c.CreateAgreement(document=child, effective=date(2021, 1, 5)))
    _sign(app, CHILD, date(2021, 1, 6))
    renumbered = AgreementDocument.model_validate({
        **parent.model_dump(mode="json"),
        "sasaran": [{"kode": "S1", "uraian": "Kemandirian PMKS", "indikator": [
            {"kode": "S1.3", "uraian": "Persentase PMKS mandiri", "target": "0.70"}]}],
    })
    app.handle(c.OpenAmendment(code=PARENT, ground="perubahan-prioritas", legal_basis="RPJMD Perubahan", reason="Indikator diganti", effective=date(2021, 6, 1), document=renumbered))
    _sign(app, PARENT, date(2021, 6, 2))
    runner.catch_up()
    node = queries.tree(runner.store, 2021)["roots"][0]["children"][0]
    assert node["needs_realignment"] is True
    assert node["indicators"][0]["parent"]["target"] is None
