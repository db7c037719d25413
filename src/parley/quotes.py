"""Quotes stage: direct quotations, who said them, and the word that says so.

``find_quotes(doc, index) -> list[Quote]``.

Three steps, each one pass over the story (the stage stays linear in its length):

1. ``scan_marks`` (``quote_marks.py``) finds quoted stretches from the quotation marks alone, paragraph by
   paragraph: curly and straight double marks (and the old ``''...''`` style), single
   marks in headlines or when clearly paired (not apostrophes as in "Iraq's", "don't"),
   and the English convention for quotes that run over paragraph breaks (a paragraph that
   ends inside a quote, followed by one that opens with a mark, continues it). A quote
   that spans paragraphs becomes one quote per paragraph, all with the same speaker.
2. For each stretch, the words around it (the rest of its sentence, a colon-ended
   sentence before it, or a short "he added." after it) are searched for a cue verb
   ("said", "wrote", "according to", "in a statement"); the cue's subject is the speaker.
3. A stretch with no cue is kept only when it continues the previous speaker (the next
   sentence or paragraph opens with a quote) or sits in a headline; scare quotes and
   titles without a cue are dropped.
"""

from __future__ import annotations

import functools
from bisect import bisect_right
from importlib import resources

import yaml
from spacy.tokens import Doc, Token

from .model import Quote, TextSpan
from .nlp import doc_text
from .quote_marks import SENT_END, Stretch, _paragraphs, scan_marks

DASHES = {"―", "—", "–", "--"}
# Dependents kept when a speaker's noun phrase is cut out of the parse (not appositions,
# relative clauses, or anything after a comma).
LEFT_DEPS = {"compound", "det", "amod", "poss", "nmod", "nummod", "flat", "case", "quantmod", "advmod"}
RIGHT_DEPS = {"flat", "compound", "cc", "conj", "case"}
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
MAX_BEFORE = 50
MAX_AFTER = 40
#: A quote of a few words inside someone else's sentence ("called it a “crazy system”") is
#: kept only from this many words: PolNeAR's gold leaves most short fragments out.
MIN_PARTIAL_WORDS = 3
#: A named speaker's label ("called it “maximum pressure”") needs only this many.
MIN_LABEL_WORDS = 2


@functools.cache
def lexicon() -> dict:
    with resources.files("parley.data").joinpath("quotes.yaml").open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    return {
        "verbs": frozenset(data["cue_verbs"]),
        "nouns": frozenset(data["cue_nouns"]),
        "person_pronouns": frozenset(data["person_pronouns"]),
        "other_pronouns": frozenset(data["other_pronouns"]),
        "not_speakers": frozenset(data["not_speakers"]),
        "title_context": frozenset(data["title_context"]),
        "naming_verbs": frozenset(data["naming_verbs"]),
    }


# ------------------------------------------------------------------ step 2: cues


