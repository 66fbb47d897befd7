"""The rich consoles of `kinerja`, each built on first use.

Start-up time: importing `rich.console` costs ~25 ms, a tenth of a whole `kinerja show --json`,
which prints with `typer.echo` and never needs it.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


@cache
def console() -> Console:
    """Standard output: tables and confirmations."""
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


@cache
def error_console() -> Console:
    """Standard error: the one-line refusals of `cli.errors`."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


@cache
def progress_console() -> Console:
    """Standard error: the progress bars of long imports."""
    from rich.console import Console

    return Console(stderr=True, highlight=False)
