"""The event stage: triggers -> roles -> modality -> conventions -> date and place.

For each sentence: find trigger tokens (``triggers.py``), drop triggers that are the content of
a verbal act, find actor and recipient (``roles.py``), set the auxiliary mode
(``modality.py``), apply PLOVER's conventions (``conventions.py``), then resolve the date
(``dates.py``) and place (``places.py``) of each event.
"""

from __future__ import annotations

import bisect
import os
from dataclasses import replace
from datetime import date

import numpy as np
from spacy.attrs import IS_PUNCT, IS_SPACE, LEMMA, LOWER, POS
from spacy.parts_of_speech import AUX, VERB
from spacy.tokens import Doc, Span, Token

from .. import cameo
from .. import dates as dates_stage
from .. import places as places_stage
from ..headline import headline_end, infinitive_future
from ..lexicon import Lexicon, load_lexicon
from ..model import Event, TextSpan
from ..nlp import doc_text, string_ids
from .conventions import (
    ALLEGED_TYPES,
    THREAT_MODE,
    claim_accuse,
    conditional_demand,
    implied_participants,
    in_modifier_clause,
    not_asserted,
    reporting_verb,
    retype,
    unidentified_attacker,
    within_government,
)
from .modality import AuxModes
from .nouns import not_news
from .roles import Arguments
from .story import (
    answers,
    back_references,
    commentary,
    headline_case,
    headline_repeats,
    in_title,
    log_removed,
    one_a_day,
    press_events,
    same_sentence,
    subheading_end,
)
from .syntax import subjects, with_conj
from .triggers import (
    Candidate,
    Matcher,
    TypeRules,
    consumed_tokens,
    dictionary_codes,
    force_vowed,
    say_must,
)
from .type_model import Reranker, default_model, model_mode
from .unnamed import Unnamed, drop_doubles


