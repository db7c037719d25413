"""Benchmark: knowledge-base start-up and memory, with and without the converted dictionaries.

    python scripts/bench_kb.py [--runs N]

Each case runs in a fresh Python process (so nothing is cached in memory) and reports the time
to a ready knowledge base and the process's peak memory (RSS); ratios are against the built-in
files alone, measured in the same run:

- ``builtin``  Parley's own files as text (what the knowledge base was before the conversion)
- ``text``     with the converted PETRARCH-2 files, read as text every time
- ``cached``   with them, from the pickled cache (what ``default_kb()`` does after the first run)
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile

CASE = r"""
import json, os, resource, sys, time
import gc
t = time.perf_counter()
from parley import kb
case = sys.argv[1]
if case == "builtin":
    gc.disable(); k = kb.KB.load(phoenix=False); gc.enable()
elif case == "text":
    gc.disable(); k = kb.KB.load(); gc.enable()
else:
    k = kb.load_cached()
k.leader("Donald Trump")
print(json.dumps({"s": time.perf_counter() - t,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(case: str, cache: str) -> dict:
    env = {"PARLEY_CACHE": cache, "PATH": ""}
    out = subprocess.run(
        [sys.executable, "-c", CASE, case], capture_output=True, text=True, check=True, env=env
    )
    return json.loads(out.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as cache:
        run("cached", cache)  # build the cache once
        results = {c: [run(c, cache) for _ in range(args.runs)] for c in ("builtin", "text", "cached")}
    base = results["builtin"]
    t0 = statistics.median(r["s"] for r in base)
    m0 = statistics.median(r["rss_mb"] for r in base)
    for case, rs in results.items():
        t = statistics.median(r["s"] for r in rs)
        m = statistics.median(r["rss_mb"] for r in rs)
        print(f"{case:8s} start-up {t:6.2f} s ({t / t0:4.1f}x)   peak RSS {m:6.0f} MB ({m / m0:4.2f}x)")


if __name__ == "__main__":
    main()