class _Tokens:
    """Character offset -> token index, by bisection over token starts."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.starts = [t.idx for t in doc]

    def at(self, char: int) -> int:
        return max(0, bisect_right(self.starts, char) - 1)


def _is_break(tok: Token) -> bool:
    return tok.is_space and "\n" in tok.text


def _after_region(doc: Doc, first: int, stops: set[int]) -> list[int]:
    out = []
    j = first
    while j < len(doc) and len(out) < MAX_AFTER:
        t = doc[j]
        if _is_break(t) or j in stops or t.text in SENT_END:
            break
        out.append(j)
        j += 1
    return out


def _before_region(doc: Doc, last: int, stops: set[int]) -> list[int]:
    out = []
    k = last
    while k >= 0 and len(out) < MAX_BEFORE:
        t = doc[k]
        if _is_break(t) or k in stops or t.text in SENT_END:
            break
        out.append(k)
        k -= 1
    out.reverse()
    return out


def _subject(verb: Token) -> Token | None:
    v = verb
    for _ in range(3):
        for c in v.children:
            if c.dep_ in SUBJECT_DEPS:
                if c.tag_ in ("WP", "WDT") and v.dep_ == "relcl":
                    return v.head
                return c
        if v.dep_ in ("conj", "xcomp", "advcl", "ccomp", "parataxis") and v.head is not v:
            v = v.head
        elif v.dep_ == "relcl":
            return v.head
        else:
            break
    return None


def _cue_candidates(doc: Doc, region: list[int], lex: dict):
    """(cue token, speaker token or None) for each cue in the region."""
    inside = set(region)
    for i in region:
        t = doc[i]
        low = t.lower_
        if low == "according" and i + 1 < len(doc) and doc[i + 1].lower_ == "to":
            obj = next((c for c in doc[i + 1].children if c.dep_ == "pobj"), None)
            if obj is None and i + 2 in inside:
                obj = doc[i + 2]
            yield t, obj, 0
        elif t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in lex["verbs"]:
            subj = _subject(t)
            if subj is None or subj.i not in inside:
                subj = _nearby_name(doc, region, i) or subj
            yield t, subj, 0
        elif t.pos_ == "NOUN" and t.lemma_.lower() in lex["nouns"]:
            spk = next((c for c in t.children if c.dep_ == "poss"), None)
            if spk is None and t.head.dep_ == "prep" and t.head.lower_ in ("in", "on"):
                spk = _subject(t.head.head)
            if spk is not None:
                yield t, spk, 1


def _nearby_name(doc: Doc, region: list[int], i: int) -> Token | None:
    """A speaker the parse missed: the name just before the verb, else ("said Caddell") after it."""

    def ok(t: Token) -> bool:
        return t.pos_ in ("PROPN", "PRON", "NOUN") and t.ent_type_ not in ("DATE", "TIME")

    before = [j for j in region if j < i]
    if before and ok(doc[before[-1]]):
        return doc[before[-1]]
    return next((doc[j] for j in region if j > i and ok(doc[j])), None)


def _find_cue(doc: Doc, region: list[int], lex: dict, nearest_last: bool):
    best = None
    for cue, spk, rank in _cue_candidates(doc, region, lex):
        if spk is None or spk.is_punct or spk.lower_ in lex["not_speakers"]:
            continue  # "there", "its", "this": never who spoke
        dist = (region[-1] - cue.i) if nearest_last else (cue.i - region[0])
        key = (rank, dist)
        if best is None or key < best[0]:
            best = (key, cue, spk)
    return (best[1], best[2]) if best else None


def _dash_credit(doc: Doc, tokens: _Tokens, s: Stretch):
    """“...” ― Jane Doe: a name after a dash credits the quote (letters, vox pops)."""
    if s.close is None:
        return None
    text = doc_text(doc)
    k = s.close + 1
    while k < len(text) and text[k].isspace() and text[k] != "\n":  # "\xa0―" too
        k += 1
    if k >= len(text) or text[k] not in "―—–-":
        return None
    dash = k
    while k < len(text) and (text[k] in "―—–-" or text[k].isspace() and text[k] != "\n"):
        k += 1
    if k >= len(text) or not text[k].isupper():
        return None
    name = doc[tokens.at(k)]
    if name.idx != k or name.pos_ not in ("PROPN", "NOUN"):
        return None
    return doc[tokens.at(dash)], _np_head(name)


def _looks_like_title(quoted: str) -> bool:
    """“Fox News Sunday”, “The Art of the Deal”: a name of a work or show, not speech."""
    words = [w for w in quoted.split() if w[:1].isalpha()]
    if not words or len(words) > 8 or quoted[-1:] in "?!":
        return False
    small = {"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "by"}
    return all(w[0].isupper() or w in small for w in words) and words[0][0].isupper()


def _mention_span(doc: Doc, head: Token) -> tuple[int, int]:
    start = head.i
    for c in reversed(list(head.lefts)):
        if c.dep_ in LEFT_DEPS and c.right_edge.i == start - 1:
            start = c.left_edge.i
        elif c.is_punct or c.dep_ not in LEFT_DEPS:
            break
    end = head.i + 1
    for c in head.rights:
        if c.left_edge.i != end:
            break
        if c.dep_ in RIGHT_DEPS or (c.dep_ == "prep" and c.lower_ in ("for", "of", "at")):
            end = c.right_edge.i + 1
        else:
            break
    while end - 1 > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return start, end


def _span(doc: Doc, start: int, end: int) -> TextSpan:
    sp = doc[start:end]
    return TextSpan(sp.text, sp.start_char, sp.end_char)


# ------------------------------------------------------------------ step 3: decide


def _looks_like_headline(doc: Doc, ps: int, pe: int) -> bool:
    words = [t for t in doc.char_span(ps, pe, alignment_mode="expand") or [] if t.is_alpha]
    if not words or len(words) > 30:
        return False
    caps = sum(1 for t in words if t.text[0].isupper())
    return caps >= 0.6 * len(words)


def _headline_speaker(doc: Doc, tokens: _Tokens, s: Stretch) -> Token | None:
    """The name a headline quote hangs on: "Warren to CEO: 'You...'" or the subject."""
    first = tokens.at(s.open)
    region = _before_region(doc, first - 1, set())
    colon = [i for i in region if doc[i].text == ":"]
    if colon:
        cand = [i for i in region if i < colon[0] and doc[i].pos_ in ("PROPN", "NOUN")]
        if cand:
            return _np_head(doc[cand[0]])
    for i in region:
        t = doc[i]
        if t.dep_ in ("nsubj", "nsubjpass") or t.pos_ == "PROPN":
            return _np_head(t)
    return None


def _np_head(t: Token) -> Token:
    while t.dep_ in ("compound", "flat", "amod") and t.head is not t and t.head.i > t.i:
        t = t.head
    return t


class _Resolver:
    """Actor ids for speakers: the index first, then our own guess for pronouns."""

    def __init__(self, doc: Doc, index, lex: dict):
        self.doc = doc
        self.index = index
        self.lex = lex
        self.last_speaker: str | None = None
        people = []
        for m in getattr(index, "mentions", []) or []:
            try:
                kind = index.actor(m.actor_id).kind
            except (KeyError, AttributeError):
                kind = None
            people.append((m.start, m.actor_id, kind == "person"))
        people.sort()
        self.people = people
        self.starts = [p[0] for p in people]

    def resolve(self, head: Token) -> str | None:
        aid = self.index.resolve(head) if self.index is not None else None
        if aid is not None:
            return aid
        low = head.lower_
        if low in self.lex["person_pronouns"]:
            if self.last_speaker is not None:
                return self.last_speaker
            return self._preceding(head.i, person=True)
        if low in self.lex["other_pronouns"]:
            return self._preceding(head.i, person=False)
        return None

    def _preceding(self, i: int, person: bool) -> str | None:
        k = bisect_right(self.starts, i) - 1
        while k >= 0 and i - self.starts[k] < 400:
            _, aid, is_person = self.people[k]
            if is_person == person:
                return aid
            k -= 1
        return None


def find_quotes(doc: Doc, index) -> list[Quote]:
    text = doc_text(doc)
    lex = lexicon()
    stretches = scan_marks(text)
    if not stretches:
        return []
    tokens = _Tokens(doc)
    opens = {tokens.at(s.open) for s in stretches}
    closes = {tokens.at(s.close) for s in stretches if s.close is not None}
    paras = list(_paragraphs(text))
    headline = _looks_like_headline(doc, *paras[0]) if paras else False
    resolver = _Resolver(doc, index, lex)

    plans: list[tuple | None] = []
    for s in stretches:
        open_tok = tokens.at(s.open)
        close_tok = tokens.at(s.close) if s.close is not None else None
        last_char = text[s.end - 1]
        after_char = text[s.close + 1 : s.close + 3].lstrip() if s.close is not None else ""
        trailing = text[s.end : s.close] if s.close is not None else ""
        ends_clause = "," in trailing or after_char.startswith(",")
        ends_sentence = any(ch in trailing for ch in ".!?") or last_char in "!?"
        if last_char in "!?" and after_char[:1].islower():
            ends_clause = True

        found = None
        before = _before_region(doc, open_tok - 1, closes)
        if not [i for i in before if not doc[i].is_punct and not doc[i].is_space]:
            # "Caddell continued:" in the sentence or paragraph before.
            k = open_tok - 1
            while k >= 0 and (doc[k].is_space or doc[k].text in ("“", '"')):
                k -= 1
            if k >= 0 and doc[k].text == ":" and k not in closes:
                before = _before_region(doc, k, closes)
        after = []
        if close_tok is not None:
            after = _after_region(doc, close_tok + 1, opens)
            if ends_sentence and not ends_clause:
                words = [i for i in after if not doc[i].is_punct]
                if len(words) > 6:
                    after = []
        order = [(after, False), (before, True)] if ends_clause else [(before, True), (after, False)]
        for region, is_before in order:
            if region:
                found = _find_cue(doc, region, lex, nearest_last=is_before)
            if not found and not is_before:
                found = _dash_credit(doc, tokens, s)
            if found:
                break
        if (
            not found
            and s.close is not None
            and not _words(doc, before)
            and text[s.start : s.start + 1].isupper()
        ):
            found = _previous_sentence_cue(doc, open_tok, closes, opens, lex)
        partial = _is_partial(text, s, before, doc)
        if (
            partial
            and _looks_like_title(text[s.start : s.end])
            and (not found or (_names_a_work(doc, s, tokens, lex) and not (headline and s.para == 0)))
        ):
            plans.append(None)  # "on “Fox News Sunday,” Pence said": a show, not speech
            continue

        n_words = len(text[s.start : s.end].split())
        in_headline = headline and s.para == 0
        if (
            partial
            and not in_headline
            and n_words < (MIN_LABEL_WORDS if _named_label(found, lex) else MIN_PARTIAL_WORDS)
        ):
            plans.append(None)
            continue
        plans.append((found, before))
    # A quote left open at a paragraph end takes the speaker of the paragraph that
    # continues it ("...\n\n“... ,” she said."), so credits travel backwards first.
    for k in range(len(plans) - 2, -1, -1):
        here, nxt = plans[k], plans[k + 1]
        if here and nxt and here[0] is None and nxt[0] is not None and stretches[k + 1].continues:
            plans[k] = (nxt[0], here[1])

    quotes: list[Quote] = []
    prev: tuple[Stretch, Quote] | None = None
    for s, plan in zip(stretches, plans, strict=True):
        if plan is None:
            continue
        found, before = plan
        cue_span = speaker_span = None
        speaker_id = None
        if found:
            cue, spk = found
            spk = _np_head(spk)
            a, b = _mention_span(doc, spk)
            speaker_span = _span(doc, a, b)
            cue_span = _span(doc, cue.i, cue.i + 1)
            if cue.lower_ == "according":
                cue_span = _span(doc, cue.i, cue.i + 2)
            speaker_id = resolver.resolve(spk)
        elif headline and s.para == 0:
            spk = _headline_speaker(doc, tokens, s)
            if spk is None:
                continue
            a, b = _mention_span(doc, spk)
            speaker_span = _span(doc, a, b)
            speaker_id = resolver.resolve(spk)
        elif prev is not None and not s.single and _continues(s, prev[0], before, doc):
            pq = prev[1]
            speaker_span, cue_span, speaker_id = pq.speaker_mention, pq.cue, pq.speaker
        else:
            continue
        q = Quote(
            id=f"Q{len(quotes) + 1}",
            text=text[s.start : s.end],
            start=s.start,
            end=s.end,
            speaker=speaker_id,
            speaker_mention=speaker_span,
            cue=cue_span,
        )
        quotes.append(q)
        if speaker_id is not None:
            resolver.last_speaker = speaker_id
        prev = (s, q)
    return quotes


def _named_label(found, lex: dict) -> bool:
    """The label a named speaker gives something ("what Trump called “maximum pressure”",
    "called it “unbearable”", "..., according to Senator Ruth Adler"): a quote however short."""
    if found is None:
        return False
    cue, spk = found
    named = _np_head(spk).pos_ == "PROPN"
    return named and (cue.lemma_.lower() in lex["naming_verbs"] or cue.lower_ == "according")


def _words(doc: Doc, region: list[int]) -> list[int]:
    return [i for i in region if not doc[i].is_punct and not doc[i].is_space]


def _previous_sentence_cue(doc: Doc, open_tok: int, closes: set[int], opens: set[int], lex: dict):
    """A quote that is a sentence of its own, after a sentence that attributes speech to someone
    and quotes nothing itself: "Schiff said. “The other factor ...”" -> Schiff."""
    k = open_tok - 1
    while k >= 0 and (doc[k].is_space and "\n" not in doc[k].text or doc[k].text in ("“", '"')):
        k -= 1
    if k < 0 or doc[k].text not in SENT_END or k - 1 in closes or k in closes:
        return None
    region = _before_region(doc, k - 1, closes)
    if not region or any(i in opens or i in closes for i in region) or region[0] - 1 in closes:
        return None
    found = _find_cue(doc, region, lex, nearest_last=True)
    if found is None:
        return None
    cue, spk = found
    head = _np_head(spk)
    # a named speaker only: a pronoun or a common noun this far from the quote is a guess
    if head.pos_ != "PROPN" or cue.pos_ not in ("VERB", "AUX") or head.i > cue.i:
        return None
    return found


def _names_a_work(doc: Doc, s: Stretch, tokens: _Tokens, lex: dict) -> bool:
    """A title-cased fragment after "of", "on", "'s" or a word for a show or book, or one
    with no verb: the name of a work, not speech."""
    first = tokens.at(s.start)
    k = tokens.at(s.open) - 1
    while k >= 0 and (doc[k].is_space or doc[k].text in ("“", '"', "‘", "'")):
        k -= 1
    if k >= 0 and doc[k].lower_ in lex["title_context"]:
        return True
    inside = [doc[i] for i in range(first, tokens.at(max(s.start, s.end - 1)) + 1)]
    return not any(t.pos_ in ("VERB", "AUX") for t in inside)


def _continues(s: Stretch, p: Stretch, before: list[int], doc: Doc) -> bool:
    """A quote with no cue of its own carries on the previous speaker's words."""
    if s.continues:
        return True
    if any(not doc[i].is_punct and not doc[i].is_space for i in before):
        return False
    if len(doc_text(doc)[s.start : s.end].split()) < 3:
        return False
    if s.para == p.para:
        return True
    return s.para == p.para + 1 and s.at_para_start


def _is_partial(text: str, s: Stretch, before: list[int], doc: Doc) -> bool:
    """A fragment woven into the writer's sentence, not a sentence of the speaker's own."""
    words = [i for i in before if not doc[i].is_punct and not doc[i].is_space]
    if not words:
        return False
    lead = text[s.start : s.start + 1]
    prev = text[: s.open].rstrip()[-1:]
    return not (lead.isupper() and prev in ",:")
