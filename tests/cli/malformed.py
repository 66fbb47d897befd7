"""Malformed input for the standing property (tests/cli/test_malformed_input.py).

Each strategy starts from an input the CLI accepts on the sound database (`build_sound_database`)
and breaks one thing of it: one field of an agreement document, one cell, column or byte of a
realisation CSV or workbook, one command-line value. Mutations of valid input reach far deeper
than random bytes, which every reader refuses at its first line. `valid_cases()` are the unbroken
inputs: tests/cli/test_malformed_input.py checks that each of them is accepted, so that every
refusal the suite sees is the doing of the one thing broken.

Every broken thing is broken for sure (the suite asserts a refusal, so a mutation that left the
input valid would fail it): values are picked from what the document format, the file layouts
and the options define as wrong, never from what merely looks odd.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st
from openpyxl import Workbook

from domain import commands as c
from domain.agreement import MAX_NOTE
from domain.document import MAX_CODE, MAX_FUNDING, MAX_NIP, MAX_RANK, MAX_TEXT, MAX_UNIT
from kinerja_flow.limits import MAX_CSV_ROW, MAX_DOCUMENT_BYTES, MAX_DOCUMENT_DEPTH

DEMO = Path(__file__).parents[2] / "kinerja_flow" / "demo"

IN_FORCE = "DINSOS-BLL-2020-KADIS"  # PK Perubahan in force, Lampiran 2 realised, TW I closed
FRESH = "DINSOS-BLL-2021-KADIS"  # in force since 2021-01-04, nothing realised yet
DRAFT = "DINSOS-BLL-2022-KADIS"  # a draft, version 1
NEW = "DINSOS-BLL-2023-KADIS"  # not stored: the agreement a valid `create` would add
SOUND = (IN_FORCE, FRESH, DRAFT)
FILE = "{file}"  # stands for the generated file's path in a case's arguments


@dataclass(frozen=True)
class Case:
    """One command run with malformed input; `content` is written to a file named by FILE."""

    what: str  # what was broken, for the failure message
    args: tuple[str, ...]
    content: bytes | None = None
    suffix: str = ""


# ----------------------------------------------------------------- the sound database


def demo_document(name: str, kode: str, tahun: int) -> dict[str, Any]:
    """A demo document under another code and year (another year is another position)."""
    data = yaml.safe_load((DEMO / name).read_text(encoding="utf-8"))
    data.update(kode=kode, tahun=tahun)
    return data


def build_sound_database(db: str) -> None:
    """Three sound agreements, through the engine (the CLI path of each step is tested in
    tests/cli/test_write_commands.py): the Buleleng 2020 PK with its PK Perubahan in force, the
    Lampiran 2 realisations imported and TW I closed; the 2021 PK in force, nothing realised;
    the 2022 PK as a draft."""
    from domain.document import AgreementDocument
    from kinerja_flow.application import KinerjaApp
    from kinerja_flow.importing import import_realisations
    from kinerja_flow.settings import Settings

    def document(name: str, kode: str, tahun: int) -> AgreementDocument:
        return AgreementDocument.model_validate(demo_document(name, kode, tahun))

    app = KinerjaApp(Settings(db=db, actor="perencana"))
    try:
        app.handle(c.CreateAgreement(document=document("pk-2020-awal.yaml", IN_FORCE, 2020), effective=date(2020, 1, 6)))
        for party in ("pertama", "kedua"):
            app.handle(c.Sign(code=IN_FORCE, party=party, place="Singaraja", effective=date(2020, 1, 6)))
        app.handle(c.OpenAmendment(code=IN_FORCE, ground="perubahan-program", legal_basis="APBD Perubahan 2020", reason="Penyesuaian APBD-P", effective=date(2020, 10, 14), document=document("pk-2020-perubahan.yaml", IN_FORCE, 2020)))
        for party in ("pertama", "kedua"):
            app.handle(c.Sign(code=IN_FORCE, party=party, place="Singaraja", effective=date(2020, 10, 14)))
        import_realisations(app, DEMO / "realisasi-2020-lampiran2.csv")
        app.handle(c.CloseQuarter(code=IN_FORCE, quarter=1, reason="evaluasi TW I", effective=date(2020, 12, 20)))
        app.handle(c.CreateAgreement(document=document("pk-2020-perubahan.yaml", FRESH, 2021), effective=date(2021, 1, 4)))
        for party in ("pertama", "kedua"):
            app.handle(c.Sign(code=FRESH, party=party, place="Singaraja", effective=date(2021, 1, 4)))
        app.handle(c.CreateAgreement(document=document("pk-2020-awal.yaml", DRAFT, 2022), effective=date(2022, 1, 3)))
    finally:
        app.close()


# ----------------------------------------------------------------- shared pieces

# Characters no text of a document or a note may hold (`domain.input_rules`): C0 and C1 controls,
# line and paragraph separators, the bidirectional marks, overrides and isolates.
FORBIDDEN = tuple(chr(c) for c in (*range(0x20), *range(0x7F, 0xA0))) + (
    "\u2028", "\u2029", "\u061c", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d",
    "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
)
# Those that neither a spreadsheet's whitespace folding removes nor XML refuses to carry.
VISIBLE_FORBIDDEN = tuple(c for c in FORBIDDEN if not c.isspace() and (c == "\x7f" or ord(c) >= 0x80))
SURROGATES = st.integers(0xD800, 0xDFFF).map(chr)
# Characters that break lines, terminals or encodings, drawn more often than chance would.
TRICKY = ("\n", "\r", "\r\n", "\t", "\x1b[2J", "\x07", "\u202e", "\u2028", "\x85", "[bold]", "'", '"', "\\")

words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzXYZ", min_size=1, max_size=12)


def _is_number(text: str) -> bool:
    """Whether `text` reads as a number within the digit limits (Indonesian or plain)."""
    from domain.numbers import parse_number, within_limits

    try:
        within_limits(parse_number(text))
    except (ValueError, ArithmeticError):
        return False
    return True


# Text that is no number: letters, misplaced separators, spelled infinities, formulas, and
# numbers beyond the digit limits (more than 15 digits before the decimal point, 6 after).
non_numbers = st.one_of(
    words,
    st.sampled_from(["1,2,3", "1.2.3,4,5", "NaN", "Infinity", "-inf", "--5", "=1+2", "=SUM(A1:A3)",
                     "Rp", "5 %%", "1/0", "½", "0x10", "..", ","]),
    st.integers(15, 400).map(lambda n: "9" * (n + 1)),
    st.integers(7, 60).map(lambda n: "0," + "0" * (n - 1) + "1"),
    st.integers(7, 60).map(lambda n: "1." + "5" * n),
    st.text(min_size=1, max_size=8).filter(lambda t: "\x00" not in t),
).filter(lambda t: not _is_number(t))


# ----------------------------------------------------------------- agreement documents


@dataclass(frozen=True)
class Raw:
    """Text written into the serialised document as it is (a number token, a key written twice,
    a nesting too deep for a serialiser to produce): its JSON and its YAML spelling."""

    json: str
    yaml: str


def raw(text: str) -> Raw:
    return Raw(text, text)


def serialise(tree: Any, fmt: str) -> str:
    """`tree` as YAML or JSON text, with every `Raw` value or key spelt as it says."""
    spelt: list[str] = []

    def swap(node: Any) -> Any:
        if isinstance(node, Raw):
            spelt.append(node.json if fmt == "json" else node.yaml)
            return f"@@RAW{len(spelt) - 1}@@"
        if isinstance(node, dict):
            return {swap(k) if isinstance(k, Raw) else k: swap(v) for k, v in node.items()}
        if isinstance(node, list):
            return [swap(v) for v in node]
        return node

    plain = swap(tree)
    if fmt == "json":
        text = json.dumps(plain, indent=1)  # ASCII: a lone surrogate is written as its escape
    else:
        text = yaml.safe_dump(plain, allow_unicode=True, sort_keys=False, width=1_000_000)
    for index, spelling in reversed(list(enumerate(spelt))):  # RAW10 before RAW1
        text = text.replace(f'"@@RAW{index}@@"', spelling).replace(f"'@@RAW{index}@@'", spelling)
    return text


def document_bytes(tree: Any, fmt: str) -> tuple[str, bytes]:
    """The document as UTF-8 text in `fmt`; YAML falls back to JSON when YAML would not carry
    a value unchanged (YAML folds some line-break characters in quoted text)."""
    text = serialise(tree, fmt)
    if fmt == "yaml" and not _contains_raw(tree):
        try:
            same = yaml.safe_load(text) == tree
        except yaml.YAMLError:
            same = False
        if not same:
            fmt, text = "json", serialise(tree, "json")
    return fmt, text.encode("utf-8")


def _contains_raw(node: Any) -> bool:
    if isinstance(node, Raw):
        return True
    if isinstance(node, dict):
        return any(_contains_raw(k) or _contains_raw(v) for k, v in node.items())
    if isinstance(node, list):
        return any(_contains_raw(v) for v in node)
    return False


# What each field of the format is, by where it sits (see domain/document.py).
TOP = {"kode": "code", "tahun": "year", "instansi": "text", "jenjang": "choice", "skala": "choice",
       "pihak_pertama": "party", "pihak_kedua": "party", "sasaran": "models", "program": "models"}
PARTY = {"nama": "text", "jabatan": "text", "nip": "optional", "pangkat": "optional"}
OBJECTIVE = {"kode": "code", "uraian": "text", "indikator": "models"}
INDICATOR = {"kode": "code", "uraian": "text", "satuan": "unit", "target": "target", "arah": "choice",
             "penghitungan": "choice", "target_triwulan": "quarters", "target_bulan": "months"}
PROGRAMME = {"kode": "code", "uraian": "text", "anggaran": "amount", "sumber_dana": "optional",
             "sasaran": "codes", "indikator": "codes", "anggaran_triwulan": "quarters",
             "anggaran_bulan": "months"}
REQUIRED = {"top": ("kode", "tahun", "instansi", "jenjang", "pihak_pertama", "pihak_kedua"),
            "party": ("nama", "jabatan"), "objective": ("kode", "uraian"),
            "indicator": ("kode", "uraian", "target"), "programme": ("kode", "uraian", "anggaran")}
TEXT_LIMITS = {"uraian": MAX_TEXT, "instansi": MAX_TEXT, "nama": MAX_TEXT, "jabatan": MAX_TEXT,
               "satuan": MAX_UNIT, "nip": MAX_NIP, "pangkat": MAX_RANK, "sumber_dana": MAX_FUNDING}
KNOWN_KEYS = {*TOP, *PARTY, *OBJECTIVE, *INDICATOR, *PROGRAMME, "skala_definisi", "induk", "rumus",
              "rasio", "batas_bawah", "batas_atas", "penanggung_jawab"}

Where = tuple[Any, ...]  # keys and indexes from the document's root


def mappings(doc: dict[str, Any]) -> list[tuple[Where, str]]:
    """Every mapping of the document with its kind: top, party, objective, indicator, programme."""
    found: list[tuple[Where, str]] = [((), "top")]
    found += [((party,), "party") for party in ("pihak_pertama", "pihak_kedua")]
    for i, objective in enumerate(doc["sasaran"]):
        found.append((("sasaran", i), "objective"))
        found += [(("sasaran", i, "indikator", j), "indicator") for j in range(len(objective["indikator"]))]
    found += [(("program", i), "programme") for i in range(len(doc["program"]))]
    return found


KEYS = {"top": TOP, "party": PARTY, "objective": OBJECTIVE, "indicator": INDICATOR, "programme": PROGRAMME}


def fields(doc: dict[str, Any]) -> list[tuple[Where, str]]:
    """Every field of the document with its kind (see TOP, PARTY...)."""
    found = []
    for where, kind in mappings(doc):
        mapping = at(doc, where)
        found += [((*where, key), KEYS[kind][key]) for key in mapping if key in KEYS[kind]]
    return found


def at(doc: Any, where: Where) -> Any:
    for step in where:
        doc = doc[step]
    return doc


def put(doc: Any, where: Where, value: Any) -> None:
    at(doc, where[:-1])[where[-1]] = value


def nested(depth: int) -> Raw:
    """A value nested `depth` levels deep, beyond what a serialiser would write."""
    return Raw("[" * depth + "]" * depth, "[" * depth + "]" * depth)


def big_integer(digits: int) -> Raw:
    return raw("9" * digits)


def precise(decimals: int) -> Raw:
    return raw("0." + "3" * decimals)


NOT_FINITE = st.sampled_from([Raw("NaN", ".nan"), Raw("Infinity", ".inf"), Raw("-Infinity", "-.inf"),
                              raw("1e400"), raw("-1e400")])
huge_or_precise = st.one_of(st.integers(16, 400).map(big_integer), st.integers(7, 60).map(precise),
                            NOT_FINITE)

WRONG_TYPES = [12, 3.5, True, [], ["x"], {"a": "b"}]


def wrong_values(kind: str, value: Any) -> st.SearchStrategy[Any]:
    """Values that field kind `kind` (now holding `value`) never accepts."""
    case_flipped = st.just(value.swapcase()) if isinstance(value, str) and value.swapcase() != value \
        else st.nothing()
    strategies: dict[str, st.SearchStrategy[Any]] = {
        "code": st.one_of(st.sampled_from([12, True, [], {}, None, "", "-S1", "S 1", "S1;S2", "Ä1",
                                           "S1\u202e", "X" * (MAX_CODE + 1)]),
                          words.map(lambda w: "kode " + w)),
        "text": st.sampled_from([*WRONG_TYPES, None, "", "   "]),
        "unit": st.sampled_from([*WRONG_TYPES, None]),
        "optional": st.sampled_from(WRONG_TYPES),
        "choice": st.one_of(st.sampled_from([2, [], {}, None, "", "tidak-ada"]), case_flipped,
                            words.map(lambda w: f"{value}-{w}")),
        "year": st.one_of(st.sampled_from(["dua ribu", 2020.5, [], {}, None, "", 1999, 2101, 0, -2020]),
                          st.integers(2101, 10**30), st.integers(-(10**30), 1999)),
        "target": st.one_of(st.sampled_from(["", "abc", "80-", "-", "80--90", "-5", "1e3", True, [], {},
                                             None]), huge_or_precise, non_numbers),
        "amount": st.one_of(st.sampled_from([-1, "abc", "", True, [], {}, None, "-0,5"]), huge_or_precise,
                            st.integers(max_value=-1)),
        "quarters": st.sampled_from(["1=0", [1, 2], 5, {"x": 1}, {0: 1}, {5: 1}, {1: -1}, {1: "x"}, {1: []},
                                     {-1: 1}]),
        "months": st.sampled_from(["1=0", [1, 2], 5, {"x": 1}, {0: 1}, {13: 1}, {1: -1}, {1: "x"}]),
        "models": st.sampled_from(["S1", 5, True, {"kode": "S1"}, [1], ["S1"], [None], [[]]]),
        "codes": st.sampled_from(["S1", 5, [1], [None], [{}], [[]], ["S9"], ["X9.9"]]),
        "party": st.sampled_from(["Kepala Dinas", 5, [], None, {}, {"nama": "Tanpa Jabatan"},
                                  {"jabatan": "Tanpa Nama"}]),
    }
    return strategies[kind]


def _field(draw: st.DrawFn, doc: dict[str, Any], *kinds: str) -> tuple[Where, str]:
    """A field of the document (of one of `kinds`, if given) and its kind."""
    return draw(st.sampled_from([(w, k) for w, k in fields(doc) if not kinds or k in kinds]))


def _mapping(draw: st.DrawFn, doc: dict[str, Any], *kinds: str) -> tuple[Where, str]:
    """A mapping of the document (of one of `kinds`, if given) and its kind."""
    return draw(st.sampled_from([(w, k) for w, k in mappings(doc) if not kinds or k in kinds]))


def _name(where: Where) -> str:
    return ".".join(str(step) for step in where) or "(dokumen)"


def wrong_type(draw: st.DrawFn, doc: dict[str, Any]) -> str:
    where, kind = _field(draw, doc)
    value = draw(wrong_values(kind, at(doc, where)))
    put(doc, where, value)
    return f"{_name(where)} = {value!r}"


def dangling_reference(draw: st.DrawFn, doc: dict[str, Any]) -> str:
    where, _ = _field(draw, doc, "codes")
    targets = {"sasaran": [o["kode"] for o in doc["sasaran"]],
               "indikator": [i["kode"] for o in doc["sasaran"] for i in o["indikator"]]}[where[-1]]
    code = draw(st.one_of(st.sampled_from(targets).map(str.lower), words.map(str.upper))
                .filter(lambda c: c not in targets))
    at(doc, where).append(code)
    return f"{_name(where)} += {code!r}"


def drop_required(draw: st.DrawFn, doc: dict[str, Any]) -> str:
    where, kind = _mapping(draw, doc)
    key = draw(st.sampled_from(REQUIRED[kind]))
    del at(doc, where)[key]
    return f"{_name((*where, key))} dihapus"


def unknown_field(draw: st.DrawFn, doc: dict[str, Any]) -> str:
    where, kind = _mapping(draw, doc)
    mapping = at(doc, where)
    known = sorted(KEYS[kind])
    key = draw(st.one_of(
        st.sampled_from(known).map(str.capitalize),  # a code differing by case
        st.sampled_from(known).map(str.upper),
        st.tuples(st.sampled_from(known), words).map("".join),  # misspelt
        st.from_regex(r"\A[a-z_]{1,15}\Z"),
        st.lists(st.one_of(st.characters(blacklist_categories=("Cs",)), st.sampled_from(TRICKY)),
                 min_size=1, max_size=8).map("".join),
    ).filter(lambda k: k not in KNOWN_KEYS and k not in ("<<", "y", "n", "yes", "no", "on", "off")))
    mapping[key] = draw(st.sampled_from(["x", 1, None, [], {"a": 1}]))
    return f"kolom asing {_name((*where, key))}"


def huge_number(draw: st.DrawFn, doc: dict[str, Any]) -> str:
    where, _ = _field(draw, doc, "target", "amount", "year")
    value = draw(huge_or_precise)
    put(doc, where, value)
    return f"{_name(where)} = {value.json}"


def period_values(draw: st.DrawFn, doc: dict[str, Any]) -> str:
    """Periods out of range, negative, beyond the digit limits, or both kinds at once."""
    where, kind = _mapping(draw, doc, "indicator", "programme")
    mapping = at(doc, where)
    prefix = "target" if kind == "indicator" else "anggaran"
    top = draw(st.sampled_from([4, 12]))
    name = f"{prefix}_{'triwulan' if top == 4 else 'bulan'}"
    other = f"{prefix}_{'bulan' if top == 4 else 'triwulan'}"
    mapping.pop(other, None)
    periods: dict[Any, Any] = {p: 0 for p in range(1, top + 1)}
    if kind == "programme":
        periods[top] = mapping["anggaran"]  # the periods add up to the budget
    bad = draw(st.sampled_from(["period", "negative", "huge", "both"]))
    if bad == "period":
        periods[draw(st.one_of(st.integers(max_value=0), st.integers(min_value=top + 1)))] = 0
    elif bad == "negative":
        periods[draw(st.integers(1, top))] = draw(st.integers(max_value=-1))
    elif bad == "huge":
        periods[draw(st.integers(1, top))] = draw(huge_or_precise)
    else:
        mapping[other] = {1: 0}
    mapping[name] = periods
    return f"{_name(where)}.{name}: {bad}"


def budget_not_adding_up(draw: st.DrawFn, doc: dict[str, Any]) -> str:
    where, _ = _mapping(draw, doc, "programme")
    programme = at(doc, where)
    off = draw(st.integers(1, 10**6))
    programme.pop("anggaran_bulan", None)
    programme["anggaran_triwulan"] = {1: 0, 2: 0, 3: 0, 4: programme["anggaran"] + off}
    return f"{_name(where)}.anggaran_triwulan tidak berjumlah anggaran (+{off})"


def reversed_range(draw: st.DrawFn, doc: dict[str, Any]) -> str:
    where, _ = _mapping(draw, doc, "indicator")
    low = draw(st.integers(0, 10**6))
    high = low + draw(st.integers(1, 10**6))
    if draw(st.booleans()):
        at(doc, where)["target"] = f"{high}-{low}"
        return f"{_name(where)}.target {high}-{low}"
    at(doc, where).update(batas_bawah=high, batas_atas=low)
    return f"{_name(where)}.batas_bawah {high} > batas_atas {low}"


def forbidden_character(draw: st.DrawFn, doc: dict[str, Any], fmt: str) -> str:
    where, _ = _field(draw, doc, "text", "unit", "optional")
    text = at(doc, where)
    if not isinstance(text, str) or len(text) < 2:
        text = "ab"
    char = draw(st.one_of(st.sampled_from(FORBIDDEN), SURROGATES) if fmt == "json" else st.sampled_from(FORBIDDEN))
    position = draw(st.integers(1, len(text) - 1))  # inside: the ends are stripped of whitespace
    put(doc, where, text[:position] + char + text[position:])
    return f"{_name(where)} berisi U+{ord(char):04X}"


def too_long(draw: st.DrawFn, doc: dict[str, Any]) -> str:
    where, _ = _field(draw, doc, "text", "unit", "optional")
    limit = TEXT_LIMITS[where[-1]]
    length = draw(st.integers(limit + 1, limit + 100))
    put(doc, where, "a" * length)
    return f"{_name(where)} {length} karakter"


def case_clash(draw: st.DrawFn, doc: dict[str, Any]) -> str:
    """A second objective, indicator or programme whose code differs only by case (or not at all)."""
    where, kind = _mapping(draw, doc, "objective", "indicator", "programme")
    twin = copy.deepcopy(at(doc, where))
    twin["kode"] = draw(st.sampled_from([twin["kode"].lower(), twin["kode"].swapcase(), twin["kode"]]))
    if kind == "objective":  # its indicators would clash too; give it fresh ones
        for number, indicator in enumerate(twin["indikator"]):
            indicator["kode"] = f"BARU{number}"
    at(doc, where[:-1]).append(twin)
    return f"{_name(where)} berkembar {twin['kode']!r}"


def deep_nesting(draw: st.DrawFn, doc: dict[str, Any]) -> str:
    where, _ = _field(draw, doc)
    depth = draw(st.one_of(st.integers(MAX_DOCUMENT_DEPTH + 1, 60), st.integers(60, 3000)))
    put(doc, where, nested(depth))
    return f"{_name(where)} bersarang {depth} tingkat"


def duplicate_key(draw: st.DrawFn, doc: dict[str, Any]) -> str:
    where, kind = _mapping(draw, doc)
    mapping = at(doc, where)
    key = draw(st.sampled_from(sorted(k for k in mapping if k in KEYS[kind])))
    value = copy.deepcopy(mapping[key]) if draw(st.booleans()) else draw(st.sampled_from(["x", 1]))
    mapping[Raw(json.dumps(key), key)] = value
    return f"kunci {_name((*where, key))} ditulis dua kali"


TREE_MUTATIONS: list[Callable[..., str]] = [
    wrong_type, dangling_reference, drop_required, unknown_field, huge_number, period_values,
    budget_not_adding_up, reversed_range, too_long, case_clash, deep_nesting, duplicate_key,
]


def _text_mutation(draw: st.DrawFn, doc: dict[str, Any], fmt: str) -> tuple[str, bytes]:
    """A broken file rather than a broken field: syntax, encoding, size, not a mapping."""
    text = serialise(doc, fmt)
    kind = draw(st.sampled_from(["syntax", "encoding", "size", "shape", "binary"]))
    if kind == "syntax":
        if fmt == "json":
            cut = draw(st.integers(0, len(text.rstrip()) - 1))
            return f"JSON terpotong di {cut}", text[:cut].encode()
        broken = draw(st.sampled_from([text + "\n'tidak ditutup", "%YAML 9.9\n---\n" + text,
                                       text.replace("kode: ", "kode: @", 1), text + "\tx: 1\n",
                                       text + "x: [\n", "{" + text]))
        return "YAML rusak", broken.encode()
    if kind == "encoding":
        how = draw(st.sampled_from(["utf-16", "latin-1", "bytes", "nul"]))
        if how == "utf-16":
            return "UTF-16", text.encode("utf-16")
        if how == "latin-1":
            return "Latin-1", text.replace("Dinas", "Dinas é", 1).encode("latin-1", "replace")
        data = text.encode()
        position = draw(st.integers(0, len(data)))
        insert = draw(st.sampled_from([b"\xff", b"\xc3(", b"\xed\xa0\x80", b"\x80"])) if how == "bytes" else b"\x00"
        return f"byte {insert!r} di {position}", data[:position] + insert + data[position:]
    if kind == "size":
        padding = MAX_DOCUMENT_BYTES + draw(st.integers(1, 4096))
        filler = (" " * padding) if fmt == "json" else ("#" + "x" * padding + "\n")
        return "lebih dari 1 MB", (text + filler).encode()
    if kind == "shape":
        shape = draw(st.sampled_from(["", "   \n", "---\n", "null", "[]", "42", '"kode"', "- kode\n", "[{}]"]))
        return f"bukan mapping: {shape!r}", shape.encode()
    return "acak", draw(st.binary(min_size=1, max_size=300))


@st.composite
def broken_documents(draw: st.DrawFn, base: dict[str, Any]) -> tuple[str, str, bytes]:
    """(what, format, content): `base` with one thing broken."""
    doc = copy.deepcopy(base)
    fmt = draw(st.sampled_from(["yaml", "json"]))
    if draw(st.integers(0, 9)) == 0:
        what, content = _text_mutation(draw, doc, fmt)
        return what, fmt, content
    mutation = draw(st.sampled_from([*TREE_MUTATIONS, forbidden_character]))
    what = mutation(draw, doc, fmt) if mutation is forbidden_character else mutation(draw, doc)
    fmt, content = document_bytes(doc, fmt)
    return what, fmt, content


def _revised_draft() -> dict[str, Any]:
    doc = demo_document("pk-2020-awal.yaml", DRAFT, 2022)
    doc["sasaran"][0]["indikator"][0]["target"] = 5
    return doc


def _amended_fresh() -> dict[str, Any]:
    doc = demo_document("pk-2020-perubahan.yaml", FRESH, 2021)
    doc["sasaran"][1]["indikator"][0]["target"] = 85
    return doc


# The commands that read a document: the valid document each is given, and its arguments.
DOCUMENT_COMMANDS: dict[str, tuple[Callable[[], dict[str, Any]], tuple[str, ...]]] = {
    "create": (lambda: demo_document("pk-2020-awal.yaml", NEW, 2023), ("create", FILE, "--alasan", "PK 2023")),
    "import": (lambda: demo_document("pk-2020-awal.yaml", NEW, 2023), ("import", FILE)),
    "revise": (_revised_draft, ("revise", DRAFT, FILE, "--alasan", "penyesuaian target")),
    "amend": (_amended_fresh, ("amend", FRESH, "--jenis", "perubahan-program", "--dasar", "APBD Perubahan 2021",
                               "--alasan", "penyesuaian", "--dokumen", FILE)),
}
_BASES = {command: base() for command, (base, _) in DOCUMENT_COMMANDS.items()}


@st.composite
def document_cases(draw: st.DrawFn) -> Case:
    command = draw(st.sampled_from(sorted(DOCUMENT_COMMANDS)))
    what, fmt, content = draw(broken_documents(_BASES[command]))
    return Case(f"{command} ({fmt}): {what}", DOCUMENT_COMMANDS[command][1], content, f".{fmt}")


# ----------------------------------------------------------------- realisation files

LONG_HEADER = ["kode_pk", "jenis", "kode", "bulan", "nilai", "pembilang", "penyebut", "keterangan"]
LONG_ROWS = [
    [IN_FORCE, "indikator", "S1.2", "4", "0,1", "", "", "laporan bidang"],
    [IN_FORCE, "anggaran", "P01", "5", "1.000.000", "", "", ""],
    [FRESH, "indikator", "S2.2", "1", "5", "", "", ""],
    [FRESH, "anggaran", "P02", "2", "2.500.000", "", "", "SP2D"],
]
WIDE_HEADER = ["Kode PK", "Kode Indikator", "Realisasi TW I", "Realisasi TW II", "Realisasi TW III",
               "Realisasi TW IV", "Keterangan", "Kode Program", "Realisasi Anggaran TW I",
               "Realisasi Anggaran TW II", "Realisasi Anggaran TW III", "Realisasi Anggaran TW IV",
               "Keterangan Anggaran"]
WIDE_ROWS = [
    [FRESH, "S1.2", "0", "0", "0,32", "", "", "P01", "30.515.960", "53.041.150", "", "", ""],
    [FRESH, "S2.2", "20", "-", "", "", "", "P07", "5.190.000", "", "", "", "SP2D"],
]
PROGRAMMES = {f"P{n:02}" for n in range(1, 16)}
ITEMS = {"S1.2", "S2.2", *PROGRAMMES}  # of the PK Perubahan: both agreements in force have them
KINDS = {"indikator", "kinerja", "anggaran", "program"}
DASHES = {"-", "\u2013", "\u2014"}  # zero, as the seed's tables write it


def _plain(text: str) -> str:
    """A cell as the import reads text (trimmed, inner whitespace folded)."""
    return " ".join(text.split())


def _not_a_month(text: str) -> bool:
    from kinerja_flow.importing.cells import MONTH_NAMES

    plain = _plain(text).casefold()
    if plain in MONTH_NAMES:
        return False
    try:
        value = Decimal(plain.replace(",", "."))
    except (InvalidOperation, ValueError):
        return True
    return not value.is_finite() or value != value.to_integral_value() or not 1 <= value <= 12


unknown_codes = st.one_of(
    words.map(str.upper), st.sampled_from(["S9.9", "P99", "s1.2", "p01", "S1.2.", "P1"]),
    st.integers(10_000, 40_000).map(lambda n: "S" * n),  # a huge cell
).filter(lambda c: _plain(c) not in ITEMS)
unknown_agreements = st.one_of(
    words.map(str.upper), st.sampled_from([NEW, DRAFT, "DINSOS-BLL-2019-KADIS", "-"]),
).filter(lambda c: _plain(c).upper() not in (IN_FORCE, FRESH))
bad_months = st.one_of(
    st.integers(max_value=0).map(str), st.integers(min_value=13).map(str),
    st.sampled_from(["Maretan", "3,5", "12.5", "Bulan 3", "Q1", "1-3", "III"]),
    words.filter(_not_a_month),
).filter(_not_a_month)
bad_notes = st.one_of(
    st.integers(MAX_NOTE + 1, MAX_NOTE + 40_000).map(lambda n: "k" * n),
    st.tuples(words, st.sampled_from(VISIBLE_FORBIDDEN), words).map("".join),
)

# Cells of a long-layout row that the layout, the agreement or the rules refuse, by column.
LONG_CELLS: dict[int, st.SearchStrategy[str]] = {
    0: unknown_agreements,
    1: words.filter(lambda w: _plain(w).casefold() not in KINDS),
    2: unknown_codes,
    3: bad_months,
    4: st.one_of(non_numbers.filter(lambda t: _plain(t) not in DASHES), st.just("")),
    7: bad_notes,
}


def _break_long_rows(draw: st.DrawFn, rows: list[list[str]]) -> str:
    """One long-layout row broken in one cell, or refused by the record (a realised month, a
    closed triwulan, a negative budget, a ratio given to a plain indicator)."""
    index = draw(st.integers(0, len(rows) - 1))
    row = rows[index]
    how = draw(st.sampled_from(["cell", "cell", "cell", "state", "ratio", "negative", "duplicate", "blank"]))
    if how == "cell":
        column = draw(st.sampled_from(sorted(LONG_CELLS)))
        row[column] = draw(LONG_CELLS[column])
        return f"baris {index + 2} kolom {LONG_HEADER[column]} = {row[column][:40]!r}"
    if how == "state":  # realised already (TW II..IV), or in the closed TW I
        row[:4] = [IN_FORCE, "indikator", draw(st.sampled_from(["S1.2", "S2.2"])),
                   str(draw(st.sampled_from([1, 2, 3, 6, 9, 12])))]
        return f"baris {index + 2}: bulan {row[3]} {row[2]} sudah ada atau ditutup"
    if how == "ratio":
        row[5:7] = [draw(st.sampled_from(["1", "3.503"])), draw(st.sampled_from(["2", "47.914", ""]))]
        if draw(st.booleans()):
            row[4] = ""
        return f"baris {index + 2}: pembilang/penyebut untuk {row[1]} bukan rasio"
    if how == "negative":
        row[1:3] = ["anggaran", "P03"]
        row[4] = f"-{draw(st.integers(1, 10**9))}"
        return f"baris {index + 2}: anggaran negatif {row[4]}"
    if how == "duplicate":
        rows.insert(draw(st.integers(0, len(rows))), list(row))
        return f"baris {index + 2} ditulis dua kali"
    column = draw(st.sampled_from([0, 1, 2, 3, 4]))
    row[column] = ""
    return f"baris {index + 2} kolom {LONG_HEADER[column]} kosong"


def _break_wide_rows(draw: st.DrawFn, rows: list[list[str]]) -> str:
    index = draw(st.integers(0, len(rows) - 1))
    row = rows[index]
    column = draw(st.sampled_from([0, 1, 7, 2, 3, 4, 5, 8, 9, 10, 11, 6, 12]))
    if column == 0:
        row[0] = draw(unknown_agreements)
    elif column in (1, 7):
        row[column] = draw(unknown_codes)
    elif column in (6, 12):
        row[column] = draw(bad_notes)
    else:
        row[column] = draw(non_numbers.filter(lambda t: _plain(t) not in (*DASHES, "")))
    return f"Lampiran 2 baris {index + 2} kolom {WIDE_HEADER[column]} = {row[column][:40]!r}"


def _break_header(draw: st.DrawFn, header: list[str], rows: list[list[str]], wide: bool) -> str:
    """A required column dropped, a column renamed to one the layout does not know, a column
    named twice, or no rows under the header. (The wide layout reads only its code and
    realisation columns: only those count there.)"""
    how = draw(st.sampled_from(["drop", "rename", "duplicate", "only"]))
    if how == "drop":
        column = 0 if wide else draw(st.sampled_from([0, 1, 2, 3, 4]))
        del header[column]
        for row in rows:
            del row[column]
        return f"kolom {column} dihapus"
    if how == "rename":
        columns = [2, 3, 4, 5, 8, 9, 10, 11] if wide else list(range(len(header)))
        column = draw(st.sampled_from(columns))
        header[column] = draw(st.one_of(
            st.tuples(st.just(header[column]), words).map("".join),
            st.just("Realisasi TW V" if wide else "nlai"),
        ))
        return f"judul kolom {column} = {header[column]!r}"
    if how == "duplicate":
        column = draw(st.integers(0, len(header) - 1))
        header.append(header[column].upper())
        for row in rows:
            row.append("1")
        return f"judul kolom {header[column]!r} dua kali"
    rows.clear()
    return "hanya judul kolom"


def _csv_text(rows: list[list[Any]], delimiter: str) -> str:
    """CSV as Excel writes it: CRLF, so that a cell holding a CR or LF is quoted."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def _table(draw: st.DrawFn) -> tuple[str, list[list[str]], list[list[str]], bool]:
    """A valid table (long or wide layout) with one thing broken in its rows or its header."""
    wide = draw(st.integers(0, 3)) == 0
    header = list(WIDE_HEADER if wide else LONG_HEADER)
    rows = [list(r) for r in (WIDE_ROWS if wide else LONG_ROWS)]
    if draw(st.integers(0, 4)) == 0:
        what = _break_header(draw, header, rows, wide)
    else:
        what = (_break_wide_rows if wide else _break_long_rows)(draw, rows)
    return what, header, rows, wide


