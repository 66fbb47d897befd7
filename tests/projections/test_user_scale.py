"""A user-defined grade scale travels with the agreement and grades its figures by name."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from domain import commands as c
from domain.document import AgreementDocument
from domain.errors import DomainError
from kinerja_flow.application import KinerjaApp
from projections.runner import Runner
from tests import json_views as queries
from tests.projections.conftest import CODE

KOTA_X = {
    "nama": "kota-x",
    "versi": "2024",
    "predikat": [{"min": 100, "label": "A"}, {"lebih_dari": 80, "label": "B"}, {"label": "C"}],
}


def with_scale(document: AgreementDocument, name: str, definition: dict | None) -> AgreementDocument:
    return AgreementDocument.model_validate(
        {**document.model_dump(mode="json"), "skala": name, "skala_definisi": definition}
    )


def test_document_with_unknown_scale_is_refused(pk_perubahan: AgreementDocument) -> None:
    with pytest.raises(ValueError, match="skala predikat tidak dikenal: 'kota-y'"):
        with_scale(pk_perubahan, "kota-y", None)
    with pytest.raises(ValueError, match="sudah dipakai skala bawaan"):
        with_scale(pk_perubahan, "tercapai", {**KOTA_X, "nama": "tercapai"})


def test_user_defined_scale_grades_the_measurement(
    app: KinerjaApp, runner: Runner, pk_perubahan: AgreementDocument
) -> None:
    document = with_scale(pk_perubahan, "kota-x", KOTA_X)
    app.handle(c.CreateAgreement(document=document, effective=date(2020, 1, 2)))
    app.handle(c.Sign(code=CODE, party="pertama", place="Singaraja", effective=date(2020, 1, 2)))
    app.handle(c.Sign(code=CODE, party="kedua", place="Singaraja", effective=date(2020, 1, 2)))
    for month, value in ((3, "20"), (6, "20"), (9, "20"), (12, "10")):
        app.handle(c.RecordRealisation(code=CODE, indicator="S2.2", month=month, value=Decimal(value)))
    runner.catch_up()
    [agreement] = queries.measurement(runner.store, 2020)["agreements"]
    s22 = next(i for i in agreement["indicators"] if i["code"] == "S2.2")
    assert (s22["achievement"], s22["grade"], s22["scale"]) == ("87.50", "B", "kota-x")


def test_changing_the_scale_in_an_amendment_is_one_event(
    app: KinerjaApp, pk_perubahan: AgreementDocument
) -> None:
    app.handle(c.CreateAgreement(document=pk_perubahan, effective=date(2020, 1, 2)))
    app.handle(c.Sign(code=CODE, party="pertama", place=None, effective=date(2020, 1, 2)))
    app.handle(c.Sign(code=CODE, party="kedua", place=None, effective=date(2020, 1, 2)))
    edits = app.handle(c.OpenAmendment(code=CODE, ground="perubahan-prioritas", legal_basis="Perbup 2020", reason="skala predikat daerah", effective=date(2020, 6, 1), document=with_scale(pk_perubahan, "kota-x", KOTA_X))).result
    assert edits == 1
    draft = app.state(CODE).versions[-1].content
    assert draft.grade_scale().name == "kota-x"
    with pytest.raises(DomainError, match="tidak berubah"):
        app.handle(c.ChangeScale(code=CODE, name="kota-x", definition=KOTA_X, reason="lagi"))
