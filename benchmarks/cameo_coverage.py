"""How far the converted CAMEO verb patterns alone get on the dev sentences (a measurement only).

    .venv/bin/python benchmarks/cameo_coverage.py [--dev ../shared/eval/dev]

For each sentence of ``events_plv.jsonl`` and ``events_plover_gsr.jsonl`` with gold events, the
sentence's main verb is its root, or — when the root's best CAMEO reading is no PLOVER event
(a statement: "X said ...") — the verb of its clausal complement, followed down. For every gold
event it reports how often the main verb's best reading (``parley.cameo.best``) has the gold
type, how often any verb of the sentence has it, without and with light verbs
(``match_light_verb``, which wins ties and beats a verb-only reading). ``--appeal-as-request`` also scores
CAMEO 02 (appeals, dropped by the PLOVER manual) as REQUEST, to show what that choice would
change. No pattern or rule was written for these sentences: the gold stays in ../shared.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from parley import cameo  # noqa: E402
from parley import nlp as nlp_stage  # noqa: E402

FILES = ("events_plv.jsonl", "events_plover_gsr.jsonl")


def reading(tok, light: bool, appeal: bool):
    """(type, how, matched at all) of a verb's best reading; how: "alone" (the verb's block
    code), "pattern" (pattern words matched) or "light" (a light verb's noun)."""
    top = cameo.best(tok, light=light)
    if top is None:
        return None, None, False
    kind = top.type
    if kind is None and appeal and (top.code or "").startswith("02"):
        kind = "REQUEST"
    how = "light" if top.code is None else "pattern" if top.specificity else "alone"
    return kind, how, True


def main_verb(sent, light: bool, appeal: bool):
    tok = sent.root
    seen = set()
    while tok.i not in seen:
        seen.add(tok.i)
        kind, how, matched = reading(tok, light, appeal)
        if kind is not None:
            return kind, how, matched
        comps = [c for c in tok.children if c.dep_ in ("ccomp", "xcomp") and cameo.is_verb(c)]
        if not comps:
            return kind, how, matched
        tok = comps[0]
    return None, None, False


def gold_types(ev) -> set[str]:
    t = ev.get("event_type")
    return set(t) if isinstance(t, list) else {t}


def run(path: Path, nlp, light: bool, appeal: bool, parley_types: list[set[str]] | None = None) -> dict:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if r.get("gold", {}).get("events")]
    c: Counter[str] = Counter()
    t = time.perf_counter()
    docs = list(nlp.pipe(r["text"] for r in rows))
    c["parse_s"] = time.perf_counter() - t
    for n, (r, doc) in enumerate(zip(rows, docs, strict=True)):
        t = time.perf_counter()
        verbs = [t for t in doc if cameo.is_verb(t)]
        any_types = {reading(t, light, appeal)[0] for t in verbs}
        sent = max(doc.sents, key=len)
        kind, how, matched = main_verb(sent, light, appeal)
        c["match_s"] += time.perf_counter() - t
        for ev in r["gold"]["events"]:
            g = gold_types(ev)
            c["events"] += 1
            if parley_types is not None:
                has = bool(parley_types[n] & g)
                c["parley right"] += has
                c["either right"] += has or kind in g
                c["added"] += (not has) and kind in g
            c["main matched"] += matched
            c["main typed"] += kind is not None
            c["main right"] += kind in g
            if kind is not None:
                c[f"{how} typed"] += 1
                c[f"{how} right"] += kind in g
            c["any right"] += bool(any_types & g)
    return c


def parley_run(path: Path) -> list[set[str]]:
    """The event types Parley's whole pipeline reports for each gold sentence."""
    from parley.model import Story
    from parley.pipeline import Pipeline

    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if r.get("gold", {}).get("events")]
    stories = (Story(id=r["id"], text=r["text"], published=r.get("published")) for r in rows)
    return [{e.event_type for e in doc.events} for doc in Pipeline().pipe(stories)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dev", type=Path, default=ROOT.parent / "shared" / "eval" / "dev")
    ap.add_argument("--appeal-as-request", action="store_true")
    ap.add_argument("--with-parley", action="store_true", help="also compare with Parley's own events")
    args = ap.parse_args(argv)
    t = time.perf_counter()
    nlp = nlp_stage.load()
    model_s = time.perf_counter() - t
    t = time.perf_counter()
    lex = cameo.load_cameo_patterns()
    load_s = time.perf_counter() - t
    print(
        f"load_cameo_patterns: {load_s:.3f} s ({lex.n_patterns} patterns), spaCy model load {model_s:.3f} s, "
        f"ratio {load_s / model_s:.2f}"
    )
    for name in FILES:
        path = args.dev / name
        if not path.exists():
            print(f"{name}: missing")
            continue
        parley_types = parley_run(path) if args.with_parley else None
        for light in (False, True):
            c = run(path, nlp, light, args.appeal_as_request, parley_types)
            n = c["events"] or 1
            label = "cameo+light" if light else "cameo"
            print(
                f"{name:28s} {label:12s} gold events {c['events']:4d}  main verb matched "
                f"{c['main matched'] / n:.3f}  typed {c['main typed'] / n:.3f}  "
                f"type right {c['main right'] / n:.3f}  (any verb right {c['any right'] / n:.3f})  "
                f"matching/parse time {c['match_s'] / c['parse_s']:.3f}"
            )
            share = ", ".join(
                f"{how} {c[how + ' right'] / c[how + ' typed']:.2f} of {c[how + ' typed']}"
                for how in ("alone", "pattern", "light")
                if c[how + " typed"]
            )
            print(f"{'':41s} right when typed, by how the main verb was coded: {share}")
            if parley_types is not None:
                print(
                    f"{'':41s} Parley now: gold type among its events {c['parley right'] / n:.3f}; "
                    f"Parley or this main verb {c['either right'] / n:.3f} "
                    f"(+{c['added']} events only the patterns get)"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
