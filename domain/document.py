"""The agreement document: what planning staff write (YAML/JSON) and what a version contains.

Field names follow the users' own documents (sasaran, indikator, program, anggaran...), so a
planning officer can write the file by hand. Every model validates itself; errors name the path.
"""

from __future__ import annotations

import hashlib
import json
import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from domain.achievement import Target, check_formula
from domain.grading import BUILTIN_SCALES, GradeScale, resolve_scale, scale_from_mapping

Code = Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9][A-Za-z0-9._\-/]*$")]
Text = Annotated[str, Field(min_length=1, max_length=2000)]
Quarter = Annotated[int, Field(ge=1, le=4)]
Month = Annotated[int, Field(ge=1, le=12)]

_NUMBER = r"-?\d+(?:\.\d+)?"
_MACHINE_TARGET = re.compile(rf"^({_NUMBER})(?:-({_NUMBER}))?$")


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Party(_Model):
    """Pihak pertama / kedua: the official, named by position (jabatan)."""

    nama: Text
    jabatan: Text
    nip: str | None = None
    pangkat: str | None = None


class ParentLink(_Model):
    """`induk`: the parent agreement and indicator this indicator cascades from (pohon kinerja)."""

    pk: Code
    indikator: Code


def _check_periods(value: dict[int, Decimal] | None, top: int, name: str) -> dict[int, Decimal] | None:
    if value is None:
        return None
    for key in value:
        if not 1 <= key <= top:
            raise ValueError(f"{name}: periode {key} di luar 1..{top}")
    return dict(sorted(value.items()))


class Indicator(_Model):
    """Indikator kinerja with its annual target and optional period targets (rencana aksi)."""

    kode: Code
    uraian: Text
    satuan: str = "%"
    target: str  # a number ("0.63") or a range ("80-90"); see `target_value`
    arah: Literal["naik", "turun"] = "naik"
    rumus: str | None = None  # achievement formula name; defaults to `arah`
    batas_bawah: Decimal | None = None  # floor of the achievement %
    batas_atas: Decimal | None = None  # cap of the achievement %
    penghitungan: Literal["kumulatif", "akhir", "rata-rata"] = "kumulatif"
    rasio: bool = False  # realisations are numerator / denominator
    target_triwulan: dict[int, Decimal] | None = None
    target_bulan: dict[int, Decimal] | None = None
    penanggung_jawab: str | None = None
    induk: ParentLink | None = None

    @field_validator("target", mode="before")
    @classmethod
    def _target_text(cls, value: object) -> str:
        """Canonical machine form: "0.63" or "80-90".

        Text already in machine form (plain digits with at most one decimal point, or a range of
        those) is read as such, so the stored form always reads back to the same number; any
        other text is Indonesian notation ("0,63", "1.234,5", "80%").
        """
        if isinstance(value, float):
            value = Decimal(str(value))
        if isinstance(value, str) and _MACHINE_TARGET.match(value.strip()):
            return value.strip()
        if not isinstance(value, (str, int, Decimal, Target)):
            raise ValueError("target harus angka atau rentang seperti \"80-90\"")
        target = Target.parse(value)
        if target.is_range:
            return f"{target.lower:f}-{target.upper:f}"
        return f"{target.lower:f}"

    @field_validator("rumus")
    @classmethod
    def _known_formula(cls, value: str | None) -> str | None:
        return None if value is None else check_formula(value)

    @field_validator("target_triwulan")
    @classmethod
    def _quarters(cls, value: dict[int, Decimal] | None) -> dict[int, Decimal] | None:
        return _check_periods(value, 4, "target_triwulan")

    @field_validator("target_bulan")
    @classmethod
    def _months(cls, value: dict[int, Decimal] | None) -> dict[int, Decimal] | None:
        return _check_periods(value, 12, "target_bulan")

    @model_validator(mode="after")
    def _one_period_kind(self) -> Indicator:
        if self.target_triwulan is not None and self.target_bulan is not None:
            raise ValueError("isi target_triwulan atau target_bulan, tidak keduanya")
        return self

    @property
    def formula(self) -> str:
        return self.rumus or self.arah

    @property
    def target_value(self) -> Target:
        match = _MACHINE_TARGET.match(self.target)
        assert match is not None, "targets are stored in machine form"
        lower, upper = match.group(1), match.group(2) or match.group(1)
        return Target(lower=Decimal(lower), upper=Decimal(upper))


class Objective(_Model):
    """Sasaran (strategis) with its indicators."""

    kode: Code
    uraian: Text
    indikator: list[Indicator] = Field(default_factory=list)


