"""When an event happened: date expressions found, tied to their event, resolved.

``resolve`` turns one expression ("Tuesday night", "Feb. 14", "last week", "in 2022") into a
calendar value against the story's publication date. ``event_date`` finds, in a parsed sentence,
the expression that belongs to one event trigger. Both are plain rules (regular expressions and
the dependency tree); nothing here touches the network.

Values are PLOVER dates: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``. Week-level expressions ("last
week", "three weeks ago") give a day value (the day one or more weeks before publication) with
precision ``"week"``: the scorer accepts a prediction that starts with the gold value, so a day
inside the right month is never worse than the month alone.

Weekday rule. News names days of the current week by weekday, including the day of publication
(AP style never says "today"), so a bare "Wednesday" in a Wednesday story is that day whatever
the tense. Otherwise past tense looks back (the latest such weekday before publication) and
present or future tense looks forward (the next one after). "last Friday" always looks back and
"next Friday" always forward, to a different day.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.tokens import Span, Token

from .model import TextSpan
from .nlp import doc_text, span_text

TENSES = ("past", "present", "future")


@dataclass(frozen=True, slots=True)
class ResolvedDate:
    value: str  # "YYYY-MM-DD" | "YYYY-MM" | "YYYY"
    text: str  # the words it came from
    precision: str  # "day" | "week" | "month" | "year"


MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2, "couple of": 2,
}  # fmt: skip

_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_PART = r"(?:morning|afternoon|evening|night|overnight)"
_NUM = r"(?:\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|(?:a )?couple of)"
_UNIT = r"(?:day|week|month|year)s?"
_EDGE = r"(?:early|mid|late|the end of|the start of|the beginning of|the middle of)"

# Leading words that introduce a date but are not part of it.
_LEAD = re.compile(r"^(?:(?:on|in|at|since|until|till|by|from|during|as of|of|before|after)\s+)?(?:the\s+)?")

# One alternation per kind of expression; ``_FIND`` scans running text with them.
PATTERNS = {
    "iso": r"(?P<iso>\d{4}-\d{2}-\d{2})",
    "md": rf"(?:(?P<md_edge>{_EDGE})[\s-]+)?(?P<md_m>{_MONTH})\s+(?P<md_d>{_DAYNUM})(?:,?\s+(?P<md_y>{_YEAR}))?(?!\d)",
    "dm": rf"(?P<dm_d>{_DAYNUM})\s+(?:of\s+)?(?P<dm_m>{_MONTH})(?:,?\s+(?P<dm_y>{_YEAR}))?",
    "month": rf"(?:(?P<m_edge>{_EDGE})[\s-]+)?(?:(?P<m_rel>last|this|next)\s+)?(?P<m_m>{_MONTH})(?:(?:,|\s+of)?\s+(?P<m_y>{_YEAR}))?",
    "year": rf"(?:(?P<y_edge>{_EDGE})[\s-]+)?(?P<y_y>{_YEAR})(?!s\b)",
    "weekday": rf"(?:(?P<wd_edge>early|late)\s+)?(?:(?P<wd_rel>last|this|next|this past|this coming)\s+)?(?P<wd>{_WEEKDAY})(?:\s+(?P<wd_part>{_PART}))?",
    "deictic": rf"(?P<dx>day before yesterday|yesterday|today|tonight|tomorrow|last night|overnight|this {_PART}|this past weekend)(?:\s+{_PART})?",
    "ago": rf"(?P<ago_n>{_NUM})\s+(?P<ago_u>{_UNIT})\s+ago",
    "in_n": rf"in\s+(?P<in_n>{_NUM})\s+(?P<in_u>{_UNIT})",
    "rel": r"(?:(?P<rel_mod>earlier|later)\s+)?(?P<rel>last|this|next|past)\s+(?P<rel_u>week|weekend|month|year)",
}  # fmt: skip
_EXACT = re.compile(r"^(?:" + "|".join(PATTERNS.values()) + r")$", re.I)


def _norm(expr: str, lead: bool = True) -> str:
    s = expr.replace("\u2019", "'").strip().strip(",.;:").lower()
    s = re.sub(r"'s$", "", s)
    s = re.sub(r"\s+", " ", s)
    return _LEAD.sub("", s, count=1) if lead else s


def _num(s: str) -> int | None:
    s = s.strip()
    return int(s) if s.isdigit() else NUMBERS.get(s)


def _month_num(s: str) -> int:
    return MONTHS[s.rstrip(".").lower()]


def _day_num(s: str) -> int:
    return int(re.match(r"\d+", s).group())


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def _day(d: date, text: str, precision: str = "day") -> ResolvedDate:
    return ResolvedDate(d.isoformat(), text, precision)


def _month(y: int, m: int, text: str) -> ResolvedDate:
    return ResolvedDate(f"{y:04d}-{m:02d}", text, "month")


def _year(y: int, text: str) -> ResolvedDate:
    return ResolvedDate(f"{y:04d}", text, "year")


def _weekday(wd: int, published: date, tense: str, rel: str | None) -> date:
    back = (published.weekday() - wd) % 7  # days since the latest such weekday (0 = today)
    ahead = (wd - published.weekday()) % 7
    if rel in ("last", "this past"):
        return published - timedelta(days=back or 7)
    if rel in ("next", "this coming"):
        return published + timedelta(days=ahead or 7)
    if tense == "past":
        return published - timedelta(days=back)
    return published + timedelta(days=ahead)


def _month_day_year(m: int, d: int, published: date, tense: str) -> date | None:
    """The year for a month-day given without one: nearest to publication on the tense's side."""

    def make(y):
        try:
            return date(y, m, d)
        except ValueError:
            return None

    options = [x for x in (make(published.year + k) for k in (-1, 0, 1)) if x]
    if not options:
        return None
    if tense == "past":
        # a past event is on or before publication; a few days' slack absorbs time zones and
        # stories about events the same week that were dated ahead of time
        pool = [x for x in options if x <= published + timedelta(days=3)]
    elif tense == "future":
        pool = [x for x in options if x >= published]
    else:
        pool = options
    return min(pool or options, key=lambda x: abs((x - published).days))


