"""Actors: who is mentioned, resolved to a canonical actor with code, sector and office.

Three passes over a parsed story:

1. names: spaCy's PERSON/ORG/GPE/NORP/FAC/LOC entities, widened to their titles
   ("Russian President Vladimir Putin") and read with the knowledge base (``kb.py``);
2. descriptors: noun phrases whose head is a sector noun, institution or office
   ("Iraqi officials", "the Pentagon", "security forces");
3. coreference: pronouns ("he", "they"), titles ("the president"), "the two leaders",
   "the country" linked to the actor they stand for.

``ActorIndex`` answers "which actor is this noun phrase?" for the events and quotes
stages; ``bind_speakers`` links "I"/"we" inside a quote to its speaker.
"""

from __future__ import annotations

import bisect
import re
from datetime import date

import numpy as np
from spacy.attrs import DEP, ENT_TYPE, HEAD, IS_PUNCT, IS_SPACE, IS_TITLE, IS_UPPER, LEMMA, LOWER, POS
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from .actor_coref import CorefPass
from .actor_descriptors import DescriptorsPass, head_words
from .actor_index import *  # noqa: F403 - the stage's public names live on here
from .actor_index import POSSESSIVE, TITLE_GLUE, ActorIndex, Mention
from .actor_names import NamesPass
from .kb import KB, default_kb
from .nlp import doc_text, span_text, token_offsets

__all__ = [
    "ActorIndex",
    "Mention",
    "Resolver",
    "dateline_end",
    "find_actors",
    "head_words",
    "title_vocabulary",
]

# ---------------------------------------------------------------- the resolver


