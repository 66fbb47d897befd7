"""The mapper's fast JSON path writes exactly the bytes of the plain `json.dumps` path."""

from __future__ import annotations

import json

from bench.generator import agreement_year
from bench.lifecycle import play_year
from domain.event_base import ENVELOPE
from kinerja_flow.mapper import JSONBytes, PydanticMapper


def _plain_json(event: object) -> bytes:
    state = event.model_dump(mode="json", exclude=ENVELOPE)  # type: ignore[attr-defined]
    class_version = getattr(type(event), "class_version", 1)
    if class_version > 1:
        state["class_version"] = class_version
    return json.dumps(state, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def test_fast_json_equals_plain_json_and_round_trips() -> None:
    mapper = PydanticMapper(transcoder=JSONBytes())
    events = []
    for index in range(6):  # every kind of event of a year, amendments and ratio indicators included
        agreement, slot = play_year(agreement_year(index))
        events += agreement.collect_events() + slot.collect_events()
    assert {type(e).__name__ for e in events} >= {"Drafted", "Signed", "TargetChanged", "QuarterClosed"}
    for event in events:
        stored = mapper.to_stored_event(event)
        assert stored.state == _plain_json(event)
        assert mapper.to_domain_event(stored) == event
