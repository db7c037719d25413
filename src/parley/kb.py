"""The actor knowledge base: words -> country codes, sectors, offices and office holders.

Pure Python (no spaCy). The data lives in ``parley/data/kb/``:

- ``countries.csv``   code, name, aliases, demonyms, capitals (pipe-separated lists)
- ``territories.csv`` dependencies and disputed regions folded into a state: name, code, aliases,
  demonyms, pre (true for PLOVER's partially recognized entities, which add the PRE sector)
- ``institutions.yaml`` national bodies and metonyms ("the Kremlin", "foreign ministry")
- ``organizations.yaml`` IGOs and NGOs; ``groups.yaml`` armed groups, parties, movements
- ``sectors.yaml``    descriptor nouns ("troops", "protesters") and modifiers ("rebel", "former")
- ``offices.yaml``    titles ("Secretary of State", "Gen.")
- ``leaders.csv``     office holders with dates
- ``ambiguous.yaml``  acronyms that are also English words (matched only in capitals) and names
  that are often something else ("Georgia", "Jordan", "Chad")
- ``regions.yaml``    continents and regions ("Asia", "the Sahel"): places with no country code
- ``media.yaml``      news outlets: media (PLOVER sector JRN) of their home country
- ``phoenix_*``       converted from the PETRARCH-2 / Phoenix dictionaries by
  ``scripts/convert_phoenix.py``: people with dated roles, armed groups, IGOs, NGOs and companies,
  generic agent nouns. Loaded *before* Parley's own files, so a name both know is Parley's.

DATES. Every person row has its role's dates; ``leader(name, on)`` prefers a role held on the
story's date, a dated role over an undated one, and Parley's own table (``leaders.csv``, the
source for recent office holders) over the converted one. A group's sector can change on a
date (``sector_changes``: the Taliban are REB before 2021-08-15 and GOV after).

CACHE. Reading the text files takes most of a second; ``default_kb()`` keeps a pickled copy in
``$PARLEY_CACHE`` (default ``~/.cache/parley``), keyed by the files' names, sizes and times, and
rebuilds it whenever a data file changes.

Every lookup is a dict lookup on a normalised key: lowercase, accents folded, dots and commas
removed, hyphens as spaces, curly apostrophes made straight, a leading "the " and a trailing
possessive "'s" dropped. So "the U.S.'s" == "US", "Élysée" == "elysee", "al-Qaeda" == "al Qaeda".

USER FILES. ``KB.load(extra=[path, ...])`` reads YAML files whose top-level keys are any of
``countries``, ``territories``, ``institutions``, ``organizations``, ``groups``, ``sectors``,
``modifiers``, ``offices``, ``leaders``; each holds a list of entries in the same shape as the
data files (CSV columns become mapping keys; list fields may be YAML lists or pipe strings)::

    countries:
      - {code: USA, aliases: [Uncle Sam]}          # same code: fields given replace the built-in ones
    organizations:
      - {names: [Acme Relief, ARF], code: NGO, sector: SOC, kind: ngo}
    leaders:
      - {name: Jane Doe, aliases: [Doe], code: FRA, sector: GOV, office: Prime Minister,
         start: 2026-01-01, end: null}

Entries from user files are indexed after the built-in ones, so a name they share points at the
user's entry. A leader row with the same name and office as a built-in row replaces it.
"""

from __future__ import annotations

import csv
import functools
import gc
import hashlib
import os
import pickle
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
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


def _acronym_form(text: str) -> str:
    """``text`` without dots and spaces, for the case-sensitive acronym check ("U.S." -> "US")."""
    return re.sub(r"[.\s]", "", text.translate(_APOSTROPHES)).removesuffix("'s")


def _list(value: Any) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split("|") if v.strip())
    return tuple(str(v).strip() for v in value if str(v).strip())


def _date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _bool(value: Any) -> bool:
    return value is True or str(value).strip().lower() in ("true", "yes", "1")


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader is ~10x faster where built


def _read_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as f:
        return yaml.load(f, Loader=_Loader)  # noqa: S506 - a safe loader


