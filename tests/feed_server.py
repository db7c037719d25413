"""A real HTTP server on 127.0.0.1 for the feed tests, serving feeds and articles we write.

``FeedServer`` runs ``http.server`` in a thread. Routes map a path to a ``Page`` (status,
headers, body; ETag and If-None-Match handled) or to a function that writes the response
itself (the hostile cases: endless bodies, gzip bombs, redirect loops). Every request is
logged (path, status, headers) for the tests to look at.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape


@dataclass
class Page:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    etag: bool = True  # answer If-None-Match with 304
    delay: float = 0.0


class FeedServer:
    def __init__(self):
        self.routes: dict[str, Page | object] = {}
        self.log: list[tuple[str, int, dict]] = []
        self.times: list[tuple[str, float]] = []  # (path, monotonic time) of every request
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                route = server.routes.get(self.path)
                if callable(route):
                    server._record(self.path, 0, self.headers)
                    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                        route(self)
                    return
                page = route if isinstance(route, Page) else Page(b"not here", "text/plain", 404, etag=False)
                if page.delay:
                    time.sleep(page.delay)
                tag = '"' + hashlib.sha1(page.body).hexdigest()[:16] + '"'
                if page.etag and page.status == 200 and self.headers.get("If-None-Match") == tag:
                    server._record(self.path, 304, self.headers)
                    self.send_response(304)
                    self.send_header("ETag", tag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                server._record(self.path, page.status, self.headers)
                self.send_response(page.status)
                self.send_header("Content-Type", page.content_type)
                self.send_header("Content-Length", str(len(page.body)))
                if page.etag and page.status == 200:
                    self.send_header("ETag", tag)
                for k, v in page.headers.items():
                    self.send_header(k, v)
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(page.body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def _record(self, path: str, status: int, headers) -> None:
        with self._lock:
            self.log.append((path, status, dict(headers.items())))
            self.times.append((path, time.monotonic()))

    def start(self) -> FeedServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> list[int]:
        with self._lock:
            return [status for p, status, _h in self.log if p == path]


# -- content, in our own words ------------------------------------------------------------

PLACES = ["Norvale", "Kestria", "Dunmore", "Arvania", "Belport", "Tessaly", "Corvin", "Halden"]
BODIES = ["city council", "port authority", "farmers' union", "transport ministry", "teachers' union"]
ACTS = [
    "met officials from {other} on {day} to discuss a dispute over water rights",
    "accused the government of {other} of delaying aid shipments",
    "signed an agreement with {other} on {day} to share border crossings",
    "called for talks with {other} after protests closed the main road",
    "rejected a proposal from {other} to raise fees on cargo",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def article_text(feed: int, n: int) -> tuple[str, str]:
    """A short fictional news story, different for every (feed, n): title and paragraphs."""
    place = PLACES[(feed + n) % len(PLACES)]
    other = PLACES[(feed + 3 * n + 1) % len(PLACES)]
    if other == place:
        other = PLACES[(feed + 3 * n + 2) % len(PLACES)]
    body = BODIES[(n // 3 + feed) % len(BODIES)]
    act = ACTS[(n + 2 * feed) % len(ACTS)].format(other=other, day=DAYS[n % len(DAYS)])
    title = f"{place} {body} {act.split(' ')[0]} {other} (report {feed}-{n})"
    paras = [
        f"The {body} of {place} {act}, according to a statement released by its spokesperson.",
        f'"We expect a clear answer within {n % 9 + 2} days," the spokesperson said in report {feed}-{n}.',
        f"Residents of {place} gathered near the harbour as officials from {other} declined to comment.",
    ]
    return title, paras


def article_html(
    title: str, paras: list[str], canonical: str | None = None, date: str = "2025-03-04"
) -> bytes:
    link = f'<link rel="canonical" href="{escape(canonical)}">' if canonical else ""
    ps = "\n".join(f"<p>{escape(p)}</p>" for p in paras)
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(title)}</title>{link}"
        f'<meta property="article:published_time" content="{date}T09:00:00Z"></head>'
        f"<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{escape(title)}</h1>\n{ps}\n</article>"
        f"<footer>Copyright the Example Gazette</footer></body></html>"
    ).encode()


def rss(items: list[tuple[str, str, str]], title: str = "Example Gazette") -> bytes:
    """RSS 2.0 from (guid, link, title) triples."""
    date = formatdate(1741078800, usegmt=True)
    xs = "".join(
        f"<item><guid>{escape(g)}</guid><link>{escape(link)}</link><title>{escape(t)}</title>"
        f"<pubDate>{date}</pubDate></item>"
        for g, link, t in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{escape(title)}</title>'
        f"<link>http://127.0.0.1/</link><description>News</description>{xs}</channel></rss>"
    ).encode()


def atom(items: list[tuple[str, str, str]]) -> bytes:
    xs = "".join(
        f'<entry><id>{escape(g)}</id><link href="{escape(link)}"/><title>{escape(t)}</title>'
        f"<updated>2025-03-04T09:00:00Z</updated></entry>"
        for g, link, t in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Example Atom</title><id>urn:example:atom</id><updated>2025-03-04T09:00:00Z</updated>{xs}</feed>"
    ).encode()
