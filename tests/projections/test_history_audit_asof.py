"""Target history, the audit trail and its filters, and `--as-of` on both sides of the amendment."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from domain import commands as c
from domain.errors import NotFound
from kinerja_flow.application import KinerjaApp
from projections.runner import Runner
from tests import json_views as queries
from tests.projections.conftest import CODE


def test_history_shows_versions_side_by_side(buleleng: Runner) -> None:
    data = queries.history(buleleng.store, CODE)
    assert [(v["version"], v["state"], v["in_force_from"]) for v in data["versions"]] == [
        (1, "diganti", "2020-01-02"), (2, "berlaku", "2020-10-14")]
    assert data["versions"][1]["ground"] == "perubahan-program"
    assert data["versions"][1]["legal_basis"] == "APBD Perubahan 2020"
    targets = {t["item"]: t for t in data["targets"]}
    assert targets["S1.1"]["values"] == {"1": "4.6", "2": None}  # dropped by the amendment
    assert targets["P01"]["values"] == {"1": "382252200", "2": "382252200"}
    assert targets["P10"]["values"] == {"1": None, "2": "1023350600"}
    removed = [c for c in data["changes"] if c["item"] == "S1.1" and c["new"] is None]
    assert removed and removed[0]["version"] == 2 and removed[0]["ground"] == "perubahan-program"
    assert removed[0]["actor"] == "perencana" and removed[0]["reason"] == "Penyesuaian APBD Perubahan"


def test_audit_filters(buleleng: Runner, app: KinerjaApp) -> None:
    everything = queries.audit(buleleng.store)
    assert [r["position"] for r in everything] == sorted(r["position"] for r in everything)
    assert everything[0]["kind"] == "Drafted" and everything[0]["effective"] == "2020-01-02"
    signed = queries.audit(buleleng.store, CODE, kind="Signed")
    assert [r["effective"] for r in signed] == ["2020-01-02", "2020-01-02", "2020-10-14", "2020-10-14"]
    october = queries.audit(buleleng.store, since=date(2020, 10, 14), until=date(2020, 10, 14))
    assert {r["kind"] for r in october} == {"Signed", "VersionInForce"}
    assert "berlaku mulai 14 Oktober 2020" in october[-1]["summary"]
    assert queries.audit(buleleng.store, actor="someone-else") == []
    first_recorded = date.fromisoformat(everything[0]["recorded_at"][:10])
    recorded = queries.audit(buleleng.store, since=first_recorded, recorded=True)
    assert len(recorded) == len(everything)  # the 2020 events were all recorded in this test
    assert queries.audit(buleleng.store, until=date(2019, 12, 31), recorded=True) == []

    app.settings = replace(app.settings, actor="apip")
    app.handle(c.CorrectRealisation(code=CODE, kind="anggaran", item="P01", month=3, reason="Salah ketik SP2D", value=Decimal("30515961")))
    buleleng.catch_up()
    [correction] = queries.audit(buleleng.store, CODE, actor="apip")
    assert correction["kind"] == "RealisationCorrected" and correction["reason"] == "Salah ketik SP2D"
    assert correction["summary"].endswith("P01 bulan 3: 30.515.960 → 30.515.961")


def test_as_of_both_sides_of_the_amendment(buleleng: Runner, app: KinerjaApp) -> None:
    before = app.state_as_of(CODE, date(2020, 10, 13))
    after = app.state_as_of(CODE, date(2020, 10, 15))
    shown_before = queries.agreement_as_of(before, date(2020, 10, 13))
    shown_after = queries.agreement_as_of(after, date(2020, 10, 15))
    assert shown_before["status"] == "AMENDING" and shown_before["version_shown"] == 1
    assert [i["code"] for i in shown_before["indicators"]] == ["S1.1", "S2.1", "S3.1"]
    assert shown_before["indicators"][0]["target"] == "4.6"
    assert shown_after["version_shown"] == 2 and shown_after["in_force_from"] == "2020-10-14"
    assert shown_after["indicators"][0]["target"] == "0.63"
    # realisations up to 13 Oktober: TW I-III (recorded at month end), not TW IV
    summary = queries.quarterly_as_of(before, date(2020, 10, 13))
    assert summary["version"] == 1
    p01 = next(p for p in summary["programmes"] if p["code"] == "P01")
    assert [q["realisation"] for q in p01["quarters"]] == ["30515960", "53041150", "20055660", None]
    with pytest.raises(Exception, match="belum ada"):
        app.state_as_of(CODE, date(2019, 12, 31))
    with pytest.raises(NotFound):
        app.state_as_of("TIDAK-ADA", date(2020, 1, 1))
