"""What a build knows of a report file without parsing it: its hashes, whether it is a regular
file, and the version of the parser that reads it. Kept apart from the parser so that a build
with nothing to do (every file unchanged) never loads it."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

PARSER_VERSION = (
    "5"  # 2: visits (focus, priority actions, visit number), LSCB reviews, interventions;
    # 3: the text of each area for priority action of focused visits; 4: letters' passages
    # past the letterhead (it ended their text); 5: Ofsted's notices end their page, not the
    # file (the inspections of 2013 were read to their inside cover, an appended second report
    # not at all), and the complaints notice is dropped
)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


QUICK_CHECK_SPAN = 64 * 1024


def quick_check(size: int, head: bytes, tail: bytes) -> str:
    """A cheap content check: the size and the first and last 64 KiB (``head`` and ``tail``),
    hashed. It catches an edit that keeps a file's size and modification time without hashing
    the whole file (unless the edit is confined to the middle of a file over 128 KiB)."""
    digest = hashlib.sha256(str(size).encode() + b"\0" + head + b"\0" + tail)
    return digest.hexdigest()[:32]


def quick_check_of(data: bytes) -> str:
    return quick_check(len(data), data[:QUICK_CHECK_SPAN], data[-QUICK_CHECK_SPAN:])


_KINDS_OF_FILE = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def not_regular(mode: int) -> str | None:
    """Why a file of this ``st_mode`` is not read (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS_OF_FILE if test(mode)), "a special file")
    return f"not a regular file ({kind})"


def read_regular(path: Path) -> bytes:
    """The bytes of ``path``, which must be a regular file: opened without blocking (a named
    pipe would wait for a writer for ever) and checked before reading. OSError otherwise."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        why = not_regular(os.fstat(fd).st_mode)
        if why:
            raise IsADirectoryError(0, why) if "folder" in why else OSError(0, why)
        return fh.read()
