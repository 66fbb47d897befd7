"""Safe file output: an export never writes to the database, never overwrites without being
asked, and leaves either the complete file or nothing.

Why: `kinerja --db k.db export audit -o k.db` once replaced the event log with a CSV, and an
export failing halfway left a corrupt XLSX behind. So, before anything is computed or written
(`check`), and again just before the file is put in place:

- the database is refused as an output: the SQLite file and its companions (`-wal`, `-shm`,
  `-journal`), by name after resolving the path, and as the same file under any other path
  (`os.path.samefile`: hard links, symbolic links, `./k.db`). A PostgreSQL database has no file;
- a symbolic link is refused, even with `force`: writing would follow it onto whatever it names;
- a folder, a device (`/dev/full`), a pipe or a socket is refused: only regular files are written;
- an existing file is refused unless `force` (the CLI's `--force`/`--timpa`);
- a missing folder is refused (it is not created).

`write_atomically` writes to a temporary file in the target's folder (the same file system),
flushes it to disk and `os.replace`s it into place, so a reader sees the old file or the new
one, never half of one. The temporary file is removed on any error, and a replaced file keeps
its permissions. Every `OSError` becomes one `DomainError` naming the path.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO

from domain.errors import DomainError
from projections.store import is_postgres_url

SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")

_REASONS = {
    errno.ENOSPC: "ruang disk penuh",
    errno.EACCES: "tidak ada izin menulis",
    errno.EPERM: "tidak ada izin menulis",
    errno.EROFS: "sistem berkas hanya-baca",
    errno.ENAMETOOLONG: "nama berkas terlalu panjang",
    errno.ENOENT: "folder tidak ada",
    errno.ENOTDIR: "salah satu bagian jalurnya bukan folder",
    errno.EISDIR: "ini sebuah folder",
    errno.EIO: "kesalahan baca/tulis disk",
}
if hasattr(errno, "EDQUOT"):
    _REASONS[errno.EDQUOT] = "kuota disk habis"


def protected_files(db: str | None) -> tuple[Path, ...]:
    """The files the database `db` (an SQLite path or a PostgreSQL URL) consists of."""
    if not db or is_postgres_url(db):
        return ()
    path = Path(db).expanduser()
    return (path, *(path.with_name(path.name + suffix) for suffix in SQLITE_COMPANIONS))


def check(path: Path, *, force: bool = False, protected: Sequence[Path] = ()) -> None:
    """Refuse `path` as an output (a `DomainError` naming it), or return."""
    for database in protected:
        if _same_file(path, database):
            raise DomainError(f"{path}: ini berkas basis data ({database}); ekspor tidak pernah "
                              "menulis ke basis data. Pilih berkas keluaran lain.")
    try:
        info = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        folder = path.parent
        if not folder.exists():
            raise DomainError(f"{path}: folder {folder} tidak ada.") from None
        if not folder.is_dir():
            raise DomainError(f"{path}: {folder} bukan folder.") from None
        return
    except OSError as error:
        raise failure(path, error) from None
    if stat.S_ISLNK(info.st_mode):
        raise DomainError(f"{path}: ini tautan simbolik (symlink) ke {os.readlink(path)}; ekspor tidak "
                          "menulis melalui tautan, juga dengan --force. Pilih berkas keluaran lain.")
    if stat.S_ISDIR(info.st_mode):
        raise DomainError(f"{path}: ini sebuah folder, bukan berkas; beri nama berkas keluaran di dalamnya.")
    if not stat.S_ISREG(info.st_mode):
        raise DomainError(f"{path}: bukan berkas biasa (perangkat, pipa atau soket); ekspor hanya "
                          "menulis berkas biasa.")
    if not force:
        raise DomainError(f"{path}: berkas sudah ada; pakai --force (atau --timpa) untuk menimpanya.")


def write_atomically(path: Path, fill: Callable[[IO[bytes]], object], *, force: bool = False,
                     protected: Sequence[Path] = ()) -> None:
    """Check `path`, let `fill` write the content to a temporary file, put it in place."""
    check(path, force=force, protected=protected)
    replaced = _mode_of(path)
    try:
        temporary, descriptor = _create_temporary(path)
    except OSError as error:
        raise failure(path, error) from None
    try:
        with os.fdopen(descriptor, "wb") as file:
            if replaced is not None and hasattr(os, "fchmod"):
                os.fchmod(file.fileno(), replaced)
            fill(file)
            file.flush()
            os.fsync(file.fileno())
        check(path, force=force, protected=protected)  # nothing appeared in the meantime
        os.replace(temporary, path)
    except BaseException as error:
        _remove(temporary)
        if isinstance(error, OSError):
            raise failure(path, error) from None
        raise
    _sync_folder(path.parent)


def failure(path: Path, error: OSError) -> DomainError:
    """An operating-system error while writing `path`, as one line naming it."""
    reason = _REASONS.get(error.errno or 0) or error.strerror or str(error)
    return DomainError(f"{path}: tidak dapat ditulis ({reason}).")


def _same_file(path: Path, other: Path) -> bool:
    try:
        if os.path.samefile(path, other):
            return True
    except OSError:  # one of them does not exist (yet)
        pass
    return os.path.normcase(os.path.realpath(path)) == os.path.normcase(os.path.realpath(other))


def _mode_of(path: Path) -> int | None:
    """The permissions of the regular file `path` replaces (None for a new file)."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return None


def _create_temporary(path: Path) -> tuple[Path, int]:
    """A new, empty file next to `path`; created with the umask's permissions, like any file."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    for _ in range(100):
        temporary = path.with_name(f".{path.name[:180]}.{secrets.token_hex(6)}.tmp")
        try:
            return temporary, os.open(temporary, flags, 0o666)
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(path))


def _remove(temporary: Path) -> None:
    try:
        os.unlink(temporary)
    except OSError:
        pass


def _sync_folder(folder: Path) -> None:
    """Make the rename durable (POSIX); best effort, the file itself is complete already."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
