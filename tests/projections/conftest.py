"""Fixtures of the read-model tests: the Buleleng year (the system's `runner` is in tests/conftest)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from domain import commands as c
from domain.document import AgreementDocument
from kinerja_flow.application import KinerjaApp
from projections.runner import Runner

DEMO = Path(__file__).parents[2] / "kinerja_flow" / "demo"
CODE = "DINSOS-BLL-2020-KADIS"


def run_buleleng(app: KinerjaApp, awal: AgreementDocument, perubahan: AgreementDocument) -> None:
    """The 2020 year: PK signed, PK Perubahan signed 14 Oktober 2020, Lampiran 2 realisations."""
    app.handle(c.CreateAgreement(document=awal, effective=date(2020, 1, 2)))
    app.handle(c.Sign(code=CODE, party="pertama", place="Singaraja", effective=date(2020, 1, 2)))
    app.handle(c.Sign(code=CODE, party="kedua", place="Singaraja", effective=date(2020, 1, 2)))
    app.handle(c.OpenAmendment(code=CODE, ground="perubahan-program", legal_basis="APBD Perubahan 2020", reason="Penyesuaian APBD Perubahan", effective=date(2020, 10, 1), document=perubahan))
    app.handle(c.Sign(code=CODE, party="pertama", place="Singaraja", effective=date(2020, 10, 14)))
    app.handle(c.Sign(code=CODE, party="kedua", place="Singaraja", effective=date(2020, 10, 14)))
    data = yaml.safe_load((DEMO / "realisasi-2020.yaml").read_text(encoding="utf-8"))
    for row in data["indikator"]:
        app.handle(c.RecordRealisation(code=CODE, indicator=row["indikator"], month=row["bulan"], value=Decimal(str(row["nilai"]))))
    for row in data["anggaran"]:
        app.handle(c.RecordBudgetRealisation(code=CODE, programme=row["program"], month=row["bulan"], amount=Decimal(str(row["jumlah"]))))


@pytest.fixture
def buleleng(app: KinerjaApp, runner: Runner, pk_awal: AgreementDocument,
             pk_perubahan: AgreementDocument) -> Runner:
    """The Buleleng year recorded and the read models caught up."""
    run_buleleng(app, pk_awal, pk_perubahan)
    runner.catch_up()
    return runner
