"""The agreement document: what planning staff write (YAML/JSON) and what a version contains.

Field names follow the users' own documents (sasaran, indikator, program, anggaran...), so a
planning officer can write the file by hand. Every model validates itself; errors name the path.

Everything the achievement math and the grading read later (targets and ranges, floors and caps,
period values, budgets, the scale) is checked here, so a document or edit that is accepted can
always be computed and shown. Bounds added after the first events were stored are rules for new
input (`domain.input_rules`: `InputRule`s on fields, `is_new_input` in model validators): they hold
for every new document, edit and constructor, and are not re-checked when the record is read back.
"""

from __future__ import annotations

import hashlib
import json
import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    ValidationInfo,
    field_validator,
    model_validator,
)

from domain.achievement import Target, check_formula
from domain.grading import BUILTIN_SCALES, GradeScale, resolve_scale, scale_from_mapping
from domain.input_rules import (
    BOUNDED,
    NON_NEGATIVE,
    NON_NEGATIVE_SHOWN,
    RECORDED,
    check_text,
    is_new_input,
    is_recorded,
    non_negative_number,
    text_rule,
)
from domain.numbers import within_limits

# Longest text of each kind; README "Limits" lists them. Codes and long texts (uraian, nama,
# jabatan, instansi) had their bound from the start; the others are `InputRule`s.
MAX_CODE = 80
MAX_TEXT = 2000  # uraian, nama, jabatan, instansi
MAX_UNIT = 100  # satuan
MAX_OFFICIAL = 300  # penanggung_jawab (a jabatan)
MAX_FUNDING = 200  # sumber_dana
MAX_NIP = 40  # "19691231 199103 1 053" is 21
MAX_RANK = 100  # pangkat
MAX_SCALE_NAME = 80  # skala
MAX_SCALE_TEXT = 200  # every text inside skala_definisi (nama, versi, label)

Code = Annotated[
    str, Field(min_length=1, max_length=MAX_CODE, pattern=r"^[A-Za-z0-9][A-Za-z0-9._\-/]*$")
]
Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT), text_rule(MAX_TEXT)]
Quarter = Annotated[int, Field(ge=1, le=4)]
Month = Annotated[int, Field(ge=1, le=12)]
PeriodValues = dict[int, Annotated[Decimal, NON_NEGATIVE_SHOWN]]  # checked by `_check_periods`

_NUMBER = r"-?\d+(?:\.\d+)?"
_MACHINE_TARGET = re.compile(rf"^({_NUMBER})(?:-({_NUMBER}))?$")


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Party(_Model):
    """Pihak pertama / kedua: the official, named by position (jabatan)."""

    nama: Text
    jabatan: Text
    nip: Annotated[str, text_rule(MAX_NIP)] | None = None
    pangkat: Annotated[str, text_rule(MAX_RANK)] | None = None


class ParentLink(_Model):
    """`induk`: the parent agreement and indicator this indicator cascades from (pohon kinerja)."""

    pk: Code
    indikator: Code


def _check_periods(value: dict[int, Decimal] | None, top: int, name: str,
                   info: ValidationInfo) -> dict[int, Decimal] | None:
    """Periods 1..`top`, in order; new input: values not negative, within the digit limits
    (checked here, once per mapping: a year of monthly values is many fields)."""
    if value is None:
        return None
    for key in value:
        if not 1 <= key <= top:
            raise ValueError(f"{name}: periode {key} di luar 1..{top}")
    if not is_recorded(info):
        checked = {}
        for key, number in value.items():
            try:
                checked[key] = non_negative_number(number)
            except ValueError as error:
                raise ValueError(f"periode {key}: {error}") from None
        value = checked
    return dict(sorted(value.items()))


