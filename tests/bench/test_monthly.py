"""The monthly-import measurement imports real files through the importer, catches the read
models up, and reports every month and the ratio of month 12 to month 1."""

from __future__ import annotations

from pathlib import Path

from bench.database import read_models
from bench.generator import agreement_years
from bench.monthly import import_month, measure_monthly, start_year, write_month
from projections import realisations


def test_a_month_is_imported_from_its_csv_and_shown_by_the_read_models(tmp_path: Path) -> None:
    years = list(agreement_years(0, 3))
    db, path = tmp_path / "year.db", tmp_path / "maret.csv"
    start_year(db, years)
    rows = write_month(years, 3, path)
    wanted = {(y.document.kode, e.kind, e.item): e for y in years for e in y.realisations
              if e.month == 3}
    assert rows == len(wanted) > 0
    assert path.read_bytes().startswith(b"\xef\xbb\xbfkode_pk;jenis;kode;bulan;nilai;pembilang")

    figures = import_month(db, path, 3)

    assert figures["events"] == rows + 1  # each row, and the file's import marker
    assert 0 < figures["import"] < figures["total"] and 0 < figures["catchup_cpu"]
    with read_models(db) as models:
        assert models.catch_up() == 0  # the measurement caught up itself
        shown = {(code, entry.kind, entry.item): entry for code in {k[0] for k in wanted}
                 for entry in realisations.current(models.store, code)[1]}
    assert shown.keys() == wanted.keys()
    for key, entry in wanted.items():
        got = shown[key]
        assert (got.month, got.value, got.numerator, got.denominator) == \
            (3, entry.value, entry.numerator, entry.denominator)


def test_twelve_months_are_reported_with_the_ratio_of_the_last_to_the_first(tmp_path: Path) -> None:
    figures = measure_monthly(tmp_path, agreements=2, repeats=2)
    months = figures["months"]
    assert sorted(months) == list(range(1, 13))
    assert all(m["rows"] > 0 and m["events"] == m["rows"] + 1 for m in months.values())
    assert all(0 < m["import_cpu"] and 0 < m["catchup_cpu"] for m in months.values())
    assert figures["ratio"] == months[12]["total_cpu"] / months[1]["total_cpu"]
    assert figures["wall_ratio"] == months[12]["total"] / months[1]["total"]
    assert list(tmp_path.iterdir()) == []  # files and databases removed
