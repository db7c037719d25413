"""Whole-story passes over a story's events, after each sentence has been coded.

A news story is not a list of independent sentences: it reports one happening several times
(the lead, a quote, a back-reference such as "Tuesday's attack"), it tells how it was reported
(a reporter's request for comment, an outlet's question), and it reports one act with two verbs
of the same kind in one sentence ("shot and killed", "blamed India, accusing it of ...").
Each pass here removes events that are not a new happening of the story; docs/conventions.md
describes them. ``PARLEY_STORY_LOG=1`` writes each removal to stderr (for reading the output
of a corpus).
"""

from __future__ import annotations

import os
import sys

from spacy.tokens import Doc, Token

from ..model import Event
from ..nlp import doc_text
from .conventions import casualty_verbs

# Determiners that make an event noun refer to a happening the reader already knows of.
DEFINITE = {"the", "this", "that", "these", "those", "its", "his", "her", "their", "our"}
# What a journalist asks a newsmaker for: no political request ("did not respond to a request
# for comment", "requesting comment", "asked for an interview").
PRESS_OBJECTS = {"comment", "comments", "interview", "interviews"}
# The sector of news outlets: an outlet's questions and interviews are how a story is gathered,
# not events between political actors (a journalist as a person may still be a party).
PRESS_SECTORS = {"JRN"}
PRESS_TYPES = {"REQUEST", "CONSULT"}


def log_removed(why: str, etype: str, trigger: Token, rule: str, sent) -> None:
    """Write a candidate the sentence stage did not report (``PARLEY_STORY_LOG=1``)."""
    _emit(why, etype, trigger.text, rule, sent.text)


def _log(why: str, ev: Event) -> None:
    """Write an event a whole-story pass removed (``PARLEY_STORY_LOG=1``)."""
    _emit(why, ev.event_type, ev.trigger.text, ev.rule, ev.sentence.text)


def _emit(why: str, etype: str, trigger: str, rule: str, sentence: str) -> None:
    if os.environ.get("PARLEY_STORY_LOG") == "1":
        text = sentence.replace("\n", " ")[:220]
        print(f"story\t{why}\t{etype}\t{trigger}\t{rule}\t{text}", file=sys.stderr)


def _trigger(doc: Doc, ev: Event) -> Token | None:
    """The token ``ev``'s trigger starts at (looked up per event: a story's passes ask for a
    few, and a map of every token cost more than the passes themselves)."""
    span = doc.char_span(ev.trigger.start, ev.trigger.start + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) and span[0].idx == ev.trigger.start else None


def press_events(events: list[Event], doc: Doc, index) -> list[Event]:
    """A reporter's request for comment or an outlet's question or interview is not an event:
    "did not respond to a request for comment", "Asked by a news agency whether ...", "the
    paper spoke with the minister"."""
    out = []
    for ev in events:
        tok = _trigger(doc, ev)
        if ev.event_type in PRESS_TYPES and tok is not None and _asks_for_comment(tok):
            _log("press-comment", ev)
            continue
        parts = [index.actor(a) for a in ev.actor]
        if ev.event_type in PRESS_TYPES and any(_outlet(p) for p in parts):
            _log("press-actor", ev)
            continue
        out.append(ev)
    return out


def _outlet(actor) -> bool:
    return actor.kind == "organization" and actor.sector in PRESS_SECTORS


def _asks_for_comment(tok: Token) -> bool:
    for ch in tok.children:
        if ch.dep_ in ("dobj", "attr") and ch.lower_ in PRESS_OBJECTS:
            return True
        if (
            ch.dep_ == "prep"
            and ch.lower_ == "for"
            and any(p.lower_ in PRESS_OBJECTS for p in ch.children if p.dep_ == "pobj")
        ):
            return True
    return False


