"""The Agreement aggregate: the rules of a Perjanjian Kinerja's life.

Public methods are commands. Each checks the rules first and raises `DomainError` (nothing is
recorded) or triggers events from `domain.events`, which evolve the state.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.domain import BaseAggregate
from pydantic import ValidationError

from domain import content_ops
from domain import events as ev
from domain.achievement import months_of, quarter_of
from domain.document import (
    AgreementDocument,
    Content,
    Indicator,
    Objective,
    Party,
    Programme,
)
from domain.errors import DomainError, NotFound, plain_messages
from domain.identity import agreement_id
from domain.input_rules import check_text
from domain.numbers import within_limits
from domain.state import AgreementState, ItemKind, Version
from domain.status import PARTIES, AmendmentGround, QuarterState, Status

T = TypeVar("T")
@dataclass(frozen=True)
class Stamp:
    """Who acts, the business date the act takes effect, and today's date (for the rules)."""

    actor: str
    effective: date
    today: date

    def __post_init__(self) -> None:
        if not self.actor.strip():
            raise DomainError("Pelaku (actor) wajib diisi.")
        if self.effective > self.today:
            raise DomainError(
                f"Tanggal berlaku {self.effective.isoformat()} ada di masa depan; "
                "tanggal tidak boleh melewati hari ini."
            )


def _require_reason(reason: str | None, what: str) -> str:
    if reason is None or not reason.strip():
        raise DomainError(f"Alasan wajib diisi untuk {what}.")
    return reason.strip()


MAX_NOTE = 1000  # characters of a realisation's note (catatan, keterangan)

# Indicator attributes that change how past periods are computed (not only how they are named).
_COMPUTATION_FIELDS = ("arah", "rumus", "batas_bawah", "batas_atas", "penghitungan", "rasio")


