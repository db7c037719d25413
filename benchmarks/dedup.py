"""Dedup cost per 10,000 events as the corpus grows (10k, 50k, 100k events).

    .venv/bin/python benchmarks/dedup.py [--events 100000]

Adds generated documents (one event each, built directly: no extraction) and times the
dedup work alone (near-duplicate lookup and event clustering, including their SQL) for
each block of 10,000 events. Flat seconds per block means linear total cost.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from memory import fake_extract, gen_stories  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--db", default=None)
    args = ap.parse_args()

    from parley.ingest import InputStory
    from parley.store import Store, dedup

    spent = {"t": 0.0}

    def timed(fn):
        def wrapper(*a, **kw):
            t0 = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                spent["t"] += time.perf_counter() - t0

        return wrapper

    for name in ("near_dup_group", "assign_cluster", "refresh_clusters"):
        setattr(dedup, name, timed(getattr(dedup, name)))

    tmp = Path(tempfile.mkdtemp())
    store = Store(args.db or f"sqlite:///{tmp / 'dedup.db'}")
    block, batch = 10_000, []
    report = {10_000, 50_000, 100_000, args.events}
    n, last = 0, 0.0
    print(f"{'events':>8} {'dedup s / 10k events':>22} {'clusters':>9}")

    def stories():
        for s in gen_stories(args.events):
            yield InputStory(id=s["id"], text=s["text"], published=s.get("published"))

    for doc in fake_extract(stories()):
        batch.append(doc)
        if len(batch) == 500:
            store.add_documents(batch)
            n += len(batch)
            batch = []
            if n % block == 0:
                per_block = spent["t"] - last
                last = spent["t"]
                if n in report:
                    print(f"{n:>8} {per_block:>22.2f} {store.count('clusters'):>9}", flush=True)
    if batch:
        store.add_documents(batch)


if __name__ == "__main__":
    main()
