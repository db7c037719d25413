"""Conventions: how PLOVER codes what the trigger rules found (docs/conventions.md).

A promised cooperation is an AGREE, a conditional use of force a THREATEN, an arrest reported
only by its place is made by that place's authorities. Each function here is one convention
of the PLOVER manual, applied after the trigger and its roles are known.
"""

from __future__ import annotations

import functools
from dataclasses import replace

from spacy.tokens import Token

from ..actors import Mention
from ..lexicon import load_lexicon
from ..model import Event, TextSpan
from ..nlp import span_text
from .syntax import document_nouns, is_passive
from .triggers import Candidate

CONFLICT = {"ASSAULT", "COERCE", "SANCTION", "PROTEST"}
COOPERATIVE = {"SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"}
# Verbs whose complement, when it is an agreement or a concession, makes a REJECT.
REFUSAL_GOVERNORS = {"fail", "refuse", "decline"}
# Acts a claim of wrongdoing may allege; the claim is an ACCUSE, the act an event of its own.
ALLEGED_TYPES = {"ASSAULT", "COERCE", "THREATEN", "MOBILIZE", "SANCTION"}
# Types whose target may be given by a place alone.
PLACE_TARGET = {"AID", "SANCTION", "MOBILIZE", "ASSAULT", "COERCE", "PROTEST", "ACCUSE", "THREATEN"}
THREAT_MODE = {"ASSAULT": "violence", "COERCE": "restrict", "SANCTION": "relations", "PROTEST": "restrict"}


# Verbs whose infinitive is a use of force made ready (PLOVER MOBILIZE: "troops were preparing
# to attack the city") or only intended ("rebels plotted to bomb the airport": no event).
PREPARING = {"prepare", "gear", "ready", "brace", "mass"}
INTENDING = {"plan", "plot", "intend", "scheme", "conspire", "aim", "want", "hope", "seek", "mean"}
# Verbs of phase between the governor and the act: "prepared to RESUME firing".
PHASE = {"resume", "continue", "begin", "start", "launch", "renew", "restart", "step", "intensify"}


def force_governor(tok: Token) -> Token | None:
    """The verb whose infinitive the act of ``tok`` is, looking through a phase verb and a
    light verb: "preparing TO ATTACK", "prepared to resume FIRING", "plans to launch an
    OFFENSIVE". None when the act is no infinitive of another verb."""
    v = tok
    if v.pos_ in ("NOUN", "PROPN") and v.dep_ == "dobj":
        v = v.head
    if v.dep_ == "xcomp" and v.head.lemma_.lower() in PHASE and v.head.dep_ == "xcomp":
        v = v.head  # "prepared to resume FIRING"
    if v.dep_ != "xcomp" or v.head.pos_ not in ("VERB", "AUX", "ADJ"):
        return None
    if any(
        x.dep_ == "aux" and x.lower_ in ("will", "would", "could", "may", "might") for x in v.head.children
    ):
        return None  # "will prepare to strike": a threat (retype)
    return v.head


def conditional_demand(c: Candidate) -> list[Token] | None:
    """PLOVER REQUEST: a refusal with a condition states a demand. "Will not withdraw from
    the field UNLESS Baghdad pays the wages" asks Baghdad to pay them; "will not lift the
    ban UNTIL the port reopens to its ships" asks for the reopening. Returns the condition's
    subjects (whom the demand is on; the caller keeps the refusal when none is an actor:
    "until their demands are met"), or None when ``c`` is no such refusal."""
    v = c.token
    if (
        c.aux != "negation"
        or c.rule.type not in ("AGREE", "CONCEDE", "SUPPORT", "RETREAT")
        or v.pos_ != "VERB"
    ):
        return None
    if not any(x.dep_ == "aux" and x.lower_ in ("will", "would") for x in v.children):
        return None
    for cl in v.children:
        marks = {m.lower_ for m in cl.children if m.dep_ == "mark"}
        if cl.dep_ == "advcl" and marks & {"unless", "until"}:
            return [x for x in cl.children if x.dep_ in ("nsubj", "nsubjpass")]
    return None


# Acts of seizing that, with a toll in their clause, are violence: "gunmen STORMED the mosque,
# killing 30" (PLOVER ASSAULT; a raid with no toll is COERCE seize).
VIOLENT_SEIZURE = {"storm", "raid", "overrun"}


@functools.cache
def casualty_verbs() -> frozenset[str]:
    """Verbs that count an attack's victims ("killing five", "wounded 12"): event_cues.yaml
    ``unnamed.casualty_verbs``, read once."""
    return frozenset(load_lexicon().cues["unnamed"]["casualty_verbs"])