def find_events(
    doc: Doc,
    index,
    published: date | None = None,
    lexicon: Lexicon | None = None,
    title: str | None = None,
) -> list[Event]:
    """The events of a parsed story; ``title``: the story's title, when known apart from the
    text (it tells where a headline the text begins with ends: ``parley.headline``)."""
    lex = lexicon or load_lexicon()
    matcher = Matcher(lex, index)
    args = Arguments(index, lex)
    unnamed = Unnamed(index, lex.cues)
    auxes = AuxModes(lex)
    reporting = set(lex.cues["reporting"])
    claim_verbs = set(lex.cues.get("claim_verbs") or ())
    must = {m for m in lex.cues["must_modals"] if " " not in m}
    gaz = places_stage.Gazetteer.load()
    type_rules = TypeRules(lex.cues)
    model = default_model()
    reranker = Reranker(model, lex.cues, type_rules, model_mode()) if model is not None else None
    # PARLEY_CAMEO=off leaves the CAMEO dictionaries out (for ablations)
    use_cameo = os.environ.get("PARLEY_CAMEO", "on") != "off"
    events: list[Event] = []
    head_end = headline_end(doc_text(doc), title)
    # the words the matchers, the model and the "said ... must" reading may take up, found for
    # the whole story at once: most of a story's words are none of these
    readable = _readable_tokens(doc, lex, model.noun_triggers if model is not None else _NO_WORDS)

    for sent in doc.sents:
        cands: list[Candidate] = []
        toks = list(sent)  # one Token object a word, for the subheading test and the loop
        heading = sent.start + subheading_end(sent, toks)
        headline: bool | None = None  # whether the sentence is in headline case, once asked
        read: list[tuple[Token, Candidate | None, cameo.CameoMatch | None]] = []
        lo, hi = bisect.bisect_left(readable, heading), bisect.bisect_left(readable, sent.end)
        for tok in (toks[i - sent.start] for i in readable[lo:hi]):
            m = index.at(tok.i)
            if m is not None and m.kind == "name":
                continue  # a word of a name: "Asia-Pacific Economic Cooperation", "Peace Council"
            if in_title(tok, sent):
                if headline is None:
                    headline = headline_case(sent)
                if not headline:
                    continue  # a word of a title: "the Campaign to Stop Violence Against Nurses"
            c = matcher.match(tok)
            # the CAMEO dictionaries code what no rule of Parley's knows
            cm = cameo.best(tok) if use_cameo and tok.pos_ in ("VERB", "AUX") else None
            if dictionary_codes(matcher, c, cm):
                c = type_rules.from_cameo(tok, cm, lex)
            read.append((tok, c, cm))
        # the model reviews the sentence's words together: one batch of numpy calls
        reviewed = reranker.review_all(read) if reranker is not None else [c for _, c, _ in read]
        for (tok, _, _), c in zip(read, reviewed, strict=True):
            if c is not None:
                cands.append(c)
                continue
            if lex.say_must:
                found = say_must(tok, reporting, must)
                if found:
                    comp, subs = found
                    c = Candidate(lex.say_must[0], tok, None)
                    args.found(c, "actor", args.ids(subjects(tok)), "reporter-subject")
                    args.found(c, "recipient", args.ids(with_conj(subs[0])), "must-subject")
                    c.extra_tokens = [comp]
                    if c.actors and c.recipients:
                        cands.append(c)
        if not cands:
            continue
        # a trigger only the model found whose argument a rule codes ("carried out an
        # airstrike") is the light verb of that rule's event, not a second event
        ruled = {c.token.i for c in cands if not c.rule.id.startswith("model.")}
        cands = [
            c
            for c in cands
            if not (c.rule.id.startswith("model.") and any(ch.i in ruled for ch in c.token.children))
        ]
        # verbal acts swallow the events they talk about
        consumed: set[int] = set()
        for c in cands:
            mine = consumed_tokens(c)
            for comp in c.extra_tokens:
                mine.update(t.i for t in comp.subtree)
            mine -= commentary(c.token, mine)
            inner = [o for o in cands if o.token.i in mine and o is not c]
            vowed = force_vowed(c, inner)
            if vowed is not None:
                # PLOVER THREATEN: "vowed to crush the rebels" is a forceful warning, not an AGREE
                threat = type_rules.rule_for("THREATEN")
                c.rule = replace(threat, id=f"{c.rule.id}>{threat.id}", confidence=c.rule.confidence)
            if c.rule.type == "THREATEN" and inner:
                c.inner_type = (vowed or inner[0]).rule.type
            if c.rule.type == "ACCUSE":
                # "the ministry said Israeli forces shelled ...": the claim is an ACCUSE by the
                # claimant, and the act claimed stays an event of its own, marked alleged
                for o in inner:
                    if o.rule.type in ALLEGED_TYPES and o.token.pos_ == "VERB":
                        o.alleged_by = c
                        mine.discard(o.token.i)
            consumed |= mine
        kept = [c for c in cands if c.token.i not in consumed]
        # a noun trigger that is the object of a verb trigger of the same type is one event
        verb_ids = {c.token.i: c for c in kept if c.token.pos_ in ("VERB", "AUX")}
        for c in kept:
            twin = verb_ids.get(c.token.head.i) if c.token.pos_ in ("NOUN", "PROPN") else None
            if twin is not None and twin.rule.type == c.rule.type and c.rule.mode:
                twin.mode = c.rule.mode  # "fired water cannon": the noun names the means
        # a noun trigger under a verb trigger of the same type is one event ("a suicide BOMBER
        # killed"); an event noun that another trigger acts on ("lifted the SANCTIONS", "called
        # off the STRIKE", "backed the CALL for a truce") is that event's theme, not an event
        kept = not_news(kept, verb_ids, lex.cues, args.anchor)
        for c in kept:
            if not c.rule.say_must:
                args.fill(c)
            c.aux = auxes.classify(c.token)
            if c.aux is None and c.token.idx < head_end and infinitive_future(c.token):
                c.aux = "future"
            if c.aux == "counterfactual":
                continue
            on = [a for a in args.ids(conditional_demand(c) or []) if a not in c.actors]
            if on:
                # a demand needs an addressee: "until their demands are met" is a refusal
                demand = type_rules.rule_for("REQUEST")
                c.rule = replace(demand, id=f"{c.rule.id}>conditional-demand", confidence=c.rule.confidence)
                c.recipients = on
                c.paths.update(dict.fromkeys(c.recipients, "condition-subject"))
                c.aux = None
            ev = _to_event(c, sent, doc, published, gaz, index, lex.cues, reporting, unnamed)
            if ev is not None:
                if c.alleged_by is not None:
                    ev.alleged = True
                    ev.reported_by = [a for a in c.alleged_by.actors if a not in ev.actor + ev.recipient]
                else:
                    verb = reporting_verb(c.token, reporting | claim_verbs)
                    if verb is not None:
                        ev.reported_by = [
                            a for a in args.ids(subjects(verb)) if a not in ev.actor + ev.recipient
                        ]
                        claim = claim_accuse(ev, verb, index, claim_verbs)
                        if claim is not None:
                            ev.alleged = True
                            events.append(claim)
                events.append(ev)
    # an event only the unnamed-participant convention filled defers to its sentence's named
    # report of the same type (events/unnamed.py), before the whole-story passes
    events = press_events(drop_doubles(events), doc, index)
    events = same_sentence(events, doc)
    # before the back-references: the lead's "Monday's kidnapping" is the report the
    # headline's "kidnapping" repeats, not a reference back to the headline
    events = headline_repeats(events, doc, index, head_end, lex.cues)
    events = back_references(events, doc, index)
    answers(events, doc, index)
    events = one_a_day(_merge(events), index)
    for ev in events:
        unidentified_attacker(ev, index)
    for n, ev in enumerate(events, 1):
        ev.id = f"E{n}"
    return events


