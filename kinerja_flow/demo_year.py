"""The demo: Dinas Sosial Kabupaten Buleleng's 2020 year, replayed from its LKjIP documents.

The documents in `demo/` are transcribed from the seed (not generated). The dates are the
documents' own where they give one: PK Perubahan signed 14 Oktober 2020, LKjIP dated
4 Januari 2021. The seed does not show the original PK's signature page; it is entered as signed
on 6 Januari 2020 (an assumption, marked as such in the README).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import yaml

from domain import commands as c
from kinerja_flow.application import KinerjaApp
from kinerja_flow.documents import load_document

DEMO_DIR = Path(__file__).parent / "demo"
CODE = "DINSOS-BLL-2020-KADIS"
PLANNER = "perencana.dinsos"  # Sub Bagian Perencanaan, who keeps the records
AUDITOR = "inspektorat.buleleng"  # APIP, who reviews the year

ORIGINAL_SIGNED = date(2020, 1, 6)
AMENDMENT_SIGNED = date(2020, 10, 14)
REPORT_DATE = date(2021, 1, 4)


@dataclass(frozen=True)
class Step:
    """One command of the demo year: who does it, what it is, and the command."""

    actor: str
    title: str
    command: c.Command


def _realisation_steps() -> Iterator[Step]:
    data = yaml.safe_load((DEMO_DIR / "realisasi-2020.yaml").read_text(encoding="utf-8"))
    for row in data["indikator"]:
        yield Step(PLANNER, f"Realisasi {row['indikator']} bulan {row['bulan']}",
                   c.RecordRealisation(code=CODE, indicator=row["indikator"], month=row["bulan"],
                                       value=Decimal(str(row["nilai"])),
                                       note="Lampiran 2 LKjIP 2020"))
    for row in data["anggaran"]:
        yield Step(PLANNER, f"Realisasi anggaran {row['program']} bulan {row['bulan']}",
                   c.RecordBudgetRealisation(code=CODE, programme=row["program"],
                                             month=row["bulan"], amount=Decimal(str(row["jumlah"])),
                                             note="Lampiran 2 LKjIP 2020"))


def demo_steps() -> list[Step]:
    original = load_document(DEMO_DIR / "pk-2020-awal.yaml")
    amended = load_document(DEMO_DIR / "pk-2020-perubahan.yaml")
    return [
        Step(PLANNER, "PK 2020 disusun (draf)", c.CreateAgreement(
            document=original, reason="Perjanjian Kinerja tahun 2020", effective=ORIGINAL_SIGNED)),
        Step(PLANNER, "Ditandatangani pihak pertama", c.Sign(
            code=CODE, party="pertama", place="Singaraja", effective=ORIGINAL_SIGNED)),
        Step(PLANNER, "Ditandatangani pihak kedua", c.Sign(
            code=CODE, party="kedua", place="Singaraja", effective=ORIGINAL_SIGNED)),
        Step(PLANNER, "PK Perubahan dibuka", c.OpenAmendment(
            code=CODE, ground="perubahan-program", legal_basis="APBD Perubahan 2020",
            reason="Penyesuaian sasaran, indikator dan program dengan APBD Perubahan 2020",
            document=amended, effective=AMENDMENT_SIGNED)),
        Step(PLANNER, "PK Perubahan ditandatangani pihak pertama", c.Sign(
            code=CODE, party="pertama", place="Singaraja", effective=AMENDMENT_SIGNED)),
        Step(PLANNER, "PK Perubahan ditandatangani pihak kedua", c.Sign(
            code=CODE, party="kedua", place="Singaraja", effective=AMENDMENT_SIGNED)),
        *_realisation_steps(),
        *(Step(PLANNER, f"Triwulan {q} ditutup", c.CloseQuarter(
            code=CODE, quarter=q, reason="Evaluasi triwulan selesai", effective=REPORT_DATE))
          for q in (1, 2, 3, 4)),
        Step(PLANNER, "Diajukan untuk reviu", c.SubmitForReview(
            code=CODE, reason="LKjIP 2020 selesai disusun", effective=REPORT_DATE)),
        Step(AUDITOR, "Reviu disetujui", c.ApproveReview(
            code=CODE, reason="Reviu LKjIP 2020 oleh Inspektorat", effective=REPORT_DATE)),
    ]


def run_demo(engine: KinerjaApp, on_step: Callable[[Step], None] | None = None) -> bool:
    """Replay the year, each step as its own person's act.

    Returns False (and records nothing) when the demo agreement is already in the database.
    """
    if engine.exists(CODE):
        return False
    for step in demo_steps():
        engine.handle(step.command, actor=step.actor)
        if on_step:
            on_step(step)
    return True
