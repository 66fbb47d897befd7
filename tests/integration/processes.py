"""Work done in separate OS processes by the concurrency and crash tests.

Every function here is a `multiprocessing` target run with the *spawn* start method: a fresh
interpreter that opens its own engine (its own SQLite connection or psycopg pool), as a second
user or a second server would. Results go to files, never to the parent's memory, so that a
process killed with SIGKILL cannot leave anything half-reported behind.
"""

from __future__ import annotations

import json
import multiprocessing
import time
import traceback
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from domain import commands as c
from domain.errors import DomainError
from kinerja_flow.application import KinerjaApp
from kinerja_flow.documents import load_document
from kinerja_flow.errors import StorageBusy
from kinerja_flow.settings import Settings, open_views
from projections.catalog import READ_MODELS
from projections.runner import Runner

DEMO = Path(__file__).parents[2] / "kinerja_flow" / "demo"
INDICATORS = ("S1.1", "S2.1", "S3.1")
PROGRAMMES = tuple(f"P{n:02d}" for n in range(1, 10))
MONTHS = range(1, 13)
SPAWN = multiprocessing.get_context("spawn")


def agreement_codes(count: int, prefix: str = "PK") -> list[str]:
    return [f"{prefix}-{n:02d}" for n in range(1, count + 1)]


def open_app(db_url: str, actor: str) -> KinerjaApp:
    return KinerjaApp(Settings(db=db_url, actor=actor))


def create_signed_agreements(db_url: str, codes: Iterable[str]) -> None:
    """Agreements in force (demo PK 2020 content), each for its own position."""
    document = load_document(DEMO / "pk-2020-awal.yaml")
    app = open_app(db_url, "perencana")
    try:
        for code in codes:
            first = document.pihak_pertama.model_copy(update={"jabatan": f"Kepala {code}"})
            app.handle(c.CreateAgreement(document=document.model_copy(update={"kode": code, "pihak_pertama": first}), effective=date(2020, 1, 2)))
            app.handle(c.Sign(code=code, party="pertama", place="Singaraja", effective=date(2020, 1, 2)))
            app.handle(c.Sign(code=code, party="kedua", place="Singaraja", effective=date(2020, 1, 2)))
    finally:
        app.close()


# ----------------------------------------------------------------- concurrent writers

Command = tuple[str, str, str, int, str]  # (kind, code, item, month, value)


def run_command(app: KinerjaApp, command: Command) -> None:
    kind, code, item, month, value = command
    if kind == "indikator":
        app.handle(c.RecordRealisation(code=code, indicator=item, month=month, value=Decimal(value)))
    else:
        app.handle(c.RecordBudgetRealisation(code=code, programme=item, month=month, amount=Decimal(value)))


def writer(db_url: str, actor: str, commands: list[Command], start: Any, out: str) -> None:
    """Run `commands` one by one after `start` (a barrier); write one outcome line each.

    Refusals (`DomainError`: conflict, busy, rule) are outcomes; anything else is a crash and is
    reported with its traceback, which the test treats as a failure.
    """
    app = open_app(db_url, actor)
    outcomes = []
    start.wait(timeout=30)
    for command in commands:
        try:
            run_command(app, command)
        except DomainError as error:
            outcomes.append({"command": command, "ok": False,
                             "error": type(error).__name__, "message": str(error)})
        except Exception:  # noqa: BLE001 - reported, and failed by the test
            outcomes.append({"command": command, "ok": False, "error": "crash",
                             "message": traceback.format_exc()})
        else:
            outcomes.append({"command": command, "ok": True})
    app.close()
    Path(out).write_text("\n".join(json.dumps(o) for o in outcomes), encoding="utf-8")


def run_processes(targets: list[tuple[Callable[..., None], tuple[Any, ...]]], timeout: float) -> None:
    """Start every target in its own spawned process; wait; fail on a non-zero exit."""
    processes = [SPAWN.Process(target=t, args=a) for t, a in targets]
    for process in processes:
        process.start()
    deadline = time.monotonic() + timeout
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
    alive = [p for p in processes if p.is_alive()]
    for process in alive:
        process.kill()
    if alive:
        raise AssertionError(f"{len(alive)} process(es) still running after {timeout}s")
    codes = [p.exitcode for p in processes]
    if any(codes):
        raise AssertionError(f"process exit codes: {codes}")


# ----------------------------------------------------------------- read models

def open_read_models(db_url: str, batch_size: int = 1000) -> Runner:
    return Runner(open_views(Settings(db=db_url, actor="pembaca")), batch_size=batch_size)


def close_read_models(models: Runner) -> None:
    models.store.close()


def read_model_rows(models: Runner) -> dict[str, list[tuple[str, ...]]]:
    """Every row of every read-model table, in a canonical order."""
    tables = [t.name for m in READ_MODELS.values() for t in m.tables]
    return {t: sorted(tuple(map(str, r.values())) for r in models.store.query(f"SELECT * FROM {t}"))
            for t in tables}


def reader(db_url: str, stop: Any, out: str) -> None:
    """Catch the read models up again and again until `stop` is set, then once more."""
    models = open_read_models(db_url, batch_size=20)
    rounds = busy = processed = 0
    while True:
        last = stop.is_set()
        try:
            processed += models.catch_up()
            rounds += 1
        except StorageBusy:  # bounded wait ran out: try again, as a user would
            busy += 1
            continue
        if last:
            break
        time.sleep(0.02)
    close_read_models(models)
    Path(out).write_text(json.dumps({"rounds": rounds, "busy": busy, "processed": processed}))


def rebuilder(db_url: str, progress: str) -> None:
    """Rebuild every read model in small batches, noting each batch committed."""
    models = open_read_models(db_url, batch_size=25)

    def note(position: int, head: int) -> None:
        with open(progress, "a", encoding="utf-8") as file:
            file.write(f"{position}/{head}\n")

    models.rebuild(progress=note, chunk=1)  # one agreement a chunk: a note after each
    close_read_models(models)


# ----------------------------------------------------------------- crash victims

def full_year(code: str) -> list[c.Command]:
    """One agreement's whole year of realisations: 36 indicator and 108 budget entries."""
    commands: list[c.Command] = []
    for month in MONTHS:
        commands += [c.RecordRealisation(code=code, indicator=i, month=month, value=Decimal(month))
                     for i in INDICATORS]
        commands += [c.RecordBudgetRealisation(code=code, programme=p, month=month,
                                               amount=Decimal(1000 * month)) for p in PROGRAMMES]
    return commands


def batch_writer(db_url: str, codes: list[str], progress: str) -> None:
    """Record a whole year per agreement, one transaction each, until killed or done."""
    app = open_app(db_url, "importir")
    for code in codes:
        app.handle(*full_year(code))
        with open(progress, "a", encoding="utf-8") as file:
            file.write(code + "\n")
    app.close()