_VERB_POS = np.array([VERB, AUX], dtype=np.uint64)


class _ReadableWords:
    """The words the trigger loop reads, for one lexicon and model (``_readable_tokens``): the
    lower-case words, the string ids of the noun rules' words, and a memo from a lemma's string
    id to whether it lower-cased is one of the words (a string id is the hash of its text, the
    same in every vocabulary, and most lemmas recur from story to story)."""

    def __init__(self, lex: Lexicon, noun_triggers):
        self.lex, self.noun_triggers = lex, noun_triggers  # held: the cache is checked by identity
        reporting = set(lex.cues["reporting"])
        self.words = lex.verbs.keys() | lex.nouns.keys() | lex.adjs.keys() | reporting | set(noun_triggers)
        self.noun_ids = string_ids(lex.nouns)
        self.lemmas: dict[int, bool] = {}

    def read_lemmas(self, lemma_ids: np.ndarray, strings) -> np.ndarray:
        known = self.lemmas
        read = []
        for h in np.unique(lemma_ids).tolist():
            ok = known.get(h)
            if ok is None:
                ok = known[h] = strings[h].lower() in self.words
            if ok:
                read.append(h)
        return np.array(read, dtype=np.uint64)


_READABLE: _ReadableWords | None = None
_NO_WORDS: frozenset[str] = frozenset()  # the model's event nouns when it is off


def _readable_tokens(doc: Doc, lex: Lexicon, noun_triggers) -> list[int]:
    """Indices of the tokens the trigger loop must look at, in order: every verb, and any other
    word, not punctuation or space, whose lower-cased lemma a rule, the reporting verbs of the
    "said ... must" reading or the type model's event nouns name, or whose lower-cased form a
    noun rule names. Any other token gives no candidate (``Matcher.match``,
    ``Reranker.review_all`` and ``say_must`` all return None for it), and skipping it here
    spares a Python Token and three string lookups for each of most of a story's words."""
    global _READABLE
    words = _READABLE  # read once: a thread with another lexicon may replace it
    if words is None or words.lex is not lex or words.noun_triggers is not noun_triggers:
        words = _READABLE = _ReadableWords(lex, noun_triggers)
    pos, punct, space, lemmas, lowers = doc.to_array([POS, IS_PUNCT, IS_SPACE, LEMMA, LOWER]).T
    mask = (
        np.isin(pos, _VERB_POS)
        | np.isin(lemmas, words.read_lemmas(lemmas, doc.vocab.strings))
        | np.isin(lowers, words.noun_ids)
    )
    mask &= (punct == 0) & (space == 0)
    return np.flatnonzero(mask).tolist()


