"""The watcher end to end: a real server on 127.0.0.1, the real pipeline, a real store."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time

import pytest
from sqlalchemy import func, select

from parley.feeds import AddressPolicy, Limits, Watcher
from parley.store import Store, schema

from .feed_server import FeedServer, Page, article_html, article_text, atom, rss
from .store_fixtures import BACKENDS, backend_url

LOCAL = AddressPolicy(allow=["127.0.0.1/32"])
FAST = Limits(host_interval=0.0, host_concurrency=4, total_timeout=10, read_timeout=5)


@pytest.fixture
def server():
    s = FeedServer().start()
    yield s
    s.stop()


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    with backend_url(request.param, tmp_path / "watch.db") as url:
        s = Store(url)
        yield s
        s.close()


def publish(server: FeedServer, feed: int, n: int, fmt: str = "rss", delay: float = 0.0) -> str:
    """Serve feed ``feed`` with ``n`` articles; returns the feed's URL."""
    items = []
    for i in range(n):
        title, paras = article_text(feed, i)
        path = f"/f{feed}/a{i}.html"
        server.routes[path] = Page(article_html(title, paras), delay=delay)
        items.append((f"urn:f{feed}:{i}", server.url(path), title))
    path = f"/f{feed}.xml"
    body = atom(items) if fmt == "atom" else rss(items, title=f"Gazette {feed}")
    server.routes[path] = Page(body, "application/atom+xml" if fmt == "atom" else "application/rss+xml")
    return server.url(path)


def article_hits(server: FeedServer) -> int:
    return sum(1 for p, _s, _h in server.log if "/a" in p and p.endswith(".html"))


def entries(store: Store, status: str | None = None) -> int:
    t = schema.feed_entries
    q = select(func.count()).select_from(t)
    if status:
        q = q.where(t.c.status == status)
    with store.engine.connect() as conn:
        return conn.execute(q).scalar_one()


def test_five_feeds_of_forty_stories_once_then_304(server, tmp_path, pipeline):
    store = Store(f"sqlite:///{tmp_path / 'w.db'}")
    for f in range(5):
        store.add_feed(publish(server, f, 40, "atom" if f == 4 else "rss"), name=f"Gazette {f}")
    with Watcher(store, policy=LOCAL, limits=FAST, pipeline=pipeline) as w:
        first = w.round()
        assert (first.new, first.failed, first.duplicates) == (200, 0, 0)
        assert store.count("stories") == 200 and entries(store, "stored") == 200
        assert store.count("events") > 0 and store.count("clusters") > 0  # the ingest path: events, clusters
        hits = article_hits(server)
        assert hits == 200
        second = w.round(all_feeds=True)
    assert (second.feeds, second.not_modified, second.new) == (5, 5, 0)
    assert article_hits(server) == hits  # nothing fetched again
    assert all(server.hits(f"/f{f}.xml")[-1] == 304 for f in range(5))
    health = {f.name: f for f in store.feeds()}
    assert health["Gazette 0"].last_status == "not modified" and health["Gazette 0"].n_stories == 40
    stored = store.document(store.feed_stories(limit=1)[0]["story_id"])
    assert stored.url.startswith(server.base) and stored.title and stored.published == "2025-03-04"
    store.close()


def test_state_in_both_backends(server, store, pipeline):
    store.add_feed(publish(server, 0, 3), name="Main")
    with Watcher(store, policy=LOCAL, limits=FAST, pipeline=pipeline) as w:
        assert w.round().new == 3
        assert w.round(all_feeds=True).not_modified == 1
    (feed,) = store.feeds()
    assert feed.etag and feed.n_stories == 3 and feed.failures == 0
    assert [r["feed"] for r in store.feed_stories()] == ["Main"] * 3


