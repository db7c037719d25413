"""Feed formats to entries: RSS 0.91, 1.0, 2.0, Atom, JSON Feed, news sitemaps, and broken feeds."""

from __future__ import annotations

import json

import pytest

from parley.feeds.parse import FeedError, parse_feed

BASE = "http://news.example/feeds/main.xml"

RSS091 = b"""<?xml version="1.0"?><rss version="0.91"><channel><title>Harbour Times</title>
<link>http://news.example/</link><description>d</description><language>en</language>
<item><title>Dock workers end strike</title><link>http://news.example/a/1</link></item>
</channel></rss>"""

RSS10 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://news.example/"><title>Valley Post</title><link>http://news.example/</link>
<description>d</description></channel>
<item rdf:about="http://news.example/a/2"><title>Mayor opens bridge</title>
<link>http://news.example/a/2</link><dc:date>2025-03-02T08:00:00Z</dc:date></item>
</rdf:RDF>"""

RSS20 = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>http://news.example/</link>
<description>d</description>
<item><guid isPermaLink="false">story-3</guid><link>/a/3</link><title>Talks resume</title>
<pubDate>Tue, 04 Mar 2025 09:00:00 GMT</pubDate></item>
<item><title>No link, no article</title></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Ridge Ledger</title><id>urn:x</id><updated>2025-03-04T09:00:00Z</updated>
<entry><id>tag:news.example,2025:4</id><link rel="alternate" href="http://news.example/a/4"/>
<title>Ministers meet</title><updated>2025-03-03T10:00:00Z</updated></entry></feed>"""

SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>http://news.example/a/5</loc><news:news><news:publication><news:name>Ledger</news:name>
<news:language>en</news:language></news:publication>
<news:publication_date>2025-03-01T12:00:00+00:00</news:publication_date>
<news:title>Port reopens after storm</news:title></news:news></url>
<url><loc>http://news.example/a/6</loc><lastmod>2025-02-28</lastmod></url>
</urlset>"""


def test_rss_091():
    (e,) = parse_feed(RSS091, BASE)
    assert (e.url, e.title) == ("http://news.example/a/1", "Dock workers end strike")


def test_rss_10():
    (e,) = parse_feed(RSS10, BASE)
    assert (e.url, e.published) == ("http://news.example/a/2", "2025-03-02")


def test_rss_20_resolves_relative_links_and_skips_linkless_items():
    (e,) = parse_feed(RSS20, BASE)
    assert (e.url, e.title, e.published) == ("http://news.example/a/3", "Talks resume", "2025-03-04")


def test_the_entry_id_not_the_link_identifies_an_entry():
    moved = RSS20.replace(b"<link>/a/3</link>", b"<link>/a/3?utm=x</link>")
    assert parse_feed(RSS20, BASE)[0].key == parse_feed(moved, BASE)[0].key


def test_atom():
    (e,) = parse_feed(ATOM, BASE)
    assert (e.url, e.title, e.published) == ("http://news.example/a/4", "Ministers meet", "2025-03-03")


def test_json_feed():
    body = json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "Coast Wire",
            "items": [
                {
                    "id": "7",
                    "url": "http://news.example/a/7",
                    "title": "Ferry",
                    "date_published": "2025-03-04T01:00:00Z",
                },
                {"id": "8", "content_text": "no url: skipped"},
                "not an item",
            ],
        }
    ).encode()
    (e,) = parse_feed(body, BASE)
    assert (e.url, e.title, e.published) == ("http://news.example/a/7", "Ferry", "2025-03-04")


def test_news_sitemap():
    a, b = parse_feed(SITEMAP, BASE)
    assert (a.url, a.title, a.published) == (
        "http://news.example/a/5",
        "Port reopens after storm",
        "2025-03-01",
    )
    assert (b.url, b.published) == ("http://news.example/a/6", "2025-02-28")


@pytest.mark.parametrize(
    "body",
    [
        b"<?xml version='1.0'?><rss version='2.0'><channel><title>x</ti",  # cut off
        b"<html><body><p>Not a feed at all</p></body></html>",
        b"\x00\x01\x02 binary",
        b"",
        b'{"version": "https://jsonfeed.org/version/1", "items": 5}',
        b'{"not": "a feed"}',
        b"{broken json",
        b"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'><url><loc>x</loc>",
        b"<sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'></sitemapindex>",
    ],
)
def test_a_malformed_feed_is_a_feed_error(body):
    with pytest.raises(FeedError):
        parse_feed(body, BASE)


def test_entity_expansion_is_refused():
    # "Billion laughs": each entity ten of the one before, 10^8 "lol"s from a few hundred bytes.
    ents = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 9)]
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE urlset [{"".join(ents)}]>'
        "<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'><url><loc>&lol8;</loc></url></urlset>"
    ).encode()
    with pytest.raises(FeedError):
        parse_feed(bomb, BASE)
