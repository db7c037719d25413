"""The feeds page and API, with stories brought in by a real watcher from a local server."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from parley.feeds import AddressPolicy, Limits, Watcher
from parley.store import Store
from parley.web import create_app

from .feed_server import FeedServer, Page, article_html, article_text, rss

TOKEN = "feeds-writer"
LOCAL = AddressPolicy(allow=["127.0.0.1/32"])
FAST = Limits(host_interval=0.0)
# A story title is someone else's text: it must show as text, never run.
HOSTILE = 'Harbour vote <img src=x onerror="alert(1)">'


def serve_articles(server: FeedServer, items: list[tuple[str, str]]) -> None:
    """Publish (path, title) articles and the feed listing them at /feed.xml."""
    entries = []
    for i, (path, title) in enumerate(items):
        _t, paras = article_text(7, i)
        server.routes[path] = Page(article_html(title, paras))
        entries.append((f"urn:w:{i}", server.url(path), title))
    server.routes["/feed.xml"] = Page(rss(entries), "application/rss+xml")


@pytest.fixture
def setup(tmp_path, pipeline):
    server = FeedServer().start()
    store = Store(f"sqlite:///{tmp_path / 'web.db'}")
    serve_articles(server, [("/a0.html", "Port talks resume"), ("/a1.html", HOSTILE)])
    store.add_feed(server.url("/feed.xml"), name="Coast Wire")
    store.add_feed("http://10.0.0.9/broken.xml", name="Broken")  # refused before any connection
    with Watcher(store, policy=LOCAL, limits=FAST, pipeline=pipeline) as w:
        w.round()
    yield server, store
    store.close()
    server.stop()


def test_feeds_page_shows_health_and_stories(setup):
    _server, store = setup
    c = TestClient(create_app(store=store))
    r = c.get("/feeds")
    assert r.status_code == 200
    assert "Coast Wire" in r.text and "Broken" in r.text
    assert "private address 10.0.0.9" in r.text  # the broken feed's error
    assert "Port talks resume" in r.text
    assert "<img src=x" not in r.text and "&lt;img src=x" in r.text
    assert 'href="/feeds"' in c.get("/").text  # in the navigation


def test_feeds_api(setup):
    _server, store = setup
    c = TestClient(create_app(store=store, token=TOKEN))
    feeds = {f["name"]: f for f in c.get("/api/feeds").json()["items"]}
    assert feeds["Coast Wire"]["n_stories"] == 2 and feeds["Coast Wire"]["last_status"] == "ok"
    assert feeds["Broken"]["failures"] == 1
    items = c.get("/api/feeds/stories").json()["items"]
    assert {i["title"] for i in items} == {"Port talks resume", HOSTILE}
    later = c.get("/api/feeds/stories", params={"since": "2999-01-01T00:00:00+00:00"}).json()
    assert later["items"] == []
    assert c.get("/api/feeds/stories", params={"since": "yesterday"}).status_code == 422


def test_writes_need_the_token(setup):
    _server, store = setup
    open_app = TestClient(create_app(store=store))  # no write token: read-only
    assert open_app.post("/api/feeds", json={"url": "https://news.example/rss"}).status_code == 403
    c = TestClient(create_app(store=store, token=TOKEN))
    assert c.post("/api/feeds", json={"url": "https://news.example/rss"}).status_code == 401
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert c.post("/api/feeds", json={"url": "file:///etc/passwd"}, headers=auth).status_code == 422
    assert (
        c.post("/api/feeds", json={"url": "https://n.example/", "every_seconds": 5}, headers=auth).status_code
        == 422
    )
    r = c.post("/api/feeds", json={"url": "https://news.example/rss", "name": "Example"}, headers=auth)
    assert r.status_code == 201
    fid = r.json()["id"]
    assert c.delete(f"/api/feeds/{fid}").status_code == 401
    assert c.delete(f"/api/feeds/{fid}", headers=auth).json() == {"removed": fid}
    assert c.delete(f"/api/feeds/{fid}", headers=auth).status_code == 404


def test_read_token_closes_the_feeds_page(setup):
    _server, store = setup
    c = TestClient(create_app(store=store, token=TOKEN, read_token="reader"))
    assert c.get("/feeds").status_code == 401
    assert c.get("/api/feeds").status_code == 401
    assert c.get("/api/feeds", headers={"Authorization": "Bearer reader"}).status_code == 200


CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is missing")
def test_new_stories_appear_in_the_browser(setup, pipeline):
    pytest.importorskip("playwright.sync_api")
    import uvicorn
    from playwright.sync_api import expect, sync_playwright

    from .test_web_browser import CHROMIUM_ARGS, free_port

    server, store = setup
    port = free_port()
    web = uvicorn.Server(
        uvicorn.Config(create_app(store=store), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=web.run, daemon=True)
    thread.start()
    while not web.started:
        time.sleep(0.05)
    dialogs: list[str] = []
    try:
        with sync_playwright() as pw:
            b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
            page = b.new_page()
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(f"http://127.0.0.1:{port}/feeds")
            expect(page.locator("#feed-stories li")).to_have_count(2)
            # A new article in the feed; the watcher stores it while the page is open.
            serve_articles(
                server,
                [
                    ("/a0.html", "Port talks resume"),
                    ("/a1.html", HOSTILE),
                    ("/a2.html", "Ferry line reopens"),
                ],
            )
            with Watcher(store, policy=LOCAL, limits=FAST, pipeline=pipeline) as w:
                assert w.round(all_feeds=True).new == 1
            fresh = page.locator("#feed-stories li.fresh")
            expect(fresh).to_have_count(1, timeout=20_000)
            expect(fresh).to_contain_text("Ferry line reopens")
            expect(page.locator("#feed-stories")).to_contain_text(HOSTILE)  # as text
            b.close()
    finally:
        web.should_exit = True
        thread.join(10)
    assert dialogs == []
