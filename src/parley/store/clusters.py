"""Event clusters in the store: one cluster, one happening, corrected as reports arrive.

Each event has a row in ``coref_events``: its coreference features (``coref.py``) and its
block (type, aux mode, day). After each batch, the events of the blocks within a few windows
of the new events' days are read (index hits: their number depends on what happens on those
days, not on the corpus size), linked in memory through their blocking keys, and every linked
component that holds a new event is clustered again from scratch by ``coref.group``. So a
later report can merge two clusters or split a wrong one, and the clusters are a function of
the set of events, not of the order in which they came (exactly so while no chain of linked
reports runs longer than ``REACH`` windows; a cluster itself never spans more than one).

Counts (``refresh``): ``n_reports`` is the number of stories; ``n_sources`` the number of
independent outlets: the story's ``source``, else its URL's registered domain, else the story
itself, with the syndicated copies of one story (one near-duplicate group) counted once.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from urllib.parse import urlsplit

from sqlalchemy import bindparam, func, select
from sqlalchemy.engine import Connection

from . import coref
from .schema import cluster_members, clusters, coref_events, events, mentions, participants, stories

# Second-level labels under which a country's registry sells names ("bbc.co.uk", "abc.net.au").
_SECOND_LEVEL = {"co", "com", "net", "org", "gov", "ac", "edu", "or", "ne", "go", "gob", "nic"}


def registered_domain(url: str | None) -> str | None:
    """``https://www.news.example.co.uk/a/1`` -> ``example.co.uk``; None for no host."""
    if not url:
        return None
    try:
        host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower().rstrip(".")
    except ValueError:
        return None
    if not host or re.fullmatch(r"[\d.]+|\[?[0-9a-f:]+\]?", host):
        return host or None
    labels = host.split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def outlet(source: str | None, url: str | None, story_id: str) -> str:
    """Who published a story: its source, else its URL's registered domain, else the story."""
    if source and source.strip():
        return source.strip()
    return registered_domain(url) or story_id


def count_sources(reports: list[tuple[str, str]]) -> int:
    """Independent sources among ``(outlet, near-dup group)`` pairs: stories of one outlet,
    and syndicated copies of one story wherever they ran, are one source."""
    parent: dict[str, str] = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for out, grp in reports:
        a, b = find("o:" + out), find("g:" + grp)
        if a != b:
            parent[a] = b
    return len({find("o:" + out) for out, _ in reports})


# -- clustering ----------------------------------------------------------------

#: How far (in windows) around a changed day the clustering looks: a chain of linked reports
#: longer than this is cut there (a cluster itself never spans more than one window).
REACH = 3

_IN_BLOCKS = select(coref_events.c.event_id, coref_events.c.features).where(
    coref_events.c.block.in_(bindparam("blocks", expanding=True))
)


def add_events(conn: Connection, feats: list[dict]) -> set[str]:
    """Store the coreference features of new events; returns their blocks."""
    if feats:
        conn.execute(
            coref_events.insert(),
            [
                {
                    "event_id": f["id"],
                    "story_id": f["story"],
                    "block": coref.block(f),
                    "features": json.dumps(f),
                }
                for f in feats
            ],
        )
    return {b for f in feats if (b := coref.block(f))}


def forget_story(conn: Connection, story_id: str) -> tuple[set[str], set[int]]:
    """Drop a story's events from coreference; returns their blocks (to cluster again) and
    the clusters they left."""
    ev_ids = select(events.c.id).where(events.c.story_id == story_id)
    blocks = set(
        conn.execute(select(coref_events.c.block).where(coref_events.c.story_id == story_id)).scalars()
    )
    cids = set(
        conn.execute(
            select(cluster_members.c.cluster_id).where(cluster_members.c.event_id.in_(ev_ids))
        ).scalars()
    )
    conn.execute(coref_events.delete().where(coref_events.c.story_id == story_id))
    conn.execute(cluster_members.delete().where(cluster_members.c.event_id.in_(ev_ids)))
    return {b for b in blocks if b}, cids


def _around(blocks: set[str], days: int) -> set[str]:
    out = set()
    for b in blocks:
        head, day = b.rsplit("|", 1)
        out.update(f"{head}|{int(day) + k}" for k in range(-days, days + 1))
    return out


