"""Domain errors: refusals a planning officer can read and act on."""


class DomainError(Exception):
    """A command was refused by a rule of the agreement's life. Nothing was recorded."""


class NotFound(DomainError):
    """The named agreement, indicator, programme or entry does not exist."""


class AgreementNotFound(NotFound):
    """No agreement has this code."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(f"PK dengan kode {code!r} tidak ditemukan.")


class ProblemList(DomainError):
    """A refusal that lists every problem found: a summary line, then one indented line per
    problem (an invalid document, an import). Every other refusal is a single line."""


def plain_message(item: dict) -> str:
    """One pydantic error item's message, in Indonesian (`domain.messages`)."""
    from domain.messages import indonesian

    return indonesian(item)


def plain_messages(error: Exception) -> str:
    """All messages of a pydantic `ValidationError`, each after the field it is about, joined;
    duck-typed so that importing this module never loads pydantic (CLI start-up)."""
    from domain.messages import field_path

    found = []
    for item in error.errors():  # type: ignore[attr-defined]
        path = field_path(tuple(item["loc"]))
        found.append(f"{path}: {plain_message(item)}" if path else plain_message(item))
    return "; ".join(dict.fromkeys(found))


def quoted(typed: str, limit: int = 40) -> str:
    """What the user typed, quoted for a refusal; shortened, so that a 2.000-digit number or a
    10 MB cell is not repeated whole on the terminal."""
    if len(typed) <= limit:
        return repr(typed)
    return f"{typed[:limit]!r}… ({len(typed)} karakter)"
