"""Command-line text that is not UTF-8 is a usage error, refused before any command runs.

Python decodes the command line and the environment with `surrogateescape`: a byte that is not
UTF-8 (a name typed in a terminal set to Latin-1, say `é` as the byte 0xE9) becomes a lone
surrogate, U+DC80..U+DCFF. Such text can be neither stored (events are UTF-8 JSON), nor looked
up (agreement ids hash the code's UTF-8), nor written to a file: every command failed deep
inside with UnicodeEncodeError, a traceback. So the text parameters of every command (and the
global `--as`) are checked once, after click has parsed them and before the command runs.
File paths (`Path` parameters, `--db`) are not text: a file name in another encoding still
names a file.
"""

import typer
from typer.core import TyperCommand


def undecodable(text: str) -> "str | None":
    """Why `text` is not UTF-8 text, naming the first byte that is not; None if it is."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        code = ord(text[error.start])
        what = f"byte 0x{code - 0xDC00:02X}" if 0xDC80 <= code <= 0xDCFF else f"U+{code:04X}"
        return (f"bukan teks UTF-8 ({what} pada karakter ke-{error.start + 1}); periksa pengaturan "
                "bahasa (locale) terminal, lalu ketik ulang.")
    return None


FILE_NAMES = frozenset({"db"})  # parameters typed as text that name a file (`--db FILE|URL`)


def check_text_parameters(ctx: typer.Context) -> None:
    """Refuse the first text parameter of `ctx` that is not UTF-8, naming its option."""
    for param in ctx.command.params:
        if param.name in FILE_NAMES or param.type.name == "path":
            continue
        value = ctx.params.get(param.name or "")
        for text in value if isinstance(value, (list, tuple)) else (value,):
            problem = undecodable(text) if isinstance(text, str) else None
            if problem is not None:
                raise typer.BadParameter(problem, ctx=ctx, param=param)


class KinerjaCommand(TyperCommand):
    """The class of every `kinerja` command: text parameters are UTF-8 before it runs."""

    def invoke(self, ctx: typer.Context):  # noqa: ANN201 - click's return value
        check_text_parameters(ctx)
        return super().invoke(ctx)
