"""Bulk import: agreement documents (YAML/JSON, a file or a folder) and realisations (CSV/XLSX).

Every import is one transaction (all rows or none), records where each fact came from (file,
SHA-256, sheet, row, column) and refuses a file that was imported before.
"""

from kinerja_flow.errors import AlreadyImported
from kinerja_flow.importing.document_import import import_documents
from kinerja_flow.importing.errors import ImportFailed, Location, RowError
from kinerja_flow.importing.realisation_import import import_realisations
from kinerja_flow.importing.records import Realisation
from kinerja_flow.importing.transaction import ImportReport, Progress

__all__ = [
    "AlreadyImported",
    "ImportFailed",
    "ImportReport",
    "Location",
    "Progress",
    "Realisation",
    "RowError",
    "import_documents",
    "import_realisations",
]
