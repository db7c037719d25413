"""Roles: who did it to whom, for each trigger, through the whole clause."""

from __future__ import annotations

from spacy.tokens import Token

from ..lexicon import Lexicon
from .syntax import (
    SUBJ,
    WH,
    agents,
    clause_window,
    complement,
    direct_objects,
    implausible_parse,
    is_passive,
    is_purpose,
    locative,
    prep_objects,
    subjects,
    sweep_children,
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


# Verbs whose subject takes part in the event their "in" phrase names.
PARTICIPATE = {"participate", "engage", "join", "take", "partake", "involve"}
# Verbs that put someone in the state an "on" phrase names ("remained on alert").
STATE_VERBS = {"remain", "stay", "be", "stand", "keep", "put", "place"}
# Sectors of a state's own forces: never the partner of that state or its government.
OWN_FORCES = {"MIL", "COP", "SPY"}
# How many dependency steps down the clause the partner is looked for.
SWEEP_DEPTH = 7


class Arguments:
    def __init__(self, index, lexicon: Lexicon):
        self.index = index
        self.cues = lexicon.cues
        self.light = set(lexicon.cues["light_verbs"])
        self.credit = set(lexicon.cues["credit_verbs"])
        self.motion = set(lexicon.cues["motion_verbs"])
        self.transfer = set(lexicon.cues.get("transfer_verbs", ()))
        self.reporting = set(lexicon.cues["reporting"])
        self.stance = set(lexicon.cues.get("stance_verbs", ()))

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
            else:
                subs = subjects(tok)
                self.found(c, "actor", self.ids(subs), self.subject_path(tok))
                if not c.actors:
                    self.found(c, "actor", self.reporter_of_pronoun(subs), "reporter-pronoun")
        else:
            ids, path = self.noun_actors(tok, rule.symmetric)
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

    def own_act_partner(self, objs: list[Token], actors: list[str]) -> list[str]:
        """ "reiterated Brazil's support FOR the Bolivian government", "the AU's commitment to
        peace in Mali": an object
        that is the agent's own act (its owner is the agent or the agent's country) is no
        partner; the partner is in the act's phrase."""
        own = {self.index.actor(a).code for a in actors} - {None}
        for o in objs:
            if self.index.at(o.i) is not None:
                continue
            owner = self.ids([x for x in o.children if x.dep_ == "poss"])
            if not owner or not (set(owner) & set(actors) or {self.index.actor(a).code for a in owner} & own):
                continue
            found = self.sweep_from([o], [], set(actors) | set(owner), places=False)
            if found:
                return found[0]
        return []

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
            self.found(c, "recipient", self.ids(toks), path)
        preps = {s for s in rule.recipient if s not in ("obj", "iobj")}
        if not c.recipients and preps:
            # "granted asylum TO X", "imposed sanctions ON X", "a suspension of air links WITH X":
            # the partner's preposition often hangs on the object rather than the trigger
            holders = direct_objects(tok) if verb else prep_objects(tok, {"of"})
            for h in holders:
                self.found(c, "recipient", self.ids(prep_objects(h, preps)), "object-prep")
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

    def fallback_recipients(self, c: Candidate, verb: bool) -> None:
        """When the rule's own slots find nobody, the partner is often one step further: a
        preposition the rule did not name ("called off a strike after talks WITH the
        government"), the object's own phrase ("lifted sanctions on exports TO India"), or
        the complement of an adjective or verb ("willing to withdraw its troops FROM Iraq")."""
        tok = c.token if verb else self.anchor(c)
        kind = TYPE_PREPS.get(c.rule.type, DEFAULT_PREPS)
        self.found(c, "recipient", self.ids(prep_objects(tok, kind)), "fallback-prep")
        if c.recipients:
            return
        # "lifted sanctions on exports TO India", "agreed to a ceasefire WITH the rebels"
        holders = direct_objects(tok) if verb else prep_objects(tok, {"of"})
        holders += [p for x in tok.children if x.dep_ == "prep" for p in x.children if p.dep_ == "pobj"]
        for h in holders:
            self.found(c, "recipient", self.ids(prep_objects(h, kind)), "fallback-object-prep")
        if c.recipients:
            return
        own = {self.index.actor(a).code for a in c.actors} - {None}
        comps = [x for x in tok.children if x.dep_ == "xcomp"] if (verb or tok.pos_ == "ADJ") else []
        for comp in comps:
            # "willing to withdraw its troops FROM Iraq": the actor's own forces are no partner
            objs = [
                a
                for o in direct_objects(comp)
                if not self.owned_by(o, set(c.actors))
                for a in self.ids([o])
                if self.index.actor(a).code not in own
            ]
            self.found(c, "recipient", objs, "fallback-complement-object")
            if not c.recipients:
                self.found(c, "recipient", self.ids(prep_objects(comp, kind)), "fallback-complement-prep")
            if not c.recipients:
                for h in direct_objects(comp):
                    self.found(c, "recipient", self.ids(prep_objects(h, kind)), "fallback-complement-prep")

    def sweep(self, c: Candidate, verb: bool) -> None:
        """The partner one or more steps down the trigger's own clause, nearest first: the
        owner of what is acted on ("defended Bolivia's decision"), the object's phrases and
        clauses ("eased curbs on grain shipments TO Ethiopia", "a ban imposed ON the party"),
        a complement's ("agreed to build a clinic AT Kisumu"), and the place an act concerns,
        which PLOVER codes as the target ("a truce IN Darfur"). What the agent owns is passed
        over ("pull ITS soldiers back"), and so is, while another is found, an actor of the
        agent's own country ("deploy 500 police officers to Haiti")."""
        tok = c.token if verb else self.anchor(c)
        roots = [tok]
        hosts = []
        if not verb and tok.dep_ in ("dobj", "nsubjpass", "attr") and tok.head.lemma_.lower() in self.light:
            roots.append(tok.head)  # "declared a truce ... IN Darfur": the phrase is the verb's
        elif (
            not verb
            and tok.dep_ == "pobj"
            and tok.head.head.lemma_.lower() in self.light | self.motion | STATE_VERBS
        ):
            roots.append(tok.head.head)  # "remained on alert IN the capital", "went on strike AT the mine"
        if tok.dep_ in ("xcomp", "advcl", "acl") and is_purpose(tok):
            host = next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), None)
            if host is not None:
                hosts.append(host)  # "sent inspectors TO Togo to investigate", "a team ... to investigate"
        # a meeting's place is no party to it
        found = self.sweep_from(roots, hosts, set(c.actors), places=c.rule.type != "CONSULT")
        if found:
            ids, path = found
            self.found(c, "recipient", ids, path)

    def sweep_from(
        self, roots: list[Token], hosts: list[Token], mine: set[str], places: bool = True
    ) -> tuple[list[str], str] | None:
        own = {self.index.actor(a).code for a in mine} - {None}
        state_side = any(
            self.index.actor(a).kind == "state" or self.index.actor(a).sector in ("GOV", "MIL") for a in mine
        )
        seen = {r.i for r in roots + hosts}
        frontier = [
            (x, self.first_step(x, r)) for r in roots + hosts for x in sweep_children(r, r in hosts, top=True)
        ]
        same: tuple[list[str], str] | None = None
        for _depth in range(SWEEP_DEPTH):
            nxt = []
            for t, path in sorted(frontier, key=lambda x: x[0].i):
                if t.i in seen:
                    continue
                seen.add(t.i)
                m = self.index.at(t.i)
                if m is not None and m.head == t.i and not self.owned_by(t, mine):
                    # "ties with Peru and Chile": the coordinated parties too
                    ids = [a for a in m.actor_ids + self.ids(with_conj(t)[1:]) if a not in mine]
                    ids = list(dict.fromkeys(ids))
                    kind = self.index.actor(ids[0]).kind if ids else None
                    if ids and locative(t) and (kind not in ("state", "place") or not places):
                        ids = []  # "fire in Goma": a place the tagger took for a name
                    if ids:
                        p = "place" if locative(t) else ("owner" if t.dep_ == "poss" else path)
                        if not own or any(self.index.actor(a).code not in own for a in ids):
                            return ids, f"sweep:{p}"
                        if same is None and not (
                            state_side and any(self.index.actor(a).sector in OWN_FORCES for a in ids)
                        ):
                            # one's own civilians, opposition or officials may be the partner; a
                            # state's own forces are not ("reinforced its garrison in the north")
                            same = ids, f"sweep:{p}"
                nxt.extend((x, path) for x in sweep_children(t, False))
                if (
                    t.dep_ == "advcl"
                    and is_passive(t)
                    and any(self.owned_by(x, mine) for x in t.children if x.dep_ == "nsubjpass")
                ):
                    # "the dockers will stay out until their wage demands are met BY the port authority"
                    nxt.extend((x, "condition-agent") for x in agents(t))
            frontier = nxt
            if not frontier:
                break
        return same

    def first_step(self, child: Token, root: Token) -> str:
        if child.dep_ in ("dobj", "attr", "oprd", "dative"):
            return "object"
        if child.dep_ in ("xcomp", "ccomp", "advcl"):
            return "complement"
        if child.dep_ == "poss":
            return "owner"
        return "prep" if child.dep_ == "prep" else child.dep_

    def owned_by(self, t: Token, agents: set[str]) -> bool:
        """ "its soldiers", "their claims": what the agent owns is no partner."""
        return any(c.dep_ == "poss" and set(self.index.resolve_all(c)) & agents for c in t.children)

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

    def complement_partner(self, tok: Token, actors: list[str]) -> list[str]:
        """ "threatened to shell Iraqi towns", "refused to allow UN planes to land", "demanded that
        its EC partners refuse ...": the partner of a verbal act is in what it is about."""
        own = {self.index.actor(a).code for a in actors} - {None}
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

    def noun_actors(self, tok: Token, symmetric: bool = False) -> tuple[list[str], str]:
        """Who did a nominal event, and the path that says so: "Israel's attack" (possessor),
        "Russian airstrikes" (modifier), "attack by X", the subject of a light verb."""
        for path, deps in (("possessor", ("poss",)), ("modifier", ("compound", "amod", "nmod"))):
            ids = self.ids([c for c in tok.children if c.dep_ in deps])
            if ids:
                return ids, path
        ids = self.ids(prep_objects(tok, {"by", "from"}))
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
            ids, path = self.noun_actors(head, symmetric)
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
