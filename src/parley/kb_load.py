"""Building the knowledge base from its data files and the user's YAML files (``KB.load``);
``parley.kb`` holds the lookups and the cache."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .kb_data import (
    DATA,
    PHOENIX_AGENTS,
    Country,
    Entry,
    Leader,
    Office,
    SectorNoun,
    norm,
    parse_bool,
    parse_date,
    read_csv,
    read_yaml,
    split_list,
)

if TYPE_CHECKING:
    from .kb import KB


class KBLoader:
    """The loading half of ``KB``: reads the files and fills its indexes."""

    @classmethod
    def load(cls, extra: Iterable[str | Path] = (), phoenix: bool = True) -> KB:
        """The knowledge base from the data files (``phoenix=False`` leaves the converted
        PETRARCH-2 files out) and the user's YAML files ``extra``."""
        kb = cls()
        amb = read_yaml(DATA / "ambiguous.yaml") or {}
        kb._ambiguous = {norm(w) for w in amb.get("needs_context", [])}
        kb._add_countries(read_csv(DATA / "countries.csv"))
        kb._add_territories(read_csv(DATA / "territories.csv"))
        kb._regions = {norm(w) for w in (read_yaml(DATA / "regions.yaml") or {}).get("regions", [])}
        things = read_yaml(DATA / "things.yaml") or {}
        kb._things = {norm(w) for w in things.get("things", [])}
        kb._no_country = {norm(w) for w in things.get("no_country_modifiers", [])}
        classes = read_yaml(DATA / "noun_classes.yaml") or {}
        for cls_name, key in (("agent", "agents"), ("place", "places"), ("vessel", "vessels")):
            kb._noun_class.update({norm(w): cls_name for w in classes.get(key, [])})
        kb._agent_endings = tuple(classes.get("agent_endings", []))
        kb._not_agents = {norm(w) for w in classes.get("not_agents", [])}
        kb._activity_or_group = {norm(w) for w in classes.get("activity_or_group", [])}
        kb._party_adjective = {norm(k): v for k, v in (classes.get("party_adjectives") or {}).items()}
        if phoenix:
            kb._add_entries(read_csv(DATA / "phoenix_groups.csv"))
        for name in ("institutions", "organizations", "groups", "media"):
            kb._add_entries(read_yaml(DATA / f"{name}.yaml") or [])
        if phoenix and PHOENIX_AGENTS:
            agents = read_csv(DATA / "phoenix_agents.csv")
            kb._add_sectors([{"word": r["word"], "sector": r["sector"]} for r in agents], [])
        sectors = read_yaml(DATA / "sectors.yaml") or {}
        kb._add_sectors(sectors.get("nouns", []), sectors.get("modifiers", []))
        kb._add_offices(read_yaml(DATA / "offices.yaml") or [])
        kb._add_leaders(read_csv(DATA / "leaders.csv"))
        if phoenix:
            kb._add_phoenix_people(read_csv(DATA / "phoenix_people.csv"))
        for path in extra:
            user = read_yaml(Path(path)) or {}
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
                aliases=split_list(given["aliases"]) if "aliases" in given else (old.aliases if old else ()),
                demonyms=split_list(given["demonyms"])
                if "demonyms" in given
                else (old.demonyms if old else ()),
                capitals=split_list(given["capitals"])
                if "capitals" in given
                else (old.capitals if old else ()),
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
                aliases=split_list(row.get("aliases")),
                demonyms=split_list(row.get("demonyms")),
                pre=parse_bool(row.get("pre")),
            )
            for w in (t.name, *t.aliases, *t.demonyms):
                self._territory[self._note(w, proper=False)] = t

    def _add_entries(self, items: list[dict]) -> None:
        for item in items:
            names = split_list(item.get("names") or item.get("name"))
            changes = tuple(
                sorted((parse_date(c["since"]), c["sector"]) for c in item.get("sector_changes", []) or [])
            )
            e = Entry(
                name=names[0],
                code=item.get("code") or None,
                sector=item.get("sector") or None,
                kind=item.get("kind") or "institution",
                needs_country=parse_bool(item.get("needs_country", False)),
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
                words = split_list(item.get("words") or item.get("word"))
                for w in words:
                    target[norm(w)] = SectorNoun(
                        word=w, sector=item["sector"], kind=item.get("kind", "group")
                    )

    def _add_offices(self, items: list[dict]) -> None:
        for item in items:
            o = Office(
                office=item["office"],
                sector=item["sector"],
                head=parse_bool(item.get("head", False)),
                code=item.get("code"),
            )
            for w in (item["office"], *split_list(item.get("names"))):
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
                start=parse_date(row.get("start")),
                end=parse_date(row.get("end")),
                aliases=split_list(row.get("aliases")),
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
            for w in (row["name"], *split_list(row["aliases"])):
                self._phoenix.setdefault(norm(w), []).append(t)
