"""Eight writer processes at once, on both backends: nothing lost, nothing doubled, refusals clear.

Each writer records, month by month, a realisation on one agreement that every writer shares (three
writers per indicator: they race for the same month, and all eight race for the aggregate's next
version) and a budget realisation on an agreement of its own. Meanwhile a reader process keeps the
read models caught up. Afterwards the log is compared with what the writers were told, and the
read models the reader left behind with a fresh rebuild.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from processes import (
    INDICATORS,
    MONTHS,
    PROGRAMMES,
    SPAWN,
    close_read_models,
    create_signed_agreements,
    open_read_models,
    read_model_rows,
    reader,
    run_processes,
    writer,
)

from domain.agreement import agreement_id
from kinerja_flow.application import KinerjaApp
from kinerja_flow.settings import Settings

WRITERS = 8
SHARED = "PK-BERSAMA"
CONFLICT = "sedang diubah oleh pengguna lain"
ALREADY = "sudah ada"
BUSY = "sibuk"

pytestmark = pytest.mark.slow


def _plan(index: int) -> list[tuple[str, str, str, int, str]]:
    own = f"PK-W{index}"
    commands = []
    for month in MONTHS:
        commands.append(("indikator", SHARED, INDICATORS[index % 3], month, f"{index}.{month}"))
        commands.append(("anggaran", own, PROGRAMMES[index], month, str(1000 * index + month)))
    return commands


def _realisation_events(app: KinerjaApp, code: str) -> list[tuple[str, int, str, str]]:
    """(item, month, value, actor) of every realisation event of `code`, in log order."""
    found = []
    for stored in app.recorder.select_events(agreement_id(code)):
        state = json.loads(stored.state)
        if stored.topic == "kinerja:Agreement.RealisationRecorded":
            found.append((state["indicator"], state["month"], state["value"], state["actor"]))
        elif stored.topic == "kinerja:Agreement.BudgetRealisationRecorded":
            found.append((state["programme"], state["month"], state["amount"], state["actor"]))
    return found


def test_eight_writers_lose_nothing_and_double_nothing(db_url: str, tmp_path: Path) -> None:
    create_signed_agreements(db_url, [SHARED, *(f"PK-W{i}" for i in range(WRITERS))])
    start, stop = SPAWN.Barrier(WRITERS), SPAWN.Event()
    outputs = [tmp_path / f"writer-{i}.jsonl" for i in range(WRITERS)]
    reading = SPAWN.Process(target=reader, args=(db_url, stop, str(tmp_path / "reader.json")))
    reading.start()
    try:
        run_processes(
            [(writer, (db_url, f"writer-{i}", _plan(i), start, str(outputs[i])))
             for i in range(WRITERS)],
            timeout=60,
        )
    finally:
        stop.set()
        reading.join(60)
    assert reading.exitcode == 0
    assert json.loads((tmp_path / "reader.json").read_text())["rounds"] > 1
    outcomes = [
        {**json.loads(line), "actor": f"writer-{i}"}
        for i, path in enumerate(outputs)
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    assert len(outcomes) == WRITERS * 2 * len(MONTHS)
    crashes = [o["message"] for o in outcomes if o.get("error") == "crash"]
    assert not crashes, crashes[0]
    for refused in (o for o in outcomes if not o["ok"]):
        assert any(text in refused["message"] for text in (CONFLICT, ALREADY, BUSY)), refused
        assert "\n" not in refused["message"]

    app = KinerjaApp(Settings(db=db_url, actor="auditor"))
    try:
        accepted = Counter(
            (o["command"][2], o["command"][3], o["command"][4], o["actor"])
            for o in outcomes if o["ok"] and o["command"][1] == SHARED
        )
        shared = _realisation_events(app, SHARED)
        assert Counter((item, month, str(value), actor) for item, month, value, actor in shared) \
            == accepted
        slots = Counter((item, month) for item, month, _, _ in shared)
        assert max(slots.values()) == 1, "a month of an indicator was recorded twice"
        told_already = {(o["command"][2], o["command"][3]) for o in outcomes
                        if not o["ok"] and ALREADY in o["message"]}
        assert told_already <= set(slots), "refused as recorded, but nothing was recorded"

        for i in range(WRITERS):
            own = f"PK-W{i}"
            mine = [o for o in outcomes if o["command"][1] == own]
            assert all(o["ok"] for o in mine), [o for o in mine if not o["ok"]][:1]
            assert len(_realisation_events(app, own)) == len(MONTHS)

        for code in (SHARED, *(f"PK-W{i}" for i in range(WRITERS))):
            versions = [e.originator_version for e in app.recorder.select_events(agreement_id(code))]
            assert versions == list(range(1, len(versions) + 1))
        ids = [n.id for n in app.recorder.select_notifications(start=1, limit=10_000)]
        assert ids == sorted(set(ids))
        assert len(ids) == sum(
            len(app.recorder.select_events(agreement_id(c)))
            for c in (SHARED, *(f"PK-W{i}" for i in range(WRITERS)))
        ) + 1 + WRITERS  # and one position-slot event per agreement
    finally:
        app.close()

    models = open_read_models(db_url)
    try:
        assert {s.name: s.lag for s in models.status()} == {s.name: 0 for s in models.status()}
        caught_up = read_model_rows(models)
        models.rebuild()
        assert read_model_rows(models) == caught_up
    finally:
        close_read_models(models)
