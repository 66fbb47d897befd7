"""Roll-up over months and grading of the displayed figure, through the read models."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from domain import commands as c
from domain.document import AgreementDocument
from kinerja_flow.application import KinerjaApp
from projections.runner import Runner
from tests import json_views as queries

CODE = "UJI-2020"


def document(indicator: dict[str, Any]) -> AgreementDocument:
    return AgreementDocument.model_validate({
        "kode": CODE, "tahun": 2020, "instansi": "Dinas Uji", "jenjang": "eselon-2",
        "pihak_pertama": {"nama": "A", "jabatan": "Kepala Dinas Uji"},
        "pihak_kedua": {"nama": "B", "jabatan": "Bupati Uji"},
        "sasaran": [{"kode": "S1", "uraian": "Sasaran", "indikator": [
            {"kode": "S1.1", "uraian": "Indikator", **indicator}]}],
    })


def in_force(app: KinerjaApp, doc: AgreementDocument, values: dict[int, str]) -> None:
    app.handle(c.CreateAgreement(document=doc, effective=date(2020, 1, 2)))
    app.handle(c.Sign(code=CODE, party="pertama", place=None, effective=date(2020, 1, 2)))
    app.handle(c.Sign(code=CODE, party="kedua", place=None, effective=date(2020, 1, 2)))
    for month, value in values.items():
        app.handle(c.RecordRealisation(code=CODE, indicator="S1.1", month=month, value=Decimal(value)))


def annual(runner: Runner) -> dict[str, Any]:
    runner.catch_up()
    [agreement] = queries.measurement(runner.store, 2020)["agreements"]
    return agreement["indicators"][0]


def test_rata_rata_is_the_mean_of_the_months(app: KinerjaApp, runner: Runner) -> None:
    in_force(app, document({"target": "20", "penghitungan": "rata-rata"}),
             {1: "10", 2: "10", 3: "10", 4: "40"})
    figures = annual(runner)
    assert figures["realisation"] == "17.5"  # not the mean of quarterly means (25)
    assert figures["achievement"] == "87.50"


def test_the_grade_is_that_of_the_displayed_achievement(
    app: KinerjaApp, runner: Runner
) -> None:
    """85,004% displays as 85,00%: on lkjip-buleleng (> 85 Sangat Berhasil) that is Berhasil."""
    in_force(app, document({"target": "100"}), {1: "85.004"})
    figures = annual(runner)
    assert (figures["achievement"], figures["grade"]) == ("85.00", "Berhasil")
