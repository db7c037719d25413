"""The clause sweep: a trigger's partner one or more dependency steps down its own clause,
when the rule's slots and the fallback prepositions found none."""

from __future__ import annotations

from spacy.tokens import Token

from .syntax import (
    agents,
    direct_objects,
    is_passive,
    is_purpose,
    locative,
    prep_objects,
    sweep_children,
    with_conj,
)
from .triggers import Candidate

# Verbs that put someone in the state an "on" phrase names ("remained on alert").
STATE_VERBS = {"remain", "stay", "be", "stand", "keep", "put", "place"}
# Sectors of a state's own forces: never the partner of that state or its government.
OWN_FORCES = {"MIL", "COP", "SPY"}
# How many dependency steps down the clause the partner is looked for.
SWEEP_DEPTH = 7


class Sweep:
    """Mixed into ``roles.Arguments``: needs ``index``, ``light``, ``motion``, ``ids`` and ``found``."""

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
        # what a MOBILIZE moves ("mobilized troops", "ordered patrols BY police") is the agent's
        # own force whatever its country reads, never the partner: the target is further down
        moved: set[str] = set()
        if verb and c.rule.type == "MOBILIZE":
            objs = direct_objects(tok)
            moved = set(self.ids(objs + [p for o in objs for p in prep_objects(o, {"by"})]))
        moved |= self.made(tok)
        # a meeting's place is no party to it
        found = self.sweep_from(roots, hosts, set(c.actors), places=c.rule.type != "CONSULT", skip=moved)
        if found:
            ids, path = found
            self.found(c, "recipient", ids, path)

    def sweep_from(
        self,
        roots: list[Token],
        hosts: list[Token],
        mine: set[str],
        places: bool = True,
        skip: set[str] = frozenset(),
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
                    ids = [
                        a for a in m.actor_ids + self.ids(with_conj(t)[1:]) if a not in mine and a not in skip
                    ]
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
