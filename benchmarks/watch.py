"""End-to-end watch throughput against `parley ingest` of the same stories from files.

    .venv/bin/python benchmarks/watch.py [--feeds 5] [--articles 40]

Serves ``feeds x articles`` short article pages (written for the tests, see
``tests/feed_server.py``) and their RSS feeds from a local HTTP server on 127.0.0.1, then:

1. ``ingest``: the same pages saved as ``.html`` files, stored by ``parley ingest``'s loader
   (trafilatura + extraction + store), and the same stories as JSONL (extraction + store);
2. ``watch``: one watcher round over the feeds (conditional GET, fetch, trafilatura,
   extraction, store), then a second round (every feed answers 304).

Prints stories per second for each and the ratio watch / ingest (1.0: fetching costs
nothing). One pipeline, loaded and warmed up before any timing, serves every run.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from tests.feed_server import FeedServer, Page, article_html, article_text, rss  # noqa: E402

from parley.feeds import AddressPolicy, Limits, Watcher  # noqa: E402
from parley.feeds.article import html_to_story  # noqa: E402
from parley.pipeline import Pipeline  # noqa: E402
from parley.store import Store  # noqa: E402
from parley.store.loader import ingest  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--feeds", type=int, default=5)
    ap.add_argument("--articles", type=int, default=40, help="articles per feed")
    ap.add_argument("--repeat", type=int, default=2, help="alternate the runs this often; best of each")
    args = ap.parse_args()
    n = args.feeds * args.articles

    server = FeedServer().start()
    pages: dict[str, bytes] = {}
    for f in range(args.feeds):
        items = []
        for i in range(args.articles):
            title, paras = article_text(f, i)
            path = f"/f{f}/a{i}.html"
            pages[path] = article_html(title, paras)
            server.routes[path] = Page(pages[path])
            items.append((f"urn:f{f}:{i}", server.url(path), title))
        server.routes[f"/f{f}.xml"] = Page(rss(items), "application/rss+xml")

    pipe = Pipeline()
    list(
        pipe.pipe(
            [
                html_to_story(
                    pages["/f0/a0.html"],
                    server.url("/x"),
                    feed_title=None,
                    feed_published=None,
                    source="warm",
                )
            ]
        )
    )

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        html_dir = tmp / "html"
        html_dir.mkdir()
        jsonl = tmp / "stories.jsonl"
        with jsonl.open("w", encoding="utf-8") as out:
            for path, body in pages.items():
                name = path.strip("/").replace("/", "-")
                (html_dir / name).write_bytes(body)
                s = html_to_story(
                    body, server.url(path), feed_title=None, feed_published=None, source="bench"
                )
                out.write(
                    json.dumps({"id": s.id, "text": s.text, "published": s.published, "title": s.title})
                    + "\n"
                )

        rates: dict[str, float] = {}
        for rep in range(args.repeat):  # alternated, so a busy moment of the machine hits both
            for label, path in (("ingest .html files", html_dir), ("ingest .jsonl", jsonl)):
                store = Store(f"sqlite:///{tmp / f'ingest-{path.name}-{rep}.db'}")
                t0 = time.perf_counter()
                summary = ingest(store, [str(path)], pipeline=pipe)
                rates[label] = max(rates.get(label, 0.0), summary.new / (time.perf_counter() - t0))
                assert summary.new == n, summary
                store.close()

            store = Store(f"sqlite:///{tmp / f'watch{rep}.db'}")
            for f in range(args.feeds):
                store.add_feed(server.url(f"/f{f}.xml"))
            limits = Limits(host_interval=0.0, host_concurrency=4)
            with Watcher(
                store, policy=AddressPolicy(allow=["127.0.0.1/32"]), limits=limits, pipeline=pipe
            ) as w:
                t0 = time.perf_counter()
                first = w.round()
                rates["watch (one round)"] = max(
                    rates.get("watch (one round)", 0.0), n / (time.perf_counter() - t0)
                )
                t0 = time.perf_counter()
                second = w.round(all_feeds=True)
                again_s = time.perf_counter() - t0
            store.close()
            assert first.new == n and second.not_modified == args.feeds, (first, second)
    server.stop()
    watch_rate = rates.pop("watch (one round)")
    print(
        f"{n} stories ({args.feeds} feeds x {args.articles} articles), SQLite, 1 process, best of {args.repeat}"
    )
    for label, rate in rates.items():
        print(f"  {label:<22} {rate:7.1f} stories/s")
    print(f"  {'watch (one round)':<22} {watch_rate:7.1f} stories/s")
    print(f"  second round: {second.not_modified} feeds not modified, {second.new} new, {again_s:.2f} s")
    print(f"ratio watch / ingest .html: {watch_rate / rates['ingest .html files']:.2f}")
    print(f"ratio watch / ingest .jsonl: {watch_rate / rates['ingest .jsonl']:.2f}")


if __name__ == "__main__":
    main()
