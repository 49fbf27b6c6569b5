"""What a build of a folder would do, worked out before anything is parsed or written: which
files are new or changed, which are unchanged, which cannot be read, which stored reports have
lost their file. Standard library only, so that a build with nothing to do answers without
loading SQLAlchemy or the parser (:func:`nothing_to_do`)."""

from __future__ import annotations

import os
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from cscwatch.registry import read, recurrence, store
from cscwatch.reports.files import (
    PARSER_VERSION,
    QUICK_CHECK_SPAN,
    not_regular,
    quick_check,
    read_regular,
    sha256,
)

# The registry's schema, as a number a build stamps in SQLite's `user_version`: a registry
# carrying it needs no upgrade. tests/registry/test_survey.py computes it from registry/schema.py
# and says the new value when a table or column changes.
SCHEMA_STAMP = 250152599


@dataclass
class BuildResult:
    seen: int = 0
    parsed: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # files under the folder that are not .pdf
    removed: list[str] = field(default_factory=list)  # stored reports whose file is gone
    kept_missing: list[str] = field(default_factory=list)  # the same, kept (--keep-missing)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed


def find_reports(root: Path) -> tuple[list[Path], list[str]]:
    """Every .pdf file below ``root`` (any case), and the other files found there."""
    pdfs: list[Path] = []
    others: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = Path(dirpath, name)
            (pdfs if name.lower().endswith(".pdf") else others).append(path)
    return pdfs, [p.relative_to(root).as_posix() for p in others]


def refused(root: Path, path: Path) -> str | None:
    """Why ``path`` (found below ``root``) is not read: not a regular file (a named pipe would
    block the build for ever), or a symbolic link leading out of the folder (its target could
    be any file on the machine). None for a file to read."""
    try:
        st = path.lstat()
        if path.is_symlink():
            target = path.resolve(strict=True)
            if not target.is_relative_to(root):
                return "a symbolic link to outside the folder (not followed)"
            st = target.stat()
    except (OSError, RuntimeError):  # a broken link, or a loop of links
        return "a broken symbolic link" if path.is_symlink() else "cannot be read"
    return not_regular(st.st_mode)


@dataclass(frozen=True)
class Stored:
    """What the registry holds of one file."""

    sha256: str
    parser_version: str | None
    size: int | None
    mtime_ns: int | None
    quick_check: str | None
    root: str | None


STORED_SQL = (
    "SELECT source_file, sha256, parser_version, size, mtime_ns, quick_check, root FROM reports"
)


def stored_files(conn) -> dict[str, Stored]:
    """Every stored file, from a connection of either kind (registry.read.execute)."""
    return {r[0]: Stored(*r[1:]) for r in read.execute(conn, STORED_SQL)}


def file_quick_check(path: Path, size: int) -> str:
    """``quick_check`` of a file, reading only its first and last 64 KiB (opened without
    blocking: a file swapped for a named pipe since it was listed must not hang the build)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        head = fh.read(QUICK_CHECK_SPAN)
        if size > QUICK_CHECK_SPAN:
            fh.seek(max(size - QUICK_CHECK_SPAN, 0))
            tail = fh.read(QUICK_CHECK_SPAN)
        else:
            tail = head[-QUICK_CHECK_SPAN:]
    return quick_check(size, head, tail)


def version(text: bool) -> str:
    """The parser version stored with a report: '+text' when its text was analysed too."""
    return f"{PARSER_VERSION}+text" if text else PARSER_VERSION


def _unchanged(path: Path, stored: Stored | None, text: bool) -> tuple[bool, dict | None]:
    """Whether the file has the content stored for it, read by this parser version (a text
    build re-reads reports stored without their text); and, for an unchanged file whose size,
    modification time or quick check differ from those stored, their new values. The whole
    file is hashed only when those differ."""
    if stored is None or stored.parser_version not in {version(text), version(True)}:
        return False, None
    try:
        st = path.stat()
        quick = file_quick_check(path, st.st_size)
    except OSError:
        return False, None
    same = (st.st_size, st.st_mtime_ns, quick) == (stored.size, stored.mtime_ns, stored.quick_check)
    if same:
        return True, None
    if _hash_file(path) != stored.sha256:
        return False, None
    return True, {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "quick_check": quick}


def mtime_ns(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


def _hash_file(path: Path) -> str:
    try:
        return sha256(read_regular(path))
    except OSError:
        return ""


@dataclass
class Survey:
    """What a build of ``root`` has to do."""

    paths: list[Path]  # every .pdf file found
    others: list[str]  # the other files (ignored, named)
    todo: list[tuple[str, Path]] = field(default_factory=list)  # new or changed: to parse
    refusals: list[tuple[str, str]] = field(default_factory=list)  # (file, why it is not read)
    unchanged: int = 0
    refresh: dict[str, dict] = field(default_factory=dict)  # unchanged files' new stat or folder
    mtimes: dict[str, int | None] = field(default_factory=dict)  # of the files to parse
    missing: list[str] = field(default_factory=list)  # stored, file gone: to remove
    kept_missing: list[str] = field(default_factory=list)  # the same, kept (--keep-missing)

    @property
    def changes(self) -> bool:
        """Whether the build writes anything to the registry's reports."""
        return bool(self.todo or self.refusals or self.missing or self.refresh)