class Resolver(NamesPass, DescriptorsPass, CorefPass):
    def __init__(self, doc: Doc, published: date | None, kb: KB):
        self.doc = doc
        self.on = published
        self.kb = kb
        self.index = ActorIndex(doc)
        self.persons: list[tuple[int, str]] = []  # (token index, actor id) in text order
        self.groups: list[tuple[int, str]] = []
        self.states: list[tuple[int, str]] = []
        self.surnames: dict[str, str] = {}
        self.singulars: list[tuple[int, str]] = []  # singular human descriptors, for he/she
        self.title_vocab = title_vocabulary(kb)
        # spaCy builds doc.ents and token.sent anew on every access: read them once
        self.ents = [
            part
            for e in doc.ents
            for part in _split_possessive(_whole_name(e) if e.label_ == "PERSON" else e, kb)
        ]
        self._ent_starts = [e.start for e in self.ents]
        self._ent_ends = [e.end for e in self.ents]
        self.toks = list(doc)  # one Token object per position, not a new one per access
        self.text = doc_text(doc)
        self.tok_starts, self.tok_ends = token_offsets(doc)  # characters, by token
        self.dateline_end = dateline_end(self.toks)
        self._sent_start = [0] * len(doc)
        self._sent_end = [0] * len(doc)
        for sent in doc.sents:
            n = sent.end - sent.start
            self._sent_start[sent.start : sent.end] = [sent.start] * n
            self._sent_end[sent.start : sent.end] = [sent.end] * n
        # every token's attributes as string ids, read at once: the passes sift a story's
        # tokens with these before touching a Token (each ``tok.pos_``, ``tok.lower_`` is a
        # string lookup, and most tokens are no actor)
        arr = doc.to_array([POS, LOWER, LEMMA, DEP, ENT_TYPE, HEAD, IS_TITLE, IS_UPPER, IS_PUNCT, IS_SPACE])
        arr = arr.reshape(len(doc), 10)
        self.a_pos, self.a_lower, self.a_lemma, self.a_dep, self.a_ent = arr[:, :5].T
        self.a_head = np.arange(len(doc)) + arr[:, 5].astype(np.int64)  # relative -> absolute
        self.a_titled = (arr[:, 6] | arr[:, 7]).astype(bool)  # is_title or is_upper
        self.a_punct = arr[:, 8].astype(bool)
        self.a_space = arr[:, 9].astype(bool)
        self.heads: list[int] = self.a_head.tolist()
        self.deps: list[int] = self.a_dep.tolist()
        self._with_child: dict[str, set[int]] = {}
        self.left_parents = set(self.a_head[self.a_head > np.arange(len(doc))].tolist())  # have a left child
        self._lower_ids, self._lower_at = np.unique(self.a_lower, return_inverse=True)
        self._lower_ids = self._lower_ids.tolist()
        self._np_starts: dict[int, int] = {}  # noun phrase starts by head, shared by the passes

    # -- helpers -------------------------------------------------------------------
    def with_child(self, dep: str) -> set[int]:
        """The tokens with a child of dependency ``dep``, from the heads: a token not among them
        has no such child in ``Token.children`` either (which lists only children the heads
        name), and most nouns need no Token made for each of their children to know it."""
        found = self._with_child.get(dep)
        if found is None:
            kids = np.flatnonzero(self.a_dep == get_string_id(dep))
            heads = self.a_head[kids]
            found = self._with_child[dep] = set(heads[heads != kids].tolist())
        return found

    def lower_in(self, ids: frozenset[int]) -> np.ndarray:
        """Which tokens' lowercase forms have their string ids in ``ids``, as a mask: each
        distinct word of the story is looked up once."""
        return np.array([x in ids for x in self._lower_ids], dtype=bool)[self._lower_at]

    def ents_within(self, start: int, end: int) -> list[Span]:
        """Entities inside tokens ``start``..``end`` (exclusive), found by bisection: stories can be
        long, and this is asked for every noun phrase."""
        lo = bisect.bisect_left(self._ent_starts, start)
        hi = bisect.bisect_left(self._ent_starts, end)
        return [self.ents[k] for k in range(lo, hi) if self._ent_ends[k] <= end]

    def text_of(self, start: int, end: int) -> str:
        """``doc[start:end].text``, cut from the text built once: a Span joins its tokens' texts
        anew on every ``.text``, and the passes ask this for short runs all over a story."""
        end = min(end, len(self.toks))
        if end <= start:
            return ""
        return self.text[self.tok_starts[start] : self.tok_ends[end - 1]]

    def sent_bounds(self, i: int) -> tuple[int, int]:
        return self._sent_start[i], self._sent_end[i]

    def country_of_words(self, toks: list[Token]) -> str | None:
        for t in toks:
            if t.is_punct or t.lower_ in ("the", "a"):
                continue
            c = self.kb.demonym(t.text) or (self.kb.country(t.text) if t.pos_ == "PROPN" else None)
            if c is not None:
                return c.code
        for ent in self.ents_within(toks[0].i, toks[-1].i + 1) if toks else ():
            if (
                ent.label_ in ("GPE", "NORP")
                and toks
                and toks[0].i <= ent.start
                and ent.end <= toks[-1].i + 1
            ):
                text = span_text(ent)
                c = self.kb.country(text) or self.kb.demonym(text)
                if c is not None:
                    return c.code
        return None

    def title_span(self, ent: Span) -> int:
        """Index of the first token of the title in front of a name: "Russian President Vladimir
        Putin", "Director of the CIA John Ratcliffe", "White House Press Secretary Karoline Leavitt"."""
        toks = self.toks  # the Tokens made once, not one per ``doc[i]``
        i, start = ent.start - 1, ent.start
        while i >= 0 and ent.start - i <= 9:
            t = toks[i]
            if t.is_space or (t.is_punct and t.text not in ("-", "'s", "’s")) or t.pos_ in ("VERB", "AUX"):
                break
            if t.ent_type_ in ("PERSON", "DATE", "TIME", "CARDINAL") or t.like_num:
                break
            low = t.lower_
            titled = t.is_title or t.is_upper or t.text in ("'s", "’s")
            if not (titled or low in self.title_vocab or low in TITLE_GLUE):
                break
            start = i
            i -= 1
        # drop words on the left until the rest reads as a title
        while start < ent.start:
            t = toks[start]
            text = self.text_of(start, ent.start)
            offices = self.kb.find_offices(text)
            if t.is_lower and t.lower_ not in TITLE_GLUE and not (offices and text.startswith(offices[0][0])):
                start += 1  # "a charge Afghan spokesperson X": a lowercase word no office starts with
                continue
            if t.lower_ not in ("of", "the", "and", "for", "'s", "’s") and (
                offices
                or self.kb.demonym(t.text)
                or self.kb.country(t.text)
                or self.kb.organization(t.text)
                or self.kb.institution(t.text)
            ):
                break
            start += 1
        return start

    def party_words(self, words: list[str]) -> bool:
        """Some word names an organisation, a country, a people or a region: no part of a
        person's own name ("NATO", "Asian"), unless it is also a given name ("Jordan")."""
        for w in words:
            if self.kb.is_ambiguous(w):
                continue
            if (
                self.kb.organization(w)
                or self.kb.country(w)
                or self.kb.demonym(w)
                or self.kb.is_region(w)
                or self.kb.is_region(re.sub(r"(ern|an|n)$", "", w))  # "Asian", "African", "Western"
            ):
                return True
        return False

    def title_code(self, toks: list[Token]) -> str | None:
        """The country a title names: a demonym, a country, or an institution with a code."""
        code = self.country_of_words(toks)
        if code:
            return code
        if not toks:
            return None
        for n in range(len(toks), 0, -1):
            for k in range(0, len(toks) - n + 1):
                words = " ".join(t.text for t in toks[k : k + n])
                e = self.kb.organization(words) or self.kb.institution(words)
                if e is not None and e.code and not e.needs_country:
                    return e.code
        return None

    def right_country(self, head: Token) -> str | None:
        """ "President Zelenskyy of Ukraine", "Marc Fogel, an American", "X, Iraq's prime minister"."""
        if head.i not in self.with_child("prep") and head.i not in self.with_child("appos"):
            return None
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                for p in c.children:
                    if p.dep_ == "pobj":
                        cc = self.kb.country(p.text)
                        if cc is not None:
                            return cc.code
            if c.dep_ == "appos":
                words = [t for t in c.subtree if t.dep_ not in ("relcl", "acl")][:8]
                code = self.country_of_words(words)
                if code:
                    return code
        return None

    def appos_office(self, head: Token):
        if head.i not in self.with_child("appos"):
            return None
        for c in head.children:
            if c.dep_ == "appos":
                text = " ".join(t.text for t in c.subtree if t.i < c.i + 1)
                offs = self.kb.find_offices(text)
                if offs:
                    return offs[-1][1]
        return None

    def run(self) -> ActorIndex:
        # the country the story is about: its most-mentioned country or demonym
        counts: dict[str, int] = {}
        for ent in self.ents:
            if ent.label_ in ("GPE", "NORP"):
                text = span_text(ent)
                c = self.kb.country(text) or self.kb.demonym(text)
                if c is not None:
                    counts[c.code] = counts.get(c.code, 0) + 1
        self.dominant = max(counts, key=counts.get) if counts else None
        self.story_codes = set(counts)
        self.country_refs = sorted(
            (ent.start, c.code)
            for ent in self.ents
            if ent.label_ in ("GPE", "NORP")
            for text in [span_text(ent)]
            for c in [self.kb.country(text) or self.kb.demonym(text)]
            if c is not None
        )
        self.full_names: dict[str, list[str]] = {}
        for ent in self.ents:
            if ent.label_ == "PERSON":
                parts = POSSESSIVE.sub("", span_text(ent).strip()).replace("’", "'").split()
                if len(parts) > 1 and parts[0][:1].isupper():
                    full = " ".join(parts)
                    known = self.full_names.setdefault(parts[-1].lower(), [])
                    if not any(_same_name(full, k) for k in known):
                        known.append(full)
        for surname, known in self.full_names.items():
            if len(known) > 1:
                # "Asian NATO Ishiba", a subheading run into the sentence after it, is not another
                # person when the story names "Shigeru Ishiba": keep the names with no party word
                clean = [k for k in known if not self.party_words(k.split()[:-1])]
                if clean:
                    self.full_names[surname] = clean
        self.names()
        self.known_names()
        self.descriptors()
        self.bare_surnames()
        self.coreference()
        return self.index


