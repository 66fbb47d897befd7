"""How large an input file may be: the bounds that keep memory (well under 500 MB) and time
(seconds, not minutes) bounded for ANY file a user hands to `create`, `revise`, `amend --dokumen`
or `import`, however it was made.

A file is refused, with one line naming the file and the bound, as soon as reading it shows that
it is beyond one of these. README "Limits" documents them; the bounds of the values inside a
document (digits, text lengths) are the domain's (`domain.numbers`, `domain.document`).
"""

from __future__ import annotations

MiB = 1024 * 1024

# Agreement documents (YAML/JSON). A real PK is a few KB; a folder holds one file per PK.
MAX_DOCUMENT_BYTES = 1 * MiB
MAX_DOCUMENT_DEPTH = 20  # nesting of mappings and lists (a document needs 6)
MAX_DOCUMENT_NODES = 100_000  # values, with every YAML alias counted as often as it is used
MAX_FOLDER_DOCUMENTS = 1_000  # documents imported from one folder, at once
MAX_FOLDER_BYTES = 20 * MiB  # all of them together (they are all held until the one transaction)

# Realisation spreadsheets (CSV and XLSX).
MAX_FILE_BYTES = 50 * MiB  # as stored on disk
MAX_ROWS = 100_000  # per sheet (the row number of the last filled cell)
MAX_COLUMNS = 200  # per sheet (the column of the last filled cell)
MAX_CELLS = 1_000_000  # per file: every cell an XLSX holds (filled or only formatted), or CSV fields
MAX_CSV_ROW = 1_000_000  # characters of one CSV row (the csv module builds a whole row at once)

# An XLSX is a zip of XML parts: small on disk, possibly huge unpacked (a "zip bomb").
MAX_ZIP_ENTRIES = 10_000
MAX_UNPACKED_BYTES = 200 * MiB  # all parts together
MAX_PART_BYTES = 30 * MiB  # the shared strings, the one part kept in memory (sheets are streamed)
MAX_XML_TAGS = 7_000_000  # tags of the parts that are parsed (a cell takes 4 to 6): parsing time
MAX_XML_RUN = 1 * MiB  # longest stretch without a tag (expat holds a whole tag in memory)
MAX_STYLES = 100_000  # cell styles and number formats (Excel itself allows 64.000)


def megabytes(size: int) -> str:
    """`size` in MB for a message (`50 MB`)."""
    return f"{size // MiB} MB"


def grouped(number: int) -> str:
    """`number` the Indonesian way for a message (`100.000`)."""
    return f"{number:,}".replace(",", ".")
