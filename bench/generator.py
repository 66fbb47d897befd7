"""A seeded, deterministic generator of realistic agreement years (one PK's whole year).

Agreement number `i` is generated from its own `random.Random`, so any agreement can be produced
on its own, in any order, without holding the others: the benchmark streams them. The layout
follows the field: ~550 regional governments (pemda), 36 agencies (dinas/badan) each, and per
agency five agreements on three levels linked by `induk` (Kepala Dinas ← two Kepala Bidang ←
one Kepala Seksi each). Each agreement has 3–5 objectives with 1–3 indicators of every direction,
formula and roll-up kind (some ratio indicators, some range targets), quarterly or monthly
targets, 5–10 programmes with quarterly budgets, 12 months of realisations and budget
realisations, quarter closings, one amendment (PK Perubahan, Q4 targets and budgets) in a third
of the agreements, both signatures on every version, and the review.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from domain.document import AgreementDocument

YEAR = 2024
TODAY = date(YEAR + 1, 1, 31)  # the benchmark's clock: the year is over, the review is done
AGENCIES_PER_PEMDA = 36
AGREEMENTS_PER_AGENCY = 5

_PEMDA = (
    "Buleleng", "Badung", "Gianyar", "Tabanan", "Jembrana", "Bangli", "Klungkung", "Karangasem",
    "Sleman", "Bantul", "Kulon Progo", "Gunungkidul", "Banyumas", "Cilacap", "Kebumen", "Magelang",
    "Garut", "Bogor", "Cianjur", "Sumedang", "Malang", "Jember", "Banyuwangi", "Sidoarjo",
    "Gowa", "Maros", "Bone", "Wajo", "Deli Serdang", "Langkat", "Sikka", "Ende",
)
_AGENCIES = (
    ("DINSOS", "Dinas Sosial"), ("DINKES", "Dinas Kesehatan"), ("DISDIK", "Dinas Pendidikan"),
    ("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang"), ("DISHUB", "Dinas Perhubungan"),
    ("DLH", "Dinas Lingkungan Hidup"), ("DISPAR", "Dinas Pariwisata"),
    ("DISTAN", "Dinas Pertanian"), ("DKP", "Dinas Kelautan dan Perikanan"),
    ("DISNAKER", "Dinas Tenaga Kerja"), ("DUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil"),
    ("DPMPTSP", "Dinas Penanaman Modal dan PTSP"), ("DISKOMINFO", "Dinas Komunikasi dan Informatika"),
    ("DISPERINDAG", "Dinas Perindustrian dan Perdagangan"), ("DISKOP", "Dinas Koperasi dan UKM"),
    ("DPKP", "Dinas Perumahan dan Kawasan Permukiman"), ("DISPORA", "Dinas Kepemudaan dan Olahraga"),
    ("DISBUD", "Dinas Kebudayaan"), ("DISPERPUS", "Dinas Perpustakaan dan Kearsipan"),
    ("DP3A", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak"),
    ("DPMD", "Dinas Pemberdayaan Masyarakat dan Desa"), ("DKPP", "Dinas Ketahanan Pangan"),
    ("SATPOLPP", "Satuan Polisi Pamong Praja"), ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah"),
    ("BPKPD", "Badan Pengelolaan Keuangan dan Pendapatan Daerah"),
    ("BKPSDM", "Badan Kepegawaian dan Pengembangan SDM"),
    ("BPBD", "Badan Penanggulangan Bencana Daerah"),
    ("KESBANGPOL", "Badan Kesatuan Bangsa dan Politik"), ("INSPEKTORAT", "Inspektorat"),
    ("SETDA", "Sekretariat Daerah"), ("SETWAN", "Sekretariat DPRD"),
    ("RSUD", "Rumah Sakit Umum Daerah"), ("DISPMD", "Dinas Pengendalian Penduduk dan KB"),
    ("DAMKAR", "Dinas Pemadam Kebakaran"), ("DISPERKIM", "Dinas Pertanahan"),
    ("DISARPUS", "Dinas Kearsipan Daerah"),
)
_SUBJECTS = (
    "PMKS yang tertangani", "penduduk miskin", "angka kematian ibu", "rata-rata lama sekolah",
    "jalan dalam kondisi mantap", "kepuasan masyarakat", "kunjungan wisatawan",
    "produktivitas padi", "pengangguran terbuka", "cakupan layanan air minum",
    "realisasi investasi", "UMKM naik kelas", "balita stunting", "ruang terbuka hijau",
    "desa mandiri", "dokumen kependudukan terbit tepat waktu",
)
_NAMES = ("I Putu", "I Made", "Ni Luh", "Ketut", "Agus", "Siti", "Dewi", "Bambang", "Rina", "Yusuf")
_FAMILY = ("Suradnyana", "Kariaman", "Wulandari", "Santoso", "Hidayat", "Lestari", "Pratama", "Saputra")
_ROLES = ("KADIS", "KABID1", "KABID2", "KASI1", "KASI2")
_LEVELS = ("eselon-2", "eselon-3", "eselon-3", "eselon-4", "eselon-4")
_PARENT_ROLE = (None, 0, 0, 1, 2)  # agreement role index of the parent (pohon kinerja)
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class Realisation:
    """One monthly realisation: of an indicator (value, or numerator/denominator) or a budget."""

    kind: str  # "indikator" | "anggaran"
    item: str
    month: int
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None


@dataclass(frozen=True)
class AgreementYear:
    """Everything that happens to one agreement in the benchmark's year."""

    index: int
    document: AgreementDocument
    amendment: AgreementDocument | None  # the PK Perubahan, opened on 15 October
    realisations: tuple[Realisation, ...]  # in month order