def recluster(conn: Connection, changed: set[str], new: list[dict], cfg: coref.CorefConfig) -> set[int]:
    """Cluster again the events linked (directly or through others) to the new events and to
    the blocks that changed. The events of the blocks within ``REACH`` windows are read,
    linked in memory, split into linked components, and each component that holds a new
    event or an event of a changed block is grouped from scratch (``coref.group``). Memberships
    are rewritten; a new cluster keeps the id of the old one most of its events had. Returns
    every cluster id touched. Events without a day are clusters of their own."""
    touched: set[int] = set()
    reach = cfg.window_days * REACH
    blocks = sorted(_around(changed, reach))
    feats: dict[str, dict] = {}
    for i in range(0, len(blocks), 500):
        for r in conn.execute(_IN_BLOCKS, {"blocks": blocks[i : i + 500]}):
            feats[r.event_id] = json.loads(r.features)
    seeds = {f["id"] for f in new} | {e for e, f in feats.items() if coref.block(f) in changed}
    dayless = {f["id"]: f for f in new if f["id"] not in feats}  # no day: never linked
    if dayless:
        touched |= _assign(conn, [[e] for e in sorted(dayless)], dayless)
    flist = list(feats.values())
    pairs = coref.links(flist, cfg)
    by_comp: dict[str, list] = {}
    comps = coref.components(flist, pairs)
    comp_of = {e: i for i, c in enumerate(comps) for e in c}
    for p in pairs:
        by_comp.setdefault(comp_of[p[1]], []).append(p)
    for i, comp in enumerate(comps):
        if not seeds.intersection(comp):
            continue
        fs = [feats[e] for e in comp]
        groups = coref.group(fs, cfg, by_comp.get(i, []))
        touched |= _assign(conn, groups, {e: feats[e] for e in comp})
    return touched


def _assign(conn: Connection, groups: list[list[str]], feats: dict[str, dict]) -> set[int]:
    """Write the memberships of ``groups`` (lists of event ids; ``feats`` their features)."""
    ids = [e for g in groups for e in g]
    old: dict[str, int] = {}
    for i in range(0, len(ids), 500):
        q = select(cluster_members.c.event_id, cluster_members.c.cluster_id).where(
            cluster_members.c.event_id.in_(ids[i : i + 500])
        )
        old.update(conn.execute(q).all())
    touched = set(old.values())
    taken: set[int] = set()
    new_rows = []
    for members in sorted(groups, key=lambda g: (-len(g), g)):
        votes = Counter(old[e] for e in members if e in old and old[e] not in taken)
        cid = min(votes, key=lambda c: (-votes[c], c)) if votes else None
        attrs = _cluster_attrs([feats[e] for e in members])
        if cid is None:
            cid = conn.execute(
                clusters.insert(), {**attrs, "n_events": 0, "n_sources": 0}
            ).inserted_primary_key[0]
        else:
            conn.execute(clusters.update().where(clusters.c.id == cid).values(**attrs))
        taken.add(cid)
        touched.add(cid)
        new_rows += [{"event_id": e, "cluster_id": cid} for e in members if old.get(e) != cid]
    moved = [r["event_id"] for r in new_rows if r["event_id"] in old]
    for i in range(0, len(moved), 500):
        conn.execute(cluster_members.delete().where(cluster_members.c.event_id.in_(moved[i : i + 500])))
    if new_rows:
        conn.execute(cluster_members.insert(), new_rows)
    return touched


def _cluster_attrs(feats: list[dict]) -> dict:
    feats = sorted(feats, key=lambda f: f["id"])
    days = [f["day"] for f in feats if f["day"] is not None]
    placed = next((f for f in feats if f["place_country"]), None)
    return {
        "event_type": feats[0]["type"],
        "aux_mode": feats[0]["aux"],
        "participants": json.dumps(sorted({c for f in feats for c in f["codes"]})),
        # the anchor date: the day most reports give, the earliest of equals
        "date": date.fromordinal(min(set(days), key=lambda d: (-days.count(d), d))).isoformat()
        if days
        else None,
        "place_country": placed["place_country"] if placed else None,
        "place": placed["place"] if placed else None,
    }


