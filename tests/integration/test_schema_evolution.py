"""Schema evolution: an event stored by an older class version is read through its upcaster.

`tests/fixtures/signed-v1.json` is a `Signed` event exactly as class version 1 stored it (no
`signer_title`, no `class_version` key). It is written into a real event store on both backends
and the agreement is loaded back through the repository.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from uuid import UUID

import pytest
from eventsourcing.persistence import StoredEvent
from pydantic import ValidationError

from domain import commands as c
from domain.agreement import agreement_id
from domain.events import Signed
from kinerja_flow.mapper import JSONBytes, PydanticMapper

FIXTURE = json.loads((Path(__file__).parents[1] / "fixtures" / "signed-v1.json").read_text())
KADIS = "Kepala Dinas Sosial Kabupaten Buleleng"
BUPATI = "Bupati Buleleng"


def _stored_v1(originator_id: UUID) -> StoredEvent:
    return StoredEvent(
        originator_id=originator_id,
        originator_version=FIXTURE["originator_version"],
        topic=FIXTURE["topic"],
        state=json.dumps(FIXTURE["state"]).encode(),
    )


def test_v1_state_is_not_valid_for_v2_without_the_upcaster() -> None:
    with pytest.raises(ValidationError, match="signer_title"):
        Signed.model_validate(
            {**FIXTURE["state"], "originator_id": agreement_id("X"), "originator_version": 2}
        )


def test_mapper_upcasts_a_stored_v1_event() -> None:
    event = PydanticMapper(transcoder=JSONBytes()).to_domain_event(_stored_v1(agreement_id("X")))
    assert isinstance(event, Signed)
    assert event.signer == "I Putu Kariaman Putra, S.Sos, MM"
    assert event.signer_title is None
    assert event.effective == date(2020, 1, 2)


def test_new_events_are_stored_as_v2(app, pk_awal) -> None:
    app.handle(c.CreateAgreement(document=pk_awal, effective=date(2020, 1, 2)))
    app.handle(c.Sign(code=pk_awal.kode, party="pertama", place="Singaraja", effective=date(2020, 1, 2)))
    stored = app.recorder.select_events(agreement_id(pk_awal.kode))[-1]
    state = json.loads(stored.state)
    assert stored.topic == "kinerja:Agreement.Signed"
    assert state["class_version"] == 2
    assert state["signer_title"] == KADIS


def test_agreement_with_a_v1_signature_loads_and_carries_on(app, pk_awal) -> None:
    app.handle(c.CreateAgreement(document=pk_awal, effective=date(2020, 1, 2)))
    originator_id = agreement_id(pk_awal.kode)
    app.recorder.insert_events([_stored_v1(originator_id)])

    agreement = app.state(pk_awal.kode)
    old = agreement.versions[0].signatures["pertama"]
    assert (old.signer, old.signer_title, old.signed_on) == (
        "I Putu Kariaman Putra, S.Sos, MM", None, date(2020, 1, 2)
    )
    assert old.content_hash == agreement.versions[0].content.content_hash()

    app.handle(c.Sign(code=pk_awal.kode, party="kedua", place="Singaraja", effective=date(2020, 1, 2)))
    agreement = app.state(pk_awal.kode)
    assert agreement.versions[0].signatures["kedua"].signer_title == BUPATI
    assert agreement.versions[0].is_fully_signed
    assert isinstance(app.recorder.select_events(originator_id)[0].originator_id, UUID)
