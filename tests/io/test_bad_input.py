"""Malformed input of every kind ends in a clear `DomainError` and an unchanged event count."""

from __future__ import annotations

import io
import itertools
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from domain.errors import DomainError
from kinerja_flow.application import KinerjaApp
from kinerja_flow.importing import import_documents, import_realisations
from tests.io.conftest import CODE, DEMO

SETTINGS = settings(max_examples=8, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
HEADER = ["kode_pk", "jenis", "kode", "bulan", "nilai", "pembilang", "penyebut", "keterangan"]
VALID_ROWS = [
    [CODE, "indikator", "S1.2", "3", "0", "", "", ""],
    [CODE, "anggaran", "P01", "3", "30.515.960", "", "", "Lampiran 2"],
    [CODE, "indikator", "S2.2", "6", "20", "", "", ""],
]
_names = itertools.count()
printable = st.characters(blacklist_categories=("Cc", "Cs"))  # NUL etc. make the whole file unreadable

bad_cells = {
    0: st.text(printable, min_size=1, max_size=12).filter(lambda t: t.strip() and t.strip().upper() != CODE),
    1: st.text(printable, max_size=10).filter(lambda t: t.strip().casefold() not in
                                   {"indikator", "kinerja", "anggaran", "program"}),
    2: st.sampled_from(["S9.9", "P99", "X", "s1.2"]),
    3: st.one_of(st.integers(max_value=0), st.integers(min_value=13), st.sampled_from(["Maretan", "3,5", ""])),
    4: st.one_of(
        st.text(alphabet="abcxyz!?", min_size=1),
        st.integers(min_value=10**15).map(str),
        st.sampled_from(["1,2,3", "0,1234567", "1e5", "NaN", "1.2.3", "--5", ""]),
    ),
}


def _path(tmp_path: Path, suffix: str) -> Path:
    return tmp_path / f"bad-{next(_names)}{suffix}"


def _refused(app: KinerjaApp, path: Path, **options: Any) -> str:
    before = app.recorder.max_notification_id()
    with pytest.raises(DomainError) as refusal:
        import_realisations(app, path, **options)
    assert app.recorder.max_notification_id() == before
    assert app.state(CODE).realisations == {}
    message = str(refusal.value)
    assert path.name in message
    return message


def _csv(rows: list[list[Any]], delimiter: str = ";") -> str:
    return "\n".join(delimiter.join(str(c) for c in row) for row in rows) + "\n"


@SETTINGS
@given(column=st.sampled_from(sorted(bad_cells)), data=st.data(), position=st.integers(0, 3))
def test_a_wrong_cell_anywhere_refuses_the_whole_csv(in_force: KinerjaApp, tmp_path: Path, column: int,
                                                     data: st.DataObject, position: int) -> None:
    bad = list(VALID_ROWS[position % len(VALID_ROWS)])
    bad[column] = str(data.draw(bad_cells[column])).replace(";", ",").replace("\n", " ").replace("\r", " ")
    rows = [HEADER, *VALID_ROWS[:position], bad, *VALID_ROWS[position:]]
    path = _path(tmp_path, ".csv")
    path.write_text(_csv(rows), encoding="utf-8")
    message = _refused(in_force, path)
    assert f"baris {position + 2}" in message


@SETTINGS
@given(dropped=st.sampled_from(["kode_pk", "jenis", "kode", "bulan", "nilai"]), extra=st.booleans())
def test_missing_or_unknown_columns(in_force: KinerjaApp, tmp_path: Path, dropped: str, extra: bool) -> None:
    keep = [i for i, name in enumerate(HEADER) if name != dropped and not (dropped == "nilai" and name in
                                                                           ("pembilang", "penyebut"))]
    rows = [[row[i] for i in keep] for row in [HEADER, *VALID_ROWS]]
    if extra:
        rows = [row + [v] for row, v in zip(rows, ["nlai", "1", "2", "3"])]
    path = _path(tmp_path, ".csv")
    path.write_text(_csv(rows), encoding="utf-8")
    message = _refused(in_force, path)
    assert "tidak ada" in message or "tidak dikenal" in message


@SETTINGS
@given(copies=st.integers(2, 4))
def test_duplicate_rows(in_force: KinerjaApp, tmp_path: Path, copies: int) -> None:
    path = _path(tmp_path, ".csv")
    path.write_text(_csv([HEADER, *VALID_ROWS, *[VALID_ROWS[1]] * (copies - 1)]), encoding="utf-8")
    assert "sudah ada di baris 3" in _refused(in_force, path)


@SETTINGS
@given(content=st.one_of(
    st.just(b""), st.just(b"\n\n  \n"), st.just(b"\xef\xbb\xbf"),
    st.binary(min_size=1, max_size=200),
    st.text(min_size=1, max_size=80).map(lambda t: t.encode("utf-8")),
    st.just(_csv([HEADER, [CODE, "anggaran", "P01", "3", "1", "", "", "Biaya perjalanan dinas ke Denpasar"]])
            .encode("utf-16")),
    st.just(_csv([HEADER, [CODE, "indikator", "S1.2", "3", "0", "", "", "kemandirian penyandang"]])
            .replace("penyandang", "penyandang \u00e9\u00e8").encode("latin-1")),
))
def test_empty_binary_and_wrongly_encoded_csv(in_force: KinerjaApp, tmp_path: Path, content: bytes) -> None:
    path = _path(tmp_path, ".csv")
    path.write_bytes(content)
    _refused(in_force, path)


def _xlsx(rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


wrong_typed = st.one_of(
    st.booleans(), st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2030, 1, 1)),
    st.floats(min_value=1e16, max_value=1e300), st.floats(max_value=-1e16, min_value=-1e300),
    st.text(alphabet="xyz", min_size=1, max_size=5),
)