def _singulars(word: str) -> Iterable[str]:
    """Candidate singular forms of an English plural noun key (last word only)."""
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


@dataclass
class KB:
    countries: dict[str, Country] = field(default_factory=dict)  # by code
    _country: dict[str, str] = field(default_factory=dict)  # names, aliases, demonyms, capitals -> code
    _demonym: dict[str, str] = field(default_factory=dict)
    _capital: dict[str, str] = field(default_factory=dict)
    _territory: dict[str, Country] = field(default_factory=dict)
    _org: dict[str, Entry] = field(default_factory=dict)
    _inst: dict[str, Entry] = field(default_factory=dict)
    _sector: dict[str, SectorNoun] = field(default_factory=dict)
    _modifier: dict[str, SectorNoun] = field(default_factory=dict)
    _office: dict[str, Office] = field(default_factory=dict)
    _leaders: list[Leader] = field(default_factory=list)
    _leader: dict[str, list[Leader]] = field(default_factory=dict)
    _styles: dict[str, set[str]] = field(default_factory=dict)  # key -> casing styles (see _note)
    _ambiguous: set[str] = field(default_factory=set)
    _regions: set[str] = field(default_factory=set)
    _things: set[str] = field(default_factory=set)
    _no_country: set[str] = field(default_factory=set)
    _max_office_words: int = 1
    # converted people (phoenix_people.csv) as plain tuples by key, made into ``Leader`` rows
    # only when asked for: tens of thousands of objects would slow every start-up
    _phoenix: dict[str, list[tuple]] = field(default_factory=dict)
    _phoenix_made: dict[str, list[Leader]] = field(default_factory=dict, repr=False)

    # ---- loading -------------------------------------------------------------------------

    @classmethod
    def load(cls, extra: Iterable[str | Path] = (), phoenix: bool = True) -> KB:
        """The knowledge base from the data files (``phoenix=False`` leaves the converted
        PETRARCH-2 files out) and the user's YAML files ``extra``."""
        kb = cls()
        amb = _read_yaml(DATA / "ambiguous.yaml") or {}
        kb._ambiguous = {norm(w) for w in amb.get("needs_context", [])}
        kb._add_countries(_read_csv(DATA / "countries.csv"))
        kb._add_territories(_read_csv(DATA / "territories.csv"))
        kb._regions = {norm(w) for w in (_read_yaml(DATA / "regions.yaml") or {}).get("regions", [])}
        things = _read_yaml(DATA / "things.yaml") or {}
        kb._things = {norm(w) for w in things.get("things", [])}
        kb._no_country = {norm(w) for w in things.get("no_country_modifiers", [])}
        if phoenix:
            kb._add_entries(_read_csv(DATA / "phoenix_groups.csv"))
        for name in ("institutions", "organizations", "groups", "media"):
            kb._add_entries(_read_yaml(DATA / f"{name}.yaml") or [])
        if phoenix and PHOENIX_AGENTS:
            agents = _read_csv(DATA / "phoenix_agents.csv")
            kb._add_sectors([{"word": r["word"], "sector": r["sector"]} for r in agents], [])
        sectors = _read_yaml(DATA / "sectors.yaml") or {}
        kb._add_sectors(sectors.get("nouns", []), sectors.get("modifiers", []))
        kb._add_offices(_read_yaml(DATA / "offices.yaml") or [])
        kb._add_leaders(_read_csv(DATA / "leaders.csv"))
        if phoenix:
            kb._add_phoenix_people(_read_csv(DATA / "phoenix_people.csv"))
        for path in extra:
            user = _read_yaml(Path(path)) or {}
            kb._add_countries(user.get("countries", []))
            kb._add_territories(user.get("territories", []))
            for name in ("institutions", "organizations", "groups"):
                kb._add_entries(user.get(name, []))
            kb._add_sectors(user.get("sectors", []), user.get("modifiers", []))
            kb._add_offices(user.get("offices", []))
            kb._add_leaders(user.get("leaders", []), user=True)
        return kb

    def _add_countries(self, rows: list[dict]) -> None:
        for row in rows:
            code = row["code"].strip().upper()
            old = self.countries.get(code)
            given = {k: v for k, v in row.items() if v not in (None, "")}
            c = Country(
                code=code,
                name=given.get("name", old.name if old else code),
                aliases=_list(given["aliases"]) if "aliases" in given else (old.aliases if old else ()),
                demonyms=_list(given["demonyms"]) if "demonyms" in given else (old.demonyms if old else ()),
                capitals=_list(given["capitals"]) if "capitals" in given else (old.capitals if old else ()),
            )
            self.countries[code] = c
            # setdefault for built-in rows keeps the first (more prominent) state for a shared word;
            # a user row (old is not None, or later file) overrides.
            put = self._country.__setitem__ if old else self._country.setdefault
            for w in (c.name, *c.aliases):  # codes are not words: "NLD" is a party, "PAN" too
                put(self._note(w, proper=False), code)
            for w in c.demonyms:
                (self._demonym.__setitem__ if old else self._demonym.setdefault)(self._note(w, False), code)
            for w in c.capitals:
                (self._capital.__setitem__ if old else self._capital.setdefault)(self._note(w, False), code)

    def _add_territories(self, rows: list[dict]) -> None:
        for row in rows:
            t = Country(
                code=row["code"].strip().upper(),
                name=row["name"],
                aliases=_list(row.get("aliases")),
                demonyms=_list(row.get("demonyms")),
                pre=_bool(row.get("pre")),
            )
            for w in (t.name, *t.aliases, *t.demonyms):
                self._territory[self._note(w, proper=False)] = t

    def _add_entries(self, items: list[dict]) -> None:
        for item in items:
            names = _list(item.get("names") or item.get("name"))
            changes = tuple(
                sorted((_date(c["since"]), c["sector"]) for c in item.get("sector_changes", []) or [])
            )
            e = Entry(
                name=names[0],
                code=item.get("code") or None,
                sector=item.get("sector") or None,
                kind=item.get("kind") or "institution",
                needs_country=_bool(item.get("needs_country", False)),
                aliases=names[1:],
                plover_code=item.get("plover_code") or None,
                sector_changes=changes,
            )
            for w in names:
                key = self._note(w, proper=not e.needs_country)
                if e.kind == "institution":
                    self._inst[key] = e
                if not e.needs_country:
                    self._org[key] = e

    def _add_sectors(self, nouns: list[dict], modifiers: list[dict]) -> None:
        for target, items in ((self._sector, nouns), (self._modifier, modifiers)):
            for item in items:
                words = _list(item.get("words") or item.get("word"))
                for w in words:
                    target[norm(w)] = SectorNoun(
                        word=w, sector=item["sector"], kind=item.get("kind", "group")
                    )

    def _add_offices(self, items: list[dict]) -> None:
        for item in items:
            o = Office(
                office=item["office"],
                sector=item["sector"],
                head=_bool(item.get("head", False)),
                code=item.get("code"),
            )
            for w in (item["office"], *_list(item.get("names"))):
                key = norm(w)
                self._office[key] = o
                self._max_office_words = max(self._max_office_words, key.count(" ") + 1)

    def _add_leaders(self, rows: list[dict], user: bool = False) -> None:
        for row in rows:
            lead = Leader(
                name=row["name"].strip(),
                code=row["code"].strip(),
                sector=(row.get("sector") or "GOV").strip(),
                office=(row.get("office") or "").strip(),
                start=_date(row.get("start")),
                end=_date(row.get("end")),
                aliases=_list(row.get("aliases")),
            )
            same = (
                [x for x in self._leaders if x.name == lead.name and x.office == lead.office] if user else []
            )
            for x in same:
                self._leaders.remove(x)
                for ws in self._leader.values():
                    if x in ws:
                        ws.remove(x)
            self._leaders.append(lead)
            for w in (lead.name, *lead.aliases):
                self._leader.setdefault(norm(w), []).append(lead)

    def _add_phoenix_people(self, rows: list[dict]) -> None:
        for row in rows:
            t = (row["name"], row["code"], row["sector"] or "GOV", row["start"], row["end"], row["aliases"])
            for w in (row["name"], *_list(row["aliases"])):
                self._phoenix.setdefault(norm(w), []).append(t)

    def _phoenix_leaders(self, key: str) -> list[Leader]:
        made = self._phoenix_made.get(key)
        if made is None:
            made = [
                Leader(name=n, code=c, sector=sec, office="", start=_date(a), end=_date(b), aliases=_list(al))
                for n, c, sec, a, b, al in self._phoenix.get(key, ())
            ]
            self._phoenix_made[key] = made
        return made

    def __getstate__(self) -> dict:
        state = {f: getattr(self, f) for f in self.__dataclass_fields__}
        state["_phoenix_made"] = {}  # rebuilt on demand
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)

    # ---- lookups -------------------------------------------------------------------------

    def _note(self, name: str, proper: bool) -> str:
        """Index ``name`` and remember how its casing restricts queries; returns its key."""
        key = norm(name)
        form = _acronym_form(name)
        letters = "".join(ch for ch in form if ch.isalpha())
        if letters and letters.isupper() and len(letters) <= 4:
            style = "acronym"  # "US", "IS", "WHO": only in capitals
        elif proper and name[:1].isupper():
            style = "proper"  # "Labour", "Shell": not as an all-lowercase word
        else:
            style = "any"
        self._styles.setdefault(key, set()).add(style)
        return key

    def _key(self, text: str) -> str | None:
        """Normalised key of ``text``, or None when its casing rules it out (see ``_note``)."""
        key = norm(text)
        styles = self._styles.get(key)
        if not styles or "any" in styles:
            return key
        raw = text.strip()
        if raw[:4].lower() == "the ":
            raw = raw[4:]
        letters = "".join(ch for ch in _acronym_form(raw) if ch.isalpha())
        if "acronym" in styles and letters.isupper():
            return key
        if "proper" in styles and not letters.islower():
            return key
        return None

    def country(self, text: str) -> Country | None:
        """A state by name, alias, demonym or capital ("Russia", "the U.S.", "Russians", "Moscow");
        dependencies and disputed regions give their state (see ``territory``)."""
        key = self._key(text)
        if not key:
            return None
        code = self._country.get(key) or self._demonym.get(key) or self._capital.get(key)
        if code:
            return self.countries.get(code)
        t = self._territory.get(key)
        return self.countries.get(t.code) if t else None

    def country_by_code(self, code: str) -> Country | None:
        code = code.strip().upper()
        return self.countries.get({"KOS": "XKX"}.get(code, code))

    def demonym(self, word: str) -> Country | None:
        key = self._key(word)
        code = self._demonym.get(key) if key else None
        if code is None and key in self._territory:
            code = self._territory[key].code
        return self.countries.get(code) if code else None

    def capital(self, word: str) -> Country | None:
        key = self._key(word)
        code = self._capital.get(key) if key else None
        return self.countries.get(code) if code else None

    def territory(self, text: str) -> Country | None:
        """A dependency or disputed region as a Country carrying its state's code and ``pre``."""
        key = self._key(text)
        return self._territory.get(key) if key else None

    def organization(self, text: str) -> Entry | None:
        """An IGO, NGO, group, party or institution with a fixed code ("NATO", "Hamas", "the Kremlin")."""
        key = self._key(text)
        return self._org.get(key) if key else None

    def institution(self, text: str) -> Entry | None:
        """A national institution, including generic ones that need a country ("foreign ministry")."""
        key = self._key(text)
        return self._inst.get(key) if key else None

    def sector_noun(self, word: str) -> SectorNoun | None:
        """A descriptor noun ("troops", "protester", "policemen") -> its sector."""
        key = norm(word)
        hit = self._sector.get(key)
        if hit is None:
            for s in _singulars(key):
                if s in self._sector:
                    return self._sector[s]
        return hit

    def modifier(self, word: str) -> SectorNoun | None:
        """A sector-setting modifier ("rebel", "opposition", "former")."""
        return self._modifier.get(norm(word))

    def office(self, text: str) -> Office | None:
        """A title ("Secretary of State", "Sen.", "prime minister")."""
        key = norm(text)
        hit = self._office.get(key)
        if hit is None:
            for s in _singulars(key):
                if s in self._office:
                    return self._office[s]
        return hit

    def find_offices(self, text: str) -> list[tuple[str, Office]]:
        """The longest office phrases inside ``text``, left to right, as (matched words, Office)."""
        words = [w for w in re.split(r"\s+", text.strip()) if w]
        found: list[tuple[str, Office]] = []
        i = 0
        while i < len(words):
            for j in range(min(len(words), i + self._max_office_words), i, -1):
                phrase = " ".join(words[i:j])
                o = self._office.get(norm(phrase))
                if o is not None:
                    found.append((phrase, o))
                    i = j
                    break
            else:
                i += 1
        return found

    def leader(self, name: str, on: date | None = None) -> Leader | None:
        """An office holder by full name or alias; the one in office ``on`` that date is preferred
        (first listed office when a person holds several), else the most recently started."""
        key = norm(name)
        # Parley's own table first: it wins over the converted dictionaries on a tie
        cands = self._leader.get(key, []) + (self._phoenix_leaders(key) if key in self._phoenix else [])
        if not cands:
            return None
        if on is not None:
            holding = [x for x in cands if x.holds_on(on)]
            if holding:
                # a dated role beats an undated one; Parley's own table comes first
                return min(holding, key=lambda x: x.start is None and x.end is None)
            started = [x for x in cands if x.start is None or x.start <= on]
            if started:
                return max(started, key=lambda x: x.start or date.min)
        return max(cands, key=lambda x: x.start or date.min)

    def holders(self, office: str, code: str, on: date | None = None) -> list[Leader]:
        """Who held ``office`` for ``code`` (on a date when given): for "the president" coreference."""

        def canon(title: str) -> str:
            o = self.office(title)
            return o.office if o else norm(title)

        want = canon(office)
        out = [x for x in self._leaders if x.code == code and canon(x.office) == want]
        if on is not None:
            out = [x for x in out if x.holds_on(on)]
        return out

    def is_region(self, text: str) -> bool:
        """A continent or region ("Asia", "the Middle East", "the Sahel"): a place no country owns."""
        return norm(text) in self._regions

    def is_thing(self, word: str) -> bool:
        """A noun for a thing ("soil", "train", "hotel"): never an actor, whatever modifies it."""
        key = norm(word)
        return key in self._things or any(s in self._things for s in _singulars(key))

    def no_country(self, word: str) -> bool:
        """A modifier that says a group belongs to no one country ("international", "foreign")."""
        return norm(word) in self._no_country

    def terms(self, name: str, office: str | None = None) -> list[Leader]:
        """Every term ``name`` held ``office`` (any office when None), oldest first."""
        want = self.office(office).office if office and self.office(office) else office
        rows = [
            x
            for x in self._leader.get(norm(name)) or []
            if x.office and (want is None or x.office == want or norm(x.office) == norm(want))
        ]
        return sorted(set(rows), key=lambda x: x.start or date.min)

    def term(self, name: str, office: str | None, on: date | None = None) -> Leader | None:
        """The knowledge base's row for ``name`` holding ``office`` (on ``on`` when given): the
        term of office shown on actor pages, as opposed to the dates the stories mention them."""
        cands = self._leader.get(norm(name)) or []
        want = norm(office) if office else None
        rows = [x for x in cands if x.office and (want is None or norm(x.office) == want)]
        if on is not None:
            rows = [x for x in rows if x.holds_on(on)] or rows
        return max(rows, key=lambda x: x.start or date.min) if rows else None

    def is_ambiguous(self, text: str) -> bool:
        """True for names that are often not the country or group ("Georgia", "Jordan", "Chad")."""
        return norm(text) in self._ambiguous

    def phrase(self, text: str, on: date | None = None) -> Phrase | None:
        """Read a descriptor phrase: "[the] <country word> <institution | office [name] | sector noun>",
        e.g. "Russian foreign ministry", "Iraqi officials", "U.S. Secretary of State", "Jordan's King
        Abdullah II", "President Kagame" (office + known leader), or a bare organization,
        institution or country. ``on`` picks the leader and a group's sector for that date.
        Returns None when nothing is recognised."""
        key = norm(text)
        if not key:
            return None
        e = self.organization(text)
        if e is not None:
            return Phrase(e.code, e.sector_on(on), e.kind, entry=e)
        c = self.country(text)
        if c is not None:
            t = self.territory(text)
            return Phrase(c.code, "PRE" if t and t.pre else None, "state", country=c)
        words = key.split(" ")
        raw = text.strip().split()
        if raw and raw[0].lower() == "the":
            raw = raw[1:]
        for n in range(min(4, len(words) - 1), 0, -1):
            lead = " ".join(raw[:n]) if len(raw) == len(words) else " ".join(words[:n])
            country = self.country(lead)
            if country is None:
                continue
            found = self._read_rest(words[n:], on)
            if found is not None:
                return replace(found, code=country.code, country=country)
        found = self._read_rest(words, on)
        if found is not None and found.kind == "person" and found.code is None:
            # "President Kagame": the office plus a known holder gives the country
            holder = self.leader(" ".join(words[self._office_words(words) :]), on) if len(words) > 1 else None
            if holder is not None:
                return replace(found, code=holder.code)
        if found is None and len(words) > 1:
            holder = self.leader(key, on)
            if holder is not None:
                return Phrase(holder.code, holder.sector, "person", office=holder.office)
        return found

    def _office_words(self, words: list[str]) -> int:
        """How many leading words of ``words`` form an office phrase (0 if none)."""
        for j in range(min(len(words), self._max_office_words), 0, -1):
            if " ".join(words[:j]) in self._office:
                return j
        return 0

    def _read_rest(self, words: list[str], on: date | None) -> Phrase | None:
        """The institution, office (possibly followed by a name) or descriptor that ``words`` names."""
        rest = " ".join(words)
        inst = self.institution(rest)
        if inst is not None:
            return Phrase(inst.code, inst.sector_on(on), "institution", entry=inst)
        off = self.office(rest)
        if off is None and (j := self._office_words(words)):
            off = self._office[" ".join(words[:j])]
        if off is not None:
            return Phrase(off.code, off.sector, "person", office=off.office)
        sn = self._descriptor(rest)
        if sn is not None:
            return Phrase(None, sn.sector, sn.kind)
        return None

    def _descriptor(self, key: str) -> SectorNoun | None:
        """Sector of "<modifier>* <noun>": the noun's sector unless a modifier sets one ("rebel fighters")."""
        noun = self.sector_noun(key)
        if noun is not None:
            return noun
        words = key.split(" ")
        noun = self.sector_noun(words[-1])
        if noun is None:
            return None
        for w in words[:-1]:
            m = self._modifier.get(w)
            if m is not None:
                return replace(noun, sector=m.sector)
        return noun


