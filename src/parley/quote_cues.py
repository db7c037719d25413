"""Quotes step 2: the cue that attributes a quoted stretch, its speaker, and the speaker's actor.

Used by ``quotes.py``; every function looks only at the words around one quote (a region of at
most ``MAX_BEFORE`` / ``MAX_AFTER`` tokens), so the stage stays linear in a story's length.
"""

from __future__ import annotations

import functools
from bisect import bisect_right
from importlib import resources

import yaml
from spacy.tokens import Doc, Token

from .model import TextSpan
from .nlp import doc_text
from .quote_marks import SENT_END, Stretch

# Dependents kept when a speaker's noun phrase is cut out of the parse (not appositions,
# relative clauses, or anything after a comma).
LEFT_DEPS = {"compound", "det", "amod", "poss", "nmod", "nummod", "flat", "case", "quantmod", "advmod"}
RIGHT_DEPS = {"flat", "compound", "cc", "conj", "case"}
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
MAX_BEFORE = 50
MAX_AFTER = 40


@functools.cache
def lexicon() -> dict:
    with resources.files("parley.data").joinpath("quotes.yaml").open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    return {
        "verbs": frozenset(data["cue_verbs"]),
        "nouns": frozenset(data["cue_nouns"]),
        "person_pronouns": frozenset(data["person_pronouns"]),
        "other_pronouns": frozenset(data["other_pronouns"]),
        "not_speakers": frozenset(data["not_speakers"]),
        "title_context": frozenset(data["title_context"]),
        "naming_verbs": frozenset(data["naming_verbs"]),
    }


