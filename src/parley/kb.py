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

import functools
import gc
import hashlib
import os
import pickle
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from . import kb_data, kb_load
from .kb_data import (
    DATA,
    NONSTATE_CODES,
    PHOENIX_AGENTS,
    SECTOR_CODES,
    Country,
    Entry,
    Leader,
    Office,
    Phrase,
    SectorNoun,
    acronym_form,
    memo_of_strings,
    norm,
    parse_date,
    singulars,
    split_list,
)
from .kb_load import KBLoader

__all__ = [
    "DATA",
    "KB",
    "NONSTATE_CODES",
    "PHOENIX_AGENTS",
    "SECTOR_CODES",
    "Country",
    "Entry",
    "Leader",
    "Office",
    "Phrase",
    "SectorNoun",
    "default_kb",
    "load_cached",
    "norm",
]


#: Descriptor readings ``KB.phrase`` keeps before starting afresh (bounds memory on long runs).
_PHRASE_MEMO_SIZE = 50_000


@dataclass
class KB(KBLoader):
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
    # noun classes (noun_classes.yaml): which common nouns can head an actor
    _noun_class: dict[str, str] = field(default_factory=dict)  # word -> agent, place or vessel
    _agent_endings: tuple[str, ...] = ()
    _not_agents: set[str] = field(default_factory=set)
    _activity_or_group: set[str] = field(default_factory=set)
    _party_adjective: dict[str, str] = field(default_factory=dict)
    _max_office_words: int = 1
    # converted people (phoenix_people.csv) as plain tuples by key, made into ``Leader`` rows
    # only when asked for: tens of thousands of objects would slow every start-up
    _phoenix: dict[str, list[tuple]] = field(default_factory=dict)
    _phoenix_made: dict[str, list[Leader]] = field(default_factory=dict, repr=False)
    _surnames: dict[str, list[str]] | None = field(default=None, repr=False)

    def _phoenix_leaders(self, key: str) -> list[Leader]:
        made = self._phoenix_made.get(key)
        if made is None:
            made = [
                Leader(
                    name=n,
                    code=c,
                    sector=sec,
                    office="",
                    start=parse_date(a),
                    end=parse_date(b),
                    aliases=split_list(al),
                )
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
        self.__dict__.pop("_memos", None)  # an answer may change with this name
        key = norm(name)
        form = acronym_form(name)
        letters = "".join(ch for ch in form if ch.isalpha())
        if letters and letters.isupper() and len(letters) <= 4:
            style = "acronym"  # "US", "IS", "WHO": only in capitals
        elif proper and name[:1].isupper():
            style = "proper"  # "Labour", "Shell": not as an all-lowercase word
        else:
            style = "any"
        self._styles.setdefault(key, set()).add(style)
        return key

    @memo_of_strings
    def _key(self, text: str) -> str | None:
        """Normalised key of ``text``, or None when its casing rules it out (see ``_note``)."""
        key = norm(text)
        styles = self._styles.get(key)
        if not styles or "any" in styles:
            return key
        raw = text.strip()
        if raw[:4].lower() == "the ":
            raw = raw[4:]
        letters = "".join(ch for ch in acronym_form(raw) if ch.isalpha())
        if "acronym" in styles and letters.isupper():
            return key
        if "proper" in styles and not letters.islower():
            return key
        return None

    @memo_of_strings
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

    @memo_of_strings
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

    @memo_of_strings
    def organization(self, text: str) -> Entry | None:
        """An IGO, NGO, group, party or institution with a fixed code ("NATO", "Hamas", "the Kremlin")."""
        key = self._key(text)
        return self._org.get(key) if key else None

    @memo_of_strings
    def institution(self, text: str) -> Entry | None:
        """A national institution, including generic ones that need a country ("foreign ministry")."""
        key = self._key(text)
        return self._inst.get(key) if key else None

    @memo_of_strings
    def sector_noun(self, word: str) -> SectorNoun | None:
        """A descriptor noun ("troops", "protester", "policemen") -> its sector."""
        key = norm(word)
        hit = self._sector.get(key)
        if hit is None:
            for s in singulars(key):
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
            for s in singulars(key):
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

    def surname_leader(self, surname: str, on: date | None = None) -> Leader | None:
        """The leader a titled bare surname names ("President Reagan", "Chancellor Kohl") when
        every person the KB lists under that surname is of one country; else no one."""
        if self._surnames is None:
            idx: dict[str, list[str]] = {}
            for key in list(self._leader) + list(self._phoenix):
                words = key.split()
                if len(words) >= 2:
                    idx.setdefault(words[-1], []).append(key)
            self._surnames = idx
        keys = self._surnames.get(norm(surname), [])
        found = [x for x in (self.leader(k, on) for k in keys) if x is not None]
        if not found or len({x.code for x in found}) != 1:
            return None
        held = [x for x in found if on is not None and x.holds_on(on)]
        return (held or found)[0]

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

    @memo_of_strings
    def is_thing(self, word: str) -> bool:
        """A noun for a thing ("soil", "train", "hotel"): never an actor, whatever modifies it."""
        key = norm(word)
        return key in self._things or any(s in self._things for s in singulars(key))

    @memo_of_strings
    def noun_class(self, word: str) -> str | None:
        """What a common noun names when a country word modifies it: "agent" (a person or group:
        "Chinese nationals", "Iranian proliferators"), "place" standing for its people ("Iraqi
        towns"), "vessel" standing for its crew ("a Chinese trawler"), or None for an act, a
        measure, a quality or a thing ("Chinese subsidies", "U.S. policy"): no actor."""
        key = norm(word)
        for k in (key, *singulars(key)):
            c = self._noun_class.get(k)
            if c is not None:
                return c
        if key in self._not_agents or any(s in self._not_agents for s in singulars(key)):
            return None
        for k in (key, *singulars(key)):
            if len(k) > 4 and k.endswith(self._agent_endings) and k not in self._things:
                return "agent"
        return None

    def activity_or_group(self, word: str) -> bool:
        """A noun read as a group or as an activity ("the leadership" / "global leadership")."""
        return norm(word) in self._activity_or_group

    def party_adjective(self, word: str):
        """The organisation an adjective names ("European" -> the European Union), or None."""
        name = self._party_adjective.get(norm(word))
        return self.organization(name) if name else None

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
        """``_phrase``, remembered: the actors stage reads the same descriptors ("officials",
        "security forces") in story after story. The knowledge base is only filled while it
        loads, and a ``Phrase`` is frozen, so a remembered answer stays right."""
        memo = self.__dict__.get("_phrase_memo")  # not a field: left out of pickles and eq
        if memo is None or len(memo) > _PHRASE_MEMO_SIZE:
            memo = self.__dict__["_phrase_memo"] = {}
        key = (text, on)
        if key in memo:
            return memo[key]
        found = memo[key] = self._phrase(text, on)
        return found

    def _phrase(self, text: str, on: date | None = None) -> Phrase | None:
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
    for module in (__file__, kb_data.__file__, kb_load.__file__):
        stamp.update(Path(module).read_bytes())  # a change in how the KB is built invalidates it
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
