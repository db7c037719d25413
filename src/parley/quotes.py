"""Quotes stage: direct quotations, who said them, and the word that says so.

``find_quotes(doc, index) -> list[Quote]``.

Three steps, each one pass over the story (the stage stays linear in its length):

1. ``scan_marks`` (``quote_marks.py``) finds quoted stretches from the quotation marks alone, paragraph by
   paragraph: curly and straight double marks (and the old ``''...''`` style), single
   marks in headlines or when clearly paired (not apostrophes as in "Iraq's", "don't"),
   and the English convention for quotes that run over paragraph breaks (a paragraph that
   ends inside a quote, followed by one that opens with a mark, continues it). A quote
   that spans paragraphs becomes one quote per paragraph, all with the same speaker.
2. For each stretch (``quote_cues.py``), the words around it (the rest of its sentence, a colon-ended
   sentence before it, or a short "he added." after it) are searched for a cue verb
   ("said", "wrote", "according to", "in a statement"); the cue's subject is the speaker.
3. A stretch with no cue is kept only when it continues the previous speaker (the next
   sentence or paragraph opens with a quote), sits in a headline after a colon, or is a
   transcript line ("PENCE: ..."). A fragment woven into the writer's sentence is kept only when
   the sentence ends in it or in its attribution (docs/output-format.md, "What counts as a
   quote"): one the sentence goes on past is the writer's claim with borrowed words. Titles,
   nicknames, bare names, stage directions and scare quotes are dropped.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from .headline import headline_end
from .model import Quote
from .nlp import doc_text
from .quote_cues import (
    _after_region,
    _before_region,
    _dash_credit,
    _find_cue,
    _headline_speaker,
    _mention_span,
    _np_head,
    _previous_sentence_cue,
    _Resolver,
    _span,
    _Tokens,
    _words,
    lexicon,
)
from .quote_marks import SENT_END, Stretch, scan_marks

#: A quote of a few words inside someone else's sentence ("said it was “very bad”") is kept
#: only from this many words: a word or two in quotation marks is mostly emphasis.
MIN_PARTIAL_WORDS = 3
#: A named speaker's label ("called the tariffs “unbearable”") needs only this many,
MIN_LABEL_WORDS = 1
#: and words "according to" a named source this many.
MIN_ACCORDING_WORDS = 2


def _looks_like_title(quoted: str) -> bool:
    """“Fox News Sunday”, “The Art of the Deal”: a name of a work or show, not speech."""
    words = [w for w in quoted.split() if w[:1].isalpha()]
    if not words or len(words) > 8 or quoted[-1:] in "?!":
        return False
    small = {"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "by"}
    return all(w[0].isupper() or w in small for w in words) and words[0][0].isupper()


#: A speaker's name in capitals opening a transcript line ("PENCE: ...", "MS. LEE: ...").
_TRANSCRIPT_LABEL = re.compile(r"(?:[A-Z][A-Z.'’-]+ ){0,2}[A-Z][A-Z'’-]+:\s+(?=\S)")
#: A stage direction in a transcript: only words in brackets.
_STAGE_DIRECTION = re.compile(r"[(\[][^()\[\]]+[)\]][.]?")


def find_quotes(doc: Doc, index, title: str | None = None) -> list[Quote]:
    """The quotes of a parsed story; ``title``: the story's title, when known apart from the
    text (where a headline the text begins with ends: ``parley.headline``)."""
    text = doc_text(doc)
    lex = lexicon()
    stretches = scan_marks(text)
    if not stretches:
        return []
    tokens = _Tokens(doc)
    opens = {tokens.at(s.open) for s in stretches}
    closes = {tokens.at(s.close) for s in stretches if s.close is not None}
    head_end = headline_end(text, title)
    resolver = _Resolver(doc, index, lex)

    plans: list[tuple | None] = []
    for s in stretches:
        if _STAGE_DIRECTION.fullmatch(text, s.start, s.end):
            plans.append(None)  # "(CROSSTALK.)", "(LAUGHTER)" in a transcript: nobody's words
            continue
        label = _TRANSCRIPT_LABEL.match(text, s.start, s.end)
        if label and s.para > 0:
            # "WALLACE: Will she be there?" -- a transcript line: the label names the speaker
            plans.append(((None, doc[tokens.at(s.start)]), []))
            s.start = label.end()
            continue
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
            # "Lee continued:" in the sentence or paragraph before.
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
                verbs = [i for i in words if doc[i].pos_ in ("VERB", "AUX")]
                ends = bool(after) and after[-1] + 1 < len(doc) and doc[after[-1] + 1].text in SENT_END
                cue_only = (
                    ends
                    and bool(verbs)
                    and doc[verbs[0]].lemma_.lower() in lex["verbs"]
                    and all(_adjunct(doc, verbs[0], v) for v in verbs[1:])
                )
                if len(words) > 6 and not cue_only:
                    # the next sentence, not an attribution ("“...?” Lee, an aide, asked, smiling." is one)
                    after = []
        after_first = ends_clause and not _introduced(doc, before, lex)
        order = [(after, False), (before, True)] if after_first else [(before, True), (after, False)]
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
        dropped = _not_a_quote(doc, s, tokens, lex, found, before, s.start < head_end)
        plans.append(None if dropped else (found, before))
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
            cue_span = _span(doc, cue.i, cue.i + 1) if cue is not None else None
            if cue is not None and cue.lower_ == "according":
                cue_span = _span(doc, cue.i, cue.i + 2)
            speaker_id = resolver.resolve(spk)
        elif s.start < head_end:
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


#: Words that start a clause of the writer's own between a quote and a later speech verb
#: ("“a fair deal,” but agreed to ...").
_CLAUSE_POS = {"CCONJ", "SCONJ", "VERB", "AUX"}


def _borrowed(doc: Doc, s: Stretch, text: str, found, tokens: _Tokens) -> bool:
    """A fragment in the middle of the writer's sentence: words borrowed into the writer's own
    claim (a term, a label, a slogan), not the speaker's statement. A fragment is the speaker's
    when the sentence ends in it or in its attribution ("..., Lee said"), or when it is the
    speaker's own adjectives for something (a “long and useful” meeting)."""
    quoted = text[s.start : s.end]
    if s.close is None or quoted[-1:] in "?!":
        return False  # runs to the paragraph's end; a question or an exclamation of its own
    if quoted[:1].isupper() and not _looks_like_title(quoted):
        return False  # chanted “No more war” and marched on: a sentence of its own
    rest = text[s.close + 1 : s.close + 200].split("\n", 1)[0].lstrip(" ”’\"'")
    trailing = text[s.end : s.close].rstrip()
    if not rest or rest[0] in ".!?" or trailing[-1:] in (".", "!", "?"):
        return False  # the sentence ends with the quote
    close_tok = tokens.at(s.close)
    if found is not None and found[0] is not None and found[0].i > close_tok:
        between = doc[close_tok + 1 : found[0].i]
        comma = trailing[-1:] == "," or text[s.close] == "," or rest[0] in ",―—–-"  # (a lost mark)
        if comma and not any(t.pos_ in _CLAUSE_POS for t in between):
            return False  # "“...,” Lee said", "“...” ― Lee": attributed right after
    inside = [t for t in doc[tokens.at(s.start) : close_tok] if not t.is_punct and not t.is_space]
    nxt = next((t for t in doc[close_tok + 1 : close_tok + 3] if not t.is_punct and not t.is_space), None)
    evaluative = all(t.pos_ in ("ADJ", "ADV", "CCONJ") for t in inside) and any(
        t.pos_ == "ADJ" for t in inside
    )
    return not (evaluative and nxt is not None and nxt.pos_ in ("NOUN", "PROPN"))


