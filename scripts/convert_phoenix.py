"""Convert the PETRARCH-2 / Phoenix actor dictionaries into Parley's knowledge-base files.

    python scripts/convert_phoenix.py [PETRARCH_DICT_DIR]

The dictionaries (MIT licence, Open Event Data Alliance; see src/parley/data/SOURCES.md) default to
``../shared/reference/petrarch2`` next to the repository. Rerunnable: the outputs are rewritten
from scratch and sorted, so a rerun on the same input changes nothing.

Writes into ``src/parley/data/kb/``:

- ``phoenix_people.csv``  people with their dated roles (one row a role), the same columns as
  ``leaders.csv``; loaded after Parley's own table, which stays the source for recent office holders.
- ``phoenix_groups.csv`` armed non-state groups, IGOs, NGOs and companies: names (pipe-separated,
  the first the display name), code, sector, kind, plover_code, as in ``groups.yaml``; Parley's
  own entries are loaded after these and win on a shared name. (CSV: YAML of this size is slow.)
- ``phoenix_agents.csv``  generic agent nouns -> PLOVER sectors (word, sector).

What is left out, and why: country names (``countries.csv`` has them), single-word person aliases
(a bare surname must not resolve on its own: the actors stage decides that from the story), codes
for places Parley does not know, and role codes without a PLOVER sector.
"""

from __future__ import annotations

import csv
import re
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "parley" / "data" / "kb"
DEFAULT_SRC = ROOT.parent / "shared" / "reference" / "petrarch2"

# PLOVER sectors among CAMEO's three-letter role codes (CAMEO's MED, media, is PLOVER's JRN; its
# HLH, health, is PLOVER's MED; the rest without a PLOVER sector, e.g. DEV, ENV, are dropped).
SECTORS = {
    "GOV", "MIL", "COP", "JUD", "LEG", "SPY", "REB", "OPP", "PTY", "ELI", "BUS", "MED", "CVL",
    "EDU", "LAB", "REL", "REF", "AGR", "CRM", "UAF", "SOC", "JRN",
}  # fmt: skip
CAMEO_SECTOR = {
    "MED": "JRN",
    "HLH": "MED",
    "HRI": "SOC",
    "NGO": "SOC",
    "IGO": None,
    "INS": "REB",
    "SEP": "REB",
    "RAD": "OPP",
}
NONSTATE = {"IGO", "NGO", "MNC", "IMG"}
ROLE = re.compile(r"\[([^\]]*)\]")
TITLE_WORDS = {
    "president", "prime", "minister", "mr", "mrs", "ms", "dr", "gen", "general", "king", "queen",
    "secretary", "senator", "sen", "rep", "governor", "chancellor", "premier", "the", "former",
    "president-elect", "vice", "chief", "ambassador", "sheikh", "prince", "emir", "us", "u.s.",
}  # fmt: skip
SMALL = {
    "of",
    "the",
    "and",
    "for",
    "al",
    "el",
    "de",
    "in",
    "on",
    "bin",
    "ibn",
    "du",
    "la",
    "le",
    "von",
    "van",
}


def phrase(raw: str) -> str:
    """ "ABU_NIDAL_ORGANIZATION_" -> "Abu Nidal Organization"; short all-capital words stay acronyms."""
    raw = re.sub(r"\(.*?\)", " ", raw)
    words = [w for w in re.split(r"[_\s]+", raw.strip().strip("+")) if w]
    out = []
    for k, w in enumerate(words):
        if len(w) <= 4 and w.isupper() and w.isalpha() and w.lower() not in SMALL and len(words) == 1:
            out.append(w)  # a lone acronym: "UN", "RSF"
        elif w.lower() in SMALL and k > 0:
            out.append(w.lower())
        else:
            out.append("-".join(p[:1].upper() + p[1:].lower() for p in w.split("-")))
    return " ".join(out)


def parse_date(text: str) -> date | None:
    text = text.strip()
    if not text.isdigit():
        return None
    if len(text) == 6:  # YYMMDD: PETRARCH reads 00-29 as 20xx
        yy = int(text[:2])
        text = f"{2000 + yy if yy < 30 else 1900 + yy}{text[2:]}"
    if len(text) != 8:
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


def parse_role(body: str) -> tuple[str, date | None, date | None] | None:
    """ "AFGGOV 20041207-20091119" -> ("AFGGOV", start, end); ">090120" and "<090120" open-ended."""
    parts = body.split()
    if not parts:
        return None
    code, rest = parts[0], "".join(parts[1:])
    start = end = None
    if rest.startswith(">"):
        start = parse_date(rest[1:])
    elif rest.startswith("<"):
        end = parse_date(rest[1:])
    elif "-" in rest:
        a, _, b = rest.partition("-")
        start, end = parse_date(a), parse_date(b)
        if end is not None and end.year == 2000 and end.month == 1 and end.day == 1:
            end = None  # "-000101": the dictionaries' "still so"
    return code, start, end


def records(path: Path):
    """(primary phrase, synonyms, roles, comment) per dictionary record."""
    rec = None
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith("\t") or line.startswith(" ") and ROLE.search(line):
            if rec is not None:
                rec[2].extend(parse_role(m) for m in ROLE.findall(line.split("#")[0]))
            continue
        body, _, comment = line.partition("#")
        if line.startswith("+"):
            if rec is not None:
                rec[1].append(ROLE.sub("", body).strip())
            continue
        if rec is not None:
            yield rec
        name = ROLE.sub("", body).strip()
        rec = (name, [], [parse_role(m) for m in ROLE.findall(body)], comment)
    if rec is not None:
        yield rec


