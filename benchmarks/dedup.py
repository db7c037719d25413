"""Dedup and clustering cost per 10,000 events as the corpus grows (10k, 20k, 50k, 100k events).

    .venv/bin/python benchmarks/dedup.py [--events 100000]

Adds generated documents (one event each, built directly: no extraction; 100 stories a day,
a corpus that grows in time, so the number of events on one day stays what a real feed has
while the corpus grows) and times the dedup work alone in CPU seconds of this process (the
machine is shared; wall time is noise): near-duplicate lookup, and event coreference (reading
the blocks near the new events' days, linking, regrouping, recounting, with their SQL), for
each block of 10,000 events. Flat seconds per block mean a flat cost per event. The first
block is the baseline; each block's ratio to it is printed.
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

    spent = {"t": 0.0, "near": 0.0}

    def timed(fn, part="t"):
        def wrapper(*a, **kw):
            t0 = time.process_time()  # CPU time: the machine is shared, wall time is noise
            try:
                return fn(*a, **kw)
            finally:
                dt = time.process_time() - t0
                spent["t"] += dt
                if part != "t":
                    spent[part] += dt

        return wrapper

    dedup.near_dup_group = timed(dedup.near_dup_group, "near")
    for name in ("add_events", "recluster", "refresh", "new_or_joined"):
        setattr(clusters, name, timed(getattr(clusters, name)))

    tmp = Path(tempfile.mkdtemp())
    store = Store(args.db or f"sqlite:///{tmp / 'dedup.db'}")
    block, batch = 10_000, []
    report = {10_000, 20_000, 50_000, 100_000, args.events}
    n, last, last_near, base = 0, 0.0, 0.0, None
    head = (
        f"{'events':>8} {'dedup s / 10k events':>22} {'vs first 10k':>13} {'near-dup s':>11} {'clusters':>9}"
    )
    print(head)

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
                per_block, near = spent["t"] - last, spent["near"] - last_near
                last, last_near = spent["t"], spent["near"]
                base = base or per_block
                if n in report:
                    ratio = per_block / base
                    print(
                        f"{n:>8} {per_block:>22.2f} {ratio:>12.2f}x {near:>11.2f} {store.count('clusters'):>9}",
                        flush=True,
                    )
    if batch:
        store.add_documents(batch)


if __name__ == "__main__":
    main()
