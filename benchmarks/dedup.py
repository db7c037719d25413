"""Dedup and clustering cost per 10,000 events as the corpus grows (10k, 50k, 100k events).

    .venv/bin/python benchmarks/dedup.py [--events 100000]

Adds generated documents (one event each, built directly: no extraction; 100 stories a day,
as a corpus that grows in time, so the number of events on one day stays what it is in a
real feed while the corpus grows) and times the
dedup work alone (near-duplicate lookup, and event coreference: candidate lookup, linking,
clustering the changed components and recounting, with their SQL) for each block of 10,000
events. Flat seconds per block means a flat cost per event, a linear total cost. The first
block's figure is the baseline; the ratio of each block to it is printed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from memory import fake_extract, gen_stories  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--db", default=None)
    ap.add_argument("--per-day", type=int, default=100, help="stories per day")
    args = ap.parse_args()

    from parley.ingest import InputStory
    from parley.store import Store, clusters, dedup

    spent = {"t": 0.0}

    def timed(fn):
        def wrapper(*a, **kw):
            t0 = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                spent["t"] += time.perf_counter() - t0

        return wrapper

    dedup.near_dup_group = timed(dedup.near_dup_group)
    for name in ("add_events", "recluster", "refresh"):
        setattr(clusters, name, timed(getattr(clusters, name)))

    tmp = Path(tempfile.mkdtemp())
    store = Store(args.db or f"sqlite:///{tmp / 'dedup.db'}")
    block, batch = 10_000, []
    report = {10_000, 50_000, 100_000, args.events}
    n, last, base = 0, 0.0, None
    print(f"{'events':>8} {'dedup s / 10k events':>22} {'vs first 10k':>13} {'clusters':>9}")

    def stories():
        start, moved = date(2020, 1, 1), {}
        for i, s in enumerate(gen_stories(args.events)):
            text = s["text"]
            if text.startswith("(Wire) "):  # a syndicated copy keeps its original's day
                text = "(Wire) " + moved.get(text[7:], text[7:])
                day = text.split()[11].rstrip(",")
            else:
                day = (start + timedelta(days=i // args.per_day)).isoformat()
                moved[text] = text.replace(s["published"], day)
                text = moved[text]
                moved = dict(list(moved.items())[-60:])
            yield InputStory(id=s["id"], text=text, published=day)

    for doc in fake_extract(stories()):
        batch.append(doc)
        if len(batch) == 500:
            store.add_documents(batch)
            n += len(batch)
            batch = []
            if n % block == 0:
                per_block = spent["t"] - last
                last = spent["t"]
                base = base or per_block
                if n in report:
                    ratio = per_block / base
                    print(
                        f"{n:>8} {per_block:>22.2f} {ratio:>12.2f}x {store.count('clusters'):>9}", flush=True
                    )
    if batch:
        store.add_documents(batch)


if __name__ == "__main__":
    main()
