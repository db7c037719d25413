"""Score the quotes stage against the shared gold sets (scratch tool, not shipped).

    .venv/bin/python benchmarks/score_quotes.py [--errors FILE]

Parses each gold story once (cached in /tmp as a DocBin), runs the actor stub and the
quotes stage, writes predictions and runs the shared scorer on them.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from spacy.tokens import DocBin

from parley import actors, nlp, quotes
from parley.model import Document

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
GOLD = [
    SHARED / "examples/seed/gold.jsonl",
    SHARED / "eval/dev/quotes_polnear.jsonl",
    SHARED / "eval/dev/articles_voa.jsonl",
]


def parsed(model, path: Path, docs: list[dict]):
    cache = Path(f"/tmp/parley-quotes-{path.stem}.docbin")
    if cache.exists() and cache.stat().st_mtime > path.stat().st_mtime:
        return list(DocBin().from_disk(cache).get_docs(model.vocab))
    out = list(nlp.parse(model, (d["text"] for d in docs)))
    DocBin(store_user_data=True, docs=out).to_disk(cache)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--errors", help="write missed and spurious quotes here")
    a = ap.parse_args()
    model = nlp.load()
    err = open(a.errors, "w") if a.errors else None  # noqa: SIM115
    for path in GOLD:
        docs = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
        docs = [d for d in docs if "quotes" in d.get("gold", {})]
        pred = f"/tmp/parley-quotes-pred-{path.stem}.jsonl"
        with open(pred, "w") as fh:
            for d, doc in zip(docs, parsed(model, path, docs), strict=True):
                index = actors.find_actors(doc, None)
                qs = quotes.find_quotes(doc, index)
                out = Document(id=d["id"], text=d["text"], quotes=qs, actors=index.export())
                fh.write(json.dumps(out.to_dict()) + "\n")
                if err:
                    report(err, d, qs)
        subprocess.run([sys.executable, str(SHARED / "eval/score.py"), "score", "--pred", pred, str(path)])
    return 0


def report(fh, d, qs):
    text = d["text"]
    golds = d["gold"]["quotes"]

    def ov(a, b):
        o = max(0, min(a["end"], b.end) - max(a["start"], b.start))
        return o >= 0.5 * (a["end"] - a["start"]) and o >= 0.5 * (b.end - b.start)

    used = set()
    for g in golds:
        m = next((q for q in qs if q.id not in used and ov(g, q)), None)
        ctx = text[max(0, g["start"] - 100) : g["end"] + 60].replace("\n", " / ")
        if m is None:
            fh.write(f"MISS {d['id']}\n   {ctx}\n   GOLD {g['text'][:80]!r} SRC {g['source']['text']!r}\n")
            continue
        used.add(m.id)
        sm = m.speaker_mention
        gs = g["source"]
        if not (sm and min(sm.end, gs["end"]) > max(sm.start, gs["start"])):
            fh.write(
                f"SPKR {d['id']}\n   {ctx}\n   GOLD SRC {gs['text']!r}  PRED {sm.text if sm else None!r}"
                f" cue {m.cue.text if m.cue else None!r}\n"
            )
    for q in qs:
        if q.id not in used:
            ctx = text[max(0, q.start - 100) : q.end + 60].replace("\n", " / ")
            sm = q.speaker_mention.text if q.speaker_mention else None
            fh.write(f"FP   {d['id']}\n   {ctx}\n   PRED {q.text[:80]!r} SPK {sm!r}\n")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
