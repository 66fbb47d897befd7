"""Turning refusals into one clear line on stderr (no traceback) and a non-zero exit code."""

from __future__ import annotations

import typer
from pydantic import ValidationError
from rich.console import Console

from domain.errors import DomainError

stderr = Console(stderr=True, highlight=False, soft_wrap=True)


def report(message: str) -> None:
    stderr.print(f"[bold red]Error:[/] {message}", markup=True, emoji=False)


def run_reporting_errors(app: typer.Typer) -> int:
    try:
        app(standalone_mode=False)
    except DomainError as error:
        report(str(error))
        return 1
    except ValidationError as error:
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
    return 0
