"""Domain errors: refusals a planning officer can read and act on."""


class DomainError(Exception):
    """A command was refused by a rule of the agreement's life. Nothing was recorded."""


class NotFound(DomainError):
    """The named agreement, indicator, programme or entry does not exist."""
