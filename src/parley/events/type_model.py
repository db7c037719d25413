"""The learned event-type model: which PLOVER type (or none) a trigger word has in its clause.

A multinomial logistic regression over features of the dependency parse around one token:
its lemma, the words of its arguments (object, particle, prepositions, complement), the
kinds of its subject and object, the verb that governs it, its auxiliaries and negation.
It is trained by ``scripts/train_type_model.py`` on the project's own sentences
(``training/events/``) and shipped as one small ``.npz`` file: the feature names, the weight
matrix and the class names. Inference needs numpy only.

The rules stay in charge of what they know (``stage.py`` decides how the two are combined):
the model vetoes a rule's trigger it is sure is no event ("told reporters", "hit a record"),
retypes one it is sure about, and proposes triggers no rule has.
"""

from __future__ import annotations

import functools
import itertools
import os
from dataclasses import replace
from pathlib import Path

import numpy as np
from spacy.tokens import Token

from ..cameo import CameoMatch
from ..nlp import children_table
from .triggers import Candidate, TypeRules

NONE = "NONE"
MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "models" / "event_types.npz"

# Argument relations whose words characterise a trigger's sense ("impose SANCTIONS", "call
# OFF", "talks WITH").
_ARG_DEPS = ("dobj", "prt", "prep", "xcomp", "ccomp", "attr", "acomp", "dative", "agent", "oprd")
_MOD_DEPS = ("amod", "compound", "poss", "nmod")
_add, _subtract, _exp, _divide = np.add, np.subtract, np.exp, np.divide
_AUX_WORDS = {"will", "would", "could", "might", "may", "should", "must", "can", "shall"}


def _kind(tok: Token | None) -> str:
    """A coarse kind of a participant: its entity label, a pronoun, or its lemma's class."""
    if tok is None:
        return "none"
    if tok.ent_type_:
        return tok.ent_type_
    if tok.pos_ == "PRON":
        return "PRON"
    if tok.like_num:
        return "NUM"
    return "noun"


def is_candidate(tok: Token, noun_triggers: set[str] | frozenset[str]) -> bool:
    """Tokens the model reads: every verb, and nouns that name an event somewhere in training."""
    if tok.pos_ == "VERB":
        return True
    return tok.pos_ in ("NOUN", "PROPN") and tok.lemma_.lower() in noun_triggers


def features(tok: Token, rule_type: str | None = None, cameo: CameoMatch | None = None) -> list[str]:
    """Feature names for ``tok`` as a trigger candidate; ``rule_type`` is the type a trigger
    rule gives it (None when no rule matches) and ``cameo`` the best CAMEO dictionary reading,
    so the model learns when to trust each."""
    lem = tok.lemma_.lower()
    pos = "V" if tok.pos_ in ("VERB", "AUX") else ("N" if tok.pos_ in ("NOUN", "PROPN") else tok.pos_)
    r = rule_type or "none"
    f = [f"lem={lem}", f"pos={pos}", f"lp={lem}|{pos}", f"dep={tok.dep_}", f"tag={tok.tag_}"]
    f += [f"rule={r}", f"{lem}|rule={r}"]
    if cameo is not None:
        ct = cameo.type or "none"
        spec = "verb" if cameo.specificity == 0 else ("light" if cameo.noun is not None else "pattern")
        f += [f"cameo={ct}", f"cameo={ct}|{spec}", f"cameo={ct}|rule={r}"]
    if tok.lower_ != lem:
        f.append(f"word={tok.lower_}")
    kids = children_table(tok.doc)  # built once a story: every verb of it is read here
    for c in kids[tok.i]:
        d = c.dep_
        cl = c.lemma_.lower()
        if d in _ARG_DEPS:
            f.append(f"{d}={cl}")
            f.append(f"{lem}+{d}={cl}")
            if d == "prep":
                for p in kids[c.i]:
                    if p.dep_ == "pobj":
                        f.append(f"{lem}+{cl}>{p.lemma_.lower()}")
                        f.append(f"{cl}>kind={_kind(p)}")
            if d == "dobj":
                f.append(f"dobj_kind={_kind(c)}")
                for p in kids[c.i]:
                    if p.dep_ == "prep":
                        f.append(f"{lem}+dobj_prep={p.lower_}")
            if d == "xcomp":
                for x in kids[c.i]:
                    if x.dep_ == "dobj":
                        f.append(f"{lem}+xcomp_obj={x.lemma_.lower()}")
        elif d in _MOD_DEPS:
            f.append(f"mod={cl}")
            f.append(f"mod_kind={_kind(c)}")
        elif d in ("nsubj", "nsubjpass", "csubj"):
            f.append(f"{d}_kind={_kind(c)}")
            f.append(f"subj={cl}")
        elif d == "neg" or (d == "det" and c.lower_ == "no"):
            f.append("neg")
        elif d in ("aux", "auxpass") and c.lower_ in _AUX_WORDS:
            f.append(f"aux={c.lower_}")
        elif d == "mark":
            f.append(f"mark={c.lower_}")
    head = tok.head
    if head is not tok:
        hl = head.lemma_.lower()
        f.append(f"head={hl}")
        f.append(f"{lem}<{tok.dep_}<{hl}")
        if tok.dep_ == "pobj" and head.head is not head:
            f.append(f"{lem}<{head.lower_}<{head.head.lemma_.lower()}")
        f.append(f"head_dep={head.dep_}")
    else:
        f.append("root")
    # neighbouring words: "in protest", "on strike", "air strike"
    doc = tok.doc
    if tok.i > 0:
        w = doc[tok.i - 1].lower_
        f.append(f"w-1={w}")
        f.append(f"{lem}|w-1={w}")
    if tok.i + 1 < len(doc):
        w = doc[tok.i + 1].lower_
        f.append(f"w+1={w}")
        f.append(f"{lem}|w+1={w}")
    f.append("bias")
    return f


