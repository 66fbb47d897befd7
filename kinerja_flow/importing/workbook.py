"""Reading an Excel .xlsx as tables, with memory and time bounded for any file.

An .xlsx is a zip of XML parts. openpyxl, even in read-only mode, trusts what the file declares:
it pads every row to the declared `<dimension>` (a cell at XFD1048576 made a 336 KB file take
2,7 GB), stops at a `<dimension>` that understates the rows (rows silently dropped), holds whole
parts as element trees, and returns a formula without a stored value as an empty cell. So the
parts are read here, with openpyxl's vocabulary (tags, number formats, Excel dates):

1. The zip's directory is checked before anything is unpacked: number of entries, and the
   unpacked size of the parts (a zip bomb is small on disk, huge unpacked; Python's zipfile never
   unpacks more than the size the directory declares).
2. Every part to be parsed is unpacked once to count its tags: counting `<` costs nearly nothing,
   parsing is what takes time.
3. Parts are parsed by expat in 64 KB chunks into a small state machine: no element tree is
   built, a cell's text is capped, and only cells are kept. Rows are read as they come, whatever
   `<dimension>` says; a filled cell beyond the row or column cap refuses the file, naming it.
4. A formula cell without a stored value becomes `cells.Uncalculated`, so the layout that reads
   it names the cell instead of taking it for an empty one.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Callable
from datetime import datetime
from typing import Any
from xml.etree.ElementTree import XMLParser

from openpyxl.styles.numbers import (
    builtin_format_code,
    is_date_format,
    is_timedelta_format,
)
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.utils.datetime import (
    CALENDAR_MAC_1904,
    CALENDAR_WINDOWS_1900,
    from_excel,
    from_ISO8601,
)

from kinerja_flow.importing import tables
from kinerja_flow.importing.cells import Cell, Uncalculated
from kinerja_flow.importing.errors import ImportFailed
from kinerja_flow.importing.source import SourceFile
from kinerja_flow.importing.tables import Table, beyond_caps
from kinerja_flow.limits import (
    MAX_PART_BYTES,
    MAX_STYLES,
    MAX_UNPACKED_BYTES,
    MAX_XML_RUN,
    MAX_XML_TAGS,
    MAX_ZIP_ENTRIES,
    grouped,
    megabytes,
)

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
DOCUMENT_RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
MAX_CELL_TEXT = 32_767  # Excel's own limit of a cell's text
CHUNK = 64 * 1024
_C, _ROW, _RPH, _V, _F, _T = (f"{MAIN}{name}" for name in ("c", "row", "rPh", "v", "f", "t"))
_CELL_TEXTS = frozenset({_V, _F, _T})
_SI, _SHEET, _WORKBOOK_PR, _NUM_FMT, _CELL_XFS, _XF = (
    f"{MAIN}{name}" for name in ("si", "sheet", "workbookPr", "numFmt", "cellXfs", "xf")
)


class _Refused(Exception):
    """The workbook is beyond a limit or damaged; the message names the place, not the file."""


def read_workbook(source: SourceFile, sheet: str | None = None) -> list[Table]:
    """The sheets of the workbook (or just `sheet`) as rows of cell values."""
    try:
        archive = _open_zip(source.data)
        budget = _Budget()
        package = _Package(archive, budget)
        names = [name for name, _ in package.sheets]
        if sheet is not None and sheet not in names:
            raise ImportFailed.at(source.where(), f"lembar {sheet!r} tidak ada; yang ada: {', '.join(names)}.")
        chosen = [(name, part) for name, part in package.sheets if sheet is None or name == sheet]
        budget.tags(archive, [part for _, part in chosen])
        return [Table(name, _SheetReader(package, name, budget).read(archive, part)) for name, part in chosen]
    except _Refused as refusal:
        raise ImportFailed.at(source.where(), str(refusal)) from None
    except ImportFailed:
        raise
    except Exception as error:  # noqa: BLE001 - a damaged zip or XML fails in many ways
        raise ImportFailed.at(
            source.where(), f"bukan berkas Excel .xlsx yang valid ({type(error).__name__})."
        ) from None


def _open_zip(data: bytes) -> zipfile.ZipFile:
    """The zip, once its directory shows nothing beyond the limits (nothing unpacked yet)."""
    stream = io.BytesIO(data)
    end = zipfile._EndRecData(stream)  # noqa: SLF001 - the directory's entry count, before it is read
    if end is None:
        raise zipfile.BadZipFile("no end of central directory")
    if end[zipfile._ECD_ENTRIES_TOTAL] > MAX_ZIP_ENTRIES:  # noqa: SLF001
        raise _Refused(f"berisi lebih dari {grouped(MAX_ZIP_ENTRIES)} bagian; bukan buku kerja biasa.")
    archive = zipfile.ZipFile(stream)
    unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        raise _Refused(
            f"isinya {megabytes(unpacked)} setelah dibuka (paling banyak {megabytes(MAX_UNPACKED_BYTES)}); "
            "simpan ulang hanya lembar yang perlu diimpor."
        )
    return archive


class _Budget:
    """What parsing may still cost: tags (time) and cells (memory), over the whole workbook."""

    def __init__(self) -> None:
        self.tags_left = MAX_XML_TAGS
        self.cells_left = tables.MAX_CELLS

    def tags(self, archive: zipfile.ZipFile, parts: list[str]) -> None:
        """Count the tags of `parts` (unpacking them once) against the budget, and refuse a run
        without any tag longer than `MAX_XML_RUN` (expat holds a whole tag in memory)."""
        for part in parts:
            run = 0
            with archive.open(part) as stream:
                while chunk := stream.read(CHUNK):
                    tags = chunk.count(b"<")
                    self.tags_left -= tags
                    if tags:
                        longest = max(run + chunk.find(b"<"), run)
                        run = len(chunk) - chunk.rfind(b"<") - 1
                    else:
                        run += len(chunk)
                        longest = run
                    if self.tags_left < 0:
                        raise _Refused(
                            f"bagian {part} terlalu rumit: lebih dari {grouped(MAX_XML_TAGS)} tag XML "
                            "di seluruh buku kerja."
                        )
                    if longest > MAX_XML_RUN:
                        raise _Refused(f"bagian {part} berisi satu tag atau teks lebih dari "
                                       f"{megabytes(MAX_XML_RUN)}; bukan buku kerja biasa.")

    def cell(self) -> None:
        self.cells_left -= 1
        if self.cells_left < 0:
            raise _Refused(tables.too_many_cells())


def _parse(archive: zipfile.ZipFile, part: str, target: Any) -> None:
    """Feed one part through expat into `target` (start/end/data callbacks), chunk by chunk."""
    parser = XMLParser(target=target)
    with archive.open(part) as stream:
        while chunk := stream.read(CHUNK):
            parser.feed(chunk)
    parser.close()


class _Events:
    """An expat target calling `on_start(tag, attrib)` and `on_end(tag, text)` per element;
    `text` is the element's own text, collected only for tags in `texts` and capped."""

    def __init__(self, on_start: Callable[[str, dict[str, str]], None],
                 on_end: Callable[[str, str], None], texts: frozenset[str],
                 where: Callable[[], str]) -> None:
        self.on_start, self.on_end, self.texts, self.where = on_start, on_end, texts, where
        self.text: list[str] | None = None
        self.size = 0

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        if tag in self.texts:
            self.text, self.size = [], 0
        self.on_start(tag, attrib)

    def data(self, data: str) -> None:
        if self.text is not None:
            self.size += len(data)
            if self.size > MAX_CELL_TEXT:
                raise _Refused(f"{self.where()}: teks lebih dari {grouped(MAX_CELL_TEXT)} karakter.")
            self.text.append(data)

    def end(self, tag: str) -> None:
        text = ""
        if tag in self.texts and self.text is not None:
            text, self.text = "".join(self.text), None
        self.on_end(tag, text)

    def close(self) -> None:
        return None


