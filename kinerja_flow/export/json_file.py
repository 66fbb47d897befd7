"""The JSON writer: the query's own structured result, numbers as exact decimal strings.

JSON is the faithful, machine-readable export: its text is the stored data (JSON's own escaping
keeps control characters out of the raw bytes), not a display.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any


def json_bytes(data: Any) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False, default=_default) + "\n").encode("utf-8")


def _default(value: Any) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} tidak bisa ditulis sebagai JSON")