def _month_year(m: int, published: date, tense: str, rel: str | None) -> int:
    y = published.year
    if rel == "last" or (rel is None and tense == "past"):
        return y if m <= published.month and rel != "last" or m < published.month else y - 1
    if rel == "next" or (rel is None and tense == "future"):
        return y if m >= published.month and rel != "next" or m > published.month else y + 1
    # present, or "this March": the nearest one
    return min((y - 1, y, y + 1), key=lambda yy: abs((yy * 12 + m) - (y * 12 + published.month)))


def resolve(expr: str, published: date | None, tense: str = "past") -> ResolvedDate | None:
    """Resolve one date expression against the publication date, or None.

    Absolute expressions ("Feb 14, 2024", "in 2022", "2024-03-01") need no publication date;
    relative ones ("Tuesday", "last week", "in March") return None without one.
    """
    text = expr.strip()
    # "in two weeks" keeps its "in"; other leading prepositions are dropped
    mt = _EXACT.match(_norm(text, lead=False)) or _EXACT.match(_norm(text))
    if not mt:
        return None
    g = {k: v for k, v in mt.groupdict().items() if v is not None}
    if tense not in TENSES:
        tense = "past"

    if "iso" in g:
        try:
            return _day(date.fromisoformat(g["iso"]), text)
        except ValueError:
            return None
    if "md_m" in g or "dm_m" in g:
        k = "md" if "md_m" in g else "dm"
        m, d = _month_num(g[f"{k}_m"]), _day_num(g[f"{k}_d"])
        if f"{k}_y" in g:
            try:
                return _day(date(int(g[f"{k}_y"]), m, d), text)
            except ValueError:
                return None
        if published is None:
            return None
        resolved = _month_day_year(m, d, published, tense)
        return _day(resolved, text) if resolved else None
    if "m_m" in g:
        m = _month_num(g["m_m"])
        if "m_y" in g:
            return _month(int(g["m_y"]), m, text)
        if published is None:
            return None
        return _month(_month_year(m, published, tense, g.get("m_rel")), m, text)
    if "y_y" in g:
        return _year(int(g["y_y"]), text)
    if published is None:
        return None
    if "wd" in g:
        return _day(_weekday(WEEKDAYS[g["wd"]], published, tense, g.get("wd_rel")), text)
    if "dx" in g:
        dx = g["dx"]
        shift = {"yesterday": -1, "last night": -1, "overnight": 0, "tomorrow": 1, "day before yesterday": -2}
        if dx == "this past weekend":
            return _day(_weekday(5, published, "past", "last"), text, "week")
        return _day(published + timedelta(days=shift.get(dx, 0)), text)
    if "ago_n" in g:
        n, unit = _num(g["ago_n"]), g["ago_u"].rstrip("s")
        return _shift(published, -n, unit, text) if n else None
    if "in_n" in g:
        # "in two weeks" is a time ahead only for future events ("the first time in two weeks" is not)
        n, unit = _num(g["in_n"]), g["in_u"].rstrip("s")
        return _shift(published, n, unit, text) if n and tense == "future" else None
    if "rel" in g:
        return _relative(g["rel"], g["rel_u"], g.get("rel_mod"), published, tense, text)
    return None


