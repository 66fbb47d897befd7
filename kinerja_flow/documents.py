"""Reading agreement documents from YAML or JSON files, with errors that name file and field.

A document is read whole, so its size is bounded (`kinerja_flow.limits`), and so is its shape:
nesting depth (a `[` x 10.000 would exhaust the parser's recursion) and the number of values
counting every YAML alias as often as it is used (a "billion laughs" document is a few lines).
A key written twice in one mapping is refused rather than letting the last one silently win.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from domain.document import AgreementDocument
from domain.errors import plain_message
from domain.messages import field_path
from kinerja_flow.errors import DocumentError, InvalidDocument
from kinerja_flow.input_files import Unreadable, read_limited
from kinerja_flow.limits import (
    MAX_DOCUMENT_BYTES,
    MAX_DOCUMENT_DEPTH,
    MAX_DOCUMENT_NODES,
)
from kinerja_flow.printable import one_line


class _DuplicateKey(Exception):
    """A mapping names the same key twice; the message says which (and where, in YAML)."""


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML's safe loader (libyaml's when installed), refusing duplicate keys."""

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, yaml.MappingNode):
            lines: dict[Any, int] = {}
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue  # `<<: *base` may be overridden: that is what it is for
                key = self.construct_object(key_node, deep=True)
                line = key_node.start_mark.line + 1
                try:
                    first = lines.get(key)
                except TypeError:
                    continue  # an unhashable key: the base class refuses it with its own message
                if first is not None:
                    raise _DuplicateKey(f"kunci {key!r} ditulis dua kali (baris {first} dan {line}); "
                                        "hapus salah satu")
                lines[key] = line
        return super().construct_mapping(node, deep)  # type: ignore[no-any-return]


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(f"kunci {key!r} ditulis dua kali dalam satu objek; hapus salah satu")
        result[key] = value
    return result


def describe_validation_error(error: ValidationError, source: str) -> str:
    """A summary line, then one line per field (a key or a file name may hold a line break)."""
    lines = [f"{one_line(source)}: dokumen tidak valid ({error.error_count()} kesalahan)"]
    seen: set[str] = set()
    for item in error.errors():
        line = f"  {one_line(field_path(tuple(item['loc'])) or '(dokumen)')}: {one_line(plain_message(item))}"
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
        raise InvalidDocument(describe_validation_error(error, source)) from None


def read_data(path: Path) -> Any:
    """The parsed YAML/JSON of a file (JSON by `.json` suffix, YAML otherwise)."""
    try:
        data = read_limited(path, MAX_DOCUMENT_BYTES)
    except Unreadable as error:
        raise DocumentError(f"{path}: {error}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DocumentError(f"{path}: berkas bukan teks UTF-8.") from None
    return parse_data(text, path)


def parse_data(text: str, path: Path) -> Any:
    """The parsed YAML/JSON text of the file `path` (JSON by `.json` suffix, YAML otherwise)."""
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(text, object_pairs_hook=_unique_pairs)
        else:
            data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
    except RecursionError:
        raise DocumentError(_too_deep(path)) from None
    except _DuplicateKey as error:
        raise DocumentError(f"{path}: {error}.") from None
    except (json.JSONDecodeError, yaml.YAMLError) as error:
        if "maximum nesting depth" in str(error):  # libyaml's own limit
            raise DocumentError(_too_deep(path)) from None
        raise DocumentError(f"{path}: bukan YAML/JSON yang valid: {' '.join(str(error).split())}") from None
    _check_shape(data, path)
    return data


def _too_deep(path: Path) -> str:
    return f"{path}: struktur bersarang terlalu dalam (paling banyak {MAX_DOCUMENT_DEPTH} tingkat)."


def _check_shape(data: Any, path: Path) -> None:
    """Refuse a document nested deeper or holding more values than `kinerja_flow.limits` allows.

    Walked without recursion, visiting shared (aliased) values as often as they are used, and
    stopping at the first value beyond a bound: fast on any input.
    """
    pending: list[tuple[Any, int]] = [(data, 1)]
    nodes = 0
    while pending:
        value, depth = pending.pop()
        nodes += 1
        if nodes > MAX_DOCUMENT_NODES:
            raise DocumentError(
                f"{path}: terlalu banyak nilai (lebih dari {MAX_DOCUMENT_NODES:,}; alias YAML "
                "dihitung setiap kali dipakai).".replace(",", ".")
            )
        if depth > MAX_DOCUMENT_DEPTH:
            raise DocumentError(_too_deep(path))
        if isinstance(value, dict):
            pending.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            pending.extend((item, depth + 1) for item in value)


def load_document(path: str | Path) -> AgreementDocument:
    path = Path(path)
    return parse_document(read_data(path), str(path))
