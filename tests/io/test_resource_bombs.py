"""Resource bombs: files small on disk and huge when read are refused in one line, quickly, with
bounded memory; a declared size is never trusted (issue 12, item 6).

The bombs are built in tmp_path, streamed so that building them costs little memory. Bounds are
the real ones (`kinerja_flow.limits`), except where reaching a cap would take seconds: there the
cap is lowered, the code path being the same.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from domain.errors import DomainError
from kinerja_flow.application import KinerjaApp
from kinerja_flow.importing import (
    document_import,
    import_documents,
    import_realisations,
    workbook,
)
from kinerja_flow.importing import tables as table_reading
from kinerja_flow.limits import MAX_COLUMNS, MAX_FILE_BYTES
from tests.io.conftest import CODE

SHEET = "xl/worksheets/sheet1.xml"
HEADER = ["kode_pk", "jenis", "kode", "bulan", "nilai"]
ROWS = [[CODE, "anggaran", "P01", 3, 30515960], [CODE, "indikator", "S1.2", 6, 20]]
SECONDS = 5  # far above what any refusal here takes; the unbounded versions ran past 60 s


def workbook_parts(rows: list[list[Any]]) -> dict[str, bytes]:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_xlsx(path: Path, parts: dict[str, bytes | Iterable[bytes]]) -> Path:
    """A zip of `parts`; a part given as chunks is streamed in (a bomb costs little to build)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            if isinstance(content, bytes):
                archive.writestr(name, content)
                continue
            with archive.open(name, "w", force_zip64=True) as part:
                for chunk in content:
                    part.write(chunk)
    return path


def sheet_with(extra: bytes | Iterable[bytes], before: bytes = b"</sheetData>",
               rows: list[list[Any]] | None = None) -> dict[str, bytes | Iterable[bytes]]:
    """The parts of a workbook holding `rows`, with `extra` inserted in its sheet before `before`."""
    parts: dict[str, bytes | Iterable[bytes]] = dict(workbook_parts(rows or [HEADER, *ROWS]))
    sheet = parts[SHEET]
    assert isinstance(sheet, bytes)
    head, tail = sheet.split(before)
    chunks = [extra] if isinstance(extra, bytes) else extra
    parts[SHEET] = iter([head, *chunks, before + tail])
    return parts


def repeated(piece: bytes, times: int, per_chunk: int = 100_000) -> Iterator[bytes]:
    for start in range(0, times, per_chunk):
        yield piece * min(per_chunk, times - start)


def refused_quickly(app: KinerjaApp, path: Path, match: str) -> str:
    before = app.recorder.max_notification_id()
    started = time.monotonic()
    with pytest.raises(DomainError) as refusal:
        import_realisations(app, path)
    assert time.monotonic() - started < SECONDS
    assert app.recorder.max_notification_id() == before
    message = str(refusal.value)
    assert path.name in message and match in message, message
    assert "Traceback" not in message
    return message


# ----------------------------------------------------------------- XLSX


def test_a_filled_cell_at_the_end_of_the_sheet_is_refused_naming_it(in_force: KinerjaApp, tmp_path: Path) -> None:
    far = b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row>'
    path = write_xlsx(tmp_path / "jauh.xlsx", sheet_with(far))
    refused_quickly(in_force, path, "sel XFD1048576: ada isi di baris 1.048.576; paling banyak 100.000 baris")
    wide = b'<row r="4"><c r="GS4" t="n"><v>1</v></c></row>'  # column 201
    path = write_xlsx(tmp_path / "lebar.xlsx", sheet_with(wide))
    refused_quickly(in_force, path, f"sel GS4: ada isi di kolom GS; paling banyak {MAX_COLUMNS} kolom")


def test_a_huge_declared_range_and_formatted_empty_cells_cost_nothing(in_force: KinerjaApp, tmp_path: Path) -> None:
    """The 336 KB workbook that took 2,7 GB: a declared range up to XFD1048576."""
    parts = sheet_with(b'<row r="1048576"><c r="XFD1048576" s="0"/></row>')
    parts[SHEET] = (chunk.replace(b'<dimension ref="A1:E3"', b'<dimension ref="A1:XFD1048576"')
                    for chunk in parts[SHEET])
    path = write_xlsx(tmp_path / "dimensi.xlsx", parts)
    started = time.monotonic()
    report = import_realisations(in_force, path)
    assert time.monotonic() - started < SECONDS
    assert len(report.realisations) == 2


def test_a_zip_bomb_is_refused_before_it_is_unpacked(in_force: KinerjaApp, tmp_path: Path) -> None:
    parts = sheet_with(repeated(b" " * 1024, 210 * 1024))  # 210 MB of spaces, ~200 KB zipped
    path = write_xlsx(tmp_path / "bom.xlsx", parts)
    assert path.stat().st_size < 1024 * 1024
    refused_quickly(in_force, path, "isinya 210 MB setelah dibuka (paling banyak 200 MB)")