def _shift(published: date, n: int, unit: str, text: str) -> ResolvedDate:
    if unit == "day":
        return _day(published + timedelta(days=n), text)
    if unit == "week":
        return _day(published + timedelta(weeks=n), text, "week")
    if unit == "month":
        return _month(*_add_months(published.year, published.month, n), text)
    return _year(published.year + n, text)


def _relative(rel: str, unit: str, mod: str | None, published: date, tense: str, text: str) -> ResolvedDate:
    step = {"last": -1, "past": -1, "this": 0, "next": 1}[rel]
    if unit == "week":
        if step == 0 and mod == "earlier":
            monday = published - timedelta(days=published.weekday())
            return _day(monday if monday < published else published, text, "week")
        if step == 0 and mod == "later":
            friday = published + timedelta(days=4 - published.weekday())
            return _day(friday if friday > published else published, text, "week")
        return _day(published + timedelta(weeks=step), text, "week")
    if unit == "weekend":
        if step == 0:
            step = -1 if tense == "past" else 1
        return _day(_weekday(5, published, "past" if step < 0 else "future", None), text, "week")
    if unit == "month":
        return _month(*_add_months(published.year, published.month, step), text)
    return _year(published.year + step, text)


# ---------------------------------------------------------------------------------------------
# Historical and tense


def _period_end(resolved: ResolvedDate) -> date:
    parts = [int(p) for p in resolved.value.split("-")]
    if len(parts) == 3:
        return date(*parts)
    if len(parts) == 2:
        return date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return date(parts[0], 12, 31)


#: An event is historical when the whole period it names ended this long before publication:
#: news reports the last few months as current ("in July" in an October story), and coders
#: mark as background what lies in an earlier year or half a year back.
HISTORICAL_DAYS = 183


def is_historical(resolved: ResolvedDate, published: date) -> bool:
    """True when the date lies clearly before the story's time.

    Rule: a year before the publication year ("in 2024" in a 2025 story), or a period whose
    last day (the day itself, or the month's last day) is more than ``HISTORICAL_DAYS`` before
    publication. So "last week", "last month" and "in July" in an October story are current,
    "in 2022" in a 2025 story is historical.
    """
    if resolved.precision == "year":
        return int(resolved.value[:4]) < published.year
    return _period_end(resolved) < published - timedelta(days=HISTORICAL_DAYS)


# Verbs whose infinitive complement is a planned or expected event ("plans to meet").
_FUTURE_HEADS = {
    "plan", "intend", "aim", "expect", "schedule", "set", "prepare", "hope", "seek", "vow", "pledge",
    "promise", "agree", "threaten", "due", "poise", "slate", "want", "decide", "propose", "offer", "go",
}  # fmt: skip
# Reporting verbs: their date also dates the past event they report (none of their own).
_REPORT_VERBS = {
    "say",
    "tell",
    "announce",
    "confirm",
    "report",
    "state",
    "write",
    "add",
    "note",
    "reveal",
    "disclose",
}
_FUTURE_WORDS = {"tomorrow", "next", "upcoming", "later", "coming", "soon"}
_MODAL_FUTURE = {"will", "shall", "'ll", "wo", "would", "going"}


def _verb_of(tok: Token) -> Token:
    """The verb a noun trigger depends on ("had a call" -> had), or the trigger itself."""
    if tok.pos_ in ("VERB", "AUX"):
        return tok
    for child in tok.children:
        # "the meeting that is being set up", "talks scheduled for Monday": a passive relative
        # clause says what happens to the event itself
        passive = child.tag_ == "VBN" or any(c.dep_ == "nsubjpass" for c in child.children)
        if child.dep_ in ("relcl", "acl") and child.pos_ in ("VERB", "AUX") and passive:
            return child
    head = tok
    while head.dep_ not in ("ROOT",) and head.pos_ not in ("VERB", "AUX"):
        head = head.head
    return head


