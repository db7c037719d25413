"""Train Parley's event-type model from the project's own sentences (``make model``).

    python scripts/train_type_model.py [--data training/events] [--out PATH] [--check]

Reads every ``*.jsonl`` under ``--data`` (one sentence a line: ``text`` and ``events``, each
event with its ``trigger`` word and PLOVER ``type``; see training/events/README.md), parses
the sentences with the default spaCy model, and makes one example per candidate token: the
labelled trigger gets its type, and every candidate (verbs, nouns that are a trigger somewhere
in the data, tokens a rule matches) of a sentence with no event gets NONE, as do the words a
sentence lists under ``none`` (candidates beside its trigger that are no event). A multinomial logistic regression (scikit-learn, lbfgs,
deterministic) is fitted and written as ``src/parley/data/models/event_types.npz``.

``--check`` first holds out a seeded fifth of the sentences and prints the held-out accuracy
per class, so a change to the data or the features can be judged before it ships.
Only sentences the project wrote are used: never a sentence from an evaluation set.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from parley import actors as actors_stage  # noqa: E402
from parley import cameo  # noqa: E402
from parley import nlp as nlp_stage  # noqa: E402
from parley.events.triggers import Matcher, dictionary_codes  # noqa: E402
from parley.events.type_model import MODEL_PATH, NONE, TypeModel, features, is_candidate  # noqa: E402
from parley.kb import default_kb  # noqa: E402
from parley.lexicon import load_lexicon  # noqa: E402

SEED = 13


def read(data: Path) -> list[dict]:
    rows = []
    for path in sorted(data.glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                row = json.loads(line)
                row["_where"] = f"{path.name}:{n}"
                rows.append(row)
    return rows


def trigger_token(doc, text: str, word: str):
    start = text.find(word)
    if start < 0:
        return None
    span = doc.char_span(start, start + len(word), alignment_mode="expand")
    return span.root if span is not None else None


def examples(rows: list[dict], nlp) -> tuple[list[list[str]], list[str], list[int], set[str]]:
    """Feature lists, labels and the sentence number of each example, and the noun triggers.

    The candidates are the tokens the event stage shows the model: those a rule matched and
    those ``is_candidate`` admits."""
    docs = list(nlp.pipe((r["text"] for r in rows), batch_size=64))
    labelled = []
    nouns: set[str] = set()
    for row, doc in zip(rows, docs, strict=True):
        gold = {}
        for ev in row.get("events") or []:
            tok = trigger_token(doc, row["text"], ev["trigger"])
            if tok is None:
                print(f"skipped: trigger {ev['trigger']!r} not found ({row['_where']})", file=sys.stderr)
                continue
            gold[tok.i] = ev["type"]
            if tok.pos_ in ("NOUN", "PROPN"):
                nouns.add(tok.lemma_.lower())
        # words the sentence marks as no event ("lifted the SANCTIONS": the theme of another
        # event), so the model also learns NONE for candidates beside a labelled trigger
        nones = set()
        for word in row.get("none") or []:
            tok = trigger_token(doc, row["text"], word)
            if tok is None:
                print(f"skipped: none-word {word!r} not found ({row['_where']})", file=sys.stderr)
            elif tok.i not in gold:
                nones.add(tok.i)
        labelled.append((doc, gold, nones))
    X, y, sent = [], [], []
    lex, kb = load_lexicon(), default_kb()
    for n, (doc, gold, nones) in enumerate(labelled):
        # the rules' reading of each token, as the event stage gives it to the model
        matcher = Matcher(lex, actors_stage.find_actors(doc, None, kb=kb))
        for tok in doc:
            cand = matcher.match(tok)
            cm = cameo.best(tok) if tok.pos_ in ("VERB", "AUX") else None
            # NONE is learned from sentences with no event only: in a sentence with one, the
            # other words of the same happening ("..., killing two", "the protesters") are
            # not labelled, and calling them no event would teach the model to veto them
            if gold and tok.i not in gold and tok.i not in nones:
                continue
            if dictionary_codes(matcher, cand, cm):
                rule_type = cm.type  # the stage codes such a token from the dictionary
            else:
                rule_type = cand.rule.type if cand is not None else None
            if tok.i in gold or tok.i in nones or rule_type is not None or is_candidate(tok, nouns):
                X.append(features(tok, rule_type, cm))
                y.append(gold.get(tok.i, NONE))
                sent.append(n)
    return X, y, sent, nouns


def fit(X: list[list[str]], y: list[str], min_count: int, c: float):
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    counts = Counter(f for fs in X for f in set(fs))
    names = sorted(f for f, k in counts.items() if k >= min_count or f == "bias")
    index = {f: i for i, f in enumerate(names)}
    rows, cols = [], []
    for r, fs in enumerate(X):
        for f in set(fs):
            if f in index:
                rows.append(r)
                cols.append(index[f])
    m = csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(X), len(names)))
    clf = LogisticRegression(C=c, max_iter=3000, random_state=SEED)
    clf.fit(m, y)
    return names, clf


def to_model(names, clf, nouns: set[str]) -> TypeModel:
    return TypeModel(names, clf.coef_.T.copy(), clf.intercept_.copy(), list(clf.classes_), sorted(nouns))


def check(X, y, sent, nouns, min_count: int, c: float) -> None:
    n_sent = max(sent) + 1
    rng = random.Random(SEED)
    held = set(rng.sample(range(n_sent), n_sent // 5))
    tr = [i for i, s in enumerate(sent) if s not in held]
    te = [i for i, s in enumerate(sent) if s in held]
    names, clf = fit([X[i] for i in tr], [y[i] for i in tr], min_count, c)
    model = to_model(names, clf, nouns)
    right = Counter()
    total = Counter()
    for i in te:
        p = model.scores(X[i])
        guess = model.classes[int(np.argmax(p))]
        total[y[i]] += 1
        right[y[i]] += guess == y[i]
    events = [i for i in te if y[i] != NONE]
    print(f"held-out sentences {len(held)}, candidates {len(te)}, events {len(events)}")
    print(
        f"accuracy on event triggers {sum(right[t] for t in total if t != NONE) / max(1, len(events)):.3f}, "
        f"on non-events {right[NONE] / max(1, total[NONE]):.3f}"
    )
    for t in sorted(total):
        print(f"  {t:10s} {right[t]:4d}/{total[t]:<4d} {right[t] / total[t]:.2f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT / "training" / "events")
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--check", action="store_true", help="report held-out accuracy first")
    ap.add_argument("--min-count", type=int, default=2, help="drop features seen fewer times")
    ap.add_argument("-C", type=float, default=4.0, help="inverse regularisation strength")
    ap.add_argument("--model", default=None, help="spaCy model (default: Parley's)")
    args = ap.parse_args(argv)
    rows = read(args.data)
    if not rows:
        print(f"no training sentences under {args.data}", file=sys.stderr)
        return 2
    nlp = nlp_stage.load(args.model)
    X, y, sent, nouns = examples(rows, nlp)
    print(f"{len(rows)} sentences, {len(X)} candidates, {sum(t != NONE for t in y)} events")
    if args.check:
        check(X, y, sent, nouns, args.min_count, args.C)
    names, clf = fit(X, y, args.min_count, args.C)
    model = to_model(names, clf, nouns)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    model.save(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB, {len(names)} features)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