def test_a_part_with_too_many_tags_is_refused_before_it_is_parsed(in_force: KinerjaApp, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "tag.xlsx", sheet_with(repeated(b"<x/>", 7_100_000), before=b"<sheetData>"))
    refused_quickly(in_force, path, "lebih dari 7.000.000 tag XML")


def test_one_giant_tag_is_refused(in_force: KinerjaApp, tmp_path: Path) -> None:
    giant = iter([b'<x a="', *repeated(b"a" * 1024, 2 * 1024), b'"/>'])
    path = write_xlsx(tmp_path / "raksasa.xlsx", sheet_with(giant, before=b"<sheetData>"))
    refused_quickly(in_force, path, "satu tag atau teks lebih dari 1 MB")


def test_a_zip_of_many_entries_is_refused(in_force: KinerjaApp, tmp_path: Path) -> None:
    parts: dict[str, bytes | Iterable[bytes]] = dict(workbook_parts([HEADER, *ROWS]))
    parts.update({f"xl/media/kosong{i}.bin": b"" for i in range(10_001)})
    refused_quickly(in_force, write_xlsx(tmp_path / "banyak.xlsx", parts), "lebih dari 10.000 bagian")


def test_too_many_cells_is_refused_while_reading(in_force: KinerjaApp, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(table_reading, "MAX_CELLS", 50)
    cells = b"".join(b'<row r="%d"><c r="A%d" s="0"/></row>' % (r, r) for r in range(10, 60))
    refused_quickly(in_force, write_xlsx(tmp_path / "sel.xlsx", sheet_with(cells)), "lebih dari 50 sel")


def with_shared_strings(items: list[bytes], cells: bytes) -> dict[str, bytes | Iterable[bytes]]:
    """A workbook whose sheet holds `cells` (a `<row>`...) and a shared string table of `items`."""
    parts: dict[str, bytes | Iterable[bytes]] = dict(workbook_parts([]))
    parts["xl/sharedStrings.xml"] = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + b"".join(items) + b"</sst>"
    )
    rels = parts["xl/_rels/workbook.xml.rels"]
    assert isinstance(rels, bytes)
    parts["xl/_rels/workbook.xml.rels"] = rels.replace(b"</Relationships>", (
        b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'sharedStrings" Target="sharedStrings.xml" Id="rId9"/></Relationships>'))
    sheet = parts[SHEET]
    assert isinstance(sheet, bytes)
    parts[SHEET] = sheet.replace(b"<sheetData></sheetData>", b"<sheetData>" + cells + b"</sheetData>")
    return parts


def test_shared_strings_are_read_as_excel_writes_them(in_force: KinerjaApp, tmp_path: Path) -> None:
    items = [b"<si><t>%s</t></si>" % name.encode() for name in HEADER] + [
        b"<si><r><t>%s</t></r><r><t>%s</t></r><rPh><t>x</t></rPh></si>" % (CODE[:5].encode(), CODE[5:].encode()),
        b"<si><t>anggaran</t></si>", b"<si><t>P01</t></si>",
    ]
    header = b"".join(b'<c r="%s1" t="s"><v>%d</v></c>' % (column.encode(), index)
                      for index, column in enumerate("ABCDE"))
    row = (b'<c r="A2" t="s"><v>5</v></c><c r="B2" t="s"><v>6</v></c><c r="C2" t="s"><v>7</v></c>'
           b'<c r="D2"><v>3</v></c><c r="E2"><v>30515960</v></c>')
    path = write_xlsx(tmp_path / "bersama.xlsx", with_shared_strings(items, b'<row r="1">' + header + b"</row>"
                                                                     b'<row r="2">' + row + b"</row>"))
    import_realisations(in_force, path)
    assert in_force.state(CODE).realisation("anggaran", "P01", 3).value == 30515960  # type: ignore[union-attr]


def test_too_much_shared_text_is_refused(in_force: KinerjaApp, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workbook, "MAX_PART_BYTES", 10_000)
    items = [b"<si><t>teks %d</t></si>" % i for i in range(2000)]
    path = write_xlsx(tmp_path / "teks.xlsx", with_shared_strings(items, b""))
    refused_quickly(in_force, path, "daftar teks bersama (xl/sharedStrings.xml) lebih dari 0 MB")