@st.composite
def csv_cases(draw: st.DrawFn) -> Case:
    if draw(st.integers(0, 5)) == 0:
        what, content = _broken_csv_file(draw)
    else:
        what, header, rows, _ = _table(draw)
        delimiter = draw(st.sampled_from([";", ",", "\t"]))
        titles = [["CAPAIAN RENCANA AKSI"], []] if draw(st.booleans()) else []
        content = _csv_text([*titles, header, *rows], delimiter).encode("utf-8")
    return Case(f"CSV: {what}", ("import", FILE), content, ".csv")


def _broken_csv_file(draw: st.DrawFn) -> tuple[str, bytes]:
    """A file the CSV reader refuses as a whole: empty, not UTF-8, NUL, a row beyond the cap."""
    text = _csv_text([LONG_HEADER, *LONG_ROWS], ";")
    how = draw(st.sampled_from(["empty", "utf-16", "latin-1", "bytes", "nul", "long-row", "binary"]))
    if how == "empty":
        return "kosong", draw(st.sampled_from([b"", b"\n\n", b"\xef\xbb\xbf", b"  \r\n\t"]))
    if how == "utf-16":
        return "UTF-16", text.encode("utf-16")
    if how == "latin-1":
        return "Latin-1", text.replace("laporan bidang", "laporan bidang é").encode("latin-1")
    data = text.encode()
    position = draw(st.integers(0, len(data)))
    if how == "bytes":
        return f"byte bukan UTF-8 di {position}", data[:position] + b"\xff" + data[position:]
    if how == "nul":
        return f"NUL di {position}", data[:position] + b"\x00" + data[position:]
    if how == "long-row":
        length = MAX_CSV_ROW + draw(st.integers(1, 100_000))
        return f"baris {length} karakter", (text + "x" * length + "\n").encode()
    return "acak", draw(st.binary(min_size=1, max_size=400).filter(lambda b: b.strip()))


