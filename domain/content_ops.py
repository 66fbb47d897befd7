"""Pure edits of a version's content: each returns a new, validated `Content`.

The result is validated with the `RECORDED` context: these edits run when an event is applied,
which is also when a stored event is replayed, and the new values they bring were checked as new
input by the command (its `Indicator`, `Programme`, `Party` or document) before it was recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain.document import Content, Indicator, Objective, Party, Programme
from domain.input_rules import RECORDED

Data = dict[str, Any]


def _rebuild(content: Content, change: Callable[[Data], None]) -> Content:
    data = content.model_dump()
    change(data)
    return Content.model_validate(data, context=RECORDED)


def _indicator_data(data: Data, code: str) -> Data:
    return next(i for o in data["sasaran"] for i in o["indikator"] if i["kode"] == code)


def _programme_data(data: Data, code: str) -> Data:
    return next(p for p in data["program"] if p["kode"] == code)


def set_target(content: Content, code: str, target: Any, periods: Data) -> Content:
    """Annual target and period targets (`target_triwulan` / `target_bulan`) of an indicator."""

    def change(data: Data) -> None:
        indicator = _indicator_data(data, code)
        indicator["target"] = target
        indicator["target_triwulan"] = periods.get("target_triwulan")
        indicator["target_bulan"] = periods.get("target_bulan")

    return _rebuild(content, change)


def set_budget(content: Content, code: str, amount: Any, periods: Data) -> Content:
    def change(data: Data) -> None:
        programme = _programme_data(data, code)
        programme["anggaran"] = amount
        programme["anggaran_triwulan"] = periods.get("anggaran_triwulan")
        programme["anggaran_bulan"] = periods.get("anggaran_bulan")

    return _rebuild(content, change)


def add_objective(content: Content, objective: Objective) -> Content:
    return _rebuild(content, lambda data: data["sasaran"].append(objective.model_dump()))


def _swap(items: list[Data], code: str, new: Data | None) -> list[Data]:
    """`items` with the one coded `code` replaced by `new`, or left out when `new` is None."""
    return [new if i["kode"] == code else i for i in items if new is not None or i["kode"] != code]


def remove_objective(content: Content, code: str) -> Content:
    return _rebuild(content, lambda data: data.update(sasaran=_swap(data["sasaran"], code, None)))


def revise_objective(content: Content, code: str, uraian: str) -> Content:
    def change(data: Data) -> None:
        next(o for o in data["sasaran"] if o["kode"] == code)["uraian"] = uraian

    return _rebuild(content, change)


def add_indicator(content: Content, objective: str, indicator: Indicator) -> Content:
    def change(data: Data) -> None:
        target = next(o for o in data["sasaran"] if o["kode"] == objective)
        target["indikator"].append(indicator.model_dump())

    return _rebuild(content, change)


def _swap_indicator(content: Content, code: str, new: Data | None) -> Content:
    def change(data: Data) -> None:
        for objective in data["sasaran"]:
            objective["indikator"] = _swap(objective["indikator"], code, new)

    return _rebuild(content, change)


def remove_indicator(content: Content, code: str) -> Content:
    return _swap_indicator(content, code, None)


def replace_indicator(content: Content, indicator: Indicator) -> Content:
    return _swap_indicator(content, indicator.kode, indicator.model_dump())


def add_programme(content: Content, programme: Programme) -> Content:
    return _rebuild(content, lambda data: data["program"].append(programme.model_dump()))


def remove_programme(content: Content, code: str) -> Content:
    return _rebuild(content, lambda data: data.update(program=_swap(data["program"], code, None)))


def replace_programme(content: Content, programme: Programme) -> Content:
    new = programme.model_dump()
    return _rebuild(
        content, lambda data: data.update(program=_swap(data["program"], programme.kode, new))
    )


def set_party(content: Content, role: str, party: Party) -> Content:
    def change(data: Data) -> None:
        data[f"pihak_{role}"] = party.model_dump()

    return _rebuild(content, change)


HEADER_FIELDS = ("jenjang", "induk")


def set_header(content: Content, field: str, value: str | None) -> Content:
    def change(data: Data) -> None:
        data[field] = value

    return _rebuild(content, change)


def set_scale(content: Content, name: str, definition: dict[str, Any] | None) -> Content:
    def change(data: Data) -> None:
        data["skala"] = name
        data["skala_definisi"] = definition

    return _rebuild(content, change)
