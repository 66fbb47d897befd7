"""Event kinds in the users' words: complete, accepted in any spelling, refused in one line."""

from __future__ import annotations

import pytest

from domain.errors import DomainError
from domain.events import EVENT_CLASSES
from projections import kinds


def test_every_event_kind_has_an_indonesian_label_and_no_label_repeats() -> None:
    assert set(kinds.LABELS) == set(EVENT_CLASSES)
    assert len(set(kinds.LABELS.values())) == len(kinds.LABELS)
    assert all(label not in EVENT_CLASSES for label in kinds.LABELS.values())


@pytest.mark.parametrize("typed", ["Target diubah", "target diubah", "TARGET-DIUBAH", " target  diubah ",
                                   "TargetChanged", "targetchanged", "target_changed", "Target Changed"])
def test_a_kind_is_named_by_its_label_or_its_stable_name_in_any_spelling(typed: str) -> None:
    assert kinds.kind_of(typed) == "TargetChanged"


def test_an_unknown_kind_is_refused_with_the_choices() -> None:
    with pytest.raises(DomainError, match=r"jenis peristiwa tidak dikenal: 'Ditandatangan'\. "
                                          r"Pilihan: \"Dibuat\", .*\"Ditandatangani\""):
        kinds.kind_of("Ditandatangan")
