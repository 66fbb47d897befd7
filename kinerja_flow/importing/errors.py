"""Where a problem in an imported file is, and the refusals of an import.

An import is refused as a whole: every problem found is reported together, each naming the file,
sheet, row and column, and nothing is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.errors import ProblemList
from kinerja_flow.printable import one_line


@dataclass(frozen=True)
class Location:
    """A place in an imported file; sheet, row and column when they apply."""

    file: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None  # e.g. "E (bulan)"

    def at(self, column: str | None) -> Location:
        return Location(self.file, self.sheet, self.row, column)

    def __str__(self) -> str:
        parts = [one_line(self.file)]  # a file name may hold a line break
        if self.sheet is not None:
            parts.append(f"lembar {self.sheet!r}")
        if self.row is not None:
            parts.append(f"baris {self.row}")
        if self.column is not None:
            parts.append(f"kolom {self.column}")
        return ", ".join(parts)


@dataclass(frozen=True)
class RowError:
    where: Location
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class ImportFailed(ProblemList):
    """The file has problems; nothing was recorded. `errors` lists every one found."""

    SHOWN = 50

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = list(errors)
        lines = [
            f"impor dibatalkan, tidak ada yang dicatat ({len(self.errors)} kesalahan):",
            *(f"  {error}" for error in self.errors[: self.SHOWN]),
        ]
        if len(self.errors) > self.SHOWN:
            lines.append(f"  ... dan {len(self.errors) - self.SHOWN} kesalahan lain.")
        super().__init__("\n".join(lines))

    @classmethod
    def at(cls, where: Location, message: str) -> ImportFailed:
        return cls([RowError(where, message)])

