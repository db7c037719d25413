"""100,000 generated stories through ``parley ingest``'s store path with flat memory.

    .venv/bin/python benchmarks/memory.py [--stories 100000] [--db URL]

The extraction step is a CHEAP FAKE here (documents built from the generated story's
own parts: two actors with codes, one event, one quote) so that the run measures the
reader, the ingest loop and the store (KB, near-dup signatures, clusters), not spaCy. Peak
RSS is printed every 10,000 stories and at the end; flat memory means it stops growing.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

CODES = [
    "UKR",
    "RUS",
    "POL",
    "JPN",
    "BRA",
    "KEN",
    "EGY",
    "CAN",
    "IND",
    "MEX",
    "TUR",
    "DEU",
    "FRA",
    "CHN",
    "USA",
]
TYPES = ["CONSULT", "ACCUSE", "AGREE", "THREATEN", "AID", "SANCTION", "ASSAULT", "REQUEST"]


def gen_stories(n: int, seed: int = 11):
    """Short synthetic stories; every 10th is a syndicated copy of an earlier one."""
    rng = random.Random(seed)
    recent: list[dict] = []
    for i in range(n):
        if i % 10 == 9 and recent:
            src = rng.choice(recent)
            yield {**src, "id": f"m-{i:07d}", "text": "(Wire) " + src["text"]}
            continue
        a, b = rng.sample(CODES, 2)
        t = rng.choice(TYPES)
        day = f"202{rng.randint(3, 5)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        text = (
            f"Officials of {a} and {b} reported a {t.lower()} event on {day}, statement {i} said. "
            f"Minister Person{rng.randint(1, 5000)} of {a} spoke to reporters about item {rng.randint(1, 10**6)}. "
            f'"We will respond to {b}," the minister said after the {rng.randint(1, 99)}th meeting.'
        )
        s = {"id": f"m-{i:07d}", "published": day, "text": text, "meta": [a, b, t, day]}
        recent = (recent + [s])[-50:]
        yield s


def fake_extract(items):
    """Stand-in for the pipeline: builds the document from the story's own parts."""
    from parley.ingest import InputError
    from parley.model import Actor, Document, Event, Quote, TextSpan

    for it in items:
        if isinstance(it, InputError):
            yield it
            continue
        text = it.text
        words = text.split()
        a_code, b_code = words[2], words[4] if len(words) > 4 else words[2]
        t = words[7].upper() if len(words) > 7 else "CONSULT"
        day = words[10].rstrip(",") if len(words) > 10 else it.published
        minister = next((w for w in words if w.startswith("Person")), "Person0")
        i = text.index(minister)
        d = Document(id=it.id, text=text, published=it.published)
        d.actors = [
            Actor(id="A1", name=a_code, kind="state", code=a_code, mentions=[TextSpan(a_code, 13, 16)]),
            Actor(id="A2", name=b_code, kind="state", code=b_code, mentions=[TextSpan(b_code, 21, 24)]),
            Actor(id="A3", name=minister, kind="person", mentions=[TextSpan(minister, i, i + len(minister))]),
        ]
        q0 = text.find('"')
        d.events = [
            Event(
                id="E1",
                event_type=t if t in TYPES else "CONSULT",
                trigger=TextSpan("reported", 25, 33),
                sentence=TextSpan(text[:80], 0, 80),
                rule="fake",
                actor=["A1"],
                recipient=["A2"],
                date=day,
            )
        ]
        d.quotes = [Quote(id="Q1", text=text[q0 + 1 : q0 + 20], start=q0 + 1, end=q0 + 20, speaker="A3")]
        yield d


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", type=int, default=100_000)
    ap.add_argument("--db", default=None)
    args = ap.parse_args()

    from parley.store import Store
    from parley.store.loader import ingest

    tmp = Path(tempfile.mkdtemp())
    corpus = tmp / "corpus.jsonl"
    with corpus.open("w", encoding="utf-8") as fh:
        for s in gen_stories(args.stories):
            s.pop("meta", None)
            fh.write(json.dumps(s) + "\n")
    store = Store(args.db or f"sqlite:///{tmp / 'mem.db'}")
    print(f"start: peak RSS {rss_mb():.0f} MB")
    t0 = time.perf_counter()
    marks = {}

    def progress(s):
        k = s.read // 10_000
        if k and k not in marks:
            marks[k] = rss_mb()
            print(
                f"{s.read:>7} stories  {time.perf_counter() - t0:7.1f} s  peak RSS {marks[k]:.0f} MB",
                flush=True,
            )

    s = ingest(store, [str(corpus)], extract=fake_extract, batch_size=256, on_progress=progress)
    print(
        f"done: {s.new} stored, {s.near_dups} syndicated copies, {s.events} events, "
        f"{s.clusters_new} clusters in {s.seconds:.0f} s ({s.new / s.seconds:.0f} stories/s)"
    )
    print(f"peak RSS: {rss_mb():.0f} MB  (limit 1536 MB)")


if __name__ == "__main__":
    main()