class Indicator(_Model):
    """Indikator kinerja with its annual target and optional period targets (rencana aksi)."""

    kode: Code
    uraian: Text
    satuan: Annotated[str, text_rule(MAX_UNIT)] = "%"
    target: str  # a number ("0.63") or a range ("80-90"); see `target_value`
    arah: Literal["naik", "turun"] = "naik"
    rumus: str | None = None  # achievement formula name; defaults to `arah`
    batas_bawah: Annotated[Decimal, BOUNDED] | None = None  # floor of the achievement %
    batas_atas: Annotated[Decimal, NON_NEGATIVE] | None = None  # cap of the achievement %
    penghitungan: Literal["kumulatif", "akhir", "rata-rata"] = "kumulatif"
    rasio: bool = False  # realisations are numerator / denominator
    target_triwulan: PeriodValues | None = None
    target_bulan: PeriodValues | None = None
    penanggung_jawab: Annotated[str, text_rule(MAX_OFFICIAL)] | None = None
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
        return _machine_text(Target.parse(value))

    @field_validator("target")
    @classmethod
    def _target_in_bounds(cls, value: str, info: ValidationInfo) -> str:
        """New input: a range runs upwards, and both ends are non-negative numbers within the
        digit limits (the stored text of "90-80" would make every later read fail)."""
        if is_recorded(info):
            return value
        lower, upper = _machine_bounds(value)
        if lower > upper:
            raise ValueError(
                f"rentang target {value} terbalik: batas bawah lebih besar dari batas atas "
                f"(tulis \"{upper:f}-{lower:f}\")"
            )
        try:
            lower, upper = non_negative_number(lower), non_negative_number(upper)
        except ValueError as error:
            raise ValueError(f"target {value}: {error}") from None
        return _machine_text(Target(lower=lower, upper=upper))

    @field_validator("rumus")
    @classmethod
    def _known_formula(cls, value: str | None) -> str | None:
        return None if value is None else check_formula(value)

    @field_validator("target_triwulan")
    @classmethod
    def _quarters(cls, value: dict[int, Decimal] | None, info: ValidationInfo) -> dict[int, Decimal] | None:
        return _check_periods(value, 4, "target_triwulan", info)

    @field_validator("target_bulan")
    @classmethod
    def _months(cls, value: dict[int, Decimal] | None, info: ValidationInfo) -> dict[int, Decimal] | None:
        return _check_periods(value, 12, "target_bulan", info)

    @model_validator(mode="after")
    def _one_period_kind(self) -> Indicator:
        if self.target_triwulan is not None and self.target_bulan is not None:
            raise ValueError("isi target_triwulan atau target_bulan, tidak keduanya")
        return self

    @model_validator(mode="wrap")
    @classmethod
    def _new_indicator(cls, value: Any, handler: ModelWrapValidatorHandler[Indicator],
                       info: ValidationInfo) -> Indicator:
        """New input: the achievement's floor is not above its cap (the math refuses that)."""
        indicator = handler(value)
        if is_new_input(value, cls, info) and indicator.batas_bawah is not None \
                and indicator.batas_atas is not None and indicator.batas_bawah > indicator.batas_atas:
            raise ValueError(
                f"batas_bawah ({indicator.batas_bawah}) lebih besar dari batas_atas ({indicator.batas_atas})"
            )
        return indicator

    @property
    def formula(self) -> str:
        return self.rumus or self.arah

    @property
    def target_value(self) -> Target:
        lower, upper = _machine_bounds(self.target)
        return Target(lower=lower, upper=upper)


def _machine_bounds(text: str) -> tuple[Decimal, Decimal]:
    """The two ends of a target in machine form ("0.63" or "80-90")."""
    match = _MACHINE_TARGET.match(text)
    assert match is not None, "targets are stored in machine form"
    lower, upper = match.group(1), match.group(2) or match.group(1)
    return Decimal(lower), Decimal(upper)


def _machine_text(target: Target) -> str:
    if target.is_range:
        return f"{target.lower:f}-{target.upper:f}"
    return f"{target.lower:f}"


