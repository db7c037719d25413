"""The actor knowledge base: what the corpus has learned about actors, across stories.

Every actor of a stored story is linked to a knowledge-base actor by its normalised name
(an alias). Actors seen with a code or an office also get their surname as an alias
(persons with two or more names), so a later bare "Rubio" with no code or office is
filled from "Secretary of State Marco Rubio": code, sector and the office he held last.
A user YAML file adds actors and aliases, and corrects what was learned: a user actor's
code, sector and office win over the extractor's.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from sqlalchemy import bindparam, select
from sqlalchemy.engine import Connection

from ..model import Actor, Document
from .schema import actor_aliases, actor_offices, actors

_SPACE = re.compile(r"\s+")
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
_PREFIXES = ("the ",)
# Suffixes that are not surnames ("Martin Luther King Jr.").
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


def normalise(name: str) -> str:
    s = _SPACE.sub(" ", _EDGE.sub("", name.replace("’", "'").lower())).strip()
    for p in _PREFIXES:
        if s.startswith(p):
            s = s[len(p) :]
    return s[:300]


def surname(name: str) -> str | None:
    parts = [p for p in normalise(name).split(" ") if p.strip(".") not in _SUFFIXES]
    return parts[-1] if len(parts) >= 2 and len(parts[-1]) > 1 else None


class KB:
    """Links the actors of one transaction's documents to the knowledge base.

    Reads are cached and writes (aliases, offices, counters) are kept until ``flush()``,
    which the writer calls once per batch: a few statements a batch instead of a few
    per actor. Only new actors are inserted at once (their ids are needed).
    """

    def __init__(self, conn: Connection):
        self.conn = conn
        self.aliases: dict[str, list[tuple[int, str]]] = {}  # alias -> [(actor id, origin)]
        self.rows: dict[int, dict] = {}  # actor id -> actor row
        self.offices: dict[int, dict[str, list]] = {}  # actor id -> office -> [first, last, state]
        self.new_aliases: list[dict] = []
        self.dirty: set[int] = set()

    def prefetch(self, names) -> None:
        """Load what the store knows about these names (one query per 500)."""
        todo = sorted({normalise(n) for n in names} - set(self.aliases) - {""})
        for i in range(0, len(todo), 500):
            chunk = todo[i : i + 500]
            for al in chunk:
                self.aliases[al] = []
            rows = self.conn.execute(
                select(actor_aliases.c.alias, actor_aliases.c.actor_id, actor_aliases.c.origin).where(
                    actor_aliases.c.alias.in_(chunk)
                )
            )
            for r in rows:
                self.aliases[r.alias].append((r.actor_id, r.origin))
        self._load_actors({aid for al in todo for aid, _ in self.aliases[al]})

    def _load_actors(self, ids) -> None:
        ids = sorted(set(ids) - set(self.rows))
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            for r in self.conn.execute(select(actors).where(actors.c.id.in_(chunk))).mappings():
                self.rows[r["id"]] = dict(r)
                self.offices[r["id"]] = {}
            for r in self.conn.execute(select(actor_offices).where(actor_offices.c.actor_id.in_(chunk))):
                self.offices[r.actor_id][r.office] = [r.first_seen, r.last_seen, "db"]

    def _candidates(self, alias: str) -> list[dict]:
        if alias not in self.aliases:
            self.prefetch([alias])
        return [{**self.rows[aid], "alias_origin": origin} for aid, origin in self.aliases[alias]]

    def _latest_office(self, actor_id: int, published: str | None) -> str | None:
        rows = [(o, v[0], v[1]) for o, v in self.offices.get(actor_id, {}).items()]
        if published:  # an office first seen after the story is not the one he held then
            held = [r for r in rows if not r[1] or r[1] <= published]
            rows = held or rows
        rows.sort(key=lambda r: (r[2] or "", r[0]))
        return rows[-1][0] if rows else None

    def flush(self) -> None:
        if self.new_aliases:
            self.conn.execute(actor_aliases.insert(), self.new_aliases)
            self.new_aliases = []
        if self.dirty:
            cols = (
                "name",
                "kind",
                "code",
                "sector",
                "wikidata_id",
                "origin",
                "first_seen",
                "last_seen",
                "n_stories",
            )
            stmt = (
                actors.update()
                .where(actors.c.id == bindparam("_id"))
                .values({c: bindparam("_" + c) for c in cols})
            )
            self.conn.execute(
                stmt, [{"_id": i, **{"_" + c: self.rows[i][c] for c in cols}} for i in sorted(self.dirty)]
            )
            self.dirty.clear()
        inserts, updates = [], []
        for aid, offices in self.offices.items():
            for office, v in offices.items():
                row = {"_actor_id": aid, "_office": office, "_first": v[0], "_last": v[1]}
                if v[2] == "new":
                    inserts.append({"actor_id": aid, "office": office, "first_seen": v[0], "last_seen": v[1]})
                elif v[2] == "dirty":
                    updates.append(row)
                v[2] = "db"
        if inserts:
            self.conn.execute(actor_offices.insert(), inserts)
        if updates:
            self.conn.execute(
                actor_offices.update()
                .where(
                    actor_offices.c.actor_id == bindparam("_actor_id"),
                    actor_offices.c.office == bindparam("_office"),
                )
                .values(first_seen=bindparam("_first"), last_seen=bindparam("_last")),
                updates,
            )

    @staticmethod
    def _choose(a: Actor, cands: list[dict]) -> dict | None:
        if not cands:
            return None
        users = {c["id"]: c for c in cands if c["origin"] == "user"}
        if len(users) == 1:
            return next(iter(users.values()))
        if a.code:
            same = {c["id"]: c for c in cands if c["code"] == a.code}
            return next(iter(same.values())) if len(same) == 1 else None
        informed = {c["id"]: c for c in cands if c["code"] or c["n_offices"]}
        if len(informed) == 1:
            return next(iter(informed.values()))
        exact = [c for c in cands if c["alias_origin"] in ("name", "user")]
        return exact[0] if len(exact) == 1 else None

    def link(self, doc: Document) -> dict[str, tuple[int, bool]]:
        """``{local actor id: (KB actor id, filled from KB)}``; fills the doc's actors in place."""
        out: dict[str, tuple[int, bool]] = {}
        day = doc.published
        # Actors that bring knowledge first, so a bare surname later in the same story finds them.
        order = sorted(doc.actors, key=lambda a: not (a.code or a.office))
        for a in order:
            alias = normalise(a.name)
            if not alias:
                continue
            cands = self._candidates(alias)
            for c in cands:
                c["n_offices"] = bool(self.offices.get(c["id"]))
            chosen = self._choose(a, cands)
            filled = False
            if chosen is None:
                kb_id = self._new(a, day)
            else:
                kb_id = chosen["id"]
                filled = self._fill(a, chosen, day)
                self._learn(a, chosen, day)
            self._add_alias(alias, kb_id, "name")
            if a.kind == "person" and (a.code or a.office) and not filled:
                sn = surname(a.name)
                if sn and sn != alias:
                    self._add_alias(sn, kb_id, "surname")
            if a.office and not filled:
                self._add_office(kb_id, a.office, day)
            out[a.id] = (kb_id, filled)
        return out

    def _fill(self, a: Actor, kb: dict, day: str | None) -> bool:
        user = kb["origin"] == "user"
        changed = False
        for f in ("code", "sector", "wikidata_id"):
            if kb[f] and (user or getattr(a, f) is None) and getattr(a, f) != kb[f]:
                setattr(a, f, kb[f])
                changed = True
        if user and kb["kind"] and a.kind != kb["kind"]:
            a.kind = kb["kind"]
            changed = True
        if a.office is None or user:
            office = self._latest_office(kb["id"], day)
            if office and office != a.office:
                a.office = office
                changed = True
        return changed

    def _learn(self, a: Actor, kb: dict, day: str | None) -> None:
        row = self.rows[kb["id"]]
        row["n_stories"] += 1
        if row["origin"] != "user":
            for f in ("code", "sector", "wikidata_id"):
                if not row[f] and getattr(a, f):
                    row[f] = getattr(a, f)
        if day:
            if not row["first_seen"] or day < row["first_seen"]:
                row["first_seen"] = day
            if not row["last_seen"] or day > row["last_seen"]:
                row["last_seen"] = day
        self.dirty.add(kb["id"])

    def _new(self, a: Actor, day: str | None) -> int:
        row = {
            "name": a.name,
            "kind": a.kind,
            "code": a.code,
            "sector": a.sector,
            "wikidata_id": a.wikidata_id,
            "origin": "learned",
            "first_seen": day,
            "last_seen": day,
            "n_stories": 1,
        }
        aid = self.conn.execute(actors.insert(), row).inserted_primary_key[0]
        self.rows[aid] = {"id": aid, **row}
        self.offices[aid] = {}
        return aid

    def _add_alias(self, alias: str, kb_id: int, origin: str) -> None:
        if alias not in self.aliases:
            self.prefetch([alias])
        known = self.aliases[alias]
        if not any(aid == kb_id for aid, _ in known):
            known.append((kb_id, origin))
            self.new_aliases.append({"alias": alias, "actor_id": kb_id, "origin": origin})

    def _add_office(self, kb_id: int, office: str, day: str | None) -> None:
        office = office[:300]
        offices = self.offices.setdefault(kb_id, {})
        v = offices.get(office)
        if v is None:
            offices[office] = [day, day, "new"]
        elif day:
            first = min(filter(None, [v[0], day]))
            last = max(filter(None, [v[1], day]))
            if (first, last) != (v[0], v[1]):
                v[0], v[1] = first, last
                if v[2] == "db":
                    v[2] = "dirty"