@dataclass(frozen=True)
class Place:
    """Where agreement `index` sits: its regional government, agency and role."""

    pemda: int
    agency: int
    role: int

    @classmethod
    def of(cls, index: int) -> Place:
        agency_number, role = divmod(index, AGREEMENTS_PER_AGENCY)
        pemda, agency = divmod(agency_number, AGENCIES_PER_PEMDA)
        return cls(pemda, agency, role)

    @property
    def pemda_name(self) -> str:
        base = _PEMDA[self.pemda % len(_PEMDA)]
        round_ = self.pemda // len(_PEMDA)
        return f"Kabupaten {base}" + (f" {round_ + 1}" if round_ else "")

    @property
    def agency_name(self) -> str:
        return f"{_AGENCIES[self.agency % len(_AGENCIES)][1]} {self.pemda_name}"

    def code(self, role: int | None = None) -> str:
        abbr = _AGENCIES[self.agency % len(_AGENCIES)][0]
        role = self.role if role is None else role
        return f"{abbr}-P{self.pemda:04d}-{YEAR}-{_ROLES[role]}"


def agreement_code(index: int) -> str:
    return Place.of(index).code()


def _money(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randrange(low, high) * 1000)


def _split(total: Decimal, rng: random.Random, parts: int) -> list[Decimal]:
    """`total` split into `parts` whole-Rupiah shares that add up exactly."""
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    shares = [(total * Decimal(w / sum(weights))).quantize(Decimal(1)) for w in weights]
    shares[-1] = total - sum(shares[:-1])
    return shares


def _party(rng: random.Random, position: str) -> dict[str, Any]:
    nip = f"{rng.randrange(1965, 1990)}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d} " \
          f"{rng.randrange(1990, 2015)}{rng.randrange(1, 13):02d} {rng.randrange(1, 3)} " \
          f"{rng.randrange(1, 999):03d}"
    name = f"{rng.choice(_NAMES)} {rng.choice(_FAMILY)}, S.Sos, MM"
    return {"nama": name, "jabatan": position, "nip": nip, "pangkat": "Pembina (IV/a)"}


