"""Cross-story dedup: syndicated copies of a story, and reports of the same event.

Near-duplicate stories: a MinHash signature (``datasketch``) over 5-word shingles, split
into LSH bands whose hashes are rows of ``lsh_bands``. A new story looks up stories that
share a band (an index hit per band), checks the estimated Jaccard similarity against
their stored signatures, and joins the group of the most similar one above the threshold.
Nothing is held in memory between stories, so the corpus can be any size and ingest is
incremental.

Event clusters: events of the same type (and aux mode) whose participant codes nest (one
set contains the other: a report may leave out the recipient), whose dates are within
``window_days`` of the cluster's anchor date, and whose places do not disagree. Candidates
come from blocking keys ``TYPE|codes|date bucket`` (the bucket is ``window_days`` wide, so
a match is always in the event's bucket or a neighbour), which keeps the cost per event
independent of the corpus size. A new event joins the best cluster or starts one; clusters
are never merged or split afterwards, so the result depends only on the order of ingest.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import combinations

import numpy as np
from datasketch import MinHash
from datasketch.lsh import _optimal_param
from sqlalchemy import and_, bindparam, func, or_, select
from sqlalchemy.engine import Connection

from .schema import cluster_keys, cluster_members, clusters, events, lsh_bands, stories, story_signatures


@dataclass(frozen=True)
class DedupConfig:
    window_days: int = 2  # events this many days apart can still be the same happening
    num_perm: int = 64  # MinHash permutations
    threshold: float = 0.8  # Jaccard similarity of shingles for syndicated copies
    shingle: int = 5  # words per shingle
    max_km: float = 100.0  # two geolocated places further apart than this are different


# -- near-duplicate stories ---------------------------------------------------

_WORD = re.compile(r"\w+")


def shingles(text: str, k: int) -> list[bytes]:
    words = _WORD.findall(text.lower())
    if not words:
        return []
    if len(words) <= k:
        return [" ".join(words).encode()]
    return list({" ".join(words[i : i + k]).encode() for i in range(len(words) - k + 1)})


@lru_cache(maxsize=4)
def _permutations(num_perm: int):
    # Drawing the permutations is most of the cost of a new MinHash; they depend on the seed only.
    proto = MinHash(num_perm=num_perm, seed=1)
    return proto.permutations, proto.scheme


def signature(text: str, cfg: DedupConfig) -> np.ndarray | None:
    sh = shingles(text, cfg.shingle)
    if not sh:
        return None
    perms, scheme = _permutations(cfg.num_perm)
    mh = MinHash(num_perm=cfg.num_perm, seed=1, permutations=perms, scheme=scheme)
    mh.update_batch(sh)
    return mh.hashvalues.astype(np.uint64)


@lru_cache(maxsize=8)
def _bands_rows(threshold: float, num_perm: int) -> tuple[int, int]:
    return _optimal_param(threshold, num_perm, 0.5, 0.5)


def band_hashes(sig: np.ndarray, cfg: DedupConfig) -> list[tuple[int, int]]:
    b, r = _bands_rows(cfg.threshold, cfg.num_perm)
    out = []
    for i in range(b):
        digest = hashlib.blake2b(sig[i * r : (i + 1) * r].tobytes(), digest_size=8).digest()
        out.append((i, int.from_bytes(digest, "big", signed=True)))
    return out


class NearDupBatch:
    """Signatures of the batch being written: found by later stories of the same batch
    before they reach the tables."""

    def __init__(self):
        self.bands: dict[tuple[int, int], list[str]] = {}
        self.sigs: dict[str, np.ndarray] = {}
        self.groups: dict[str, str] = {}
        self.band_rows: list[dict] = []

    def add(self, story_id: str, sig: np.ndarray, bands, group: str) -> None:
        self.sigs[story_id] = sig
        self.groups[story_id] = group
        for b in bands:
            self.bands.setdefault(b, []).append(story_id)
            self.band_rows.append({"band": b[0], "hash": b[1], "story_id": story_id})

    def rows(self):
        sigs = [{"story_id": k, "signature": v.tobytes()} for k, v in self.sigs.items()]
        return self.band_rows, sigs


@lru_cache(maxsize=4)
def _candidates_stmt(n_bands: int):
    # (band = ? AND hash = ?) OR ...: both SQLite and PostgreSQL answer this from the
    # primary key; a row-value IN makes SQLite scan the whole table.
    return (
        select(lsh_bands.c.story_id)
        .distinct()
        .where(
            or_(
                *[
                    and_(lsh_bands.c.band == bindparam(f"b{i}"), lsh_bands.c.hash == bindparam(f"h{i}"))
                    for i in range(n_bands)
                ]
            )
        )
    )


_SIGNATURES = (
    select(story_signatures.c.story_id, story_signatures.c.signature, stories.c.near_dup_group)
    .join(stories, stories.c.id == story_signatures.c.story_id)
    .where(story_signatures.c.story_id.in_(bindparam("ids", expanding=True)))
)


def near_dup_group(conn: Connection, story_id: str, text: str, cfg: DedupConfig, batch: NearDupBatch) -> str:
    """The syndication group of a new story: the group of the most similar stored (or
    batched) story above the threshold, else its own id. Adds the story to ``batch``."""
    sig = signature(text, cfg)
    if sig is None:
        return story_id
    bands = band_hashes(sig, cfg)
    cands: list[tuple[np.ndarray, str]] = []
    params = {k: v for i, (b, h) in enumerate(bands) for k, v in ((f"b{i}", b), (f"h{i}", h))}
    ids = [c for c in conn.execute(_candidates_stmt(len(bands)), params).scalars() if c != story_id]
    if ids:
        for row in conn.execute(_SIGNATURES, {"ids": ids}):
            cands.append((np.frombuffer(row.signature, dtype=np.uint64), row.near_dup_group))
    for sid in {s for b in bands for s in batch.bands.get(b, ())}:
        cands.append((batch.sigs[sid], batch.groups[sid]))
    best, best_sim = None, cfg.threshold
    for other, group in cands:
        sim = float(np.mean(other == sig))
        if sim >= best_sim:
            best, best_sim = group, sim
    group = best or story_id
    batch.add(story_id, sig, bands, group)
    return group


# -- event clusters -------------------------------------------------------------


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


def _type_key(event_type: str, aux_mode: str | None) -> str:
    return f"{event_type}/{aux_mode}" if aux_mode else event_type


def _bucket(day: date, cfg: DedupConfig) -> int:
    return day.toordinal() // max(cfg.window_days, 1)


def _keys_to_register(typ: str, codes: list[str], bucket: int) -> list[str]:
    keys = [f"{typ}|{c}|{bucket}" for c in codes]
    keys += [f"{typ}|{a}+{b}|{bucket}" for a, b in combinations(codes, 2)]
    if len(codes) == 1:
        keys.append(f"{typ}|={codes[0]}|{bucket}")
    return keys


def _keys_to_look_up(typ: str, codes: list[str], bucket: int) -> list[str]:
    out = []
    for b in (bucket - 1, bucket, bucket + 1):
        if len(codes) == 1:
            out.append(f"{typ}|{codes[0]}|{b}")
        else:
            out += [f"{typ}|{a}+{c}|{b}" for a, c in combinations(codes, 2)]
            out += [f"{typ}|={c}|{b}" for c in codes]
    return out


def _km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, a)))


def places_compatible(a: dict, b: dict, cfg: DedupConfig) -> bool:
    """Places disagree only when both are known: different countries, or two points far apart."""
    if a.get("place_country") and b.get("place_country") and a["place_country"] != b["place_country"]:
        return False
    if None not in (a.get("lat"), a.get("lon"), b.get("lat"), b.get("lon")):
        return _km(a["lat"], a["lon"], b["lat"], b["lon"]) <= cfg.max_km
    return True


# Built once: statements made afresh for every event cost more than the query.
_CLUSTERS_BY_KEY = select(clusters).where(
    clusters.c.id.in_(
        select(cluster_keys.c.cluster_id).where(cluster_keys.c.key.in_(bindparam("keys", expanding=True)))
    )
)


def assign_cluster(conn: Connection, ev: dict, codes: list[str], published: str | None, cfg: DedupConfig):
    """The cluster of one event (joined or made); returns ``(cluster id, created)``.
    The caller writes the membership row."""
    day = event_day(ev.get("date"), published)
    typ = _type_key(ev["event_type"], ev.get("aux_mode"))
    codes = sorted(set(codes))
    best = None
    if day is not None and codes:
        bucket = _bucket(day, cfg)
        rows = conn.execute(_CLUSTERS_BY_KEY, {"keys": _keys_to_look_up(typ, codes, bucket)}).mappings().all()
        score = None
        for c in rows:
            if c["event_type"] != ev["event_type"] or c["aux_mode"] != ev.get("aux_mode"):
                continue
            their = json.loads(c["participants"])
            if not (set(their) <= set(codes) or set(codes) <= set(their)):
                continue
            gap = abs((date.fromisoformat(c["date"]) - day).days)
            if gap > cfg.window_days or not places_compatible(ev, c, cfg):
                continue
            s = (len(set(their) & set(codes)), -gap, -c["id"])
            if score is None or s > score:
                best, score = c, s
    if best is not None:
        their = json.loads(best["participants"])
        union = sorted(set(their) | set(codes))
        values = {}
        if union != their:
            values["participants"] = json.dumps(union)
            bucket = _bucket(date.fromisoformat(best["date"]), cfg)
            old = set(_keys_to_register(typ, their, bucket))
            new = [k for k in _keys_to_register(typ, union, bucket) if k not in old]
            if new:
                conn.execute(cluster_keys.insert(), [{"key": k, "cluster_id": best["id"]} for k in new])
        if not best["place_country"] and ev.get("place_country"):
            values.update(place_country=ev["place_country"], place=ev.get("place"))
        if values:
            conn.execute(clusters.update().where(clusters.c.id == best["id"]).values(**values))
        return best["id"], False
    cid = conn.execute(
        clusters.insert(),
        {
            "event_type": ev["event_type"],
            "aux_mode": ev.get("aux_mode"),
            "participants": json.dumps(codes),
            "date": day.isoformat() if day else ev.get("date"),
            "place_country": ev.get("place_country"),
            "place": ev.get("place"),
            "n_events": 0,
            "n_sources": 0,
        },
    ).inserted_primary_key[0]
    if day is not None and codes:
        keys = _keys_to_register(typ, codes, _bucket(day, cfg))
        conn.execute(cluster_keys.insert(), [{"key": k, "cluster_id": cid} for k in keys])
    return cid, True


def refresh_clusters(conn: Connection, ids) -> None:
    """Recount sources, report dates and the representative of the clusters in ``ids``;
    delete those left empty. Syndicated copies (one near-dup group) count as one source."""
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
                stories.c.published,
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
            updates.append(
                {
                    "_id": cid,
                    "_n_events": len(rs),
                    "_n_sources": len({r.near_dup_group for r in rs}),
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
                n_sources=bindparam("_n_sources"),
                first_report=bindparam("_first"),
                last_report=bindparam("_last"),
                representative=bindparam("_rep"),
            ),
            updates,
        )
    for cid in empty:
        conn.execute(cluster_keys.delete().where(cluster_keys.c.cluster_id == cid))
        conn.execute(clusters.delete().where(clusters.c.id == cid))


def _ordinal(d: str | None) -> int:
    try:
        return date.fromisoformat(d).toordinal() if d else 10**7
    except ValueError:
        return 10**7


def cluster_count(conn: Connection) -> int:
    return conn.execute(select(func.count()).select_from(clusters)).scalar_one()
