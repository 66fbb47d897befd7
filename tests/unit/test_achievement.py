"""Tests for domain.achievement and domain.grading: capaian, roll-ups, budget, grades."""

from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from pydantic import ValidationError

from domain.achievement import (
    FORMULAS,
    ROLL_UPS,
    Target,
    absorption,
    achievement,
    cumulative_target,
    efficiency,
    months_of,
    quarter_of,
    quarter_targets,
    ratio_value,
    roll_up,
)
from domain.grading import (
    BUILTIN_SCALES,
    Band,
    Grade,
    GradeScale,
    grade,
    resolve_scale,
    scale_from_mapping,
)
from domain.numbers import format_number, format_percent

D = Decimal

finite = st.decimals(min_value=D("-1e9"), max_value=D("1e9"), allow_nan=False, allow_infinity=False, places=4)
positive = st.decimals(min_value=D("0.0001"), max_value=D("1e9"), allow_nan=False, allow_infinity=False, places=4)
any_decimal = st.decimals()  # includes NaN, Infinity, huge and tiny exponents


# --- seed figures (Dinas Sosial Kabupaten Buleleng) ---------------------------


def test_seed_ratio_indicator() -> None:
    assert format_percent(ratio_value(D(3503), D(47914))) == "7,31%"


def test_seed_achievement_of_ratio_indicator() -> None:
    value = achievement(D("4.60"), D("7.31"))
    assert value is not None and value > D("158.91")
    assert format_percent(value) == "158,91%"


def test_seed_absorption() -> None:
    assert format_percent(absorption(D(381422110), D(382252200))) == "99,78%"
    assert format_percent(absorption(D(30515960), D(61072200))) == "49,97%"


def test_seed_kemandirian_pmks() -> None:
    assert format_percent(achievement(D("0.63"), D("0.23"))) == "36,51%"


def test_negative_realisation_gives_negative_achievement() -> None:
    assert achievement(D(2), D("-3.5")) == D(-175)
    assert format_percent(achievement(D(2), D("-3.5"), "naik")) == "-175,00%"


def test_turun_regulation_formula() -> None:
    assert achievement(D(10), D(8), "turun") == D(120)
    assert achievement(D(10), D(12), "turun") == D(80)
    assert achievement(D(10), D(25), "turun") == D(-50)


def test_turun_rasio_formula() -> None:
    assert achievement(D(10), D(8), "turun-rasio") == D(125)
    assert achievement(D(10), D(0), "turun-rasio") is None


def test_efficiency_seed() -> None:
    value = efficiency(D(110), D(98))
    assert value is not None and D("1.1224") < value < D("1.1225")
    assert format_number(value) == "1,12"


def test_full_precision_not_rounded() -> None:
    value = achievement(D(3), D(1))
    assert value is not None
    assert value != D("33.33")
    assert value.as_tuple().exponent < -2


# --- undefined results ---------------------------------------------------------


@pytest.mark.parametrize("formula", sorted(FORMULAS))
def test_zero_target_is_undefined(formula: str) -> None:
    assert achievement(D(0), D(5), formula) is None
    assert achievement(D(0), D(0), formula) is None
    assert achievement(Target.parse("0"), D(-1), formula) is None


def test_missing_realisation_is_undefined() -> None:
    assert achievement(D(10), None) is None


def test_zero_denominators_are_undefined() -> None:
    assert ratio_value(D(5), D(0)) is None
    assert absorption(D(5), D(0)) is None
    assert efficiency(D(100), D(0)) is None
    assert efficiency(None, D(98)) is None
    assert efficiency(D(100), None) is None


def test_unknown_formula_lists_valid_names() -> None:
    with pytest.raises(ValueError) as info:
        achievement(D(10), D(5), "naik-turun")
    for name in FORMULAS:
        assert name in str(info.value)


