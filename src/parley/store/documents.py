"""Stored stories rebuilt as whole ``Document``s (``Store.document``, ``Store.documents``)."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator

from sqlalchemy import select
from sqlalchemy.engine import Connection

from ..model import Actor, Document, Event, Location, Quote, TextSpan
from .query_common import chunks, participants_of
from .schema import events, mentions, quotes, stories


def document(conn: Connection, story_id: str) -> Document | None:
    return next(documents(conn, [story_id]), None)


def documents(conn: Connection, ids: Iterable[str] | None = None, chunk: int = 200) -> Iterator[Document]:
    """Stored stories rebuilt as ``Document``s (with the KB's fills), streamed in chunks."""
    if ids is not None:
        ids = list(ids)
        for part in chunks(ids, chunk):
            rows = conn.execute(select(stories).where(stories.c.id.in_(part))).mappings().all()
            by_id = {r["id"]: r for r in rows}
            yield from _build(conn, [by_id[i] for i in part if i in by_id])
        return
    last = 0
    while True:
        rows = (
            conn.execute(select(stories).where(stories.c.pk > last).order_by(stories.c.pk).limit(chunk))
            .mappings()
            .all()
        )
        if not rows:
            return
        last = rows[-1]["pk"]
        yield from _build(conn, rows)


def _build(conn: Connection, rows) -> Iterator[Document]:
    sids = [r["id"] for r in rows]
    ment: dict[str, list] = defaultdict(list)
    for m in conn.execute(
        select(mentions).where(mentions.c.story_id.in_(sids)).order_by(mentions.c.id)
    ).mappings():
        ment[m["story_id"]].append(m)
    evs: dict[str, list] = defaultdict(list)
    for e in conn.execute(select(events).where(events.c.story_id.in_(sids))).mappings():
        evs[e["story_id"]].append(e)
    parts = participants_of(conn, [e["id"] for es in evs.values() for e in es])
    qts: dict[str, list] = defaultdict(list)
    for q in conn.execute(select(quotes).where(quotes.c.story_id.in_(sids)).order_by(quotes.c.pk)).mappings():
        qts[q["story_id"]].append(q)
    for r in rows:
        sid = r["id"]
        doc = Document(
            id=sid,
            text=r["text"],
            published=r["published"],
            title=r["title"],
            url=r["url"],
            source=r["source"],
        )
        doc.actors = [
            Actor(
                id=m["local_id"],
                name=m["name"],
                kind=m["kind"],
                code=m["code"],
                sector=m["sector"],
                office=m["office"],
                wikidata_id=m["wikidata_id"],
                mentions=[TextSpan(t, s, e) for s, e, t in json.loads(m["spans"] or "[]")],
            )
            for m in sorted(ment[sid], key=lambda m: _local_order(m["local_id"]))
        ]
        by_mention = {f"{sid}/{a.id}": a.id for a in doc.actors}
        for e in sorted(evs[sid], key=lambda e: _local_order(e["local_id"])):
            p = parts.get(e["id"], {})
            loc = None
            if e["place"] is not None:
                loc = Location(
                    name=e["place"],
                    country_code=e["place_country"],
                    lat=e["lat"],
                    lon=e["lon"],
                    feature=e["place_feature"],
                )
            doc.events.append(
                Event(
                    id=e["local_id"],
                    event_type=e["event_type"],
                    trigger=TextSpan(e["trigger"] or "", e["trigger_start"] or 0, e["trigger_end"] or 0),
                    sentence=TextSpan(
                        e["event_text"] or "", e["sentence_start"] or 0, e["sentence_end"] or 0
                    ),
                    rule=e["rule"] or "",
                    mode=e["mode"],
                    context=json.loads(e["context"] or "[]"),
                    aux_mode=e["aux_mode"],
                    actor=[by_mention.get(x["mention_id"], x["name"]) for x in p.get("actor", [])],
                    recipient=[by_mention.get(x["mention_id"], x["name"]) for x in p.get("recipient", [])],
                    date=e["date"],
                    date_text=e["date_text"],
                    event_loc=loc,
                    confidence=e["confidence"] if e["confidence"] is not None else 0.5,
                )
            )
        doc.quotes = [
            Quote(
                id=q["local_id"],
                text=q["text"],
                start=q["start"],
                end=q["end"],
                speaker=by_mention.get(q["speaker_mention"]),
                speaker_mention=_span(q["speaker_span"]),
                cue=TextSpan(q["cue"], q["cue_start"], q["cue_end"]) if q["cue"] is not None else None,
            )
            for q in sorted(qts[sid], key=lambda q: _local_order(q["local_id"]))
        ]
        yield doc


def _span(js: str | None) -> TextSpan | None:
    if not js:
        return None
    start, end, t = json.loads(js)
    return TextSpan(t, start, end)


def _local_order(local_id: str):
    """``E10`` after ``E9``: order local ids by their number when they have one."""
    m = re.match(r"^(\D*)(\d+)$", local_id)
    return (m.group(1), int(m.group(2)), "") if m else (local_id, 0, local_id)
