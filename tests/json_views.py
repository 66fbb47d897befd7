"""The read models' queries as the JSON `--json` prints (stable keys, exact decimal text), so the
tests assert on exactly what users and scripts see."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.state import AgreementState
from projections import agreements, current_targets, target_history
from projections import audit as trail
from projections import measurement as formulir
from projections import quarterly as lampiran2
from projections import tree as pohon
from projections.model import to_json
from projections.store import ViewStore


def list_agreements(store: ViewStore, *args: Any) -> Any:
    return to_json(agreements.list_agreements(store, *args))


def agreement(store: ViewStore, code: str) -> Any:
    return to_json(current_targets.agreement(store, code))


def agreement_as_of(state: AgreementState, day: date) -> Any:
    return to_json(current_targets.as_of(state, day))


def history(store: ViewStore, code: str) -> Any:
    return to_json(target_history.history(store, code))


def audit(store: ViewStore, *args: Any, **kwargs: Any) -> Any:
    return to_json(trail.audit(store, *args, **kwargs))


def quarterly(store: ViewStore, code: str, quarter: int | None = None) -> Any:
    return to_json(lampiran2.quarterly(store, code, quarter))


def quarterly_as_of(state: AgreementState, day: date, quarter: int | None = None) -> Any:
    return to_json(lampiran2.as_of(state, day, quarter))


def measurement(store: ViewStore, year: int, agency: str | None = None) -> Any:
    return to_json(formulir.measurement(store, year, agency))


def tree(store: ViewStore, year: int, agency: str | None = None) -> Any:
    return to_json(pohon.tree(store, year, agency))