# XLSX: cells are typed; what a workbook holds that a CSV cannot.
def _typed(row: list[str], wide: bool) -> list[Any]:
    """A row as Excel holds it: months and amounts that are numbers as numbers (the same number
    the CSV cell reads as); any other cell as its text."""
    from domain.numbers import parse_number

    typed: list[Any] = []
    number_columns = (2, 3, 4, 5, 8, 9, 10, 11) if wide else (3, 4)
    for column, cell in enumerate(row):
        if column in number_columns and _is_number(cell):
            value = parse_number(cell)
            typed.append(int(value) if value == value.to_integral_value() else float(value))
        else:
            typed.append(cell if cell != "" else None)
    return typed


EXCEL_ONLY = st.one_of(
    st.booleans(),
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2030, 1, 1)),
    st.floats(min_value=1e16, max_value=1e300), st.floats(min_value=-1e300, max_value=-1e16),
    st.sampled_from(["=1+2", "=SUM(E2:E3)", "=A1"]),  # formulas saved without their value
)


def _xlsx(sheets: dict[str, list[list[Any]]]) -> bytes:
    """The workbook; a character XML cannot hold (ESC, most C0 controls) is written as `?`,
    which leaves a wrong cell wrong."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append([ILLEGAL_CHARACTERS_RE.sub("?", c) if isinstance(c, str) else c for c in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rezip(data: bytes, part: str, content: bytes) -> bytes:
    """The workbook `data` with `part` replaced by `content`."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, content if info.filename == part else source.read(info.filename))
    return buffer.getvalue()


