"""Grades (predikat) from achievement percentages on named, versioned scales."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from functools import cached_property

from pydantic import (
    BaseModel,
    ConfigDict,
    ValidationError,
    field_validator,
    model_validator,
)

from .errors import plain_messages
from .numbers import parse_number

__all__ = [
    "BUILTIN_SCALES",
    "Band",
    "Grade",
    "GradeScale",
    "grade",
    "resolve_scale",
    "scale_from_mapping",
]


class Band(BaseModel):
    """One band of a scale: values above ``minimum`` (``>=`` if inclusive) get ``label``.

    A ``None`` minimum is the catch-all band.
    """

    model_config = ConfigDict(frozen=True)

    minimum: Decimal | None
    inclusive: bool = True
    label: str

    @field_validator("label")
    @classmethod
    def _label_not_blank(cls, label: str) -> str:
        if not label.strip():
            raise ValueError("label predikat tidak boleh kosong")
        return label

    @field_validator("minimum")
    @classmethod
    def _minimum_finite(cls, minimum: Decimal | None) -> Decimal | None:
        if minimum is not None and not minimum.is_finite():
            raise ValueError(f"batas predikat harus berupa angka berhingga: {minimum}")
        return minimum

    def passes(self, value: Decimal) -> bool:
        """True if ``value`` falls in this band or above it."""
        if self.minimum is None:
            return True
        return value >= self.minimum if self.inclusive else value > self.minimum


class GradeScale(BaseModel):
    """A named, versioned scale; bands are read top-down, the first one passed wins."""

    model_config = ConfigDict(frozen=True)

    name: str
    version: str
    bands: tuple[Band, ...]

    @model_validator(mode="after")
    def _check_bands(self) -> GradeScale:
        where = f"skala {self.name!r}"
        if not self.bands:
            raise ValueError(f"{where}: minimal satu predikat")
        if self.bands[-1].minimum is not None:
            raise ValueError(f"{where}: predikat terakhir harus tanpa batas (selain itu)")
        minimums = [band.minimum for band in self.bands[:-1]]
        if any(minimum is None for minimum in minimums):
            raise ValueError(f"{where}: hanya predikat terakhir yang boleh tanpa batas")
        if any(high <= low for high, low in zip(minimums, minimums[1:])):  # type: ignore[operator]
            raise ValueError(f"{where}: batas predikat harus menurun dari atas ke bawah")
        labels = [band.label for band in self.bands]
        if len(set(labels)) != len(labels):
            raise ValueError(f"{where}: label predikat tidak boleh berulang")
        return self

    def band_index(self, value: Decimal) -> int:
        """Index of the band ``value`` falls in (0 is the best band)."""
        return next(i for i, band in enumerate(self.bands) if band.passes(value))

    @property
    def labels(self) -> tuple[str, ...]:
        """Labels from best to worst."""
        return tuple(band.label for band in self.bands)

    @cached_property
    def grades(self) -> tuple[Grade, ...]:
        """The grade of each band, made once: grading is on every read model's hot path."""
        return tuple(Grade(label=b.label, scale=self.name, scale_version=self.version)
                     for b in self.bands)


class Grade(BaseModel):
    """A computed grade, naming the scale (and its version) that produced it."""

    model_config = ConfigDict(frozen=True)

    label: str
    scale: str
    scale_version: str


def _scale(name: str, version: str, *bands: tuple[int | None, bool, str]) -> GradeScale:
    return GradeScale(
        name=name,
        version=version,
        bands=tuple(
            Band(minimum=None if m is None else Decimal(m), inclusive=inc, label=label) for m, inc, label in bands
        ),
    )


BUILTIN_SCALES: dict[str, GradeScale] = {
    scale.name: scale
    for scale in (
        _scale(
            "lkjip-buleleng",
            "2020",
            (85, False, "Sangat Berhasil"),
            (70, False, "Berhasil"),
            (55, False, "Cukup Berhasil"),
            (None, True, "Tidak Berhasil"),
        ),
        _scale(
            "permendagri-86-2017",
            "2017",
            (91, True, "Sangat Tinggi"),
            (76, True, "Tinggi"),
            (66, True, "Sedang"),
            (51, True, "Rendah"),
            (None, True, "Sangat Rendah"),
        ),
        _scale("tercapai", "1", (100, True, "Tercapai"), (None, True, "Tidak Tercapai")),
    )
}