def _tense(c: Candidate) -> str:
    if c.aux == "future":
        return "future"
    tense = dates_stage.tense_of(c.token)
    # news reports in the present what has just happened ("..., killing 14 on Sunday")
    return "past" if tense == "present" else tense


def _sentence_date(sent: Span, trigger: Token, published: date | None, tense: str, reporting: set[str]):
    """A sentence that names one time names it for all its events: "In a statement issued at
    their meeting in July, Tokyo and Washington shared concerns" happened in July."""
    found = []
    doc = sent.doc
    for start, end in dates_stage.find_dates(sent):
        span = doc.char_span(start, end, alignment_mode="expand")
        # not a date another subject's clause owns: "...; Trump greeted him on Tuesday night"
        owner = next((t for t in span.root.ancestors if t.pos_ in ("VERB", "AUX") and t.dep_ != "aux"), None)
        if tense == "future" and owner is not None and owner != trigger and owner.lemma_.lower() in reporting:
            continue  # "said on Tuesday it would send troops": Tuesday is when it was said
        if (
            owner is not None
            and trigger not in owner.subtree
            and not any(t is owner for t in trigger.ancestors)
            and any(ch.dep_ in ("nsubj", "nsubjpass") for ch in owner.children)
        ):
            continue
        r = dates_stage.resolve(doc_text(doc)[start:end], published, tense)
        if r is not None:
            found.append((r, TextSpan(doc_text(doc)[start:end], start, end)))
    if len({r.value for r, _ in found}) == 1:
        return found[0]
    return None, None


def _to_event(
    c: Candidate,
    sent: Span,
    doc: Doc,
    published: date | None,
    gaz,
    index,
    cues: dict,
    reporting: set[str],
    unnamed: Unnamed,
) -> Event | None:
    etype, mode = retype(c)
    if c.mode and etype == c.rule.type:
        mode = c.mode
    aux = c.aux
    if etype != c.rule.type and aux in ("future", "hypothetical") and etype in ("AGREE", "THREATEN"):
        aux = None if etype == "AGREE" and aux == "future" else aux
    if etype == "REJECT" and c.rule.type != "REJECT":
        aux = None
    why = not_asserted(c, sent, etype, aux)
    if why:
        log_removed(why, etype, c.token, c.rule.id, sent)
        return None
    tense = _tense(c)
    resolved, span = dates_stage.event_date(sent, c.token, published, tense)
    if resolved is None:
        resolved, span = _sentence_date(sent, c.token, published, tense, reporting)
    resolved, span, ahead = dates_stage.check_far_future(resolved, span, published, doc_text(doc), tense)
    if ahead and aux is None:
        aux = "future"  # "climate neutral by 2050"
    date_value = resolved.value if resolved else None
    if (
        resolved is not None
        and published is not None
        and aux is None
        and dates_stage.is_historical(resolved, published)
    ):
        aux = "historical"
    if date_value is None and published is not None and aux is None:
        date_value = published.isoformat()
    if aux == "historical" and date_value == (published.isoformat() if published else None):
        date_value = None
    loc = places_stage.event_location(sent, c.token, gaz)
    implied_participants(c, loc, index)
    if not in_modifier_clause(c.token):
        unnamed.fill(c, loc, aux)  # PLOVER's codes for participants the story does not name
    if not c.actors and not c.recipients:
        return None
    if not c.actors and in_modifier_clause(c.token):
        return None  # "Montenegro, where 28 people have been killed": background, no actor
    if len(set(c.actors) | set(c.recipients)) < c.rule.min_participants:
        return None
    if etype == "REQUEST" and within_government(c, index):
        return None  # a leader tasking his own officials is administration, not an interaction
    if etype == "THREATEN" and mode is None and c.inner_type:
        mode = THREAT_MODE.get(c.inner_type)
    trig = doc[c.token.i : c.token.i + 1]
    return Event(
        id="",
        event_type=etype,
        mode=mode or _instrument_mode(c, etype, cues),
        context=list(c.rule.context),
        aux_mode=aux,
        actor=list(c.actors),
        recipient=list(c.recipients),
        date=date_value,
        date_text=span.text if span else None,
        event_loc=loc,
        trigger=TextSpan(trig.text, trig.start_char, trig.end_char),
        sentence=TextSpan(sent.text, sent.start_char, sent.end_char),
        confidence=calibrated(raw_confidence(c, aux), cues),
        rule=c.rule.id,
        paths={a: c.paths.get(a, "") for a in c.actors + c.recipients},
    )