@st.composite
def xlsx_cases(draw: st.DrawFn) -> Case:
    options: tuple[str, ...] = ()
    how = draw(st.sampled_from(["table", "table", "table", "typed", "typed", "package", "sheet"]))
    if how == "table":  # what a CSV can be broken by, in a workbook
        what, header, rows, wide = _table(draw)
        content = _xlsx({"Lampiran 2" if wide else "Realisasi": [header, *(_typed(r, wide) for r in rows)]})
    elif how == "typed":  # a cell of a type only a workbook has
        wide = draw(st.booleans())
        header, rows = (WIDE_HEADER, WIDE_ROWS) if wide else (LONG_HEADER, LONG_ROWS)
        what, table = _typed_cell(draw, [header, *(_typed(r, wide) for r in rows)], wide)
        content = _xlsx({"Lampiran 2" if wide else "Realisasi": table})
    elif how == "sheet":
        content = _xlsx({"Realisasi": [LONG_HEADER, *(_typed(r, False) for r in LONG_ROWS)]})
        name = draw(st.one_of(words, st.sampled_from(["realisasi", "Realisasi ", "Sheet"])))
        options, what = ("--lembar", name), f"lembar {name!r} tidak ada"
    else:
        what, content = _broken_package(draw)
    return Case(f"XLSX: {what}", ("import", FILE, *options), content, ".xlsx")