def _not_a_quote(
    doc: Doc, s: Stretch, tokens: _Tokens, lex: dict, found, before: list[int], in_headline: bool
) -> bool:
    """Step 3: what in quotation marks is not someone's quoted words (docs/output-format.md)."""
    text = doc_text(doc)
    quoted = text[s.start : s.end]
    partial = _is_partial(text, s, before, doc)
    if (
        partial
        and _looks_like_title(quoted)
        and (not found or (_names_a_work(doc, s, tokens, lex) and not in_headline))
    ):
        return True  # "on “Fox News Sunday,” Pence said": a show, not speech
    if _looks_like_title(quoted) and _after_title_word(doc, s, tokens, lex):
        return True  # "In his book, “The Long Road,” Lee wrote": a title
    if _only_a_name(doc, s, tokens):
        return True  # "read the winner's name aloud, “Ruth Adler.”": a name, not a statement
    if (partial or in_headline) and _borrowed(doc, s, text, found, tokens):
        return True  # "called for “lower taxes” in the bill": the writer's sentence goes on
    if in_headline:
        # "Mayor Calls Levy ‘A Scandal’": a headline's borrowed words; the story's body
        # quotes them with their cue. "Lee to Port Chief: ‘Step Down Now’" is kept.
        return partial
    # a word or two of emphasis ("was “very bad”"), unless a label or a whole utterance
    return partial and len(quoted.split()) < _min_words(found, lex) and not _utterance(quoted)


