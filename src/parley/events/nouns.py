"""Event nouns that are no news of their own: the theme another trigger acts on ("lifted the
SANCTIONS"), the background of a clause ("after last week's INVASION"), a happening only feared
("the danger of ATTACKS") and a word that describes another noun ("aid WORKERS").

``not_news`` runs on each sentence's candidates after the trigger rules (events/stage.py).
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from .triggers import Candidate


def theme_of(c: Candidate, verbs: dict[int, Candidate], anchor: Callable[[Candidate], Token]) -> bool:
    """Whether the noun trigger of ``c`` is the object of a verb trigger (or of its object's
    preposition: "lifted restrictions on AID"), or, through the noun it modifies, the same
    event as its verb ("launched a MEDIATION effort")."""
    tok = c.token
    if tok.pos_ not in ("NOUN", "PROPN"):
        return False
    head = tok.head
    if head.i in verbs and (verbs[head.i].rule.type == c.rule.type or tok.dep_ in ("dobj", "nsubjpass")):
        return True
    host = anchor(c).head
    if host.i in verbs and verbs[host.i].rule.type == c.rule.type:
        return True
    if tok.dep_ == "pobj" and head.dep_ == "prep":
        obj = head.head
        return obj.dep_ in ("dobj", "nsubjpass") and obj.head.i in verbs and obj.pos_ in ("NOUN", "PROPN")
    return False


# Prepositions whose object is the time or cause of what the clause reports ("after last
# week's INVASION", "since the CLASHES"): background, not the news. "during" and "amid" name
# a happening going on at the time, which is news of its own ("detained during protests in
# Minsk").
_BACKGROUND_PREPS = {"after", "since", "following", "before", "despite", "until"}


def circumstance(c: Candidate, triggers: dict[int, Candidate]) -> bool:
    """Whether the noun trigger of ``c`` is background to another event of its sentence: the
    object of a temporal or causal preposition ("granted asylum ... SINCE last month's
    INVASION"), of a noun trigger's preposition ("a strike in protest OF the ARREST"), or the
    same happening named again in a verb trigger's phrase ("killed 46 IN AN ATTACK"). The
    thanked or blamed act ("thanked Putin FOR THE RELEASE") is an event of its own."""
    tok = c.token
    if tok.pos_ not in ("NOUN", "PROPN"):
        return False
    # "after 12 days OF BATTLES": the measure's preposition governs
    np = tok
    while np.dep_ == "pobj" and np.head.lower_ == "of" and np.head.head.pos_ == "NOUN":
        np = np.head.head
    prep = np.head
    # "following the KILLING" is parsed as a verb and its object
    following = (
        np.dep_ in ("dobj", "pobj") and prep.lower_ == "following" and prep.dep_ in ("prep", "advcl", "acl")
    )
    if not (following or (np.dep_ == "pobj" and prep.dep_ == "prep")):
        return False
    if not [i for i in triggers if i != tok.i]:
        return False  # "After mass protests, the army took power": the protests are the news
    if np is not tok:
        tok = np  # the measure noun stands in for the phrase below
    if prep.lower_ in _BACKGROUND_PREPS:
        # background to an event: the clause the phrase modifies reports one ("people suffered
        # burns after a gas ATTACK" reports the attack)
        verb = next((t for t in [prep.head, *prep.head.ancestors] if t.pos_ in ("VERB", "AUX")), None)
        if verb is not None and verb.i not in triggers and verb.dep_ in ("acl", "relcl", "advcl"):
            # the clause describes a participant of the sentence's event: "has housed families
            # LIVING in a school since the INVASION"
            return any(t.i in triggers for t in verb.ancestors)
        return prep.head.i in triggers or (verb is not None and verb.i in triggers)
    gov = triggers.get(prep.head.i)
    if gov is None:
        return False
    if gov.token.pos_ in ("NOUN", "PROPN"):
        return True
    # "killed 12 IN AN ATTACK" names the killing again; "were killed in an attack BY rebels"
    # is the report that knows the attacker (the story merges the victim's side into it)
    passive = any(ch.dep_ in ("nsubjpass", "auxpass") for ch in gov.token.children)
    return gov.rule.type == c.rule.type and not passive


def unreal(c: Candidate, unreal_heads: set[str]) -> bool:
    """Whether the noun trigger of ``c`` is only feared or risked: "the danger OF ATTACKS", "the
    threat of a STRIKE" (the heads are ``unreal_heads`` in event_cues.yaml)."""
    tok = c.token
    if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ != "pobj" or tok.head.lower_ != "of":
        return False
    return tok.head.head.lemma_.lower() in unreal_heads


def describer(c: Candidate, triggers: dict[int, Candidate], frames: set[str]) -> bool:
    """Whether the noun trigger of ``c`` only describes another noun: "aid WORKERS", "an
    investigation TEAM", "the coordination COUNCIL" name people and bodies, not an event. A
    noun that frames events keeps them ("a bombing CAMPAIGN", "an aid CONVOY"), and so does
    a head that is an event itself ("a hunger STRIKE")."""
    tok = c.token
    if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ != "compound" or tok.head.pos_ not in ("NOUN", "PROPN"):
        return False
    head = tok.head
    return head.i not in triggers and head.lemma_.lower() not in frames and head.lower_ not in frames


def not_news(
    kept: list[Candidate], verbs: dict[int, Candidate], cues: dict, anchor: Callable[[Candidate], Token]
) -> list[Candidate]:
    """The candidates of a sentence less the event nouns that are no news of their own: a
    theme, a background, an unreal happening or a word describing another noun. ``anchor``
    gives the token a trigger's arguments hang on (roles.Arguments.anchor)."""
    triggers = {c.token.i: c for c in kept}
    heads = set(cues.get("unreal_heads") or ())
    frames = set(cues.get("event_frames") or ())
    return [
        c
        for c in kept
        if not (
            theme_of(c, verbs, anchor)
            or circumstance(c, triggers)
            or unreal(c, heads)
            or describer(c, triggers, frames)
        )
    ]