def _typed_cell(draw: st.DrawFn, table: list[list[Any]], wide: bool) -> tuple[str, list[list[Any]]]:
    index = draw(st.integers(1, len(table) - 1))
    columns = [2, 3, 4, 5, 8, 9, 10, 11] if wide else [1, 3, 4]
    column = draw(st.sampled_from(columns))
    value = draw(EXCEL_ONLY if column != 1 else st.sampled_from(["=1+2", "=A1"]))  # jenis: a formula
    row = list(table[index]) + [None] * (len(table[0]) - len(table[index]))
    row[column] = value
    table = [*table[:index], row, *table[index + 1:]]
    return f"sel baris {index + 1} kolom {table[0][column]} = {value!r}", table


def _broken_package(draw: st.DrawFn) -> tuple[str, bytes]:
    """A workbook damaged as a file: cut short, a part replaced by garbage, not a zip at all."""
    data = _xlsx({"Realisasi": [LONG_HEADER, *(_typed(r, False) for r in LONG_ROWS)]})
    how = draw(st.sampled_from(["cut", "part", "number", "not-zip", "empty-book", "huge-text"]))
    if how == "cut":
        # A share of the length: the bytes carry the time they were written (draws must not).
        cut = len(data) * draw(st.integers(0, 999)) // 1000
        return f"terpotong di {cut}", data[:cut]
    if how == "part":
        # The parts the reader reads ([Content_Types].xml is not one), each made malformed XML;
        # the sheet may also be well-formed XML that is no sheet (an entity-expanding DOCTYPE).
        part = draw(st.sampled_from(["xl/worksheets/sheet1.xml", "xl/workbook.xml", "_rels/.rels",
                                     "xl/_rels/workbook.xml.rels", "xl/styles.xml"]))
        garbage = [b"", b"<worksheet", b"\xff\xfe<x/>", b"<?xml version='1.0'?><a>\xc3(</a>",
                   b"<x>" + b"<y>" * 5000, b"<a></b>"]
        if part == "xl/worksheets/sheet1.xml":
            garbage.append(b'<!DOCTYPE a [<!ENTITY e "x"><!ENTITY f "&e;&e;&e;">]><a>&f;</a>')
        assert part in zipfile.ZipFile(io.BytesIO(data)).namelist(), part
        return f"bagian {part} rusak", _rezip(data, part, draw(st.sampled_from(garbage)))
    if how == "number":  # a number cell holding what no number is (openpyxl writes NaN as empty)
        sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
        bad = draw(st.sampled_from([b"NaN", b"inf", b"-inf", b"1e999", b"abc", b"0x10", b"1e-9"]))
        assert b"<v>1000000</v>" in sheet
        return f"sel angka berisi {bad!r}", _rezip(data, "xl/worksheets/sheet1.xml",
                                                    sheet.replace(b"<v>1000000</v>", b"<v>" + bad + b"</v>"))
    if how == "not-zip":
        return "bukan zip", draw(st.one_of(st.binary(min_size=0, max_size=300),
                                           st.just(b"PK\x03\x04" + b"\x00" * 40)))
    if how == "empty-book":
        return "buku kerja tanpa judul kolom", _xlsx({"Kosong": [], "Judul": [["judul saja"], [None, "x"]]})
    size = draw(st.integers(32_768, 40_000))
    rows = [LONG_HEADER, *(_typed(r, False) for r in LONG_ROWS)]
    rows[1] = list(rows[1])
    rows[1][7] = "k" * size
    return f"sel {size} karakter", _xlsx({"Realisasi": rows})


