"""Roles: who did it to whom, for each trigger, through the whole clause."""

from __future__ import annotations

from spacy.tokens import Token

from ..actor_descriptors import authored_nouns
from ..lexicon import Lexicon
from .documents import Documents
from .sweep import STATE_VERBS, Sweep
from .syntax import (
    SUBJ,
    WH,
    agents,
    clause_window,
    complement,
    direct_objects,
    implausible_parse,
    is_passive,
    prep_objects,
    subjects,
    verb_root,
    with_conj,
)
from .triggers import Candidate

# Prepositions that name a partner when the rule names none, by event type: a movement's
# partner is where it leaves FROM, an assault's what it is AGAINST.
DEFAULT_PREPS = {"with", "to", "against", "on", "from", "for", "toward", "towards"}
TYPE_PREPS = {
    "RETREAT": {"from", "with", "to"},
    "ASSAULT": {"against", "on", "at"},
    "COERCE": {"against", "on"},
    "PROTEST": {"against", "outside", "at"},
    "AID": {"to", "for"},
    "SANCTION": {"on", "against", "with", "from", "to"},
}


# Acts of force: their target is a party, never another act ("an attack ON a patrol by ...").
FORCE_TYPES = {"ASSAULT", "COERCE"}
# Verbs whose subject takes part in the event their "in" phrase names.
PARTICIPATE = {"participate", "engage", "join", "take", "partake", "involve"}


