"""Event clusters on a labelled set: B-cubed precision/recall, order independence, cost.

    .venv/bin/python benchmarks/clusters.py [--events 100000] [--thresholds 0.3,0.4,...]

The set (``tests/data/clusters.jsonl``, written for Parley) holds short stories in the
styles of several outlets; each names its happenings (``h``) by event type, and by words of
the sentence (``in``) where a story holds two of one type. The stories go through the real
pipeline once; their documents are then stored with each threshold, and each extracted event
whose type and sentence match a labelled happening is scored (B-cubed over those events;
events the extractor found that match no label are counted, not scored). Then the clusters
at the default threshold are compared under three ingest orders, and last the cost of
clustering per 10,000 events is timed on generated corpora (``benchmarks/dedup.py``).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
DATA = ROOT / "tests" / "data" / "clusters.jsonl"


def load_set(path: Path = DATA) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def label_of(event, labels: list[dict]) -> str | None:
    for h in labels:
        if h["type"] == event.event_type and h.get("in", "") in event.sentence.text:
            return h["h"]
    return None


def bcubed(gold: dict[str, str], pred: dict[str, int]) -> tuple[float, float]:
    """B-cubed precision and recall over the items of ``gold`` (item -> happening) given
    ``pred`` (item -> cluster)."""
    items = list(gold)
    p = r = 0.0
    for i in items:
        same_pred = {j for j in items if pred[j] == pred[i]}
        same_gold = {j for j in items if gold[j] == gold[i]}
        both = len(same_pred & same_gold)
        p += both / len(same_pred)
        r += both / len(same_gold)
    return p / len(items), r / len(items)


def store_clusters(docs, threshold: float | None = None, order=None) -> dict[str, int]:
    from parley.store import DedupConfig, Store

    cfg = DedupConfig() if threshold is None else DedupConfig(coref_threshold=threshold)
    tmp = Path(tempfile.mkdtemp())
    store = Store(f"sqlite:///{tmp / 'c.db'}", dedup=cfg)
    docs = list(docs if order is None else [docs[i] for i in order])
    for i in range(0, len(docs), 7):  # several batches: later reports correct earlier clusters
        store.add_documents(docs[i : i + 7])
    out = {e: c.cluster_id for c in store.clusters() for e in c.events}
    store.close()
    return out


def partition(assign: dict[str, int]) -> set[frozenset[str]]:
    groups: dict[int, set[str]] = {}
    for e, c in assign.items():
        groups.setdefault(c, set()).add(e)
    return {frozenset(g) for g in groups.values()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000, help="largest generated corpus (0: skip)")
    ap.add_argument("--thresholds", default="0.30,0.35,0.40,0.45,0.50,0.55,0.60,0.70")
    args = ap.parse_args()

    from parley import Pipeline, Story
    from parley.store.coref import CorefConfig

    rows = load_set()
    pipeline = Pipeline()
    docs = list(pipeline.pipe(Story.from_dict(r) for r in rows))
    gold: dict[str, str] = {}
    unlabelled = 0
    for r, d in zip(rows, docs, strict=True):
        for e in d.events:
            h = label_of(e, r["happenings"])
            if h is None:
                unlabelled += 1
            else:
                gold[f"{d.id}/{e.id}"] = h
    found = set(gold.values())
    wanted = {h["h"] for r in rows for h in r["happenings"]}
    print(
        f"{len(rows)} stories, {len(wanted)} labelled happenings, {len(docs[0:0]) + sum(len(d.events) for d in docs)} events"
    )
    print(
        f"scored events: {len(gold)} (happenings found: {len(found)}/{len(wanted)}); unlabelled events: {unlabelled}"
    )
    print(f"\n{'threshold':>9} {'B3 precision':>13} {'B3 recall':>10} {'F1':>6}")
    for t in [float(x) for x in args.thresholds.split(",")]:
        pred = store_clusters(docs, t)
        p, r = bcubed(gold, {e: pred[e] for e in gold})
        mark = "  <- default" if abs(t - CorefConfig.threshold) < 1e-9 else ""
        print(f"{t:>9.2f} {p:>13.3f} {r:>10.3f} {2 * p * r / (p + r):>6.3f}{mark}")

    orders = [list(range(len(docs)))]
    for seed in (1, 2):
        o = list(range(len(docs)))
        random.Random(seed).shuffle(o)
        orders.append(o)
    parts = [partition(store_clusters(docs, order=o)) for o in orders]
    same = all(p == parts[0] for p in parts[1:])
    print(
        f"\nclusters under 3 ingest orders: {'identical' if same else 'DIFFERENT'} ({len(parts[0])} clusters)"
    )

    if args.events:
        print(
            f"\ncost of dedup and clustering per 10,000 events (benchmarks/dedup.py --events {args.events}):"
        )
        subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "dedup.py"), "--events", str(args.events)], check=True
        )


if __name__ == "__main__":
    main()