def test_an_article_in_two_feeds_is_stored_once(server, store, pipeline):
    title, paras = article_text(9, 9)
    server.routes["/shared.html"] = Page(article_html(title, paras))
    for name in ("/one.xml", "/two.xml"):
        server.routes[name] = Page(
            rss([(f"g{name}", server.url("/shared.html"), title)]), "application/rss+xml"
        )
        store.add_feed(server.url(name))
    with Watcher(store, policy=LOCAL, limits=FAST, pipeline=pipeline) as w:
        s = w.round()
    assert (s.new, s.duplicates) == (1, 1)
    assert store.count("stories") == 1 and server.hits("/shared.html") == [200]


def test_canonical_url_names_the_story(server, store, pipeline):
    title, paras = article_text(3, 3)
    canon = server.url("/world/story-3.html")
    server.routes["/a?utm_source=feed"] = Page(article_html(title, paras, canonical=canon))
    server.routes["/c.xml"] = Page(
        rss([("c1", server.url("/a?utm_source=feed"), title)]), "application/rss+xml"
    )
    store.add_feed(server.url("/c.xml"))
    with Watcher(store, policy=LOCAL, limits=FAST, pipeline=pipeline) as w:
        w.round()
    (row,) = store.feed_stories()
    assert row["url"] == canon


def test_malformed_feed_is_a_failure_of_that_feed_only(server, store, pipeline):
    good = publish(server, 1, 2)
    server.routes["/bad.xml"] = Page(
        b"<?xml version='1.0'?><rss version='2.0'><channel><item><ti", "text/xml"
    )
    store.add_feed(server.url("/bad.xml"), name="Bad", every_seconds=600)
    store.add_feed(good, name="Good")
    with Watcher(store, policy=LOCAL, limits=FAST, pipeline=pipeline) as w:
        s = w.round()
    assert (s.feeds_failed, s.new) == (1, 2)
    bad = next(f for f in store.feeds() if f.name == "Bad")
    assert bad.last_status == "failed" and bad.failures == 1 and "feed" in bad.last_error
    assert any(f["source"] == server.url("/bad.xml") for f in store.failures().to_dicts())
    # Back-off: the next try is later than the feed's own interval.
    from datetime import datetime

    wait = datetime.fromisoformat(bad.next_due) - datetime.fromisoformat(bad.last_fetch)
    assert wait.total_seconds() >= 2 * 600


def test_hostile_entries_are_recorded_failures(server, store, pipeline):
    title, paras = article_text(2, 0)
    server.routes["/ok.html"] = Page(article_html(title, paras))
    server.routes["/gone.html"] = Page(b"gone", "text/plain", status=404, etag=False)
    server.routes["/bin"] = Page(b"\x00" * 100, "application/octet-stream")
    server.routes["/empty.html"] = Page(b"<html><body><nav>Home</nav></body></html>")
    items = [
        ("1", server.url("/ok.html"), title),
        ("2", server.url("/gone.html"), "gone"),
        ("3", server.url("/bin"), "binary"),
        ("4", server.url("/empty.html"), "empty"),
        ("5", "http://169.254.169.254/latest/meta-data/", "metadata"),
        ("6", "file:///etc/passwd", "file"),
        ("7", "javascript:alert(1)", "script"),
    ]
    server.routes["/h.xml"] = Page(rss(items), "application/rss+xml")
    store.add_feed(server.url("/h.xml"))
    with Watcher(store, policy=LOCAL, limits=FAST, pipeline=pipeline) as w:
        s = w.round()
    assert (s.new, s.failed, s.feeds_failed) == (1, 6, 0)
    reasons = {f["source"]: f["reason"] for f in store.failures().to_dicts()}
    assert reasons[server.url("/gone.html")] == "HTTP 404"
    assert "content type" in reasons[server.url("/bin")]
    assert "no article text" in reasons[server.url("/empty.html")]
    assert "link-local" in reasons["http://169.254.169.254/latest/meta-data/"]
    others = [r for src, r in reasons.items() if src.startswith(("file:", "javascript:"))]
    assert len(others) == 2 and all("only http and https" in r for r in others)


