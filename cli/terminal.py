"""The rich consoles of `kinerja`, each built on first use, and `safe()`, the one way stored or
user-given text reaches them.

Terminal safety: names, codes, reasons and the free-text actor (`--as`) may hold control
sequences (ESC ... to clear the screen or plant an OSC-8 hyperlink, BEL, CR) or bidi overrides;
rich prints them raw, and reads `[...]` in them as its own markup (`[link=...]` makes a
hyperlink). `safe(text)` makes both harmless: control and bidi characters become visible escapes
(`\\x1b`, `\\u202e`: see `kinerja_flow.printable`) and markup is escaped. Every text from data
or the user goes through it before it is printed. As a safety net, the consoles make the same
characters visible in every string they render (`render_str`), so a caller that only escaped
markup cannot leak them either.

Start-up time: importing `rich.console` costs ~25 ms, a tenth of a whole `kinerja show --json`,
which prints with `typer.echo` and never needs it.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from kinerja_flow.printable import visible

if TYPE_CHECKING:
    from rich.console import Console


def safe(text: str) -> str:
    """`text` ready to print as rich markup: control and bidi characters visible, markup escaped."""
    from rich.markup import escape

    return escape(visible(text))


@cache
def _console_class() -> type[Console]:
    from rich.console import Console

    class SafeConsole(Console):
        """A console that never writes a control or bidi character of the text it is given."""

        def render_str(self, text: str, **options: Any) -> Any:
            return super().render_str(visible(text), **options)

    return SafeConsole


@cache
def console() -> Console:
    """Standard output: tables and confirmations."""
    return _console_class()(highlight=False, soft_wrap=True)


@cache
def error_console() -> Console:
    """Standard error: the one-line refusals of `cli.errors`."""
    return _console_class()(stderr=True, highlight=False, soft_wrap=True)


@cache
def progress_console() -> Console:
    """Standard error: the progress bars of long imports."""
    return _console_class()(stderr=True, highlight=False)
