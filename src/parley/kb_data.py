"""The knowledge base's parts (see ``parley.kb``): its record types, the normalised keys
every lookup uses, and the readers of its data files."""

from __future__ import annotations

import csv
import functools
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).parent / "data" / "kb"

# Whether the converted PETRARCH agent nouns ("herdsman" -> AGR) join the descriptor nouns.
PHOENIX_AGENTS = os.environ.get("PARLEY_PHOENIX_AGENTS", "1") != "0"
# PLOVER's non-state "country" codes (manual table "International Non-state actor names").
NONSTATE_CODES = frozenset({"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"})
# PLOVER sector codes (manual table "Sector Codes").
SECTOR_CODES = frozenset(
    [
        "COP",
        "GOV",
        "JUD",
        "LEG",
        "MIL",
        "PRM",
        "PTY",
        "REB",
        "SPY",
        "UAF",
        "UNK",
        "AGR",
        "BUS",
        "CRM",
        "CVL",
        "EDU",
        "ELI",
        "JRN",
        "LAB",
        "MED",
        "REF",
        "OPP",
        "PRE",
        "REL",
        "SOC",
    ]
)


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    name: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    pre: bool = False  # a partially recognized entity folded into this state (PLOVER sector PRE)


@dataclass(frozen=True, slots=True)
class Entry:
    """An institution, organization, group or party."""

    name: str
    code: str | None
    sector: str | None
    kind: str  # institution, igo, ngo, group, party, mnc
    needs_country: bool = False
    aliases: tuple[str, ...] = ()
    plover_code: str | None = None  # the manual's finer code (UNO, EUR) where ``code`` is IGO
    # (date, sector) pairs, oldest first: the sector from that date on (Taliban: REB, then GOV)
    sector_changes: tuple[tuple[date, str], ...] = ()

    def sector_on(self, on: date | None) -> str | None:
        sector = self.sector
        if on is None:
            return self.sector_changes[-1][1] if self.sector_changes else sector
        for since, s in self.sector_changes:
            if on >= since:
                sector = s
        return sector


@dataclass(frozen=True, slots=True)
class SectorNoun:
    word: str
    sector: str
    kind: str  # group, organization, institution, person


@dataclass(frozen=True, slots=True)
class Office:
    office: str
    sector: str
    head: bool = False  # head of state or government
    code: str | None = None  # fixed country/organization code ("Pope" -> VAT), else None


@dataclass(frozen=True, slots=True)
class Leader:
    name: str
    code: str
    sector: str
    office: str
    start: date | None
    end: date | None = None
    aliases: tuple[str, ...] = ()

    def holds_on(self, on: date) -> bool:
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


@dataclass(frozen=True, slots=True)
class Phrase:
    """What ``KB.phrase`` makes of a descriptor such as "Russian foreign ministry"."""

    code: str | None
    sector: str | None
    kind: str
    office: str | None = None
    country: Country | None = None
    entry: Entry | None = None


#: Answers a memo of ``memo_of_strings`` keeps before starting afresh (bounds memory on long runs).
MEMO_SIZE = 50_000


def memo_of_strings(lookup):
    """A lookup of one string, remembered per knowledge base: the actors stage asks the same
    words again and again (each a normalised key, its casing rules and a few dicts). Like
    ``KB.phrase``'s memo, this holds because the knowledge base is only filled while it loads
    (and a name added through ``KB._note`` forgets every answer all the same). The memos are
    no fields: left out of pickles and eq."""
    name = lookup.__name__

    @functools.wraps(lookup)
    def remembered(self, text):
        try:
            return self.__dict__["_memos"][name][text]
        except KeyError:
            pass
        memos = self.__dict__.setdefault("_memos", {})
        memo = memos.get(name)
        if memo is None or len(memo) >= MEMO_SIZE:
            memo = memos[name] = {}
        found = memo[text] = lookup(self, text)
        return found

    return remembered


_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u02bc": "'"})
_DASHES = re.compile(r"[-\u2010-\u2015/]+")
_DROP = re.compile(r"[.,()\"\u201c\u201d]")
_SPACES = re.compile(r"\s+")


@functools.lru_cache(maxsize=1 << 16)
def norm(text: str) -> str:
    """The lookup key for ``text`` (see the module docstring). Cached: the actors stage asks
    for the same words again and again."""
    t = text.translate(_APOSTROPHES)
    t = unicodedata.normalize("NFKD", t)
    t = "".join(ch for ch in t if not unicodedata.combining(ch))
    t = _DROP.sub("", t.lower())
    t = _DASHES.sub(" ", t)
    t = _SPACES.sub(" ", t).strip()
    if t.startswith("the "):
        t = t[4:]
    if t.endswith("'s"):
        t = t[:-2]
    elif t.endswith("s'"):
        t = t[:-1]
    return t.strip()


def acronym_form(text: str) -> str:
    """``text`` without dots and spaces, for the case-sensitive acronym check ("U.S." -> "US")."""
    return re.sub(r"[.\s]", "", text.translate(_APOSTROPHES)).removesuffix("'s")


def split_list(value: Any) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split("|") if v.strip())
    return tuple(str(v).strip() for v in value if str(v).strip())


def parse_date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def parse_bool(value: Any) -> bool:
    return value is True or str(value).strip().lower() in ("true", "yes", "1")


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader is ~10x faster where built


def read_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as f:
        return yaml.load(f, Loader=_Loader)  # noqa: S506 - a safe loader


@functools.lru_cache(maxsize=1 << 16)
def singulars(word: str) -> tuple[str, ...]:
    """Candidate singular forms of an English plural noun key (last word only). Cached: the
    knowledge base asks it of the same words again and again."""
    return tuple(_singulars(word))


def _singulars(word: str) -> Iterable[str]:
    head, _, last = word.rpartition(" ")
    pre = head + " " if head else ""
    if last.endswith("men"):
        yield pre + last[:-3] + "man"
    if last.endswith("ies"):
        yield pre + last[:-3] + "y"
    if last.endswith("es"):
        yield pre + last[:-2]
    if last.endswith("s") and not last.endswith("ss"):
        yield pre + last[:-1]
