"""One safe, polite HTTP GET: ``Fetcher.get(url, kind)``.

What a response may do to the watcher is bounded: at most ``MAX_REDIRECTS`` hops, each hop's
address checked (``safety.PinnedTransport``); the body is read as a stream and cut off past
``max_bytes`` both as sent and once decompressed (a gzip bomb expands a chunk at a time, never
all at once); connect and read timeouts per operation and a deadline for the whole request (a
server that trickles a byte a second forever); the content type must fit the kind of
document. Every refusal is a ``FetchError`` whose message says what happened.
"""

from __future__ import annotations

import email.utils
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urljoin

import httpx

from .. import __version__
from .safety import AddressPolicy, BlockedURL, PinnedTransport

USER_AGENT = f"Parley/{__version__} (political event coder; python-httpx)"
MAX_REDIRECTS = 5
REDIRECTS = (301, 302, 303, 307, 308)

#: Content types accepted for each kind of document (a missing type is accepted and parsed).
CONTENT_TYPES = {
    "feed": (
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "application/feed+json",
        "application/json",
        "text/plain",
        "application/x-rss+xml",
    ),
    "article": ("text/html", "application/xhtml+xml"),
    "robots": ("text/plain",),
}


class FetchError(Exception):
    """A fetch that failed. ``transient``: worth trying again later (timeouts, 5xx, 429)."""

    def __init__(self, reason: str, *, transient: bool = False, retry_after: datetime | None = None):
        super().__init__(reason)
        self.reason = reason
        self.transient = transient
        self.retry_after = retry_after


@dataclass
class Limits:
    max_bytes: int = 10 * 1024 * 1024  # after decompression; articles and feeds alike
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    host_interval: float = 1.0  # seconds between two requests to one host
    host_concurrency: int = 2  # requests in flight to one host


@dataclass
class Response:
    url: str  # after redirects
    status: int
    headers: httpx.Headers
    body: bytes = b""
    content_type: str = ""

    def header(self, name: str) -> str | None:
        return self.headers.get(name)


def parse_retry_after(value: str | None, now: datetime | None = None) -> datetime | None:
    """``Retry-After`` as a time: seconds or an HTTP date; at most a day ahead."""
    if not value:
        return None
    now = now or datetime.now(UTC)
    value = value.strip()
    if value.isdigit():
        t = now + timedelta(seconds=int(value))
    else:
        try:
            t = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if t.tzinfo is None:
            t = t.replace(tzinfo=UTC)
    return min(t, now + timedelta(days=1))


@dataclass
class _Host:
    slots: threading.Semaphore
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_at: float = 0.0  # monotonic time of the next allowed request
    blocked_until: datetime | None = None  # from Retry-After
    gap: float = 0.0  # robots.txt Crawl-delay


class HostGate:
    """Per-host politeness: a cap on requests in flight and a minimum gap between them."""

    def __init__(self, interval: float, concurrency: int):
        self.interval, self.concurrency = interval, concurrency
        self._hosts: dict[str, _Host] = {}
        self._lock = threading.Lock()

    def host(self, name: str) -> _Host:
        with self._lock:
            h = self._hosts.get(name)
            if h is None:
                h = self._hosts[name] = _Host(threading.Semaphore(self.concurrency))
            return h

    def set_interval(self, name: str, seconds: float) -> None:
        """A host's robots.txt Crawl-delay lengthens its gap (never shortens it)."""
        h = self.host(name)
        with h.lock:
            h.gap = max(h.gap, min(seconds, 60.0))

    def block(self, name: str, until: datetime) -> None:
        h = self.host(name)
        with h.lock:
            h.blocked_until = max(h.blocked_until or until, until)

    @contextmanager
    def slot(self, name: str) -> Iterator[None]:
        h = self.host(name)
        if h.blocked_until and h.blocked_until > datetime.now(UTC):
            raise FetchError(
                f"{name} asked us to wait (Retry-After) until {h.blocked_until:%H:%M:%S} UTC",
                transient=True,
                retry_after=h.blocked_until,
            )
        gap = max(self.interval, h.gap)
        with h.slots:
            with h.lock:
                wait = h.next_at - time.monotonic()
                h.next_at = max(h.next_at, time.monotonic()) + gap
            if wait > 0:
                time.sleep(wait)
            yield


