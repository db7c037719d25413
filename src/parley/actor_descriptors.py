"""Actors pass 2: descriptors, noun phrases whose head is a sector noun, institution or office."""

from __future__ import annotations

import functools
import re
from importlib import resources

import numpy
import yaml
from spacy.symbols import NOUN, PROPN
from spacy.tokens import Span, Token

from .actor_index import COREF_NOUNS, NOT_DESCRIPTORS, PAIR_WORDS, Mention
from .kb import KB
from .nlp import span_text, string_ids


def _head_word(name: str) -> str:
    """The head noun of a descriptor's name, singular: "Kenyan police" -> "police"."""
    words = name.lower().split()
    w = words[-1] if words else ""
    return w[:-1] if w.endswith("s") and not w.endswith("ss") and len(w) > 3 else w


class DescriptorsPass:
    """Methods of ``actors.Resolver`` for pass 2 ("Iraqi officials", "the Pentagon")."""

    def noun_phrase(self, head: Token) -> Span:
        return self.doc[self.np_start(head.i) : head.i + 1]

    def np_start(self, i: int) -> int:
        """First token of the noun phrase headed by token ``i``: its determiners and modifiers,
        less a leading article. Remembered by head: both the descriptor and the coreference
        pass ask it of most nouns, and ``head.lefts`` makes a Token per left child."""
        left = self._np_starts.get(i)
        if left is not None:
            return left
        left = i
        # ``head.lefts`` by position: the tokens from the head's left edge on whose head it is,
        # nearest first; none when the heads name no child on the left (``head.lefts`` lists
        # only children the heads name), and then no Token is made for the left edge
        heads, deps = self.heads, self.deps
        first = self.toks[i].left_edge.i if i in self.left_parents else i
        for j in range(i - 1, first - 1, -1):
            if heads[j] != i:
                continue
            if deps[j] in NP_DEP_IDS:
                left = min(left, self.toks[j].left_edge.i)
            else:
                break
        while left < i and self.toks[left].lower_ in ("the", "a", "an", ",", "'s", "’s"):
            left += 1
        self._np_starts[i] = left
        return left

    def descriptor_candidates(self) -> tuple[list[int], set[int]]:
        """The tokens the descriptor loop looks at: nouns and proper nouns, and of the common
        nouns only those some knowledge-base phrase ends with or a country word modifies ("Iraqi
        towns"). The same tests as the loop's first ones, on the arrays of the whole story: most
        tokens fail them, and a Token and its strings for each would cost more than the pass.
        Also returns the nouns let in only by a modifier, which the loop checks on the Token:
        ``Token.children`` looks between the edges spaCy computed, and a child the heads name
        could lie outside them."""
        if not len(self.toks):
            return [], set()
        strings = self.doc.vocab.strings
        heads = head_words(self.kb)
        noun = self.a_pos == NOUN
        ends = self.lower_in(_head_ids(self.kb))
        # the lemma lowercased: each distinct lemma of the story's nouns once
        lemmas, at = numpy.unique(self.a_lemma[noun], return_inverse=True)
        ends[noun] |= numpy.array([strings[x].lower() in heads for x in lemmas.tolist()], dtype=bool)[at]
        # or a child "amod"/"compound"/"nmod"/"poss" inside a NORP or GPE entity (a token is not
        # its own child)
        modified = set()
        for j in numpy.flatnonzero((self.a_ent == NORP_ID) | (self.a_ent == GPE_ID)).tolist():
            if self.deps[j] in MODIFIER_DEP_IDS and self.heads[j] != j and not ends[self.heads[j]]:
                modified.add(self.heads[j])
        ends[list(modified)] = True
        return numpy.flatnonzero((self.a_pos == PROPN) | (noun & ends)).tolist(), modified

    def _possessors(self, tok: Token) -> set[int]:
        """The tokens of the possessors of ``tok`` ("Chile's" in "Chile's stance"). Most nouns
        have none, and the heads say so without a Token for each child: a child spaCy lists
        is one the heads name."""
        if tok.i not in self.with_child("poss"):
            return set()
        return {t.i for c in tok.children if c.dep_ == "poss" for t in c.subtree}

    def _country_modified(self, tok: Token) -> bool:
        """A country word modifies ``tok`` ("Iraqi towns")."""
        return any(
            c.dep_ in ("amod", "compound", "nmod", "poss") and (c.ent_type_ in ("NORP", "GPE"))
            for c in tok.children
        )

    def descriptors(self) -> None:
        candidates, modified = self.descriptor_candidates()
        for i in candidates:
            if self.index.at(i) is not None:
                continue
            tok = self.toks[i]
            if i in modified and tok.pos_ == "NOUN" and not self._country_modified(tok):
                continue
            if tok.dep_ in ("compound",) and tok.head.pos_ in ("NOUN", "PROPN") and not self._author(tok):
                continue
            if tok.lemma_.lower() in COREF_NOUNS:
                continue  # "the former Soviet country" is coreference (pass 3)
            if tok.pos_ == "NOUN" and self.kb.is_thing(tok.lemma_):
                continue  # "Afghan soil", "a market", "the hotel": things, not actors
            start = self.np_start(i)
            # "Sudan's army", "Kosovo police": the country keeps its own mention, the rest is ours
            cut = start
            while cut < tok.i and (self.index.at(cut) is not None or self.toks[cut].tag_ == "POS"):
                cut += 1
            # the whole phrase as the Tokens read once (a Span makes new ones on each pass over
            # it); the phrase from ``cut`` on, ours, by its bounds: a Span only where one is kept
            full_np, np_text = self.toks[start : i + 1], self.text_of(cut, i + 1)
            words = [
                t for t in full_np if not (t.like_num or t.lower_ in ("thousands", "hundreds", "dozens"))
            ]
            if not words:
                continue
            text = " ".join([t.text for t in words if t.dep_ not in ("det",) and t.tag_ != "JJS"])
            np_low = np_text.lower()
            if PAIR_WORDS.match(np_low) or np_low in NOT_DESCRIPTORS:
                continue
            name_start = self._untagged_name(tok, cut)
            if name_start is not None:
                # "Indian foreign ministry spokesperson Ravi Dhar": a person the tagger missed,
                # behind a title; pass 1 reads the name and its title
                self.person(self.doc[name_start : tok.i + 1])
                continue
            if (
                tok.tag_ in ("NN", "NNP")  # "authorities", "businesses": plural, people
                and self.kb.activity_or_group(tok.lemma_)
                and not (len(words) > 1 and self.kb.sector_noun(f"{words[-2].lower_} {tok.lower_}"))
                and not self._owned(tok, full_np, words)
            ):
                continue  # "global leadership", "justice", "press freedom": an activity, no group
            ph = self.kb.phrase(text, self.on)
            for k in range(1, len(words) - 1):
                if ph is not None:
                    break
                # the longest ending the knowledge base reads: "the country's rebel groups",
                # "returned asylum seekers" (a possessor or a participle it does not know)
                if words[k].tag_ != "POS":
                    ph = self.kb.phrase(" ".join(t.text for t in words[k:]), self.on)
            if ph is None:
                # adjectives the KB does not read: "Angry activists", "ethnic Albanians"
                noun = self.kb.sector_noun(tok.text) or self.kb.sector_noun(tok.lemma_)
                if noun is None:
                    # "a Tunisian city", "Iraqi towns", "an American destroyer": the country is
                    # known even when the noun is not a sector word
                    # a possessor is an owner, not a side: "Chile's stance", "Peru's tanks" are
                    # Chile's and Peru's things, and the owner is an actor of its own
                    owned = self._possessors(tok)
                    codes = self.coordinated_codes([t for t in words[:-1] if t.i not in owned])
                    if tok.pos_ == "NOUN" and not (
                        self.kb.noun_class(tok.text) or self.kb.noun_class(tok.lemma_)
                    ):
                        # "an Indian proposal", "Chinese subsidies": no actor of their own, but
                        # what a state proposes or pays is the state's (PLOVER codes "rejected an
                        # Indian proposal" as a rejection of India); things stay no one's
                        if codes and not self.kb.is_thing(tok.lemma_):
                            ids = [self.index.place_actor(c) for c in codes]
                            self.index.implied.difference_update(ids)
                            self.index.add_mention(Mention(cut, i + 1, tok.i, ids, "descriptor"))
                        continue
                    party = None if codes else self.party_of_words(words[:-1])
                    if party is not None and tok.pos_ == "NOUN":
                        self._party_descriptor(self.doc[cut : i + 1], tok, party)
                        continue
                    if len(codes) > 1 and tok.pos_ == "NOUN":
                        # "the Turkish and Greek sides": one phrase, two actors
                        ids = [self._descriptor_id(f"{c} {tok.text}", "group", c, None) for c in codes]
                        self.index.add_mention(Mention(cut, i + 1, tok.i, ids, "descriptor"))
                        continue
                    code = codes[0] if codes else None
                    if code and tok.pos_ == "NOUN" and not self.kb.is_thing(tok.lemma_):
                        self._descriptor_actor(self.doc[cut : i + 1], "group", code, None, np_text)
                    continue
                code = self.country_of_words(words[:-1])
                ph_kind, ph_code, ph_sector = noun.kind, code, noun.sector
                for t in words[:-1]:
                    m = self.kb.modifier(t.text)
                    if m is not None:
                        ph_sector = m.sector
            else:
                ph_kind, ph_code, ph_sector = ph.kind, ph.code, ph.sector
                if ph.entry is not None and ph.entry.needs_country is False and ph.code:
                    ph_kind = ph.entry.kind
            if ph_kind == "person" and ph_code is None and tok.lower_ in ("president", "minister"):
                continue  # a bare title is coreference (pass 3), not a new actor
            if ph_kind == "state":
                continue  # country names are pass 1's
            if ph_code is None:
                # "Islamic State terror group", "Hamas fighters": a named modifier gives the side
                for t in full_np[:-1]:
                    m = self.index.at(t.i)
                    if m is not None and self.index.actors[m.actor_id].code:
                        ph_code = self.index.actors[m.actor_id].code
                        break
            if ph_code is None:
                # a country word the phrase reading skipped, behind another adjective: "illegal
                # Mexican immigrants" are Mexicans, wherever the story is
                owned = self._possessors(tok)
                codes = self.coordinated_codes([t for t in words[:-1] if t.i not in owned])
                ph_code = codes[0] if codes else None
            if ph_code is None and tok.dep_ == "conj":
                # "Israeli helicopters and tanks": the tanks are Israeli too
                m = self.index.at(tok.head.i)
                if m is not None:
                    ph_code = self.index.actors[m.actor_id].code
            if ph_code is None:
                ph_code = self.poss_or_of_country(tok)
            if ph_code is None:
                party = self.party_of_words(words[:-1])  # "European negotiators": the EU's
                ph_code = party.code if party is not None else None
            if ph_code is None and not any(self.kb.no_country(t.text) for t in words[:-1]):
                ph_code = self.context_country(tok)  # "international forces" stay without one
            # "US government", "Taliban fighters": the name in front keeps its own mention, and
            # the phrase as the reader sees it is the whole run ("the US government agreed")
            shown = None
            m = self.index.at(start) if start < cut else None
            if (
                m is not None
                and m.end == cut
                and self.toks[m.head].dep_ in ("compound", "nmod", "amod")
                and self.index.actors[m.actor_id].code == ph_code
            ):
                shown = self.doc[start : i + 1]
            self._descriptor_actor(self.doc[cut : i + 1], ph_kind, ph_code, ph_sector, np_text, shown)

    def _author(self, tok: Token) -> bool:
        """A sector noun in front of a common noun that is no actor: "the Kenyan government
        proposal", "an army statement", "a police crackdown" are the government's, the army's and
        the police's, who are actors."""
        head = tok.head
        noun = self.kb.sector_noun(tok.lemma_) if tok.pos_ == "NOUN" else None
        return (
            noun is not None
            and head.pos_ == "NOUN"
            and (
                head.lower_ in authored_nouns()
                or head.lower_ in act_nouns()
                and noun.sector in act_doer_sectors()
                and tok.lemma_.lower() not in _authored_file().get("means", ())
            )
        )

    def _untagged_name(self, tok: Token, np_start: int) -> int | None:
        """Start of a run of two or more capitalised proper nouns ending a noun phrase (from
        ``np_start`` to ``tok``) right after a common noun ("spokesperson Ravi Dhar"), or None."""
        if tok.pos_ != "PROPN" or not tok.is_title:
            return None
        k = tok.i
        while k - 1 >= np_start and self.toks[k - 1].pos_ == "PROPN" and self.toks[k - 1].is_title:
            k -= 1
        if tok.i - k < 1 or k == np_start or self.toks[k - 1].pos_ != "NOUN":
            return None
        if any(self.kb.country(t.text) or self.kb.demonym(t.text) for t in self.toks[k : tok.i + 1]):
            return None
        return k

    def party_of_words(self, toks: list[Token]):
        """The organisation an adjective in front names ("the European side"), or None."""
        for k, t in enumerate(toks):
            entry = self.kb.party_adjective(t.text)
            if entry is not None and not (k and toks[k - 1].is_title):
                return entry  # not "Central European leaders": a region's, not the bloc's
        return None

    def _party_descriptor(self, np: Span, tok: Token, party) -> None:
        """ "the European side" is the bloc itself; "European diplomats" are the bloc's people."""
        if tok.lemma_.lower() == "side":
            aid = self.index.new_actor(("entry", party.name), name=party.name, kind=party.kind,
                                       code=party.code, sector=party.sector_on(self.on))  # fmt: skip
            self.index.add_mention(Mention(np.start, np.end, tok.i, [aid], "descriptor"))
            self.groups.append((np.start, aid))
        else:
            self._descriptor_actor(np, "group", party.code, None, span_text(np))

    def _owned(self, tok: Token, full_np: list[Token], words: list[Token]) -> bool:
        """Something says whose the noun is: "the"/"this", a possessive, a country or a named
        party in front of it ("the leadership", "China's leadership", "Chinese security")."""
        for c in tok.children:
            if c.dep_ == "poss" or (
                c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those")
            ):
                return True
        if any(self.index.at(t.i) is not None for t in full_np[:-1]):
            return True
        return bool(self.coordinated_codes(words[:-1]))

    def poss_or_of_country(self, tok: Token) -> str | None:
        """ "Iraq's interim government", "the government of Sindh province", "opposition parties in Nepal"."""
        if tok.i not in self.with_child("poss") and tok.i not in self.with_child("prep"):
            return None
        for c in tok.children:
            if c.dep_ == "poss":
                cc = self.kb.country(c.text) or self.kb.demonym(c.text)
                if cc is not None:
                    return cc.code
                m = self.index.at(c.i)
                if m is not None and self.index.actors[m.actor_id].code:
                    return self.index.actors[m.actor_id].code
            if c.dep_ == "prep" and c.lower_ in ("of", "in", "from"):
                for p in c.children:
                    if p.dep_ == "pobj":
                        cc = self.kb.country(p.text)
                        if cc is None:
                            m = self.index.at(p.i)
                            if m is not None and self.index.actors[m.actor_id].code:
                                return self.index.actors[m.actor_id].code
                        else:
                            return cc.code
        return None

    def context_country(self, tok: Token) -> str | None:
        """A descriptor with no country word takes the country its sentence is about."""
        start, end = self.sent_bounds(tok.i)
        at = self.index._by_token.get  # by position, no Token objects: a scan of the sentence
        for i in range(start, end):
            m = at(i)
            if m is None or i == tok.i:
                continue
            a = self.index.actors[m.actor_id]
            if a.kind in ("state", "place") and a.code:
                return a.code
        return self.dominant

    def coordinated_codes(self, toks: list[Token]) -> list[str]:
        """Every country the modifiers name, in order ("Turkish and Greek", "South Korean")."""
        if not toks:
            return []
        codes: list[str] = []
        covered: set[int] = set()
        for ent in self.ents_within(toks[0].i, toks[-1].i + 1):
            if ent.label_ in ("GPE", "NORP") and toks[0].i <= ent.start and ent.end <= toks[-1].i + 1:
                text = span_text(ent)
                c = self.kb.country(text) or self.kb.demonym(text)
                if c is not None:
                    covered.update(range(ent.start, ent.end))
                    if c.code not in codes:
                        codes.append(c.code)
        for t in toks:
            if t.i in covered:
                continue
            c = self.kb.demonym(t.text)
            if c is not None and c.code not in codes:
                codes.append(c.code)
        return codes

    def _descriptor_id(self, name: str, kind: str, code: str | None, sector: str | None) -> str:
        key = ("descriptor", code, sector, kind, _head_word(name)) if code else ("descriptor", name.lower())
        return self.index.new_actor(key, name=name, kind=kind, code=code, sector=sector)

    def _descriptor_actor(
        self, np: Span, kind: str, code: str | None, sector: str | None, text: str, shown: Span | None = None
    ) -> None:
        name = _ARTICLE.sub("", text.strip())
        # one actor per country, sector and head noun: "Kenyan police" and "the police" are one,
        # "witnesses" and "protesters" in the same country are two
        key = ("descriptor", code, sector, kind, _head_word(name)) if code else ("descriptor", name.lower())
        aid = self.index.new_actor(key, name=name, kind=kind if kind != "person" else "group", code=code,
                                   sector=sector)  # fmt: skip
        root = np.root  # found anew on each access
        self.index.add_mention(Mention(np.start, np.end, root.i, [aid], "descriptor"), shown=shown)
        self.groups.append((np.start, aid))
        if root.tag_ == "NN" and kind == "group" and sector not in (None, "GOV", "MIL", "LEG", "COP"):
            self.singulars.append((np.start, aid))  # "a journalist", "the teacher": he or she