def survey(
    root: Path, stored: dict[str, Stored], *, text: bool, force: bool, keep_missing: bool
) -> Survey:
    """What a build of ``root`` (resolved) has to do, given what the registry holds."""
    paths, others = find_reports(root)
    known = {} if force else stored
    out = Survey(paths, others)
    for path in paths:
        rel = path.relative_to(root).as_posix()
        why = refused(root, path)
        if why:
            out.refusals.append((rel, why))
            continue
        same, new_stat = _unchanged(path, known.get(rel), text)
        if same:
            out.unchanged += 1
            if new_stat or known[rel].root != str(root):
                out.refresh[rel] = (new_stat or {}) | {"root": str(root)}
        else:
            out.mtimes[rel] = mtime_ns(path)  # before it is read: a later edit is seen next time
            out.todo.append((rel, path))
    out.todo.sort()
    on_disk = {p.relative_to(root).as_posix() for p in paths}
    # Reports built from this folder (or by a build that did not record its folder) whose
    # file is no longer there.
    missing = sorted(
        f for f, s in stored.items() if f not in on_disk and s.root in (None, str(root))
    )
    if keep_missing:
        out.kept_missing = missing
    else:
        out.missing = missing
    return out


def earlier_failures(conn, exclude: set[str], on_disk: set[str]) -> list[tuple[str, str]]:
    """Files stored as failures by an earlier build, still in the folder and not in
    ``exclude`` (those this build read again), with their reasons."""
    rows = read.execute(conn, "SELECT source_file, error FROM reports WHERE status != 'ok'")
    return sorted((f, error or "") for f, error in rows if f in on_disk and f not in exclude)


# Reports whose source URL differs from the one the downloads manifest gives them (see
# registry.manifest.link_sources, which sets it).
_SOURCES_STALE = """SELECT 1 FROM reports r WHERE r.source_url IS NOT coalesce(
    (SELECT d.url FROM downloads d WHERE d.sha256 = r.sha256 AND d.path = r.source_file
     LIMIT 1),
    (SELECT d.url FROM downloads d WHERE d.sha256 = r.sha256 ORDER BY d.url LIMIT 1))
    LIMIT 1"""


def nothing_to_do(
    db: str | None, root: Path, *, text: bool, force: bool, keep_missing: bool
) -> BuildResult | None:
    """The result of building ``root`` into the SQLite registry ``db`` when that build would
    write nothing (every file unchanged, no file gone, derived data current), read without
    opening the registry for writing; None when the build has work to do, or when this cannot
    tell (not an SQLite file, a registry of another schema): then the build itself runs."""
    started = time.perf_counter()
    path = store.sqlite_path(store.database_url(db))
    if force or path is None or not path.is_file():
        return None
    try:
        raw = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        if raw.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_STAMP:
            return None
        conn = read.Connection(raw)
        root = root.resolve()
        plan = survey(root, stored_files(conn), text=text, force=force, keep_missing=keep_missing)
        if plan.changes or recurrence.recurrence_stale(conn):
            return None
        if read.execute(conn, _SOURCES_STALE).first() is not None:
            return None
        on_disk = {p.relative_to(root).as_posix() for p in plan.paths}
        failed = earlier_failures(conn, set(), on_disk)
    except sqlite3.Error:
        return None
    finally:
        raw.close()
    return BuildResult(
        seen=len(plan.paths),
        unchanged=plan.unchanged,
        failed=failed,
        ignored=plan.others,
        kept_missing=plan.kept_missing,
        seconds=time.perf_counter() - started,
    )
