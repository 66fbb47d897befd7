"""Fixtures of the import/export tests: the demo agreement in force (PK Perubahan signed), no realisations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from domain import commands as c
from domain.document import AgreementDocument
from kinerja_flow.application import KinerjaApp

DEMO = Path(__file__).parents[2] / "kinerja_flow" / "demo"
CODE = "DINSOS-BLL-2020-KADIS"


@pytest.fixture
def in_force(app: KinerjaApp, pk_awal: AgreementDocument, pk_perubahan: AgreementDocument) -> KinerjaApp:
    """The demo PK and its PK Perubahan signed (version 2 in force); realisations still empty."""
    app.handle(c.CreateAgreement(document=pk_awal, effective=date(2020, 1, 6)))
    app.handle(c.Sign(code=CODE, party="pertama", place="Singaraja", effective=date(2020, 1, 6)))
    app.handle(c.Sign(code=CODE, party="kedua", place="Singaraja", effective=date(2020, 1, 6)))
    app.handle(c.OpenAmendment(code=CODE, ground="perubahan-program", legal_basis="APBD Perubahan 2020", reason="Penyesuaian APBD Perubahan", effective=date(2020, 10, 14), document=pk_perubahan))
    app.handle(c.Sign(code=CODE, party="pertama", place="Singaraja", effective=date(2020, 10, 14)))
    app.handle(c.Sign(code=CODE, party="kedua", place="Singaraja", effective=date(2020, 10, 14)))
    return app


def demo_figures() -> dict[tuple[str, str, int], Decimal]:
    """(kind, item, month) -> value, as realisasi-2020.yaml records them."""
    data = yaml.safe_load((DEMO / "realisasi-2020.yaml").read_text(encoding="utf-8"))
    figures = {("indikator", r["indikator"], r["bulan"]): Decimal(str(r["nilai"])) for r in data["indikator"]}
    figures.update({("anggaran", r["program"], r["bulan"]): Decimal(str(r["jumlah"])) for r in data["anggaran"]})
    return figures


def current_figures(app: KinerjaApp, code: str = CODE) -> dict[tuple[str, str, int], Decimal | None]:
    agreement = app.state(code)
    return {(log.kind, log.item, log.month): log.value for log in agreement.realisations.values()}
