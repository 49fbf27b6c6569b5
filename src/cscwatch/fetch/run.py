"""Fetch every council's children's services publications from Ofsted's site into a folder,
as ``<URN>_<council>/<title> - <date>.pdf`` (the layout a build reads), recording each file in
the registry's downloads manifest.

Incremental: a URL already downloaded whose file is still there is not asked for again (with
``revalidate`` it is, conditionally: If-None-Match / If-Modified-Since). Safe: a file is
written under a temporary name in its folder and renamed into place once complete and checked
to be a PDF, so an interrupted run leaves no half-written file. A council or file that fails is
reported with its reason and the rest goes on."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import queue
import re
import tempfile
import time
from collections.abc import Collection, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import Engine

from cscwatch.fetch import site
from cscwatch.fetch.client import Client, HttpFailure, Politeness
from cscwatch.registry import manifest
from cscwatch.registry.manifest import Download

PDF_MAGIC = b"%PDF"
CHUNK = 1 << 16


class NotPdf(Exception):
    """An answer that is not a PDF (an HTML error page, say)."""


@dataclass
class FetchResult:
    councils: int = 0  # council pages read
    listed: int = 0  # publications listed on them
    new: list[str] = field(default_factory=list)  # files saved for the first time
    updated: list[str] = field(default_factory=list)  # files whose content changed
    unchanged: int = 0
    older: int = 0  # listed but published before --since
    failed: list[tuple[str, str]] = field(default_factory=list)  # (what, reason)
    requests: int = 0
    seconds: float = 0.0

    @property
    def downloaded(self) -> int:
        return len(self.new) + len(self.updated)

    @property
    def ok(self) -> bool:
        return not self.failed


class Reporter:
    """What a fetch tells as it goes (the CLI draws a progress bar from it)."""

    def councils(self, total: int) -> None: ...

    def council(self, provider: site.Provider) -> None: ...

    def files(self, found: int) -> None: ...

    def file(self, path: str, outcome: str) -> None: ...


@dataclass(frozen=True)
class _Job:
    provider: site.Provider
    publication: site.Publication
    path: str  # relative to the folder
    known: Download | None  # the manifest's row for this URL, when revalidating


@dataclass(frozen=True)
class _Done:
    job: _Job
    outcome: str  # 'new', 'updated', 'unchanged' or 'failed'
    reason: str = ""
    sha256: str | None = None
    size: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    path: str | None = None  # where the file is, when not at job.path (a copy already there)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def existing_folders(root: Path) -> dict[str, str]:
    """The council folders already in ``root``, by URN (a fetch into an existing collection
    keeps its folder names)."""
    found: dict[str, str] = {}
    if root.is_dir():
        for entry in sorted(root.iterdir()):
            m = re.match(r"(\d+)_", entry.name)
            if entry.is_dir() and m:
                found.setdefault(m.group(1), entry.name)
    return found


def listing_pages(
    client: Client, base_url: str, result: FetchResult
) -> Iterator[list[site.Provider]]:
    """The providers of each page of the listing in turn, following its next-page links to the
    end (whatever the page size); a page that cannot be read ends the walk (reported)."""
    url: str | None = site.listing_url(base_url)
    seen: set[str] = set()
    page = 0
    while url and url not in seen:
        seen.add(url)
        page += 1
        try:
            html = client.text(url)
        except HttpFailure as exc:
            result.failed.append((f"listing page {page} ({url})", str(exc)))
            return
        providers, url = site.providers(html, url)
        yield providers


def fetch(
    root: Path,
    engine: Engine,
    *,
    base_url: str = site.DEFAULT_BASE_URL,
    only: Collection[str] | None = None,
    since: dt.date | None = None,
    revalidate: bool = False,
    politeness: Politeness | None = None,
    reporter: Reporter | None = None,
    transport: httpx.BaseTransport | None = None,
) -> FetchResult:
    """Fetch the publications of every council in the site's listing (or of the URNs in
    ``only``) published on or after ``since`` into ``root``; the manifest is in ``engine``."""
    started = time.perf_counter()
    reporter = reporter or Reporter()
    politeness = politeness or Politeness()
    result = FetchResult()
    root.mkdir(parents=True, exist_ok=True)
    known = manifest.known(engine)
    folders = existing_folders(root)
    done: queue.SimpleQueue[_Done] = queue.SimpleQueue()

    def council(provider: site.Provider) -> None:
        """Read one council's page and start the downloads it calls for."""
        jobs = _council_jobs(client, provider, root, folders, known, since, revalidate)
        reporter.council(provider)
        if isinstance(jobs, str):
            result.failed.append((f"{provider.name} ({provider.url})", jobs))
            return
        result.councils += 1
        listed, older, unchanged, problems, todo = jobs
        result.listed += listed
        result.older += older
        result.unchanged += unchanged
        result.failed += [(provider.name, problem) for problem in problems]
        reporter.files(len(todo))
        for job in todo:
            pool.submit(_run_job, client, root, job, done)

    def drain() -> None:
        """Count and record the downloads finished so far (then tell the reporter)."""
        items: list[_Done] = []
        while not done.empty():
            items.append(done.get())
        rows = [_account(item, result, known.get(item.job.publication.url)) for item in items]
        if any(rows):
            with engine.begin() as conn:
                for row in rows:
                    if row is not None:
                        manifest.record(conn, row)
        for item in items:
            reporter.file(item.job.path, item.outcome)

    with Client(politeness, transport=transport) as client:
        workers = max(2, 2 * politeness.per_host)
        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="cscwatch-fetch")
        seen: set[str] = set()
        total = 0
        try:
            # Each page of the listing is worked through as it comes: the files of its
            # councils download (on their own host) while the next pages are read.
            for page in listing_pages(client, base_url, result):
                providers = [p for p in page if p.urn not in seen]
                seen.update(p.urn for p in providers)
                if only is not None:
                    providers = [p for p in providers if p.urn in only]
                total += len(providers)
                reporter.councils(total)
                for provider in providers:
                    drain()
                    council(provider)
            if only is not None:
                for urn in sorted(set(only) - seen):
                    result.failed.append((f"council URN {urn}", "not in the site's listing"))
            pool.shutdown(wait=True)
        except BaseException:
            # Interrupted: the downloads under way finish (each file whole, or not at all),
            # the others are not started; what was saved is recorded.
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        finally:
            drain()
        result.requests = client.requests
    result.seconds = time.perf_counter() - started
    return result