def _cache_path() -> Path:
    stamp = hashlib.sha1()
    for p in sorted(DATA.iterdir()):
        st = p.stat()
        stamp.update(f"{p.name}:{st.st_size}:{st.st_mtime_ns};".encode())
    stamp.update(Path(__file__).read_bytes())  # a change in how the KB is built invalidates it
    base = Path(os.environ.get("PARLEY_CACHE") or Path.home() / ".cache" / "parley")
    return base / f"kb-{stamp.hexdigest()[:16]}.pickle"


def load_cached() -> KB:
    """``KB.load()``, from a pickled copy when one matches the data files (see CACHE above).
    A cache that cannot be read or written is skipped: the text files are the truth."""
    path = _cache_path()
    # tens of thousands of small objects: the cyclic collector would walk them all again and
    # again while they are made, and none of them is garbage
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        with path.open("rb") as f:
            kb = pickle.load(f)  # noqa: S301 - our own file, keyed by the data it was built from
        if isinstance(kb, KB):
            return kb
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    finally:
        if was_enabled:
            gc.enable()
    gc.disable()
    try:
        kb = KB.load()
    finally:
        if was_enabled:
            gc.enable()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as f:
            pickle.dump(kb, f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)  # atomic: workers starting together never read half a file
    except OSError:
        pass
    return kb


@functools.cache
def default_kb() -> KB:
    """The built-in knowledge base, loaded once per process."""
    return load_cached()