class _Package:
    """The parts around the sheets: which sheets there are, shared strings, date styles."""

    def __init__(self, archive: zipfile.ZipFile, budget: _Budget) -> None:
        self.archive = archive
        workbook = self._office_document(budget)
        rels = posixpath.join(posixpath.dirname(workbook), "_rels", posixpath.basename(workbook) + ".rels")
        targets = {rel_id: (kind, target) for rel_id, kind, target in self._relationships(rels, budget)}
        self.epoch = CALENDAR_WINDOWS_1900
        self.sheets: list[tuple[str, str]] = []
        sheet_ids = self._workbook(workbook, budget)
        strings = styles = None
        for kind, target in targets.values():
            path = _resolve(workbook, target)
            if kind.endswith("/sharedStrings"):
                strings = path
            elif kind.endswith("/styles"):
                styles = path
        for name, rel_id in sheet_ids:
            kind, target = targets.get(rel_id, ("", ""))
            if kind.endswith("/worksheet"):  # chart and dialog sheets hold no cells
                self.sheets.append((name, _resolve(workbook, target)))
        self.strings = self._shared_strings(strings, budget) if strings else []
        self.date_styles, self.duration_styles = self._date_styles(styles, budget) if styles else (set(), set())

    def _office_document(self, budget: _Budget) -> str:
        for _, kind, target in self._relationships("_rels/.rels", budget):
            if kind.endswith("/officeDocument"):
                return target.lstrip("/")
        return "xl/workbook.xml"

    def _relationships(self, part: str, budget: _Budget) -> list[tuple[str, str, str]]:
        if part not in self.archive.NameToInfo:
            return []
        found: list[tuple[str, str, str]] = []

        def start(tag: str, attrib: dict[str, str]) -> None:
            if tag == PACKAGE_RELS:
                _at_most(found, MAX_ZIP_ENTRIES, f"hubungan di {part}")
                found.append((attrib.get("Id", ""), attrib.get("Type", ""), attrib.get("Target", "")))

        self._read(part, _Events(start, lambda tag, text: None, frozenset(), lambda: part), budget)
        return found

    def _workbook(self, part: str, budget: _Budget) -> list[tuple[str, str]]:
        sheets: list[tuple[str, str]] = []

        def start(tag: str, attrib: dict[str, str]) -> None:
            if tag == _SHEET:
                _at_most(sheets, MAX_ZIP_ENTRIES, "lembar")
                sheets.append((attrib.get("name", ""), attrib.get(DOCUMENT_RELS, "")))
            elif tag == _WORKBOOK_PR and attrib.get("date1904", "").lower() in ("1", "true"):
                self.epoch = CALENDAR_MAC_1904

        self._read(part, _Events(start, lambda tag, text: None, frozenset(), lambda: part), budget)
        return sheets

    def _shared_strings(self, part: str, budget: _Budget) -> list[str]:
        """Each string's text: its runs joined, phonetic guides (`rPh`) left out."""
        if self.archive.getinfo(part).file_size > MAX_PART_BYTES:
            raise _Refused(f"daftar teks bersama ({part}) lebih dari {megabytes(MAX_PART_BYTES)}.")
        strings: list[str] = []
        current: list[str] = []
        phonetic = 0

        def start(tag: str, attrib: dict[str, str]) -> None:
            nonlocal phonetic
            if tag == _SI:
                current.clear()
            elif tag == _RPH:
                phonetic += 1

        def end(tag: str, text: str) -> None:
            nonlocal phonetic
            if tag == _T and not phonetic:
                current.append(text)
            elif tag == _RPH:
                phonetic -= 1
            elif tag == _SI:
                strings.append("".join(current).replace("x005F_", ""))  # as openpyxl reads it

        self._read(part, _Events(start, end, frozenset({_T}),
                                 lambda: f"teks bersama ke-{len(strings) + 1}"), budget)
        return strings

    def _date_styles(self, part: str, budget: _Budget) -> tuple[set[int], set[int]]:
        """Which cell styles (by index) format a number as a date, and which as a duration."""
        formats: dict[int, str] = {}
        styles: list[int] = []
        inside = [False]

        def start(tag: str, attrib: dict[str, str]) -> None:
            if tag == _NUM_FMT:
                _at_most(formats, MAX_STYLES, "format angka")
                formats[_int(attrib.get("numFmtId"))] = attrib.get("formatCode", "")[:MAX_CELL_TEXT]
            elif tag == _CELL_XFS:
                inside[0] = True
            elif tag == _XF and inside[0]:
                _at_most(styles, MAX_STYLES, "gaya sel")
                styles.append(_int(attrib.get("numFmtId")))

        def end(tag: str, text: str) -> None:
            if tag == _CELL_XFS:
                inside[0] = False

        self._read(part, _Events(start, end, frozenset(), lambda: part), budget)
        dates, durations = set(), set()
        for index, number_format in enumerate(styles):
            code = formats.get(number_format) or builtin_format_code(number_format)
            if code and is_date_format(code):
                dates.add(index)
            if code and is_timedelta_format(code):
                durations.add(index)
        return dates, durations

    def _read(self, part: str, events: _Events, budget: _Budget) -> None:
        budget.tags(self.archive, [part])
        _parse(self.archive, part, events)


