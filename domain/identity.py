"""Agreement ids: derived from the code, so a duplicate code can never be stored twice.

A module of its own (no pydantic, no eventsourcing) so that read commands can address an
agreement without loading the domain model.
"""

from uuid import NAMESPACE_URL, UUID, uuid5

_NAMESPACE = uuid5(NAMESPACE_URL, "https://kinerja-flow/agreement")


def agreement_id(code: str) -> UUID:
    return uuid5(_NAMESPACE, code.strip().upper())