class Arguments(Sweep, Documents):
    def __init__(self, index, lexicon: Lexicon):
        self.index = index
        self.cues = lexicon.cues
        self.light = set(lexicon.cues["light_verbs"])
        self.credit = set(lexicon.cues["credit_verbs"])
        self.motion = set(lexicon.cues["motion_verbs"])
        self.transfer = set(lexicon.cues.get("transfer_verbs", ()))
        self.reporting = set(lexicon.cues["reporting"])
        self.stance = set(lexicon.cues.get("stance_verbs", ()))
        self.creation = set(lexicon.cues.get("creation_verbs", ()))
        self.claims = set(lexicon.cues.get("claim_verbs", ()))
        self.authoring = set(lexicon.cues.get("authoring_verbs", ()))

    def anchor(self, c: Candidate) -> Token:
        """Where a trigger's arguments hang: a noun trigger that modifies another noun ("a
        mediation effort between ...", "an arrest warrant against ...", "a hunger strike")
        has them on that noun, unless that noun is a party ("aid workers", "riot police":
        no event)."""
        tok = c.token
        head = tok.head
        if (
            tok.dep_ == "compound"
            and tok.pos_ in ("NOUN", "PROPN")
            and head.pos_ in ("NOUN", "PROPN")
            and self.index.at(head.i) is None
            and (
                head.dep_ in ("dobj", "attr", "nsubjpass")
                and head.head.lemma_.lower() in self.light
                or head.dep_ == "pobj"
                and head.head.head.lemma_.lower() in self.motion | self.light
            )
        ):
            return head  # only as the event a light or motion verb names: "issued an arrest warrant"
        return tok

    def found(self, c: Candidate, role: str, ids: list[str], path: str) -> list[str]:
        """Record ``ids`` as ``role`` participants of ``c``, found by ``path``; the new ones."""
        new = []
        for aid in ids:
            if aid in c.actors or aid in c.recipients:
                continue
            (c.actors if role == "actor" else c.recipients).append(aid)
            c.paths.setdefault(aid, path)
            new.append(aid)
        return new

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
        """Actor and recipient of ``c``, each with the path that found it (``c.paths``)."""
        tok, rule = c.token, c.rule
        verb = tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")
        if not verb:
            tok = self.anchor(c)
        if tok.pos_ == "ADJ":  # "X is willing to ..."
            subs = subjects(tok.head)
            self.found(c, "actor", self.ids(subs), "adjective-subject")
            if not c.actors:
                self.found(c, "actor", self.reporter_of_pronoun(subs), "reporter-pronoun")
        elif rule.say_must:
            return  # filled where it is matched
        elif verb:
            if is_passive(tok):
                self.found(c, "actor", self.ids(agents(tok)), "passive-agent")
                if not c.actors and rule.type in FORCE_TYPES:
                    # "was killed in an attack on a patrol BY rebels": the act's agent is the verb's
                    acts = prep_objects(tok, {"in"})
                    by = [a for n in acts for a in prep_objects(n, {"by"}) + self.target_by(n)]
                    self.found(c, "actor", self.ids(by), "event-noun-agent")
            else:
                subs = subjects(tok)
                self.found(c, "actor", self.ids(subs), self.subject_path(tok))
                if not c.actors:
                    self.found(c, "actor", self.reporter_of_pronoun(subs), "reporter-pronoun")
                if not c.actors:
                    self.found(c, "actor", self.document_author(tok), "document-author")
        else:
            ids, path = self.noun_actors(tok, rule.symmetric, rule.type in FORCE_TYPES)
            self.found(c, "actor", ids, path)
        if not c.actors and implausible_parse(tok):
            self.second_reading(c, "actor")
        if tok.pos_ != "ADJ":
            self.rule_recipients(c, verb)
        if rule.type == "ACCUSE":
            # "complained to the AU OVER Chad's shelling": the complaint's cause names the accused
            cause = [a for a in self.ids(prep_objects(tok, {"over", "about"})) if a not in c.actors]
            self.found(c, "recipient", cause, "complaint-cause")
        if not c.recipients and not rule.symmetric:
            # "a complaint that alleged ...", "filed a lawsuit that accuses ...": the act's words
            acts = direct_objects(tok) if verb else [tok]
            for a in acts:
                if self.index.at(a.i) is None:
                    self.found(c, "recipient", self.content_partner(a, c.actors), "content-clause")
        if not c.recipients and not rule.symmetric:
            self.fallback_recipients(c, verb)
        if c.actors and not c.recipients and (not rule.symmetric or len(c.actors) == 1):
            self.sweep(c, verb)
        if not c.recipients and any(p == "word-order-agent" for p in c.paths.values()):
            self.second_reading(c, "recipient")
        if rule.symmetric:
            # every party of a meeting or agreement is an actor; a place it concerns stays the
            # target ("agreed to a truce IN northern Darfur")
            c.actors += [r for r in c.recipients if c.paths.get(r) != "sweep:place"]
            c.recipients = [r for r in c.recipients if c.paths.get(r) == "sweep:place"]

    def reporter_of_pronoun(self, subs: list[Token]) -> list[str]:
        """ "Algeria says it is ready to ...", "the spokesman said they back ...": a pronoun
        the actor pass left open, subject of a reported clause, is the reporter."""
        if len(subs) != 1 or subs[0].lower_ not in ("it", "they", "he", "she", "we"):
            return []
        v = subs[0].head
        while v.dep_ in ("conj", "xcomp") and v.head is not v:
            v = v.head
        if v.dep_ != "ccomp" or v.head.lemma_.lower() not in self.reporting:
            return []
        return self.ids([x for x in v.head.children if x.dep_ == "nsubj" and x.i < subs[0].i])

    def subject_path(self, tok: Token) -> str:
        v = verb_root(tok)
        if any(x.dep_ in ("nsubj", "csubj") for x in v.children):
            return "subject" if v is tok else "coordinated-verb-subject"
        if v.dep_ == "relcl":
            return "relative-clause"
        if (
            v.dep_ == "pcomp"
            and v.head.lower_ in ("of", "for")
            and any(c.dep_ in ("dobj", "nsubjpass") for c in v.head.head.children)
        ):
            return "object-control"
        if v.dep_ in ("xcomp", "advcl", "conj", "pcomp"):
            return f"controlled-subject:{v.dep_}"
        return "participle-head"

    def rule_recipients(self, c: Candidate, verb: bool) -> None:
        """The recipient through the argument slots the trigger's rule names."""
        tok, rule = (c.token if verb else self.anchor(c)), c.rule
        for s in rule.recipient:
            path = "object" if s == "obj" else ("indirect-object" if s == "iobj" else f"prep:{s}")
            if s == "obj" and verb and is_passive(tok):
                path = "passive-subject"
            toks = self.slot(tok, s, verb)
            if (
                path == "object"
                and tok.lemma_.lower() in self.stance
                and self.found(c, "recipient", self.own_act_partner(toks, c.actors), "object-partner")
            ):
                continue
            self.found(c, "recipient", self.object_ids(toks) if path == "object" else self.ids(toks), path)
        preps = {s for s in rule.recipient if s not in ("obj", "iobj")}
        if not c.recipients and preps:
            # "granted asylum TO X", "imposed sanctions ON X", "a suspension of air links WITH X":
            # the partner's preposition often hangs on the object rather than the trigger
            holders = direct_objects(tok) if verb else prep_objects(tok, {"of"})
            for h in holders:
                self.found(c, "recipient", self.ids(prep_objects(h, preps)), "object-prep")
        if not c.recipients and verb and "to" in preps:
            self.found(c, "recipient", self.ids(self.relative_clause_goal(tok)), "relative-clause-goal")
        if not c.recipients and rule.consumes and (verb or tok.pos_ == "ADJ"):
            self.found(c, "recipient", self.complement_partner(tok, c.actors), "complement")
        if (
            not c.recipients
            and not verb
            and tok.dep_ == "pobj"
            and tok.head.head.lemma_.lower() in self.motion
        ):
            self.found(
                c, "recipient", self.ids(prep_objects(tok.head.head, {"in", "to", "at"})), "motion-goal"
            )
        if not c.recipients and not verb:
            head = tok.head
            if tok.dep_ in ("nsubj",) and head.pos_ == "VERB":
                # "the airstrike killed 20 soldiers": the noun is the subject of a verb
                self.found(c, "recipient", self.ids(direct_objects(head)), "event-subject-object")
            elif tok.dep_ in ("dobj", "nsubjpass") and head.lemma_.lower() in self.light:
                # "staged rallies ... against the leader": the partner hangs on the light verb
                for s in rule.recipient:
                    if s not in ("obj", "iobj"):
                        self.found(c, "recipient", self.ids(prep_objects(head, {s})), f"light-verb-prep:{s}")

    def object_ids(self, objs: list[Token]) -> list[str]:
        """ "rejected a call FROM Washington for the militia to disarm", "accepted an offer BY
        the rebels": what a body puts forward is its author's, and the author is the partner,
        not whoever the proposal is about."""
        out: list[str] = []
        for o in objs:
            by = []
            if self.index.at(o.i) is None and o.lower_ in authored_nouns():
                by = self.ids(prep_objects(o, {"from", "by"}))
            out += [a for a in by or self.ids([o]) if a not in out]
        return out

    def relative_clause_goal(self, verb: Token) -> list[Token]:
        """ "handed back a manuscript that was taken in 1942 from a library TO Poland": the
        parser hangs the verb's goal on its object's relative clause. The clause's last "to"
        phrase is the verb's when the clause cannot take it: a passive that tells the object's
        past, or a clause that already has a "to" phrase of its own ("a mask that dates back to
        the Bronze Age TO Greece"). Verbs of motion and transfer take their own goal."""
        for obj in direct_objects(verb):
            for rc in (x for x in obj.children if x.dep_ == "relcl"):
                if rc.lemma_.lower() in self.motion | self.transfer:
                    continue
                goals = [x for x in rc.subtree if x.dep_ == "prep" and x.lower_ == "to"]
                if not goals:
                    continue
                own_to = any(x.lower_ == "to" for x in rc.subtree if x.i < goals[-1].i)
                if is_passive(rc) or own_to:
                    return [p for p in goals[-1].children if p.dep_ == "pobj"]
        return []

    def fallback_recipients(self, c: Candidate, verb: bool) -> None:
        """When the rule's own slots find nobody, the partner is often one step further: a
        preposition the rule did not name ("called off a strike after talks WITH the
        government"), the object's own phrase ("lifted sanctions on exports TO India"), or
        the complement of an adjective or verb ("willing to withdraw its troops FROM Iraq")."""
        tok = c.token if verb else self.anchor(c)
        kind = TYPE_PREPS.get(c.rule.type, DEFAULT_PREPS)
        # "ON a visit to Nairobi, the president voiced ...": a phrase opening the sentence sets
        # the scene; it names no partner
        scene = [x for x in tok.children if x.dep_ == "prep" and x.i < tok.i and x.i == x.sent.start]
        preps = [x for x in tok.children if x.dep_ == "prep" and x not in scene]
        objs = [p for p in prep_objects(tok, kind) if not any(f.i <= p.i <= f.right_edge.i for f in scene)]
        self.found(c, "recipient", self.ids(objs), "fallback-prep")
        if c.recipients:
            return
        # "lifted sanctions on exports TO India", "agreed to a ceasefire WITH the rebels"
        holders = direct_objects(tok) if verb else prep_objects(tok, {"of"})
        holders += [p for x in preps for p in x.children if p.dep_ == "pobj"]
        for h in holders:
            self.found(c, "recipient", self.ids(prep_objects(h, kind)), "fallback-object-prep")
        if c.recipients:
            return
        own = {self.index.actor(a).code for a in c.actors} - {None}
        made = self.made(tok)
        comps = [x for x in tok.children if x.dep_ == "xcomp"] if (verb or tok.pos_ == "ADJ") else []
        for comp in comps:
            # "willing to withdraw its troops FROM Iraq": the actor's own forces are no partner
            objs = [
                a
                for o in direct_objects(comp)
                if not self.owned_by(o, set(c.actors))
                for a in self.ids([o])
                if self.index.actor(a).code not in own and a not in made
            ]
            self.found(c, "recipient", objs, "fallback-complement-object")
            if not c.recipients:
                self.found(c, "recipient", [a for a in self.ids(prep_objects(comp, kind)) if a not in made],
                           "fallback-complement-prep")  # fmt: skip
            if not c.recipients:
                for h in direct_objects(comp):
                    partners = [a for a in self.ids(prep_objects(h, kind)) if a not in made]
                    self.found(c, "recipient", partners, "fallback-complement-prep")

    def second_reading(self, c: Candidate, role: str) -> None:
        """When the parse gives the trigger no agent and cannot be right (a verb with a direct
        object read as a reduced relative, "police arrested 40 traders, witnesses said"; a
        finite verb with no subject; a date as the subject), a reading from word order and
        the clause's entities: the nearest actor before the trigger is the agent, and, when
        the slots find no partner, the first after it is the partner; neither across a clause
        boundary or a reporting verb (the reporter is never the agent)."""
        tok = c.token
        left, right = clause_window(tok, self.reporting)
        if role == "actor":
            before = list(self.mentions_in(left, tok.i))
            if before:
                self.found(c, "actor", list(before[-1].actor_ids), "word-order-agent")
            return
        for m in self.mentions_in(tok.i + 1, right):
            if self.found(c, "recipient", list(m.actor_ids), "word-order-partner"):
                break

    def mentions_in(self, start: int, end: int):
        last = None
        for i in range(start, end):
            m = self.index.at(i)
            if m is not None and m is not last and m.start >= start and m.end <= end:
                last = m
                yield m

    def made(self, tok: Token) -> set[str]:
        """Actors that are only what a complement of ``tok`` makes ("agreed to set up field
        hospitals"): no partner of ``tok``."""
        out: set[str] = set()
        for comp in complement(tok):
            phrase = " ".join([comp.lemma_.lower()] + [x.lower_ for x in comp.children if x.dep_ == "prt"])
            if comp.lemma_.lower() not in self.creation and phrase not in self.creation:
                continue
            for o in direct_objects(comp):
                m = self.index.at(o.i)
                if m is not None and m.head == o.i:
                    out.update(m.actor_ids)
                else:  # "a team OF army medics"; not "a commission WITH Sudan", a partner
                    out.update(self.ids(prep_objects(o, {"of"})))
        return out

    def complement_partner(self, tok: Token, actors: list[str]) -> list[str]:
        """ "threatened to shell Iraqi towns", "refused to allow UN planes to land", "demanded that
        its EC partners refuse ...": the partner of a verbal act is in what it is about."""
        own = {self.index.actor(a).code for a in actors} - {None}
        actors = list(actors) + sorted(self.made(tok))  # what it makes is no partner either
        for comp in complement(tok):
            subs = [s for s in comp.children if s.dep_ in SUBJ] if comp.dep_ == "ccomp" else []
            if comp.lemma_.lower() in self.transfer:
                # "offered to send police officers TO Haiti": the goal, not what is sent
                ids = [a for a in self.ids(prep_objects(comp, {"to", "iobj"})) if a not in actors]
                if ids:
                    return ids
                objs = [a for a in self.ids(direct_objects(comp)) if a not in actors]
                if objs and all(self.index.actor(a).code in own for a in objs):
                    continue  # one's own troops, and no goal: the sweep looks further
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
                    ids = [a for a in m.actor_ids + self.ids(with_conj(t)[1:]) if a not in actors]
                    if ids:
                        return list(dict.fromkeys(ids))
        return []

    def target_by(self, noun: Token) -> list[Token]:
        """ "an attack on a supply convoy BY gunmen": the parser hangs an act of force's agent
        on its target. (A protest "against violations BY the police" is against the police: only
        acts of force, whose target is a party, read it so.)"""
        return [a for t in prep_objects(noun, {"on", "against"}) for a in prep_objects(t, {"by"})]

    def noun_actors(self, tok: Token, symmetric: bool = False, force: bool = False) -> tuple[list[str], str]:
        """Who did a nominal event, and the path that says so: "Israel's attack" (possessor),
        "Russian airstrikes" (modifier), "attack by X", the subject of a light verb."""
        for path, deps in (("possessor", ("poss",)), ("modifier", ("compound", "amod", "nmod"))):
            ids = self.ids([c for c in tok.children if c.dep_ in deps])
            if ids:
                return ids, path
        ids = self.ids(prep_objects(tok, {"by", "from"}))
        if ids:
            return ids, "by-phrase"
        ids = self.ids(self.target_by(tok)) if force else []
        if ids:
            return ids, "by-phrase"
        head = tok.head
        if tok.dep_ in ("dobj", "attr", "nsubjpass") and head.lemma_.lower() in self.light:
            if is_passive(head):
                return self.ids(agents(head)), "light-verb-agent"
            return self.ids(subjects(head)), "light-verb-subject"
        if (
            tok.dep_ == "pobj"
            and head.dep_ == "prep"
            and head.lower_ in ("for", "over", "on")
            and head.head is not head
        ):
            gov = head.head
            if head.lower_ == "on" and gov.lemma_.lower() in STATE_VERBS:
                # "troops remained ON alert" (the subject), "put its army ON alert" (the object)
                objs = self.ids(direct_objects(gov))
                if objs:
                    return objs, "state-object"
                return self.ids(subjects(gov)), "state-subject"
            if gov.lemma_.lower() in self.credit:
                return self.ids(direct_objects(gov)), "credited-object"
            if gov.lemma_.lower() in self.motion:
                # "arrived in Warsaw for a two-day visit"
                return self.ids(subjects(gov)), "motion-subject"
            if gov.lemma_.lower() in self.light or gov.pos_ == "VERB":
                # "called for talks" is a REQUEST; its nested noun is consumed anyway
                return [], ""
        if tok.dep_ == "pobj" and head.lower_ == "in" and head.head.lemma_.lower() in PARTICIPATE:
            # "are taking part IN a hunger strike", "engaged in talks"; passive in form, "were
            # engaged / are involved IN fighting", its subject is still the participant
            gov = head.head
            passive = [x for x in gov.children if x.dep_ == "nsubjpass"]
            subs = subjects(gov) or (with_conj(passive[0]) if passive else [])
            return self.ids(subs), "participant-subject"
        if tok.dep_ == "conj" and head.pos_ in ("NOUN", "PROPN"):
            ids, path = self.noun_actors(head, symmetric, force)
            return ids, f"coordinated-{path}" if ids else path
        if tok.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
            # "lost their lives in Tuesday's hijacking by armed militants": the "by" phrase
            # that names the agent often hangs on the verb, not on the event noun
            ids = self.ids(prep_objects(head.head, {"by"}))
            if ids:
                return ids, "verb-by-phrase"
        # "the meeting ... in Munich, where Vance and Rubio will lead the delegation": only a
        # meeting's relative clause names its parties
        if not symmetric:
            return [], ""
        for rc in tok.subtree:
            if rc.dep_ in ("relcl", "acl") and rc.i > tok.i:
                subs = [s for s in rc.children if s.dep_ == "nsubj" and s.lower_ not in WH]
                if subs:
                    return self.ids(with_conj(subs[0])), "relative-clause-subject"
        return [], ""
