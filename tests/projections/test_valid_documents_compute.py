"""Any document the models accept can be computed and shown (issue 12, item 1).

Hypothesis writes valid documents at the edges of the bounds (15 integer digits, 6 decimals,
ranges, floors and caps, every formula and roll-up, monthly or quarterly targets, user scales)
with realisations at the edges too, puts them in force on the aggregate, and runs every figure
of the read side over them: the quarterly table, the annual measurement, their rows, and the
Indonesian formatting of each number. Nothing may raise.
"""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from domain.achievement import FORMULAS
from domain.agreement import Agreement, Stamp
from domain.document import AgreementDocument
from domain.events import project
from domain.numbers import (
    MAX_DECIMALS,
    MAX_INTEGER_DIGITS,
    format_number,
    format_percent,
)
from projections import current_targets, figures, measurement, quarterly

TODAY = date(2020, 12, 31)
LARGEST = Decimal(10) ** MAX_INTEGER_DIGITS - Decimal(10) ** -MAX_DECIMALS


def amounts(low: Decimal = Decimal(0), high: Decimal = LARGEST) -> st.SearchStrategy[Decimal]:
    """Numbers within the digit limits (`low`, `high` have at most 6 decimals), often at the edges."""
    edges = [v for v in (low, high, Decimal(0), Decimal("0.000001"), Decimal(100)) if low <= v <= high]
    whole = st.integers(math.ceil(low), math.floor(high)).map(Decimal) if math.ceil(low) <= math.floor(high) \
        else st.nothing()
    return st.decimals(min_value=low, max_value=high, places=MAX_DECIMALS) | whole | st.sampled_from(edges)


def text(value: Decimal) -> str:
    return f"{value:f}"


# In any order and sign; a target now and then beyond the digit limits.
wild = amounts(low=-LARGEST)
beyond = st.decimals(min_value=-Decimal(10) ** 20, max_value=Decimal(10) ** 20, places=8)


@st.composite
def indicators(draw: st.DrawFn, code: str, free: bool = False) -> dict[str, Any]:
    if free:
        lower = draw(st.one_of(amounts(), amounts(), amounts(), wild, beyond))
        upper = draw(st.one_of(st.just(lower), st.just(lower), amounts(), wild))
    else:
        lower = draw(amounts())
        upper = draw(st.just(lower) | amounts(low=lower))
    indicator: dict[str, Any] = {
        "kode": code, "uraian": f"Indikator {code}",
        "target": text(lower) if lower == upper else f"{text(lower)}-{text(upper)}",
        "arah": draw(st.sampled_from(["naik", "turun"])),
        "penghitungan": draw(st.sampled_from(["kumulatif", "akhir", "rata-rata"])),
        "rasio": draw(st.booleans()),
    }
    formula = draw(st.none() | st.sampled_from(sorted(FORMULAS)))
    if formula is not None:
        indicator["rumus"] = formula
    if free:
        floor = draw(st.one_of(st.none(), wild, amounts()))
        cap = draw(st.one_of(st.none(), amounts(), amounts()))
    else:
        floor = draw(st.none() | amounts(low=-LARGEST))
        cap = draw(st.none() | amounts(low=max(floor or Decimal(0), Decimal(0))))
    if floor is not None:
        indicator["batas_bawah"] = text(floor)
    if cap is not None:
        indicator["batas_atas"] = text(cap)
    kind = draw(st.sampled_from([None, "target_triwulan", "target_bulan"]))
    if kind is not None:
        top = 4 if kind == "target_triwulan" else 12
        periods = draw(st.dictionaries(st.integers(1, top), amounts(), min_size=1, max_size=top))
        indicator[kind] = {period: text(value) for period, value in periods.items()}
    return indicator


@st.composite
def programmes(draw: st.DrawFn, code: str, indicator_codes: list[str]) -> dict[str, Any]:
    programme: dict[str, Any] = {"kode": code, "uraian": f"Program {code}",
                                 "indikator": draw(st.lists(st.sampled_from(indicator_codes), unique=True))}
    kind = draw(st.sampled_from([None, "anggaran_triwulan", "anggaran_bulan"]))
    if kind is None:
        programme["anggaran"] = text(draw(amounts()))
    else:
        top = 4 if kind == "anggaran_triwulan" else 12
        periods = draw(st.dictionaries(st.integers(1, top), amounts(high=Decimal(10) ** 13), min_size=1, max_size=top))
        programme[kind] = {period: text(value) for period, value in periods.items()}
        programme["anggaran"] = text(sum(periods.values(), Decimal(0)))
    return programme