def same_sentence(events: list[Event], doc: Doc) -> list[Event]:
    """Two reports of one type in one sentence by the same actor, one in the other's clause, are
    one act: "shot and killed three guards", "blamed Chad, accusing it of ...", "carried out a
    wave of raids". A second report with its own target ("attacked the convoy, taking
    hostages") stays an event of its own. The kept report takes the other's targets."""
    out: list[Event] = []
    for ev in events:
        twin = next((o for o in out if _one_act(o, ev, doc)), None)
        if twin is None:
            out.append(ev)
            continue
        keep, drop = (twin, ev) if _support(twin) >= _support(ev) else (ev, twin)
        for r in drop.recipient:
            if r not in keep.recipient and r not in keep.actor:
                keep.recipient.append(r)
                keep.paths.setdefault(r, drop.paths.get(r, ""))
        _log("same-sentence", drop)
        out[out.index(twin)] = keep
    return out


def _support(ev: Event) -> tuple:
    return (ev.aux_mode is None, bool(ev.actor), len(ev.actor) + len(ev.recipient), ev.confidence)


def _one_act(a: Event, b: Event, doc: Doc) -> bool:
    if a.event_type != b.event_type or a.sentence.start != b.sentence.start or a.aux_mode != b.aux_mode:
        return False
    ta, tb = _trigger(doc, a), _trigger(doc, b)
    if ta is None or tb is None:
        return False
    related = ta in tb.subtree or tb in ta.subtree or ta.head == tb.head or _coordinated(ta, tb)
    if not related:
        return False
    if a.actor and b.actor and set(a.actor) != set(b.actor):
        return False
    if not a.actor and not b.actor:
        return False
    # an actorless report counts as the same act only when it is the other's own noun
    if not (a.actor and b.actor) and not (ta in tb.subtree or tb in ta.subtree):
        return False
    # the toll of an attack is that attack, whatever its victims: "attacked the base and KILLED
    # 26 soldiers", "ambushed a convoy, WOUNDING five" (a second act with its own mode, "taking
    # hostages", stays an event of its own)
    if a.event_type == "ASSAULT" and a.actor and b.actor and (_toll(ta) or _toll(tb)):
        return True
    # a target known only by the place ("in Syria") does not tell two acts apart
    ra, rb = set(named_targets(a)), set(named_targets(b))
    return not (ra and rb and not ra & rb)


def _toll(tok: Token) -> bool:
    """A verb that counts an attack's victims ("killing five", "wounded 12")."""
    return tok.pos_ == "VERB" and tok.lemma_.lower() in casualty_verbs()


#: role paths of a target known only by a place ("in Syria", "made his appeal in Geneva")
PLACE_PATHS = {"place-country", "sweep:place"}


def named_targets(ev: Event) -> list[str]:
    """The recipients of ``ev`` less those known only by a place, which may be where the act
    was done rather than what it was done to."""
    return [r for r in ev.recipient if ev.paths.get(r) not in PLACE_PATHS]


def one_a_day(events: list[Event], index) -> list[Event]:
    """Event data's one-a-day rule within a story: one type between the same two countries on
    one day is one event, however often the story retells it ("Quito rejected the charge"
    and, later, the spokesman's "we reject the allegations"). Only between different
    countries, all coded: within one country many sides act at once (army, rebels, police)."""
    out: list[Event] = []
    seen: dict[tuple, int] = {}
    for ev in events:
        a = [index.actor(x).code for x in ev.actor]
        r = [index.actor(x).code for x in ev.recipient]
        if not a or not r or None in a or None in r or set(a) & set(r):
            out.append(ev)
            continue
        key = (ev.event_type, frozenset(a), frozenset(r), ev.date, ev.aux_mode)
        if key not in seen:
            seen[key] = len(out)
            out.append(ev)
            continue
        twin = out[seen[key]]
        keep, drop = (twin, ev) if _support(twin) >= _support(ev) else (ev, twin)
        out[seen[key]] = keep
        _log("one-a-day", drop)
    return out


def _coordinated(a: Token, b: Token) -> bool:
    return (a.dep_ == "conj" and a.head == b) or (b.dep_ == "conj" and b.head == a)


def back_references(events: list[Event], doc: Doc, index) -> list[Event]:
    """A definite mention of a happening the story has already reported is that happening, not
    a new one: "Monday's raid drew wide condemnation", "the minister repeated his call on
    Friday", "two drivers also died in the ambush". Such a report is dropped when an
    earlier event of the story has its type and no participant of its own contradicts it."""
    out: list[Event] = []
    for ev in events:
        tok = _trigger(doc, ev)
        earlier = [o for o in out if o.event_type == ev.event_type and o.trigger.start < ev.trigger.start]
        if (
            tok is not None
            and earlier
            and _refers_back(tok, ev.rule.startswith("light."))
            and any(_compatible(ev, o, index) for o in earlier)
        ):
            _log("back-reference", ev)
            continue
        out.append(ev)
    return out