def split_code(code: str, states: set[str]) -> tuple[str | None, str | None, str | None]:
    """ "AFGGOVBUS" -> ("AFG", "GOV", None); "IGOUNO" -> ("IGO", None, "UNO")."""
    code = code.strip().lstrip("~").upper()
    country, roles = code[:3], [code[i : i + 3] for i in range(3, len(code), 3)]
    if country not in states and country not in NONSTATE:
        return None, None, None
    plover = "UNO" if country == "IGO" and roles[:1] == ["UNO"] else None
    sector = next((CAMEO_SECTOR.get(r, r) for r in roles if CAMEO_SECTOR.get(r, r) in SECTORS), None)
    return country, sector, plover


def person_aliases(name: str, synonyms: list[str]) -> list[str]:
    out = []
    for s in synonyms:
        p = phrase(s)
        words = p.lower().replace(".", "").split()
        if len(words) < 2 or words[0] in TITLE_WORDS or "administration" in words:
            continue  # a bare surname or "President Obama": the story decides those
        if p != name and p not in out:
            out.append(p)
    return out


def convert(src: Path, out: Path = OUT) -> dict[str, int]:
    """Read the dictionaries in ``src``, write Parley's files into ``out``; returns the counts."""
    with (OUT / "countries.csv").open(encoding="utf-8") as f:
        states = {row["code"] for row in csv.DictReader(f)}
    people: list[dict] = []
    seen: set[tuple] = set()
    entries: list[dict] = []
    for fname in ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt"):
        for name, syns, roles, comment in records(src / fname):
            roles = [r for r in roles if r]
            dated = [r for r in roles if r[1] or r[2]]
            is_person = "CountryInfo" in comment or bool(dated) or "rulers" in comment
            display = phrase(name)
            if not display or len(display.split()) < (2 if is_person else 1):
                continue
            if is_person:
                aliases = "|".join(person_aliases(display, syns))
                for code, start, end in roles:
                    country, sector, _ = split_code(code, states)
                    if country is None or sector is None and country not in NONSTATE:
                        continue
                    row = {"name": display, "aliases": aliases, "code": country, "sector": sector or "GOV",
                           "office": "", "start": start.isoformat() if start else "",
                           "end": end.isoformat() if end else ""}  # fmt: skip
                    if tuple(row.values()) not in seen:
                        seen.add(tuple(row.values()))
                        people.append(row)
            elif fname.startswith("Phoenix.International") and roles:
                country, sector, plover = split_code(roles[0][0], states)
                if country in NONSTATE and len(display.split()) >= 2:
                    kind = {"IGO": "igo", "NGO": "ngo", "MNC": "mnc", "IMG": "group"}[country]
                    entries.append(_entry(display, syns, country, sector, kind, plover))
    for name, syns, roles, _ in records(src / "Phoenix.MilNonState.actors.txt"):
        roles = [r for r in roles if r]
        if not roles:
            continue
        country, sector, _ = split_code(roles[0][0], states)
        display = phrase(name)
        if country is None or not display:
            continue
        entries.append(_entry(display, syns, country, sector or "REB", "group", None))
    agents = _agents(src / "Phoenix.agents.txt")

    people.sort(key=lambda r: (r["name"], r["start"], r["code"], r["sector"]))
    with (out / "phoenix_people.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=["name", "aliases", "code", "sector", "office", "start", "end"])
        w.writeheader()
        w.writerows(people)
    entries.sort(key=lambda e: e["names"][0])
    with (out / "phoenix_groups.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["names", "code", "sector", "kind", "plover_code"])
        for e in entries:
            w.writerow(["|".join(n.replace("|", " ") for n in e["names"]), e["code"], e["sector"] or "",
                        e["kind"], e.get("plover_code") or ""])  # fmt: skip
    with (out / "phoenix_agents.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["word", "sector"])
        w.writerows(sorted((word, a["sector"]) for a in agents for word in a["words"]))
    return {"people": len(people), "entries": len(entries), "agents": len(agents)}


def _entry(display, syns, code, sector, kind, plover) -> dict:
    names = [display]
    for s in syns:
        p = phrase(s)
        if p and p not in names and len(p) > 2:
            names.append(p)
    e = {"names": names, "code": code, "sector": sector, "kind": kind}
    if plover:
        e["plover_code"] = plover
    return e


def _agents(path: Path) -> list[dict]:
    """ "POLICE [~COP]" -> {words: [police], sector: COP}; substitution sets expanded."""
    subs: dict[str, list[str]] = {}
    by_sector: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = line.split("#")[0].strip()
        if not line:
            continue
        if line.startswith("!") and "=" in line:
            key, _, vals = line.partition("=")
            subs[key.strip()] = [v.strip() for v in vals.split(",") if v.strip()]
            continue
        m = ROLE.search(line)
        if not m:
            continue
        raw = line[: m.start()].strip()
        roles = m.group(1).lstrip("~")
        sector = next(
            (CAMEO_SECTOR.get(roles[i : i + 3], roles[i : i + 3]) for i in range(0, len(roles), 3)
             if CAMEO_SECTOR.get(roles[i : i + 3], roles[i : i + 3]) in SECTORS),
            None,
        )  # fmt: skip
        if sector is None:
            continue
        forms = [raw]
        for key, vals in subs.items():
            if key in raw:
                forms = [raw.replace(key, v) for v in vals]
        for f in forms:
            word = " ".join(w for w in re.split(r"[_\s]+", f.lower()) if w)
            if word and word.replace(" ", "").replace("-", "").isalpha():
                by_sector.setdefault(sector, [])
                if word not in by_sector[sector]:
                    by_sector[sector].append(word)
    return [{"words": sorted(ws), "sector": s, "kind": "group"} for s, ws in sorted(by_sector.items())]


if __name__ == "__main__":
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SRC
    print(convert(src))