def test_floor_and_cap() -> None:
    assert achievement(D(10), D(30), cap=D(120)) == D(120)
    assert achievement(D(10), D(-30), floor=D(0)) == D(0)
    assert achievement(D(10), D(5), floor=D(0), cap=D(120)) == D(50)
    assert achievement(D(0), D(5), floor=D(0)) is None
    with pytest.raises(ValueError):
        achievement(D(10), D(5), floor=D(100), cap=D(50))


# --- targets -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lower", "upper"),
    [
        ("80-90", "80", "90"),
        ("80\u201390", "80", "90"),
        ("80 - 90", "80", "90"),
        ("80%-90%", "80", "90"),
        ("0,63", "0.63", "0.63"),
        ("4.60", "4.60", "4.60"),
        ("-5", "-5", "-5"),
        ("-5 - -2", "-5", "-2"),
        ("0,5 \u2013 0,75", "0.5", "0.75"),
    ],
)
def test_target_parse(text: str, lower: str, upper: str) -> None:
    target = Target.parse(text)
    assert (target.lower, target.upper) == (D(lower), D(upper))
    assert target.is_range == (lower != upper)


def test_target_parse_numbers_and_targets() -> None:
    assert Target.parse(D("0.63")) == Target(lower=D("0.63"), upper=D("0.63"))
    assert Target.parse(80) == Target(lower=D(80), upper=D(80))
    target = Target.parse("80-90")
    assert Target.parse(target) is target


@pytest.mark.parametrize("text", ["90-80", "abc", "80-", "-", "", "80-90-100", "1.2.3"])
def test_target_parse_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="bukan target yang valid"):
        Target.parse(text)


def test_target_is_frozen_and_validated() -> None:
    target = Target.parse("80-90")
    with pytest.raises(ValidationError):
        target.lower = D(1)  # type: ignore[misc]
    with pytest.raises(ValueError):
        Target(lower=D(2), upper=D(1))
    assert hash(target) == hash(Target.parse("80\u201390"))


def test_target_str() -> None:
    assert str(Target.parse("80 - 90")) == "80\u201390"
    assert str(Target.parse("0,63")) == "0,63"
    assert str(Target.parse(D("80.00"))) == "80"
    assert str(Target.parse("382.252.200")) == "382.252.200"
    for text in ["80-90", "0,63", "1234.5", "-5 - -2"]:
        assert Target.parse(str(Target.parse(text))) == Target.parse(text)


@pytest.mark.parametrize("formula", sorted(FORMULAS))
def test_range_target_inside_above_below(formula: str) -> None:
    target = Target.parse("80-90")
    assert achievement(target, D(85), formula) == D(100)
    assert achievement(target, D(80), formula) == D(100)
    assert achievement(target, D(90), formula) == D(100)
    assert achievement(target, D(99), formula) == achievement(D(90), D(99), formula)
    assert achievement(target, D(40), formula) == achievement(D(80), D(40), formula)


def test_range_target_values() -> None:
    target = Target.parse("80-90")
    assert achievement(target, D(99)) == D(110)
    assert achievement(target, D(40)) == D(50)
    assert achievement(target, D(99), "turun") == D(90)
    assert achievement(target, D(40), "turun") == D(150)


# --- roll-ups and periods --------------------------------------------------------


def test_roll_up_methods() -> None:
    values = [D(1), None, D(3), D(2), None]
    assert roll_up(values, "kumulatif") == D(6)
    assert roll_up(values, "akhir") == D(2)
    assert roll_up(values, "rata-rata") == D(2)
    for method in ROLL_UPS:
        assert roll_up([], method) is None
        assert roll_up([None, None], method) is None
    with pytest.raises(ValueError, match="kumulatif"):
        roll_up(values, "total")


def test_quarters_and_months() -> None:
    assert [quarter_of(m) for m in range(1, 13)] == [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]
    assert months_of(1) == (1, 2, 3)
    assert months_of(4) == (10, 11, 12)
    for bad in (0, 13, -1):
        with pytest.raises(ValueError):
            quarter_of(bad)
    for bad in (0, 5):
        with pytest.raises(ValueError):
            months_of(bad)


