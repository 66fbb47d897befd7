"""Read models at different positions catch up without moving any of them backwards."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from domain import commands as c
from domain.document import AgreementDocument
from domain.errors import DomainError
from kinerja_flow.application import KinerjaApp
from kinerja_flow.settings import open_views
from projections.runner import Runner
from tests.projections.conftest import CODE


def test_one_read_model_ahead_of_the_others(app: KinerjaApp, pk_awal: AgreementDocument) -> None:
    models = Runner(open_views(app.settings), batch_size=2)
    try:
        app.handle(c.CreateAgreement(document=pk_awal, effective=date(2020, 1, 2)))
        app.handle(c.Sign(code=CODE, party="pertama", place=None, effective=date(2020, 1, 2)))
        app.handle(c.Sign(code=CODE, party="kedua", place=None, effective=date(2020, 1, 2)))
        models.catch_up(["audit"])  # e.g. after `projections rebuild audit`
        models.catch_up()
        models.catch_up()  # and again: nothing left behind, nothing duplicated
        head = models.head()
        assert {name: position for name, (position, _) in models.store.positions().items()} == {
            name: head for name in models.store.positions()
        }
        audit = sorted(row["position"] for row in models.store.query("SELECT position FROM kf_audit"))
        assert len(audit) == len(set(audit)) == 4  # drafted, two signatures, version in force
    finally:
        models.store.close()


def test_as_of_before_drafting_and_with_an_earlier_realisation_month(
    app: KinerjaApp, pk_perubahan: AgreementDocument
) -> None:
    """A PK drafted in March may carry a January realisation; as of February it did not exist."""
    models = Runner(open_views(app.settings))
    try:
        app.handle(c.CreateAgreement(document=pk_perubahan, effective=date(2020, 3, 1)))
        app.handle(c.Sign(code=CODE, party="pertama", place=None, effective=date(2020, 3, 1)))
        app.handle(c.Sign(code=CODE, party="kedua", place=None, effective=date(2020, 3, 1)))
        app.handle(c.RecordRealisation(code=CODE, indicator="S2.2", month=1, value=Decimal("5")))
        with pytest.raises(DomainError, match="belum ada pada 2020-02-15"):
            app.state_as_of(CODE, date(2020, 2, 15))
        state = app.state_as_of(CODE, date(2020, 3, 1))
        assert list(state.realisations) == ["indikator:S2.2:1"]
    finally:
        models.store.close()