scales = st.one_of(
    st.sampled_from([{"skala": "lkjip-buleleng"}, {"skala": "permendagri-86-2017"}, {"skala": "tercapai"}]),
    st.lists(amounts(low=-LARGEST), min_size=1, max_size=4, unique=True).map(lambda minimums: {
        "skala": "skala-uji",
        "skala_definisi": {"nama": "skala-uji", "versi": "1", "predikat": [
            *({"min": text(m), "label": f"P{i}"} for i, m in enumerate(sorted(minimums, reverse=True))),
            {"label": "Lainnya"},
        ]},
    }),
)


@st.composite
def documents(draw: st.DrawFn, free: bool = False) -> dict[str, Any]:
    codes = [f"S1.{i}" for i in range(1, draw(st.integers(1, 3)) + 1)]
    return {
        "kode": "UJI-2020", "tahun": 2020, "instansi": "Dinas Uji", "jenjang": "eselon-2",
        "pihak_pertama": {"nama": "A", "jabatan": "Kepala Dinas Uji"},
        "pihak_kedua": {"nama": "B", "jabatan": "Bupati Uji"},
        "sasaran": [{"kode": "S1", "uraian": "Sasaran", "indikator": [draw(indicators(c, free)) for c in codes]}],
        "program": [draw(programmes(f"P{i}", codes)) for i in range(1, draw(st.integers(0, 2)) + 1)],
        **draw(scales),
    }


def in_force(document: AgreementDocument, draw: st.DrawFn) -> Agreement:
    stamp = Stamp("perencana", date(2020, 1, 2), TODAY)
    agreement = Agreement.draft(document, stamp)
    agreement.sign(stamp, "pertama")
    agreement.sign(stamp, "kedua")
    later = Stamp("perencana", TODAY, TODAY)
    content = document.content()
    for indicator in content.indicators():
        for month in draw(st.sets(st.integers(1, 12), max_size=4)):
            if indicator.rasio:
                denominator = draw(amounts(low=-LARGEST).filter(lambda v: v != 0))
                agreement.record_realisation(later, indicator.kode, month, numerator=draw(amounts(low=-LARGEST)),
                                             denominator=denominator)
            else:
                agreement.record_realisation(later, indicator.kode, month, draw(amounts(low=-LARGEST)))
    for programme in content.program:
        for month in draw(st.sets(st.integers(1, 12), max_size=4)):
            agreement.record_budget_realisation(later, programme.kode, month, draw(amounts()))
    return agreement


def shown(value: Any) -> None:
    """Format every number the way the tables and exports do."""
    if isinstance(value, Decimal):
        format_number(value)
        format_percent(value)
    elif isinstance(value, dict):
        for item in value.values():
            shown(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            shown(item)
    elif isinstance(value, (figures.Figure, figures.Measurement)):
        shown(list(vars(value).values()))
    elif isinstance(value, tuple) or hasattr(value, "_fields"):  # a read model's row
        shown(list(value))


def computed(document: AgreementDocument, draw: st.DrawFn) -> None:
    """Every figure of the agreement in force, with realisations at the edges, shown."""
    agreement = in_force(document, draw)
    state = project(agreement.pending_events)
    assert state is not None
    content = state.versions[-1].content
    scale = figures.scale_of(content)
    spent_of = {p.kode: figures.programme_year(state, p)[0] for p in content.program}
    for indicator in content.indicators():
        for _, quarter, upto in figures.indicator_quarters(state, indicator, scale):
            shown([quarter, upto])
        annual = figures.annual_indicator(state, indicator, scale)
        shown([annual, figures.measure_indicator(state, content, indicator, scale, spent_of)])
        if annual.achievement is not None:
            if indicator.batas_bawah is not None:
                assert annual.achievement >= indicator.batas_bawah
            if indicator.batas_atas is not None:
                assert annual.achievement <= indicator.batas_atas
    for programme in content.program:
        shown([figures.programme_quarters(state, programme), figures.programme_year(state, programme)])
    shown([quarterly.rows(state), measurement.rows(state), current_targets.rows(state)])


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(data=documents(), draw=st.data())
def test_every_valid_document_computes_and_shows(data: dict[str, Any], draw: st.DataObject) -> None:
    computed(AgreementDocument.model_validate(data), draw.draw)  # the generator writes valid ones


@SETTINGS
@given(data=documents(free=True), draw=st.data())
def test_a_document_is_refused_or_computes(data: dict[str, Any], draw: st.DataObject) -> None:
    """Values beyond the bounds, in any order: what the models accept, the math can compute."""
    try:
        document = AgreementDocument.model_validate(data)
    except ValidationError:
        return
    computed(document, draw.draw)
