"""Validation errors reach users in Indonesian: every pydantic error type has a wording, and no
bad document, whatever is wrong in it, gets an English sentence back."""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Any

import pydantic_core.core_schema as core_schema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.messages import field_path, indonesian
from kinerja_flow.documents import DocumentError, parse_document
from tests.language import english_in

DEMO = Path(__file__).parents[2] / "kinerja_flow" / "demo"
ERROR_TYPES = typing.get_args(core_schema.ErrorType)


@pytest.mark.parametrize("kind", [t for t in ERROR_TYPES if t not in ("value_error", "assertion_error")])
def test_every_pydantic_error_type_reads_indonesian(kind: str) -> None:
    """(`value_error`/`assertion_error` carry our own validators' messages, Indonesian already:
    the document test below covers them.)"""
    worded = indonesian({"type": kind, "msg": "Input should be something", "input": "abc",
                         "ctx": {"expected": "'a' or 'b'", "gt": 0, "ge": 0, "lt": 9, "le": 9,
                                 "min_length": 2, "max_length": 5, "field_type": "List",
                                 "max_digits": 20, "decimal_places": 6, "whole_digits": 14,
                                 "pattern": "^x$", "multiple_of": 5, "expected_tags": "'a'"}})
    assert worded and not english_in(worded) and "should" not in worded and "Input" not in worded


def test_the_common_ones_name_the_rule_and_what_was_given() -> None:
    assert indonesian({"type": "decimal_parsing", "input": "12,5x"}) == "harus berupa angka, bukan '12,5x'"
    assert indonesian({"type": "missing", "input": {}}) == "wajib diisi"
    assert indonesian({"type": "literal_error", "input": "x", "ctx": {"expected": "'naik' or 'turun'"}}) \
        == "harus salah satu dari 'naik' atau 'turun', bukan 'x'"
    assert indonesian({"type": "greater_than_equal", "input": -1, "ctx": {"ge": 0}}) == "paling kecil 0, bukan -1"
    assert indonesian({"type": "value_error", "msg": "Value error, kode PK kosong"}) == "kode PK kosong"
    assert field_path(("sasaran", 0, "indikator", 1, "function-after[check()]", "target")) \
        == "sasaran[0].indikator[1].target"


def _document() -> dict[str, Any]:
    return yaml.safe_load((DEMO / "pk-2020-awal.yaml").read_text(encoding="utf-8"))


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*prefix, index))
    return found


JUNK = st.one_of(st.none(), st.booleans(), st.integers(-10**30, 10**30), st.text(max_size=30),
                 st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
                 st.sampled_from(["12,5x", "-1", "1e999", "NaN", "", "2020-13-45", "sangat"]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_document_wrong_anywhere_is_refused_in_indonesian(data: st.DataObject) -> None:
    document = _document()
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(_paths(document)))
        parent = document
        for step in path[:-1]:
            parent = parent[step]
        if data.draw(st.booleans()) and isinstance(parent, dict):
            parent[data.draw(st.sampled_from(["catatan_lain", "Target", "anggaran_x"]))] = data.draw(JUNK)
        else:
            parent[path[-1]] = data.draw(JUNK)
    try:
        parse_document(document, "uji.yaml")
    except DocumentError as error:
        assert not english_in(str(error)), str(error)