_ARTICLE = re.compile(r"^(the|a|an) ", flags=re.I)
_HEADS: dict[int, frozenset[str]] = {}
_HEAD_IDS: dict[int, frozenset[int]] = {}


def head_words(kb: KB) -> frozenset[str]:
    """The last word of every descriptor, institution, office and organization the knowledge
    base knows, in the forms a token can take: the words a descriptor can end with."""
    heads = _HEADS.get(id(kb))
    if heads is None:
        words = set()
        for table in (kb._sector, kb._inst, kb._office, kb._org):
            for key in table:
                if key:
                    last = key.split()[-1]
                    words.update((last, last + "s", last + "es"))
                    if last.endswith("y"):
                        words.add(last[:-1] + "ies")
                    if last.endswith("man"):
                        words.add(last[:-3] + "men")
        heads = _HEADS[id(kb)] = frozenset(words)
    return heads


def _head_ids(kb: KB) -> frozenset[int]:
    """``head_words`` as string ids, for sifting a story's lowercase forms at once."""
    ids = _HEAD_IDS.get(id(kb))
    if ids is None:
        ids = _HEAD_IDS[id(kb)] = frozenset(string_ids(head_words(kb)).tolist())
    return ids


# the dependency labels ``np_start`` takes into a noun phrase
NP_DEP_IDS = frozenset(
    string_ids(("det", "amod", "compound", "nmod", "poss", "nummod", "quantmod", "case", "punct")).tolist()
)
MODIFIER_DEP_IDS = frozenset(string_ids(("amod", "compound", "nmod", "poss")).tolist())
NORP_ID, GPE_ID = string_ids(("NORP", "GPE")).tolist()


@functools.cache
def _authored_file() -> dict:
    with resources.files("parley.data").joinpath("authored_nouns.yaml").open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@functools.cache
def authored_nouns() -> frozenset[str]:
    return frozenset(_authored_file()["nouns"])


@functools.cache
def act_nouns() -> frozenset[str]:
    """What a body does to others ("a police crackdown"): the sector noun in front is the doer."""
    return frozenset(_authored_file().get("acts", ()))


@functools.cache
def act_doer_sectors() -> frozenset[str]:
    """Sectors that may be the doer of an act noun: armed and state bodies."""
    return frozenset(_authored_file().get("act_doer_sectors", ()))