def _with_toll(tok: Token) -> bool:
    toll = casualty_verbs()
    return any(x.dep_ in ("advcl", "conj") and x.lemma_.lower() in toll for x in tok.children)


#: cooperative types whose refusal ("will not ...", "cannot ...", "refused to ...") is a REJECT
REFUSABLE = ("AGREE", "CONCEDE", "SUPPORT", "RETREAT", "AID")


@functools.cache
def _light_verbs() -> frozenset[str]:
    return frozenset(load_lexicon().cues.get("light_verbs") or ())


def retype(c: Candidate) -> tuple[str, str | None]:
    """PLOVER codes a promised cooperation as AGREE and a conditional force as THREATEN."""
    t, mode = c.rule.type, c.rule.mode
    aux = c.aux
    if t == "COERCE" and c.token.lemma_.lower() in VIOLENT_SEIZURE and _with_toll(c.token):
        return "ASSAULT", None
    if t == "ASSAULT":
        gov = force_governor(c.token)
        # PLOVER MOBILIZE: forces made ready to strike ("the army prepared to resume shelling")
        if gov is not None and gov.lemma_.lower() in PREPARING:
            return "MOBILIZE", None
    if aux in ("future", "hypothetical") and t in CONFLICT:
        # an event noun's modal is on the light verb that carries it: "WILL hold a protest"
        group = [c.token]
        head = c.token.head
        if (
            c.token.pos_ in ("NOUN", "PROPN")
            and c.token.dep_ == "dobj"
            and head.lemma_.lower() in _light_verbs()
        ):
            group.append(head)
        auxes = {x.lower_ for x in c.token.children if x.dep_ == "aux"}
        # on a light verb only an intention counts: "could impose restrictions" is a guess
        auxes |= {
            x.lower_
            for v in group[1:]
            for x in v.children
            if x.dep_ == "aux" and x.lower_ in ("will", "would")
        }
        # "may HAVE launched": a guess about the past, no threat
        has_modal = bool(auxes & {"will", "would", "could", "may", "might"}) and "have" not in auxes
        if has_modal:
            return "THREATEN", THREAT_MODE.get(t)
    # PLOVER: future meetings, summits and visits are coded as AGREE
    if aux == "future" and t == "CONSULT":
        return "AGREE", None
    if aux in ("future", "hypothetical") and t in COOPERATIVE:
        return "AGREE", None
    # "will not release the hostages", "will not withdraw": a refusal to yield is a REJECT too,
    # and so is one to help or take in ("cannot accept more refugees": REJECT `assist`)
    if aux == "negation" and t in REFUSABLE and c.token.pos_ == "VERB":
        fut = any(x.lower_ in ("will", "would", "can", "ca") for x in c.token.children if x.dep_ == "aux")
        # PLOVER: a refusal or a failure to agree is a REJECT ("failed to agree on", "declined
        # to endorse", "will not accept")
        failed = c.token.dep_ == "xcomp" and c.token.head.lemma_.lower() in REFUSAL_GOVERNORS
        if fut or failed:
            return "REJECT", None
    return t, mode


def not_asserted(c: Candidate, sent, etype: str, aux: str | None) -> str | None:
    """Events a story does not assert are not reported: the content of a question ("Would
    Russia attack ...?"), an act in a condition ("if the rebels attack ...") and one the
    writer only supposes ("the vote could bring tariffs"). A conditional use of force is a
    THREATEN and a promise an AGREE (``retype``): those are kept; so is a reported intention
    ("said he would urge the Commission ..."), which is future in the past, not a supposition.
    Also not asserted: an act set aside ("instead of demanding ..."), a forecast ("will
    likely increase ..."), a possible necessity or a rule for everyone reported as a "must",
    and an infinitive's act nobody is said to do. Returns the reason, or None."""
    if span_text(sent).rstrip().rstrip("\"'”’)").endswith("?"):
        return "question"
    v = c.token
    if v.pos_ in ("NOUN", "PROPN") and v.head.pos_ in ("VERB", "AUX"):
        v = v.head
    if _set_aside(v):
        return "set-aside"
    if _forecast(v):
        return "forecast"
    if c.rule.say_must and c.extra_tokens and _not_a_demand(c.extra_tokens[0]):
        return "not-a-demand"
    if not c.actors and _infinitive(c.token):
        return "infinitive"
    if _describes_participant(c.token, c.rule.type):
        return "participant-description"
    if etype == "ASSAULT" == c.rule.type:
        gov = force_governor(c.token)
        if gov is not None and gov.lemma_.lower() in INTENDING:
            return "intention"  # "rebels plan to attack the capital": no attack yet
    if _capability(v):
        return "capability"
    if _condition(v):
        return "condition"
    if aux != "hypothetical" or etype != c.rule.type or etype in ("THREATEN", "AGREE"):
        return None
    if {m.lower_ for m in v.children if m.dep_ == "mark"} & {"if", "unless", "whether"}:
        return "condition"
    supposed = {x.lower_ for x in v.children if x.dep_ == "aux"} & {"could", "might", "may"}
    return "supposed" if supposed and v.dep_ != "ccomp" else None