def _indicator(rng: random.Random, code: str, parent: dict[str, str] | None) -> dict[str, Any]:
    """One indicator of a random direction, formula, roll-up, period kind and target kind."""
    arah = rng.choice(("naik", "turun"))
    penghitungan = rng.choice(("kumulatif", "akhir", "rata-rata"))
    indicator: dict[str, Any] = {
        "kode": code,
        "uraian": f"Persentase {rng.choice(_SUBJECTS)}",
        "satuan": "%",
        "arah": arah,
        "penghitungan": penghitungan,
        "penanggung_jawab": f"Kepala Seksi {code}",
    }
    if arah == "turun" and rng.random() < 0.3:
        indicator["rumus"] = "turun-rasio"
    if rng.random() < 0.15:
        indicator["rasio"] = True
    if parent is not None:
        indicator["induk"] = parent
    base = Decimal(rng.randrange(20, 400)) / 4
    if penghitungan == "kumulatif":
        quarters = [(base / 4 * Decimal(rng.uniform(0.6, 1.4))).quantize(_CENT) for _ in range(4)]
        annual = sum(quarters)
    else:  # akhir / rata-rata: every period aims at the annual level
        quarters = [base] * 4
        annual = base
    if rng.random() < 0.1 and penghitungan != "kumulatif":
        indicator["target"] = f"{annual}-{annual + 10}"
    else:
        indicator["target"] = str(annual)
    if rng.random() < 0.5:
        indicator["target_triwulan"] = dict(zip(range(1, 5), quarters))
    else:
        months = {m: (quarters[(m - 1) // 3] / 3).quantize(_CENT) if penghitungan == "kumulatif"
                  else quarters[(m - 1) // 3] for m in range(1, 13)}
        indicator["target_bulan"] = months
    return indicator


def _document(index: int, rng: random.Random) -> dict[str, Any]:
    place = Place.of(index)
    head = f"Bupati {place.pemda_name.removeprefix('Kabupaten ')}"
    position = {
        0: f"Kepala {place.agency_name}",
        1: f"Kepala Bidang Program {place.agency_name}",
        2: f"Kepala Bidang Layanan {place.agency_name}",
        3: f"Kepala Seksi Perencanaan {place.agency_name}",
        4: f"Kepala Seksi Pelaksanaan {place.agency_name}",
    }
    parent_role = _PARENT_ROLE[place.role]
    parent_code = place.code(parent_role) if parent_role is not None else None
    objectives = []
    for o in range(1, rng.randrange(3, 6) + 1):
        indicators = []
        for n in range(1, rng.randrange(1, 4) + 1):
            link = {"pk": parent_code, "indikator": f"S{min(o, 3)}.1"} if parent_code and n == 1 else None
            indicators.append(_indicator(rng, f"S{o}.{n}", link))
        objectives.append({"kode": f"S{o}", "uraian": f"Meningkatnya {rng.choice(_SUBJECTS)}",
                           "indikator": indicators})
    programmes = []
    for p in range(1, rng.randrange(5, 11) + 1):
        objective = rng.choice(objectives)
        total = _money(rng, 50_000, 2_000_000)
        programmes.append({
            "kode": f"P{p:02d}",
            "uraian": f"Program {rng.choice(_SUBJECTS)}",
            "anggaran": total,
            "sumber_dana": rng.choice(("APBD II", "DAK", "DAU")),
            "sasaran": [objective["kode"]],
            "indikator": [rng.choice(objective["indikator"])["kode"]],
            "anggaran_triwulan": dict(zip(range(1, 5), _split(total, rng, 4))),
        })
    return {
        "kode": place.code(),
        "tahun": YEAR,
        "instansi": place.agency_name,
        "jenjang": _LEVELS[place.role],
        "pihak_pertama": _party(rng, position[place.role]),
        "pihak_kedua": _party(rng, head if place.role == 0 else position[parent_role or 0]),
        "skala": rng.choice(("lkjip-buleleng", "permendagri-86-2017", "tercapai")),
        "induk": parent_code,
        "sasaran": objectives,
        "program": programmes,
    }


def _amended(document: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """PK Perubahan: Q4 targets and budgets change (APBD Perubahan); earlier periods stay."""
    amended = {**document, "sasaran": [], "program": []}
    for objective in document["sasaran"]:
        indicators = []
        for indicator in objective["indikator"]:
            indicator = dict(indicator)
            factor = Decimal(rng.choice(("0.9", "1.1", "1.2")))
            if "target_triwulan" in indicator:
                periods = dict(indicator["target_triwulan"])
                periods[4] = (periods[4] * factor).quantize(_CENT)
                indicator["target_triwulan"] = periods
            else:
                periods = dict(indicator["target_bulan"])
                for month in (10, 11, 12):
                    periods[month] = (periods[month] * factor).quantize(_CENT)
                indicator["target_bulan"] = periods
            if indicator["penghitungan"] == "kumulatif":
                indicator["target"] = str(sum(periods.values()))
            indicators.append(indicator)
        amended["sasaran"].append({**objective, "indikator": indicators})
    for programme in document["program"]:
        quarters = dict(programme["anggaran_triwulan"])
        quarters[4] = (quarters[4] * Decimal(rng.choice(("0.8", "1.15")))).quantize(Decimal(1))
        amended["program"].append(
            {**programme, "anggaran_triwulan": quarters, "anggaran": sum(quarters.values())}
        )
    return amended


def _realisations(document: AgreementDocument, rng: random.Random) -> tuple[Realisation, ...]:
    """12 months of realisations of every indicator and programme, near their targets."""
    entries: list[Realisation] = []
    for month in range(1, 13):
        for indicator in document.indicators():
            level = indicator.target_value.upper / 4 * Decimal(rng.uniform(0.7, 1.2))
            if indicator.rasio:
                denominator = Decimal(rng.randrange(1_000, 50_000))
                numerator = (denominator * level / 100).quantize(Decimal(1))
                entries.append(Realisation("indikator", indicator.kode, month,
                                           numerator=numerator, denominator=denominator))
            else:
                entries.append(Realisation("indikator", indicator.kode, month,
                                           value=level.quantize(_CENT)))
        for programme in document.program:
            quarter_budget = (programme.anggaran_triwulan or {}).get((month - 1) // 3 + 1, Decimal(0))
            amount = (quarter_budget / 3 * Decimal(rng.uniform(0.7, 1.02))).quantize(Decimal(1))
            entries.append(Realisation("anggaran", programme.kode, month, value=amount))
    return tuple(entries)


def agreement_year(index: int, seed: int = 2024) -> AgreementYear:
    """Agreement number `index` of the synthetic country, always the same for the same seed."""
    rng = random.Random(seed * 1_000_003 + index)
    raw = _document(index, rng)
    document = AgreementDocument.model_validate(raw)
    amendment = None
    if rng.random() < 1 / 3:
        amendment = AgreementDocument.model_validate(_amended(raw, rng))
    return AgreementYear(index, document, amendment, _realisations(document, rng))


def agreement_years(start: int, stop: int, seed: int = 2024) -> Iterator[AgreementYear]:
    """Agreements `start`..`stop - 1`, one at a time (parents before their children)."""
    for index in range(start, stop):
        yield agreement_year(index, seed)
