"""Extraction cost on adversarial shapes of text, against ordinary prose of the same length.

    .venv/bin/python benchmarks/adversarial.py [--kb 100] [--big-mb 5]

Each shape is a text of ``--kb`` kilobytes (text without spaces, only quote marks, only
brackets, long runs of symbols, ...) run through the whole pipeline; the table gives seconds
per 100 KB and the ratio to prose of the same length measured in the same run. The last row
is one line of ``--big-mb`` megabytes without spaces or newlines (per 100 KB as well). The
target is no shape slower than 3x prose: extraction is linear in a story's length whatever
its shape (see ``parley.nlp.make_doc``).
"""

from __future__ import annotations

import argparse
import random
import time

from parley.model import Story
from parley.pipeline import Pipeline

PROSE = (
    "The foreign ministers of Kenya and Tanzania met in Arusha on Monday to discuss trade and "
    'border security, officials said. "We expect progress within weeks," a Kenyan spokesman '
    "told reporters after the talks. The two governments agreed to reopen a crossing that was "
    "closed last year, and police said protesters had gathered outside the venue.\n\n"
)


def shapes(n: int) -> dict[str, str]:
    rnd = random.Random(13)
    letters = "abcdefghijklmnopqrstuvwxyz"
    symbols = "!#$%&*+-/<=>?@^_|~.,:;"
    return {
        "prose": (PROSE * (n // len(PROSE) + 1))[:n],
        "no spaces (letters)": "".join(rnd.choice(letters) for _ in range(n)),
        "no spaces (prose words)": (PROSE.replace(" ", "").replace("\n", "") * n)[:n],
        "only quote marks": ('"' * n),
        "mixed quote marks": "".join(rnd.choice("\"'\u201c\u201d\u2018\u2019") for _ in range(n)),
        "only brackets": "".join(rnd.choice("()[]{}<>") for _ in range(n)),
        "nested brackets": ("(" * (n // 2) + ")" * (n // 2)),
        "symbol runs": "".join(rnd.choice(symbols) for _ in range(n)),
        "quote marks with spaces": ('" ' * (n // 2)),
        "brackets with spaces": ("( ) " * (n // 4)),
        "one long sentence": (("word " * (n // 5))[:n]),
        "periods only": "." * n,
        "digits": "".join(rnd.choice("0123456789") for _ in range(n)),
    }


def seconds(pipeline: Pipeline, text: str) -> float:
    t0 = time.perf_counter()
    (doc,) = list(pipeline.pipe([Story(id="x", text=text, published="2025-03-04")]))
    assert doc.text == text
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kb", type=int, default=100, help="size of each shape, in KB")
    ap.add_argument("--big-mb", type=float, default=5.0, help="size of the one-line case, in MB (0: skip)")
    args = ap.parse_args()
    n = args.kb * 1000
    pipeline = Pipeline()
    pipeline.extract("The ministers met in Paris on Monday, officials said.", published="2025-01-01")
    texts = shapes(n)
    base = seconds(pipeline, texts["prose"]) / n * 100_000
    print(f"{'shape':28} {'s / 100 KB':>11} {'x prose':>8}")
    print(f"{'prose':28} {base:11.2f} {1.0:8.2f}")
    worst = 1.0
    for name, text in texts.items():
        if name == "prose":
            continue
        per = seconds(pipeline, text) / len(text) * 100_000
        worst = max(worst, per / base)
        print(f"{name:28} {per:11.2f} {per / base:8.2f}", flush=True)
    if args.big_mb:
        m = int(args.big_mb * 1_000_000)
        big = ('abc(def)"ghi"[jkl]' * (m // 18 + 1))[:m]
        per = seconds(pipeline, big) / m * 100_000
        worst = max(worst, per / base)
        print(f"{f'one {args.big_mb:g} MB line':28} {per:11.2f} {per / base:8.2f}")
    print(f"worst shape: {worst:.2f}x prose (target: at most 3x)")


if __name__ == "__main__":
    main()
