"""Bring a draft version to the content of a new document, as a series of granular edits.

Users write a PK Perubahan as a whole document; the record keeps each change on its own
(target, budget, indicator added or removed...) so the history can say who changed which target.
The order matters: things are added before anything refers to them, and references are
dropped before the things they refer to are removed.
"""

from __future__ import annotations

from domain import content_ops
from domain.agreement import Agreement, Stamp
from domain.document import Content, Indicator, Objective, Programme
from domain.errors import DomainError

_TARGET_FIELDS = ("target", "target_triwulan", "target_bulan")
_BUDGET_FIELDS = ("anggaran", "anggaran_triwulan", "anggaran_bulan")


def _without(model: Indicator | Programme, fields: tuple[str, ...]) -> dict[str, object]:
    return model.model_dump(exclude=set(fields))


def revise_to(agreement: Agreement, stamp: Stamp, new: Content, reason: str) -> int:
    """Apply every difference between the draft and `new`; returns the number of edits."""
    old = agreement.draft_version.content
    start = agreement.version
    _check_no_moves(old, new)

    for field in content_ops.HEADER_FIELDS:
        if getattr(old, field) != getattr(new, field):
            agreement.change_header(stamp, field, getattr(new, field), reason)
    if (old.skala, old.skala_definisi) != (new.skala, new.skala_definisi):
        agreement.change_scale(stamp, new.skala, new.skala_definisi, reason)
    for role in ("pertama", "kedua"):
        if getattr(old, f"pihak_{role}") != getattr(new, f"pihak_{role}"):
            agreement.change_party(stamp, role, getattr(new, f"pihak_{role}"), reason)

    for objective in new.sasaran:
        existing = old.objective(objective.kode)
        if existing is None:
            agreement.add_objective(stamp, objective, reason)
            continue
        if existing.uraian != objective.uraian:
            agreement.revise_objective(stamp, objective.kode, objective.uraian, reason)
        for indicator in objective.indikator:
            _revise_indicator(agreement, stamp, objective, indicator, reason)

    for programme in new.program:
        current = agreement.draft_version.content.programme(programme.kode)
        if current is None:
            agreement.add_programme(stamp, programme, reason)
            continue
        if _without(current, _BUDGET_FIELDS) != _without(programme, _BUDGET_FIELDS):
            agreement.revise_programme(stamp, programme, reason)
        if any(getattr(current, f) != getattr(programme, f) for f in _BUDGET_FIELDS):
            agreement.change_budget(
                stamp, programme.kode, programme.anggaran, reason,
                programme.anggaran_triwulan, programme.anggaran_bulan, keep_periods=False,
            )

    for programme in old.program:
        if new.programme(programme.kode) is None:
            agreement.remove_programme(stamp, programme.kode, reason)
    for objective in old.sasaran:
        if new.objective(objective.kode) is None:
            agreement.remove_objective(stamp, objective.kode, reason)
            continue
        for indicator in objective.indikator:
            if new.indicator(indicator.kode) is None:
                agreement.remove_indicator(stamp, indicator.kode, reason)
    return agreement.version - start


def _revise_indicator(
    agreement: Agreement, stamp: Stamp, objective: Objective, indicator: Indicator, reason: str
) -> None:
    current = agreement.draft_version.content.indicator(indicator.kode)
    if current is None:
        agreement.add_indicator(stamp, objective.kode, indicator, reason)
        return
    if _without(current, _TARGET_FIELDS) != _without(indicator, _TARGET_FIELDS):
        agreement.revise_indicator(stamp, indicator, reason)
    if any(getattr(current, f) != getattr(indicator, f) for f in _TARGET_FIELDS):
        agreement.change_target(
            stamp, indicator.kode, indicator.target, reason,
            indicator.target_triwulan, indicator.target_bulan, keep_periods=False,
        )


def _check_no_moves(old: Content, new: Content) -> None:
    for indicator in new.indicators():
        before, after = old.objective_of(indicator.kode), new.objective_of(indicator.kode)
        if before is not None and after is not None and before.kode != after.kode:
            raise DomainError(
                f"Indikator {indicator.kode} pindah dari sasaran {before.kode} ke {after.kode}; "
                "beri kode baru untuk indikator di sasaran yang baru."
            )