class _Tokens:
    """Character offset -> token index, by bisection over token starts."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.starts = [t.idx for t in doc]

    def at(self, char: int) -> int:
        return max(0, bisect_right(self.starts, char) - 1)


def _is_break(tok: Token) -> bool:
    return tok.is_space and "\n" in tok.text


def _after_region(doc: Doc, first: int, stops: set[int]) -> list[int]:
    out = []
    j = first
    while j < len(doc) and len(out) < MAX_AFTER:
        t = doc[j]
        if _is_break(t) or j in stops or t.text in SENT_END:
            break
        out.append(j)
        j += 1
    return out


def _before_region(doc: Doc, last: int, stops: set[int]) -> list[int]:
    out = []
    k = last
    while k >= 0 and len(out) < MAX_BEFORE:
        t = doc[k]
        if _is_break(t) or k in stops or t.text in SENT_END:
            break
        out.append(k)
        k -= 1
    out.reverse()
    return out


def _subject(verb: Token, inside: set[int] | frozenset = frozenset()) -> Token | None:
    """The verb's subject; of two (the parser sometimes hangs a quoted sentence's subject on the
    cue as well), the one among ``inside``, the words around the quote outside its marks."""
    v = verb
    for _ in range(3):
        agent = next((c for c in v.children if c.dep_ == "agent"), None)
        by = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        if by is not None:
            return by  # "was written by Lee": the passive's agent
        subjects = [c for c in v.children if c.dep_ in SUBJECT_DEPS and not c.is_punct]  # not a dash
        if subjects:
            c = next((c for c in subjects if c.i in inside), subjects[0])
            if c.tag_ in ("WP", "WDT") and v.dep_ == "relcl":
                return v.head
            return c
        if v.dep_ in ("conj", "xcomp", "advcl", "ccomp", "parataxis") and v.head is not v:
            v = v.head
        elif v.dep_ == "pcomp" and v.head.dep_ == "prep" and v.head.head is not v.head:
            v = v.head.head  # "sings to her before asking, ..." -> the singer asks
        elif v.dep_ == "relcl":
            return v.head
        else:
            break
    return None


def _cue_candidates(doc: Doc, region: list[int], lex: dict):
    """(cue token, speaker token or None) for each cue in the region."""
    inside = set(region)
    for i in region:
        t = doc[i]
        low = t.lower_
        if low == "according" and i + 1 < len(doc) and doc[i + 1].lower_ == "to":
            obj = next((c for c in doc[i + 1].children if c.dep_ == "pobj"), None)
            if obj is None and i + 2 in inside:
                obj = doc[i + 2]
            yield t, obj, 0
        elif t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in lex["verbs"]:
            if low == "called" and i >= 2 and doc[i - 1].text == "-" and doc[i - 2].lower_ == "so":
                continue  # "the so-called deal": nobody speaks
            subj = _subject(t, inside)
            prev = doc[i - 1]
            if (
                t.tag_ == "VBG"
                and i - 1 in inside
                and prev.pos_ in ("PROPN", "NOUN", "PRON")
                and prev.ent_type_ not in ("DATE", "TIME")  # "a statement last week saying"
            ):
                subj = doc[i - 1]  # "footage of the senator saying, ...": the noun before the participle
            if subj is None or subj.i not in inside:
                subj = _nearby_name(doc, region, i) or subj
            yield t, subj, 0
        elif t.pos_ == "NOUN" and t.lemma_.lower() in lex["nouns"]:
            spk = next((c for c in t.children if c.dep_ == "poss"), None)
            if spk is None and t.head.dep_ == "prep" and t.head.lower_ in ("in", "on"):
                spk = _subject(t.head.head)
            if spk is None and t.dep_ == "dobj" and _ends_with_colon(doc, region, i):
                spk = _subject(t.head)  # "Lee made the following comment: “...”"
            if spk is not None:
                yield t, spk, 1


def _ends_with_colon(doc: Doc, region: list[int], i: int) -> bool:
    """Token ``i`` ends its noun phrase right before the colon that closes the region."""
    rest = [j for j in region if j > i and not doc[j].is_space]
    return bool(rest) and doc[rest[0]].text == ":" and rest[0] == rest[-1]


def _nearby_name(doc: Doc, region: list[int], i: int) -> Token | None:
    """A speaker the parse missed: the name just before the verb, else ("said Okoro") after it."""

    def ok(t: Token) -> bool:
        return t.pos_ in ("PROPN", "PRON", "NOUN") and t.ent_type_ not in ("DATE", "TIME")

    before = [j for j in region if j < i]
    if before and ok(doc[before[-1]]):
        return doc[before[-1]]
    # "Rep. Ann Lee (D-Ohio) said", "Lee, an aide to the mayor, said": a name or an apposition
    # behind the brackets or the comma, not any noun ("after the debate, saying")
    k = len(before) - 1
    while k >= 0 and doc[before[k]].is_punct:
        if doc[before[k]].text == ")":
            while k >= 0 and doc[before[k]].text != "(":
                k -= 1
        k -= 1
    if k >= 0 and ok(doc[before[k]]) and (doc[before[k]].pos_ == "PROPN" or doc[before[k]].dep_ == "appos"):
        return doc[before[k]]
    # "said Okoro", "says the report": the name right after the verb, not a word of the clause
    # it reports ("saying that the budget was ...")
    for j in (j for j in region if j > i):
        if ok(doc[j]):
            return doc[j]
        if doc[j].pos_ not in ("DET", "ADJ", "PUNCT", "SPACE") or j > i + 4:
            return None
    return None


def _find_cue(doc: Doc, region: list[int], lex: dict, nearest_last: bool):
    best = None
    for cue, spk, rank in _cue_candidates(doc, region, lex):
        if spk is None or spk.is_punct or spk.lower_ in lex["not_speakers"]:
            continue  # "there", "its", "this": never who spoke
        dist = (region[-1] - cue.i) if nearest_last else (cue.i - region[0])
        key = (rank, dist)
        if best is None or key < best[0]:
            best = (key, cue, spk)
    return (best[1], best[2]) if best else None


def _dash_credit(doc: Doc, tokens: _Tokens, s: Stretch):
    """“...” ― Jane Doe: a name after a dash credits the quote (letters, vox pops)."""
    if s.close is None:
        return None
    text = doc_text(doc)
    k = s.close + 1
    while k < len(text) and text[k].isspace() and text[k] != "\n":  # "\xa0―" too
        k += 1
    if k >= len(text) or text[k] not in "―—–-":
        return None
    dash = k
    while k < len(text) and (text[k] in "―—–-" or text[k].isspace() and text[k] != "\n"):
        k += 1
    if k >= len(text) or not text[k].isupper():
        return None
    name = doc[tokens.at(k)]
    if name.idx != k or name.pos_ not in ("PROPN", "NOUN"):
        return None
    return doc[tokens.at(dash)], _np_head(name)


def _mention_span(doc: Doc, head: Token) -> tuple[int, int]:
    start = head.i
    for c in reversed(list(head.lefts)):
        if c.dep_ in LEFT_DEPS and c.right_edge.i == start - 1:
            start = c.left_edge.i
        elif c.is_punct or c.dep_ not in LEFT_DEPS:
            break
    end = head.i + 1
    for c in head.rights:
        if c.left_edge.i != end:
            break
        if c.dep_ in RIGHT_DEPS or (c.dep_ == "prep" and c.lower_ in ("for", "of", "at")):
            end = c.right_edge.i + 1
        else:
            break
    while end - 1 > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return start, end


def _span(doc: Doc, start: int, end: int) -> TextSpan:
    sp = doc[start:end]
    return TextSpan(sp.text, sp.start_char, sp.end_char)


def _headline_speaker(doc: Doc, tokens: _Tokens, s: Stretch) -> Token | None:
    """The name a headline quote hangs on: "Lee to Port Chief: 'Step...'" or the subject."""
    first = tokens.at(s.open)
    region = _before_region(doc, first - 1, set())
    colon = [i for i in region if doc[i].text == ":"]
    if colon:
        cand = [i for i in region if i < colon[0] and doc[i].pos_ in ("PROPN", "NOUN")]
        if cand:
            return _np_head(doc[cand[0]])
    for i in region:
        t = doc[i]
        if t.dep_ in ("nsubj", "nsubjpass") or t.pos_ == "PROPN":
            return _np_head(t)
    return None


def _np_head(t: Token) -> Token:
    while t.dep_ in ("compound", "flat", "amod") and t.head is not t and t.head.i > t.i:
        t = t.head
    return t


class _Resolver:
    """Actor ids for speakers: the index first, then our own guess for pronouns."""

    def __init__(self, doc: Doc, index, lex: dict):
        self.doc = doc
        self.index = index
        self.lex = lex
        self.last_speaker: str | None = None
        people = []
        for m in getattr(index, "mentions", []) or []:
            try:
                kind = index.actor(m.actor_id).kind
            except (KeyError, AttributeError):
                kind = None
            people.append((m.start, m.actor_id, kind == "person"))
        people.sort()
        self.people = people
        self.starts = [p[0] for p in people]

    def resolve(self, head: Token) -> str | None:
        aid = self.index.resolve(head) if self.index is not None else None
        if aid is not None:
            return aid
        low = head.lower_
        if low in self.lex["person_pronouns"]:
            if self.last_speaker is not None:
                return self.last_speaker
            return self._preceding(head.i, person=True)
        if low in self.lex["other_pronouns"]:
            return self._preceding(head.i, person=False)
        return None

    def _preceding(self, i: int, person: bool) -> str | None:
        k = bisect_right(self.starts, i) - 1
        while k >= 0 and i - self.starts[k] < 400:
            _, aid, is_person = self.people[k]
            if is_person == person:
                return aid
            k -= 1
        return None


def _previous_sentence_cue(doc: Doc, open_tok: int, closes: set[int], opens: set[int], lex: dict):
    """A quote that is a sentence of its own, after a sentence that attributes speech to someone
    and quotes nothing itself: "Lee said. “The other reason ...”" -> Lee."""
    k = open_tok - 1
    while k >= 0 and (doc[k].is_space and "\n" not in doc[k].text or doc[k].text in ("“", '"')):
        k -= 1
    if k < 0 or doc[k].text not in SENT_END or k - 1 in closes or k in closes:
        return None
    region = _before_region(doc, k - 1, closes)
    if not region or any(i in opens or i in closes for i in region) or region[0] - 1 in closes:
        return None
    found = _find_cue(doc, region, lex, nearest_last=True)
    if found is None:
        return None
    cue, spk = found
    head = _np_head(spk)
    # a named speaker only: a pronoun or a common noun this far from the quote is a guess
    if head.pos_ != "PROPN" or cue.pos_ not in ("VERB", "AUX") or head.i > cue.i:
        return None
    return found


def _words(doc: Doc, region: list[int]) -> list[int]:
    return [i for i in region if not doc[i].is_punct and not doc[i].is_space]
