"""pydantic's validation errors in Indonesian: what a planning officer reads when a document, an
edit or a file's cell is refused.

pydantic words its errors in English ("Input should be a valid decimal", "Extra inputs are not
permitted"); its error *types* are stable, so each is worded here from the type and its
context. Our own validators raise messages that are Indonesian already (type `value_error`);
they pass with pydantic's "Value error, " prefix removed. A type without a wording here (pydantic
adds some now and then) still reads Indonesian: "nilai tidak valid (<type>)".

Duck-typed on the error items (dicts): importing this module never loads pydantic (CLI start-up).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

_KINDS = {"List": "daftar", "Tuple": "daftar", "Set": "himpunan", "Dictionary": "mapping",
          "Value": "nilai", "Data": "data"}


def _typed(item: Mapping[str, Any]) -> str:
    """", bukan '…'": what was given, quoted and shortened (never a whole 10 MB cell)."""
    from domain.errors import quoted

    given = item.get("input")
    if isinstance(given, str):
        return f", bukan {quoted(given)}"
    if isinstance(given, bool):
        return f", bukan {'true' if given else 'false'}"
    if isinstance(given, (int, float, Decimal)):
        return f", bukan {given}"
    return ""


def _choices(expected: object) -> str:
    return str(expected).replace(" or ", " atau ")


def _wording(kind: str, ctx: Mapping[str, Any], item: Mapping[str, Any]) -> str | None:
    typed = _typed(item)
    match kind:
        case "missing" | "missing_argument" | "missing_keyword_only_argument" \
                | "missing_positional_only_argument":
            return "wajib diisi"
        case "extra_forbidden" | "unexpected_keyword_argument":
            return "bagian ini tidak dikenal (periksa ejaan nama kolom/kunci; lihat `kinerja schema`)"
        case "string_type":
            return f"harus berupa teks{typed}"
        case "string_too_short":
            return ("tidak boleh kosong" if ctx.get("min_length") == 1
                    else f"paling sedikit {ctx.get('min_length')} karakter")
        case "string_too_long":
            return f"paling banyak {ctx.get('max_length')} karakter"
        case "string_pattern_mismatch":
            return f"bentuknya tidak sesuai (pola {ctx.get('pattern')}){typed}"
        case "string_unicode" | "bytes_invalid_encoding":
            return "bukan teks yang valid (UTF-8)"
        case "int_type" | "int_parsing" | "int_from_float":
            return f"harus berupa bilangan bulat{typed}"
        case "int_parsing_size":
            return "bilangan bulat terlalu besar"
        case "float_type" | "float_parsing" | "decimal_type" | "decimal_parsing":
            return f"harus berupa angka{typed}"
        case "finite_number":
            return "harus berupa angka berhingga"
        case "decimal_max_digits":
            return f"paling banyak {ctx.get('max_digits')} digit"
        case "decimal_max_places":
            return f"paling banyak {ctx.get('decimal_places')} angka di belakang koma"
        case "decimal_whole_digits":
            return f"paling banyak {ctx.get('whole_digits')} digit sebelum koma"
        case "greater_than":
            return f"harus lebih besar dari {ctx.get('gt')}{typed}"
        case "greater_than_equal":
            return f"paling kecil {ctx.get('ge')}{typed}"
        case "less_than":
            return f"harus lebih kecil dari {ctx.get('lt')}{typed}"
        case "less_than_equal":
            return f"paling besar {ctx.get('le')}{typed}"
        case "multiple_of":
            return f"harus kelipatan {ctx.get('multiple_of')}{typed}"
        case "bool_type" | "bool_parsing":
            return f"harus berupa ya/tidak (true/false){typed}"
        case "literal_error" | "enum":
            return f"harus salah satu dari {_choices(ctx.get('expected'))}{typed}"
        case "date_type" | "date_parsing" | "date_from_datetime_parsing" \
                | "date_from_datetime_inexact":
            return f"harus berupa tanggal TTTT-BB-HH{typed}"
        case "datetime_type" | "datetime_parsing" | "datetime_object_invalid" \
                | "datetime_from_date_parsing":
            return f"harus berupa waktu TTTT-BB-HHTjj:mm:dd{typed}"
        case "time_type" | "time_parsing":
            return f"harus berupa jam jj:mm{typed}"
        case "date_past" | "datetime_past":
            return "harus tanggal yang sudah lewat"
        case "date_future" | "datetime_future":
            return "harus tanggal yang akan datang"
        case "too_short":
            kind_name = _KINDS.get(str(ctx.get("field_type")), "daftar")
            minimum = ctx.get("min_length")
            return (f"{kind_name} tidak boleh kosong" if minimum == 1
                    else f"{kind_name} paling sedikit berisi {minimum}")
        case "too_long":
            return f"{_KINDS.get(str(ctx.get('field_type')), 'daftar')} paling banyak berisi " \
                   f"{ctx.get('max_length')}"
        case "list_type" | "tuple_type" | "set_type" | "frozen_set_type" | "iterable_type" \
                | "deque_type":
            return f"harus berupa daftar{typed}"
        case "dict_type" | "mapping_type" | "model_type" | "model_attributes_type" \
                | "dataclass_type" | "dataclass_exact_type" | "arguments_type":
            return f"harus berupa mapping (kunci: nilai){typed}"
        case "uuid_type" | "uuid_parsing" | "uuid_version":
            return f"bukan UUID yang valid{typed}"
        case "url_type" | "url_parsing" | "url_syntax_violation" | "url_too_long" | "url_scheme":
            return f"bukan alamat URL yang valid{typed}"
        case "json_invalid" | "json_type":
            return "bukan JSON yang valid"
        case "union_tag_invalid" | "union_tag_not_found":
            return f"jenis tidak dikenal (pilihan: {_choices(ctx.get('expected_tags', '-'))})"
        case "none_required":
            return "harus dikosongkan"
        case "recursion_loop" | "recursion_depth_exceeded":
            return "bersarang terlalu dalam"
        case "frozen_field" | "frozen_instance":
            return "tidak boleh diubah"
    return None


def indonesian(item: Mapping[str, Any]) -> str:
    """One pydantic error item, in Indonesian (without its field path)."""
    kind = str(item.get("type", ""))
    if kind in ("value_error", "assertion_error"):
        return str(item.get("msg", "")).removeprefix("Value error, ").removeprefix(
            "Assertion failed, ")
    return _wording(kind, item.get("ctx") or {}, item) or f"nilai tidak valid ({kind})"


def field_path(location: tuple[int | str, ...] | list[int | str]) -> str:
    """A pydantic location as users write it: `sasaran[0].indikator[1].target`, leaving out
    pydantic's own steps (`function-after[...]`, `union[...]`, type names)."""
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        elif not part.startswith(("function-", "union[", "decimal", "str", "int", "literal[",
                                  "json-or-python", "lax-or-strict", "nullable", "default")):
            path += f".{part}" if path else part
    return path
