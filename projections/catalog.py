"""The read models, in one list: what the runner keeps up to date and the CLI checks for
freshness.

Light on purpose: each read model's module imports the domain (pydantic) only inside the
functions that derive rows, so the CLI's fast read path can import this catalog to check
freshness and query the tables without loading the engine. A new read model is one module with
its `MODEL` (tables, rows, version) and its queries, added here.
"""

from __future__ import annotations

from domain.errors import DomainError
from projections import (
    agreements,
    audit,
    current_targets,
    measurement,
    quarterly,
    target_history,
    tree,
)
from projections.model import ReadModel

READ_MODELS: dict[str, ReadModel] = {
    m.name: m
    for m in (agreements.MODEL, current_targets.MODEL, target_history.MODEL, audit.MODEL,
              quarterly.MODEL, measurement.MODEL, tree.MODEL)
}
VERSIONS = {name: model.version for name, model in READ_MODELS.items()}


def select(names: list[str] | None) -> list[ReadModel]:
    """The named read models (all when `names` is empty), refusing unknown names."""
    if not names:
        return list(READ_MODELS.values())
    unknown = [n for n in names if n not in READ_MODELS]
    if unknown:
        raise DomainError(
            f"Model baca tidak dikenal: {', '.join(unknown)}. Pilihan: {', '.join(READ_MODELS)}."
        )
    return [READ_MODELS[n] for n in names]