def test_transient_failures_are_retried_then_recorded(server, store, pipeline):
    server.routes["/flaky.html"] = Page(b"oops", "text/plain", status=500, etag=False)
    server.routes["/t.xml"] = Page(rss([("1", server.url("/flaky.html"), "t")]), "application/rss+xml")
    store.add_feed(server.url("/t.xml"))
    with Watcher(store, policy=LOCAL, limits=FAST, pipeline=pipeline) as w:
        assert w.round().retry == 1
        # Entries still to do: the feed is not answered 304 next time (its ETag was not kept).
        assert store.feeds()[0].etag is None
        assert w.round(all_feeds=True).retry == 1
        assert w.round(all_feeds=True).failed == 1
        assert w.round(all_feeds=True).not_modified == 1
    assert server.hits("/flaky.html") == [500, 500, 500]
    assert store.failures().to_dicts()[0]["reason"] == "HTTP 500"


def test_robots_txt_is_honoured_unless_turned_off(server, store, pipeline):
    server.routes["/robots.txt"] = Page(b"User-agent: *\nDisallow: /private/\n", "text/plain")
    title, paras = article_text(4, 1)
    server.routes["/private/x.html"] = Page(article_html(title, paras))
    server.routes["/r.xml"] = Page(rss([("1", server.url("/private/x.html"), title)]), "application/rss+xml")
    store.add_feed(server.url("/r.xml"))
    with Watcher(store, policy=LOCAL, limits=FAST, pipeline=pipeline) as w:
        assert w.round().failed == 1
    assert server.hits("/private/x.html") == []
    assert "robots.txt" in store.failures().to_dicts()[0]["reason"]
    store.remove_feed(server.url("/r.xml"))
    store.add_feed(server.url("/r.xml"))
    with Watcher(store, policy=LOCAL, limits=FAST, pipeline=pipeline, robots=False) as w:
        assert w.round().new == 1


def test_retry_after_on_a_feed_sets_its_next_due(server, store, pipeline):
    server.routes["/slow.xml"] = Page(b"later", "text/plain", status=429, headers={"Retry-After": "3600"})
    store.add_feed(server.url("/slow.xml"), every_seconds=60)
    with Watcher(store, policy=LOCAL, limits=FAST, pipeline=pipeline) as w:
        assert w.round().feeds_failed == 1
        assert w.round().feeds == 0  # not due
    from datetime import datetime

    (f,) = store.feeds()
    assert (datetime.fromisoformat(f.next_due) - datetime.fromisoformat(f.last_fetch)).total_seconds() >= 3600


def test_the_default_policy_refuses_the_local_feed(server, store, pipeline):
    store.add_feed(publish(server, 0, 2))
    with Watcher(store, limits=FAST, pipeline=pipeline) as w:
        s = w.round()
    assert s.feeds_failed == 1 and server.log == []
    assert "loopback" in store.feeds()[0].last_error


def test_a_stopped_round_resumes_without_loss_or_duplicates(server, store, pipeline):
    store.add_feed(publish(server, 0, 40))
    stop = threading.Event()
    from parley.runner import run

    def extract_then_stop(stories):
        yield from run(stories, pipeline=pipeline)
        stop.set()  # as a SIGTERM during the first batch would

    with Watcher(store, policy=LOCAL, limits=FAST, extract=extract_then_stop, stop=stop, batch_size=16) as w:
        assert w.round().new == 16
    assert store.count("stories") == 16 and store.feeds()[0].etag is None
    with Watcher(store, policy=LOCAL, limits=FAST, pipeline=pipeline) as w:
        assert w.round().new == 24
    assert store.count("stories") == entries(store, "stored") == 40
    # Fetched again: at most the batch fetched ahead while the first was coded (it was never marked).
    assert 40 <= article_hits(server) <= 40 + 16


def _parley(*args: str) -> list[str]:
    return [sys.executable, "-c", "from parley.cli import app; app()", *args]


