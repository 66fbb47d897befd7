"""The engine holds every entered number to the digit limits, whoever calls it, and reads back
content stored before the bounds existed (issue 12, items 8 and 9). Both backends."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from domain import commands as c
from domain import events as ev
from domain.agreement import Agreement
from domain.document import AgreementDocument, Content, Indicator
from domain.errors import DomainError
from domain.identity import agreement_id
from domain.input_rules import RECORDED
from kinerja_flow.application import KinerjaApp
from kinerja_flow.settings import open_views
from projections.runner import Runner
from tests import json_views as queries

CODE = "DINSOS-BLL-2020-KADIS"


@pytest.fixture
def in_force(app: KinerjaApp, pk_awal: AgreementDocument) -> KinerjaApp:
    app.handle(c.CreateAgreement(document=pk_awal, effective=date(2020, 1, 2)))
    for party in ("pertama", "kedua"):
        app.handle(c.Sign(code=CODE, party=party, place="Singaraja", effective=date(2020, 1, 2)))
    return app


def refused(app: KinerjaApp, command: Any, match: str) -> None:
    before = app.recorder.max_notification_id()
    with pytest.raises(DomainError, match=match):
        command()
    assert app.recorder.max_notification_id() == before


def test_realisations_beyond_the_digit_limits_are_refused_by_the_domain(in_force: KinerjaApp) -> None:
    app = in_force
    huge, fine = Decimal("9" * 2000), Decimal("0.000001")
    refused(app, lambda: app.handle(c.RecordRealisation(code=CODE, indicator="S1.1", month=3, value=huge)),
            r"Realisasi indikator S1.1: angka terlalu besar \(paling banyak 15 digit")
    refused(app, lambda: app.handle(c.RecordRealisation(code=CODE, indicator="S1.1", month=3, value=fine / 10)), "terlalu banyak desimal")
    refused(app, lambda: app.handle(c.RecordBudgetRealisation(code=CODE, programme="P01", month=3, amount=huge)), "Realisasi anggaran P01: angka")
    refused(app, lambda: app.handle(c.RecordRealisation(code=CODE, indicator="S1.1", month=3, value=Decimal(1), note="x" * 1001)),
            r"Catatan realisasi terlalu panjang: 1001 karakter \(paling banyak 1000\)")
    refused(app, lambda: app.handle(c.RecordRealisation(code=CODE, indicator="S1.1", month=3, value=Decimal(1), note="a\u202eb")), "U\\+202E")

    app.handle(c.RecordRealisation(code=CODE, indicator="S1.1", month=3, value=Decimal("0.5000000000")))
    app.handle(c.RecordBudgetRealisation(code=CODE, programme="P01", month=3, amount=Decimal("1E+3")))
    refused(app, lambda: app.handle(c.CorrectRealisation(code=CODE, kind="anggaran", item="P01", month=3, reason="salah ketik", value=huge)),
            "Koreksi realisasi anggaran P01: angka terlalu besar")
    refused(app, lambda: app.handle(c.CorrectRealisation(code=CODE, kind="indikator", item="S1.1", month=3, reason="salah ketik", value=-huge)),
            "Realisasi indikator S1.1: angka terlalu besar")
    agreement = app.state(CODE)
    assert str(agreement.realisation("indikator", "S1.1", 3).value) == "0.5"  # type: ignore[union-attr]
    assert str(agreement.realisation("anggaran", "P01", 3).value) == "1000"  # type: ignore[union-attr]


def test_content_stored_before_the_bounds_still_loads_edits_and_reads(
    app: KinerjaApp, pk_awal: AgreementDocument
) -> None:
    """An agreement drafted by an earlier release, with what the bounds now refuse, stays usable."""
    data = pk_awal.model_dump(mode="json", exclude={"kode", "tahun", "instansi"})
    data["sasaran"][0]["indikator"][0].update(satuan="%" * 5000, uraian="BEL\x07 dan \u202ebalik")
    data["pihak_pertama"]["nip"] = "1" * 200
    twin = data["program"][0] | {"kode": data["program"][0]["kode"].lower()}
    data["program"].append(twin)
    old = Content.model_validate(data, context=RECORDED)
    with pytest.raises(ValueError):
        Content.model_validate(data)  # what a new document would get
    stamp = app.stamp(date(2020, 1, 2))
    agreement = Agreement._create(  # noqa: SLF001 - what `draft` stored before the bounds
        ev.Drafted, id=agreement_id(CODE), code=CODE, year=2020, agency=pk_awal.instansi, content=old,
        actor=stamp.actor, effective=stamp.effective, reason=None, source=None,
    )
    app.save(agreement)

    loaded = app.state(CODE)
    assert loaded.versions[-1].content == old
    assert loaded.versions[-1].content.content_hash() == old.content_hash()
    app.handle(c.ChangeTarget(code=CODE, effective=date(2020, 1, 3), indicator="S2.1", target="75", reason="revisi"))
    app.handle(c.RemoveProgramme(code=CODE, effective=date(2020, 1, 3), programme=twin["kode"], reason="kode ganda"))
    stored = loaded.versions[-1].content.indicator("S1.1")
    assert stored is not None
    fixed = Indicator.model_validate(stored.model_dump() | {"satuan": "%", "uraian": "Persentase"})
    app.handle(c.ReviseIndicator(code=CODE, effective=date(2020, 1, 3), indicator=fixed, reason="perbaiki teks"))
    for party in ("pertama", "kedua"):
        app.handle(c.Sign(code=CODE, party=party, place="Singaraja", effective=date(2020, 1, 3)))
    app.handle(c.RecordRealisation(code=CODE, indicator="S2.1", month=3, value=Decimal(70)))
    in_force = app.state(CODE).version_in_force().content
    assert in_force.indicator("S1.1").satuan == "%"  # type: ignore[union-attr]
    assert in_force.programme(twin["kode"]) is None
    assert in_force.pihak_pertama.nip == "1" * 200

    models = Runner(open_views(app.settings))
    try:
        models.catch_up()
        shown = queries.quarterly(models.store, CODE)
        assert shown is not None
    finally:
        models.store.close()
