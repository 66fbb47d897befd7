"""Usage errors in Indonesian, in one line: what click (vendored by typer) would print in English
over four lines ("Usage: … Try '… --help' … Error: No such option: --jso").

click raises a typed exception for each mistake (an unknown option, a missing argument, a value
its type refuses) and words it in English; the exception's attributes say what went wrong, so
the line is made from them. Values our own parsers refuse (`cli/options.py`) carry Indonesian
messages already and pass as they are. Every line ends by naming the command's help.
"""

from __future__ import annotations

import re
from typing import Any

# What click's own parameter types say when they refuse a value (`typer/_click/types.py`).
_NOT_VALID = re.compile(r"^(?P<value>.+?) is not a valid (?P<type>[\w ]+?)\.(?: Recognized values: .*)?$")
_NOT_IN_RANGE = re.compile(r"^(?P<value>.+?) is not in the range (?P<range>.+?)\.$")
_NOT_ONE_OF = re.compile(r"^(?P<value>.+?) is not one of (?P<choices>.+?)\.$")
_NO_FORMAT = re.compile(r"^(?P<value>.+?) does not match the formats? (?P<formats>.+?)\.$")
_PATH = re.compile(r"^(?P<what>File|Directory|Path) (?P<path>.+?) (?P<problem>does not exist|is a "
                   r"directory|is a file|is not readable|is not writable|is not executable)\.$")
_TYPES = {"int": "bilangan bulat", "integer": "bilangan bulat", "float": "angka",
          "boolean": "ya/tidak (true/false)", "uuid": "UUID", "text": "teks"}
_PATH_PROBLEMS = {"does not exist": "tidak ada", "is a directory": "adalah folder",
                  "is a file": "adalah berkas, bukan folder", "is not readable": "tidak dapat dibaca",
                  "is not writable": "tidak dapat ditulis",
                  "is not executable": "tidak dapat dijalankan"}
_EXTRA = re.compile(r"^Got unexpected extra argument(?:s|\(s\))? \((?P<args>.*)\)$")
_NO_COMMAND = re.compile(r"^No such command (?P<name>.+?)\.$")
_TAKES = re.compile(r"^Argument (?P<name>.+?) takes (?P<n>\d+) values\.$")


def _range(text: str) -> str:
    """click's "1<=x<=4", "x>=1", "0<x<1" as words."""
    bounds = re.fullmatch(r"(?:(?P<low>[^<>=x]+)(?P<lop><=?))?x(?:(?P<hop><=?)(?P<high>[^<>=x]+))?",
                          text.replace(" ", ""))
    if bounds is None:
        above = re.fullmatch(r"x(?P<op>>=?)(?P<low>.+)", text.replace(" ", ""))
        if above is not None:
            return f"paling kecil {above['low']}" if above["op"] == ">=" else f"lebih dari {above['low']}"
        return text
    low, high = bounds["low"], bounds["high"]
    if low is not None and high is not None:
        return f"antara {low} dan {high}"
    if high is not None:
        return f"paling besar {high}" if bounds["hop"] == "<=" else f"kurang dari {high}"
    return text


def _value_message(message: str) -> str:
    """A refused value's reason in Indonesian (click's English wordings; ours pass)."""
    if found := _NOT_VALID.match(message):
        kind = _TYPES.get(found["type"].strip().lower(), found["type"])
        return f"{found['value']} bukan {kind}"
    if found := _NOT_IN_RANGE.match(message):
        return f"{found['value']} di luar batas: harus {_range(found['range'])}"
    if found := _NOT_ONE_OF.match(message):
        return f"{found['value']} bukan salah satu dari {found['choices'].replace(' or ', ' atau ')}"
    if found := _NO_FORMAT.match(message):
        return f"{found['value']} bukan tanggal dengan bentuk {found['formats']}"
    if found := _PATH.match(message):
        what = {"File": "berkas", "Directory": "folder"}.get(found["what"], "path")
        return f"{what} {found['path']} {_PATH_PROBLEMS[found['problem']]}"
    return message


def _names(param: Any) -> str:
    """An option by its flags (--triwulan/--quarter); an argument by the Indonesian term its help
    gives in brackets ("Agreement code (kode PK)" -> kode PK), else by its name."""
    if param is None:
        return ""
    if getattr(param, "param_type_name", "") == "option":
        return "/".join(getattr(param, "opts", []) or [param.name])
    term = re.search(r"\(([^()]+)\)", getattr(param, "help", None) or "")
    return term.group(1) if term else str(param.name or "").upper()


def _hint(hint: Any) -> str:
    """click's hint "'--triwulan' / '--quarter'" as "--triwulan/--quarter"."""
    if not isinstance(hint, str):
        return ""
    return re.sub(r"'([^']*)'", r"\1", hint).replace(" / ", "/")


def _from_environment(error: Any) -> str:
    """" (dari KINERJA_ACTOR)" when the refused value came from an environment variable."""
    from typer._click.core import ParameterSource

    ctx = getattr(error, "ctx", None)
    param = getattr(error, "param", None)
    if ctx is None or param is None or not getattr(param, "envvar", None):
        return ""
    if ctx.get_parameter_source(param.name) is ParameterSource.ENVIRONMENT:
        return f" (dari {param.envvar})"
    return ""


def _command(error: Any) -> str:
    ctx = getattr(error, "ctx", None)
    return ctx.command_path if ctx is not None else "kinerja"


def message(error: Any) -> str:
    """One Indonesian line for a click usage error (`typer._click.exceptions.UsageError`)."""
    from typer._click import exceptions as ex

    command = _command(error)
    help_hint = f"; lihat `{command} --help`."
    if isinstance(error, ex.NoSuchOption):
        maybe = f" (mungkin {', '.join(sorted(error.possibilities))})" if error.possibilities else ""
        return f"opsi tidak dikenal: {error.option_name}{maybe}{help_hint}"
    if isinstance(error, ex.MissingParameter):
        param = error.param
        what = "opsi" if getattr(param, "param_type_name", "") == "option" else "argumen"
        return f"{what} {_names(param)} wajib diisi{help_hint}"
    if isinstance(error, ex.BadParameter):
        where = (_names(error.param) or _hint(error.param_hint)) + _from_environment(error)
        prefix = f"nilai {where} tidak valid: " if where else "nilai tidak valid: "
        return f"{prefix}{_value_message(error.message).rstrip('.')}{help_hint}"
    if isinstance(error, ex.BadOptionUsage):
        if "does not take a value" in error.message:
            return f"opsi {error.option_name} tidak menerima nilai{help_hint}"
        count = re.search(r"requires (\d+) arguments", error.message)
        needs = f"{count.group(1)} nilai" if count else "nilai"
        return f"opsi {error.option_name} membutuhkan {needs}{help_hint}"
    text = error.message
    if found := _EXTRA.match(text):
        return f"argumen berlebih: {found['args']}{help_hint}"
    if found := _NO_COMMAND.match(text):
        return f"perintah tidak dikenal: {found['name']}{help_hint}"
    if text == "Missing command.":
        return f"perintah belum diberikan{help_hint}"
    if found := _TAKES.match(text):
        return f"argumen {found['name']} membutuhkan {found['n']} nilai{help_hint}"
    return f"{_value_message(text).rstrip('.')}{help_hint}"
