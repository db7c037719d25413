"""Cross-story dedup, part one: syndicated copies of a story (event clusters: ``clusters.py``).

Near-duplicate stories: a MinHash signature (``datasketch``) over 5-word shingles, split
into LSH bands whose hashes are rows of ``lsh_bands``. A new story looks up stories that
share a band (an index hit per band), checks the estimated Jaccard similarity against
their stored signatures, and joins the group of the most similar one above the threshold.
Nothing is held in memory between stories, so the corpus can be any size and ingest is
incremental.

The near-duplicate group is what ``clusters.py`` counts once when it counts a cluster's
independent sources, and two events of stories in one group are reports of one happening.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from datasketch import MinHash
from datasketch.lsh import _optimal_param
from sqlalchemy import and_, bindparam, or_, select
from sqlalchemy.engine import Connection

from . import coref
from .schema import lsh_bands, stories, story_signatures


@dataclass(frozen=True)
class DedupConfig:
    window_days: int = 2  # events this many days apart can still be the same happening
    num_perm: int = 64  # MinHash permutations
    threshold: float = 0.8  # Jaccard similarity of shingles for syndicated copies
    shingle: int = 5  # words per shingle
    max_km: float = 100.0  # two geolocated places further apart than this are different
    coref_threshold: float = coref.CorefConfig.threshold  # two reports of one happening (coref.py)

    def coref_config(self) -> coref.CorefConfig:
        return coref.CorefConfig(
            threshold=self.coref_threshold, window_days=self.window_days, max_km=self.max_km
        )


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
