"""An imported file read once: its bytes, its name and its SHA-256, and the provenance it gives."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from kinerja_flow.importing.errors import ImportFailed, Location
from kinerja_flow.input_files import Unreadable, read_limited
from kinerja_flow.limits import MAX_FILE_BYTES


@dataclass(frozen=True)
class SourceFile:
    path: Path
    data: bytes = field(repr=False)

    @classmethod
    def read(cls, path: Path, limit: int = MAX_FILE_BYTES) -> SourceFile:
        """The file's bytes; refused beyond `limit` bytes, or when it is no regular file."""
        try:
            return cls(path, read_limited(path, limit))
        except Unreadable as error:
            raise ImportFailed.at(Location(path.name or str(path)), str(error)) from None

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def suffix(self) -> str:
        return self.path.suffix.lower()

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def where(self, sheet: str | None = None, row: int | None = None) -> Location:
        return Location(self.name, sheet, row)

    def provenance(self, where: Location) -> dict[str, Any]:
        """What an imported event records about its origin (the import batch)."""
        facts = {
            "file": self.name,
            "sha256": self.sha256,
            "sheet": where.sheet,
            "row": where.row,
            "column": where.column,
        }
        return {key: value for key, value in facts.items() if value is not None}
