"""`kinerja init`: create or upgrade everything a database needs, idempotently, and say what."""

from __future__ import annotations

from dataclasses import dataclass, field

from kinerja_flow.bootstrap import System
from kinerja_flow.storage import create_event_tables, existing_tables


@dataclass
class InitReport:
    database: str
    created: list[str] = field(default_factory=list)  # tables that did not exist before
    kept: list[str] = field(default_factory=list)  # tables that were already there
    rebuilt: list[str] = field(default_factory=list)  # read models built anew (new or new schema)
    events_projected: int = 0


def initialise(system: System, before: set[str]) -> InitReport:
    """Create or upgrade the event store and the read-model tables of the system's database,
    then catch the read models up. `before` is `existing_tables()` taken before the engine was
    opened (opening it may already create the event tables)."""
    app, runner = system.engine, system.runner
    create_event_tables(app.recorder, upgrade=True)
    if app.snapshots is not None:
        create_event_tables(app.snapshots.recorder, upgrade=True)
    stale = [s.name for s in runner.status()
             if s.position is None or s.schema_version != s.current_schema_version]
    runner.prepare()
    processed = runner.catch_up()
    after = existing_tables(app.settings)
    return InitReport(
        database=app.settings.display_db,
        created=sorted(after - before),
        kept=sorted(after & before),
        rebuilt=stale,
        events_projected=processed,
    )
