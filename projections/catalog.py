"""The read models: their tables, indexes, schema versions, and how each is fed.

A projection is fed either per event (`on_event`: rows appended in log order) or per agreement
(`derive`: the agreement's rows replaced from its state, once per agreement per batch), or both.
Raise a projection's version in `projections.store.SCHEMA_VERSIONS` when its tables or
derivation change: the runner then rebuilds it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from domain.errors import DomainError
from domain.events import AgreementEvent
from projections import changes, derive
from projections.state import AgreementState
from projections.store import SCHEMA_VERSIONS

Row = dict[str, Any]
Derive = Callable[[AgreementState], list[Row]]
OnEvent = Callable[[int, AgreementEvent, AgreementState | None], list[Row]]


@dataclass(frozen=True)
class Projection:
    name: str
    description: str
    schema_version: int
    ddl: tuple[str, ...]
    derived: dict[str, Derive] = field(default_factory=dict)  # table -> rows of one agreement
    per_event: dict[str, OnEvent] = field(default_factory=dict)  # table -> rows of one event

    @property
    def tables(self) -> tuple[str, ...]:
        return tuple(self.derived) + tuple(self.per_event)


def _one(function: Callable[[int, AgreementEvent, AgreementState | None], Row]) -> OnEvent:
    return lambda position, event, before: [function(position, event, before)]


AGREEMENTS = Projection(
    name="agreements",
    description="Daftar PK: kode, tahun, instansi, jabatan, pihak pertama, status, versi berlaku",
    schema_version=SCHEMA_VERSIONS["agreements"],
    ddl=(
        "CREATE TABLE IF NOT EXISTS kf_agreements (agreement_id TEXT PRIMARY KEY, code TEXT NOT NULL,"
        " year INTEGER NOT NULL, agency TEXT NOT NULL, position TEXT NOT NULL, first_party TEXT,"
        " second_party TEXT, status TEXT NOT NULL, version_in_force INTEGER, in_force_from TEXT,"
        " versions INTEGER NOT NULL, updated_at TEXT, detail TEXT NOT NULL)",
        "CREATE UNIQUE INDEX IF NOT EXISTS kf_agreements_code ON kf_agreements (code)",
        "CREATE INDEX IF NOT EXISTS kf_agreements_year ON kf_agreements (year, agency, code)",
        "CREATE INDEX IF NOT EXISTS kf_agreements_status ON kf_agreements (status, year)",
    ),
    derived={"kf_agreements": derive.agreement_rows},
)

CURRENT_TARGETS = Projection(
    name="current_targets",
    description="Target versi yang berlaku: per indikator dan program",
    schema_version=SCHEMA_VERSIONS["current_targets"],
    ddl=(
        "CREATE TABLE IF NOT EXISTS kf_current_targets (agreement_id TEXT NOT NULL, code TEXT NOT NULL,"
        " version INTEGER NOT NULL, in_force INTEGER NOT NULL, ord INTEGER NOT NULL, kind TEXT NOT NULL,"
        " item TEXT NOT NULL, objective TEXT, objective_text TEXT, description TEXT, unit TEXT,"
        " target TEXT, periods TEXT, attributes TEXT, PRIMARY KEY (agreement_id, kind, item))",
        "CREATE INDEX IF NOT EXISTS kf_current_targets_code ON kf_current_targets (code, ord)",
    ),
    derived={"kf_current_targets": derive.current_target_rows},
)

TARGET_HISTORY = Projection(
    name="target_history",
    description="Riwayat target dan anggaran: setiap nilai per versi, dengan pelaku, waktu, alasan",
    schema_version=SCHEMA_VERSIONS["target_history"],
    ddl=(
        "CREATE TABLE IF NOT EXISTS kf_versions (agreement_id TEXT NOT NULL, code TEXT NOT NULL,"
        " version INTEGER NOT NULL, state TEXT NOT NULL, in_force_from TEXT, superseded_on TEXT,"
        " ground TEXT, legal_basis TEXT, reason TEXT, opened_on TEXT, opened_by TEXT,"
        " signatures TEXT, PRIMARY KEY (agreement_id, version))",
        "CREATE INDEX IF NOT EXISTS kf_versions_code ON kf_versions (code, version)",
        "CREATE TABLE IF NOT EXISTS kf_version_values (agreement_id TEXT NOT NULL, code TEXT NOT NULL,"
        " version INTEGER NOT NULL, ord INTEGER NOT NULL, kind TEXT NOT NULL, item TEXT NOT NULL,"
        " description TEXT, unit TEXT, target TEXT, periods TEXT,"
        " PRIMARY KEY (agreement_id, version, kind, item))",
        "CREATE INDEX IF NOT EXISTS kf_version_values_code ON kf_version_values (code, version)",
        "CREATE TABLE IF NOT EXISTS kf_target_changes (position BIGINT NOT NULL,"
        " agreement_id TEXT NOT NULL, code TEXT NOT NULL, seq INTEGER NOT NULL,"
        " version INTEGER NOT NULL, ground TEXT, kind TEXT NOT NULL, item TEXT NOT NULL,"
        " change TEXT NOT NULL, old TEXT, new TEXT, old_periods TEXT, new_periods TEXT,"
        " actor TEXT NOT NULL, recorded_at TEXT NOT NULL, effective TEXT NOT NULL, reason TEXT,"
        " PRIMARY KEY (position, kind, item))",
        "CREATE INDEX IF NOT EXISTS kf_target_changes_code ON kf_target_changes (code, position)",
    ),
    derived={"kf_versions": derive.version_rows, "kf_version_values": derive.version_value_rows},
    per_event={"kf_target_changes": changes.target_change_rows},
)

AUDIT = Projection(
    name="audit",
    description="Jejak audit: setiap peristiwa, pelaku, waktu dicatat, tanggal berlaku, perubahan",
    schema_version=SCHEMA_VERSIONS["audit"],
    ddl=(
        "CREATE TABLE IF NOT EXISTS kf_audit (position BIGINT PRIMARY KEY, agreement_id TEXT NOT NULL,"
        " code TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, actor TEXT NOT NULL,"
        " recorded_at TEXT NOT NULL, effective TEXT NOT NULL, reason TEXT, summary TEXT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS kf_audit_code ON kf_audit (code, position)",
        "CREATE INDEX IF NOT EXISTS kf_audit_actor ON kf_audit (actor, position)",
        "CREATE INDEX IF NOT EXISTS kf_audit_kind ON kf_audit (kind, position)",
        "CREATE INDEX IF NOT EXISTS kf_audit_effective ON kf_audit (effective, position)",
    ),
    per_event={"kf_audit": _one(changes.audit_row)},
)

REALISATIONS = Projection(
    name="realisations",
    description="Realisasi yang berlaku per indikator/program dan bulan, dengan koreksinya",
    schema_version=SCHEMA_VERSIONS["realisations"],
    ddl=(
        "CREATE TABLE IF NOT EXISTS kf_realisations (agreement_id TEXT NOT NULL, code TEXT NOT NULL,"
        " kind TEXT NOT NULL, item TEXT NOT NULL, month INTEGER NOT NULL, value TEXT, numerator TEXT,"
        " denominator TEXT, entries INTEGER NOT NULL, history TEXT NOT NULL,"
        " PRIMARY KEY (agreement_id, kind, item, month))",
        "CREATE INDEX IF NOT EXISTS kf_realisations_code ON kf_realisations (code, kind, item, month)",
    ),
    derived={"kf_realisations": derive.realisation_rows},
)

_FIGURES = (
    "target TEXT, realisation TEXT, achievement TEXT, grade TEXT, cum_target TEXT,"
    " cum_realisation TEXT, cum_achievement TEXT, cum_grade TEXT"
)

QUARTERLY = Projection(
    name="quarterly",
    description="Capaian rencana aksi TW I–IV: target, realisasi, capaian, predikat; anggaran",
    schema_version=SCHEMA_VERSIONS["quarterly"],
    ddl=(
        "CREATE TABLE IF NOT EXISTS kf_quarterly (agreement_id TEXT NOT NULL, code TEXT NOT NULL,"
        " version INTEGER NOT NULL, ord INTEGER NOT NULL, kind TEXT NOT NULL, item TEXT NOT NULL,"
        " objective TEXT, description TEXT, unit TEXT, annual_target TEXT, quarter INTEGER NOT NULL,"
        f" scale TEXT, {_FIGURES}, PRIMARY KEY (agreement_id, kind, item, quarter))",
        "CREATE INDEX IF NOT EXISTS kf_quarterly_code ON kf_quarterly (code, ord, quarter)",
    ),
    derived={"kf_quarterly": derive.quarterly_rows},
)

MEASUREMENT = Projection(
    name="measurement",
    description="Formulir Pengukuran Kinerja: capaian tahunan, predikat, anggaran, serapan, efisiensi",
    schema_version=SCHEMA_VERSIONS["measurement"],
    ddl=(
        "CREATE TABLE IF NOT EXISTS kf_measurement (agreement_id TEXT NOT NULL, code TEXT NOT NULL,"
        " year INTEGER NOT NULL, agency TEXT NOT NULL, position TEXT NOT NULL,"
        " version INTEGER NOT NULL, in_force INTEGER NOT NULL, ord INTEGER NOT NULL,"
        " kind TEXT NOT NULL, item TEXT NOT NULL, objective TEXT, objective_text TEXT,"
        " description TEXT, unit TEXT, target TEXT, realisation TEXT, achievement TEXT, grade TEXT,"
        " scale TEXT, budget TEXT, budget_realisation TEXT, absorption TEXT, efficiency TEXT,"
        " links TEXT, PRIMARY KEY (agreement_id, kind, item))",
        "CREATE INDEX IF NOT EXISTS kf_measurement_year ON kf_measurement (year, agency, code, ord)",
    ),
    derived={"kf_measurement": derive.measurement_rows},
)

TREE = Projection(
    name="tree",
    description="Pohon kinerja: PK dan indikator induk → anak, dengan tanda perlu penyelarasan",
    schema_version=SCHEMA_VERSIONS["tree"],
    ddl=(
        "CREATE TABLE IF NOT EXISTS kf_tree (agreement_id TEXT NOT NULL, code TEXT NOT NULL,"
        " year INTEGER NOT NULL, agency TEXT NOT NULL, position TEXT NOT NULL, level TEXT,"
        " first_party TEXT, status TEXT, signed_on TEXT, ord INTEGER NOT NULL, indicator TEXT,"
        " description TEXT, target TEXT, parent_code TEXT, parent_indicator TEXT,"
        " target_changed_on TEXT, PRIMARY KEY (agreement_id, ord))",
        "CREATE INDEX IF NOT EXISTS kf_tree_year ON kf_tree (year, agency, code, ord)",
        "CREATE INDEX IF NOT EXISTS kf_tree_code ON kf_tree (code, indicator)",
        "CREATE INDEX IF NOT EXISTS kf_tree_parent ON kf_tree (parent_code)",
    ),
    derived={"kf_tree": derive.tree_rows},
)

PROJECTIONS: dict[str, Projection] = {
    p.name: p
    for p in (AGREEMENTS, CURRENT_TARGETS, TARGET_HISTORY, AUDIT, REALISATIONS, QUARTERLY,
              MEASUREMENT, TREE)
}


def select(names: list[str] | None) -> list[Projection]:
    """The named projections (all when `names` is empty), refusing unknown names."""
    if not names:
        return list(PROJECTIONS.values())
    unknown = [n for n in names if n not in PROJECTIONS]
    if unknown:
        raise DomainError(
            f"Model baca tidak dikenal: {', '.join(unknown)}. Pilihan: {', '.join(PROJECTIONS)}."
        )
    return [PROJECTIONS[n] for n in names]
