"""A generated year as the engine lives it: dated steps of commands, interleaved across agreements.

A real log is written month by month across all agreements: every PK is drafted and signed in
January, each month's realisations of every agreement are imported early the next month, each
quarter is closed after its last month's realisations, the amendments (PK Perubahan) are opened
and signed in October, and the review closes the year in January. `STEPS` is that calendar,
`commands(year, step)` what one agreement does at one step, and `acts(years)` the acts of a set
of agreements' year in calendar order: `ACT_AGREEMENTS` agreements per act, each act one
transaction through `KinerjaApp.handle` (as an import of a planning office's monthly file is).

So an agreement's events are spread over the whole log, between every other agreement's, and a
catch-up batch touches many agreements a little rather than few agreements a lot.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bench.generator import TODAY, YEAR, AgreementYear, Realisation
from domain import commands as c
from domain.agreement import Agreement
from domain.position import PositionSlot
from kinerja_flow import handlers
from kinerja_flow.application import KinerjaApp
from kinerja_flow.settings import Settings
from kinerja_flow.unit_of_work import UnitOfWork

ACTOR = "perencana"
ACT_AGREEMENTS = 200  # agreements per act: a planning office's monthly import (~3.000 rows)
PLACE = "Kantor Bupati"


@dataclass(frozen=True)
class Step:
    """One date of the calendar: what is done (`kind`, with its month or quarter) and when."""

    kind: str  # draft | sign | month | close | amend | sign-amendment | submit | approve
    day: date  # the engine's clock (today) while the step's acts run
    number: int = 0  # the month of a `month` step, the quarter of a `close` step

    @property
    def label(self) -> str:
        return f"{self.kind}-{self.number}" if self.number else self.kind


def _calendar() -> tuple[Step, ...]:
    steps = [Step("draft", date(YEAR, 1, 2)), Step("sign", date(YEAR, 1, 5))]
    for month in range(1, 13):
        # a month's realisations are imported on the 5th of the next month
        steps.append(Step("month", date(YEAR + month // 12, month % 12 + 1, 5), month))
        if month % 3 == 0:  # the quarter's evaluation, two weeks after its end
            steps.append(Step("close", date(YEAR, month, 28) + timedelta(days=15), month // 3))
        if month == 9:  # after the TW III evaluation: APBD Perubahan
            steps += [Step("amend", date(YEAR, 10, 15)), Step("sign-amendment", date(YEAR, 10, 20))]
    steps += [Step("submit", date(YEAR + 1, 1, 20)), Step("approve", date(YEAR + 1, 1, 28))]
    return tuple(steps)


STEPS = _calendar()


def _sign_both(code: str) -> list[c.Command]:
    return [c.Sign(code=code, party=party, place=PLACE) for party in ("pertama", "kedua")]


def commands(year: AgreementYear, step: Step) -> list[c.Command]:
    """What agreement `year` does at `step` (nothing, for an amendment step without one)."""
    code = year.document.kode
    if step.kind == "draft":
        return [c.CreateAgreement(document=year.document, reason=f"Perjanjian Kinerja tahun {YEAR}")]
    if step.kind == "sign":
        return _sign_both(code)
    if step.kind == "month":
        return [_realisation(code, entry) for entry in year.realisations if entry.month == step.number]
    if step.kind == "close":
        return [c.CloseQuarter(code=code, quarter=step.number, reason="Evaluasi triwulanan")]
    if step.kind == "amend":
        if year.amendment is None:
            return []
        return [c.OpenAmendment(
            code=code, ground="perubahan-program", legal_basis=f"APBD Perubahan {YEAR}",
            reason="Penyesuaian target dan anggaran Triwulan IV dengan APBD Perubahan",
            document=year.amendment)]
    if step.kind == "sign-amendment":
        return _sign_both(code) if year.amendment is not None else []
    if step.kind == "submit":
        return [c.SubmitForReview(code=code, reason="Reviu LKjIP oleh APIP")]
    if step.kind == "approve":
        return [c.ApproveReview(code=code, reason="Reviu selesai tanpa temuan")]
    raise ValueError(f"unknown step {step.kind!r}")


def _realisation(code: str, entry: Realisation) -> c.Command:
    if entry.kind == "anggaran":
        assert entry.value is not None
        return c.RecordBudgetRealisation(code=code, programme=entry.item, month=entry.month,
                                         amount=entry.value)
    return c.RecordRealisation(code=code, indicator=entry.item, month=entry.month,
                               value=entry.value, numerator=entry.numerator,
                               denominator=entry.denominator)


@dataclass(frozen=True)
class Act:
    """One transaction: the commands of up to `ACT_AGREEMENTS` agreements at one step."""

    step: Step
    commands: list[c.Command]


def step_acts(years: Sequence[AgreementYear], step: Step, size: int = ACT_AGREEMENTS
              ) -> Iterator[Act]:
    """The acts of `years` at one step, `size` agreements each."""
    for start in range(0, len(years), size):
        found = [command for year in years[start:start + size] for command in commands(year, step)]
        if found:
            yield Act(step, found)


def acts(years: Sequence[AgreementYear], size: int = ACT_AGREEMENTS) -> Iterator[Act]:
    """The whole year of `years` as acts of `size` agreements, in calendar order (held in
    memory: see `bench.spool` for many agreements)."""
    for step in STEPS:
        yield from step_acts(years, step, size)


class Clock:
    """The engine's clock (`KinerjaApp(clock=...)`): set to each act's day before it runs."""

    def __init__(self, today: date = TODAY) -> None:
        self.today = today

    def __call__(self) -> date:
        return self.today


def play_year(year: AgreementYear) -> tuple[Agreement, PositionSlot]:
    """The agreement and its position slot with the whole year's events pending, unsaved.

    The same commands as `acts`, run by the engine's own handlers in one unit of work over an
    empty in-memory store: for the engine's tests of one large save. The benchmark itself writes
    through `KinerjaApp.handle`."""
    clock = Clock()
    app = KinerjaApp(Settings(db=":memory:", actor=ACTOR, snapshot_every=0), clock)
    try:
        uow = UnitOfWork(app, app.stamp)
        for step in STEPS:
            clock.today = step.day
            for command in commands(year, step):
                handlers.run(command, uow)
        agreement, slot = sorted(uow.changed(), key=lambda a: not isinstance(a, Agreement))
    finally:
        app.close()
    return agreement, slot
