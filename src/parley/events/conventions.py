"""Conventions: how PLOVER codes what the trigger rules found (docs/conventions.md).

A promised cooperation is an AGREE, a conditional use of force a THREATEN, an arrest reported
only by its place is made by that place's authorities. Each function here is one convention
of the PLOVER manual, applied after the trigger and its roles are known.
"""

from __future__ import annotations

from spacy.tokens import Token

from ..actors import Mention
from .syntax import is_passive, subjects
from .triggers import Candidate

CONFLICT = {"ASSAULT", "COERCE", "SANCTION", "PROTEST"}
COOPERATIVE = {"SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"}
# Acts a claim of wrongdoing may allege; the claim is an ACCUSE, the act an event of its own.
ALLEGED_TYPES = {"ASSAULT", "COERCE", "THREATEN", "MOBILIZE", "SANCTION"}
# Types whose target may be given by a place alone.
PLACE_TARGET = {"AID", "SANCTION", "MOBILIZE", "ASSAULT", "COERCE", "PROTEST", "ACCUSE", "THREATEN"}
THREAT_MODE = {"ASSAULT": "violence", "COERCE": "restrict", "SANCTION": "relations", "PROTEST": "restrict"}


def retype(c: Candidate) -> tuple[str, str | None]:
    """PLOVER codes a promised cooperation as AGREE and a conditional force as THREATEN."""
    t, mode = c.rule.type, c.rule.mode
    aux = c.aux
    if aux in ("future", "hypothetical") and t in CONFLICT:
        has_modal = any(
            x.dep_ == "aux" and x.lower_ in ("will", "would", "could", "may", "might")
            for x in c.token.children
        )
        if has_modal:
            return "THREATEN", THREAT_MODE.get(t)
    if aux in ("future", "hypothetical") and t in COOPERATIVE:
        return "AGREE", None
    if aux == "negation" and t in ("AGREE", "CONCEDE", "SUPPORT") and c.token.pos_ == "VERB":
        fut = any(x.lower_ in ("will", "would") for x in c.token.children if x.dep_ == "aux")
        if fut:
            return "REJECT", None
    return t, mode


def in_modifier_clause(tok: Token) -> bool:
    return any(t.dep_ in ("relcl", "acl") for t in [tok, *list(tok.ancestors)[:2]])


def implied_participants(c: Candidate, loc, index) -> None:
    """Participants the story leaves to the place: an arrest "in Lebanon" is made by Lebanon's
    authorities; aid suspended "in Baghdad" is withheld from Iraq."""
    if loc is None or not loc.country_code:
        return
    t = c.rule.type
    codes = {index.actor(a).code for a in c.actors + c.recipients}
    if loc.country_code in codes:
        return
    if t == "COERCE" and not c.actors and c.recipients and is_passive(c.token):
        c.actors = [index.place_actor(loc.country_code)]
        c.paths[c.actors[0]] = "place-country"
    elif t in PLACE_TARGET and c.actors and not c.recipients:
        # PLOVER: a target known only by its place is the place's country ("shelled
        # villages in Idlib", "condemned the attacks in Tehran")
        aid = place_mention(c.token.doc, loc, index)
        c.recipients = [aid]
        c.paths[aid] = "place-country"


def place_mention(doc, loc, index) -> str:
    """The actor for ``loc``'s country, with the place's words as one of its mentions."""
    if loc.text is not None:
        span = doc.char_span(loc.text.start, loc.text.end, alignment_mode="expand")
        if span is not None:
            m = index.at(span.root.i)
            if m is not None and index.actor(m.actor_id).code == loc.country_code:
                return m.actor_id
            aid = index.place_actor(loc.country_code)
            if m is None:
                index.add_mention(Mention(span.start, span.end, span.root.i, [aid], "place"))
            return aid
    return index.place_actor(loc.country_code)


def within_government(c: Candidate, index) -> bool:
    parts = [index.actor(a) for a in c.actors + c.recipients]
    return (
        bool(c.actors and c.recipients)
        and len({p.code for p in parts}) == 1
        and all(p.sector == "GOV" and p.kind == "person" for p in parts)
    )


def reporters(tok: Token, reporting: set[str], args) -> list[str]:
    """Who reports the event of ``tok``: the subject of the reporting verb whose clause holds
    it ("witnesses said police arrested ..." is reported by the witnesses). The reporter is
    never a participant of what it reports (issue: reported frames)."""
    for anc in tok.ancestors:
        if anc.pos_ in ("VERB", "AUX") and anc.lemma_.lower() in reporting:
            return args.ids(subjects(anc))
        # only through the clauses a reporting verb governs
        if (
            anc.dep_ not in ("ccomp", "conj", "xcomp", "advcl")
            and anc.pos_ in ("VERB", "AUX")
            and anc.head.lemma_.lower() not in reporting
        ):
            return []
    return []