def test_reading_bombs_stays_under_500_mb(tmp_path: Path) -> None:
    """Peak memory of one process reading bombs of the kinds above, one after the other."""
    far = write_xlsx(tmp_path / "jauh.xlsx", sheet_with(b'<row r="1048576"><c r="XFD1048576" s="0"/></row>'))
    many = write_xlsx(tmp_path / "baris.xlsx", sheet_with(repeated(b'<row r="7"><c r="A7" s="0"/></row>', 200_000)))
    tags = write_xlsx(tmp_path / "tag.xlsx", sheet_with(repeated(b"<x/>", 3_000_000), before=b"<sheetData>"))
    bomb = write_xlsx(tmp_path / "bom.xlsx", sheet_with(repeated(b" " * 1024, 190 * 1024)))
    csv = tmp_path / "lebar.csv"
    csv.write_text(("x;" * 199 + "x\n") * 4_000, encoding="utf-8")
    line = tmp_path / "sebaris.csv"  # 40 MB, one row of 20 million cells
    with line.open("w", encoding="utf-8") as file:
        file.write("kode_pk,jenis\n")
        for _ in range(400):
            file.write("a," * 50_000)
    script = (  # VmHWM: the peak of this process (ru_maxrss would carry pytest's over the exec)
        "import re, sys; from pathlib import Path\n"
        "from kinerja_flow.importing.source import SourceFile\n"
        "from kinerja_flow.importing.tables import read_tables\n"
        "from domain.errors import DomainError\n"
        "for name in sys.argv[1:]:\n"
        "    try:\n"
        "        read_tables(SourceFile.read(Path(name)))\n"
        "    except DomainError:\n"
        "        pass\n"
        "status = Path('/proc/self/status').read_text()\n"
        "print(int(re.search(r'VmHWM:\\s+(\\d+) kB', status).group(1)) // 1024)\n"
    )
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", script, *(str(p) for p in (far, many, tags, bomb, csv, line))],
                          capture_output=True, text=True, timeout=120, check=True,
                          cwd=Path(__file__).parents[2])
    assert int(done.stdout.strip()) < 500, done.stdout
    assert time.monotonic() - started < 4 * SECONDS


# ----------------------------------------------------------------- CSV


def test_csv_is_held_to_the_same_caps(in_force: KinerjaApp, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    header = ";".join(HEADER)
    wide = tmp_path / "lebar.csv"
    wide.write_text(header + "\n" + ";" * MAX_COLUMNS + "x\n", encoding="utf-8")
    refused_quickly(in_force, wide, "baris 2: ada isi di kolom GS")
    padded = tmp_path / "berisi.csv"  # trailing empty fields are no content
    padded.write_text(header + ";" * 300 + "\n" + f"{CODE};anggaran;P01;3;1" + ";" * 300 + "\n", encoding="utf-8")
    assert len(import_realisations(in_force, padded, dry_run=True).realisations) == 1

    one_row = tmp_path / "sebaris.csv"
    one_row.write_text(header + "\n" + "a," * 600_000 + "\n", encoding="utf-8")
    refused_quickly(in_force, one_row, "satu baris lebih dari 1.000.000 karakter")

    monkeypatch.setattr(table_reading, "MAX_ROWS", 3)
    long = tmp_path / "panjang.csv"
    long.write_text(header + "\n" + f"{CODE};anggaran;P01;3;1\n" * 5, encoding="utf-8")
    refused_quickly(in_force, long, "baris 4: ada isi di baris 4; paling banyak 3 baris")
    monkeypatch.setattr(table_reading, "MAX_CELLS", 10)
    refused_quickly(in_force, long, "lebih dari 10 sel")


# ----------------------------------------------------------------- files that are not files


def test_a_symlink_to_dev_zero_a_fifo_and_a_huge_file_are_refused_unread(
    in_force: KinerjaApp, tmp_path: Path
) -> None:
    zero = tmp_path / "nol.csv"
    zero.symlink_to("/dev/zero")
    refused_quickly(in_force, zero, "bukan berkas biasa")

    fifo = tmp_path / "pipa.csv"
    os.mkfifo(fifo)
    outcome: list[str] = []
    reader = threading.Thread(target=lambda: outcome.append(refused_quickly(in_force, fifo, "bukan berkas biasa")))
    reader.start()
    reader.join(SECONDS)
    assert not reader.is_alive(), "a FIFO blocked the import"
    assert outcome

    huge = tmp_path / "besar.csv"
    with huge.open("wb") as file:
        file.truncate(MAX_FILE_BYTES + 1)  # sparse: st_size says so, and reading stops past the bound
    refused_quickly(in_force, huge, "berkas lebih dari 50 MB")


def test_a_folder_of_documents_is_bounded(app: KinerjaApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for index in range(3):
        (tmp_path / f"pk-{index}.yaml").write_text("kode: X\n" + "#" * 1000 + "\n", encoding="utf-8")
    before = app.recorder.max_notification_id()
    monkeypatch.setattr(document_import, "MAX_FOLDER_DOCUMENTS", 2)
    with pytest.raises(DomainError, match="folder berisi 3 dokumen; paling banyak 2 sekali impor"):
        import_documents(app, tmp_path)
    monkeypatch.setattr(document_import, "MAX_FOLDER_DOCUMENTS", 10)
    monkeypatch.setattr(document_import, "MAX_FOLDER_BYTES", 2000)
    with pytest.raises(DomainError, match="lebih dari 0 MB bersama-sama"):
        import_documents(app, tmp_path)
    assert app.recorder.max_notification_id() == before