# "instead of demanding ...", "rather than attack ...", "without consulting ...": the act set
# aside is not done.
SET_ASIDE = {("instead", "of"), ("rather", "than"), (None, "without")}
# The writer's or an analyst's estimate of what may happen: "Peru will probably expand ...".
ESTIMATE_ADVERBS = {"likely", "probably", "possibly", "perhaps", "maybe", "unlikely"}
# Quantifiers that make a subject generic: "every farmer must register the herd".
GENERIC_DETERMINERS = {"every", "each", "any", "no"}


# Participles that name a standing war, not one act: "the coalition FIGHTING the Houthis".
STANDING_FIGHT = {"fight", "battle"}


def _describes_participant(tok: Token, etype: str) -> bool:
    """ "protesters SEEKING justice", "the coalition FIGHTING the rebels": a present participle
    that describes a participant tells who it is, not what happened. Crowds "PROTESTING the
    results" are the protest itself, and "troops SHOOTING near the bridge" the shooting."""
    if tok.dep_ != "acl" or tok.tag_ != "VBG" or tok.head.pos_ not in ("NOUN", "PROPN"):
        return False
    if etype == "PROTEST":
        return False
    # "issued a statement CONDEMNING the arrests", "passed a resolution CALLING FOR a truce": a
    # document's participle is what the document says, the act of whoever issued it
    if tok.head.lemma_.lower() in document_nouns():
        return False
    # "the Taliban BARRING her from entering is a sign of ...": a gerund clause that is the
    # subject of "be" is the act talked about, the news
    if tok.head.dep_ == "nsubj" and tok.head.head.lemma_.lower() == "be":
        return False
    return etype != "ASSAULT" or tok.lemma_.lower() in STANDING_FIGHT


def _condition(v: Token) -> bool:
    """The act a condition asks for is not done: "will not sign the accord UNLESS Khartoum
    DISBANDS its militias", "will keep the ban UNTIL the port REOPENS". "until" with a
    past verb is a time ("fought until the army withdrew") and the act happened."""
    marks = {m.lower_ for m in v.children if m.dep_ == "mark"}
    if v.dep_ != "advcl" or not marks:
        return False
    if marks & {"if", "unless"}:
        return not any(x.dep_ == "aux" and x.lower_ in ("will", "would") for x in v.children)
    return "until" in marks and v.tag_ in ("VBZ", "VBP")


def _set_aside(v: Token) -> bool:
    if v.dep_ != "pcomp":
        return False
    prep = v.head
    # "instead" heads "of" or hangs from it, as the parser has it
    firsts = {None, prep.head.lower_, *(x.lower_ for x in prep.children if x.dep_ == "advmod")}
    return any((first, prep.lower_) in SET_ASIDE for first in firsts)


def _forecast(v: Token) -> bool:
    """A future or possible act hedged as an estimate is a forecast, not a plan or a promise."""
    kids = list(v.children)
    modal = any(x.dep_ == "aux" and x.lower_ in ("will", "would", "may", "might", "could") for x in kids)
    return modal and any(x.dep_ == "advmod" and x.lower_ in ESTIMATE_ADVERBS for x in kids)


def _not_a_demand(comp: Token) -> bool:
    """ "said Poland may have to consider ...", "each driver has to carry a permit": a
    possible necessity or a rule for everyone is no demand on an actor."""
    if any(x.dep_ == "aux" and x.lower_ in ("may", "might", "could") for x in comp.children):
        return True
    subs = [s for s in comp.children if s.dep_ in ("nsubj", "nsubjpass")]
    return any(d.dep_ == "det" and d.lower_ in GENERIC_DETERMINERS for s in subs for d in s.children)


# "missiles CAPABLE of striking Israel", "hackers capable of launching attacks": what someone
# could do is a capability, not an act
CAPABILITY = {"capable", "incapable"}


def _capability(v: Token) -> bool:
    if v.dep_ != "pcomp" or v.head.lower_ != "of":
        return False
    return v.head.head.lemma_.lower() in CAPABILITY


