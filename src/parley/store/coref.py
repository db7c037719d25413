"""Event coreference: do two event reports describe one happening?

Pure functions, no database: ``features`` turns one stored event into the facts compared,
``contradicts`` says when two reports cannot be one happening, ``score`` how strongly they
agree, ``keys`` the blocking keys that bring candidates together, and ``group`` clusters the
events of one linked component.

Evidence and weights (``WEIGHTS``; ``score`` is their sum, capped at 1, and a pair links at
``CorefConfig.threshold``):

- named participants (people and organisations) shared: 0.30
- the words of the two event sentences: Jaccard of their content words, times 0.50
- the place, known on both sides and the same: 0.20
- the day: 0.10 on the same day, 0.05 one day apart; the country codes: Jaccard times 0.10
  (weak evidence: on any day there are many meetings of the same two countries)
- the same specific mode: 0.05; the same story (a repeated mention): 0.20
- two syndicated copies of one story (one near-duplicate group): 0.20

Contradictions (never one happening, whatever the score): another type or auxiliary mode,
two different specific modes (a phone call is not a visit), days further apart than the window
(in one story, any two days), places in different countries or far apart, disjoint country
codes, disjoint targets of a directed act (sanctions on Belarus, sanctions on Iran), and named participants
that differ: when, for one country (or for people of no known country), each side names people
or organisations and none is shared. So two reports that only share their countries never join
when either names someone the other contradicts, and without names they join only on the words,
place and day of their sentences.

The threshold was chosen on ``tests/data/clusters.jsonl`` (``benchmarks/clusters.py``
prints precision and recall at several thresholds); see docs/corpus.md.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

# Kinds whose names pick out one participant; "group" and "institution" are mostly
# descriptors ("gunmen", "Iraqi officials") that two reports of one happening word differently.
NAMED_KINDS = {"person", "organization", "igo", "ngo"}
# Types whose modes exclude each other: a phone call is not a visit. Other types' modes say
# how (firearms, heavy weapons) and reports word the same act differently.
EXCLUSIVE_MODES = {"CONSULT"}
# Mutual types: which side a report names first says nothing (Kovacs met Wrobel, Wrobel met Kovacs).
MUTUAL = {"CONSULT", "AGREE", "COOPERATE"}

_WORD = re.compile(r"[^\W\d_]{3,}")
# Words every report of anything has: they say nothing about which happening it is.
STOPWORDS = frozenset(
    """the and for that with from this have has had was were are but not its his her their they them
    said says saying told tells according also after before over into about than then there which who
    whom whose what when where while would could should will can may might been being other some such
    more most many much very just only even still again official officials statement spokesman
    spokeswoman spokesperson reporters news agency monday tuesday wednesday thursday friday saturday
    sunday week month year today yesterday earlier later last next on in at of to by an as is it be we
    our you your one two three""".split()  # noqa: SIM905 (a word list reads better as text)
)


#: The weight of each kind of agreement (see the module docstring).
WEIGHTS = {
    "name": 0.30,
    "words": 0.50,
    "place": 0.20,
    "day": 0.10,
    "codes": 0.10,
    "mode": 0.05,
    "story": 0.20,
    "copy": 0.20,
}


@dataclass(frozen=True)
class CorefConfig:
    threshold: float = 0.35  # chosen on the labelled set (benchmarks/clusters.py)
    window_days: int = 2  # reports this many days apart can still be one happening
    max_km: float = 100.0  # two geolocated places further apart than this are different


def content_words(sentence: str) -> list[str]:
    out = set()
    for w in _WORD.findall(sentence.lower()):
        if w in STOPWORDS:
            continue
        # a crude stem: "talks"/"talk", "strikes"/"strike", "attacked"/"attack"
        for suffix in ("ing", "ed", "es", "s"):
            if len(w) > len(suffix) + 3 and w.endswith(suffix):
                w = w[: -len(suffix)]
                break
        out.add(w)
    return sorted(out)


def name_key(name: str, kind: str) -> str:
    """People by surname (a later "Putin" is the earlier "Vladimir Putin"); organisations whole."""
    words = re.findall(r"\w+", name.lower())
    if words and words[0] == "the":
        words = words[1:]
    if not words:
        return name.lower()
    return words[-1] if kind == "person" else " ".join(words)


def event_day(event_date: str | None, published: str | None) -> date | None:
    """The day to cluster on: the event's own full date, else the report's date when the
    event has none. A month or a year alone is too vague to merge on."""
    d = event_date if event_date else published
    if not d or len(d) != 10:
        return None
    try:
        return date.fromisoformat(d)
    except ValueError:
        return None


def features(ev: dict, parts: list[dict], published: str | None, story: str, group: str) -> dict:
    """The facts of one event row (``ev``: a row of ``events``) and its participants
    (``parts``: dicts with ``role``, ``code``, ``name``, ``kind``) that coreference compares."""
    day = (
        event_day(ev.get("date"), published) if ev.get("aux_mode") != "historical" or ev.get("date") else None
    )
    names: dict[str, list[str]] = {}
    for p in parts:
        if p.get("kind") in NAMED_KINDS and p.get("name"):
            names.setdefault(p.get("code") or "?", []).append(name_key(p["name"], p["kind"]))
    return {
        "id": ev["id"],
        "story": story,
        "group": group,
        "type": ev["event_type"],
        "aux": ev.get("aux_mode"),
        "mode": ev.get("mode"),
        "day": day.toordinal() if day else None,
        "date": ev.get("date"),
        "codes": sorted({p["code"] for p in parts if p.get("code")}),
        "targets": sorted({p["code"] for p in parts if p.get("code") and p.get("role") == "recipient"}),
        "names": {k: sorted(set(v)) for k, v in sorted(names.items())},
        "place": ev.get("place"),
        "place_country": ev.get("place_country"),
        "lat": ev.get("lat"),
        "lon": ev.get("lon"),
        "words": content_words(ev.get("event_text") or ""),
    }


def keys(f: dict, shift: int = 0) -> list[str]:
    """Blocking keys: type, aux mode and day with each code, each name and the place's country.
    A pair of reports that can join shares at least one key within the window, and the number
    of events behind one key does not grow with the corpus (only with what happens on one day)."""
    if f["day"] is None:
        return []
    head = f"{f['type']}/{f['aux'] or ''}|{f['day'] + shift}|"
    out = [head + "c:" + c for c in f["codes"]]
    out += [head + "n:" + n for ns in f["names"].values() for n in ns]
    if f["place_country"]:
        out.append(head + "p:" + f["place_country"])
    if not out:
        out.append(head + "-")
    return sorted(set(out))


def lookup_keys(f: dict, cfg: CorefConfig) -> list[str]:
    return sorted({k for s in range(-cfg.window_days, cfg.window_days + 1) for k in keys(f, s)})


def _km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, a)))


def places_compatible(a: dict, b: dict, max_km: float = 100.0) -> bool:
    """Places disagree only when both are known: different countries, or two points far apart."""
    if a.get("place_country") and b.get("place_country") and a["place_country"] != b["place_country"]:
        return False
    if None not in (a.get("lat"), a.get("lon"), b.get("lat"), b.get("lon")):
        return _km(a["lat"], a["lon"], b["lat"], b["lon"]) <= max_km
    return True


def _names_contradict(a: dict, b: dict) -> bool:
    return any(not set(a["names"][k]) & set(b["names"][k]) for k in set(a["names"]) & set(b["names"]))


def _shared_name(a: dict, b: dict) -> bool:
    na = {n for ns in a["names"].values() for n in ns}
    return bool(na & {n for ns in b["names"].values() for n in ns})


def contradicts(a: dict, b: dict, cfg: CorefConfig) -> bool:
    if (a["type"], a["aux"]) != (b["type"], b["aux"]):
        return True
    if a["type"] in EXCLUSIVE_MODES and a["mode"] and b["mode"] and a["mode"] != b["mode"]:
        return True
    if a["day"] is None or b["day"] is None or abs(a["day"] - b["day"]) > cfg.window_days:
        return True
    if a["story"] == b["story"] and a["day"] != b["day"]:
        return True  # one story tells its days apart: "on Sunday" and "on Saturday" are two events
    if not places_compatible(a, b, cfg.max_km):
        return True
    if a["codes"] and b["codes"] and not set(a["codes"]) & set(b["codes"]):
        return True
    if (
        a["type"] not in MUTUAL
        and a["targets"]
        and b["targets"]
        and not set(a["targets"]) & set(b["targets"])
    ):
        return True  # sanctions on Belarus and sanctions on Iran, announced together
    return _names_contradict(a, b)


def score(a: dict, b: dict, cfg: CorefConfig) -> float:
    """How strongly two reports agree (0 when they contradict each other)."""
    if contradicts(a, b, cfg):
        return 0.0
    w = WEIGHTS
    s = w["name"] if _shared_name(a, b) else 0.0
    wa, wb = set(a["words"]), set(b["words"])
    if wa and wb:
        s += w["words"] * len(wa & wb) / len(wa | wb)
    if a["place"] and b["place"] and (a["place"] == b["place"] or a["lat"] is not None):
        s += w["place"]
    s += w["day"] * {0: 1.0, 1: 0.5}.get(abs(a["day"] - b["day"]), 0.0)
    ca, cb = set(a["codes"]), set(b["codes"])
    if ca and cb:
        s += w["codes"] * len(ca & cb) / len(ca | cb)
    if a["mode"] and a["mode"] == b["mode"]:
        s += w["mode"]
    if a["story"] == b["story"]:
        s += w["story"]
    elif a["group"] == b["group"]:
        s += w["copy"]  # syndicated copies of one story: their events match sentence by sentence
    return min(s, 1.0)


def block(f: dict, shift: int = 0) -> str | None:
    """The coarsest block: type, aux mode and day. Every key of an event lies in its block."""
    return None if f["day"] is None else f"{f['type']}/{f['aux'] or ''}|{f['day'] + shift}"


def links(feats: list[dict], cfg: CorefConfig) -> list[tuple[float, str, str]]:
    """Pairs of ``feats`` that share a blocking key within the window and score at or above
    the threshold, as ``(score, id, id)`` with the smaller id first."""
    by_key: dict[str, list[dict]] = {}
    for f in feats:
        for k in keys(f):
            by_key.setdefault(k, []).append(f)
    out = {}
    for f in feats:
        for k in lookup_keys(f, cfg):
            for g in by_key.get(k, ()):
                if g["id"] <= f["id"] or (f["id"], g["id"]) in out:
                    continue
                out[(f["id"], g["id"])] = score(f, g, cfg)
    return [(s, a, b) for (a, b), s in out.items() if s >= cfg.threshold]


def components(feats: list[dict], pairs) -> list[list[str]]:
    parent = {f["id"]: f["id"] for f in feats}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for _, a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    out: dict[str, list[str]] = {}
    for f in feats:
        out.setdefault(find(f["id"]), []).append(f["id"])
    return sorted(sorted(v) for v in out.values())


def group(feats: list[dict], cfg: CorefConfig, pairs=None) -> list[list[str]]:
    """Clusters: linked pairs join, strongest first, unless the two groups hold a pair that
    contradicts (so a cluster never spans more than the window, nor two named people where
    one is meant). Deterministic in the set of events (ties broken by event id): the result
    does not depend on the order of ingest. ``pairs``: ``links(feats)`` when known."""
    by_id = {f["id"]: f for f in feats}
    if pairs is None:
        pairs = links(feats, cfg)
    owner = {i: i for i in by_id}
    members = {i: [i] for i in by_id}
    for _, a, b in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        ga, gb = owner[a], owner[b]
        if ga == gb:
            continue
        if any(contradicts(by_id[x], by_id[y], cfg) for x in members[ga] for y in members[gb]):
            continue
        keep, gone = min(ga, gb), max(ga, gb)
        for x in members[gone]:
            owner[x] = keep
        members[keep] += members.pop(gone)
    return sorted(sorted(ms) for ms in members.values())
