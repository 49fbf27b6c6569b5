"""A polite HTTP client: one request at a time per host (by default) with a pause between
requests, a User-Agent naming cscwatch and its version, timeouts, and retries with growing
waits on 429 and 5xx answers (honouring Retry-After) and on broken or timed-out connections."""

from __future__ import annotations

import email.utils
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlsplit

import httpx

from cscwatch import __version__

USER_AGENT = f"cscwatch/{__version__} (Ofsted children's services reports; python-httpx)"
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
T = TypeVar("T")


@dataclass(frozen=True)
class Politeness:
    """How hard a fetch may press a site."""

    delay: float = 1.0  # seconds between the starts of two requests to one host
    per_host: int = 1  # requests in flight at once to one host
    timeout: float = 30.0  # seconds to connect, and to wait for each piece of an answer
    retries: int = 3  # further tries after a 429, a 5xx, a timeout or a broken connection
    backoff: float = 2.0  # seconds before the first retry (doubled for each next one)
    max_wait: float = 300.0  # the longest Retry-After honoured (longer ones are cut to it)


class HttpFailure(Exception):
    """A request that failed for good, with its reason (one line)."""


def retry_after(response: httpx.Response) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date); None without."""
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def describe(exc: Exception) -> str:
    """A transport error as a short reason."""
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out ({type(exc).__name__})"
    if isinstance(exc, httpx.ConnectError):
        return f"cannot connect ({exc})"
    return f"connection failed ({type(exc).__name__}: {exc})"


class _Host:
    """The requests to one host: at most ``per_host`` at once, starts ``delay`` apart."""

    def __init__(self, politeness: Politeness) -> None:
        self.slots = threading.Semaphore(max(1, politeness.per_host))
        self.lock = threading.Lock()
        self.delay = politeness.delay
        self.next_start = 0.0

    @contextmanager
    def turn(self) -> Iterator[None]:
        with self.slots:
            with self.lock:
                now = time.monotonic()
                start = max(now, self.next_start)
                self.next_start = start + self.delay
            if start > now:
                time.sleep(start - now)
            yield


class Client:
    """GET requests under a :class:`Politeness` (thread-safe)."""

    def __init__(
        self,
        politeness: Politeness | None = None,
        *,
        user_agent: str = USER_AGENT,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.politeness = politeness or Politeness()
        self.http = httpx.Client(
            headers={"User-Agent": user_agent},
            timeout=httpx.Timeout(self.politeness.timeout),
            follow_redirects=True,
            transport=transport,
            limits=httpx.Limits(max_connections=32, max_keepalive_connections=16),
        )
        self._hosts: dict[str, _Host] = {}
        self._lock = threading.Lock()
        self.requests = 0  # requests sent, retries included

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _host(self, url: str) -> _Host:
        key = urlsplit(url).netloc.lower()
        with self._lock:
            if key not in self._hosts:
                self._hosts[key] = _Host(self.politeness)
            return self._hosts[key]

    def get(
        self,
        url: str,
        consume: Callable[[httpx.Response], T],
        headers: dict[str, str] | None = None,
    ) -> T:
        """GET ``url`` and return ``consume(response)`` (called with the body unread, for a
        2xx or 304 answer). Retries 429, 5xx, timeouts and broken connections, including
        ones that break while ``consume`` reads the body; raises :class:`HttpFailure` when
        the answer is another error or the tries run out. Exceptions ``consume`` raises
        itself (other than transport errors) end the request at once."""
        p = self.politeness
        host = self._host(url)
        attempt = 0
        while True:
            wait: float
            with host.turn():
                with self._lock:
                    self.requests += 1
                try:
                    with self.http.stream("GET", url, headers=headers) as response:
                        status = response.status_code
                        if status < 400 and (status < 300 or status == 304):
                            return consume(response)
                        reason = f"HTTP {status} {response.reason_phrase}".strip()
                        if status not in RETRY_STATUS or attempt >= p.retries:
                            tries = f" after {attempt + 1} tries" if attempt else ""
                            raise HttpFailure(reason + tries)
                        wait = retry_after(response) or p.backoff * 2**attempt
                except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
                    raise HttpFailure(f"cannot fetch this address ({exc})") from None
                except httpx.TooManyRedirects:
                    raise HttpFailure("too many redirects") from None
                except httpx.TransportError as exc:
                    if attempt >= p.retries:
                        tries = f" after {attempt + 1} tries" if attempt else ""
                        raise HttpFailure(describe(exc) + tries) from None
                    wait = p.backoff * 2**attempt
                except httpx.RequestError as exc:  # e.g. a body that cannot be decoded
                    raise HttpFailure(f"{type(exc).__name__}: {exc}") from None
            attempt += 1
            time.sleep(min(wait, p.max_wait))

    def text(self, url: str) -> str:
        """The body of ``url`` as text."""
        return self.get(url, lambda r: (r.read(), r.text)[1])