class TypeGuess:
    """The model's reading of one token: the most likely type (or NONE) and the probabilities.
    ``probs`` is built when asked: the stage reads two or three of them for each of a story's
    verbs, and a dict of every class for each would cost more than the reading."""

    __slots__ = ("best", "p_best", "p_none", "_p", "_at")

    def __init__(self, p: list[float], classes: list[str], at: dict[str, int]):
        # the first class with the highest probability, as ``max(probs, key=probs.get)``
        k = p.index(max(p))
        self.best, self.p_best = classes[k], p[k]
        self._p, self._at = p, at
        self.p_none = self.p(NONE)

    @property
    def probs(self) -> dict[str, float]:
        return {c: self._p[k] for c, k in self._at.items()}

    def p(self, event_type: str) -> float:
        k = self._at.get(event_type)
        return 0.0 if k is None else self._p[k]


class TypeModel:
    """Weights of the type model, with cached feature lookups."""

    def __init__(
        self,
        names: list[str],
        weights: np.ndarray,
        bias: np.ndarray,
        classes: list[str],
        noun_triggers: list[str] = (),
    ):
        self.index = {n: i for i, n in enumerate(names)}
        self.weights = weights.astype(np.float32)
        self._weights_and_zero = np.vstack([self.weights, np.zeros((1, self.weights.shape[1]), np.float32)])
        self.bias = bias.astype(np.float32)
        self.classes = list(classes)
        # a class's column; a class named twice keeps its last, as ``dict(zip(classes, p))`` did
        self.class_at = {c: k for k, c in enumerate(self.classes)}
        self.noun_triggers = frozenset(noun_triggers)

    @classmethod
    def load(cls, path: Path | str = MODEL_PATH) -> TypeModel:
        with np.load(path, allow_pickle=False) as z:
            return cls(
                [str(n) for n in z["names"]],
                z["weights"],
                z["bias"],
                [str(c) for c in z["classes"]],
                [str(n) for n in z["noun_triggers"]],
            )

    def save(self, path: Path | str) -> None:
        names = sorted(self.index, key=self.index.get)
        np.savez_compressed(
            path,
            names=np.array(names),
            weights=self.weights.astype(np.float16),
            bias=self.bias,
            classes=np.array(self.classes),
            noun_triggers=np.array(sorted(self.noun_triggers)),
        )

    def is_candidate(self, tok: Token) -> bool:
        return is_candidate(tok, self.noun_triggers)

    def scores(self, feats: list[str]) -> np.ndarray:
        """The class probabilities for one feature list (``scores_many`` of one)."""
        return np.asarray(self.scores_many([feats])[0], dtype=np.float32)

    def scores_many(self, feature_lists: list[list[str]]) -> list[list[float]]:
        """The class probabilities for each feature list, in one pass of numpy calls for them
        all: each call costs microseconds of overhead on arrays this small, and a sentence has
        several candidates. A row's floats do not depend on the others: its weights are summed
        one after another (``reduceat``), and the rest is element-wise or along its own row."""
        if not feature_lists:
            return []
        # a feature the model does not know reads the zero row: adding 0.0 leaves a sum as it
        # is, and the lookups stay in C, with no test for a missing feature in Python; an empty
        # list reads the zero row alone (``reduceat`` has no empty sum), so it scores the bias
        get, zero = self.index.get, len(self.weights)
        rows: list[int] = []
        starts: list[int] = []
        for feats in feature_lists:
            starts.append(len(rows))
            rows += map(get, feats, itertools.repeat(zero, len(feats))) if feats else (zero,)
        z = _add.reduceat(self._weights_and_zero.take(rows, axis=0), starts, axis=0)
        _add(z, self.bias, out=z)
        _subtract(z, z.max(axis=1, keepdims=True), out=z)
        _exp(z, out=z)
        _divide(z, _add.reduce(z, axis=1, keepdims=True), out=z)
        return z.tolist()

    def guess(self, tok: Token, rule_type: str | None = None, cameo: CameoMatch | None = None) -> TypeGuess:
        return self.guess_many([(tok, rule_type, cameo)])[0]

    def guess_many(self, asks: list[tuple[Token, str | None, CameoMatch | None]]) -> list[TypeGuess]:
        """``guess`` for each ``(token, rule_type, cameo)``, scored together (``scores_many``)."""
        return [self._guess(p) for p in self.scores_many([features(*a) for a in asks])]

    def _guess(self, p: list[float]) -> TypeGuess:
        if len(p) != len(self.classes):
            raise ValueError(f"{len(p)} scores for {len(self.classes)} classes")
        return TypeGuess(p, self.classes, self.class_at)


