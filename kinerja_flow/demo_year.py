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
    """One command of the demo year: who does it, what it is, and how to run it."""

    actor: str
    title: str
    run: Callable[[KinerjaApp], object]


def _realisation_steps() -> Iterator[Step]:
    data = yaml.safe_load((DEMO_DIR / "realisasi-2020.yaml").read_text(encoding="utf-8"))
    for row in data["indikator"]:
        yield Step(
            PLANNER,
            f"Realisasi {row['indikator']} bulan {row['bulan']}",
            lambda app, r=row: app.record_realisation(
                CODE, r["indikator"], r["bulan"], Decimal(str(r["nilai"])),
                note="Lampiran 2 LKjIP 2020",
            ),
        )
    for row in data["anggaran"]:
        yield Step(
            PLANNER,
            f"Realisasi anggaran {row['program']} bulan {row['bulan']}",
            lambda app, r=row: app.record_budget_realisation(
                CODE, r["program"], r["bulan"], Decimal(str(r["jumlah"])),
                note="Lampiran 2 LKjIP 2020",
            ),
        )


def demo_steps() -> list[Step]:
    original = load_document(DEMO_DIR / "pk-2020-awal.yaml")
    amended = load_document(DEMO_DIR / "pk-2020-perubahan.yaml")
    steps = [
        Step(PLANNER, "PK 2020 disusun (draf)", lambda app: app.create(
            original, ORIGINAL_SIGNED, reason="Perjanjian Kinerja tahun 2020")),
        Step(PLANNER, "Ditandatangani pihak pertama", lambda app: app.sign(
            CODE, "pertama", "Singaraja", ORIGINAL_SIGNED)),
        Step(PLANNER, "Ditandatangani pihak kedua", lambda app: app.sign(
            CODE, "kedua", "Singaraja", ORIGINAL_SIGNED)),
        Step(PLANNER, "PK Perubahan dibuka", lambda app: app.open_amendment(
            CODE, "perubahan-program", "APBD Perubahan 2020",
            "Penyesuaian sasaran, indikator dan program dengan APBD Perubahan 2020",
            AMENDMENT_SIGNED, amended)),
        Step(PLANNER, "PK Perubahan ditandatangani pihak pertama", lambda app: app.sign(
            CODE, "pertama", "Singaraja", AMENDMENT_SIGNED)),
        Step(PLANNER, "PK Perubahan ditandatangani pihak kedua", lambda app: app.sign(
            CODE, "kedua", "Singaraja", AMENDMENT_SIGNED)),
        *_realisation_steps(),
        *(
            Step(PLANNER, f"Triwulan {q} ditutup", lambda app, q=q: app.close_quarter(
                CODE, q, "Evaluasi triwulan selesai", REPORT_DATE))
            for q in (1, 2, 3, 4)
        ),
        Step(PLANNER, "Diajukan untuk reviu", lambda app: app.submit_for_review(
            CODE, "LKjIP 2020 selesai disusun", REPORT_DATE)),
        Step(AUDITOR, "Reviu disetujui", lambda app: app.approve_review(
            CODE, "Reviu LKjIP 2020 oleh Inspektorat", REPORT_DATE)),
    ]
    return steps


def run_demo(open_app: Callable[[str], KinerjaApp], on_step: Callable[[Step], None] | None = None) -> bool:
    """Replay the year; `open_app(actor)` gives the engine acting as that person.

    Returns False (and records nothing) when the demo agreement is already in the database.
    """
    apps: dict[str, KinerjaApp] = {}
    try:
        for step in demo_steps():
            if step.actor not in apps:
                apps[step.actor] = open_app(step.actor)
                if len(apps) == 1 and apps[step.actor].exists(CODE):
                    return False
            step.run(apps[step.actor])
            if on_step:
                on_step(step)
    finally:
        for app in apps.values():
            app.close()
    return True