def _definite(noun: Token) -> bool:
    """A noun that points back: "the attack", "his appeal", "Tuesday's attack". A complement
    that names its participants ("the arrest of five more people", "Israel's strike") makes
    it a first mention, which a definite article often introduces in news; so does a relative
    clause that says which one it is."""
    if any(ch.dep_ == "prep" and ch.lower_ in ("of", "on", "against", "by") for ch in noun.children):
        return False
    if any(ch.dep_ in ("relcl", "acl") for ch in noun.children):
        return False  # "the summit that is planned for May in Oslo" is introduced here
    for ch in noun.children:
        if ch.dep_ == "det" and ch.lower_ in DEFINITE:
            return True
        if ch.dep_ == "poss" and (ch.lower_ in DEFINITE or ch.ent_type_ in ("DATE", "TIME")):
            return True
    return False


def _refers_back(tok: Token, light: bool) -> bool:
    if tok.pos_ in ("NOUN", "PROPN"):
        return _definite(tok)
    # a light verb's definite object ("repeated his call"); a verb of its own keeps its object
    # ("rejected the allegations" is a new act about an earlier one)
    if light and any(
        ch.dep_ == "dobj" and ch.pos_ == "NOUN" and _definite(ch) and _event_noun(ch) for ch in tok.children
    ):
        return True
    # the victim's side of a named happening: "were killed in the attack"
    for ch in tok.children:
        if ch.dep_ == "prep" and ch.lower_ == "in":
            for p in ch.children:
                if p.dep_ == "pobj" and _definite(p) and _event_noun(p):
                    return True
    return False


def _event_noun(noun: Token) -> bool:
    return noun.lemma_.lower() in EVENT_NOUNS


# Nouns that name a happening a story reports (the back-reference's antecedent).
EVENT_NOUNS = {
    "attack", "assault", "strike", "airstrike", "raid", "bombing", "shelling", "hijacking",
    "ambush", "explosion", "blast", "shooting", "killing", "operation", "offensive", "clash",
    "fighting", "appeal", "call", "demand", "request", "accusation", "allegation", "charge",
    "claim", "visit", "trip", "meeting", "talks", "agreement", "deal", "arrest", "crackdown",
    "sanctions", "protest", "demonstration", "threat", "warning",
}  # fmt: skip


def _compatible(ev: Event, earlier: Event, index) -> bool:
    """``ev`` adds no participant the earlier report contradicts (compared by code): its actors
    took part in the earlier report, and so did one of its targets when it names any."""

    if ev.aux_mode != earlier.aux_mode:
        return False  # a planned meeting is not the one held, nor a past attack today's

    def coded(ids: list[str]) -> set[str]:
        return {c for c in (index.actor(a).code for a in ids) if c}

    # an uncoded participant ("the insurgency", "rebels") neither confirms nor contradicts
    before = coded(earlier.actor + earlier.recipient)
    targets = coded(named_targets(ev))
    if targets and not targets & before:
        return False
    return coded(ev.actor) <= before


RELATIVE_PRONOUNS = {"that", "which", "who", "whom", "whose"}


def commentary(trigger: Token, content: set[int]) -> set[int]:
    """Tokens of ``content`` (what a verbal act is about) that are the writer's commentary on
    it, not its content: a relative clause with a subject of its own ("accusing it of arming
    the rebels, a charge Asmara rejected") is said about the charge, by someone else."""
    out: set[int] = set()
    doc = trigger.doc
    for i in content:
        tok = doc[i]
        if tok.dep_ == "relcl" and any(
            ch.dep_ in ("nsubj", "nsubjpass") and ch.lower_ not in RELATIVE_PRONOUNS for ch in tok.children
        ):
            out.update(t.i for t in tok.subtree)
    return out