class Reranker:
    """How the model and the rules decide together, with thresholds from the lexicon's cues
    (``model`` in ``data/event_cues.yaml``): a rule's trigger is dropped when the model is
    sure it is no event, retyped when the model is sure of another type, and a token no rule
    matched becomes a trigger when the model is sure of its type."""

    def __init__(self, model: TypeModel, cues: dict, rules: TypeRules, mode: str = "on"):
        self.model = model
        conf = cues.get("model") or {}
        self.drop = float(conf.get("drop_none", 0.9))
        self.retype = float(conf.get("retype", 0.8))
        self.add = float(conf.get("add", 0.7))
        self.dictionary = float(conf.get("dictionary", 0.3))
        self.mode = mode  # "on": with the rules; "only": the model alone
        self.rules = rules  # the stage's: one rule a type for triggers no lexicon rule matched

    def review_all(
        self, found: list[tuple[Token, Candidate | None, CameoMatch | None]]
    ) -> list[Candidate | None]:
        """The candidate to keep for each ``(token, candidate, cameo)`` of a sentence: the
        candidate as it is, retyped, dropped, or a new one; the model's guesses for them all
        are scored in one go (``TypeModel.guess_many``)."""
        if self.mode == "only":
            found = [(tok, None, None) for tok, _, _ in found]
        asks = [
            (k, (tok, cand.rule.type if cand is not None else None, cm))
            for k, (tok, cand, cm) in enumerate(found)
            if cand is not None or self.model.is_candidate(tok)
        ]
        guesses: list[TypeGuess | None] = [None] * len(found)
        for (k, _), g in zip(asks, self.model.guess_many([a for _, a in asks]), strict=True):
            guesses[k] = g
        return [self._decide(tok, cand, g) for (tok, cand, _), g in zip(found, guesses, strict=True)]

    def _decide(self, tok: Token, cand: Candidate | None, g: TypeGuess | None) -> Candidate | None:
        if g is None:
            return None  # no rule's trigger, and no word the model reads
        if cand is not None:
            # a veto for verbs only: an event noun ("the protesters", "bombers") often names
            # a happening its sentence reports with another word, which training leaves unlabelled
            if g.p_none >= self.drop and tok.pos_ == "VERB":
                return None
            if g.best not in (NONE, cand.rule.type) and g.p_best >= self.retype:
                new = self.rules.rule_for(g.best)
                cand.rule = replace(new, id=f"{cand.rule.id}>{new.id}", confidence=g.p_best)
            cand.model_p = g.p(cand.rule.type)
            # a dictionary pattern no rule of Parley's backs needs the model's support too
            if (
                cand.rule.id.startswith(("cameo.", "light."))
                and not cand.backed
                and cand.model_p < self.dictionary
            ):
                return None
            return cand
        threshold = 0.0 if self.mode == "only" else self.add
        if g.best == NONE or g.p_best < max(threshold, 1e-9):
            return None
        c = Candidate(replace(self.rules.rule_for(g.best), confidence=g.p_best), tok, None)
        c.model_p = g.p_best
        return c


@functools.lru_cache(maxsize=2)
def _load(path: str) -> TypeModel | None:
    return TypeModel.load(path) if Path(path).exists() else None


def model_mode() -> str:
    """``PARLEY_TYPE_MODEL``: ``on`` (rules and model, the default), ``off`` (rules alone) or
    ``only`` (the model alone), for ablations."""
    mode = os.environ.get("PARLEY_TYPE_MODEL", "on")
    return mode if mode in ("on", "off", "only") else "on"


def default_model() -> TypeModel | None:
    """The shipped model, or None when it is switched off or absent."""
    if model_mode() == "off":
        return None
    return _load(str(MODEL_PATH))