def _council_jobs(
    client: Client,
    provider: site.Provider,
    root: Path,
    folders: dict[str, str],
    known: dict[str, Download],
    since: dt.date | None,
    revalidate: bool,
):
    """The downloads one council's page calls for: (listed, older, unchanged without a
    request, problems, jobs), or the reason its page could not be read."""
    try:
        html = client.text(provider.url)
    except HttpFailure as exc:
        return str(exc)
    publications, problems = site.publications(html, provider.url)
    folder = folders.setdefault(provider.urn, provider.folder)
    older = unchanged = 0
    todo: list[_Job] = []
    taken: set[str] = set()
    for pub in publications:
        if since is not None and pub.published < since:
            older += 1
            continue
        before = known.get(pub.url)
        if before is not None and _intact(root, before):
            if not revalidate:
                unchanged += 1
                continue
            todo.append(_Job(provider, pub, before.path, before))
            taken.add(before.path)
            continue
        path = _free_name(f"{folder}/{pub.filename}", taken)
        taken.add(path)
        todo.append(_Job(provider, pub, path, None))
    return len(publications), older, unchanged, problems, todo


def _intact(root: Path, download: Download) -> bool:
    """The file recorded for a download is still there, with its size."""
    try:
        return (root / download.path).stat().st_size == download.size
    except OSError:
        return False


def _free_name(path: str, taken: set[str]) -> str:
    """``path``, or ``path`` with ' (2)', ' (3)'... before '.pdf' when two publications of one
    council share a title and a date."""
    if path not in taken:
        return path
    stem = path.removesuffix(".pdf")
    n = 2
    while f"{stem} ({n}).pdf" in taken:
        n += 1
    return f"{stem} ({n}).pdf"


def _run_job(client: Client, root: Path, job: _Job, done: queue.SimpleQueue) -> None:
    try:
        done.put(_download(client, root, job))
    except (HttpFailure, NotPdf, OSError) as exc:
        done.put(_Done(job, "failed", str(exc)))
    except Exception as exc:  # noqa: BLE001 - one file's bug must not stop the others
        done.put(_Done(job, "failed", f"{type(exc).__name__}: {exc}"))


