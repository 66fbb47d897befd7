"""Generate the example realisation spreadsheets shipped in `kinerja_flow/demo/`.

    python -m kinerja_flow.demo.make_examples

The demo year (`kinerja_flow.demo_year`: the Buleleng 2020 PK, its PK Perubahan and the
realisations of `realisasi-2020.yaml`) is replayed in a scratch database, and its quarterly
summary is exported in the wide layout of the seed's Lampiran 2 ("Capaian Rencana Aksi ... s/d
Triwulan IV") as `realisasi-2020-lampiran2.xlsx` and `.csv`. Every realisation figure in them is
thus exactly one of `realisasi-2020.yaml` (recorded at months 3, 6, 9, 12), and the files import
back with `kinerja import` into an agreement that has none yet.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from kinerja_flow import export
from kinerja_flow.bootstrap import bootstrap
from kinerja_flow.demo_year import CODE, PLANNER, run_demo
from kinerja_flow.settings import Settings

DEMO_DIR = Path(__file__).parent
EXAMPLE = "realisasi-2020-lampiran2"


def make_examples(target: Path = DEMO_DIR) -> list[Path]:
    with tempfile.TemporaryDirectory() as scratch:
        db = str(Path(scratch) / "demo.db")
        system = bootstrap(Settings(db=db, actor=PLANNER))
        try:
            run_demo(system.engine)
            system.runner.catch_up()
            summary = export.quarterly(system.views, CODE)
        finally:
            system.close()
    written = []
    for format in ("xlsx", "csv"):
        path = target / f"{EXAMPLE}.{format}"
        export.write(summary, path, format, force=True)  # they are regenerated in place
        written.append(path)
    return written


if __name__ == "__main__":
    for path in make_examples():
        print(path)
