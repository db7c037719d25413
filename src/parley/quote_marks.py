"""Quotes step 1: quoted stretches of a story from its quotation marks alone (see ``quotes.py``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN_DOUBLE = "“«„"
CLOSE_DOUBLE = "”»"
SENT_END = {".", "!", "?"}
#: Every character the paragraph scan acts on; it jumps from one to the next (the text between
#: two marks changes nothing, and a per-character Python loop costs much on long stories).
_MARKS = re.compile("[\"'‘’" + OPEN_DOUBLE + CLOSE_DOUBLE + "]")


@dataclass(slots=True)
class Stretch:
    """Text between a pair of quotation marks inside one paragraph."""

    open: int  # index of the opening mark
    close: int | None  # index of the closing mark; None when the paragraph ends first
    start: int  # the quote text, marks and edge spaces left out
    end: int
    para: int  # paragraph number
    single: bool = False
    continues: bool = False  # goes on from a quote left open at the end of the paragraph before
    at_para_start: bool = False


def _paragraphs(text: str):
    start = 0
    n = len(text)
    while start < n:
        end = text.find("\n", start)
        if end < 0:
            end = n
        if text[start:end].strip():
            yield start, end
        start = end + 1


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _scan_paragraph(text: str, ps: int, pe: int, para: int) -> list[Stretch]:
    out: list[Stretch] = []
    dbl: tuple[int, str] | None = None  # (position, mark) of an open double quote
    sgl: tuple[int, str] | None = None
    i = ps
    while i < pe:
        mark = _MARKS.search(text, i, pe)
        if mark is None:
            break
        i = mark.start()
        c = text[i]
        prev = text[i - 1] if i > ps else " "
        if c == "'" and i + 1 < pe and text[i + 1] == "'":
            c, width = "''", 2
        else:
            width = 1
        nxt = text[i + width] if i + width < pe else " "
        if dbl is None:
            if c == '"' and prev == "=":
                # tweet-date="...": a markup attribute left in scraped text, not a quote
                end = text.find('"', i + 1, pe)
                i = end + 1 if end > 0 else i + 1
                continue
            if c in OPEN_DOUBLE or (c in ('"', "''") and not nxt.isspace()):
                dbl, sgl = (i, c), None
            elif (
                c == "‘"
                and not nxt.isspace()
                or c == "'"
                and not _is_word(prev)
                and _is_word(nxt)
                and sgl is None
            ):
                sgl = (i, c)
            elif (
                sgl is not None
                and c in "’'"
                and not _is_word(nxt)
                and not prev.isspace()
                and (c == "’") == (sgl[1] == "‘")
            ):
                out.append(_stretch(text, sgl[0], 1, i, para, single=True))
                sgl = None
        else:
            if (
                c == '"'
                and dbl[1] == '"'
                and prev.isspace()
                and _is_word(nxt)
                and _lost_close(text, dbl[0], i)
            ):
                # ` "Both` while a quote is open: that quote lost its closing mark; it ends
                # before its attribution (", Sisci said.") or else before this mark
                cut = _attribution_cut(text, dbl[0] + 1, i)
                out.append(_stretch(text, dbl[0], 1, cut if cut is not None else i - 1, para))
                dbl = (i, c)
            elif c in CLOSE_DOUBLE or c in ('"', "''"):
                out.append(_stretch(text, dbl[0], len(dbl[1]), i, para))
                dbl = None
        i += width
    if dbl is not None:
        out.append(_stretch(text, dbl[0], len(dbl[1]), None, para, end=pe))
    return [s for s in out if s.end > s.start and not _nickname(text, s)]


_NAME_BEFORE = re.compile(r"[A-Z][\w.'’-]*\s$")
_NAME_AFTER = re.compile(r"\s[A-Z]")


def _nickname(text: str, s: Stretch) -> bool:
    """Sen. Rosa "Ro" Almeida, Tomas "Tito" Berg: a nickname inside a name, not a quote."""
    if s.close is None:
        return False
    words = text[s.start : s.end].split()
    return (
        0 < len(words) <= 2
        and all(w[:1].isupper() for w in words)
        and _NAME_BEFORE.search(text, max(0, s.open - 30), s.open) is not None
        and _NAME_AFTER.match(text, s.close + 1) is not None
    )


def _lost_close(text: str, start: int, at: int) -> bool:
    """The quote opened at ``start`` has run past a sentence end before the mark at ``at``."""
    inner = text[start + 1 : at].rstrip()
    return inner[-1:] in SENT_END and (". " in inner or _attribution_cut(text, start + 1, at) is not None)


def _attribution_cut(text: str, start: int, at: int) -> int | None:
    """Position of the comma before a closing attribution ("..., Sisci said.") in text[start:at]."""
    m = _ATTRIBUTION.search(text, start, at)
    return m.start() if m else None


_SAID = r"(?:said|says|added|adds|told|tells|wrote|writes|asked|asks|noted|notes|explained|explains|warned|warns|argued|argues|insisted|insists)"
_ATTRIBUTION = re.compile(
    rf",\s+(?:(?:[A-Z][\w'’.-]*|he|she|they|the|a|an|of)\s+){{1,5}}{_SAID}\b[^.!?\n]{{0,30}}[.!?]\s*$"
)


def _stretch(text, open_at, width, close_at, para, single=False, end=None) -> Stretch:
    start = open_at + width
    stop = close_at if close_at is not None else end
    while start < stop and text[start].isspace():
        start += 1
    while stop > start and text[stop - 1].isspace():
        stop -= 1
    # The scorer's convention: a comma or full stop just inside the closing mark is not
    # part of the quote (question and exclamation marks are).
    if stop > start and text[stop - 1] in ",.;:" and text[stop - 2 : stop] not in ("..",):
        stop -= 1
    return Stretch(open_at, close_at, start, stop, para, single=single)


def scan_marks(text: str) -> list[Stretch]:
    """Quoted stretches of ``text`` in order, from the quotation marks alone."""
    out: list[Stretch] = []
    left_open = False
    for para, (ps, pe) in enumerate(_paragraphs(text)):
        found = _scan_paragraph(text, ps, pe, para)
        lead = ps
        while lead < pe and text[lead].isspace():
            lead += 1
        for k, s in enumerate(found):
            s.at_para_start = s.open == lead
            if k == 0 and left_open and s.at_para_start and not s.single:
                s.continues = True
        left_open = bool(found) and found[-1].close is None and not found[-1].single
        out.extend(found)
    return out