def _at_most(found: Any, limit: int, what: str) -> None:
    """Refuse a workbook declaring more `what` than any real one has (they are kept in memory)."""
    if len(found) >= limit:
        raise _Refused(f"berisi lebih dari {grouped(limit)} {what}; bukan buku kerja biasa.")


def _resolve(base: str, target: str) -> str:
    """A relationship's target as a part name (relative to the part `base`, or absolute)."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


def _int(text: str | None) -> int:
    try:
        return int(text or 0)
    except ValueError:
        return -1


class _SheetReader:
    """One sheet's filled cells, row by row (rows without a filled cell are not kept).

    The expat target of the sheet's part (start/data/end/close), the hottest loop of an import:
    a cell's text is collected only inside `<v>`, `<f>` and `<t>`, and capped.
    """

    def __init__(self, package: _Package, name: str, budget: _Budget) -> None:
        self.package, self.name, self.budget = package, name, budget
        self.filled: dict[int, list[Cell]] = {}  # row number -> cells up to the last filled one
        self.pending: list[tuple[int, int, Cell]] = []  # (row, column, value) of the current row
        self.row = 0
        self.column = 0
        self.cell: dict[str, str] | None = None
        self.value: str | None = None
        self.formula: str | None = None
        self.inline: list[str] = []
        self.phonetic = 0
        self.text: list[str] | None = None
        self.size = 0

    def read(self, archive: zipfile.ZipFile, part: str) -> list[list[Cell]]:
        _parse(archive, part, self)
        self._flush()
        return [self.filled.get(number) or [] for number in range(1, max(self.filled, default=0) + 1)]

    def _flush(self) -> None:
        """Put the current row's filled cells into their rows (a cell's own address wins)."""
        for row, column, value in self.pending:
            cells = self.filled.setdefault(row, [])
            if len(cells) < column:
                cells.extend([None] * (column - len(cells)))
            cells[column - 1] = value
        self.pending.clear()

    def _here(self) -> str:
        coordinate = (self.cell or {}).get("r") or f"{get_column_letter(max(self.column, 1))}{self.row}"
        return f"lembar {self.name!r}, sel {coordinate}"

    # --- expat target

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        if tag in _CELL_TEXTS:
            self.text, self.size = [], 0
        elif tag == _C:
            self.cell, self.value, self.formula = attrib, None, None
            self.inline = []
        elif tag == _ROW:
            self.row = self._row_number(attrib.get("r"))
            self.column = 0
        elif tag == _RPH:
            self.phonetic += 1

    def data(self, data: str) -> None:
        if self.text is not None:
            self.size += len(data)
            if self.size > MAX_CELL_TEXT:
                raise _Refused(f"{self._here()}: teks lebih dari {grouped(MAX_CELL_TEXT)} karakter.")
            self.text.append(data)

    def end(self, tag: str) -> None:
        if tag in _CELL_TEXTS:
            text, self.text = "".join(self.text or ()), None
            if self.cell is None:
                return
            if tag == _V:
                self.value = text
            elif tag == _F:
                self.formula = text
            elif not self.phonetic:
                self.inline.append(text)
        elif tag == _C:
            if self.cell is not None:
                self._keep_cell()
            self.cell = None
        elif tag == _ROW:
            self._flush()
        elif tag == _RPH:
            self.phonetic -= 1

    def close(self) -> None:
        return None

    def _row_number(self, text: str | None) -> int:
        if text is None:
            return self.row + 1
        try:
            return int(text)
        except ValueError:
            raise _Refused(f"lembar {self.name!r}: nomor baris {text[:20]!r} tidak valid.") from None

    def _keep_cell(self) -> None:
        assert self.cell is not None
        self.budget.cell()
        coordinate = self.cell.get("r")
        if coordinate:
            try:
                row, column = coordinate_to_tuple(coordinate)
            except (ValueError, TypeError):
                raise _Refused(f"lembar {self.name!r}: alamat sel {coordinate[:20]!r} tidak valid.") from None
        else:
            row, column = self.row, self.column + 1
        self.column = column
        value = self._value()
        if value is None:
            return
        if row < 1 or column < 1:  # a cell outside any row: never dropped silently
            raise _Refused(f"{self._here()}: sel tanpa baris yang valid.")
        problem = beyond_caps(row, column)
        if problem:
            raise _Refused(f"{self._here()}: {problem}")
        self.pending.append((row, column, value))

    def _value(self) -> Cell:
        """The cell's value as openpyxl (data_only) gives it, or `Uncalculated`."""
        assert self.cell is not None
        kind = self.cell.get("t", "n")
        value = self.value or None
        # No stored result: no `<v>`, or an empty one (as openpyxl writes formulas) unless the
        # formula's result is text ("str"), which may be empty.
        if self.formula is not None and (self.value is None or (not self.value and kind != "str")):
            return Uncalculated(self.formula)
        if kind == "inlineStr":
            return "".join(self.inline) if self.inline else None
        if value is None:
            return None
        if kind == "s":
            try:
                return self.package.strings[int(value)]
            except (ValueError, IndexError):
                raise _Refused(f"{self._here()}: merujuk teks bersama {value[:20]!r} yang tidak ada.") from None
        if kind == "b":
            return value.strip() in ("1", "true")
        if kind in ("str", "e"):
            return value
        if kind == "d":
            try:
                return from_ISO8601(value)
            except ValueError:
                return value
        return self._number(value)

    def _number(self, text: str) -> Cell:
        if len(text) > 100:  # no real number is that long: cells.number refuses it, naming the cell
            return text
        try:
            number: int | float = float(text) if "." in text or "E" in text or "e" in text else int(text)
        except ValueError:
            return text  # not a number: cells.number says so, naming the cell
        style_id = self.cell.get("s") if self.cell else None
        if style_id is None or not self.package.date_styles:
            return number
        style = _int(style_id)
        if style in self.package.date_styles:
            try:
                moment: datetime | Any = from_excel(
                    number, self.package.epoch, timedelta=style in self.package.duration_styles
                )
            except (OverflowError, ValueError):
                return "#VALUE!"  # as openpyxl: a date beyond the calendar
            return moment
        return number