def _utterance(quoted: str) -> bool:
    """“Who pays?”, “Not again!”: a question or exclamation of a few words is a whole utterance."""
    return quoted[:1].isupper() and quoted[-1:] in "?!" and len(quoted.split()) >= 2


def _adjunct(doc: Doc, cue: int, v: int) -> bool:
    """Verb ``v`` heads a participle phrase after the cue ("Lee said, smiling")."""
    return doc[v].tag_ == "VBG" and any(doc[j].text == "," for j in range(cue + 1, v))


def _introduced(doc: Doc, before: list[int], lex: dict) -> bool:
    """The quote opens the clause of a speech verb ("footage of him saying during the debate,
    “...,” when she ...", "added that “...”"): that verb attributes it, whatever follows the quote."""
    words = _words(doc, before)
    if not words:
        return False
    last = doc[words[-1]]
    marked = last.lower_ == "that" or any(doc[i].text in (",", ":") for i in before if i > words[-1])
    verbs = [i for i in words if doc[i].pos_ in ("VERB", "AUX")]
    if not marked or not verbs:
        return False
    t = doc[verbs[-1]]
    return t.pos_ == "VERB" and t.lemma_.lower() in lex["verbs"]


def _min_words(found, lex: dict) -> int:
    """How long a fragment in the writer's sentence must be to count as a quote: any length for
    the label a named speaker gives something ("Marr called the tariffs “unbearable.”"), two
    words after "according to" a named source, three otherwise ("was “bad”" is emphasis)."""
    if found is None or found[0] is None:
        return MIN_PARTIAL_WORDS
    cue, spk = found
    if _np_head(spk).pos_ != "PROPN":
        return MIN_PARTIAL_WORDS
    calls_for = any(c.dep_ == "prep" and c.lower_ in ("for", "on") and c.i == cue.i + 1 for c in cue.children)
    if cue.lemma_.lower() in lex["naming_verbs"] and not calls_for:  # not "called for a “...” dialogue"
        return MIN_LABEL_WORDS
    return MIN_ACCORDING_WORDS if cue.lower_ == "according" else MIN_PARTIAL_WORDS


def _only_a_name(doc: Doc, s: Stretch, tokens: _Tokens) -> bool:
    words = [
        t
        for t in doc[tokens.at(s.start) : tokens.at(max(s.start, s.end - 1)) + 1]
        if not t.is_punct and not t.is_space
    ]
    return 0 < len(words) <= 3 and all(t.pos_ == "PROPN" for t in words)


def _after_title_word(doc: Doc, s: Stretch, tokens: _Tokens, lex: dict, comma: bool = True) -> bool:
    """The quote follows "of", "on", "'s" or a word for a show or book ("his book, “...”")."""
    k = tokens.at(s.open) - 1
    while k >= 0 and (doc[k].is_space or doc[k].text in ("“", '"', "‘", "'", "''")):
        k -= 1
    if comma and k >= 1 and doc[k].text == ",":
        k -= 1
        return doc[k].lower_ in lex["title_context"] and doc[k].pos_ == "NOUN"
    return k >= 0 and doc[k].lower_ in lex["title_context"]


def _names_a_work(doc: Doc, s: Stretch, tokens: _Tokens, lex: dict) -> bool:
    """A title-cased fragment after "of", "on", "'s" or a word for a show or book, or one
    with no verb: the name of a work, not speech."""
    first = tokens.at(s.start)
    if _after_title_word(doc, s, tokens, lex, comma=False):
        return True
    inside = [doc[i] for i in range(first, tokens.at(max(s.start, s.end - 1)) + 1)]
    return not any(t.pos_ in ("VERB", "AUX") for t in inside)


def _continues(s: Stretch, p: Stretch, before: list[int], doc: Doc) -> bool:
    """A quote with no cue of its own carries on the previous speaker's words."""
    if s.continues:
        return True
    if any(not doc[i].is_punct and not doc[i].is_space for i in before):
        return False
    text = doc_text(doc)
    sentence = text[s.start : s.start + 1].isupper() and (
        text[s.end - 1] in "!?" or s.close is not None and "." in text[s.end : s.close]
    )
    if len(text[s.start : s.end].split()) < (1 if sentence else 3):
        return False  # “We're back.” is a sentence; “fake news” after a quote is not
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
    return not (lead.isupper() and prev in ",:-—–―")  # ", “We ...", ": “We ...", "-- “We ..."