def raw_confidence(c: Candidate, aux: str | None) -> float:
    """The uncalibrated score of an event: its rule's prior (less without an actor or when not
    asserted), averaged with the type model's probability of its type when the model ran."""
    prior = c.rule.confidence * (1.0 if c.actors else 0.8) * (1.0 if aux is None else 0.9)
    return prior if c.model_p is None else (prior + c.model_p) / 2


def calibrated(raw: float, cues: dict) -> float:
    """``raw`` mapped to the precision observed at that score on the dev sets: the table
    ``calibration`` in event_cues.yaml (scripts/calibrate_confidence.py writes it), linear
    between its points. ``PARLEY_RAW_CONFIDENCE=1`` keeps the raw score (for that script)."""
    table = cues.get("calibration")
    if not table or os.environ.get("PARLEY_RAW_CONFIDENCE") == "1":
        return raw
    if raw <= table[0][0]:
        return table[0][1]
    for (x0, y0), (x1, y1) in zip(table, table[1:], strict=False):
        if raw <= x1:
            return y0 + (y1 - y0) * (raw - x0) / (x1 - x0) if x1 > x0 else y1
    return table[-1][1]


def _instrument_mode(c: Candidate, etype: str, cues: dict) -> str | None:
    table = cues.get("modes", {}).get(etype)
    if not table:
        return None
    words = {t.lower_ for t in c.token.subtree} | {c.token.lower_}
    words |= {t.lower_ for t in c.token.head.children} if c.token.pos_ != "VERB" else set()
    words |= {t.lower_ for t in c.token.children}
    for mode, cue in table.items():
        if words & set(cue):
            return mode
    return None


def _merge(events: list[Event]) -> list[Event]:
    """One story often reports one happening twice; keep the best-supported report.

    A report with no actor ("al-Rufay'i was killed Thursday") of a type the story also
    reports with an actor is taken as the same happening seen from the victim's side.
    """

    def reported_with_actor(e: Event) -> bool:
        return any(
            o.actor
            and o.event_type == e.event_type
            and (not e.recipient or set(e.recipient) & set(o.actor + o.recipient))
            for o in events
        )

    events = [e for e in events if e.actor or not reported_with_actor(e)]
    out: list[Event] = []
    for ev in events:
        key = (ev.event_type, frozenset(ev.actor) | frozenset(ev.recipient))
        twin = next(
            (o for o in out if (o.event_type, frozenset(o.actor) | frozenset(o.recipient)) == key),
            None,
        )
        if twin is None:
            out.append(ev)
            continue
        better = (ev.aux_mode is None, ev.confidence) > (twin.aux_mode is None, twin.confidence)
        if twin.aux_mode != ev.aux_mode and "historical" in (twin.aux_mode, ev.aux_mode):
            out.append(ev)  # a past happening and a current one are two events
            continue
        if better:
            out[out.index(twin)] = ev
    return out
