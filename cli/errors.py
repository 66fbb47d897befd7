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
    terminal.error_console().print(f"[bold yellow]Peringatan:[/] {terminal.safe(message)}", markup=True,
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
        from typer._click.exceptions import NoArgsIsHelpError, UsageError

        if isinstance(error, NoArgsIsHelpError):  # `kinerja` alone: its help
            error.show()
        elif isinstance(error, UsageError):
            from cli.usage import message

            report(message(error))
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
    """A database that stayed locked (wherever it was met), a damaged one, or one that cannot be
    opened or reached."""
    from kinerja_flow.settings import display_db
    from kinerja_flow.storage import (
        BUSY,
        OPERATIONAL_ERRORS,
        damaged_message,
        is_busy,
        is_damaged,
    )

    if is_busy(error):
        return BUSY
    if is_damaged(error):
        return damaged_message(display_db(_database[0]) if _database else "", error)
    database = _database[0] if _database else ""
    if database.startswith(("postgresql:", "postgres:")) and (
            isinstance(error, OPERATIONAL_ERRORS) or type(error).__name__ == "PoolTimeout"):
        from kinerja_flow.storage import connection_problem

        return f"basis data tidak dapat dihubungi: {connection_problem(database, error)}"
    if isinstance(error, OPERATIONAL_ERRORS):
        return f"basis data tidak dapat dibuka: {_sqlite_problem(error)}"
    return None


def _sqlite_problem(error: Exception) -> str:
    """SQLite's reason for a file it cannot open, in Indonesian where it is one we know."""
    reason = str(error).strip()
    known = {"unable to open database file": "berkas tidak dapat dibuka (periksa folder dan izinnya)",
             "attempt to write a readonly database": "berkas hanya dapat dibaca",
             "disk I/O error": "kesalahan baca/tulis disk",
             "database or disk is full": "disk penuh"}
    return known.get(reason, reason)


def _invalid_value(error: Exception) -> str | None:
    from pydantic import ValidationError

    return str(error) if isinstance(error, ValidationError) else None