def grade(achievement_pct: Decimal | None, scale: GradeScale) -> Grade | None:
    """Grade an achievement percentage; ``None`` when the achievement is undefined."""
    if achievement_pct is None or achievement_pct.is_nan():
        return None
    return scale.grades[scale.band_index(achievement_pct)]


def resolve_scale(name: str, extra: Mapping[str, GradeScale] | None = None) -> GradeScale:
    """Find a scale by name, user-defined (``extra``) first, then built-in."""
    scales = {**BUILTIN_SCALES, **(extra or {})}
    if name not in scales:
        raise ValueError(f"skala predikat tidak dikenal: {name!r} (tersedia: {', '.join(sorted(scales))})")
    return scales[name]


def scale_from_mapping(data: Mapping[str, object]) -> GradeScale:
    """Build a user-defined scale from configuration.

    Format: ``{"nama": ..., "versi": ..., "predikat": [{"min": 90, "label": "A"},
    {"lebih_dari": 80, "label": "B"}, {"label": "C"}]}``; ``min`` is ``>=``,
    ``lebih_dari`` is ``>``, and the last band has neither.
    """
    if not isinstance(data, Mapping):
        raise ValueError(f"skala predikat harus berupa mapping, bukan {type(data).__name__}")
    _no_unknown_keys(data, {"nama", "versi", "predikat"}, "skala predikat")
    name = data.get("nama")
    if not isinstance(name, str) or not name.strip():
        raise ValueError("skala predikat: 'nama' wajib diisi (teks)")
    where = f"skala {name!r}"
    version = data.get("versi")
    if isinstance(version, bool) or not isinstance(version, (str, int)) or not str(version).strip():
        raise ValueError(f"{where}: 'versi' wajib diisi")
    items = data.get("predikat")
    if not isinstance(items, (list, tuple)) or not items:
        raise ValueError(f"{where}: 'predikat' harus berupa daftar yang tidak kosong")
    bands = tuple(_band_from_mapping(item, f"{where}: predikat ke-{i}") for i, item in enumerate(items, 1))
    try:
        return GradeScale(name=name, version=str(version), bands=bands)
    except ValidationError as exc:
        raise ValueError(plain_messages(exc)) from None


def _band_from_mapping(item: object, where: str) -> Band:
    if not isinstance(item, Mapping):
        raise ValueError(f"{where}: harus berupa mapping dengan 'label'")
    _no_unknown_keys(item, {"min", "lebih_dari", "label"}, where)
    label = item.get("label")
    if not isinstance(label, str) or not label.strip():
        raise ValueError(f"{where}: 'label' wajib diisi (teks)")
    if "min" in item and "lebih_dari" in item:
        raise ValueError(f"{where}: pakai 'min' atau 'lebih_dari', tidak keduanya")
    key = "min" if "min" in item else "lebih_dari" if "lebih_dari" in item else None
    if key is None:
        return Band(minimum=None, inclusive=True, label=label)
    raw = item[key]
    if isinstance(raw, float):  # YAML/JSON numbers: take the written digits, not binary arithmetic
        raw = repr(raw)
    if isinstance(raw, bool) or not isinstance(raw, (str, int, Decimal)):
        raise ValueError(f"{where}: '{key}' harus berupa angka, bukan {raw!r}")
    try:
        minimum = parse_number(raw)
    except ValueError as exc:
        raise ValueError(f"{where}: '{key}': {exc}") from None
    try:
        return Band(minimum=minimum, inclusive=key == "min", label=label)
    except ValidationError as exc:
        raise ValueError(f"{where}: {plain_messages(exc)}") from None


def _no_unknown_keys(data: Mapping[str, object], allowed: set[str], where: str) -> None:
    unknown = sorted(str(key) for key in data if key not in allowed)
    if unknown:
        raise ValueError(f"{where}: kunci tidak dikenal {unknown} (yang boleh: {sorted(allowed)})")