def test_quarter_targets_from_quarters() -> None:
    tw = {1: D(0), 2: D(0), 3: D("0.32"), 4: D("0.31")}
    assert quarter_targets(None, tw, "kumulatif") == tw
    assert cumulative_target(tw, 4, "kumulatif") == D("0.63")
    assert cumulative_target(tw, 2, "kumulatif") == D(0)
    assert cumulative_target(tw, 3, "akhir") == D("0.32")


def test_quarter_targets_from_months() -> None:
    monthly = {m: D(m) for m in range(1, 13)}
    assert quarter_targets(monthly, None, "kumulatif") == {1: D(6), 2: D(15), 3: D(24), 4: D(33)}
    assert quarter_targets(monthly, None, "akhir") == {1: D(3), 2: D(6), 3: D(9), 4: D(12)}
    assert quarter_targets(monthly, None, "rata-rata") == {1: D(2), 2: D(5), 3: D(8), 4: D(11)}
    assert quarter_targets({2: D(5), 11: D(7)}, None, "kumulatif") == {1: D(5), 4: D(7)}
    assert quarter_targets(None, None, "akhir") == {}


def test_quarter_targets_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        quarter_targets({1: D(1)}, {1: D(1)}, "kumulatif")
    with pytest.raises(ValueError):
        quarter_targets({13: D(1)}, None, "kumulatif")
    with pytest.raises(ValueError):
        quarter_targets(None, {5: D(1)}, "kumulatif")
    with pytest.raises(ValueError):
        quarter_targets(None, {1: D(1)}, "jumlah")
    with pytest.raises(ValueError):
        cumulative_target({1: D(1)}, 5, "kumulatif")


# --- grading -----------------------------------------------------------------------

BULELENG = BUILTIN_SCALES["lkjip-buleleng"]
PERMENDAGRI = BUILTIN_SCALES["permendagri-86-2017"]
TERCAPAI = BUILTIN_SCALES["tercapai"]


@pytest.mark.parametrize(
    ("value", "label"),
    [
        ("158.91", "Sangat Berhasil"),
        ("100", "Sangat Berhasil"),
        ("85.01", "Sangat Berhasil"),
        ("85", "Berhasil"),
        ("70.01", "Berhasil"),
        ("70", "Cukup Berhasil"),
        ("55.01", "Cukup Berhasil"),
        ("55", "Tidak Berhasil"),
        ("36.51", "Tidak Berhasil"),
        ("-175", "Tidak Berhasil"),
    ],
)
def test_grade_lkjip_buleleng(value: str, label: str) -> None:
    assert grade(D(value), BULELENG) == Grade(label=label, scale="lkjip-buleleng", scale_version="2020")


@pytest.mark.parametrize(
    ("value", "label"),
    [
        ("120", "Sangat Tinggi"),
        ("91", "Sangat Tinggi"),
        ("90.99", "Tinggi"),
        ("76", "Tinggi"),
        ("75.99", "Sedang"),
        ("66", "Sedang"),
        ("65.99", "Rendah"),
        ("51", "Rendah"),
        ("50.99", "Sangat Rendah"),
        ("50", "Sangat Rendah"),
        ("0", "Sangat Rendah"),
    ],
)
def test_grade_permendagri_boundaries(value: str, label: str) -> None:
    result = grade(D(value), PERMENDAGRI)
    assert result is not None
    assert (result.label, result.scale, result.scale_version) == (label, "permendagri-86-2017", "2017")


def test_grade_tercapai_and_undefined() -> None:
    assert grade(D(100), TERCAPAI).label == "Tercapai"  # type: ignore[union-attr]
    assert grade(D("99.999"), TERCAPAI).label == "Tidak Tercapai"  # type: ignore[union-attr]
    assert grade(None, TERCAPAI) is None
    assert grade(achievement(D(0), D(5)), BULELENG) is None