class Agreement(BaseAggregate[UUID]):
    """A Perjanjian Kinerja for one fiscal year, with all its versions and realisations.

    Its state is one `AgreementState` (`self.state`), evolved by the events (`domain.events`):
    the same model that snapshots store and the read side derives its rows from.
    """

    TOPIC = "kinerja:Agreement"

    state: AgreementState

    def __init__(self) -> None:
        """The state is started by the `Drafted` event (see `domain.events.evolve`)."""

    @property
    def code(self) -> str:
        return self.state.code

    # ----------------------------------------------------------------- creation

    @classmethod
    def draft(
        cls, document: AgreementDocument, stamp: Stamp, reason: str | None = None,
        source: dict[str, Any] | None = None,
    ) -> Agreement:
        return cls._create(
            ev.Drafted,
            id=agreement_id(document.kode),
            code=document.kode,
            year=document.tahun,
            agency=document.instansi,
            content=document.content(),
            actor=stamp.actor,
            effective=stamp.effective,
            reason=reason,
            source=source,
        )

    def _trigger(self, event_class: type[ev.AgreementEvent], stamp: Stamp, **kwargs: Any) -> None:
        last = self.state.last_effective
        if not issubclass(event_class, ev.PeriodEntry) and stamp.effective < last:
            raise DomainError(
                f"Tanggal berlaku {stamp.effective.isoformat()} sebelum peristiwa terakhir PK "
                f"{self.code} ({last.isoformat()}); PK dicatat berurutan menurut tanggal."
            )
        self.trigger_event(event_class, actor=stamp.actor, effective=stamp.effective, **kwargs)

    @property
    def draft_version(self) -> Version:
        """The version being drafted; refused when there is none to edit."""
        draft = self.state.draft()
        if draft is None:
            raise DomainError(
                f"PK {self.code} berstatus {self.state.status.label}: tidak ada versi draf yang "
                "bisa diubah. Buka perubahan (PK Perubahan) dulu."
            )
        return draft

    # ----------------------------------------------------------------- editing

    def _editable(self, stamp: Stamp) -> Content:
        draft = self.draft_version
        if draft.signatures:
            signed_by = ", ".join(f"pihak {p}" for p in sorted(draft.signatures))
            raise DomainError(
                f"Versi {draft.number} sudah ditandatangani ({signed_by}); perubahan ditolak. "
                "Tarik tanda tangan dulu (withdraw-signature) bila memang perlu diubah."
            )
        if draft.amendment is not None and stamp.effective < draft.amendment.opened_on:
            raise DomainError("Tanggal berlaku perubahan tidak boleh sebelum perubahan dibuka.")
        return draft.content

    def _indicator(self, content: Content, code: str) -> Indicator:
        indicator = content.indicator(code)
        if indicator is None:
            raise NotFound(f"Indikator {code} tidak ada di PK {self.code}.")
        return indicator

    def _programme(self, content: Content, code: str) -> Programme:
        programme = content.programme(code)
        if programme is None:
            raise NotFound(f"Program {code} tidak ada di PK {self.code}.")
        return programme

    def _check_not_retroactive(self, kind: ItemKind, item: str, months: set[int], what: str) -> None:
        """No retroactive change: a period with a realisation keeps its target unless reopened."""
        if self.state.status is not Status.AMENDING:
            return
        for month in sorted(months):
            quarter = quarter_of(month)
            state = self.state.quarters[quarter]
            if self.state.realisation(kind, item, month) and state is not QuarterState.REOPENED:
                close = "Tutup (close-quarter) lalu b" if state is QuarterState.OPEN else "B"
                raise DomainError(
                    f"{what}: Triwulan {quarter} sudah punya realisasi (bulan {month}); "
                    "target periode itu tidak boleh diubah surut. "
                    f"{close}uka kembali Triwulan {quarter} dengan alasan (reopen-quarter) bila perlu."
                )

    @staticmethod
    def _changed_months(old: dict[str, Any], new: dict[str, Any]) -> set[int]:
        """Months whose period value differs; keys end in `_triwulan` (quarters) or `_bulan`."""
        months: set[int] = set()
        for key in old.keys() | new.keys():
            before, after = old.get(key) or {}, new.get(key) or {}
            for period in before.keys() | after.keys():
                if before.get(period) != after.get(period):
                    months.update(months_of(period) if key.endswith("_triwulan") else (period,))
        return months

    @staticmethod
    def _validated(model: type[T], data: dict[str, Any], what: str) -> T:
        try:
            return model.model_validate(data)  # type: ignore[attr-defined]
        except ValidationError as error:
            raise DomainError(f"{what} tidak valid: {plain_messages(error)}") from None

    def change_target(
        self,
        stamp: Stamp,
        indicator: str,
        target: str | Decimal,
        reason: str | None,
        target_triwulan: dict[int, Decimal] | None = None,
        target_bulan: dict[int, Decimal] | None = None,
        keep_periods: bool = True,
    ) -> None:
        """Annual target and (optionally) its period targets; `keep_periods` keeps the old ones."""
        old = self._indicator(self._editable(stamp), indicator)
        new, old_periods, new_periods = self._period_change(
            old, "target", target, {"target_triwulan": target_triwulan, "target_bulan": target_bulan},
            keep_periods, "indikator", indicator, f"Target indikator {indicator}",
            compared=lambda i: i.target_value,
        )
        self._trigger(
            ev.TargetChanged, stamp, reason=_require_reason(reason, f"perubahan target {indicator}"),
            indicator=indicator, old_target=old.target, new_target=new.target,
            old_periods=old_periods, new_periods=new_periods,
        )

    def change_budget(
        self,
        stamp: Stamp,
        programme: str,
        amount: Decimal,
        reason: str | None,
        anggaran_triwulan: dict[int, Decimal] | None = None,
        anggaran_bulan: dict[int, Decimal] | None = None,
        keep_periods: bool = True,
    ) -> None:
        """Budget ceiling (anggaran) and its period budgets, which must add up to it.

        With no period budgets given, `keep_periods` keeps the old ones (they must still add up).
        """
        old = self._programme(self._editable(stamp), programme)
        new, old_periods, new_periods = self._period_change(
            old, "anggaran", amount,
            {"anggaran_triwulan": anggaran_triwulan, "anggaran_bulan": anggaran_bulan},
            keep_periods, "anggaran", programme, f"Anggaran program {programme}",
            compared=lambda p: p.anggaran,
        )
        self._trigger(
            ev.BudgetChanged, stamp, reason=_require_reason(reason, f"perubahan anggaran {programme}"),
            programme=programme, old_amount=old.anggaran, new_amount=new.anggaran,
            old_periods=old_periods, new_periods=new_periods,
        )

    def _period_change(
        self, old: Any, field: str, value: Any, periods: dict[str, Any], keep_periods: bool,
        kind: ItemKind, code: str, what: str, compared: Callable[[Any], Any],
    ) -> tuple[Any, dict[str, Any], dict[str, Any]]:
        """The indicator or programme with a new annual value (`field`) and period values, checked:
        valid, really changed (`compared`), and no period with a realisation changed."""
        if keep_periods and all(v is None for v in periods.values()):
            periods = {name: getattr(old, name) for name in periods}
        new = self._validated(type(old), {**old.model_dump(), field: value, **periods}, what)
        old_periods = {name: getattr(old, name) for name in periods}
        new_periods = {name: getattr(new, name) for name in periods}
        if new_periods == old_periods and compared(new) == compared(old):
            raise DomainError(f"{what} tidak berubah.")
        self._check_not_retroactive(kind, code, self._changed_months(old_periods, new_periods), what)
        return new, old_periods, new_periods

    def _check_content(self, build: Any, what: str) -> None:
        try:
            build()
        except ValidationError as error:
            raise DomainError(f"{what} ditolak: {plain_messages(error)}") from None

    def add_objective(self, stamp: Stamp, objective: Objective, reason: str | None) -> None:
        content = self._editable(stamp)
        if content.objective(objective.kode):
            raise DomainError(f"Sasaran {objective.kode} sudah ada.")
        self._check_new_indicator_codes(content, [i.kode for i in objective.indikator])
        reason = _require_reason(reason, f"penambahan sasaran {objective.kode}")
        self._trigger(ev.ObjectiveAdded, stamp, reason=reason, objective=objective)

    def _check_new_indicator_codes(self, content: Content, codes: list[str]) -> None:
        for code in codes:
            if content.indicator(code):
                raise DomainError(f"Indikator {code} sudah ada.")

    def remove_objective(self, stamp: Stamp, code: str, reason: str | None) -> None:
        content = self._editable(stamp)
        objective = content.objective(code)
        if objective is None:
            raise NotFound(f"Sasaran {code} tidak ada di PK {self.code}.")
        users = [p.kode for p in content.program if code in p.sasaran]
        if users:
            raise DomainError(
                f"Sasaran {code} masih dirujuk program {', '.join(users)}; ubah program itu dulu."
            )
        for indicator in objective.indikator:
            self._check_removable(content, indicator.kode)
        reason = _require_reason(reason, f"penghapusan sasaran {code}")
        self._trigger(ev.ObjectiveRemoved, stamp, reason=reason, objective=objective)

    def revise_objective(self, stamp: Stamp, code: str, text: str, reason: str | None) -> None:
        content = self._editable(stamp)
        objective = content.objective(code)
        if objective is None:
            raise NotFound(f"Sasaran {code} tidak ada di PK {self.code}.")
        if objective.uraian == text:
            raise DomainError(f"Uraian sasaran {code} tidak berubah.")
        reason = _require_reason(reason, f"perubahan sasaran {code}")
        self._trigger(
            ev.ObjectiveRevised, stamp, reason=reason, objective=code, old_text=objective.uraian,
            new_text=text,
        )

    def add_indicator(self, stamp: Stamp, objective: str, indicator: Indicator, reason: str | None) -> None:
        content = self._editable(stamp)
        if content.objective(objective) is None:
            raise NotFound(f"Sasaran {objective} tidak ada di PK {self.code}.")
        self._check_new_indicator_codes(content, [indicator.kode])
        reason = _require_reason(reason, f"penambahan indikator {indicator.kode}")
        self._trigger(ev.IndicatorAdded, stamp, reason=reason, objective=objective, indicator=indicator)

    def _check_removable(self, content: Content, code: str) -> None:
        users = [p.kode for p in content.program if code in p.indikator]
        if users:
            raise DomainError(
                f"Indikator {code} masih dirujuk program {', '.join(users)}; ubah program itu dulu."
            )
        self._check_not_retroactive("indikator", code, set(range(1, 13)), f"Indikator {code}")

    def remove_indicator(self, stamp: Stamp, code: str, reason: str | None) -> None:
        content = self._editable(stamp)
        indicator = self._indicator(content, code)
        self._check_removable(content, code)
        objective = content.objective_of(code)
        assert objective is not None
        reason = _require_reason(reason, f"penghapusan indikator {code}")
        self._trigger(
            ev.IndicatorRemoved, stamp, reason=reason, objective=objective.kode, indicator=indicator
        )

    def revise_indicator(self, stamp: Stamp, indicator: Indicator, reason: str | None) -> None:
        """Change anything but the targets (use `change_target` for those)."""
        content = self._editable(stamp)
        old = self._indicator(content, indicator.kode)
        new = Indicator.model_validate(
            {**indicator.model_dump(), "target": old.target, "target_triwulan": old.target_triwulan,
             "target_bulan": old.target_bulan}
        )
        if new == old:
            raise DomainError(f"Indikator {indicator.kode} tidak berubah.")
        if old.rasio != new.rasio and any(
            self.state.realisation("indikator", indicator.kode, m) for m in range(1, 13)
        ):
            raise DomainError(
                f"Indikator {indicator.kode} sudah punya realisasi; rasio/bukan rasio tidak bisa "
                "diubah. Buat indikator baru dengan kode lain."
            )
        if any(getattr(old, f) != getattr(new, f) for f in _COMPUTATION_FIELDS):
            self._check_not_retroactive(
                "indikator", indicator.kode, set(range(1, 13)),
                f"Cara menghitung capaian indikator {indicator.kode}",
            )
        reason = _require_reason(reason, f"perubahan indikator {indicator.kode}")
        self._trigger(ev.IndicatorRevised, stamp, reason=reason, old=old, new=new)

    def add_programme(self, stamp: Stamp, programme: Programme, reason: str | None) -> None:
        content = self._editable(stamp)
        if content.programme(programme.kode):
            raise DomainError(f"Program {programme.kode} sudah ada.")
        reason = _require_reason(reason, f"penambahan program {programme.kode}")
        self._check_content(
            lambda: content_ops.add_programme(content, programme), f"Program {programme.kode}"
        )
        self._trigger(ev.ProgrammeAdded, stamp, reason=reason, programme=programme)

    def remove_programme(self, stamp: Stamp, code: str, reason: str | None) -> None:
        content = self._editable(stamp)
        programme = self._programme(content, code)
        self._check_not_retroactive("anggaran", code, set(range(1, 13)), f"Program {code}")
        reason = _require_reason(reason, f"penghapusan program {code}")
        self._trigger(ev.ProgrammeRemoved, stamp, reason=reason, programme=programme)

    def revise_programme(self, stamp: Stamp, programme: Programme, reason: str | None) -> None:
        """Change anything but the budget (use `change_budget` for that)."""
        content = self._editable(stamp)
        old = self._programme(content, programme.kode)
        new = Programme.model_validate(
            {**programme.model_dump(), "anggaran": old.anggaran,
             "anggaran_triwulan": old.anggaran_triwulan, "anggaran_bulan": old.anggaran_bulan}
        )
        if new == old:
            raise DomainError(f"Program {programme.kode} tidak berubah.")
        self._check_content(
            lambda: content_ops.replace_programme(content, new),
            f"Program {programme.kode}",
        )
        reason = _require_reason(reason, f"perubahan program {programme.kode}")
        self._trigger(ev.ProgrammeRevised, stamp, reason=reason, old=old, new=new)

    def change_party(self, stamp: Stamp, role: str, party: Party, reason: str | None) -> None:
        content = self._editable(stamp)
        if role not in PARTIES:
            raise DomainError(f"Pihak harus 'pertama' atau 'kedua', bukan {role!r}.")
        old: Party = getattr(content, f"pihak_{role}")
        if role == "pertama" and party.jabatan != old.jabatan:
            raise DomainError(
                "PK melekat pada jabatan: jabatan pihak pertama tidak bisa diganti. "
                "Untuk jabatan lain buat PK baru; untuk pergantian pejabat ganti nama saja."
            )
        if party == old:
            raise DomainError(f"Pihak {role} tidak berubah.")
        reason = _require_reason(reason, f"pergantian pihak {role}")
        self._trigger(ev.PartyChanged, stamp, reason=reason, role=role, old=old, new=party)

    def change_header(self, stamp: Stamp, field: str, value: str | None, reason: str | None) -> None:
        content = self._editable(stamp)
        if field not in content_ops.HEADER_FIELDS:
            raise DomainError(f"Kolom {field!r} tidak bisa diubah di sini.")
        old = getattr(content, field)
        if old == value:
            raise DomainError(f"{field} tidak berubah.")
        self._check_content(
            lambda: content_ops.set_header(content, field, value),
            f"Perubahan {field}",
        )
        reason = _require_reason(reason, f"perubahan {field}")
        self._trigger(ev.HeaderChanged, stamp, reason=reason, field=field, old=old, new=value)

    def change_scale(
        self, stamp: Stamp, name: str, definition: dict[str, Any] | None, reason: str | None
    ) -> None:
        """The grade scale (skala predikat): a built-in name, or a user-defined scale."""
        content = self._editable(stamp)
        if (content.skala, content.skala_definisi) == (name, definition):
            raise DomainError("Skala predikat tidak berubah.")
        self._check_content(
            lambda: content_ops.set_scale(content, name, definition), "Skala predikat"
        )
        reason = _require_reason(reason, "perubahan skala predikat")
        self._trigger(
            ev.GradeScaleChanged, stamp, reason=reason, old=content.skala, new=name,
            old_definition=content.skala_definisi, new_definition=definition,
        )

    # ----------------------------------------------------------------- signing

    def sign(self, stamp: Stamp, party: str, place: str | None = None) -> None:
        """Sign the version in draft; the second signature puts it in force."""
        if party not in PARTIES:
            raise DomainError(f"Pihak harus 'pertama' atau 'kedua', bukan {party!r}.")
        draft = self.draft_version
        if party in draft.signatures:
            raise DomainError(f"Versi {draft.number} sudah ditandatangani pihak {party}.")
        opened_on = draft.amendment.opened_on if draft.amendment else self.state.drafted_on
        if stamp.effective < opened_on:
            raise DomainError(
                f"Tanggal tanda tangan {stamp.effective.isoformat()} sebelum versi ini dibuat "
                f"({opened_on.isoformat()})."
            )
        if draft.amendment is not None:
            self._check_amendment_not_retroactive(draft.content)
        signer: Party = getattr(draft.content, f"pihak_{party}")
        content_hash = draft.content.content_hash()
        self._trigger(
            ev.Signed, stamp, version=draft.number, party=party, signer=signer.nama,
            signer_title=signer.jabatan, place=place, content_hash=content_hash,
        )
        if draft.is_fully_signed:
            in_force_from = max(s.signed_on for s in draft.signatures.values())
            self.trigger_event(
                ev.VersionInForce, actor=stamp.actor, effective=in_force_from,
                version=draft.number, content_hash=content_hash,
            )

    def _check_amendment_not_retroactive(self, new: Content) -> None:
        """Checked again at signing: realisations may have been recorded while the amendment was
        open, for periods whose targets or budgets it had already changed (or removed)."""
        old = self.state.version_in_force().content
        pairs: list[tuple[ItemKind, Any, Any, set[str], str]] = [
            ("indikator", i, new.indicator(i.kode), {"target_triwulan", "target_bulan"},
             f"Target indikator {i.kode}") for i in old.indicators()
        ] + [
            ("anggaran", p, new.programme(p.kode), {"anggaran_triwulan", "anggaran_bulan"},
             f"Anggaran program {p.kode}") for p in old.program
        ]
        for kind, before, after, periods, what in pairs:
            months = set(range(1, 13)) if after is None else self._changed_months(
                before.model_dump(include=periods), after.model_dump(include=periods)
            )
            self._check_not_retroactive(kind, before.kode, months, what)

    def withdraw_signature(self, stamp: Stamp, party: str, reason: str | None) -> None:
        draft = self.draft_version
        if party not in draft.signatures:
            raise DomainError(f"Versi {draft.number} belum ditandatangani pihak {party}.")
        reason = _require_reason(reason, "penarikan tanda tangan")
        self._trigger(ev.SignatureWithdrawn, stamp, reason=reason, version=draft.number, party=party)

    # ----------------------------------------------------------------- amendments

    def open_amendment(self, stamp: Stamp, ground: str, legal_basis: str, reason: str | None) -> None:
        """PK Perubahan: a new draft version; the version in force stays in force meanwhile."""
        if self.state.status is not Status.ACTIVE:
            raise DomainError(
                f"Perubahan hanya bisa dibuka untuk PK yang berlaku; PK {self.code} berstatus "
                f"{self.state.status.label}."
            )
        try:
            ground_value = AmendmentGround(ground).value
        except ValueError:
            valid = ", ".join(g.value for g in AmendmentGround)
            raise DomainError(
                f"Alasan perubahan {ground!r} tidak dikenal. PermenPANRB 53/2014 hanya mengizinkan: "
                f"{valid}."
            ) from None
        if not legal_basis or not legal_basis.strip():
            raise DomainError("Dasar hukum perubahan wajib diisi (mis. \"APBD Perubahan 2020\").")
        reason = _require_reason(reason, "perubahan PK")
        if stamp.effective < self.state.version_in_force().in_force_from:  # type: ignore[operator]
            raise DomainError("Tanggal perubahan tidak boleh sebelum versi yang berlaku.")
        self._trigger(
            ev.AmendmentOpened, stamp, reason=reason, version=len(self.state.versions) + 1,
            ground=ground_value, legal_basis=legal_basis.strip(),
        )

    def withdraw_amendment(self, stamp: Stamp, reason: str | None) -> None:
        if self.state.status is not Status.AMENDING:
            raise DomainError(f"Tidak ada perubahan yang terbuka pada PK {self.code}.")
        reason = _require_reason(reason, "penarikan perubahan")
        self._trigger(ev.AmendmentWithdrawn, stamp, reason=reason, version=self.state.versions[-1].number)

    # ----------------------------------------------------------------- realisations

    def _check_can_record(self, stamp: Stamp, month: int) -> None:
        if self.state.status in (Status.REVIEWED, Status.CANCELLED, Status.UNDER_REVIEW):
            raise DomainError(
                f"PK {self.code} berstatus {self.state.status.label}: realisasi tidak bisa dicatat."
            )
        if not self.state.in_force() is not None:
            raise DomainError(f"PK {self.code} belum berlaku: realisasi belum bisa dicatat.")
        if not 1 <= month <= 12:
            raise DomainError(f"Bulan {month} di luar 1..12.")
        if date(self.state.year, month, 1) > stamp.today:
            raise DomainError(
                f"Realisasi bulan {month}/{self.state.year} belum bisa dicatat: bulan itu belum tiba."
            )
        quarter = quarter_of(month)
        if self.state.quarters[quarter] is QuarterState.CLOSED:
            raise DomainError(
                f"Triwulan {quarter} sudah ditutup; buka kembali dengan alasan untuk mengubah realisasi."
            )

    @staticmethod
    def _entered(number: Decimal, what: str) -> Decimal:
        """A realisation within the digit limits of `domain.numbers` (normalised): not every
        caller is the CLI, and a 2.000-digit value could not be exported or shown."""
        try:
            return within_limits(number)
        except (TypeError, ValueError) as error:
            raise DomainError(f"{what}: {error}.") from None

    @staticmethod
    def _note(note: str | None) -> str | None:
        if note is None:
            return None
        try:
            return check_text(note, MAX_NOTE)
        except ValueError as error:
            raise DomainError(f"Catatan realisasi {error}.") from None

    def _realisation_values(
        self, indicator: Indicator, value: Decimal | None, numerator: Decimal | None,
        denominator: Decimal | None,
    ) -> dict[str, Decimal | None]:
        if indicator.rasio:
            if numerator is None or denominator is None or value is not None:
                raise DomainError(
                    f"Indikator {indicator.kode} adalah rasio: isi pembilang dan penyebut, bukan nilai."
                )
            numerator = self._entered(numerator, f"Pembilang indikator {indicator.kode}")
            denominator = self._entered(denominator, f"Penyebut indikator {indicator.kode}")
            if denominator == 0:
                raise DomainError(f"Penyebut indikator {indicator.kode} tidak boleh nol.")
            return {"numerator": numerator, "denominator": denominator}
        if value is None or numerator is not None or denominator is not None:
            raise DomainError(f"Indikator {indicator.kode} diisi dengan satu nilai realisasi.")
        return {"value": self._entered(value, f"Realisasi indikator {indicator.kode}")}

    @staticmethod
    def month_end(year: int, month: int) -> date:
        return date(year, month, calendar.monthrange(year, month)[1])

    def _period_stamp(self, stamp: Stamp, month: int) -> Stamp:
        """A realisation takes effect in its own month (the last day, or today if earlier)."""
        effective = min(self.month_end(self.state.year, month), stamp.today)
        return Stamp(stamp.actor, effective, stamp.today)

    def record_realisation(
        self, stamp: Stamp, indicator: str, month: int, value: Decimal | None = None,
        numerator: Decimal | None = None, denominator: Decimal | None = None,
        note: str | None = None, source: dict[str, Any] | None = None,
    ) -> None:
        self._check_can_record(stamp, month)
        definition = self._indicator(self.state.version_in_force().content, indicator)
        values = self._realisation_values(definition, value, numerator, denominator)
        note = self._note(note)
        if self.state.realisation("indikator", indicator, month):
            raise DomainError(
                f"Realisasi {indicator} bulan {month} sudah ada; realisasi tidak ditimpa — "
                "gunakan koreksi (correct) dengan alasan."
            )
        self._trigger(
            ev.RealisationRecorded, self._period_stamp(stamp, month), indicator=indicator,
            month=month, note=note, source=source, **values,
        )

    def record_budget_realisation(
        self, stamp: Stamp, programme: str, month: int, amount: Decimal,
        note: str | None = None, source: dict[str, Any] | None = None,
    ) -> None:
        self._check_can_record(stamp, month)
        self._programme(self.state.version_in_force().content, programme)
        amount = self._entered(amount, f"Realisasi anggaran {programme}")
        if amount < 0:
            raise DomainError("Realisasi anggaran tidak boleh negatif.")
        note = self._note(note)
        if self.state.realisation("anggaran", programme, month):
            raise DomainError(
                f"Realisasi anggaran {programme} bulan {month} sudah ada; gunakan koreksi (correct)."
            )
        self._trigger(
            ev.BudgetRealisationRecorded, self._period_stamp(stamp, month), programme=programme,
            month=month, amount=amount, note=note, source=source,
        )

    def correct_realisation(
        self, stamp: Stamp, kind: ItemKind, item: str, month: int, reason: str | None,
        value: Decimal | None = None, numerator: Decimal | None = None,
        denominator: Decimal | None = None, note: str | None = None,
        source: dict[str, Any] | None = None,
    ) -> None:
        """A new entry that names the one it corrects; history keeps both."""
        self._check_can_record(stamp, month)
        current = self.state.realisation(kind, item, month)
        if current is None:
            raise NotFound(f"Belum ada realisasi {kind} {item} bulan {month} untuk dikoreksi.")
        if kind == "indikator":
            definition = self._indicator(self.state.version_in_force().content, item)
            values = self._realisation_values(definition, value, numerator, denominator)
        else:
            if value is not None:
                value = self._entered(value, f"Koreksi realisasi anggaran {item}")
            if value is None or value < 0:
                raise DomainError("Koreksi realisasi anggaran perlu jumlah yang tidak negatif.")
            values = {"value": value}
        note = self._note(note)
        if all(getattr(current, k) == v for k, v in values.items()):
            raise DomainError("Koreksi sama dengan nilai yang sekarang; tidak ada yang berubah.")
        reason = _require_reason(reason, "koreksi realisasi")
        self._trigger(
            ev.RealisationCorrected, self._period_stamp(stamp, month), reason=reason, kind=kind,
            item=item, month=month, corrects=current.seq, note=note, source=source, **values,
        )

    # ----------------------------------------------------------------- quarters

    def close_quarter(self, stamp: Stamp, quarter: int, reason: str | None) -> None:
        self._check_quarter(quarter)
        if self.state.quarters[quarter] is QuarterState.CLOSED:
            raise DomainError(f"Triwulan {quarter} sudah ditutup.")
        if self.state.status in (Status.REVIEWED, Status.CANCELLED):
            raise DomainError(f"PK {self.code} berstatus {self.state.status.label}.")
        if not self.state.in_force() is not None:
            raise DomainError(f"PK {self.code} belum berlaku.")
        reason = _require_reason(reason, f"menutup Triwulan {quarter}")
        self._trigger(ev.QuarterClosed, stamp, reason=reason, quarter=quarter)

    def reopen_quarter(self, stamp: Stamp, quarter: int, reason: str | None) -> None:
        self._check_quarter(quarter)
        if self.state.status in (Status.REVIEWED, Status.CANCELLED):
            raise DomainError(f"PK {self.code} berstatus {self.state.status.label}.")
        if self.state.quarters[quarter] is QuarterState.REOPENED:
            raise DomainError(f"Triwulan {quarter} sudah dibuka kembali.")
        if self.state.quarters[quarter] is not QuarterState.CLOSED:
            raise DomainError(f"Triwulan {quarter} PK {self.code} belum ditutup; hanya triwulan "
                              "yang ditutup (close-quarter) yang bisa dibuka kembali.")
        reason = _require_reason(reason, f"membuka kembali Triwulan {quarter}")
        self._trigger(ev.QuarterReopened, stamp, reason=reason, quarter=quarter)

    @staticmethod
    def _check_quarter(quarter: int) -> None:
        if quarter not in (1, 2, 3, 4):
            raise DomainError(f"Triwulan {quarter} tidak ada; pilih 1..4.")

    # ----------------------------------------------------------------- review and cancel

    def submit_for_review(self, stamp: Stamp, reason: str | None) -> None:
        if self.state.status is not Status.ACTIVE:
            raise DomainError(
                f"Hanya PK yang berlaku (tanpa perubahan terbuka) bisa diajukan untuk reviu; "
                f"PK {self.code} berstatus {self.state.status.label}."
            )
        reason = _require_reason(reason, "pengajuan reviu")
        self._trigger(ev.SubmittedForReview, stamp, reason=reason)

    def approve_review(self, stamp: Stamp, reason: str | None) -> None:
        self._check_under_review()
        reason = _require_reason(reason, "persetujuan reviu")
        self._trigger(ev.ReviewApproved, stamp, reason=reason)

    def return_review(self, stamp: Stamp, findings: list[str], reason: str | None = None) -> None:
        self._check_under_review()
        findings = [f.strip() for f in findings if f and f.strip()]
        if not findings:
            raise DomainError("Pengembalian reviu wajib memuat minimal satu temuan.")
        self._trigger(ev.ReviewReturned, stamp, reason=reason or "; ".join(findings), findings=findings)

    def _check_under_review(self) -> None:
        if self.state.status is not Status.UNDER_REVIEW:
            raise DomainError(f"PK {self.code} tidak sedang direviu (status {self.state.status.label}).")

    def cancel(self, stamp: Stamp, reason: str | None) -> None:
        if self.state.status is not Status.DRAFT:
            raise DomainError(
                f"Hanya PK draf yang bisa dibatalkan; PK {self.code} berstatus {self.state.status.label}."
            )
        reason = _require_reason(reason, "pembatalan")
        self._trigger(ev.Cancelled, stamp, reason=reason)