def test_kill_9_loses_no_story_and_duplicates_none(server, tmp_path):
    for f in range(2):
        publish(server, f, 30, delay=0.02)
    db = f"sqlite:///{tmp_path / 'k.db'}"
    store = Store(db)
    for f in range(2):
        store.add_feed(server.url(f"/f{f}.xml"))
    cmd = _parley("watch", "--db", db, "--once", "--allow-private", "--host-interval", "0", "-q")
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while store.count("stories") < 10 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert proc.poll() is None, proc.stderr.read().decode()
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    killed_at = store.count("stories")
    assert 10 <= killed_at < 60
    assert store.count("stories") == entries(store, "stored")  # stories and marks went together
    done = subprocess.run(cmd[:-1], capture_output=True, timeout=300)  # the same run, not quiet
    assert done.returncode == 0, done.stderr.decode()
    assert f"{60 - killed_at} new stories" in done.stderr.decode()
    assert store.count("stories") == entries(store, "stored") == 60
    with store.engine.connect() as conn:
        ids = [r[0] for r in conn.execute(select(schema.feed_entries.c.story_id))]
    assert len(set(ids)) == 60
    store.close()


def test_sigterm_stops_cleanly(server, tmp_path):
    publish(server, 0, 40, delay=0.02)
    db = f"sqlite:///{tmp_path / 't.db'}"
    store = Store(db)
    store.add_feed(server.url("/f0.xml"))
    proc = subprocess.Popen(
        _parley("watch", "--db", db, "--allow-private", "--host-interval", "0"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while store.count("stories") == 0 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(60) == 0, proc.stderr.read().decode()
    finally:
        if proc.poll() is None:
            proc.kill()
    assert "stopping" in proc.stderr.read().decode()
    assert store.count("stories") == entries(store, "stored") > 0
    store.close()


def test_feeds_commands(tmp_path, server):
    from typer.testing import CliRunner

    from parley.cli import app

    db = f"sqlite:///{tmp_path / 'c.db'}"
    cli = CliRunner()
    r = cli.invoke(
        app, ["feeds", "add", server.url("/f0.xml"), "--db", db, "--name", "Wire", "--every", "1h"]
    )
    assert r.exit_code == 0, r.output
    assert cli.invoke(app, ["feeds", "add", "ftp://x/feed", "--db", db]).exit_code == 2
    assert (
        cli.invoke(app, ["feeds", "add", server.url("/f1.xml"), "--db", db, "--every", "5s"]).exit_code == 2
    )
    assert (
        cli.invoke(app, ["feeds", "add", server.url("/f1.xml"), "--db", db, "--every", "often"]).exit_code
        == 2
    )
    publish(server, 0, 2)
    r = cli.invoke(app, ["watch", "--db", db, "--once"])  # the default refuses 127.0.0.1
    assert r.exit_code == 0
    (row,) = [
        json.loads(x) for x in cli.invoke(app, ["feeds", "list", "--db", db, "--json"]).stdout.splitlines()
    ]
    assert (row["name"], row["every_seconds"], row["last_status"]) == ("Wire", 3600, "failed")
    assert "loopback" in row["last_error"]
    r = cli.invoke(app, ["feeds", "list", "--db", db])
    assert "Wire" in r.stdout and "failed" in r.stdout
    assert cli.invoke(app, ["feeds", "remove", "1", "--db", db]).exit_code == 0
    assert cli.invoke(app, ["feeds", "remove", "1", "--db", db]).exit_code == 1
    assert Store(db).feeds() == []


def test_an_internal_error_on_one_feed_does_not_stop_the_round(server, store, pipeline):
    from parley.runner import run

    store.add_feed(publish(server, 0, 2), name="First")
    store.add_feed(publish(server, 1, 2), name="Second")
    calls = 0

    def extract_failing_once(stories):
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("disk on fire")
        return run(stories, pipeline=pipeline)

    with Watcher(store, policy=LOCAL, limits=FAST, extract=extract_failing_once) as w:
        s = w.round()
    assert (s.feeds, s.feeds_failed, s.new) == (2, 1, 2)
    first = next(f for f in store.feeds() if f.name == "First")
    assert first.last_status == "failed" and "disk on fire" in first.last_error
    assert entries(store) == 2  # nothing marked for the feed that failed: it is fetched again