def _infinitive(tok: Token) -> bool:
    """The act of an infinitival clause nobody is said to do is an aim or a need, not a
    happening: "postponed the summit to allow more talks", "needed to deter ..."."""
    v = tok
    for _ in range(4):
        if v.pos_ in ("VERB", "AUX"):
            return v.dep_ in ("advcl", "xcomp", "acl", "ccomp", "relcl") and any(
                x.dep_ == "aux" and x.lower_ == "to" for x in v.children
            )
        if v.head.i == v.i:
            return False
        v = v.head
    return False


def in_modifier_clause(tok: Token) -> bool:
    return any(t.dep_ in ("relcl", "acl") for t in [tok, *list(tok.ancestors)[:2]])


def implied_participants(c: Candidate, loc, index) -> None:
    """Participants the story leaves to the place: an arrest "in Lebanon" is made by Lebanon's
    authorities; aid suspended "in Baghdad" is withheld from Iraq."""
    if loc is None or not loc.country_code:
        return
    t = c.rule.type
    if t == "COERCE" and not c.actors and c.recipients and is_passive(c.token):
        # the one arrested may well be the place's own citizen: "an opposition leader was
        # arrested in Kigali" is an arrest by Rwanda all the same
        c.actors = [index.place_actor(loc.country_code)]
        c.paths[c.actors[0]] = "place-country"
        return
    codes = {index.actor(a).code for a in c.actors + c.recipients}
    if loc.country_code in codes:
        return
    if t in PLACE_TARGET and c.actors and not c.recipients:
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


def unidentified_attacker(ev: Event, index) -> None:
    """PLOVER codes the unnamed perpetrator of violence as unidentified armed forces (UAF): "a
    roadside bomb killed three soldiers" is an ASSAULT by UAF on the soldiers. Applied after
    a story's reports are merged, so a victim's-side report of an attack the story also
    reports with its perpetrator stays merged into that one."""
    if ev.event_type == "ASSAULT" and not ev.actor and ev.recipient and ev.aux_mode is None:
        aid = index.unidentified_actor()
        ev.actor = [aid]
        ev.paths[aid] = "unidentified"


def within_government(c: Candidate, index) -> bool:
    parts = [index.actor(a) for a in c.actors + c.recipients]
    return (
        bool(c.actors and c.recipients)
        and len({p.code for p in parts}) == 1
        and all(p.sector == "GOV" and p.kind == "person" for p in parts)
    )


def reporting_verb(tok: Token, reporting: set[str]) -> Token | None:
    """The reporting verb whose clause holds ``tok`` ("witnesses SAID police arrested ...")."""
    for anc in tok.ancestors:
        if anc.pos_ in ("VERB", "AUX") and anc.lemma_.lower() in reporting:
            return anc
        # only through the clauses a reporting verb governs
        if (
            anc.dep_ not in ("ccomp", "conj", "xcomp", "advcl")
            and anc.pos_ in ("VERB", "AUX")
            and anc.head.lemma_.lower() not in reporting
        ):
            return None
    return None


def claim_accuse(ev: Event, verb: Token, index, claim_verbs: set[str]) -> Event | None:
    """PLOVER: a claim that another side did wrong is an ACCUSE by the claimant. "Armenia
    claimed Azerbaijani forces shelled villages" is an ACCUSE of Azerbaijan by Armenia, beside
    the ASSAULT it alleges. A plain report ("officials said rebels shelled the city") is the
    act, reported by the officials, and no accusation; so is a claim by the doer's own side."""
    if verb.lemma_.lower() not in claim_verbs:
        return None
    if ev.event_type not in ALLEGED_TYPES or not ev.actor or not ev.reported_by:
        return None
    doer = {index.actor(a).code for a in ev.actor} - {None}
    claimants = [a for a in ev.reported_by if index.actor(a).code and index.actor(a).code not in doer]
    if not doer or not claimants:
        return None
    doc = verb.doc
    trig = doc[verb.i : verb.i + 1]
    return replace(
        ev,
        id="",
        event_type="ACCUSE",
        mode="allege",
        aux_mode=None,  # the claim is made now, whenever the act was
        context=[],
        actor=claimants,
        recipient=list(ev.actor),
        trigger=TextSpan(trig.text, trig.start_char, trig.end_char),
        rule="convention.accuse-claim",
        paths={**dict.fromkeys(claimants, "reporter-subject"), **dict.fromkeys(ev.actor, "claimed-doer")},
        reported_by=[],
        alleged=False,
    )