# ----------------------------------------------------------------- command-line values

# Each write command with valid arguments on the sound database: its positional arguments and
# its options, where `{slot}` marks a value the strategies below break (one per case).
COMMANDS: dict[str, tuple[tuple[str, ...], tuple[tuple[str, str], ...]]] = {
    "realise": (("{code}", "{indicator}", "{month}", "{value}"), (("--catatan", "{note}"),)),
    "realise-budget": (("{code}", "{programme}", "{month}", "{amount}"), ()),
    "correct": ((IN_FORCE, "{realised_month}", "{value}"),
                (("--indikator", "{realised_indicator}"), ("--alasan", "{reason}"))),
    "target": ((DRAFT, "{draft_indicator}", "{target}"),
               (("--alasan", "{reason}"), ("--triwulan", "{quarters}"))),
    "budget": ((DRAFT, "{draft_programme}", "382.252.200"),
               (("--alasan", "{reason}"), ("--triwulan", "{budget_quarters}"))),
    "sign": ((DRAFT,), (("--pihak", "{party}"), ("--tempat", "Singaraja"), ("--tanggal", "{sign_date}"))),
    "close-quarter": ((IN_FORCE, "{open_quarter}"), (("--alasan", "{reason}"),)),
    "reopen-quarter": ((IN_FORCE, "{closed_quarter}"), (("--alasan", "{reason}"),)),
    "amend": ((FRESH,), (("--jenis", "{ground}"), ("--dasar", "{basis}"), ("--alasan", "{reason}"),
                         ("--tanggal", "{amend_date}"))),
    "cancel": ((DRAFT,), (("--alasan", "{reason}"), ("--tanggal", "{date}"))),
    "submit": ((IN_FORCE,), (("--alasan", "{reason}"), ("--tanggal", "{date}"))),
}
VALID = {
    "code": FRESH, "indicator": "S1.2", "month": "4", "value": "0,1", "note": "laporan bidang",
    "programme": "P01", "amount": "1.000.000", "realised_month": "6", "realised_indicator": "S1.2",
    "reason": "penyesuaian", "draft_indicator": "S1.1", "target": "5", "quarters": "1=1;2=1;3=1;4=2",
    "draft_programme": "P01", "budget_quarters": "1=100.000.000;2=100.000.000;3=100.000.000;4=82.252.200",
    "party": "pertama", "sign_date": "2022-01-04", "open_quarter": "2", "closed_quarter": "1",
    "ground": "perubahan-program", "basis": "APBD Perubahan 2021", "amend_date": "2021-06-01",
    "date": None,  # no --tanggal: today
}