# What a rejection answers, by the noun it rejects: a claim answers an ACCUSE, a demand a
# REQUEST, a proposal an offer (AGREE).
ANSWERED = {
    "ACCUSE": {"charge", "charges", "allegation", "allegations", "accusation", "accusations", "claim",
               "claims", "criticism", "report", "reports", "assertion"},
    "REQUEST": {"demand", "demands", "call", "calls", "request", "requests", "appeal", "ultimatum"},
    "AGREE": {"proposal", "proposals", "offer", "offers", "plan", "initiative", "idea"},
}  # fmt: skip


def answers(events: list[Event], doc: Doc, index) -> None:
    """A rejection the story gives no target answers what the story reported before it: "a
    charge Quito rejected", "Hanoi denies the claims" (the last accusation),
    "Chile proposed a truce, but Peru refused" (the proposal in its own sentence). Its
    target is the one who made the claim, the demand or the offer."""
    for n, ev in enumerate(events):
        if ev.event_type != "REJECT" or not ev.actor or ev.recipient:
            continue
        tok = _trigger(doc, ev)
        if tok is None:
            continue
        wanted = _answered_types(tok)
        mine = {index.actor(a).code for a in ev.actor} - {None}
        for o in reversed(events[:n]):
            if not o.actor or o.event_type == "REJECT":
                continue
            theirs = {index.actor(a).code for a in o.actor} - {None}
            if not theirs or theirs & mine:
                continue
            in_sentence = o.sentence.start == ev.sentence.start
            if (wanted and o.event_type in wanted) or (
                in_sentence and _coordinated_reply(tok, _trigger(doc, o))
            ):
                ev.recipient = list(o.actor)
                for a in o.actor:
                    ev.paths[a] = "answers-" + o.event_type.lower()
                break


def _answered_types(tok: Token) -> set[str]:
    """The types a rejection answers, from the noun it rejects ("denied the allegations") or the
    noun its relative clause describes ("a charge X rejected")."""
    nouns = [ch for ch in tok.children if ch.dep_ == "dobj"]
    if tok.dep_ == "relcl":
        nouns.append(tok.head)
    out: set[str] = set()
    for noun in nouns:
        for etype, words in ANSWERED.items():
            if noun.lower_ in words and (noun.i == tok.head.i or _definite(noun)):
                out.add(etype)
    return out


def _coordinated_reply(tok: Token, other: Token | None) -> bool:
    return other is not None and tok.dep_ == "conj" and tok.head == other


# Word classes that begin a sentence but never end a subheading ("Border talks After ...").
CLOSED_CLASS = {"DET", "ADP", "SCONJ", "PRON", "CCONJ", "ADV", "AUX", "PART"}


def subheading_end(sent, toks: list | None = None) -> int:
    """Tokens at the start of ``sent`` that are a subheading the page's text ran into the next
    sentence ("Border talks After months of delay, the two ministers ..."): a short capitalised phrase
    with no verb of its own, then a capitalised function word. 0 when there is none. Triggers
    in a subheading ("Trading blame", "Protest fears") only title what follows. ``toks``: the
    sentence's tokens, when the caller has them already."""
    if toks is None:
        toks = list(sent)
    if not toks or not toks[0].text[:1].isupper():
        return 0
    for k in range(2, min(6, len(toks) - 3)):
        t, prev = toks[k], toks[k - 1]
        if t.text == "I" or not t.text[:1].isupper() or t.ent_iob_ == "I" or t.pos_ not in CLOSED_CLASS:
            continue
        if prev.pos_ in CLOSED_CLASS or any(
            x.is_punct or x.tag_ in ("VBD", "VBZ", "VBP", "MD") for x in toks[:k]
        ):
            return 0
        return k
    return 0


#: The lead a headline summarises: the body's first two paragraphs, at most this many sentences
#: (a wire story's first paragraph is one sentence; a page that lost its breaks has one paragraph).
LEAD_SENTENCES = 3