class Programme(_Model):
    """Program/kegiatan with its budget ceiling (anggaran, Rupiah) and period budgets."""

    kode: Code
    uraian: Text
    anggaran: Decimal = Field(ge=0)
    sumber_dana: str | None = None
    sasaran: list[Code] = Field(default_factory=list)
    indikator: list[Code] = Field(default_factory=list)
    anggaran_triwulan: dict[int, Decimal] | None = None
    anggaran_bulan: dict[int, Decimal] | None = None
    penanggung_jawab: str | None = None

    @field_validator("anggaran_triwulan")
    @classmethod
    def _quarters(cls, value: dict[int, Decimal] | None) -> dict[int, Decimal] | None:
        return _check_periods(value, 4, "anggaran_triwulan")

    @field_validator("anggaran_bulan")
    @classmethod
    def _months(cls, value: dict[int, Decimal] | None) -> dict[int, Decimal] | None:
        return _check_periods(value, 12, "anggaran_bulan")

    @model_validator(mode="after")
    def _periods_add_up(self) -> Programme:
        if self.anggaran_triwulan is not None and self.anggaran_bulan is not None:
            raise ValueError("isi anggaran_triwulan atau anggaran_bulan, tidak keduanya")
        periods = self.anggaran_triwulan or self.anggaran_bulan
        if periods and sum(periods.values()) != self.anggaran:
            raise ValueError(
                f"jumlah anggaran per periode ({sum(periods.values())}) tidak sama dengan "
                f"anggaran tahunan ({self.anggaran})"
            )
        return self


class Content(_Model):
    """What one version of an agreement says: parties, objectives, indicators, programmes.

    This is what a signature is bound to (see `content_hash`).
    """

    jenjang: Literal["eselon-2", "eselon-3", "eselon-4", "kepala-daerah"]
    pihak_pertama: Party
    pihak_kedua: Party
    skala: str = "lkjip-buleleng"  # grade scale (predikat): a built-in name or `skala_definisi`'s
    skala_definisi: dict[str, Any] | None = None  # a user-defined scale, kept with the agreement
    induk: Code | None = None  # parent agreement code (pohon kinerja)
    sasaran: list[Objective] = Field(default_factory=list)
    program: list[Programme] = Field(default_factory=list)

    @model_validator(mode="after")
    def _references(self) -> Content:
        objective_codes = [o.kode for o in self.sasaran]
        indicator_codes = [i.kode for o in self.sasaran for i in o.indikator]
        programme_codes = [p.kode for p in self.program]
        for label, codes in (
            ("sasaran", objective_codes),
            ("indikator", indicator_codes),
            ("program", programme_codes),
        ):
            duplicates = sorted({c for c in codes if codes.count(c) > 1})
            if duplicates:
                raise ValueError(f"kode {label} ganda: {', '.join(duplicates)}")
        for programme in self.program:
            for ref in programme.sasaran:
                if ref not in objective_codes:
                    raise ValueError(f"program {programme.kode}: sasaran {ref} tidak ada")
            for ref in programme.indikator:
                if ref not in indicator_codes:
                    raise ValueError(f"program {programme.kode}: indikator {ref} tidak ada")
        return self

    @model_validator(mode="after")
    def _known_scale(self) -> Content:
        self.grade_scale()
        return self

    def grade_scale(self) -> GradeScale:
        """The agreement's grade scale: built-in, or the one defined in `skala_definisi`.

        A user-defined scale travels inside the agreement's versions, so every grade can be
        recomputed from the event log alone, exactly as it was signed.
        """
        extra: dict[str, GradeScale] = {}
        if self.skala_definisi is not None:
            custom = scale_from_mapping(self.skala_definisi)
            if custom.name in BUILTIN_SCALES:
                raise ValueError(
                    f"skala_definisi: nama {custom.name!r} sudah dipakai skala bawaan; pilih nama lain"
                )
            extra[custom.name] = custom
        return resolve_scale(self.skala, extra)

    def indicator(self, code: str) -> Indicator | None:
        return next((i for o in self.sasaran for i in o.indikator if i.kode == code), None)

    def programme(self, code: str) -> Programme | None:
        return next((p for p in self.program if p.kode == code), None)

    def objective(self, code: str) -> Objective | None:
        return next((o for o in self.sasaran if o.kode == code), None)

    def objective_of(self, indicator_code: str) -> Objective | None:
        return next(
            (o for o in self.sasaran if any(i.kode == indicator_code for i in o.indikator)), None
        )

    def indicators(self) -> list[Indicator]:
        return [i for o in self.sasaran for i in o.indikator]

    def content_hash(self) -> str:
        """SHA-256 over a canonical JSON form: the exact text a signature is bound to.

        Empty (None) fields are left out, so adding an optional field (default None) in a later
        release never changes the hash of a version signed before it: new optional fields of
        the document must therefore default to None.
        """
        canonical = json.dumps(
            self.model_dump(mode="json", exclude_none=True),
            sort_keys=True, separators=(",", ":"), ensure_ascii=False,
        )
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class AgreementDocument(Content):
    """A whole Perjanjian Kinerja as written by planning staff (YAML/JSON)."""

    kode: Code
    tahun: int = Field(ge=2000, le=2100)
    instansi: Text

    def content(self) -> Content:
        return Content.model_validate(self.model_dump(exclude={"kode", "tahun", "instansi"}))
