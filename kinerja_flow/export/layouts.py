"""The export layouts: each read model (and the realisations) as `Table`s laid out like the seeds'
tables (title lines, grouped column headers, the seed's column names), plus the data the JSON
file holds.

Layouts only arrange data; they know no file format. They read the read models' typed queries
only (never the write model), and the JSON file holds what `--json` prints.

`realisations` is the long import layout, so an exported file imports back to the same current
realisations (corrections are exported as their current value).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from kinerja_flow.export.model import UNDEFINED, CellFormat, Column, Export, Table
from kinerja_flow.importing import long_layout
from kinerja_flow.importing.wide_layout import quarter_label
from projections import audit as trail
from projections import current_targets
from projections import measurement as formulir
from projections import quarterly as lampiran2
from projections import realisations as realised
from projections import target_history as riwayat
from projections.model import to_json

if TYPE_CHECKING:
    from projections.store import ViewStore

ROMAN = ("I", "II", "III", "IV")
LEVEL_LABELS = {"eselon-2": "ESELON II", "eselon-3": "ESELON III", "eselon-4": "ESELON IV",
                "kepala-daerah": "KEPALA DAERAH"}


# ----------------------------------------------------------------- realisations (long layout)

def realisations(store: ViewStore, codes: Sequence[str]) -> Export:
    """The current realisations of the agreements, in the long import layout."""
    rows: list[list[Any]] = []
    data: list[dict[str, Any]] = []
    for code in codes:
        stored_code, entries = realised.current(store, code)
        for entry in entries:
            values = [stored_code, entry.kind, entry.item, entry.month, entry.value,
                      entry.numerator, entry.denominator, entry.note]
            rows.append(values)
            data.append({**dict(zip(long_layout.COLUMNS, values)), "sumber": entry.source,
                         "pelaku": entry.actor, "dicatat": entry.recorded_at})
    columns = [Column("kode_pk", width=26), Column("jenis", width=10), Column("kode", width=8),
               Column("bulan", "int", 7), Column("nilai", "number", 16),
               Column("pembilang", "number", 12), Column("penyebut", "number", 12),
               Column("keterangan", width=40)]
    return Export([Table("Realisasi", columns, rows)], data)


# ----------------------------------------------------------------- quarterly summary (Lampiran 2)

def _quarter_columns(prefix: str, fmt: CellFormat, group: str, width: int = 12) -> list[Column]:
    return [Column(f"{prefix}TW {r}", fmt, width, group) for r in ROMAN]


def lampiran2_columns() -> list[Column]:
    kinerja, anggaran = "Kinerja", "Anggaran (Rp)"
    return [
        Column("No", "text", 5), Column("Kode PK", "text", 24), Column("Sasaran Strategis", "text", 36),
        Column("Kode Indikator", "text", 10, kinerja), Column("Indikator Kinerja", "text", 36, kinerja),
        Column("Satuan", "text", 8, kinerja), Column("Target Kinerja Tahunan", "number", 12, kinerja),
        *_quarter_columns("Target ", "number", kinerja, 10),
        *[Column(quarter_label("indikator", q), "number", 11, kinerja) for q in (1, 2, 3, 4)],
        *_quarter_columns("% ", "percent", kinerja, 9),
        Column("Keterangan", "text", 16, kinerja),
        Column("Kode Program", "text", 9, anggaran), Column("Program", "text", 40, anggaran),
        Column("Target Anggaran Tahunan", "rupiah", 16, anggaran),
        *_quarter_columns("Target Anggaran ", "rupiah", anggaran, 15),
        *[Column(quarter_label("anggaran", q), "rupiah", 15, anggaran) for q in (1, 2, 3, 4)],
        *_quarter_columns("% Anggaran ", "percent", anggaran, 9),
        Column("Keterangan Anggaran", "text", 16, anggaran),
    ]


def _shown(percent: Any) -> Any:
    return UNDEFINED if percent is None else percent


def _indicator_cells(item: lampiran2.IndicatorSummary | None) -> list[Any]:
    if item is None:
        return [None] * 17
    quarters = {q.quarter: q for q in item.quarters}
    return [
        item.code, item.description, item.unit, item.annual_target,
        *[_of(quarters.get(q), "target") for q in (1, 2, 3, 4)],
        *[_of(quarters.get(q), "realisation") for q in (1, 2, 3, 4)],
        *[_shown(_of(quarters.get(q), "achievement")) for q in (1, 2, 3, 4)],
        None,
    ]


def _programme_cells(item: lampiran2.ProgrammeSummary | None) -> list[Any]:
    if item is None:
        return [None] * 16
    quarters = {q.quarter: q for q in item.quarters}
    return [
        item.code, item.description, item.budget,
        *[_of(quarters.get(q), "target") for q in (1, 2, 3, 4)],
        *[_of(quarters.get(q), "realisation") for q in (1, 2, 3, 4)],
        *[_shown(_of(quarters.get(q), "absorption")) for q in (1, 2, 3, 4)],
        None,
    ]


def _of(figure: Any, name: str) -> Any:
    return None if figure is None else getattr(figure, name)


def quarterly(store: ViewStore, code: str) -> Export:
    """Capaian Rencana Aksi s/d Triwulan IV (the seed's Lampiran 2), one row per indicator/programme."""
    summary = lampiran2.quarterly(store, code)
    agreement = current_targets.agreement(store, summary.code)
    columns = lampiran2_columns()
    rows: list[list[Any]] = [
        [LEVEL_LABELS.get(agreement.level, agreement.level)] + [None] * (len(columns) - 1),
        [agreement.first_party.jabatan] + [None] * (len(columns) - 1),
    ]
    texts = {i.objective: i.objective_text for i in agreement.indicators}
    objectives = list(dict.fromkeys(i.objective for i in agreement.indicators))
    groups = objectives + [None]
    for number, objective in enumerate(groups, start=1):
        indicators = [i for i in summary.indicators if i.objective == objective
                      or (objective is None and i.objective not in objectives)]
        programmes = [p for p in summary.programmes if p.objective == objective
                      or (objective is None and p.objective not in objectives)]
        text = texts.get(objective) if objective else None
        for line in range(max(len(indicators), len(programmes))):
            first = line == 0 and objective is not None
            rows.append([
                str(number) if first else None, agreement.code, text if first else None,
                *_indicator_cells(indicators[line] if line < len(indicators) else None),
                *_programme_cells(programmes[line] if line < len(programmes) else None),
            ])
    total = summary.budget_total
    quarters = {q.quarter: q for q in total.quarters}
    rows.append([
        "TOTAL", *[None] * 19, None, None, total.budget,
        *[_of(quarters.get(q), "target") for q in (1, 2, 3, 4)],
        *[_of(quarters.get(q), "realisation") for q in (1, 2, 3, 4)],
        *[_of(quarters.get(q), "absorption") for q in (1, 2, 3, 4)], None,
    ])
    titles = [
        "CAPAIAN RENCANA AKSI ATAS PERJANJIAN KINERJA SAMPAI DENGAN TRIWULAN I S/D IV",
        f"PERANGKAT DAERAH {agreement.agency.upper()}",
        f"TAHUN {agreement.year}",
    ]
    return Export([Table("Lampiran 2", columns, rows, titles)], to_json(summary))


# ----------------------------------------------------------------- annual measurement (Formulir)

def measurement(store: ViewStore, year: int, agency: str | None = None) -> Export:
    """Formulir Pengukuran Kinerja of the year: per indicator target, realisation, capaian, budget."""
    data = formulir.measurement(store, year, agency)
    columns = [
        Column("Kode PK", "text", 24), Column("Sasaran Strategis", "text", 36),
        Column("Indikator Kinerja", "text", 40), Column("Satuan", "text", 8),
        Column("Target", "number", 10), Column("Realisasi", "number", 10),
        Column("Capaian Kinerja (%)", "percent", 11), Column("Predikat", "text", 16),
        Column("Anggaran (Rp)", "rupiah", 16), Column("Realisasi Anggaran (Rp)", "rupiah", 16),
        Column("Serapan (%)", "percent", 10), Column("Tingkat Efisiensi", "number", 10),
    ]
    rows: list[list[Any]] = []
    for agreement in data.agreements:
        shown: set[str | None] = set()
        for item in agreement.indicators:
            first = item.objective not in shown
            shown.add(item.objective)
            rows.append([
                agreement.code, item.objective_text if first else None,
                item.description, item.unit, item.target, item.realisation,
                item.achievement, item.grade, item.budget, item.budget_realisation,
                item.absorption, item.efficiency,
            ])
    agencies = sorted({a.agency for a in data.agreements})
    titles = [f"FORMULIR PENGUKURAN KINERJA {' / '.join(agencies).upper()}".rstrip(),
              f"TAHUN ANGGARAN {year}"]
    return Export([Table("Pengukuran Kinerja", columns, rows, titles)], to_json(data))


# ----------------------------------------------------------------- target history

def target_history(store: ViewStore, code: str) -> Export:
    """Every value each target and budget has had, per version, and every change with who/why."""
    data = riwayat.history(store, code)
    versions = [v.version for v in data.versions]
    value_columns = [Column("Jenis", "text", 10), Column("Kode", "text", 8),
                     Column("Uraian", "text", 44), Column("Satuan", "text", 8)]
    value_columns += [Column(f"Versi {v}", "text", 14, "Target / pagu per versi") for v in versions]
    value_rows = [
        [t.kind, t.item, t.description, t.unit, *[t.values.get(str(v)) for v in versions]]
        for t in data.targets
    ]
    change_columns = [
        Column("Urutan", "int", 8), Column("Versi", "int", 6), Column("Jenis", "text", 10),
        Column("Kode", "text", 8), Column("Perubahan", "text", 22), Column("Lama", "text", 16),
        Column("Baru", "text", 16), Column("Pelaku", "text", 16), Column("Dicatat", "text", 20),
        Column("Berlaku", "text", 11), Column("Alasan", "text", 40),
    ]
    change_rows = [
        [c.position, c.version, c.kind, c.item, c.change_label, c.old, c.new, c.actor, c.recorded_at,
         c.effective, c.reason]
        for c in data.changes
    ]
    titles = [f"RIWAYAT TARGET PK {data.code}"]
    return Export([
        Table("Target per versi", value_columns, value_rows, titles),
        Table("Perubahan target", change_columns, change_rows, [f"PERUBAHAN TARGET PK {data.code}"]),
    ], to_json(data))


# ----------------------------------------------------------------- audit trail

def audit(store: ViewStore, code: str | None = None) -> Export:
    """Every event in log order: what, who, when recorded, effective date, why."""
    data = trail.audit(store, code)
    columns = [
        Column("Urutan", "int", 8), Column("Kode PK", "text", 24), Column("Seq", "int", 6),
        Column("Peristiwa", "text", 22), Column("Pelaku", "text", 18), Column("Dicatat", "text", 20),
        Column("Berlaku", "text", 11), Column("Alasan", "text", 36), Column("Ringkasan", "text", 60),
    ]
    rows = [[r.position, r.code, r.seq, r.label, r.actor, r.recorded_at, r.effective, r.reason,
             r.summary] for r in data]
    titles = [f"JEJAK AUDIT{' PK ' + code if code else ''}"]
    return Export([Table("Jejak audit", columns, rows, titles)], to_json(data))