def _not_a_date(text: str) -> bool:
    try:
        date.fromisoformat(text.strip())
    except ValueError:
        return True
    return False


def _whole(text: str) -> int | None:
    """`text` as click reads a whole number (Python's int(), which takes ` 3`, `٣` and `1_0`)."""
    try:
        return int(text)
    except ValueError:
        return None


def _not_in(low: int, high: int, *taken: int) -> Callable[[str], bool]:
    """Text that is no whole number in `low..high`, or one of `taken`."""
    def check(text: str) -> bool:
        number = _whole(text)
        return number is None or not low <= number <= high or number in taken
    return check


def argv_text(min_size: int = 0) -> st.SearchStrategy[str]:
    """Any text a shell can pass: no NUL; lone surrogates in U+DC80..U+DCFF are bytes that are
    not UTF-8 (Python decodes argv with `surrogateescape`)."""
    pieces = st.one_of(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)),
                       st.sampled_from(TRICKY), st.integers(0xDC80, 0xDCFF).map(chr))
    return st.lists(pieces, min_size=min_size, max_size=12).map("".join)


not_utf8 = st.tuples(words, st.integers(0xDC80, 0xDCFF).map(chr), words).map("".join)


def near(code: str) -> st.SearchStrategy[str]:
    """`code` with a line break, a control or bidi character, markup or a byte that is not UTF-8
    somewhere in it (filtered below where stripping it would give the code back)."""
    return st.tuples(st.sampled_from((*TRICKY, "\udcff")), st.integers(0, len(code))).map(
        lambda t: code[:t[1]] + t[0] + code[t[1]:])
blank = st.sampled_from(["", " ", "   ", "\t", "\n", " \u3000 "])
whole_numbers = st.one_of(argv_text(), st.integers().map(str), st.sampled_from(["3,5", "1e1", "12.0", "0x3"]))
bad_dates = st.one_of(
    st.sampled_from(["14-10-2020", "2020/10/14", "2021-02-30", "2021-13-01", "2021-00-10", "20211", "",
                     "kemarin", "2021-1-32", "0000-01-01"]),
    argv_text(1).filter(_not_a_date),
    st.dates(min_value=date(date.today().year + 1, 1, 1)).map(date.isoformat),  # in the future
)


def dates_before(day: date) -> st.SearchStrategy[str]:
    """A date before `day`: before the agreement's last event, or before the version signed."""
    return st.dates(min_value=date(1900, 1, 1), max_value=day - timedelta(days=1)).map(date.isoformat)


def broken_periods(top: int, valid: str) -> st.SearchStrategy[str]:
    """Period values with one pair broken: a period outside 1..top, a value that is no number,
    a period written twice, a pair without `=`, or no pairs at all."""
    pairs = valid.split(";")

    @st.composite
    def broken(draw: st.DrawFn) -> str:
        index = draw(st.integers(0, len(pairs) - 1))
        period, _, value = pairs[index].partition("=")
        how = draw(st.sampled_from(["period", "value", "twice", "no-equals", "text"]))
        changed = list(pairs)
        if how == "period":
            changed[index] = f"{draw(st.one_of(st.integers(max_value=0), st.integers(min_value=top + 1)))}={value}"
        elif how == "value":
            changed[index] = f"{period}={draw(non_numbers.filter(lambda t: not any(c in t for c in ';= ')))}"
        elif how == "twice":
            changed.append(pairs[index])
        elif how == "no-equals":
            changed[index] = f"{period}:{value}"
        else:
            return draw(st.sampled_from(["1=..", "satu", "=", "1=", "=5", "1==2", "1=2=3", ";;", ""]))
        return ";".join(changed)

    return broken()


def _not(*valid: str) -> Callable[[str], bool]:
    return lambda text: text.strip() not in valid