# lowercase particles inside names: a name that ends with one was cut short by the tagger
NAME_PARTICLES = {"von", "van", "der", "den", "de", "da", "del", "della", "di", "du", "dos", "das", "la",
                  "le", "al", "bin", "ibn", "el", "ben", "abu", "ter", "ten"}  # fmt: skip


def _whole_name(ent: Span) -> Span:
    """ "Ursula von der" + "Leyen": a person's name the tagger ended on a particle goes on to the
    capitalised word after it."""
    doc, end = ent.doc, ent.end
    while end < len(doc) and end - ent.end < 3 and doc[end - 1].lower_ in NAME_PARTICLES:
        if not (doc[end].is_title or doc[end].lower_ in NAME_PARTICLES):
            break
        end += 1
    if end == ent.end or doc[end - 1].lower_ in NAME_PARTICLES:
        return ent
    return Span(doc, ent.start, end, label=ent.label_)


def _split_possessive(ent: Span, kb: KB) -> list[Span]:
    """ "Al-Sharaa's HTS" tagged as one person: a possessive inside a name ends it; what follows
    is the thing possessed, an organisation when the KB knows it."""
    text = span_text(ent)
    if ent.label_ != "PERSON" or kb.country(text) or kb.organization(text):
        return [ent]  # "People's Liberation Army", "Democratic People's Republic of Korea": names
    for k in range(ent.start + 1, ent.end - 1):
        if ent.doc[k].text in ("'s", "’s"):
            rest = ent.doc[k + 1 : ent.end]
            label = "ORG" if kb.organization(span_text(rest)) else ent.label_
            return [Span(ent.doc, ent.start, k, label=ent.label_), Span(ent.doc, k + 1, ent.end, label=label)]
    return [ent]


def _same_name(a: str, b: str) -> bool:
    """ "Richard Bennett" and "Richard J. Bennett" are one person; "Naftali Bennett" is another."""
    return a.split()[0].lower() == b.split()[0].lower()


def dateline_end(toks: list[Token]) -> int:
    """Token index after a wire dateline ("KHARTOUM, Sudan (AP) —"), else 0: a dateline names
    where the story was filed, not an actor."""
    for i, t in enumerate(toks[:14]):
        if t.text in ("—", "–", "--") or (t.text == "-" and i > 1):
            head = [x for x in toks[:i] if x.is_alpha]
            if head and head[0].is_upper and len(head[0].text) > 1:
                return i + 1
            return 0
        if t.is_space and "\n" in t.text:
            return 0
    return 0


_VOCAB: dict[int, frozenset[str]] = {}


def title_vocabulary(kb: KB) -> frozenset[str]:
    """Every word of every office name, for spotting lowercase titles ("former president")."""
    vocab = _VOCAB.get(id(kb))
    if vocab is None:
        vocab = frozenset(w for key in kb._office for w in key.split())
        _VOCAB[id(kb)] = vocab
    return vocab


def find_actors(doc: Doc, published: date | None = None, kb: KB | None = None) -> ActorIndex:
    return Resolver(doc, published, kb or default_kb()).run()