def headline_repeats(events: list[Event], doc: Doc, index, head_end: int, cues: dict) -> list[Event]:
    """An event of the headline (``parley.headline``) that the lead reports again is one event,
    told by the lead with its full participants, date and place: "Rebels raid army post
    in north" over "Rebels overran an army post near Gao on Sunday ...". A headline event the
    lead does not report stays: the headline may be the only statement of it."""
    if head_end <= 0:
        return events
    head = [ev for ev in events if ev.trigger.start < head_end]
    if not head:
        return events
    lead_end = _lead_end(doc, head_end)
    lead = [ev for ev in events if head_end <= ev.trigger.start < lead_end]
    same = {t: {t} for t in {ev.event_type for ev in events}}
    for group in cues.get("same_act") or ():
        for t in group:
            same.setdefault(t, {t}).update(group)
    symmetric = {t for t, slot in (cues.get("model", {}).get("slots") or {}).items() if slot.get("symmetric")}
    out = []
    for ev in events:
        if ev.trigger.start < head_end and any(
            o.event_type in same[ev.event_type] and _retells(ev, o, index, ev.event_type in symmetric)
            for o in lead
        ):
            _log("headline", ev)
            continue
        out.append(ev)
    return out


def _lead_end(doc: Doc, head_end: int) -> int:
    end = head_end
    count = paragraphs = 0
    text = doc_text(doc)
    for sent in doc.sents:
        words = text[sent.start_char : sent.end_char].rstrip()
        if sent.start_char < head_end or not words.strip():
            continue  # the headline, and a paragraph break the parser made a sentence of
        if count and "\n" in text[end : sent.start_char]:
            paragraphs += 1
        if paragraphs >= 2 or count >= LEAD_SENTENCES:
            break
        count += 1
        end = sent.start_char + len(words)
    return end


def _retells(head: Event, lead: Event, index, symmetric: bool) -> bool:
    """The lead's event ``lead`` is the happening the headline's ``head`` names: the same mode
    (a headline's tenseless verb matches any but a denial), at least one participant in common,
    none of the headline's that the lead lacks where the lead names that side itself, and no
    side swapped (unless the act is mutual, as talks are). Participants are compared by code,
    by actor where there is none."""
    if head.aux_mode != lead.aux_mode and (head.aux_mode is not None or lead.aux_mode == "negation"):
        return False

    def keys(ids: list[str]) -> set[str]:
        return {index.actor(a).code or a for a in ids}

    h_act, h_rec = keys(head.actor), keys(named_targets(head))
    l_act, l_rec = keys(lead.actor), keys(lead.recipient)
    ours = l_act | l_rec
    extra = (h_act | h_rec) - ours
    if not (h_act | h_rec) & ours:
        return False
    # "Rebels raid army post" over "Rebels overran a post ..., killing four soldiers":
    # a side the lead leaves unnamed (or names only by a place) does not contradict the headline
    if extra & h_act and l_act or extra & h_rec and named_targets(lead):
        return False
    if symmetric:
        return True
    return not (h_act & (l_rec - l_act) or h_rec & (l_act - l_rec))


# What opens a sentence within a sentence: a capital after these is no sign of a name.
_OPENERS = {'"', "“", "‘", "'", ":", "(", "[", "—", "–", "-", ";"}


def in_title(tok, sent) -> bool:
    """A common word written with a capital inside a sentence, between two other capitalised
    words, is a word of a title, not an event: the "Campaign to Stop VIOLENCE Against
    Nurses", the "Violence Against Women Act". A sentence written in headline case ("Police
    Clash With Protesters") says nothing by its capitals (``headline_case``)."""
    # (asked of every word: the cheap test first, and the caller's sentence, not ``tok.sent``)
    if not tok.is_title or tok.i == sent.start or tok.nbor(-1).text in _OPENERS:
        return False
    # inside the title, between two of its capitalised words: the last word names the thing
    # itself ("a Quad SUMMIT on the sidelines", "the G-7 SUMMIT") and stays an event
    prev = tok.nbor(-1)
    return tok.i + 1 < sent.end and tok.nbor(1).is_title and prev.is_title and prev.i > sent.start


def headline_case(sent) -> bool:
    """Whether ``sent`` capitalises every content word: two in lower case show running text."""
    lower = [t for t in sent if t.is_alpha and t.is_lower and t.pos_ in ("NOUN", "VERB", "ADJ", "ADV")]
    return len(lower) < 2
