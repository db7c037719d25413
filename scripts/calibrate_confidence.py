"""Calibrate event confidence on the dev sets: observed precision per score band.

    python scripts/calibrate_confidence.py [--write] [--shared ../shared]

Runs Parley with raw scores (``PARLEY_RAW_CONFIDENCE=1``) over the event dev sets beside the
project (PLOVER GSR, PLV, CASE 2021, Voice of America), marks each predicted event right when
its type matches a gold event of its document (one to one, as ``score.py`` matches types; for
CASE, when the snippet's gold types include it), and prints the reliability table: the
events and the observed precision in each band of raw score. The table is made monotone
(pool adjacent violators) and, with ``--write``, stored as ``calibration`` in
``src/parley/data/event_cues.yaml``, which maps raw scores to confidences from then on.
The gold sets are never copied into the project: only the table of numbers is kept.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
CUES = ROOT / "src" / "parley" / "data" / "event_cues.yaml"
SETS = ("events_plover_gsr.jsonl", "events_plv.jsonl", "events_case2021.jsonl", "articles_voa.jsonl")
BANDS = (0.0, 0.45, 0.55, 0.62, 0.68, 0.74, 0.8, 0.86, 0.92, 1.01)


def as_list(x):
    return x if isinstance(x, list) else ([] if x is None else [x])


def judged(pipeline, gold_docs: list[dict]) -> list[tuple[float, bool]]:
    out = []
    for g in gold_docs:
        doc = pipeline.extract(g["text"], published=g.get("published"), id=g["id"])
        gold = g["gold"]
        if "event_type_any" in gold:
            ok = set(gold["event_type_any"])
            out += [(e.confidence, e.event_type in ok) for e in doc.events]
            continue
        golds = [as_list(x["event_type"]) for x in gold.get("events", []) if not x.get("optional")]
        optional = [as_list(x["event_type"]) for x in gold.get("events", []) if x.get("optional")]
        used: set[int] = set()
        for e in doc.events:
            hit = next((i for i, t in enumerate(golds) if i not in used and e.event_type in t), None)
            if hit is not None:
                used.add(hit)
                out.append((e.confidence, True))
            elif not any(e.event_type in t for t in optional):
                out.append((e.confidence, False))
    return out


def table(scores: list[tuple[float, bool]]) -> list[tuple[float, float, int, float]]:
    """(low, high, n, precision) per band, with empty bands left out."""
    rows = []
    for lo, hi in zip(BANDS, BANDS[1:], strict=False):
        xs = [ok for s, ok in scores if lo <= s < hi]
        if xs:
            rows.append((lo, hi, len(xs), sum(xs) / len(xs)))
    return rows


def monotone(rows):
    """Pool adjacent violators: precision that never falls as the score rises."""
    blocks = [[n, p * n, [i]] for i, (_, _, n, p) in enumerate(rows)]
    i = 0
    while i < len(blocks) - 1:
        if blocks[i][1] / blocks[i][0] > blocks[i + 1][1] / blocks[i + 1][0]:
            a, b = blocks[i], blocks.pop(i + 1)
            a[0] += b[0]
            a[1] += b[1]
            a[2] += b[2]
            i = max(i - 1, 0)
        else:
            i += 1
    out = [0.0] * len(rows)
    for n, tp, idx in blocks:
        for j in idx:
            out[j] = tp / n
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--write", action="store_true", help="store the table in event_cues.yaml")
    args = ap.parse_args(argv)
    os.environ["PARLEY_RAW_CONFIDENCE"] = "1"
    from parley.pipeline import Pipeline

    pipeline = Pipeline()
    scores: list[tuple[float, bool]] = []
    for name in SETS:
        path = args.shared / "eval" / "dev" / name
        docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        s = judged(pipeline, docs)
        print(f"{name}: {len(s)} events, precision {sum(ok for _, ok in s) / max(1, len(s)):.3f}")
        scores += s
    rows = table(scores)
    fitted = monotone(rows)
    print("\n| raw score | events | observed precision | confidence given |")
    print("|---|---|---|---|")
    for (lo, hi, n, p), f in zip(rows, fitted, strict=True):
        print(f"| {lo:.2f}–{min(hi, 1.0):.2f} | {n} | {p:.2f} | {f:.2f} |")
    if args.write:
        points = [
            [round((lo + min(hi, 1.0)) / 2, 3), round(f, 3)]
            for (lo, hi, _, _), f in zip(rows, fitted, strict=True)
        ]
        text = CUES.read_text(encoding="utf-8")
        block = (
            "calibration:  # [raw score, confidence]: scripts/calibrate_confidence.py --write\n"
            + "".join(f"  - [{x}, {y}]\n" for x, y in points)
        )
        text = re.sub(r"\ncalibration:.*?(?=\n\S|\Z)", "", text, flags=re.S).rstrip("\n") + "\n\n" + block
        CUES.write_text(text, encoding="utf-8")
        print(f"\nwrote {len(points)} points to {CUES.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
