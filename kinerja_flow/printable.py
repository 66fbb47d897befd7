"""Text from stored data or from users, made harmless to show on a terminal or in a spreadsheet.

Why: an actor name (`--as`), an uraian, a reason or a code may hold terminal control sequences
(ESC ...: clear the screen, rewrite a line, plant an OSC-8 hyperlink; BEL; CR to overwrite a
line) or Unicode bidi overrides and isolates that make text read differently from what it is
("Trojan Source"). Printed or exported raw, stored data could take over the user's terminal or
mislead a reader, and Excel refuses most C0 characters in a cell. Refusing such characters on
input is the importers' and the documents' job; this is the output side, which must also cope
with data stored before that check existed.

Every such character is replaced by a visible escape in Python's notation, so the text stays
readable and nothing is silently dropped: ESC -> `\\x1b`, BEL -> `\\x07`, CR -> `\\x0d`,
U+202E -> `\\u202e`. Newline and tab are kept: they are layout, not commands.

Characters replaced: C0 controls (U+0000-U+001F except tab and newline), DEL (U+007F), C1
controls (U+0080-U+009F), the bidi embeddings and overrides U+202A-U+202E, the bidi isolates
U+2066-U+2069, and lone surrogates (U+D800-U+DFFF: a JSON document can hold them, but no file
or terminal can encode them).
"""

from __future__ import annotations

import re

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` with every control and bidi-control character replaced by a visible escape."""
    return _UNSAFE.sub(_escape, text)


def one_line(text: str) -> str:
    """`visible(text)` with its line breaks visible too (`\\n`): for a line quoting user text
    (a code, a file name) that must stay one line, such as a refusal on stderr."""
    return visible(text).replace("\n", "\\n")
