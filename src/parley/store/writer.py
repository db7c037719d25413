"""Writing documents: one call, one transaction, each story with all of its rows.

Because a story's rows (mentions, events, participants, quotes, near-dup signature,
cluster membership) are written in the same transaction as the story row, a store never
holds half a story: after a crash the story is either there whole or not at all, and
the rerun skips exactly the stories that are there.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.engine import Connection

from ..model import Document
from ..validate import safe_str
from . import clusters, coref, dedup
from .kb import KB
from .schema import (
    events,
    failures,
    lsh_bands,
    mentions,
    participants,
    quotes,
    stories,
    story_signatures,
)

DUPLICATE_ID = "duplicate id with different text"

#: Tables written at the end of a batch, parents first (story_signatures goes with lsh_bands).
FLUSH_ORDER = (stories, lsh_bands, mentions, events, participants, quotes)


def content_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def story_json(doc: Document) -> str:
    """The input story of ``doc`` as one JSON line (kept with a failure for --retry-failed)."""
    d = {"id": doc.id, "text": doc.text, "published": doc.published, "title": doc.title}
    d.update({k: v for k, v in (("url", doc.url), ("source", doc.source)) if v})
    return json.dumps(d, ensure_ascii=False)


@dataclass
class AddResult:
    new: int = 0
    replaced: int = 0
    skipped: int = 0  # already stored with the same text
    failed: int = 0
    events: int = 0
    quotes: int = 0
    near_dups: int = 0  # stored stories that joined another story's syndication group
    clusters_new: int = 0
    clusters_joined: int = 0
    stored_ids: list[str] = field(default_factory=list)
    resolved: set[str] = field(default_factory=set)  # retried stories whose failures were resolved


class Writer:
    def __init__(self, conn: Connection, cfg: dedup.DedupConfig, run_id: int | None = None):
        self.conn = conn
        self.cfg = cfg
        self.run_id = run_id
        self.kb = KB(conn)
        self.touched: set[int] = set()  # clusters to recount
        self.blocks: set[str] = set()  # coreference blocks (type, day) whose events changed
        self.feats: list[dict] = []  # coreference features of the batch's new events

    # -- failures -------------------------------------------------------------
    def add_failure(
        self,
        reason: str,
        source: str | None = None,
        line: int | None = None,
        doc_id: str | None = None,
        raw: str | None = None,
        resolved: bool = False,
    ) -> None:
        """Record a failure once: the same unresolved failure seen again counts an attempt.

        Every field is made storable first (lone surrogates, NULs): recording a failure must
        never itself fail and take the batch with it. ``resolved``: a warning, kept for the
        record (``parley failures --all``) but not retried."""
        reason = safe_str(reason, 2000)
        source, doc_id, raw = safe_str(source, 2000), safe_str(doc_id, 200), safe_str(raw)

        def insert(**values) -> None:
            row = dict(run_id=self.run_id, source=source, line=line, doc_id=doc_id, reason=reason)
            self.conn.execute(failures.insert().values(**row, created=now(), attempts=1, **values))

        if resolved:
            insert(raw=None, resolved_run=self.run_id or 0)
            return
        same = select(failures.c.id, failures.c.attempts).where(
            failures.c.resolved_run.is_(None),
            failures.c.reason == reason,
            failures.c.source.is_(None) if source is None else failures.c.source == source,
            failures.c.line.is_(None) if line is None else failures.c.line == line,
            failures.c.doc_id.is_(None) if doc_id is None else failures.c.doc_id == doc_id,
        )
        row = self.conn.execute(same).first()
        if row is not None:
            self.conn.execute(
                failures.update()
                .where(failures.c.id == row.id)
                .values(attempts=row.attempts + 1, run_id=self.run_id, raw=raw)
            )
            return
        insert(raw=raw)

    def resolve_failures(
        self,
        doc_id: str | None = None,
        ids: list[int] | None = None,
        keep_duplicates: bool = False,
        doc_ids: list[str] | None = None,
    ) -> None:
        if ids is not None:
            cond = failures.c.id.in_(ids)
        elif doc_ids is not None:
            cond = failures.c.doc_id.in_(doc_ids)
        else:
            cond = failures.c.doc_id == doc_id
        if keep_duplicates:  # another text under this id is still waiting for --replace
            cond = cond & (failures.c.reason != DUPLICATE_ID)
        self.conn.execute(
            update(failures)
            .where(cond, failures.c.resolved_run.is_(None))
            .values(resolved_run=self.run_id or 0)
        )

    def resolve_stored(self, resolve: dict[str, int]) -> set[str]:
        """Resolve the failures of those retried stories that are now stored."""
        ids = list(resolve)
        stored = set(self.conn.execute(select(stories.c.id).where(stories.c.id.in_(ids))).scalars())
        if stored:
            self.resolve_failures(ids=[resolve[i] for i in stored])
        return stored

    # -- stories ----------------------------------------------------------------
    def add(self, docs: list[Document], replace: bool = False) -> AddResult:
        """Store ``docs``. Rows are collected and written per table at the end (executemany),
        children after parents; everything stays inside the caller's transaction."""
        res = AddResult()
        self.rows: dict[str, list[dict]] = {t.name: [] for t in FLUSH_ORDER}
        self.near = dedup.NearDupBatch()
        hashes = self._stored_hashes([d.id for d in docs])
        self.kb.prefetch(a.name for d in docs for a in d.actors)
        resolved_new, resolved_replaced = [], []
        for doc in docs:
            h = content_hash(doc.text)
            old = hashes.get(doc.id)
            if old is not None:
                if old == h:
                    res.skipped += 1
                    continue
                if not replace:
                    self.add_failure(DUPLICATE_ID, source=doc.source, doc_id=doc.id, raw=story_json(doc))
                    res.failed += 1
                    continue
                self._flush()  # rows of this batch may belong to the story being replaced
                self.delete_story(doc.id)
                res.replaced += 1
                resolved_replaced.append(doc.id)
            else:
                res.new += 1
                resolved_new.append(doc.id)
            hashes[doc.id] = h
            self._insert(doc, h, res)
            res.stored_ids.append(doc.id)
        self._flush()
        self._cluster(res)
        # A new story settles earlier failures of its id, but not a clash with another text.
        for ids, keep in ((resolved_new, True), (resolved_replaced, False)):
            for i in range(0, len(ids), 500):
                self.resolve_failures(ids=None, doc_ids=ids[i : i + 500], keep_duplicates=keep)
        return res

    def _cluster(self, res: AddResult) -> None:
        """Link the batch's new events, cluster the components that changed, recount."""
        cfg = self.cfg.coref_config()
        blocks = self.blocks | clusters.add_events(self.conn, self.feats)
        self.touched |= clusters.recluster(self.conn, blocks, self.feats, cfg)
        clusters.refresh(self.conn, self.touched)
        alone, joined = clusters.new_or_joined(self.conn, [f["id"] for f in self.feats])
        res.clusters_new += alone
        res.clusters_joined += joined
        self.touched, self.blocks, self.feats = set(), set(), []

    def _stored_hashes(self, ids: list[str]) -> dict[str, str]:
        out = {}
        for i in range(0, len(ids), 500):
            q = select(stories.c.id, stories.c.content_hash).where(stories.c.id.in_(ids[i : i + 500]))
            out.update(dict(self.conn.execute(q).all()))
        return out

    def _flush(self) -> None:
        self.kb.flush()
        for t in FLUSH_ORDER:
            rows = self.rows[t.name]
            if t is lsh_bands:
                rows, sigs = self.near.rows()
                if sigs:
                    self.conn.execute(story_signatures.insert(), sigs)
            if rows:
                self.conn.execute(t.insert(), rows)
            self.rows[t.name] = []
        self.near = dedup.NearDupBatch()

    def delete_story(self, story_id: str) -> None:
        ev_ids = select(events.c.id).where(events.c.story_id == story_id)
        self.feats = [f for f in self.feats if f["story"] != story_id]
        blocks, cids = clusters.forget_story(self.conn, story_id)
        self.blocks |= blocks
        self.touched |= cids
        self.conn.execute(participants.delete().where(participants.c.event_id.in_(ev_ids)))
        for t in (events, quotes, mentions, lsh_bands, story_signatures):
            self.conn.execute(t.delete().where(t.c.story_id == story_id))
        self.conn.execute(stories.delete().where(stories.c.id == story_id))

    def _insert(self, doc: Document, h: str, res: AddResult) -> None:
        sid = doc.id
        links = self.kb.link(doc)  # fills missing codes/offices from the KB, in place
        group = dedup.near_dup_group(self.conn, sid, doc.text, self.cfg, self.near)
        self.rows["stories"].append(
            {
                "id": sid,
                "url": doc.url,
                "title": doc.title,
                "published": doc.published,
                "source": doc.source,
                "content_hash": h,
                "text": doc.text,
                "near_dup_group": group,
                "n_events": len(doc.events),
                "n_quotes": len(doc.quotes),
                "run_id": self.run_id,
                "ingested": now(),
            }
        )
        if group != sid:
            res.near_dups += 1
        by_local = {a.id: a for a in doc.actors}
        if doc.actors:
            self.rows["mentions"].extend(
                [
                    {
                        "id": f"{sid}/{a.id}",
                        "story_id": sid,
                        "local_id": a.id,
                        "actor_id": links.get(a.id, (None, False))[0],
                        "name": a.name,
                        "kind": a.kind,
                        "code": a.code,
                        "sector": a.sector,
                        "office": a.office,
                        "wikidata_id": a.wikidata_id,
                        "from_kb": links.get(a.id, (None, False))[1],
                        "spans": json.dumps(
                            [[m.start, m.end, m.text] for m in a.mentions], ensure_ascii=False
                        ),
                    }
                    for a in doc.actors
                ],
            )
        ev_rows, part_rows = [], []
        for e in doc.events:
            loc = e.event_loc
            ev_rows.append(
                {
                    "id": f"{sid}/{e.id}",
                    "story_id": sid,
                    "local_id": e.id,
                    "event_type": e.event_type,
                    "mode": e.mode,
                    "context": json.dumps(list(e.context)),
                    "aux_mode": e.aux_mode,
                    "date": e.date,
                    "date_text": e.date_text,
                    "place": loc.name if loc else None,
                    "place_country": loc.country_code if loc else None,
                    "lat": loc.lat if loc else None,
                    "lon": loc.lon if loc else None,
                    "place_feature": loc.feature if loc else None,
                    "trigger": e.trigger.text,
                    "trigger_start": e.trigger.start,
                    "trigger_end": e.trigger.end,
                    "sentence_start": e.sentence.start,
                    "sentence_end": e.sentence.end,
                    "event_text": e.sentence.text,
                    "confidence": e.confidence,
                    "rule": e.rule,
                }
            )
            for role, ids in (("actor", e.actor), ("recipient", e.recipient)):
                for pos, aid in enumerate(ids):
                    a = by_local.get(aid)
                    part_rows.append(
                        {
                            "event_id": f"{sid}/{e.id}",
                            "role": role,
                            "position": pos,
                            "mention_id": f"{sid}/{aid}" if a else None,
                            "actor_id": links.get(aid, (None, False))[0],
                            "name": a.name if a else aid,
                            "code": a.code if a else None,
                            "sector": a.sector if a else None,
                            "path": e.paths.get(aid) or None,
                        }
                    )
        self.rows["events"].extend(ev_rows)
        self.rows["participants"].extend(part_rows)
        kinds = {f"{sid}/{a.id}": a.kind for a in doc.actors}
        for row in ev_rows:
            parts = [
                dict(p, kind=kinds.get(p["mention_id"])) for p in part_rows if p["event_id"] == row["id"]
            ]
            self.feats.append(coref.features(row, parts, doc.published, sid, group))
        if doc.quotes:
            rows = []
            for q in doc.quotes:
                a = by_local.get(q.speaker) if q.speaker else None
                rows.append(
                    {
                        "id": f"{sid}/{q.id}",
                        "story_id": sid,
                        "local_id": q.id,
                        "text": q.text,
                        "start": q.start,
                        "end": q.end,
                        "speaker_mention": f"{sid}/{q.speaker}" if a else None,
                        "speaker_actor_id": links.get(q.speaker, (None, False))[0] if a else None,
                        "speaker": a.name if a else None,
                        "speaker_code": a.code if a else None,
                        "speaker_span": json.dumps(
                            [q.speaker_mention.start, q.speaker_mention.end, q.speaker_mention.text],
                            ensure_ascii=False,
                        )
                        if q.speaker_mention
                        else None,
                        "cue": q.cue.text if q.cue else None,
                        "cue_start": q.cue.start if q.cue else None,
                        "cue_end": q.cue.end if q.cue else None,
                    }
                )
            self.rows["quotes"].extend(rows)
        res.events += len(doc.events)
        res.quotes += len(doc.quotes)