def load_user_actors(conn: Connection, path: str | Path) -> int:
    """Add or correct actors from a YAML file (see ``data/actors_user.example.yaml``).

    An entry matching an existing actor by name or alias updates it and makes it a user
    actor; otherwise a new one is made. Returns the number of entries applied.
    """
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    entries = data.get("actors", data) if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise ValueError(f"{path}: expected a list of actors under 'actors:'")
    kb = KB(conn)
    n = 0
    for e in entries:
        if not isinstance(e, dict) or not e.get("name"):
            raise ValueError(f"{path}: every actor needs a name: {e!r}")
        names = [e["name"], *(e.get("aliases") or [])]
        found = None
        for nm in names:
            cands = kb._candidates(normalise(nm))
            found = next((c for c in cands if c["alias_origin"] in ("name", "user")), None)
            if found:
                break
        values = {
            "name": e["name"],
            "kind": e.get("kind", "person"),
            "code": e.get("code"),
            "sector": e.get("sector"),
            "wikidata_id": e.get("wikidata_id"),
            "origin": "user",
        }
        if found:
            kb_id = found["id"]
            kb.rows[kb_id].update(values)
            kb.dirty.add(kb_id)
        else:
            kb_id = conn.execute(actors.insert().values(**values, n_stories=0)).inserted_primary_key[0]
            kb.rows[kb_id] = {"id": kb_id, **values, "n_stories": 0, "first_seen": None, "last_seen": None}
            kb.offices[kb_id] = {}
        for nm in names:
            kb._add_alias(normalise(nm), kb_id, "user")
        offices = e.get("offices") or ([{"office": e["office"]}] if e.get("office") else [])
        for o in offices:
            if isinstance(o, str):
                o = {"office": o}
            since, until = o.get("since") or o.get("first_seen"), o.get("until") or o.get("last_seen")
            kb._add_office(
                kb_id, str(o["office"]), str(since) if since else None
            )  # YAML reads dates as dates
            if until:
                kb._add_office(kb_id, str(o["office"]), str(until))
        n += 1
    kb.flush()
    return n


def office_terms(name: str, offices: list[str]) -> list[str]:
    """The terms of office the knowledge base knows for ``name`` in ``offices`` ("President
    2017-01-20 to 2021-01-20"): shown apart from the first and last story dates, which say
    when the stories saw the actor, not when the office was held."""
    from ..kb import default_kb

    kb = default_kb()
    out: list[str] = []
    for office in offices:
        for t in kb.terms(name, office):
            text = f"{t.office} {t.start or '?'} to {t.end or 'now'}"
            if text not in out:
                out.append(text)
    return out
