"""Reading a user's input file into memory, never more than a bound.

`stat().st_size` cannot be trusted for that: a symlink to /dev/zero has size 0 and never ends, a
FIFO has no size and blocks. So only regular files are read, opened without blocking, checked
again on the open descriptor, and read up to one byte past the bound: a file that grows while it
is read is still refused.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from kinerja_flow.limits import megabytes


class Unreadable(Exception):
    """Why a file was not read; the message names no file (the caller adds where it is)."""


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of the regular file `path`, refused beyond `limit` bytes."""
    try:
        kind = os.stat(path).st_mode
        if stat.S_ISDIR(kind):
            raise Unreadable("ini folder, bukan berkas.")
        if not stat.S_ISREG(kind):
            raise Unreadable("bukan berkas biasa (perangkat, FIFO atau soket); tidak dibaca.")
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):  # replaced since the check
                raise Unreadable("bukan berkas biasa (perangkat, FIFO atau soket); tidak dibaca.")
            data = file.read(limit + 1)
    except FileNotFoundError:
        raise Unreadable("berkas tidak ditemukan.") from None
    except IsADirectoryError:
        raise Unreadable("ini folder, bukan berkas.") from None
    except OSError as error:
        raise Unreadable(f"tidak bisa dibaca ({error.strerror or error}).") from None
    if len(data) > limit:
        raise Unreadable(f"berkas lebih dari {megabytes(limit)}; tidak dibaca.")
    return data
