"""Reading agreement documents from YAML or JSON files, with errors that name file and field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from domain.document import AgreementDocument
from domain.errors import plain_message
from kinerja_flow.errors import DocumentError


def _field_path(location: tuple[int | str, ...]) -> str:
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        elif not part.startswith(("function-", "union[", "decimal", "str", "int")):
            path += f".{part}" if path else part
    return path or "(dokumen)"


def describe_validation_error(error: ValidationError, source: str) -> str:
    lines = [f"{source}: dokumen tidak valid ({error.error_count()} kesalahan)"]
    seen: set[str] = set()
    for item in error.errors():
        line = f"  {_field_path(tuple(item['loc']))}: {plain_message(item)}"
        if line not in seen:
            seen.add(line)
            lines.append(line)
    return "\n".join(lines)


def parse_document(data: Any, source: str) -> AgreementDocument:
    if not isinstance(data, dict):
        raise DocumentError(f"{source}: isi dokumen harus berupa mapping (kode, tahun, ...).")
    try:
        return AgreementDocument.model_validate(data)
    except ValidationError as error:
        raise DocumentError(describe_validation_error(error, source)) from None


def read_data(path: Path) -> Any:
    """The parsed YAML/JSON of a file (JSON by `.json` suffix, YAML otherwise)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DocumentError(f"{path}: berkas tidak ditemukan.") from None
    except UnicodeDecodeError:
        raise DocumentError(f"{path}: berkas bukan teks UTF-8.") from None
    except OSError as error:
        raise DocumentError(f"{path}: tidak bisa dibaca ({error.strerror}).") from None
    return parse_data(text, path)


def parse_data(text: str, path: Path) -> Any:
    """The parsed YAML/JSON text of the file `path` (JSON by `.json` suffix, YAML otherwise)."""
    try:
        if path.suffix.lower() == ".json":
            return json.loads(text)
        return yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as error:
        raise DocumentError(f"{path}: bukan YAML/JSON yang valid: {error}") from None


def load_document(path: str | Path) -> AgreementDocument:
    path = Path(path)
    return parse_document(read_data(path), str(path))
