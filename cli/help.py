"""How `kinerja --help` lists its commands: each with its whole summary, wrapped, never cut.

The help is plain click text (`rich_markup_mode=None`): typer's rich help imports `rich.markdown`
and `markdown_it` (~75 ms, most of a `kinerja --help`). Plain click cuts each command's summary
to the terminal width ("Create an agreement from a document (buat PK): a..."); this group lists
the first paragraph of the command's help in full, as typer's rich help did, wrapped in the
description column.
"""

import inspect

from typer.core import TyperGroup

from cli.text_arguments import check_text_parameters


def summary(help_text: str) -> str:
    """The first paragraph of a command's help, on one line."""
    first = inspect.cleandoc(help_text).split("\n\n", 1)[0]
    return " ".join(first.split())


class KinerjaGroup(TyperGroup):
    """A command group whose help lists every command's summary in full, and whose own options
    (the global `--as`) are UTF-8 text (see `cli.text_arguments`)."""

    def invoke(self, ctx):  # noqa: ANN001, ANN201 - click's context and return value
        check_text_parameters(ctx)
        return super().invoke(ctx)

    def format_commands(self, ctx, formatter) -> None:  # noqa: ANN001 - click's context, formatter
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is None or command.hidden:
                continue
            text = command.short_help or command.help or ""
            rows.append((name, summary(text)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)
