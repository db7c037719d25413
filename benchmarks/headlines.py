"""What a headline adds to a story's events: each story extracted without its headline, with
it (title + blank line + text, and the title field), and with it but with the events stage
blind to it (no headline repeats dropped, no headline infinitive read as future).

    .venv/bin/python benchmarks/headlines.py [STORIES.jsonl] [--list]

STORIES: JSONL with ``title`` and ``text`` apart (default: the 69 VOA stories of
../shared/eval/corpus). Prints how many headline events the pass drops as the lead's repeats
and how many it keeps, and how the body's events differ from those of the story without its
headline (the ideal: a headline adds only events the body does not report). ``--list`` prints
each headline event and each body event that differs. Asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
CORPUS = ROOT.parent / "shared" / "eval" / "corpus" / "voa_stories.jsonl"


def _key(doc, ev, shift: int) -> tuple:
    def codes(ids):
        return tuple(sorted(doc.actor(a).code or doc.actor(a).name for a in ids))

    return (ev.event_type, ev.trigger.start - shift, codes(ev.actor), codes(ev.recipient))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("stories", nargs="?", default=str(CORPUS))
    ap.add_argument("--list", action="store_true", help="print the events, not only the counts")
    args = ap.parse_args()

    from parley.events import stage
    from parley.model import Story
    from parley.pipeline import Pipeline

    lines = Path(args.stories).read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    rows = [r for r in rows if r.get("title") and r.get("text")]
    p = Pipeline()
    plain = list(p.pipe(Story(id=r["id"], text=r["text"], published=r.get("published")) for r in rows))

    def titled():
        for r in rows:
            text = r["title"] + "\n\n" + r["text"]
            yield Story(id=r["id"], text=text, published=r.get("published"), title=r["title"])

    removed = [0]
    repeats = stage.headline_repeats

    def counted(events, *rest):
        out = repeats(events, *rest)
        removed[0] += len(events) - len(out)
        return out

    stage.headline_repeats = counted
    try:
        with_pass = list(p.pipe(titled()))
    finally:
        stage.headline_repeats = repeats
    real = stage.headline_end
    stage.headline_end = lambda text, title=None: 0  # the events stage sees no headline
    try:
        without_pass = list(p.pipe(titled()))
    finally:
        stage.headline_end = real

    n = {"before": 0, "kept": 0, "dropped": 0, "body+": 0, "body-": 0, "plain": 0, "titled": 0}
    for r, d0, d1, d2 in zip(rows, plain, with_pass, without_pass, strict=True):
        shift = len(r["title"]) + 2
        head_before = [e for e in d2.events if e.trigger.start < shift]
        head_kept = [e for e in d1.events if e.trigger.start < shift]
        kept_keys = {_key(d1, e, 0) for e in head_kept}
        dropped = [e for e in head_before if _key(d2, e, 0) not in kept_keys]
        body = sorted(_key(d1, e, shift) for e in d1.events if e.trigger.start >= shift)
        ref = sorted(_key(d0, e, 0) for e in d0.events)
        more = [k for k in body if k not in ref]
        fewer = [k for k in ref if k not in body]
        n["before"] += len(head_before)
        n["kept"] += len(head_kept)
        n["dropped"] += len(dropped)
        n["body+"] += len(more)
        n["body-"] += len(fewer)
        n["plain"] += len(d0.events)
        n["titled"] += len(d1.events)
        if args.list and (head_before or head_kept or more or fewer):
            print(f"== {r['id']}  {r['title']}")
            for e in head_kept:
                print("   headline kept", _key(d1, e, 0))
            for e in dropped:
                print("   headline, only without headline handling", _key(d2, e, 0))
            for k in more:
                print("   body, with headline only   ", k)
            for k in fewer:
                print("   body, without headline only", k)
    print(f"{len(rows)} stories")
    print(f"events: without headline {n['plain']}, with headline {n['titled']}")
    print(
        f"headline events: {n['before']} without headline handling, {n['kept']} with it; "
        f"the headline pass dropped {removed[0]} as the lead's repeats; "
        f"{n['dropped']} headline events of the run without are not in the run with it"
    )
    print(
        f"body events that differ from the story without its headline: {n['body+']} only with it, "
        f"{n['body-']} only without it (the parse and the actors see the headline too)"
    )


if __name__ == "__main__":
    main()
