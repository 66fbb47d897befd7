"""Importing agreement documents: one YAML/JSON file, or every document of a folder, at once.

A folder holds e.g. a Dinas's eselon II, III and IV agreements, linked by `induk`. They are
drafted in one transaction; a parent named by `induk` must be in the folder or already stored.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from domain.commands import CreateAgreement
from domain.document import AgreementDocument, Content
from domain.errors import DomainError
from kinerja_flow.application import KinerjaApp
from kinerja_flow.documents import parse_data, parse_document
from kinerja_flow.importing.errors import ImportFailed, Location, RowError
from kinerja_flow.importing.source import SourceFile
from kinerja_flow.importing.transaction import (
    ImportReport,
    Located,
    Progress,
    marker,
    record,
    refuse_if_imported,
)
from kinerja_flow.limits import (
    MAX_DOCUMENT_BYTES,
    MAX_FOLDER_BYTES,
    MAX_FOLDER_DOCUMENTS,
    grouped,
    megabytes,
)
from projections.bulk import fewer_collections

SUFFIXES = (".yaml", ".yml", ".json")

Parsed = tuple[SourceFile, AgreementDocument]


def document_paths(path: Path) -> list[Path]:
    """The file itself, or the folder's `.yaml`/`.yml`/`.json` files (not hidden), by name."""
    if not path.is_dir():
        return [path]
    files = sorted(
        p for p in path.iterdir()
        if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith(".")
    )
    if not files:
        raise ImportFailed.at(Location(str(path)), "folder tidak berisi dokumen .yaml/.yml/.json.")
    if len(files) > MAX_FOLDER_DOCUMENTS:
        raise ImportFailed.at(Location(str(path)), f"folder berisi {grouped(len(files))} dokumen; paling "
                                                   f"banyak {grouped(MAX_FOLDER_DOCUMENTS)} sekali impor.")
    return files


@fewer_collections()
def import_documents(
    app: KinerjaApp, path: Path, *, effective: date | None = None, reason: str | None = None,
    dry_run: bool = False, progress: Progress | None = None,
) -> ImportReport:
    """Draft every agreement of the file or folder (version 1) in one transaction, or none."""
    parsed, problems = _read_all(app, document_paths(path))
    folder = {document.kode.upper(): document for _, document in parsed}
    located = []
    for source, document in parsed:
        where = source.where()
        problems += [RowError(where, p) for p in _parent_problems(app, document, folder)]
        located.append(Located(CreateAgreement(
            document=document, reason=reason, source=source.provenance(where),
            effective=effective), where))
    markers = [marker(source, "dokumen", 1) for source, _ in parsed]
    recorded = record(app, located, markers, problems, dry_run, progress)
    return ImportReport(
        tuple(source for source, _ in parsed), dry_run, tuple(d.kode for _, d in parsed),
        documents=tuple(d for _, d in parsed), events=0 if dry_run else len(recorded.events),
    )


def _read_all(app: KinerjaApp, paths: list[Path]) -> tuple[list[Parsed], list[RowError]]:
    """The documents that parse, and what is wrong with the others.

    Refused as a whole (`AlreadyImported`) when any of the files was imported before.
    """
    sources: list[SourceFile] = []
    errors: list[RowError] = []
    total = 0
    for path in paths:
        try:
            sources.append(SourceFile.read(path, MAX_DOCUMENT_BYTES))
        except ImportFailed as failure:
            errors += failure.errors
            continue
        total += len(sources[-1].data)
        if total > MAX_FOLDER_BYTES:
            raise ImportFailed.at(Location(str(path.parent)), f"dokumen di folder ini lebih dari "
                                                              f"{megabytes(MAX_FOLDER_BYTES)} bersama-sama; "
                                                              "impor per bagian.")
    refuse_if_imported(app, sources)
    parsed: list[Parsed] = []
    for source in sources:
        try:
            parsed.append((source, _parse(source)))
        except ImportFailed as failure:
            errors += failure.errors
    first: dict[str, SourceFile] = {}
    for source, document in parsed:
        earlier = first.setdefault(document.kode.upper(), source)
        if earlier is not source:
            errors.append(RowError(source.where(), f"kode PK {document.kode!r} juga dipakai {earlier.name}."))
    return parsed, errors


def _parse(source: SourceFile) -> AgreementDocument:
    try:
        text = source.data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed.at(source.where(), "bukan teks UTF-8.") from None
    try:
        return parse_document(parse_data(text, source.path), source.name)
    except DomainError as error:
        message = str(error).removeprefix(f"{source.path}: ").removeprefix(f"{source.name}: ")
        raise ImportFailed.at(source.where(), message) from None


def _parent_problems(app: KinerjaApp, document: AgreementDocument,
                     folder: dict[str, AgreementDocument]) -> list[str]:
    """`induk` links (of the agreement and of its indicators) must name a known PK and indicator."""
    links: list[tuple[str, str, str | None]] = []
    if document.induk:
        links.append(("induk", document.induk, None))
    for objective in document.sasaran:
        for indicator in objective.indikator:
            if indicator.induk:
                links.append((f"indikator {indicator.kode}: induk", indicator.induk.pk,
                              indicator.induk.indikator))
    problems = []
    for field, code, indicator in links:
        parent = _content(app, code, folder)
        if parent is None:
            problems.append(f"{field}: PK induk {code!r} tidak ada (tidak di basis data, tidak di folder ini).")
        elif indicator is not None and parent.indicator(indicator) is None:
            problems.append(f"{field}: indikator {indicator!r} tidak ada di PK induk {code}.")
    return problems


def _content(app: KinerjaApp, code: str, folder: dict[str, AgreementDocument]) -> Content | None:
    """The parent's content: from the folder, else its latest stored version."""
    if code.upper() in folder:
        return folder[code.upper()].content()
    if app.exists(code):
        return app.state(code).versions[-1].content
    return None