def tense_of(trigger: Token) -> str:
    """ "past", "present" or "future" for the verb group of an event trigger."""
    verb = _verb_of(trigger)
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    tags = {a.tag_ for a in auxes}
    if words & _MODAL_FUTURE:
        return "future"
    for c in verb.children:
        if c.dep_ in ("npadvmod", "advmod", "prep") and c.lower_ in _FUTURE_WORDS | {"next"}:
            return "future"
        if c.dep_ in ("npadvmod", "prep", "advmod") and any(
            t.lower_ in ("next", "tomorrow", "upcoming") for t in c.subtree
        ):
            return "future"
    if "have" in {a.lemma_ for a in auxes} and verb.tag_ == "VBN":
        return "past"
    # "is set to meet", "plans to meet", "agreed to meet", "is going to meet"
    if "to" in words and verb.dep_ in ("xcomp", "ccomp", "advcl"):
        head = verb.head
        if head.lemma_.lower() in _FUTURE_HEADS:
            return "future"
        return tense_of(head) if head.tag_ in ("VBD", "VBN") and head.lemma_ != "be" else "future"
    if verb.lower_ == "going" and any(c.dep_ == "xcomp" for c in verb.children):
        return "future"
    # "is being set up": a present progressive passive names an arrangement for the future
    if "being" in words and tags & {"VBZ", "VBP"}:
        return "future"
    if tags & {"VBD"} or verb.tag_ == "VBD":
        return "past"
    if verb.tag_ == "VBN" and not auxes:
        return "past"
    if tags & {"VBZ", "VBP"} or verb.tag_ in ("VBZ", "VBP", "VBG"):
        return "present"
    return "past"


# ---------------------------------------------------------------------------------------------
# Finding the date of one event in a sentence

_FIND = re.compile(r"(?<![\w-])(?:" + "|".join(PATTERNS.values()) + r")(?![\w-])", re.I)
_MONTH_WORD = re.compile(_MONTH + "$", re.I)


def find_dates(sent: Span) -> list[tuple[int, int]]:
    """Character spans (doc offsets) of date expressions in a sentence, longest first at each place.
    Computed once per sentence: every event of the sentence asks."""
    cache = sent.doc.user_data.setdefault("parley_dates", {})
    found = cache.get(sent.start_char)
    if found is None:
        found = cache[sent.start_char] = _find_dates(sent)
    return found


def _find_dates(sent: Span) -> list[tuple[int, int]]:
    base = sent.start_char
    found = []
    for mt in _FIND.finditer(span_text(sent)):
        start, end = mt.start() + base, mt.end() + base
        words = mt.group()
        # "in two weeks" keeps its "in" (it carries the meaning); other leads are dropped by _FIND
        if not _plausible(sent.doc, start, end, words, mt):
            continue
        found.append((start, end))
    return found


def _plausible(doc, start: int, end: int, words: str, mt: re.Match) -> bool:
    g = mt.groupdict()
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    # month names are capitalised in running text ("may" is a modal, "march" a verb)
    for key in ("m_m", "md_m", "dm_m"):
        if g.get(key) and not g[key][0].isupper():
            return False
    if g.get("m_m") and not (g.get("m_y") or g.get("m_edge") or g.get("m_rel")):
        first = span[0]
        # a bare month name that spaCy reads as a person or an organisation ("April Smith")
        if first.ent_type_ in ("PERSON", "ORG") or g["m_m"].lower().rstrip(".") in ("may", "mar"):
            before = doc[first.i - 1] if first.i > 0 else None
            if before is None or before.lower_ not in ("in", "since", "until", "by", "of", "during"):
                return False
    if g.get("y_y"):
        tok = span[-1]
        if _in_a_name(tok):
            return False
        # a count, not a year: "2022 people", "1900 troops"
        if tok.dep_ == "nummod" and tok.head.tag_ == "NNS":
            return False
        if tok.i + 1 < len(doc) and doc[tok.i + 1].text in ("%", "-") or tok.like_num is False:
            return False
    return True


