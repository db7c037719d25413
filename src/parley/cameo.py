"""CAMEO verb patterns (PETRARCH-2, converted) matched over the dependency parse.

``data/cameo_verbs.json`` (written by ``scripts/convert_cameo_verbs.py``) holds about 1,800
verbs in 395 synonym blocks and 7,900 patterns: a pattern names words of the verb's object
("abandon the OUTPOST"), prepositional groups ("engage IN a FIREFIGHT"), words of its subject
("WARPLANES bombed"), an optional particle, and its CAMEO code mapped to a PLOVER type and
mode. PETRARCH matched those words in word order; here they are matched against the verb's
arguments — subject, direct object (through compounds, adjectives and "of" phrases),
prepositional objects (on the verb or on its object), and the ``to`` of an infinitive
complement — so word order and intervening words do not matter. A pattern applies to every
verb of its block, as in PETRARCH.

``match(token)`` returns every matching pattern of a verb token, most specific first; the
verb alone (the block's code) is the least specific. ``match_light_verb(token)`` codes a light
verb from its event noun ("held talks", "staged a protest", "issued arrest warrants") with the
hand-written list in ``data/cameo_light_verbs.yaml``.

A match with ``type is None`` is a CAMEO statement, appeal or null code: no PLOVER event. A
caller can let it veto a weaker reading of the same verb ("abandon the plan").
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field

import yaml
from spacy.tokens import Token

from .lexicon import data_path
from .nlp import children_table

NOUN_MODS = ("compound", "amod", "nmod", "poss", "npadvmod", "nummod")
OBJ_DEPS = ("dobj", "attr", "oprd")
PREP_DEPS = ("prep", "agent", "dative")
PARTICLE_WORDS = {"out", "up", "off", "down"}  # "carry OUT": the noun stays the direct object
# "held a round of talks", "launched a wave of airstrikes": the event is the "of" noun.
QUANTITY = {"round", "series", "wave", "spate", "number", "string", "set", "day", "week", "kind", "form"}


@dataclass(frozen=True, slots=True)
class CameoPattern:
    rule: str
    code: str
    type: str | None
    mode: str | None
    context: tuple[str, ...]
    obj: tuple[str, ...] = ()  # lemmas or "&SYNSET" classes the object must carry
    preps: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (preposition, words of its object)
    particle: str | None = None
    target: str | None = None  # where PETRARCH's "+" stood: "obj", "subj" or a preposition
    source: str | None = None  # where "$" stood
    subj: tuple[str, ...] = ()  # words the verb's subject must carry ("&MILITARY *", "POLICE *")
    # set at load: plain words and synonym-set heads that must all occur among the verb's
    # argument words, a cheap test that rules most patterns out before the slot-by-slot match
    needs: frozenset[str] = field(default=frozenset(), compare=False)
    needs_any: tuple[frozenset[str], ...] = field(default=(), compare=False)

    @property
    def specificity(self) -> int:
        # a content word counts 2, a bare preposition or particle 1: "hold TALKS" beats "hold IN"
        words = len(self.subj) + len(self.obj) + sum(len(ws) for _, ws in self.preps)
        return 2 * words + len(self.preps) + bool(self.particle)


@dataclass(frozen=True, slots=True)
class CameoVerb:
    rule: str
    lemma: str
    extra: tuple[str, ...]  # the rest of a multi-word verb: "clear UP", "wage WAR", "meet WITH"
    block: str
    code: str
    type: str | None
    mode: str | None
    context: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CameoMatch:
    """One reading of a verb: its PLOVER type and mode, and the argument tokens that gave it."""

    type: str | None  # PLOVER type; None: a CAMEO code with no PLOVER event (statements, appeals)
    mode: str | None
    context: tuple[str, ...]
    code: str | None  # CAMEO code; None for light-verb matches
    rule: str  # stable id: "cameo.<code>.<block>.<words>", "cameo.<code>.<verb>", "light.<verb>.<noun>"
    specificity: int  # 2 per content word matched beyond the verb, 1 per bare preposition; 0: verb alone
    verb: Token
    obj_tokens: tuple[Token, ...] = ()  # tokens that matched the pattern's object words
    prep_tokens: tuple[Token, ...] = ()  # the prepositions and the words that matched in their objects
    target: str | None = None  # the recipient's slot: "obj" (default), "subj" or a preposition ("in")
    target_tokens: tuple[Token, ...] = ()  # heads of that slot in this sentence
    noun: Token | None = None  # the event noun of a light-verb match
    subj_tokens: tuple[Token, ...] = ()  # tokens that matched the pattern's subject words


@dataclass(slots=True)
class CameoLexicon:
    verbs: dict[str, list[CameoVerb]]
    raw_patterns: dict[str, list[dict]]  # by block, as read; compiled on a block's first use
    synsets: dict[str, tuple[tuple[str, ...], ...]]
    heads: dict[str, frozenset[str]]  # synset -> the head words of its members
    light_verbs: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)  # lemma -> its other words
    light_nouns: dict[str, list[dict]] = field(default_factory=dict)  # head lemma -> entries
    _compiled: dict[str, tuple[list[CameoPattern], dict[str, list[int]]]] = field(default_factory=dict)

    @property
    def n_patterns(self) -> int:
        return sum(len(v) for v in self.raw_patterns.values())

    def block(self, name: str) -> tuple[list[CameoPattern], dict[str, list[int]]]:
        """A block's patterns, most specific first, and their index: one word each pattern needs
        -> positions, so only patterns whose word the verb's arguments carry are tried. Built on
        first use, which keeps loading to reading the file."""
        got = self._compiled.get(name)
        if got is None:
            plist = sorted((_pattern(d, self.heads) for d in self.raw_patterns.get(name, ())),
                           key=lambda p: -p.specificity)  # fmt: skip
            got = self._compiled[name] = (plist, _index(plist))
        return got

    def patterns(self) -> list[CameoPattern]:
        """Every pattern, compiled (for checks and tools; matching compiles blocks lazily)."""
        return [p for name in self.raw_patterns for p in self.block(name)[0]]


@functools.lru_cache(maxsize=1)
def load_cameo_patterns() -> CameoLexicon:
    """The converted CAMEO patterns and the light-verb list, read once per process."""
    with open(data_path("cameo_verbs.json"), encoding="utf-8") as fh:
        raw = json.load(fh)
    verbs: dict[str, list[CameoVerb]] = {}
    for v in raw["verbs"]:
        verbs.setdefault(v["lemma"], []).append(
            CameoVerb(v["rule"], v["lemma"], tuple(v.get("extra", ())), v["block"], v["code"], v["type"],
                      v.get("mode"), tuple(v.get("context", ())))
        )  # fmt: skip
    synsets = {k: tuple(tuple(m) for m in v) for k, v in raw["synsets"].items()}
    heads = {k: frozenset(m[-1] for m in v) for k, v in synsets.items()}
    raw_patterns: dict[str, list[dict]] = {}
    for p in raw["patterns"]:
        raw_patterns.setdefault(p["block"], []).append(p)
    lex = CameoLexicon(verbs, raw_patterns, synsets, heads)
    _load_light(lex)
    return lex


def _index(plist: list[CameoPattern]) -> dict[str, list[int]]:
    table: dict[str, list[int]] = {}
    for i, p in enumerate(plist):
        content = [
            w for w in (*p.subj, *p.obj, *(w for _, ws in p.preps for w in ws)) if not w.startswith("&")
        ]
        if content:
            keys = {content[0]}
        elif p.needs_any:
            keys = set(p.needs_any[0])  # any head of its first synonym set
        else:
            keys = set(p.needs)  # a bare preposition or particle
        for k in keys:
            table.setdefault(k, []).append(i)
    return table


def _pattern(d: dict, heads: dict[str, frozenset[str]]) -> CameoPattern:
    subj, obj = tuple(d.get("subj", ())), tuple(d.get("obj", ()))
    preps = tuple((w, tuple(ws)) for w, ws in d.get("preps", ()))
    words = [*subj, *obj, *(w for _, ws in preps for w in ws)]
    needs = {w for w in words if w[0] != "&"} | {prep for prep, _ in preps}
    if d.get("particle"):
        needs.add(d["particle"])
    any_of = tuple(heads.get(w, frozenset()) for w in words if w[0] == "&")
    return CameoPattern(d["rule"], d["code"], d["type"], d.get("mode"), tuple(d.get("context", ())), obj, preps,
                        d.get("particle"), d.get("target"), d.get("source"), subj, frozenset(needs), any_of)  # fmt: skip


def _load_light(lex: CameoLexicon) -> None:
    # a plain word list: libyaml's loader when present (the pure-Python one takes longer than
    # the whole pattern file)
    with open(data_path("cameo_light_verbs.yaml"), encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - safe loaders
    for entry in data["light_verbs"]:
        words = entry.lower().split()
        lex.light_verbs.setdefault(words[0], []).append(tuple(words[1:]))
    for variants in lex.light_verbs.values():
        variants.sort(key=len, reverse=True)  # "take part in" before "take"
    for n in data["nouns"]:
        words = tuple(n["noun"].lower().split())
        # the head is the last word, or the one before "of" ("state of emergency")
        head = words[words.index("of") - 1] if "of" in words else words[-1]
        words = tuple(w for w in words if w != "of")
        entry = {
            "words": words,
            "type": n["type"],
            "mode": n.get("mode"),
            "context": tuple(n.get("context") or ()),
            "verbs": frozenset(n.get("verbs") or ()),
        }
        lex.light_nouns.setdefault(head, []).append(entry)
    for entries in lex.light_nouns.values():
        # more words, then a verb restriction, first: "lodge a protest" before "stage a protest"
        entries.sort(key=lambda e: (-len(e["words"]), -bool(e["verbs"])))


# ---------------------------------------------------------------- the verb's arguments


def _forms(t: Token) -> set[str]:
    return {t.lower_, t.lemma_.lower()}


class _Kids:
    """``kids(t)``: the children of ``t`` (``nlp.children_table``: the argument walk asks tokens
    for their children again and again, for every verb of a story). The tokens are shared
    between calls; nothing in this module compares tokens by identity."""

    __slots__ = ("_table",)

    def __init__(self):
        self._table: list[list[Token]] | None = None

    def __call__(self, t: Token) -> list[Token]:
        if self._table is None:
            self._table = children_table(t.doc)
        return self._table[t.i]


def _with_conj(tok: Token, kids=None) -> list[Token]:
    kids = kids or _Kids()
    out, stack = [], [tok]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in kids(t) if c.dep_ == "conj")
    return out


def noun_words(head: Token, kids=None) -> dict[str, Token]:
    """Words of a noun phrase a pattern may name, each with the token that carries it: the head,
    its compounds and adjectives, and the noun of an "of" phrase ("the withdrawal OF TROOPS")."""
    kids = kids or _Kids()
    out: dict[str, Token] = {}
    todo = [head]
    while todo:
        t = todo.pop()
        for w in _forms(t):
            out.setdefault(w, t)
        for c in kids(t):
            if c.dep_ in NOUN_MODS:
                for w in _forms(c):
                    out.setdefault(w, c)
                todo.extend(x for x in kids(c) if x.dep_ == "compound")
            elif c.dep_ == "prep" and c.lower_ == "of":
                todo.extend(p for p in kids(c) if p.dep_ in ("pobj", "pcomp"))
    return out


@dataclass(slots=True)
class Args:
    subjs: list[tuple[Token, dict[str, Token]]]
    objs: list[tuple[Token, dict[str, Token]]]
    preps: list[tuple[Token, str, list[tuple[Token, dict[str, Token]]]]]  # (prep token, word, objects)
    words: set[str]  # particles and other children for multi-word verbs
    every: frozenset[str] = frozenset()  # every word and preposition above, for the quick test


def arguments(verb: Token) -> Args:
    kids = _Kids()
    verb_kids = kids(verb)
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb_kids)
    heads = [c for c in verb_kids if c.dep_ in OBJ_DEPS or (passive and c.dep_ == "nsubjpass")]
    objs = [(h, noun_words(h, kids)) for head in heads for h in _with_conj(head, kids)]
    preps = []
    holders = [verb] + [h for h, _ in objs]  # "abandoned the outpost IN the north": either attachment
    for holder in holders:
        for c in kids(holder):
            if c.dep_ in PREP_DEPS or (c.dep_ == "prt" and any(x.dep_ == "pobj" for x in kids(c))):
                pobjs = [p for x in kids(c) if x.dep_ in ("pobj", "pcomp") for p in _with_conj(x, kids)]
                preps.append((c, c.lower_, [(p, noun_words(p, kids)) for p in pobjs]))
    for c in verb_kids:
        if c.dep_ == "xcomp":  # "urged them TO END the operations"
            inner = {c.lemma_.lower(): c}
            for h in kids(c):
                if h.dep_ in OBJ_DEPS:
                    inner.update(noun_words(h, kids))
            preps.append((c, "to", [(c, inner)]))
    words = {w for c in verb_kids if c.dep_ in ("prt", "advmod", "prep", "dobj", "acomp") for w in _forms(c)}
    subjs = [(h, noun_words(h, kids)) for h in subject_heads(verb, kids)]
    every = set(words)
    for _, ws in subjs + objs:
        every.update(ws)
    for _, pw, pobjs in preps:
        every.add(pw)
        for _, ws in pobjs:
            every.update(ws)
    return Args(subjs, objs, preps, words, frozenset(every))


def subject_heads(verb: Token, kids=None) -> list[Token]:
    """The verb's subject, active or passive; a conjoined or controlled verb borrows its head's
    ("troops crossed the border and shelled ...", "rebels agreed to withdraw"); a participle
    modifying a noun takes that noun ("aircraft bombing the town")."""
    kids = kids or _Kids()
    v = verb
    for _ in range(3):
        subs = [c for c in kids(v) if c.dep_ in ("nsubj", "nsubjpass")]
        if subs:
            return [h for s in subs for h in _with_conj(s, kids)]
        if v.dep_ in ("acl", "relcl") and v.head is not v:
            return _with_conj(v.head, kids)
        if v.dep_ not in ("conj", "xcomp", "advcl") or v.head is v:
            break
        v = v.head
    return []


# ---------------------------------------------------------------- matching


class _Matcher:
    def __init__(self, lex: CameoLexicon):
        self.lex = lex

    def word_in(self, w: str, words: dict[str, Token]) -> list[Token] | None:
        """Tokens of ``words`` that carry pattern word ``w`` (a lemma or a &SYNSET)."""
        if not w.startswith("&"):
            t = words.get(w)
            return [t] if t is not None else None
        for member in self.lex.synsets.get(w, ()):
            if all(m in words for m in member):
                return [words[m] for m in member]
        return None

    def all_in(self, ws: tuple[str, ...], words: dict[str, Token]) -> list[Token] | None:
        out: list[Token] = []
        for w in ws:
            got = self.word_in(w, words)
            if got is None:
                return None
            out += got
        return out

    def pattern(self, p: CameoPattern, args: Args) -> tuple[list[Token], list[Token], list[Token]] | None:
        if not p.needs <= args.every or any(not (h & args.every) for h in p.needs_any):
            return None
        if p.particle and p.particle not in args.words:
            return None
        subj_toks: list[Token] = []
        if p.subj:
            subj_toks = next(
                (g for _, words in args.subjs if (g := self.all_in(p.subj, words)) is not None), []
            )
            if not subj_toks:
                return None
        obj_toks: list[Token] = []
        if p.obj:
            for _, words in args.objs:
                got = self.all_in(p.obj, words)
                if got is not None:
                    obj_toks = got
                    break
            else:
                return None
        prep_toks: list[Token] = []
        for prep, ws in p.preps:
            for ptok, pw, pobjs in args.preps:
                if pw != prep or not pobjs:
                    continue
                got = next((g for _, words in pobjs if (g := self.all_in(ws, words)) is not None), None)
                if got is not None:
                    prep_toks += [ptok, *got] if ptok.lower_ == pw else got
                    break
            else:
                return None
        return subj_toks, obj_toks, prep_toks

    def slot_tokens(self, slot: str | None, args: Args) -> tuple[Token, ...]:
        if slot is None:
            return ()
        if slot == "obj":
            return tuple(h for h, _ in args.objs)
        if slot == "subj":
            return tuple(h for h, _ in args.subjs)
        return tuple(p for _, pw, pobjs in args.preps if pw == slot for p, _ in pobjs)


def is_verb(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")


def verb_keys(tok: Token) -> list[str]:
    """Lemma candidates of a verb: spaCy's lemma, then the word stripped of its ending, for
    the lemmas the tagger gets wrong ("staged" -> "stag")."""
    w = tok.lower_
    keys = [tok.lemma_.lower(), w]
    if w.endswith("ied"):
        keys.append(w[:-3] + "y")
    if w.endswith("ed"):
        keys += [w[:-1], w[:-2], w[:-3]]  # staged, attacked, stopped
    if w.endswith("ing"):
        keys += [w[:-3], w[:-3] + "e", w[:-4]]
    if w.endswith("s"):
        keys += [w[:-1], w[:-2]]
    return keys


def _lookup(table: dict, tok: Token):
    for k in verb_keys(tok):
        if k in table:
            return k, table[k]
    return None, None


def _readings(token: Token) -> tuple[list[tuple], _Matcher | None, Args | None]:
    """The readings of a verb token, unbuilt and in file order: ``(specificity, rule, pattern,
    verb entry, matched tokens)`` for a pattern (``pattern`` None for the verb alone, whose last
    item is then its recipient slot). ``match`` builds them all; ``best`` only the winner, since a
    ``CameoMatch`` and its slot's tokens cost more than the test that found it and a verb has
    several readings."""
    if not is_verb(token):
        return [], None, None
    lex = load_cameo_patterns()
    _, entries = _lookup(lex.verbs, token)
    if not entries:
        return [], None, None
    m = _Matcher(lex)
    args = arguments(token)
    out: list[tuple] = []
    alone: list[tuple] = []  # the verb without pattern words
    blocks_seen: set[str] = set()
    for v in entries:
        if v.extra and not all(w in args.words or any(w in ws for _, ws in args.objs) for w in v.extra):
            continue
        if v.block not in blocks_seen:
            blocks_seen.add(v.block)
            plist, table = lex.block(v.block)
            tried = sorted({i for w in args.every for i in table.get(w, ())})
            for p in (plist[i] for i in tried):
                got = m.pattern(p, args)
                if got is not None:
                    out.append((p.specificity + 2 * len(v.extra), p.rule, p, v, got))
        # "call FOR": the recipient is the preposition's object
        slot = v.extra[-1] if v.extra and v.extra[-1] in {pw for _, pw, _ in args.preps} else "obj"
        alone.append((2 * len(v.extra), v.rule, None, v, slot))
    # a verb in two blocks ("abandon": ABANDON 080, EVACUATE null): alone, the coded block speaks
    if any(r[3].type for r in alone):
        alone = [r for r in alone if r[3].type or r[0] > 0]
    return out + alone, m, args


def _build(token: Token, reading: tuple, m: _Matcher, args: Args) -> CameoMatch:
    specificity, _, p, v, got = reading
    if p is None:
        return CameoMatch(v.type, v.mode, v.context, v.code, v.rule, specificity, token,
                          target=got, target_tokens=m.slot_tokens(got, args))  # fmt: skip
    subj_toks, obj_toks, prep_toks = got
    return CameoMatch(p.type, p.mode, p.context, p.code, p.rule, specificity, token, tuple(obj_toks),
                      tuple(prep_toks), p.target or "obj", m.slot_tokens(p.target or "obj", args),
                      subj_tokens=tuple(subj_toks))  # fmt: skip


def match(token: Token) -> list[CameoMatch]:
    """Every CAMEO reading of a verb token, most specific first (the verb alone last)."""
    readings, m, args = _readings(token)
    readings.sort(key=lambda r: -r[0])  # stable: file order breaks ties
    seen: set[str] = set()
    # a verb listed in two blocks gives its rule once
    return [_build(token, r, m, args) for r in readings if not (r[1] in seen or seen.add(r[1]))]


def best(token: Token, light: bool = True) -> CameoMatch | None:
    """The most specific reading of a verb, or None; a light-verb reading wins ties ("hold a
    summit" is coded from the summit) and always beats the verb alone."""
    readings, m, args = _readings(token)
    # ``match(token)[0]``: the first reading of the highest specificity
    top_reading = max(readings, key=lambda r: r[0]) if readings else None
    lm = match_light_verb(token) if light else None
    if lm is not None and (top_reading is None or lm.specificity >= top_reading[0] or top_reading[0] == 0):
        return lm
    return _build(token, top_reading, m, args) if top_reading is not None else None


def match_light_verb(token: Token) -> CameoMatch | None:
    """A light verb coded from its event noun: "held talks", "staged a protest", "engaged in a
    firefight", "issued arrest warrants", "attended a summit", "lodged a protest" (ACCUSE)."""
    if not is_verb(token):
        return None
    lex = load_cameo_patterns()
    lemma, variants = _lookup(lex.light_verbs, token)
    if not variants:
        return None
    nouns: list[Token] = []
    kids = {c.lower_ for c in token.children} | {x.lower_ for c in token.children for x in c.children}
    for need in variants:
        if not all(w in kids for w in need):
            continue
        prep = need[-1] if need and need[-1] not in PARTICLE_WORDS else None
        if prep:  # "engage IN a firefight", "take part IN talks": the noun is the preposition's object
            holders = [token] + [c for c in token.children if c.dep_ == "dobj"]
            nouns = [p for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ == prep
                     for p in c.children if p.dep_ == "pobj"]  # fmt: skip
        else:  # the object, or the passive subject: "talks were held"
            nouns = [c for c in token.children if c.dep_ in OBJ_DEPS or c.dep_ == "nsubjpass"]
        if nouns:
            break
    for noun in nouns:
        # "a round of talks": look through the quantity noun
        if noun.lemma_.lower() in QUANTITY:
            of = [p for c in noun.children if c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]
            noun = of[0] if of else noun
        for head in _with_conj(noun):
            found = _light_noun(lex, lemma, head)
            if found is not None:
                entry, toks = found
                name = "-".join(entry["words"])
                return CameoMatch(entry["type"], entry["mode"], entry["context"], None,
                                  f"light.{lemma}.{name}", 2 * len(entry["words"]), token,
                                  obj_tokens=tuple(toks), noun=head)  # fmt: skip
    return None


def _light_noun(lex: CameoLexicon, verb: str, head: Token):
    entries = lex.light_nouns.get(head.lemma_.lower()) or lex.light_nouns.get(head.lower_)
    if not entries:
        return None
    words = noun_words(head)
    for e in entries:
        if e["verbs"] and verb not in e["verbs"]:
            continue
        if all(w in words for w in e["words"]):
            return e, [words[w] for w in e["words"]]
    return None
