"""The read models reproduce the seed's tables: Lampiran 2 (quarterly) and the Formulir."""

from __future__ import annotations

from decimal import Decimal

from domain.document import AgreementDocument
from projections import realisations
from projections.runner import Runner
from tests import json_views as queries
from tests.projections.conftest import CODE

# Lampiran 2, Anggaran "%" column (col. 16), TW I..IV per programme ("-" where the target is 0).
LAMPIRAN_2_PERCENT = {
    "P01": ["49.97", "230.01", "102.53", "99.73"],
    "P02": ["66.03", "151.19", "100.00", "99.75"],
    "P03": ["57.49", "180.11", "100.00", "99.49"],
    "P05": ["59.91", "171.64", "100.00", "99.11"],
    "P06": ["42.59", "257.62", "106.73", "100.94"],
    "P04": ["34.90", "322.82", "100.00", "99.65"],
    "P10": ["77.06", "107.22", "103.89", "115.19"],
    "P11": ["59.12", "90.00", "145.12", "147.03"],
    "P12": [None, None, None, None],
    "P13": ["44.44", "147.44", "170.64", "103.87"],
    "P14": ["83.44", "101.62", "122.84", "103.54"],
    "P15": [None, None, None, None],
    "P07": ["44.44", "231.87", "100.00", "99.85"],
    "P08": ["60.25", "136.07", "100.00", "119.00"],
    "P09": ["91.99", "106.48", "100.37", "102.13"],
}

# BAB III B "Realisasi Anggaran": ceiling, realisation and Capaian Keuangan per programme.
BAB_III_BUDGET = {
    "P01": ("382252200", "381422110", "99.78"), "P02": ("190329700", "189507050", "99.57"),
    "P03": ("96064900", "95678650", "99.60"), "P07": ("61348100", "61249050", "99.84"),
    "P05": ("114728200", "114041150", "99.40"), "P08": ("96271000", "96200100", "99.93"),
    "P09": ("932310950", "929454248", "99.69"), "P06": ("645904000", "641221070", "99.27"),
    "P04": ("222526000", "221488500", "99.53"),
}


def test_quarterly_budget_matches_lampiran_2(buleleng: Runner) -> None:
    data = queries.quarterly(buleleng.store, CODE)
    assert data["version"] == 2
    programmes = {p["code"]: p for p in data["programmes"]}
    assert set(programmes) == set(LAMPIRAN_2_PERCENT)
    for code, expected in LAMPIRAN_2_PERCENT.items():
        assert [q["absorption"] for q in programmes[code]["quarters"]] == expected, code
    first = programmes["P01"]["quarters"][0]
    assert (first["target"], first["realisation"], first["absorption"]) == ("61072200", "30515960", "49.97")
    total = data["budget_total"]
    assert total["budget"] == "4121995000"
    realised = sum(Decimal(q["realisation"]) for q in total["quarters"])
    assert realised == Decimal("4103950774")  # the TOTAL row


def test_quarterly_indicators_match_lampiran_2(buleleng: Runner, pk_perubahan: AgreementDocument) -> None:
    first, second = [i.kode for i in pk_perubahan.indicators()]
    data = queries.quarterly(buleleng.store, CODE)
    rows = {i["code"]: i for i in data["indicators"]}
    kemandirian = rows[first]["quarters"]
    assert [q["target"] for q in kemandirian] == ["0", "0", "0.32", "0.31"]
    assert [q["realisation"] for q in kemandirian] == ["0", "0", "0.32", "0.31"]
    assert [q["achievement"] for q in kemandirian] == [None, None, "100.00", "100.00"]  # "-" for 0
    assert kemandirian[3]["cumulative"] == {
        "target": "0.63", "realisation": "0.63", "achievement": "100.00", "grade": "Sangat Berhasil"}
    psks = rows[second]["quarters"]
    assert [q["achievement"] for q in psks] == ["100.00"] * 4
    assert rows[second]["scale"] == "lkjip-buleleng"


def test_quarterly_single_quarter(buleleng: Runner) -> None:
    data = queries.quarterly(buleleng.store, CODE, quarter=2)
    p06 = next(p for p in data["programmes"] if p["code"] == "P06")
    assert [(q["quarter"], q["absorption"]) for q in p06["quarters"]] == [(2, "257.62")]


def test_measurement_is_the_formulir(buleleng: Runner, pk_perubahan: AgreementDocument) -> None:
    data = queries.measurement(buleleng.store, 2020)
    [agreement] = data["agreements"]
    assert agreement["version"] == 2 and agreement["in_force"] is True
    for indicator in agreement["indicators"]:
        assert indicator["achievement"] == "100.00"
        assert indicator["grade"] == "Sangat Berhasil"
        assert indicator["scale"] == "lkjip-buleleng"
        assert indicator["previous"] is None  # no 2019 agreement stored
    first = agreement["indicators"][0]
    assert first["target"] == "0.63" and first["realisation"] == "0.63"
    assert sorted(first["programmes"]) == ["P01", "P02", "P03", "P04", "P05", "P06"]
    assert first["budget"] == "1651805000"
    assert first["efficiency"] == str((Decimal(100) / Decimal(first["absorption"])).quantize(Decimal("0.01")))
    programmes = {p["code"]: p for p in agreement["programmes"]}
    for code, (ceiling, spent, share) in BAB_III_BUDGET.items():
        assert (programmes[code]["budget"], programmes[code]["realisation"]) == (ceiling, spent)
        assert programmes[code]["absorption"] == share, code


def test_realisations_and_current_targets(buleleng: Runner, pk_perubahan: AgreementDocument) -> None:
    shown = queries.agreement(buleleng.store, CODE.lower())
    assert shown["version_shown"] == 2 and shown["in_force_from"] == "2020-10-14"
    assert [i["code"] for i in shown["indicators"]] == [i.kode for i in pk_perubahan.indicators()]
    assert shown["indicators"][0]["periods"] == {"triwulan": {"1": "0", "2": "0", "3": "0.32", "4": "0.31"}}
    assert len(shown["programmes"]) == 15
    _, current = realisations.current(buleleng.store, CODE)
    p01 = [r for r in current if (r.kind, r.item) == ("anggaran", "P01")]
    assert [(r.month, str(r.value), r.entries) for r in p01] == [
        (3, "30515960", 1), (6, "53041150", 1), (9, "20055660", 1), (12, "277809340", 1)]
