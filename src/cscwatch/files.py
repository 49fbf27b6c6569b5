"""Files written whole or not at all: the bytes go to a temporary file beside the target,
which replaces the target only once everything is written (a full disk leaves the old file as
it was, and nothing half-written behind), with the target's permissions (a new file: those the
umask allows). A target that is not a regular file (a device, a pipe) is written into, never
replaced or removed. Used by every writer of the project (render/, plan/); so is
``stamp_created``, which makes a workbook's bytes depend on its content only."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import stat
import tempfile
from pathlib import Path
from typing import Any


def write_bytes(data: bytes, path: Path | str) -> None:
    """``data`` to ``path``, whole or not at all (see the module's note). Errors are OSErrors
    naming ``path``."""
    path = Path(path)
    try:
        _write_atomic(data, path)
    except OSError as exc:
        if exc.filename == str(path):
            raise
        raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from exc


def _write_atomic(data: bytes, path: Path) -> None:
    if path.is_symlink():
        path = path.resolve()
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "Is a directory", str(path))
        with path.open("wb") as fh:  # a device or a pipe: write into it, never replace it
            fh.write(data)
        return
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, stat.S_IMODE(mode) if mode is not None else 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)  # only ever the temporary file made here
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def stamp_created(book: Any, created: dt.date | None) -> None:
    """Stamp an xlsxwriter workbook as created on ``created`` (a date or a datetime) rather
    than when it is written, which is all that otherwise makes two writes of the same workbook
    differ. None: the time of writing, as xlsxwriter does."""
    if created is not None:
        when = (
            created if isinstance(created, dt.datetime) else dt.datetime.combine(created, dt.time())
        )
        book.set_properties({"created": when})