def _in_a_name(tok: Token) -> bool:
    """A year that is part of a proper name or a title: "Equal Measures 2030", "Vision 2030"."""
    prev = tok.doc[tok.i - 1] if tok.i > 0 else None
    if (
        prev is not None
        and prev.is_title
        and prev.pos_ in ("PROPN", "NOUN")
        and not _MONTH_WORD.match(prev.text)
    ):
        return True
    return tok.ent_type_ in ("ORG", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT", "FAC") and tok.ent_iob_ != "B"


#: Words before a date that make it a deadline or a target: the event lies ahead.
_TARGET_WORDS = {"by", "until", "till", "before", "through"}


def check_far_future(resolved, span, published: date | None, text: str, tense: str):
    """``(resolved, span, future)``: a date more than a year after publication stands only when
    the words are explicitly future ("by 2030", "will ... in 2030"), and then the event is a
    future one; otherwise it is a misreading and is dropped."""
    if resolved is None or span is None or published is None:
        return resolved, span, False
    parts = [int(x) for x in resolved.value.split("-")]
    start = date(parts[0], parts[1] if len(parts) > 1 else 1, 1)
    if start <= published + timedelta(days=365):
        return resolved, span, False
    before = text[max(0, span.start - 12) : span.start].split()
    if tense == "future" or (before and before[-1].lower() in _TARGET_WORDS):
        return resolved, span, True
    return None, None, False


def _clause_verb(tok: Token) -> Token | None:
    """The nearest verb at or above ``tok``."""
    for t in [tok, *tok.ancestors]:
        if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass"):
            return t
    return None


def clause_tier(owner: Token, trigger: Token) -> int | None:
    """How a clause verb that owns a date or a place relates to the trigger's clause: 1 it is that
    clause (or a relative clause on the trigger), 2 it is the head of the trigger's when-clause
    ("escalated in 2022 when Russian forces invaded" shares its time), None otherwise. Shared by
    the dates and the places stage."""
    trig_verb = _verb_of(trigger)
    if owner == trig_verb or (owner.head == trigger and owner.dep_ in ("relcl", "acl")):
        return 1
    if (
        trig_verb.dep_ == "advcl"
        and trig_verb.head == owner
        and any(c.lower_ in ("when", "as", "while") for c in trig_verb.children)
    ):
        return 2
    return None


def _tier(span: Span, trigger: Token, tense: str) -> int | None:
    """How closely a date span belongs to the trigger: 0 best, None not at all."""
    root = span.root
    if trigger in span:
        return None
    # walk up from the date towards the root until a verb or the trigger
    for t in root.ancestors:
        if t == trigger:
            return 0
        if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass"):
            break
    owner = _clause_verb(root.head) if root.head != root else None
    trig_verb = _verb_of(trigger)
    if owner is None:
        return 4
    tier = clause_tier(owner, trigger)
    if tier is not None:
        return tier
    # the reporting clause's date ("on Wednesday said he had a call") for a past reported event
    if (
        tense != "future"
        and trig_verb.dep_ == "ccomp"
        and trig_verb.head == owner
        and owner.lemma_.lower() in _REPORT_VERBS
    ):
        return 3
    return None


def event_date(
    sent: Span, trigger: Token, published: date | None, tense: str
) -> tuple[ResolvedDate | None, TextSpan | None]:
    """The date of the event whose trigger is ``trigger``, with the words it came from.

    Candidates are the date expressions of the sentence; each is ranked by how it hangs off the
    trigger (attached to it, to its clause, to the head of a "when" clause, to the clause that
    reports it) and the nearest best-ranked one that resolves wins. Dates owned by another clause
    of the sentence are not taken. Returns ``(None, None)`` when nothing fits.
    """
    doc = sent.doc
    best = None
    for start, end in find_dates(sent):
        span = doc.char_span(start, end, alignment_mode="expand")
        tier = _tier(span, trigger, tense)
        if tier is None:
            continue
        resolved = resolve(doc_text(doc)[start:end], published, tense)
        if resolved is None:
            continue
        distance = min(abs(trigger.i - span.start), abs(trigger.i - (span.end - 1)))
        key = (tier, distance)
        if best is None or key < best[0]:
            best = (key, resolved, TextSpan(doc_text(doc)[start:end], start, end))
    if best is None:
        return None, None
    return best[1], best[2]
