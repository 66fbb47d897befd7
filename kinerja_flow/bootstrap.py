"""The composition root: the one place that puts the engine, the read-model store and the
catch-up runner together for a database. The CLI, the tests, the benchmark and the demo all
start here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from kinerja_flow.application import KinerjaApp
from kinerja_flow.settings import Settings, open_views
from projections.runner import Runner
from projections.store import ViewStore


@dataclass
class System:
    settings: Settings
    engine: KinerjaApp
    views: ViewStore
    runner: Runner

    def close(self) -> None:
        try:
            self.views.close()
        finally:
            self.engine.close()


def bootstrap(settings: Settings | None = None, clock: Callable[[], date] = date.today) -> System:
    settings = settings or Settings()
    engine = KinerjaApp(settings, clock)
    try:
        views = open_views(settings)
    except BaseException:
        engine.close()
        raise
    runner = Runner(views)
    recorded = getattr(engine.recorder, "events_table_name", None)
    if recorded != runner.log.table:
        raise RuntimeError(f"the engine's events table {recorded!r} is not the one the read "
                           f"side reads ({runner.log.table!r})")
    return System(settings, engine, views, runner)
