"""Writing an `Export` to a file: the format chosen by suffix or name, the bytes rendered by the
format's writer, the file put in place safely (`output`).

The content is rendered completely before the file is touched (an XLSX is built in memory and
saved into the temporary file), so a rendering error leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO

from domain.errors import DomainError
from kinerja_flow.export import csv_file, json_file, output, xlsx_file
from kinerja_flow.export.model import FORMATS, Export, Format


def format_of(path: Path, format: str | None = None) -> Format:
    chosen = (format or path.suffix.lstrip(".")).lower()
    if chosen not in FORMATS:
        raise DomainError(f"Format ekspor {chosen or '(tanpa akhiran)'!r} tidak dikenal; pilih csv, xlsx atau json.")
    return chosen  # type: ignore[return-value]


def check_output(path: Path, *, force: bool = False, database: str | None = None) -> None:
    """Refuse `path` now, before an export is computed (see `output.check`)."""
    output.check(path, force=force, protected=output.protected_files(database))


def write(export: Export, path: Path, format: Format, *, force: bool = False,
          database: str | None = None) -> None:
    """Write `export` to `path` atomically. An existing file is replaced only with `force`;
    `database` (the `--db` of the session) is never written, nor its companion files."""
    fill: Callable[[IO[bytes]], object]
    if format == "xlsx":
        fill = xlsx_file.workbook(export.tables).save
    else:
        content = json_file.json_bytes(export.data) if format == "json" else csv_file.csv_bytes(export.tables)
        fill = lambda file: file.write(content)  # noqa: E731
    output.write_atomically(path, fill, force=force, protected=output.protected_files(database))
