"""The event kinds in the users' words: what the audit trail's Peristiwa column and the exports
show, and what `audit --jenis` accepts.

The stable English name (`Signed`, `TargetChanged`) stays the key: it is the event's `KIND`, the
`kind` of `--json` and of the stored rows. Plain data, no domain import: the read commands'
fast path uses it without loading the engine (a test keeps it complete against the events).
"""

from __future__ import annotations

from domain.errors import DomainError

LABELS: dict[str, str] = {
    "Drafted": "Dibuat",
    "ObjectiveAdded": "Sasaran ditambahkan",
    "ObjectiveRemoved": "Sasaran dihapus",
    "ObjectiveRevised": "Sasaran diubah",
    "IndicatorAdded": "Indikator ditambahkan",
    "IndicatorRemoved": "Indikator dihapus",
    "IndicatorRevised": "Indikator diubah",
    "TargetChanged": "Target diubah",
    "ProgrammeAdded": "Program ditambahkan",
    "ProgrammeRemoved": "Program dihapus",
    "ProgrammeRevised": "Program diubah",
    "BudgetChanged": "Anggaran diubah",
    "PartyChanged": "Pihak diganti",
    "HeaderChanged": "Kepala dokumen diubah",
    "GradeScaleChanged": "Skala predikat diubah",
    "Signed": "Ditandatangani",
    "SignatureWithdrawn": "Tanda tangan ditarik",
    "VersionInForce": "Versi berlaku",
    "AmendmentOpened": "PK Perubahan dibuka",
    "AmendmentWithdrawn": "PK Perubahan ditarik",
    "RealisationRecorded": "Realisasi dicatat",
    "BudgetRealisationRecorded": "Realisasi anggaran dicatat",
    "RealisationCorrected": "Realisasi dikoreksi",
    "QuarterClosed": "Triwulan ditutup",
    "QuarterReopened": "Triwulan dibuka kembali",
    "SubmittedForReview": "Diajukan untuk reviu",
    "ReviewApproved": "Reviu disetujui",
    "ReviewReturned": "Reviu dikembalikan",
    "Cancelled": "Dibatalkan",
}


def label(kind: str) -> str:
    """The kind as users read it (an unknown kind, from a newer release, as it is)."""
    return LABELS.get(kind, kind)


def _folded(text: str) -> str:
    return " ".join(text.casefold().replace("-", " ").replace("_", " ").split())


_BY_WORDS = {_folded(name): kind for kind, name in LABELS.items()} | \
    {_folded(kind): kind for kind in LABELS}


def kind_of(typed: str) -> str:
    """The kind `typed` names: its Indonesian label or its English name, in any case, with
    spaces, hyphens or underscores ("target diubah", "Target-Diubah", "TargetChanged")."""
    found = _BY_WORDS.get(_folded(typed))
    if found is None:
        found = _BY_WORDS.get(_folded(typed).replace(" ", ""))
    if found is None:
        choices = ", ".join(f'"{name}"' for name in LABELS.values())
        raise DomainError(f"jenis peristiwa tidak dikenal: {typed!r}. Pilihan: {choices}.")
    return found