class Fetcher:
    def __init__(self, policy: AddressPolicy | None = None, limits: Limits | None = None):
        self.policy = policy or AddressPolicy()
        self.limits = limits or Limits()
        self.gate = HostGate(self.limits.host_interval, self.limits.host_concurrency)
        lim = self.limits
        self.client = httpx.Client(
            transport=PinnedTransport(self.policy, retries=0),
            follow_redirects=False,  # each hop is checked here
            timeout=httpx.Timeout(lim.read_timeout, connect=lim.connect_timeout),
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
            trust_env=False,  # no proxy from the environment: addresses are checked, not a proxy's
        )

    def close(self) -> None:
        self.client.close()

    def get(self, url: str, kind: str, headers: dict[str, str] | None = None) -> Response:
        """GET ``url`` following up to ``MAX_REDIRECTS`` redirects; 304 comes back as is."""
        deadline = time.monotonic() + self.limits.total_timeout
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            try:
                target = self.policy.check_url(current)
            except BlockedURL as exc:
                raise FetchError(str(exc)) from None
            with self.gate.slot(target.host):
                resp = self._one(str(target), kind, headers or {}, deadline)
            if resp.status in REDIRECTS:
                loc = resp.header("location")
                if not loc:
                    raise FetchError(f"redirect {resp.status} without a Location")
                current = urljoin(str(target), loc.strip())
                continue
            return resp
        raise FetchError(f"more than {MAX_REDIRECTS} redirects")

    def _one(self, url: str, kind: str, headers: dict[str, str], deadline: float) -> Response:
        req = self.client.build_request("GET", url, headers=headers)
        try:
            r = self.client.send(req, stream=True)
            try:
                out = Response(url=url, status=r.status_code, headers=r.headers)
                if r.status_code in REDIRECTS or r.status_code == 304:
                    return out
                if r.status_code == 429 or r.status_code >= 500:
                    after = parse_retry_after(r.headers.get("retry-after"))
                    if after is not None:
                        self.gate.block(httpx.URL(url).host, after)
                    raise FetchError(f"HTTP {r.status_code}", transient=True, retry_after=after)
                if r.status_code != 200:
                    raise FetchError(f"HTTP {r.status_code}", transient=r.status_code == 408)
                out.content_type = _content_type(r.headers.get("content-type"))
                if out.content_type and out.content_type not in CONTENT_TYPES[kind]:
                    raise FetchError(f"unexpected content type {out.content_type!r} for a {kind}")
                out.body = self._read(r, deadline)
                return out
            finally:
                r.close()

        except BlockedURL as exc:
            raise FetchError(str(exc)) from None
        except httpx.TimeoutException as exc:
            raise FetchError(f"timed out ({type(exc).__name__})", transient=True) from None
        except httpx.HTTPError as exc:
            raise FetchError(f"{type(exc).__name__}: {exc}", transient=True) from None

    def _read(self, r: httpx.Response, deadline: float) -> bytes:
        cap = self.limits.max_bytes
        length = r.headers.get("content-length")
        if length and length.strip().isdigit() and int(length) > cap:
            raise FetchError(f"too large: Content-Length {length} over the {cap}-byte limit")
        decoder = _decoder(r.headers.get("content-encoding"))
        body = bytearray()
        raw = 0
        for chunk in r.iter_raw():
            raw += len(chunk)
            if raw > cap:
                raise FetchError(f"too large: more than {cap} bytes")
            body += decoder(chunk, cap + 1 - len(body))
            if len(body) > cap:
                raise FetchError(f"too large: more than {cap} bytes once decompressed")
            if time.monotonic() > deadline:
                raise FetchError(f"took longer than {self.limits.total_timeout:g} s", transient=True)
        return bytes(body)


def _content_type(value: str | None) -> str:
    return (value or "").split(";", 1)[0].strip().lower()


def _decoder(encoding: str | None):
    """A function (chunk, room) -> bytes that never returns more than ``room`` bytes at once."""
    enc = (encoding or "identity").strip().lower()
    if enc in ("identity", ""):
        return lambda chunk, room: chunk
    if enc in ("gzip", "x-gzip"):
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    elif enc == "deflate":
        d = zlib.decompressobj(zlib.MAX_WBITS)
    else:
        raise FetchError(f"unsupported content encoding {enc!r}")

    def decode(chunk: bytes, room: int) -> bytes:
        out = bytearray()
        data = chunk
        try:
            while data and len(out) < room:
                out += d.decompress(data, max(room - len(out), 1))
                data = d.unconsumed_tail
        except zlib.error as exc:
            raise FetchError(f"bad {enc} data: {exc}") from None
        # Still unconsumed input once ``room`` is used up: the body is over the limit.
        if data:
            out += b"\0"
        return bytes(out)

    return decode