def _download(client: Client, root: Path, job: _Job) -> _Done:
    target = root / job.path
    headers: dict[str, str] = {}
    if job.known is not None:
        if job.known.etag:
            headers["If-None-Match"] = job.known.etag
        if job.known.last_modified:
            headers["If-Modified-Since"] = job.known.last_modified

    def consume(response: httpx.Response):
        if response.status_code == 304:
            return None
        return _save_temporary(response, target)

    saved = client.get(job.publication.url, consume, headers or None)
    if saved is None:  # 304 Not Modified
        return _Done(job, "unchanged", sha256=job.known.sha256 if job.known else None)
    tmp, digest, size, etag, last_modified = saved
    done = dict(sha256=digest, size=size, etag=etag, last_modified=last_modified)
    try:
        if target.is_file() and _sha256(target) == digest:
            tmp.unlink()
            return _Done(job, "unchanged", **done)
        same = None if target.exists() else _same_file(target.parent, digest, size, tmp)
        if same is not None:  # already in the council's folder under another name: kept
            tmp.unlink()
            path = (Path(job.path).parent / same.name).as_posix()
            return _Done(job, "unchanged", **done, path=path)
        outcome = "updated" if target.exists() else "new"
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return _Done(job, outcome, **done)


def _save_temporary(response: httpx.Response, target: Path):
    """The body written to a temporary file beside ``target`` (a dot name, which builds
    ignore): (path, sha256, size, ETag, Last-Modified). Raises :class:`NotPdf` for a body
    that does not start as a PDF, leaving nothing behind."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=".cscwatch-", suffix=".part", dir=target.parent)
    tmp = Path(name)
    try:
        digest = hashlib.sha256()
        size = 0
        head = b""
        with os.fdopen(fd, "wb") as fh:
            for chunk in response.iter_bytes(CHUNK):
                if len(head) < 1024:
                    head += chunk[: 1024 - len(head)]
                    if len(head) >= len(PDF_MAGIC) and not head.startswith(PDF_MAGIC):
                        raise NotPdf(_not_pdf(response, head))
                fh.write(chunk)
                digest.update(chunk)
                size += len(chunk)
        if not head.startswith(PDF_MAGIC):
            raise NotPdf(_not_pdf(response, head))
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    headers = response.headers
    return tmp, digest.hexdigest(), size, headers.get("etag"), headers.get("last-modified")


def _not_pdf(response: httpx.Response, head: bytes) -> str:
    kind = response.headers.get("content-type", "no content type").split(";")[0].strip()
    text = head.decode("utf-8", "replace")
    title = re.search(r"<title[^>]*>(.*?)</title>", text, re.IGNORECASE | re.DOTALL)
    start = " ".join((title.group(1) if title else text[:60]).split())
    what = f"title {start!r}" if title else f"starting {start!r}" if start else "empty"
    return f"not a PDF: the server sent {kind} ({what})"


def _same_file(folder: Path, digest: str, size: int, besides: Path) -> Path | None:
    """A PDF in ``folder`` with these bytes (a collection copied in before any fetch may hold
    a report under an older name), else None."""
    for other in sorted(folder.iterdir()):
        if other.suffix.lower() != ".pdf" or other.name.startswith("."):
            continue
        try:
            if other != besides and other.stat().st_size == size and _sha256(other) == digest:
                return other
        except OSError:
            continue
    return None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _account(item: _Done, result: FetchResult, before: Download | None) -> Download | None:
    """Count ``item`` in ``result``; its manifest row (None for a failure)."""
    job, pub = item.job, item.job.publication
    path = item.path or job.path
    if item.outcome == "failed":
        result.failed.append((job.path, f"{item.reason} ({pub.url})"))
        return None
    if item.outcome == "new":
        result.new.append(job.path)
    elif item.outcome == "updated":
        result.updated.append(job.path)
    else:
        result.unchanged += 1
    now = _now()
    downloaded = item.size is not None
    return Download(
        url=pub.url,
        path=path,
        urn=job.provider.urn,
        title=pub.title,
        published=pub.published.isoformat(),
        etag=item.etag if downloaded else (before.etag if before else None),
        last_modified=item.last_modified
        if downloaded
        else (before.last_modified if before else None),
        sha256=item.sha256,
        size=item.size if downloaded else (before.size if before else None),
        fetched=now if downloaded else (before.fetched if before else None),
        checked=now,
    )
