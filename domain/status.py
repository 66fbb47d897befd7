"""States of an agreement and of its quarters, with the labels users read."""

from enum import Enum


class Status(str, Enum):
    DRAFT = "DRAFT"
    ACTIVE = "ACTIVE"
    AMENDING = "AMENDING"
    UNDER_REVIEW = "UNDER_REVIEW"
    REVIEWED = "REVIEWED"
    CANCELLED = "CANCELLED"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    Status.DRAFT: "Draf",
    Status.ACTIVE: "Berlaku",
    Status.AMENDING: "Dalam perubahan",
    Status.UNDER_REVIEW: "Dalam reviu",
    Status.REVIEWED: "Selesai direviu",
    Status.CANCELLED: "Dibatalkan",
}


class QuarterState(str, Enum):
    OPEN = "terbuka"
    CLOSED = "ditutup"
    REOPENED = "dibuka-kembali"


class AmendmentGround(str, Enum):
    """The three grounds PermenPANRB 53/2014 allows for a PK Perubahan."""

    CHANGE_OF_OFFICIAL = "mutasi-pejabat"
    CHANGE_OF_PROGRAMME = "perubahan-program"
    CHANGE_OF_PRIORITIES = "perubahan-prioritas"

    @property
    def label(self) -> str:
        return GROUND_LABELS[self]


GROUND_LABELS = {
    AmendmentGround.CHANGE_OF_OFFICIAL: "Mutasi pejabat",
    AmendmentGround.CHANGE_OF_PROGRAMME: "Perubahan program, kegiatan atau anggaran",
    AmendmentGround.CHANGE_OF_PRIORITIES: "Perubahan prioritas atau asumsi",
}

PARTIES = ("pertama", "kedua")
