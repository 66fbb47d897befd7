"""Turning refusals into one clear line on stderr (no traceback) and a non-zero exit code.

pydantic and the storage layer are imported only to classify an exception none of the handlers
above caught (start-up time: most commands never load them).
"""

from __future__ import annotations

import typer

from cli import terminal
from domain.errors import DomainError


def report(message: str) -> None:
    """Print `message` after "Error:" on stderr. The message may quote stored or user-given text
    (codes, names, paths): `terminal.safe` keeps its control characters and rich markup inert."""
    terminal.error_console().print(f"[bold red]Error:[/] {terminal.safe(message)}", markup=True, emoji=False)


def warn(message: str) -> None:
    """One line on stderr that something is not right, while the command goes on."""
    from rich.markup import escape

    terminal.error_console().print(f"[bold yellow]Peringatan:[/] {escape(message)}", markup=True,
                                   emoji=False)


def run_reporting_errors(app: typer.Typer) -> int:
    try:
        app(standalone_mode=False)
    except DomainError as error:
        report(str(error))
        return 1
    except typer.Abort:
        report("dibatalkan.")
        return 1
    except typer.Exit as done:
        return done.exit_code
    except (KeyboardInterrupt, EOFError):
        report("dihentikan.")
        return 130
    except typer.TyperException as error:  # usage errors (typer vendors its own click)
        show = getattr(error, "show", None)
        if show is not None:
            show()
        else:
            report(error.message)
        return error.exit_code
    except Exception as error:
        message = _storage_error(error) or _invalid_value(error)
        if message is None:
            raise
        report(message)
        return 1
    return 0


def _storage_error(error: Exception) -> str | None:
    """A database that stayed locked (wherever it was met), or that cannot be opened or reached."""
    from kinerja_flow.storage import BUSY, OPERATIONAL_ERRORS, is_busy

    if is_busy(error):
        return BUSY
    if isinstance(error, OPERATIONAL_ERRORS):
        return f"basis data tidak dapat dibuka atau dihubungi: {str(error).strip()}"
    return None


def _invalid_value(error: Exception) -> str | None:
    from pydantic import ValidationError

    return str(error) if isinstance(error, ValidationError) else None
