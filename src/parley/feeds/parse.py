"""Feed documents to entries: RSS 0.9x/1.0/2.0 and Atom (feedparser), JSON Feed, news sitemaps.

``parse_feed(body, url, content_type)`` returns the entries in feed order or raises
``FeedError``: a malformed feed is one recorded failure of that feed, never a crash.
feedparser 6 does not read JSON Feed, so JSON Feed 1.0/1.1 is read here (it is a small,
fixed format); a news sitemap is a ``<urlset>`` with ``<loc>`` and optional ``news:`` data.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import urljoin

import feedparser

#: Entries read from one feed document at most (the rest wait for a later, shorter feed).
MAX_ENTRIES = 1000

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS_NS = "{http://www.google.com/schemas/sitemap-news/0.9}"


class FeedError(Exception):
    pass


@dataclass
class Entry:
    key: str  # stable id of the entry within its feed: sha1 of its id, else of its link
    url: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD


def _key(ident: str) -> str:
    return hashlib.sha1(ident.encode("utf-8", "surrogatepass")).hexdigest()


def _day(value) -> str | None:
    """YYYY-MM-DD from a feedparser time tuple or an ISO-ish string."""
    if value is None:
        return None
    if isinstance(value, time.struct_time):
        return time.strftime("%Y-%m-%d", value)
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", str(value))
    return f"{m[1]}-{m[2]}-{m[3]}" if m else None


def parse_feed(body: bytes, url: str, content_type: str = "") -> list[Entry]:
    head = body[:512].lstrip()
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if head[:1] in (b"{", b"["):
        entries = _json_feed(body, url)
    elif b"<urlset" in body[:2048] or b"<sitemapindex" in body[:2048]:
        entries = _sitemap(body, url)
    else:
        entries = _feedparser(body, url, content_type)
    seen: set[str] = set()
    out = []
    for e in entries:
        if e.key not in seen:
            seen.add(e.key)
            out.append(e)
    return out[:MAX_ENTRIES]


def _feedparser(body: bytes, url: str, content_type: str) -> list[Entry]:
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    try:
        d = feedparser.parse(body, response_headers=headers, sanitize_html=False)
    except Exception as exc:  # feedparser is lenient, but not about everything
        raise FeedError(f"malformed feed: {type(exc).__name__}: {exc}") from None
    if not d.get("version"):
        reason = d.get("bozo_exception") or "no RSS or Atom root element"
        raise FeedError(f"not a feed: {reason}")
    out = []
    for e in d.entries:
        link = e.get("link") or ""
        if not link:
            links = [x.get("href") for x in e.get("links", []) if x.get("href")]
            link = links[0] if links else ""
        if not link:
            continue  # an entry without a link has no article to fetch
        link = urljoin(url, link.strip())
        out.append(
            Entry(
                key=_key(e.get("id") or link),
                url=link,
                title=e.get("title") or None,
                published=_day(e.get("published_parsed") or e.get("updated_parsed")),
            )
        )
    # feedparser recovers what it can from broken XML; a broken feed with no usable entry
    # is a failure of the feed (one with some is read for what it holds).
    if d.get("bozo") and not out:
        raise FeedError(f"malformed feed: {d.get('bozo_exception')}")
    return out


def _json_feed(body: bytes, url: str) -> list[Entry]:
    try:
        d = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise FeedError(f"malformed JSON feed: {exc}") from None
    if not isinstance(d, dict) or not str(d.get("version", "")).startswith("https://jsonfeed.org/version/"):
        raise FeedError("not a feed: JSON without a JSON Feed version")
    items = d.get("items")
    if not isinstance(items, list):
        raise FeedError("malformed JSON feed: items is not a list")
    out = []
    for it in items:
        if not isinstance(it, dict):
            continue
        link = it.get("url") or it.get("external_url")
        if not isinstance(link, str) or not link.strip():
            continue
        link = urljoin(url, link.strip())
        ident = it.get("id")
        title = it.get("title")
        out.append(
            Entry(
                key=_key(str(ident) if ident not in (None, "") else link),
                url=link,
                title=title if isinstance(title, str) and title else None,
                published=_day(it.get("date_published") or it.get("date_modified")),
            )
        )
    return out


def _sitemap(body: bytes, url: str) -> list[Entry]:
    # expat refuses external entities and (since 2.4.1) entity expansion attacks; size was
    # capped when the body was read.
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise FeedError(f"malformed sitemap: {exc}") from None
    if root.tag == f"{SITEMAP_NS}sitemapindex":
        raise FeedError("a sitemap index: add the news sitemaps it lists as feeds")
    if root.tag != f"{SITEMAP_NS}urlset":
        raise FeedError(f"not a sitemap: root element {root.tag}")
    out = []
    for u in root.iter(f"{SITEMAP_NS}url"):
        loc = (u.findtext(f"{SITEMAP_NS}loc") or "").strip()
        if not loc:
            continue
        news = u.find(f"{NEWS_NS}news")
        title = published = None
        if news is not None:
            title = (news.findtext(f"{NEWS_NS}title") or "").strip() or None
            published = _day(news.findtext(f"{NEWS_NS}publication_date"))
        published = published or _day(u.findtext(f"{SITEMAP_NS}lastmod"))
        link = urljoin(url, loc)
        out.append(Entry(key=_key(link), url=link, title=title, published=published))
    return out
