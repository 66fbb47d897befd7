"""Fixtures of the read-model tests: the read models of the test's app, and the Buleleng year."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from domain.document import AgreementDocument
from kinerja_flow.application import KinerjaApp
from kinerja_flow.readmodels import ReadModels, open_store

DEMO = Path(__file__).parents[2] / "kinerja_flow" / "demo"
CODE = "DINSOS-BLL-2020-KADIS"


@pytest.fixture
def read_models(app: KinerjaApp) -> Iterator[ReadModels]:
    models = ReadModels(app, open_store(app))
    yield models
    models.store.close()


def run_buleleng(app: KinerjaApp, awal: AgreementDocument, perubahan: AgreementDocument) -> None:
    """The 2020 year: PK signed, PK Perubahan signed 14 Oktober 2020, Lampiran 2 realisations."""
    app.create(awal, effective=date(2020, 1, 2))
    app.sign(CODE, "pertama", "Singaraja", date(2020, 1, 2))
    app.sign(CODE, "kedua", "Singaraja", date(2020, 1, 2))
    app.open_amendment(CODE, "perubahan-program", "APBD Perubahan 2020",
                       "Penyesuaian APBD Perubahan", date(2020, 10, 1), perubahan)
    app.sign(CODE, "pertama", "Singaraja", date(2020, 10, 14))
    app.sign(CODE, "kedua", "Singaraja", date(2020, 10, 14))
    data = yaml.safe_load((DEMO / "realisasi-2020.yaml").read_text(encoding="utf-8"))
    for row in data["indikator"]:
        app.record_realisation(CODE, row["indikator"], row["bulan"], Decimal(str(row["nilai"])))
    for row in data["anggaran"]:
        app.record_budget_realisation(CODE, row["program"], row["bulan"], Decimal(str(row["jumlah"])))


@pytest.fixture
def buleleng(app: KinerjaApp, read_models: ReadModels, pk_awal: AgreementDocument,
             pk_perubahan: AgreementDocument) -> ReadModels:
    """The Buleleng year recorded and the read models caught up."""
    run_buleleng(app, pk_awal, pk_perubahan)
    read_models.catch_up()
    return read_models
