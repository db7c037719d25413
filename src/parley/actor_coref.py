"""Actors pass 3: coreference (pronouns, titles, "the two leaders", "the country")."""

from __future__ import annotations

import bisect

import numpy
from spacy.symbols import NOUN, PROPN
from spacy.tokens import Span, Token

from .actor_index import (
    BLOC_NOUNS,
    COREF_NOUNS,
    PAIR_WORDS,
    PRONOUNS_IT,
    PRONOUNS_PL,
    PRONOUNS_SG,
    RECENT,
    Mention,
)
from .nlp import string_ids

PRONOUN_IDS = frozenset(string_ids(sorted(PRONOUNS_SG | PRONOUNS_IT | PRONOUNS_PL | {"his"})).tolist())
COMPOUND_ID, ROOT_ID = string_ids(["compound", "ROOT"]).tolist()
CLAUSE_IDS = frozenset(string_ids(["ccomp", "advcl", "xcomp", "conj", "relcl"]).tolist())


class CorefPass:
    """Methods of ``actors.Resolver`` for pass 3."""

    def _recent(self, pool: list[tuple[int, str]], before: int, pred=None) -> str | None:
        """The last actor of ``pool`` (sorted by position) mentioned before token ``before``."""
        k = bisect.bisect_left(pool, (before, ""))
        for _, aid in reversed(pool[max(0, k - RECENT) : k]):
            if pred is None or pred(self.index.actors[aid]):
                return aid
        return None

    def coreference(self) -> None:
        self.persons.sort()
        self.groups.sort()
        self.states.sort()
        groups_states = sorted(self.groups + self.states)
        nonpersons = [x for x in groups_states if self.index.actors[x[1]].kind != "person"]
        first_seen: dict[str, int] = {}
        for i, aid in groups_states:
            first_seen.setdefault(aid, i)
        covered = self.index._by_token  # read directly: this asks for every token of the story
        for i in self.coref_candidates():
            if i in covered:
                continue
            tok = self.toks[i]
            low = tok.lower_
            if low in PRONOUNS_SG and tok.pos_ == "PRON" or low == "his":
                aid = self.pronoun_antecedent(tok)
                if aid:
                    self.index.add_mention(Mention(tok.i, tok.i + 1, tok.i, [aid], "pronoun"))
            elif (
                low in PRONOUNS_IT
                and tok.dep_ in ("nsubj", "nsubjpass", "poss", "dobj", "pobj")
                and tok.head.lemma_ not in ("be", "seem", "appear", "take", "remain")
            ):
                # "Syria says it is willing": a state or organization, never a person
                aid = self.reporter(tok, lambda a: a.kind != "person") or self._recent(nonpersons, tok.i)
                if aid and self.sent_bounds(tok.i)[0] <= first_seen.get(aid, tok.i) + 200:
                    self.index.add_mention(Mention(tok.i, tok.i + 1, tok.i, [aid], "pronoun"))
            elif low in PRONOUNS_PL and tok.pos_ == "PRON":
                # "The officials also said they arrested ...": the reporters themselves
                aid = self.reporter(tok, lambda a: a.kind != "person") or self._recent(groups_states, tok.i)
                if aid:
                    self.index.add_mention(Mention(tok.i, tok.i + 1, tok.i, [aid], "pronoun"))
            elif tok.pos_ in ("NOUN", "PROPN") and tok.dep_ != "compound":
                # the noun phrase by its bounds: a Span is made only for the few read further
                start, end = self.np_start(i), i + 1
                det = self.toks[start - 1].lower_ if start > 0 else ""
                if det != "the" and self.toks[start].lower_ not in ("the", "two", "both"):
                    continue  # no "the": neither a pair ("two leaders") nor a title read below
                words = self.text_of(start, end).lower()  # the phrase's text, cut once
                # "two"/"both" first: PAIR_WORDS needs one, and most phrases have neither
                pair_words = ("two" in words or "both" in words) and (
                    PAIR_WORDS.match(words) or PAIR_WORDS.match(f"the {words}")
                )
                if pair_words:
                    if "side" in words:  # "the two sides": parties, not the people who spoke for them
                        pair = self.pair_of_parties(tok.i)
                    else:
                        pair = self.pair(tok.i, "countr" in words or "nation" in words)
                    if pair:
                        self.index.add_mention(Mention(start, end, tok.i, pair, "pair"))
                    continue
                if det != "the" and not words.startswith("the "):
                    continue
                off = self.kb.office(words.removeprefix("the "))
                if off is not None:
                    aid = self.salient_holder(tok.i, off.office)
                    start = start - 1 if det == "the" else start
                    if aid:
                        self.index.add_mention(Mention(start, end, tok.i, [aid], "title"))
                    elif tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "dative", "conj"):
                        # "demanded an apology from the prime minister" and no prime minister
                        # named: the office holder is an actor still, of no known country
                        aid = self._descriptor_id(off.office, "person", None, "GOV")
                        self.index.add_mention(Mention(start, end, tok.i, [aid], "title"))
                elif tok.lemma_.lower() in BLOC_NOUNS and end - start <= 3:
                    # "the bloc", "the Western alliance": the last organisation of states named
                    aid = self._recent(self.groups, tok.i, lambda a: a.kind == "igo")
                    if aid:
                        start = start - 1 if det == "the" else start
                        self.index.add_mention(Mention(start, end, tok.i, [aid], "title"))
                elif tok.lemma_.lower() in COREF_NOUNS and end - start <= 3:
                    # the last country named, by name or by demonym ("Iraqi ... the country's")
                    aid = self.country_antecedent(tok, self.doc[start:end])
                    if aid:
                        start = start - 1 if det == "the" else start
                        self.index.add_mention(Mention(start, end, tok.i, [aid], "title"))

    def coref_candidates(self) -> list[int]:
        """The tokens the coreference loop can do something with: the pronouns it reads, and
        nouns and proper nouns that are no compound. The loop's own tests, on the arrays of
        the whole story: a Token and its strings for each of its words cost more than the rest."""
        noun = ((self.a_pos == NOUN) | (self.a_pos == PROPN)) & (self.a_dep != COMPOUND_ID)
        return numpy.flatnonzero(self.lower_in(PRONOUN_IDS) | noun).tolist()

    def reporter(self, tok: Token, pred) -> str | None:
        """In a reported clause a pronoun is the reporter: "Trump said he had a call" -> he = Trump."""
        # up the heads by position: ``v.head`` makes a new Token at each step
        heads, deps = self.heads, self.deps
        v = heads[tok.i]
        while deps[v] != ROOT_ID and heads[v] != v:
            h = heads[v]
            if deps[v] in CLAUSE_IDS and (h in self.with_child("nsubj") or h in self.with_child("nsubjpass")):
                for s in self.toks[h].children:
                    if s.dep_ in ("nsubj", "nsubjpass") and s.i < tok.i:
                        m = self.index.at(s.i)
                        if m and pred(self.index.actors[m.actor_id]):
                            return m.actor_id
            v = h
        return None

    def country_antecedent(self, tok: Token, np: Span) -> str | None:
        """The last country named before "the country", skipping one that is another argument of
        the same verb ("Russian forces invaded the former Soviet country" is not Russia)."""
        # "the autonomous Azerbaijani republic": the phrase names its own country, unless it is
        # a former part of another ("the former Soviet republic" is coreference)
        if not any(t.lower_ == "former" for t in np):
            for t in np:
                c = self.kb.demonym(t.text) if t.i != tok.i and t.dep_ in ("amod", "compound") else None
                if c is not None:
                    return self.index.place_actor(c.code)
        verb = next((t for t in tok.ancestors if t.pos_ in ("VERB", "AUX")), None)
        others: set[int] = set()
        if verb is not None:
            for ch in verb.children:
                if ch.dep_ in ("nsubj", "nsubjpass", "dobj", "agent") and tok not in ch.subtree:
                    others.update(t.i for t in ch.subtree)
        for i, code in reversed(self.country_refs):
            if i < np.start and i not in others:
                return self.index.place_actor(code)
        return None

    def salient_holder(self, before: int, office: str) -> str | None:
        """ "the president": of the people holding that office, the one the story is about so far
        (most mentions; the more recent on a tie)."""
        office = office.lower()
        score: dict[str, float] = {}
        k = bisect.bisect_left(self.persons, (before, ""))
        for n, (_, aid) in enumerate(self.persons[max(0, k - RECENT) : k]):
            a = self.index.actors[aid]
            if a.office and (a.office.lower() == office or office in a.office.lower()):
                score[aid] = score.get(aid, 0) + 1 + n * 1e-3
        for m in self.index.mentions[-RECENT:]:
            if m.start < before and m.kind in ("pronoun", "title") and m.actor_id in score:
                score[m.actor_id] += 1
        return max(score, key=score.get) if score else None

    def pronoun_antecedent(self, tok: Token) -> str | None:
        sent_start = self.sent_bounds(tok.i)[0]
        aid = self.reporter(tok, lambda a: a.kind == "person")
        if aid:
            return aid
        k = bisect.bisect_left(self.persons, (tok.i, ""))
        # an object pronoun is not its own clause's subject: "X detained a reporter and freed him"
        exclude: set[str] = set()
        if tok.dep_ in ("dobj", "dative", "pobj"):
            v = tok.head.head if tok.dep_ == "pobj" else tok.head
            while v.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in v.children):
                v = v.head
            for c in v.children:
                m = self.index.at(c.i) if c.dep_ in ("nsubj", "nsubjpass") else None
                if m is not None:
                    exclude.update(m.actor_ids)
        cands = [(i, a) for i, a in self.persons[max(0, k - RECENT) : k] if a not in exclude]
        if not cands:
            # no person: a singular human descriptor ("an independent journalist ... him")
            near = [(i, a) for i, a in self.singulars if i < tok.i and tok.i - i < 60 and a not in exclude]
            return near[-1][1] if near else None
        aid = cands[-1][1]
        # prefer the subject of the previous sentence when the nearest person is an object
        prev_subjects = []
        for i, cand in reversed(cands):
            if i < sent_start - 80:
                break
            m = self.index.at(i)
            if m is not None and self.toks[m.head].dep_ in ("nsubj", "nsubjpass"):
                prev_subjects.append((i, cand))
        if prev_subjects and aid not in {c for _, c in prev_subjects}:
            near_i = cands[-1][0]
            subj_i, subj = prev_subjects[0]
            if self.sent_bounds(near_i)[0] < sent_start and near_i - subj_i < 40:
                return subj
        return aid

    def pair(self, before: int, states: bool) -> list[str]:
        pool = self.states if states else self.persons
        out: list[str] = []
        for i, aid in reversed(pool):
            if i < before and aid not in out:
                out.append(aid)
            if len(out) == 2:
                break
        return list(reversed(out)) if len(out) == 2 else []

    def pair_of_parties(self, before: int) -> list[str]:
        """ "the two sides": the last two parties of different countries or organisations named
        before, states, organisations of states or "the Chinese side"; else the last two people."""
        pool = sorted(self.states + self.groups)
        out: list[str] = []
        codes: set[str] = set()
        for i, aid in reversed(pool):
            a = self.index.actors[aid]
            if i >= before or aid in out or not a.code or a.code in codes:
                continue
            if a.kind in ("state", "igo") or a.name.lower().endswith(" side"):
                out.append(aid)
                codes.add(a.code)
            if len(out) == 2:
                return list(reversed(out))
        return self.pair(before, False)