def refresh(conn: Connection, ids) -> None:
    """Recount reports, sources and outlets, report dates and the representative of the
    clusters in ``ids``; delete those left empty."""
    ids = sorted(set(ids))
    updates, empty = [], []
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        members: dict[int, list] = {c: [] for c in chunk}
        rows = conn.execute(
            select(
                cluster_members.c.cluster_id,
                events.c.id,
                events.c.confidence,
                stories.c.id.label("story"),
                stories.c.published,
                stories.c.source,
                stories.c.url,
                stories.c.near_dup_group,
            )
            .join(events, events.c.id == cluster_members.c.event_id)
            .join(stories, stories.c.id == events.c.story_id)
            .where(cluster_members.c.cluster_id.in_(chunk))
        )
        for r in rows:
            members[r.cluster_id].append(r)
        for cid, rs in members.items():
            if not rs:
                empty.append(cid)
                continue
            reports = sorted(r.published for r in rs if r.published)
            rep = min(rs, key=lambda r: (-(r.confidence or 0.0), _ordinal(r.published), r.id))
            by_story = {r.story: (outlet(r.source, r.url, r.story), r.near_dup_group) for r in rs}
            updates.append(
                {
                    "_id": cid,
                    "_n_events": len(rs),
                    "_n_reports": len(by_story),
                    "_n_sources": count_sources(list(by_story.values())),
                    "_outlets": json.dumps(sorted({o for o, _ in by_story.values()}), ensure_ascii=False),
                    "_first": reports[0] if reports else None,
                    "_last": reports[-1] if reports else None,
                    "_rep": rep.id,
                }
            )
    if updates:
        conn.execute(
            clusters.update()
            .where(clusters.c.id == bindparam("_id"))
            .values(
                n_events=bindparam("_n_events"),
                n_reports=bindparam("_n_reports"),
                n_sources=bindparam("_n_sources"),
                outlets=bindparam("_outlets"),
                first_report=bindparam("_first"),
                last_report=bindparam("_last"),
                representative=bindparam("_rep"),
            ),
            updates,
        )
    for i in range(0, len(empty), 500):
        conn.execute(clusters.delete().where(clusters.c.id.in_(empty[i : i + 500])))


def rebuild(conn: Connection, cfg: coref.CorefConfig, chunk: int = 5000) -> int:
    """Cluster the stored events that have no coreference row yet (a store made before
    coreference: see migration 0004); returns how many there were."""
    missing = (
        select(events, stories.c.published, stories.c.near_dup_group)
        .join(stories, stories.c.id == events.c.story_id)
        .where(events.c.id.not_in(select(coref_events.c.event_id)))
        .order_by(events.c.id)
        .limit(chunk)
    )
    done = 0
    while rows := conn.execute(missing).mappings().all():
        parts: dict[str, list[dict]] = {r["id"]: [] for r in rows}
        q = (
            select(
                participants.c.event_id,
                participants.c.role,
                participants.c.code,
                participants.c.name,
                mentions.c.kind,
            )
            .outerjoin(mentions, mentions.c.id == participants.c.mention_id)
            .where(participants.c.event_id.in_(list(parts)))
        )
        for p in conn.execute(q).mappings():
            parts[p["event_id"]].append(dict(p))
        feats = [
            coref.features(dict(r), parts[r["id"]], r["published"], r["story_id"], r["near_dup_group"])
            for r in rows
        ]
        touched = recluster(conn, add_events(conn, feats), feats, cfg)
        refresh(conn, touched)
        done += len(rows)
    return done


def new_or_joined(conn: Connection, event_ids: list[str]) -> tuple[int, int]:
    """How many of ``event_ids`` are alone in their cluster, and how many share one."""
    alone = joined = 0
    for i in range(0, len(event_ids), 500):
        q = (
            select(clusters.c.n_events)
            .join(cluster_members, cluster_members.c.cluster_id == clusters.c.id)
            .where(cluster_members.c.event_id.in_(event_ids[i : i + 500]))
        )
        for n in conn.execute(q).scalars():
            alone, joined = (alone + 1, joined) if n == 1 else (alone, joined + 1)
    return alone, joined


def _ordinal(d: str | None) -> int:
    try:
        return date.fromisoformat(d).toordinal() if d else 10**7
    except ValueError:
        return 10**7


def cluster_count(conn: Connection) -> int:
    return conn.execute(select(func.count()).select_from(clusters)).scalar_one()