def test_scale_from_mapping() -> None:
    scale = scale_from_mapping(
        {
            "nama": "kota-x",
            "versi": 2024,
            "predikat": [
                {"min": 90, "label": "A"},
                {"lebih_dari": "80,5", "label": "B"},
                {"label": "C"},
            ],
        }
    )
    assert (scale.name, scale.version, scale.labels) == ("kota-x", "2024", ("A", "B", "C"))
    assert grade(D(90), scale).label == "A"  # type: ignore[union-attr]
    assert grade(D("89.99"), scale).label == "B"  # type: ignore[union-attr]
    assert grade(D("80.5"), scale).label == "C"  # type: ignore[union-attr]
    assert grade(D(90), scale).scale == "kota-x"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"versi": "1", "predikat": [{"label": "A"}]}, "nama"),
        ({"nama": "x", "predikat": [{"label": "A"}]}, "versi"),
        ({"nama": "x", "versi": "1", "predikat": []}, "predikat"),
        ({"nama": "x", "versi": "1", "predikat": [{"min": 50, "label": "A"}]}, "terakhir"),
        ({"nama": "x", "versi": "1", "predikat": [{"min": 50, "label": "A"}, {"min": 60, "label": "B"},
                                                   {"label": "C"}]}, "menurun"),
        ({"nama": "x", "versi": "1", "predikat": [{"min": 50, "label": "A"}, {"lebih_dari": 50, "label": "B"},
                                                   {"label": "C"}]}, "menurun"),
        ({"nama": "x", "versi": "1", "predikat": [{"label": "A"}, {"label": "B"}]}, "tanpa batas"),
        ({"nama": "x", "versi": "1", "predikat": [{"min": 1, "lebih_dari": 2, "label": "A"}, {"label": "B"}]},
         "tidak keduanya"),
        ({"nama": "x", "versi": "1", "predikat": [{"min": "abc", "label": "A"}, {"label": "B"}]}, "abc"),
        ({"nama": "x", "versi": "1", "predikat": [{"min": 5}, {"label": "B"}]}, "label"),
        ({"nama": "x", "versi": "1", "predikat": [{"min": 5, "label": "A"}, {"label": "A"}]}, "berulang"),
        ({"nama": "x", "versi": "1", "predikat": [{"label": "A"}], "warna": "merah"}, "warna"),
        ("bukan mapping", "mapping"),
    ],
)
def test_scale_from_mapping_rejects(data: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        scale_from_mapping(data)  # type: ignore[arg-type]


def test_grade_scale_validation() -> None:
    with pytest.raises(ValueError):
        GradeScale(name="x", version="1", bands=())
    with pytest.raises(ValueError):
        GradeScale(name="x", version="1", bands=(Band(minimum=D(5), inclusive=True, label="A"),))


def test_resolve_scale() -> None:
    assert resolve_scale("lkjip-buleleng") is BULELENG
    custom = scale_from_mapping({"nama": "kota-x", "versi": "1", "predikat": [{"label": "Semua"}]})
    assert resolve_scale("kota-x", {"kota-x": custom}) is custom
    with pytest.raises(ValueError) as info:
        resolve_scale("kota-y", {"kota-x": custom})
    for name in ("kota-x", "lkjip-buleleng", "permendagri-86-2017", "tercapai"):
        assert name in str(info.value)


# --- properties ------------------------------------------------------------------------


@given(positive, finite, finite)
def test_naik_is_monotonic_non_decreasing(t: Decimal, r1: Decimal, r2: Decimal) -> None:
    low, high = sorted((r1, r2))
    a_low, a_high = achievement(t, low, "naik"), achievement(t, high, "naik")
    assert a_low is not None and a_high is not None
    assert a_low <= a_high


@given(positive, finite, finite)
def test_turun_is_monotonic_non_increasing(t: Decimal, r1: Decimal, r2: Decimal) -> None:
    low, high = sorted((r1, r2))
    a_low, a_high = achievement(t, low, "turun"), achievement(t, high, "turun")
    assert a_low is not None and a_high is not None
    assert a_low >= a_high


@given(positive, positive, st.sampled_from(sorted(FORMULAS)), st.data())
def test_range_target_is_100_inside_and_continuous(
    a: Decimal, b: Decimal, formula: str, data: st.DataObject
) -> None:
    lower, upper = sorted((a, b))
    assume(lower < upper)
    target = Target(lower=lower, upper=upper)
    inside = data.draw(st.decimals(min_value=lower, max_value=upper, allow_nan=False, places=4))
    assert achievement(target, inside, formula) == D(100)
    # Continuity: the formula evaluated exactly at either bound gives 100 too.
    assert achievement(lower, lower, formula) == D(100)
    assert achievement(upper, upper, formula) == D(100)
    # Just outside the range (a relative step), the achievement is still close to 100.
    just_above = achievement(target, upper * (1 + D("1e-7")), formula)
    just_below = achievement(target, lower * (1 - D("1e-7")), formula)
    assert just_above is not None and abs(just_above - 100) < D("0.0001")
    assert just_below is not None and abs(just_below - 100) < D("0.0001")


@given(st.lists(st.one_of(st.none(), finite), max_size=12))
def test_roll_up_properties(values: list[Decimal | None]) -> None:
    present = [v for v in values if v is not None]
    total = roll_up(values, "kumulatif")
    mean = roll_up(values, "rata-rata")
    last = roll_up(values, "akhir")
    if not present:
        assert total is None and mean is None and last is None
        return
    assert total == sum(present, D(0))
    assert mean is not None and min(present) <= mean <= max(present)
    assert last == present[-1]


@given(st.dictionaries(st.integers(min_value=1, max_value=12), finite, max_size=12))
def test_monthly_kumulatif_quarters_sum_to_total(monthly: dict[int, Decimal]) -> None:
    quarters = quarter_targets(monthly, None, "kumulatif")
    assert sum(quarters.values(), D(0)) == sum(monthly.values(), D(0))
    assert set(quarters) == {quarter_of(m) for m in monthly}
    if monthly:
        assert cumulative_target(quarters, 4, "kumulatif") == sum(monthly.values(), D(0))


@given(
    st.sampled_from(sorted(BUILTIN_SCALES)),
    st.decimals(min_value=D(-500), max_value=D(500), allow_nan=False, places=3),
    st.decimals(min_value=D(-500), max_value=D(500), allow_nan=False, places=3),
)
def test_grade_is_monotonic(scale_name: str, a: Decimal, b: Decimal) -> None:
    scale = BUILTIN_SCALES[scale_name]
    low, high = sorted((a, b))
    # Band index 0 is the best band: a higher achievement never gets a worse (larger) index.
    assert scale.band_index(high) <= scale.band_index(low)
    low_grade, high_grade = grade(low, scale), grade(high, scale)
    assert low_grade is not None and high_grade is not None
    assert scale.labels.index(high_grade.label) <= scale.labels.index(low_grade.label)


@given(
    st.one_of(any_decimal, st.builds(Target.parse, st.sampled_from(["0", "0-10", "80-90", "-5 - -1", "0,000000001"]))),
    st.one_of(st.none(), any_decimal),
    st.sampled_from(sorted(FORMULAS)),
    st.one_of(st.none(), st.decimals(min_value=-1000, max_value=0, allow_nan=False)),
    st.one_of(st.none(), st.decimals(min_value=100, max_value=1000, allow_nan=False)),
)
def test_achievement_never_raises(
    target: Decimal | Target,
    realisation: Decimal | None,
    formula: str,
    floor: Decimal | None,
    cap: Decimal | None,
) -> None:
    result = achievement(target, realisation, formula, floor, cap)
    assert result is None or result.is_finite()
    if result is not None:
        assert floor is None or result >= floor
        assert cap is None or result <= cap
        format_percent(result)  # displayable


@given(st.sampled_from(sorted(FORMULAS)), finite)
def test_zero_target_and_zero_realisation_never_raise(formula: str, value: Decimal) -> None:
    assert achievement(D(0), value, formula) is None
    result = achievement(value, D(0), formula)
    if value.is_zero() or formula == "turun-rasio":
        assert result is None
    else:
        assert result is not None
