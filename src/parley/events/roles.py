"""Roles: who did it to whom, for each trigger, through the whole clause."""

from __future__ import annotations

from spacy.tokens import Token

from ..lexicon import Lexicon
from .syntax import (
    SUBJ,
    WH,
    agents,
    complement,
    direct_objects,
    is_passive,
    prep_objects,
    subjects,
    with_conj,
)
from .triggers import Candidate


class Arguments:
    def __init__(self, index, lexicon: Lexicon):
        self.index = index
        self.cues = lexicon.cues
        self.light = set(lexicon.cues["light_verbs"])
        self.credit = set(lexicon.cues["credit_verbs"])
        self.motion = set(lexicon.cues["motion_verbs"])

    def ids(self, toks: list[Token]) -> list[str]:
        out: list[str] = []
        for t in toks:
            for aid in self.index.resolve_all(t):
                if aid not in out:
                    out.append(aid)
        return out

    def slot(self, tok: Token, name: str, verb: bool) -> list[Token]:
        if name == "obj":
            if not verb:
                return []
            if is_passive(tok):
                return [c for c in tok.children if c.dep_ == "nsubjpass"] or (
                    with_conj(tok.head) if tok.dep_ == "acl" else []
                )
            return direct_objects(tok)
        if name == "iobj":
            return [c for c in tok.children if c.dep_ == "dative" and c.pos_ in ("NOUN", "PROPN", "PRON")]
        return prep_objects(tok, {name})

    def fill(self, c: Candidate) -> None:
        tok, rule = c.token, c.rule
        verb = tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")
        if tok.pos_ == "ADJ":  # "X is willing to ..."
            c.actors = self.ids(subjects(tok.head))
            return
        if rule.say_must:
            return  # filled where it is matched
        if verb:
            if is_passive(tok):
                c.actors = self.ids(agents(tok))
            else:
                c.actors = self.ids(subjects(tok))
        else:
            c.actors = self.noun_actors(tok, rule.symmetric)
        rec: list[str] = []
        for s in rule.recipient:
            rec += [a for a in self.ids(self.slot(tok, s, verb)) if a not in rec]
        preps = {s for s in rule.recipient if s not in ("obj", "iobj")}
        if not rec and preps:
            # "granted asylum TO X", "imposed sanctions ON X", "a suspension of air links WITH X":
            # the partner's preposition often hangs on the object rather than the trigger
            holders = direct_objects(tok) if verb else prep_objects(tok, {"of"})
            for h in holders:
                rec += [a for a in self.ids(prep_objects(h, preps)) if a not in rec and a not in c.actors]
        if not rec and rule.consumes and (verb or tok.pos_ == "ADJ"):
            rec = self.complement_partner(tok, c.actors)
        if not rec and not verb and tok.dep_ == "pobj" and tok.head.head.lemma_.lower() in self.motion:
            rec = [a for a in self.ids(prep_objects(tok.head.head, {"in", "to", "at"})) if a not in c.actors]
        if not rec and not verb:
            head = tok.head
            # "the airstrike killed 20 soldiers": the noun is the subject of a verb
            if tok.dep_ in ("nsubj",) and head.pos_ == "VERB":
                rec = self.ids(direct_objects(head))
            # "staged rallies ... against the leader": the partner hangs on the light verb
            elif tok.dep_ in ("dobj", "nsubjpass") and head.lemma_.lower() in self.light:
                for s in rule.recipient:
                    if s not in ("obj", "iobj"):
                        rec += [a for a in self.ids(prep_objects(head, {s})) if a not in rec]
        c.recipients = [r for r in rec if r not in c.actors]
        if rule.symmetric:
            c.actors = c.actors + [r for r in c.recipients if r not in c.actors]
            c.recipients = []

    def complement_partner(self, tok: Token, actors: list[str]) -> list[str]:
        """ "threatened to shell Iraqi towns", "refused to allow UN planes to land", "demanded that
        its EC partners refuse ...": the partner of a verbal act is in what it is about."""
        for comp in complement(tok):
            subs = [s for s in comp.children if s.dep_ in SUBJ] if comp.dep_ == "ccomp" else []
            for group in (subs, direct_objects(comp)):
                ids = [a for a in self.ids(group) if a not in actors]
                if ids:
                    return ids
            # nearest actor anywhere in the complement, outside place phrases
            for t in comp.subtree:
                if t.dep_ == "pobj" and t.head.lower_ in ("in", "at", "near", "inside", "outside"):
                    continue
                m = self.index.at(t.i)
                if m is not None and t.i == m.head:
                    ids = [a for a in m.actor_ids if a not in actors]
                    if ids:
                        return ids
        return []

    def noun_actors(self, tok: Token, symmetric: bool = False) -> list[str]:
        """Who did a nominal event: "Israel's attack", "Russian airstrikes", "attack by X", light verbs."""
        own = [c for c in tok.children if c.dep_ in ("poss", "compound", "amod", "nmod")]
        ids = self.ids(own)
        ids += [a for a in self.ids(prep_objects(tok, {"by", "from"})) if a not in ids]
        if ids:
            return ids
        head = tok.head
        if tok.dep_ in ("dobj", "attr", "nsubjpass") and head.lemma_.lower() in self.light:
            return self.ids(agents(head)) if is_passive(head) else self.ids(subjects(head))
        if (
            tok.dep_ == "pobj"
            and head.dep_ == "prep"
            and head.lower_ in ("for", "over", "on")
            and head.head is not head
        ):
            gov = head.head
            if gov.lemma_.lower() in self.credit:
                return self.ids(direct_objects(gov))
            if gov.lemma_.lower() in self.motion:
                # "arrived in Warsaw for a two-day visit"
                return self.ids(subjects(gov))
            if gov.lemma_.lower() in self.light or gov.pos_ == "VERB":
                # "called for talks" is a REQUEST; its nested noun is consumed anyway
                return []
        if tok.dep_ == "conj" and head.pos_ in ("NOUN", "PROPN"):
            return self.noun_actors(head, symmetric)
        if tok.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
            # "lost their lives in Tuesday's hijacking by armed militants": the "by" phrase
            # that names the agent often hangs on the verb, not on the event noun
            ids = self.ids(prep_objects(head.head, {"by"}))
            if ids:
                return ids
        # "the meeting ... in Munich, where Vance and Rubio will lead the delegation": only a
        # meeting's relative clause names its parties
        if not symmetric:
            return []
        for rc in tok.subtree:
            if rc.dep_ in ("relcl", "acl") and rc.i > tok.i:
                subs = [s for s in rc.children if s.dep_ == "nsubj" and s.lower_ not in WH]
                if subs:
                    return self.ids(with_conj(subs[0]))
        return []
