"""Turning refusals into one clear line on stderr (no traceback) and a non-zero exit code.

Exit codes (documented in the README): 0 done; 1 refused, nothing written (or the database
cannot be used); 2 usage error; 3 the command WAS stored, but what came after its commit (the
read models' catch-up, the confirmation) failed; 130 interrupted.

pydantic and the storage layer are imported only to classify an exception none of the handlers
above caught (start-up time: most commands never load them).
"""

from __future__ import annotations

import typer

from cli import terminal
from domain.errors import DomainError, ProblemList
from kinerja_flow.printable import one_line

STORED_NOT_SHOWN = 3
INTERRUPTED = 130
_database: list[str] = []  # the database this run uses (see `using_database`)


class StoredButNotShown(Exception):
    """The command's events are committed; something after the commit failed."""


def using_database(name: str) -> None:
    """Remember which database this run uses (`--db`, as given), so that an error about it can
    name it (a PostgreSQL URL without its password)."""
    _database[:] = [name]


def warn(message: str) -> None:
    """One warning line on stderr; the command goes on (or has succeeded)."""
    from rich.markup import escape

    terminal.error_console().print(f"[bold yellow]Peringatan:[/] {escape(message)}", markup=True,
                                   emoji=False)


def report(message: str, listing: bool = False) -> None:
    """Print `message` after "Error:" on stderr. The message may quote stored or user-given text
    (codes, names, paths): `terminal.safe` keeps its control characters and rich markup inert.
    A refusal is one line, so a line break in what it quotes is shown as `\\n`; only a
    `listing` (`ProblemList`: a summary, then one line per problem) keeps its lines."""
    text = message if listing else one_line(message)
    terminal.error_console().print(f"[bold red]Error:[/] {terminal.safe(text)}", markup=True, emoji=False)


def run_reporting_errors(app: typer.Typer) -> int:
    try:
        # typer turns a Ctrl-C into `Exit(130)`, which it returns, not raises, here.
        if app(standalone_mode=False) == INTERRUPTED:
            report("dihentikan.")
            return INTERRUPTED
    except StoredButNotShown as error:
        warn(str(error))
        return STORED_NOT_SHOWN
    except DomainError as error:
        report(str(error), listing=isinstance(error, ProblemList))
        return 1
    except typer.Abort:
        report("dibatalkan.")
        return 1
    except typer.Exit as done:
        return done.exit_code
    except (KeyboardInterrupt, EOFError):
        report("dihentikan.")
        return INTERRUPTED
    except typer.TyperException as error:  # usage errors (typer vendors its own click)
        line = _usage_line(error)
        if line is not None:
            report(line)
        elif (show := getattr(error, "show", None)) is not None:
            show()  # the help of a bare `kinerja` or `kinerja export`
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


def _usage_line(error: Exception) -> str | None:
    """A usage error as one line: what is wrong, naming the option, and where the command's
    usage is described. (click prints the usage synopsis and a blank line above it: four lines.)"""
    from typer._click.exceptions import NoArgsIsHelpError, UsageError

    if not isinstance(error, UsageError) or isinstance(error, NoArgsIsHelpError):
        return None
    message = " ".join(error.format_message().split())  # "Choose from:\n\tpertama,\n\tkedua"
    if not message.endswith((".", "?", "!")):
        message += "."  # "No such option: --x", "Got unexpected extra argument(s) (2 3)"
    if error.ctx is None:
        return message
    return f"{message} Lihat `{error.ctx.command_path} --help`."


def describe(error: BaseException) -> str:
    """Any error in one line: what `run_reporting_errors` would print, else its first line."""
    if isinstance(error, DomainError):
        return str(error)
    if isinstance(error, Exception):
        message = _storage_error(error)
        if message is not None:
            return message
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def _storage_error(error: Exception) -> str | None:
    """A damaged database, or one that cannot be opened or reached (lock timeouts are
    `StorageBusy` already)."""
    from kinerja_flow.settings import display_db
    from kinerja_flow.storage import OPERATIONAL_ERRORS, damaged_message, is_damaged

    if is_damaged(error):
        return damaged_message(display_db(_database[0]) if _database else "", error)
    if isinstance(error, OPERATIONAL_ERRORS):
        return f"basis data tidak dapat dibuka atau dihubungi: {str(error).strip()}"
    return None


def _invalid_value(error: Exception) -> str | None:
    from pydantic import ValidationError

    return str(error) if isinstance(error, ValidationError) else None
