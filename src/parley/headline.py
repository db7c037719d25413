"""Where a story's headline ends: the title line (and a deck under it) that a page or a text
file puts before the body.

A headline is written for the reader scanning a page, not as a report: it summarises the lead
in telegraphic grammar ("Rebels raid army post in north, killing 4"), borrows a speaker's words
without their cue ("Mayor Calls Levy ‘A Scandal’"), and asks questions the story answers. The
quotes stage (``quotes.py``) and the events stage (``events/story.py``) both read it, from this
one test:

- the story's ``title`` when the text begins with it (compared by its letters and digits, so
  that a period or a quotation mark the page added, or a line break inside it, do not matter),
  or else
- a first paragraph that is one short line with a capital or a digit first and no final
  period, colon, semicolon or comma (a question or an exclamation mark is allowed:
  "Can the talks survive?"), followed by the body;
- and, after either, a deck (subtitle) of the same form, when a body paragraph follows it.

A first paragraph that ends like a sentence is the story's lead, never a headline.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

#: A headline or a deck has at most this many words.
MAX_WORDS = 30
#: How a line that is a sentence or an introduction ends (after any closing quotation mark).
_NOT_TITLE_END = ".:;,"
_CLOSERS = "\"'”’»)]"
_WORD = re.compile(r"[^\W_][\w'’.&-]*")
#: A body paragraph has a sentence's end somewhere in it.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*(?:\s|$)")


def headline_end(text: str, title: str | None = None) -> int:
    """The character offset where the headline block (headline and deck) of ``text`` ends, or 0
    when the story has none. ``title``: the story's title, when it is known apart from the text."""
    paras = _paragraphs(text, 4)
    if len(paras) < 2:
        return 0
    end = _title_end(text, title) if title else 0
    if not end:
        s, e = paras[0]
        if not _title_line(text[s:e]):
            return 0
        end = e
    rest = [(s, e) for s, e in paras if s >= end]
    if len(rest) >= 2 and _title_line(text[rest[0][0] : rest[0][1]]) and _body(text[rest[1][0] : rest[1][1]]):
        end = rest[0][1]  # a deck under the headline
    elif not rest or not _body(text[rest[0][0] : rest[0][1]]):
        return 0  # a list of short lines, not a headline over a story
    return end


def _paragraphs(text: str, most: int) -> list[tuple[int, int]]:
    """The first ``most`` non-empty lines of ``text`` as (start, end) offsets, stripped."""
    out: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while start < n and len(out) < most:
        end = text.find("\n", start)
        end = n if end < 0 else end
        line = text[start:end]
        if line.strip():
            lead = len(line) - len(line.lstrip())
            out.append((start + lead, start + len(line.rstrip())))
        start = end + 1
    return out


def _title_line(line: str) -> bool:
    line = line.strip()
    words = _WORD.findall(line)
    if not 2 <= len(words) <= MAX_WORDS:
        return False
    first = next((ch for ch in line if ch.isalnum()), "")
    if not (first.isupper() or first.isdigit()):
        return False
    return line.rstrip(_CLOSERS)[-1:] not in _NOT_TITLE_END


def _body(paragraph: str) -> bool:
    return bool(_SENTENCE_END.search(paragraph))


def _title_end(text: str, title: str) -> int:
    """The end of the line on which ``text`` finishes spelling ``title``, or 0 when it does not
    begin with it. Only letters and digits are compared, so a page's added period, curly or
    straight quotation marks and a line break inside a title with its deck do not matter; what
    follows the title on its line must have no letter or digit."""
    want = [ch.lower() for ch in title if ch.isalnum()]
    if not want:
        return 0
    i = k = 0
    n = len(text)
    while i < n and k < len(want):
        ch = text[i]
        if ch.isalnum():
            if ch.lower() != want[k]:
                return 0
            k += 1
        i += 1
    if k < len(want):
        return 0
    j = text.find("\n", i)
    j = n if j < 0 else j
    if any(ch.isalnum() for ch in text[i:j]):
        return 0
    return len(text[:j].rstrip())


def infinitive_future(tok: Token) -> bool:
    """In a headline, an infinitive that is its main verb or hangs on its main noun tells what
    will happen: "Rebels to free hostages", "Council to vote on budget", "Report: Minister to
    visit Delhi". (A body sentence says "will free"; only a headline drops the auxiliary.)"""
    v = tok if tok.pos_ in ("VERB", "AUX") else tok.head
    if v.pos_ not in ("VERB", "AUX") or not any(ch.dep_ == "aux" and ch.tag_ == "TO" for ch in v.children):
        return False
    if v.dep_ == "ROOT":
        return True
    return v.dep_ in ("acl", "relcl", "xcomp") and v.head.dep_ == "ROOT" and v.head.pos_ in ("NOUN", "PROPN")
