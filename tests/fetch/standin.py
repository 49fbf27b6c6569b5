"""A stand-in for Ofsted's reports site on loopback: real HTTP servers in threads on
127.0.0.1 (port 0), built from the structure `cscwatch fetch` relies on (data/ofsted_site.yaml):
a paginated listing of providers, a page per provider with its publication links, and the
files on a second host, as on the real site. Faults are queued per path and served in order."""

from __future__ import annotations

import hashlib
import html
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

LISTING_QUERY = "q=&location=&lat=&lon=&radius=&level_1_types=3&level_2_types%5B%5D=12"
LAST_MODIFIED = formatdate(1_700_000_000, usegmt=True)


@dataclass
class Pub:
    label: str  # "<title> - <day month year>, pdf"
    key: str  # the file's id on the files host
    data: bytes


@dataclass
class Council:
    urn: str
    name: str
    pubs: list[Pub] = field(default_factory=list)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class StandIn:
    """The site (``base_url``) and its files host (``files_url``)."""

    def __init__(self, councils: list[Council], page_size: int = 2, validators: bool = True):
        self.councils = councils
        self.page_size = page_size
        self.validators = validators  # send ETag and Last-Modified with files
        self.latency = 0.0  # seconds every answer waits (a distant server), for benchmarks
        self.faults: dict[str, list[str]] = {}  # path -> faults to serve, in order
        self.gone: set[str] = set()  # paths answered 404 for good
        self.log: list[tuple[str, str, dict[str, str], float]] = []  # (host, path, headers, t)
        self._lock = threading.Lock()
        self.in_flight: dict[str, int] = {"site": 0, "files": 0}
        self.most_in_flight: dict[str, int] = {"site": 0, "files": 0}
        self.site = self._start("site")
        self.files = self._start("files")

    # -- addresses -------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.site.server_address[1]}"

    @property
    def files_url(self) -> str:
        return f"http://127.0.0.1:{self.files.server_address[1]}"

    def file_url(self, key: str) -> str:
        return f"{self.files_url}/v1/file/{key}"

    def provider_path(self, urn: str) -> str:
        return f"/provider/44/{urn}"

    def files_by_url(self) -> dict[str, bytes]:
        return {self.file_url(p.key): p.data for c in self.councils for p in c.pubs}

    def requests(self, host: str | None = None) -> list[str]:
        with self._lock:
            return [path for h, path, _, _ in self.log if host is None or h == host]

    def fault(self, path: str, *faults: str) -> None:
        """Serve ``faults`` (in order) to the next requests of ``path``: '500', '503',
        '429:<seconds>' (with Retry-After), 'slow:<seconds>', 'html', 'truncate'."""
        self.faults.setdefault(path, []).extend(faults)

    def close(self) -> None:
        for server in (self.site, self.files):
            server.shutdown()
            server.server_close()

    # -- pages -----------------------------------------------------------------------------
    def listing(self, start: int) -> str:
        chunk = self.councils[start : start + self.page_size]
        items = "\n".join(
            f'<li class="search-result"><h3><a href="{self.provider_path(c.urn)}">'
            f"{html.escape(c.name)}</a></h3><p>Local authority children's services</p></li>"
            for c in chunk
        )
        nxt = ""
        if start + self.page_size < len(self.councils):
            href = html.escape(f"/search?{LISTING_QUERY}&start={start + self.page_size}&rows=100")
            nxt = f'<li class="next"><a href="{href}">Next page</a></li>'
        return (
            "<!DOCTYPE html><html><head><title>Search</title></head><body>"
            '<a href="/">Home</a><a href="/provider-help">Help</a>'
            f'<ul class="results">{items}</ul>'
            f'<ul class="pagination"><li class="previous"><a href="/search?start=0">Prev</a></li>'
            f"{nxt}</ul></body></html>"
        )

    def provider_page(self, council: Council) -> str:
        links = "\n".join(
            f'<li><a class="publication-link" href="{html.escape(self.file_url(p.key))}">'
            f'<span class="icon"></span>{html.escape(p.label.split(" - ")[0])}'
            f'<span class="nonvisual">{html.escape(p.label)}</span></a></li>'
            for p in council.pubs
        )
        return (
            f"<!DOCTYPE html><html><head><title>{html.escape(council.name)}</title></head>"
            f"<body><h1>{html.escape(council.name)}</h1><p>URN: {council.urn}</p>"
            f'<ul class="publications">{links}</ul></body></html>'
        )

    # -- serving ---------------------------------------------------------------------------
    def _start(self, host: str) -> _Server:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # no 40 ms stall between headers and body

            def log_message(self, *args) -> None:  # quiet
                pass

            def do_GET(self) -> None:  # noqa: N802 - the http.server name
                standin._serve(self, host)

        server = _Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server

    def _send(self, h, status: int, body: bytes, ctype: str, headers: dict | None = None):
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.end_headers()
        if body:
            h.wfile.write(body)

    def _serve(self, h: BaseHTTPRequestHandler, host: str) -> None:
        path = urlsplit(h.path).path
        with self._lock:
            self.log.append((host, h.path, dict(h.headers), time.monotonic()))
            queued = self.faults.get(h.path) or self.faults.get(path)  # (with its query or not)
            fault = queued.pop(0) if queued else None
            self.in_flight[host] += 1
            self.most_in_flight[host] = max(self.most_in_flight[host], self.in_flight[host])
        try:
            if self.latency:
                time.sleep(self.latency)
            if fault and self._fault(h, fault):
                return
            if path in self.gone or h.path in self.gone:
                return self._send(h, 404, b"<html><title>Not found</title></html>", "text/html")
            if host == "site":
                return self._site(h)
            return self._file(h, path)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            with self._lock:
                self.in_flight[host] -= 1

    def _fault(self, h, fault: str) -> bool:
        """Serve ``fault``; True when it was the whole answer."""
        kind, _, arg = fault.partition(":")
        if kind in {"500", "502", "503", "504"}:
            self._send(h, int(kind), b"<html>server error</html>", "text/html")
            return True
        if kind == "429":
            self._send(h, 429, b"slow down", "text/plain", {"Retry-After": arg or "1"})
            return True
        if kind == "slow":
            time.sleep(float(arg))
            return False  # then the normal answer (which the client has given up on)
        if kind == "html":
            body = (
                b"<!DOCTYPE html><html><head><title>Sorry, there is a problem</title></head></html>"
            )
            self._send(h, 200, body, "text/html; charset=utf-8")
            return True
        if kind == "truncate":
            h.send_response(200)
            h.send_header("Content-Type", "application/pdf")
            h.send_header("Content-Length", "100000")
            h.end_headers()
            h.wfile.write(b"%PDF-1.4 partial")
            h.wfile.flush()
            h.close_connection = True
            return True
        raise ValueError(fault)

    def _site(self, h) -> None:
        url = urlsplit(h.path)
        if url.path == "/search":
            start = int(parse_qs(url.query).get("start", ["0"])[0])
            return self._send(h, 200, self.listing(start).encode(), "text/html; charset=utf-8")
        for council in self.councils:
            if url.path == self.provider_path(council.urn):
                page = self.provider_page(council).encode()
                return self._send(h, 200, page, "text/html; charset=utf-8")
        self._send(h, 404, b"<html><title>Not found</title></html>", "text/html")

    def _file(self, h, path: str) -> None:
        key = path.rsplit("/", 1)[-1]
        for council in self.councils:
            for pub in council.pubs:
                if pub.key == key:
                    etag = '"' + hashlib.sha1(pub.data).hexdigest() + '"'
                    headers = (
                        {"ETag": etag, "Last-Modified": LAST_MODIFIED} if self.validators else {}
                    )
                    if self.validators and h.headers.get("If-None-Match") == etag:
                        return self._send(h, 304, b"", "application/pdf", headers)
                    return self._send(h, 200, pub.data, "application/pdf", headers)
        self._send(h, 404, b"<html><title>Not found</title></html>", "text/html")
