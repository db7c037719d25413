"""An article page to a ``Story``: main text, title, date and canonical URL by trafilatura.

The same extraction ``parley ingest`` applies to ``.html`` files, so a story fetched by the
watcher is stored exactly as the same page read from disk would be (apart from its id).
"""

from __future__ import annotations

import hashlib
import re

import httpx

from ..ingest import InputError, _html_story
from ..model import Story

#: Pages whose main text is shorter than this are not stories (a paywall, an index page).
MIN_TEXT = 80


def story_id(url: str) -> str:
    """A readable, stable id from the article's canonical URL: ``host-<12 hex>``."""
    host = httpx.URL(url).host or "web"
    host = re.sub(r"[^a-z0-9.-]", "", host.lower())[:80]
    return f"{host}-{hashlib.sha1(url.encode('utf-8', 'surrogatepass')).hexdigest()[:12]}"


def _site(url: str) -> str:
    host = httpx.URL(url).host.lower()
    return host[4:] if host.startswith("www.") else host


def canonical(page_url: str | None, fetched_url: str) -> str:
    """The page's canonical URL, else the URL it was fetched from.

    Only a canonical URL on the same site counts: a page may not claim to be another
    site's article (and so take or block that article's story id).
    """
    page_url = (page_url or "").strip()
    if not re.match(r"https?://", page_url, re.I):
        return fetched_url
    try:
        same = _site(page_url) == _site(fetched_url)
    except Exception:  # an unparsable URL in the page
        return fetched_url
    return page_url if same else fetched_url


def html_to_story(
    html: bytes, fetched_url: str, *, feed_title: str | None, feed_published: str | None, source: str
) -> Story | InputError:
    text = html.decode("utf-8", "replace")
    got = _html_story(fetched_url, "", text)
    if isinstance(got, InputError):
        return got
    url = canonical(got.url, fetched_url)
    sid = story_id(url)
    if len(got.text) < MIN_TEXT:
        return InputError(fetched_url, None, sid, f"no article text found ({len(got.text)} characters)")
    return Story(
        id=sid,
        text=got.text,
        published=got.published or feed_published,
        title=got.title or feed_title,
        url=url,
        source=source,
    )
