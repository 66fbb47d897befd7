"""Errors of the engine (beyond the domain's own refusals). All are `DomainError`s, so the CLI
can report every refusal the same way: one line on stderr, non-zero exit, nothing written."""

from domain.errors import DomainError, ProblemList


class ConflictError(DomainError):
    """Someone else changed the agreement at the same moment; the command was not recorded."""


class StorageBusy(DomainError):
    """The database stayed locked longer than the lock timeout."""


class DocumentError(DomainError):
    """An agreement document (YAML/JSON) could not be read or is not valid."""


class AlreadyImported(DomainError):
    """This exact file (same SHA-256) was imported before; importing it again is refused."""


class Refused(DomainError):
    """Commands of one act were refused (`KinerjaApp.handle(..., collect=True)`); nothing was
    recorded. `refusals` pairs each refused command with its refusal, in order."""

    def __init__(self, refusals: list[tuple[object, DomainError]]) -> None:
        self.refusals = refusals
        super().__init__("; ".join(str(error) for _, error in refusals))


class InvalidDocument(DocumentError, ProblemList):
    """The document's fields break the format's rules: one line per field."""
