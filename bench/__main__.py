"""`python -m bench --scale small|province|national [--db DIR] [--out FILE] [--postgres URL]`."""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path
from typing import Any

from rich.console import Console

from bench.report import print_table, write_markdown
from bench.run import run
from bench.scales import SCALES

RESULTS = Path(__file__).with_name("RESULTS.md")


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument("--db", type=Path, default=None,
                        help="directory for the benchmark's SQLite files (default: a temporary one)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the Markdown results")
    parser.add_argument("--json", type=Path, default=None, help="also write the raw figures as JSON")
    parser.add_argument("--postgres", metavar="URL", default=None,
                        help="also measure ingest on this PostgreSQL server (fresh databases are "
                             "created and dropped there)")
    parser.add_argument("--budget-minutes", type=float, default=None,
                        help="stop growing the database once this much time is spent")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    args = parse(argv)
    console = Console()
    with tempfile.TemporaryDirectory(prefix="kinerja-bench-") as temporary:
        workdir = args.db or Path(temporary)
        workdir.mkdir(parents=True, exist_ok=True)

        def save(figures: dict[str, Any]) -> None:
            write_markdown(figures, args.out)
            if args.json:
                args.json.write_text(json.dumps(figures, indent=2, default=str), encoding="utf-8")

        figures = run(
            SCALES[args.scale], workdir,
            None if args.budget_minutes is None else args.budget_minutes * 60,
            on_figures=save, say=lambda text: console.log(text), postgres_url=args.postgres,
        )
    print_table(figures, console)
    console.print(f"results written to {args.out}")
    return figures


if __name__ == "__main__":
    main()