class Objective(_Model):
    """Sasaran (strategis) with its indicators."""

    kode: Code
    uraian: Text
    indikator: list[Indicator] = Field(default_factory=list)


class Programme(_Model):
    """Program/kegiatan with its budget ceiling (anggaran, Rupiah) and period budgets."""

    kode: Code
    uraian: Text
    anggaran: Annotated[Decimal, BOUNDED] = Field(ge=0)
    sumber_dana: Annotated[str, text_rule(MAX_FUNDING)] | None = None
    sasaran: list[Code] = Field(default_factory=list)
    indikator: list[Code] = Field(default_factory=list)
    anggaran_triwulan: PeriodValues | None = None
    anggaran_bulan: PeriodValues | None = None
    penanggung_jawab: Annotated[str, text_rule(MAX_OFFICIAL)] | None = None

    @field_validator("anggaran_triwulan")
    @classmethod
    def _quarters(cls, value: dict[int, Decimal] | None, info: ValidationInfo) -> dict[int, Decimal] | None:
        return _check_periods(value, 4, "anggaran_triwulan", info)

    @field_validator("anggaran_bulan")
    @classmethod
    def _months(cls, value: dict[int, Decimal] | None, info: ValidationInfo) -> dict[int, Decimal] | None:
        return _check_periods(value, 12, "anggaran_bulan", info)

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
    # grade scale (predikat): a built-in name or `skala_definisi`'s
    skala: Annotated[str, text_rule(MAX_SCALE_NAME)] = "lkjip-buleleng"
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

    @model_validator(mode="wrap")
    @classmethod
    def _new_content(cls, value: Any, handler: ModelWrapValidatorHandler[Content],
                     info: ValidationInfo) -> Content:
        """New input: codes that differ only in case ("I1", "i1") are one code to a reader and to
        a spreadsheet that looks codes up; a user-defined scale within the bounds."""
        content = handler(value)
        if not is_new_input(value, cls, info):
            return content
        for label, codes in (
            ("sasaran", [o.kode for o in content.sasaran]),
            ("indikator", [i.kode for o in content.sasaran for i in o.indikator]),
            ("program", [p.kode for p in content.program]),
        ):
            groups: dict[str, list[str]] = {}
            for code in codes:
                groups.setdefault(code.casefold(), []).append(code)
            clashes = [" dan ".join(group) for group in groups.values() if len(group) > 1]
            if clashes:
                raise ValueError(
                    f"kode {label} ganda (huruf besar dan kecil tidak dibedakan): {'; '.join(clashes)}"
                )
        if content.skala_definisi is not None:
            _check_scale(content.grade_scale())
        return content

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


def _check_scale(scale: GradeScale) -> None:
    """New input: the texts and numbers of a user-defined scale within the bounds (its structure
    is `domain.grading.scale_from_mapping`'s business)."""
    values: list[tuple[str, Any]] = [("nama", scale.name), ("versi", scale.version)]
    for index, band in enumerate(scale.bands):
        values.append((f"predikat[{index}].label", band.label))
        if band.minimum is not None:
            key = "min" if band.inclusive else "lebih_dari"
            values.append((f"predikat[{index}].{key}", band.minimum))
    for path, value in values:
        try:
            if isinstance(value, str):
                check_text(value, MAX_SCALE_TEXT)
            else:
                within_limits(value)
        except ValueError as error:
            raise ValueError(f"skala_definisi.{path}: {error}") from None


class AgreementDocument(Content):
    """A whole Perjanjian Kinerja as written by planning staff (YAML/JSON)."""

    kode: Code
    tahun: int = Field(ge=2000, le=2100)
    instansi: Text

    def content(self) -> Content:
        """The version's content. The document was checked as new input when it was made (like
        any model instance, see `is_new_input`), so the rules for new input are not run again."""
        return Content.model_validate(
            self.model_dump(exclude={"kode", "tahun", "instansi"}), context=RECORDED
        )