@SETTINGS
@given(column=st.sampled_from([1, 3, 4]), value=st.one_of(wrong_typed, st.integers(min_value=13, max_value=10**6)
                                                          .filter(lambda v: v > 10**5)))
def test_wrong_types_in_xlsx_cells(in_force: KinerjaApp, tmp_path: Path, column: int, value: Any) -> None:
    if column == 4 and isinstance(value, int) and not isinstance(value, bool):
        value = 10**16 + value  # a plain integer amount is valid; only a huge one is not
    bad: list[Any] = [CODE, "anggaran", "P02", 6, 1000, None, None, None]
    bad[column] = value
    path = _path(tmp_path, ".xlsx")
    path.write_bytes(_xlsx([HEADER, [CODE, "anggaran", "P01", 3, 30515960, None, None, None], bad]))
    assert "lembar 'Sheet', baris 3" in _refused(in_force, path)


@SETTINGS
@given(content=st.one_of(st.binary(max_size=300), st.just(b"PK\x03\x04" + b"\x00" * 40),
                         st.just(_xlsx([])), st.just(_xlsx([["judul saja"], [None, "x"]]))))
def test_damaged_or_empty_workbooks(in_force: KinerjaApp, tmp_path: Path, content: bytes) -> None:
    path = _path(tmp_path, ".xlsx")
    path.write_bytes(content)
    _refused(in_force, path)


def test_unknown_file_kinds_and_missing_files(in_force: KinerjaApp, tmp_path: Path) -> None:
    for name, message in (("data.xls", "format Excel lama"), ("data.ods", "tidak dikenal"),
                          ("hilang.csv", "tidak ditemukan")):
        path = tmp_path / name
        if name != "hilang.csv":
            path.write_bytes(b"x")
        assert message in _refused(in_force, path)


BAD_DOCUMENT_FIELDS: dict[str, list[Any]] = {
    "kode": ["", "kode dengan spasi", 12, None, []],
    "tahun": ["dua ribu", 1999, 2101, None, [2020]],
    "jenjang": ["eselon-9", 2, None],
    "pihak_pertama": ["Kepala Dinas", {}, {"nama": "Tanpa Jabatan"}, None],
    "sasaran": ["S1", [{"kode": "S1"}], [1], None],
    "program": ["P1", [{"kode": "P1", "uraian": "u", "anggaran": -1}],
                [{"kode": "P1", "uraian": "u", "anggaran": 10, "sasaran": ["S9"]}]],
    "kolom_asing": ["x"],
}


@SETTINGS
@given(data=st.data(), field=st.sampled_from(sorted(BAD_DOCUMENT_FIELDS)), as_json=st.booleans())
def test_malformed_documents(app: KinerjaApp, tmp_path: Path, data: st.DataObject, field: str,
                             as_json: bool) -> None:
    document = yaml.safe_load((DEMO / "pk-2020-awal.yaml").read_text(encoding="utf-8"))
    document[field] = data.draw(st.sampled_from(BAD_DOCUMENT_FIELDS[field]))
    path = _path(tmp_path, ".json" if as_json else ".yaml")
    path.write_text(json.dumps(document) if as_json else yaml.safe_dump(document), encoding="utf-8")
    before = app.recorder.max_notification_id()
    with pytest.raises(DomainError, match=path.name):
        import_documents(app, path)
    assert app.recorder.max_notification_id() == before


@SETTINGS
@given(content=st.one_of(st.binary(max_size=100), st.just(b"- a\n- b\n"), st.just(b"kode: [\n"),
                         st.just(b"{\"kode\": 1}"), st.just("kode: \u00e9".encode("latin-1"))))
def test_unreadable_documents(app: KinerjaApp, tmp_path: Path, content: bytes) -> None:
    path = _path(tmp_path, ".yaml")
    path.write_bytes(content)
    before = app.recorder.max_notification_id()
    with pytest.raises(DomainError, match=path.name):
        import_documents(app, path)
    assert app.recorder.max_notification_id() == before