# Malformed values per slot: what an option's parser refuses (exit 2) or the rules refuse (1).
SLOTS: dict[str, st.SearchStrategy[str]] = {
    "code": st.one_of(argv_text(), not_utf8, near(FRESH),
                      st.sampled_from([NEW, "X" * 81, DRAFT, "dinsos-bll-2019-kadis"]))
    .filter(lambda c: c.strip().upper() not in (FRESH, IN_FORCE)),
    "indicator": st.one_of(argv_text(), not_utf8, near("S1.2"), st.sampled_from(["s1.2", "S1.1", "P01"]))
    .filter(_not("S1.2", "S2.2")),
    "month": whole_numbers.filter(_not_in(1, 12)),
    "value": st.one_of(non_numbers, not_utf8),
    "note": bad_notes,
    "programme": st.one_of(argv_text(), not_utf8, near("P01"), st.sampled_from(["p01", "P1", "P99", "S1.2"]))
    .filter(_not(*PROGRAMMES)),
    "amount": st.one_of(non_numbers, not_utf8, st.integers(max_value=-1).map(str)),  # negative: refused
    # realised: TW II..IV at months 6, 9, 12; TW I (month 3) closed
    "realised_month": whole_numbers.filter(_not_in(1, 12, 1, 2, 3, 4, 5, 7, 8, 10, 11)),
    "realised_indicator": st.one_of(argv_text(), not_utf8, near("S1.2"), st.sampled_from(["s1.2", "S1.1", "P01"]))
    .filter(_not("S1.2", "S2.2")),
    "reason": st.one_of(blank, not_utf8),
    "draft_indicator": st.one_of(argv_text(), not_utf8, near("S1.1"), st.sampled_from(["s1.1", "S1.2", "P01"]))
    .filter(_not("S1.1", "S2.1", "S3.1")),
    "target": st.one_of(non_numbers.filter(lambda t: not _is_target(t)),
                        st.sampled_from(["90-80", "80-", "-", "80--90", "1e400", "-5"]), not_utf8),
    "draft_programme": st.one_of(argv_text(), not_utf8, near("P01"), st.sampled_from(["p01", "P10", "P99", "S1.1"]))
    .filter(_not(*(f"P{n:02}" for n in range(1, 10)))),  # the draft (PK awal) has P01..P09
    "quarters": broken_periods(4, VALID["quarters"]),
    "budget_quarters": st.one_of(broken_periods(4, VALID["budget_quarters"]),
                                 st.integers(1, 10**6).map(lambda n: f"1=1;2=1;3=1;4={n}")),  # no sum
    "party": st.one_of(argv_text(), not_utf8, st.sampled_from(["Pertama", "KEDUA", "ketiga", "1"]))
    .filter(lambda p: p not in ("pertama", "kedua")),
    "sign_date": st.one_of(bad_dates, dates_before(date(2022, 1, 3))),  # the draft's date
    "open_quarter": whole_numbers.filter(_not_in(2, 4)),  # TW I is closed already
    "closed_quarter": whole_numbers.filter(_not_in(1, 1)),  # only TW I is closed
    "ground": st.one_of(argv_text(), not_utf8, st.sampled_from(["Mutasi-Pejabat", "perubahan", "bosan"]))
    .filter(lambda g: g not in ("mutasi-pejabat", "perubahan-program", "perubahan-prioritas")),
    "basis": st.one_of(blank, not_utf8),
    "amend_date": st.one_of(bad_dates, dates_before(date(2021, 1, 4))),  # the version in force
    "date": st.one_of(bad_dates, dates_before(date(2020, 12, 20))),  # the last event of both
}


def _is_target(text: str) -> bool:
    """Whether `text` is a target the rules accept: a number or an upward range, not negative."""
    from domain.achievement import Target
    from domain.input_rules import non_negative_number

    try:
        target = Target.parse(text)
        non_negative_number(target.lower), non_negative_number(target.upper)
    except (ValueError, ArithmeticError, TypeError):
        return False
    return target.lower <= target.upper


def command_args(command: str, broken: dict[str, str]) -> tuple[str, ...]:
    """The command's arguments with the `broken` slots and the others valid. When a positional
    value starts with `-`, the options go first and the positionals after `--` (README)."""
    positionals, options = COMMANDS[command]

    def fill(arg: str) -> str | None:
        if arg.startswith("{") and arg.endswith("}"):
            return broken.get(arg[1:-1], VALID[arg[1:-1]])
        return arg

    values = [fill(arg) for arg in positionals]
    flags = [token for option, arg in options if (value := fill(arg)) is not None for token in (option, value)]
    if any(value.startswith("-") for value in values):
        return (command, *flags, "--", *values)
    return (command, *values, *flags)


# The options each command cannot do without (`correct` needs --indikator or --program).
REQUIRED_OPTIONS = {"correct": ("--indikator", "--alasan"), "target": ("--alasan",), "budget": ("--alasan",),
                    "sign": ("--pihak",), "close-quarter": ("--alasan",), "reopen-quarter": ("--alasan",),
                    "amend": ("--jenis", "--dasar", "--alasan"), "cancel": ("--alasan",), "submit": ("--alasan",)}


def _misshapen(draw: st.DrawFn, command: str) -> Case:
    """A command line of the wrong shape: a required option or argument left out, an argument
    too many, an option the command does not have, an option without its value."""
    args = list(command_args(command, {}))
    last = len(COMMANDS[command][0])  # args[0] is the command, then its positional arguments
    how = draw(st.sampled_from(["no-option", "no-argument", "extra", "unknown", "no-value"]))
    if how == "no-option" and command in REQUIRED_OPTIONS:
        option = draw(st.sampled_from(REQUIRED_OPTIONS[command]))
        index = args.index(option)
        del args[index:index + 2]
        return Case(f"{command}: tanpa {option}", tuple(args))
    if how in ("no-option", "no-argument"):
        del args[last]
        return Case(f"{command}: argumen terakhir tidak ada", tuple(args))
    if how == "extra":
        args.insert(last + 1, draw(words))
        return Case(f"{command}: argumen berlebih", tuple(args))
    if how == "unknown":  # named so that it is no option of any command
        option = draw(st.one_of(words.map(lambda w: f"--x-{w}"), st.just("-z")))
        args.insert(draw(st.integers(1, len(args))), option)
        return Case(f"{command}: opsi {option} tidak ada", tuple(args))
    options = [index for index, arg in enumerate(args) if arg.startswith("--")]
    if not options:
        return Case(f"{command}: --alasan tanpa nilai", (*args, "--alasan"))
    index = draw(st.sampled_from(options))
    option = args[index]
    del args[index:index + 2]
    return Case(f"{command}: {option} tanpa nilai", (*args, option))


@st.composite
def command_cases(draw: st.DrawFn) -> Case:
    command = draw(st.sampled_from(sorted(COMMANDS)))
    kind = draw(st.integers(0, 19))
    if kind == 0:  # an empty --as: a usage error whatever the command
        return Case(f"{command}: --as kosong", ("--as", draw(blank.filter(lambda b: b != "\n")),
                                                *command_args(command, {})))
    if kind <= 2:
        return _misshapen(draw, command)
    positionals, options = COMMANDS[command]
    slots = [arg[1:-1] for arg in (*positionals, *(a for _, a in options)) if arg.startswith("{")]
    slot = draw(st.sampled_from(slots))
    value = draw(SLOTS[slot])
    return Case(f"{command}: {slot} = {value[:60]!r}", command_args(command, {slot: value}))


# ----------------------------------------------------------------- the unbroken inputs


def valid_cases() -> list[Case]:
    """Every base input, unbroken: each must be accepted (tests/cli/test_malformed_input.py)."""
    cases = [Case(f"{command} ({fmt})", args, document_bytes(_BASES[command], fmt)[1], f".{fmt}")
             for command, (_, args) in DOCUMENT_COMMANDS.items() for fmt in ("yaml", "json")]
    for wide, header, rows in ((False, LONG_HEADER, LONG_ROWS), (True, WIDE_HEADER, WIDE_ROWS)):
        cases.append(Case(f"CSV wide={wide}", ("import", FILE), _csv_text([header, *rows], ";").encode(), ".csv"))
        cases.append(Case(f"XLSX wide={wide}", ("import", FILE),
                          _xlsx({"Realisasi": [header, *(_typed(r, wide) for r in rows)]}), ".xlsx"))
    cases += [Case(command, command_args(command, {})) for command in COMMANDS]
    return cases
