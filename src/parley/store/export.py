"""Exporting a store: events as Parquet or CSV, documents as JSONL, events as PLOVER JSONL.

PLOVER records follow the "Data Fields" chapter of the PLOVER manual; the mapping is in
docs/corpus.md. One record per stored event (every report is evidence); ``link`` carries
the event's cluster, the manual's "common reference across multiple related events".
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

from .. import __version__
from ..model import Document
from .filters import csv_value
from .store import Store

#: PLOVER quad categories (manual, each category's "Quad category"):
#: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
QUAD = {
    "AGREE": 1,
    "CONSULT": 1,
    "SUPPORT": 1,
    "CONCEDE": 1,
    "COOPERATE": 2,
    "AID": 2,
    "RETREAT": 2,
    "REQUEST": 3,
    "ACCUSE": 3,
    "REJECT": 3,
    "THREATEN": 3,
    "PROTEST": 4,
    "SANCTION": 4,
    "MOBILIZE": 4,
    "COERCE": 4,
    "ASSAULT": 4,
}

FORMATS = ("parquet", "csv", "jsonl", "plover")


def _flat(v):
    return csv_value(v)


def write_csv(records, out) -> int:
    """Records as CSV (lists joined with ';'); ``out`` is a path or an open text file."""
    # The record type's fields, in order: the same header for an empty result and a full one.
    cols = records._columns() or (list(records.to_dicts()[0]) if records else [])
    if isinstance(out, (str, Path)):
        with open(out, "w", newline="", encoding="utf-8") as fh:
            return write_csv(records, fh)
    w = csv.writer(out)
    w.writerow(cols)
    for d in records.to_dicts():
        w.writerow([_flat(d[c]) for c in cols])
    return len(records)


def export(store: Store, fmt: str, out: str | Path, include_text: bool = False, **filters) -> int:
    """Write the store (events, filtered like ``Store.events``) to ``out``; returns the record count."""
    out = Path(out)
    if out.parent and not out.parent.exists():
        out.parent.mkdir(parents=True)
    if fmt == "jsonl":
        n = 0
        with out.open("w", encoding="utf-8") as fh:
            for doc in store.documents():
                fh.write(json.dumps(doc.to_dict(include_text=include_text), ensure_ascii=False) + "\n")
                n += 1
        return n
    if fmt == "plover":
        n = 0
        with out.open("w", encoding="utf-8") as fh:
            for rec in plover_records(store, **filters):
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
                n += 1
        return n
    records = store.events(**filters)
    if fmt == "csv":
        return write_csv(records, out)
    if fmt == "parquet":
        import pyarrow.parquet as pq

        pq.write_table(records.to_arrow(), out)
        return len(records)
    raise ValueError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")


def _entity(doc: Document, actor_id: str) -> dict:
    a = doc.actor(actor_id)
    if a is None:
        return {"entity_text": actor_id}
    d = {"code": a.code, "sector": a.sector, "entity_text": a.name}
    if a.office:
        d["office"] = a.office
    if a.wikidata_id:
        d["identifier_id"] = a.wikidata_id
        d["identifier_text"] = a.name
    return {k: v for k, v in d.items() if v is not None}


def plover_records(store: Store, **filters) -> Iterator[dict]:
    """PLOVER event records, one per stored event (filters as for ``Store.events``)."""
    wanted: set[str] | None = None
    ids = None
    if filters:
        events = store.events(**filters)
        wanted = {e.id for e in events}
        ids = list(dict.fromkeys(e.story_id for e in events))
    for doc in store.documents(ids):
        cl = store.cluster_of(doc.id) if doc.events else {}
        for ev in doc.events:
            gid = f"{doc.id}/{ev.id}"
            if wanted is not None and gid not in wanted:
                continue
            context = list(ev.context)
            if ev.aux_mode:  # PLOVER puts auxiliary modes in the context
                context.append(ev.aux_mode)
            rec = {
                "id": gid,
                "has_event": True,
                "date": ev.date or doc.published,
                "actor": [_entity(doc, a) for a in ev.actor],
                "recipient": [_entity(doc, a) for a in ev.recipient],
                "event": [ev.event_type],
                "mode": [ev.mode] if ev.mode else [],
                "context": context,
                "event_text": [ev.sentence.text],
                "quad_code": QUAD.get(ev.event_type),
                "text_info": {"start": ev.sentence.start, "end": ev.sentence.end},
                "cite_info": {
                    k: v
                    for k, v in {
                        "citation": doc.id,
                        "url": doc.url,
                        "title": doc.title,
                        "publication": doc.source,
                        "language": "en",
                        "coder": f"parley {__version__}",
                        "codebook": "plover",
                    }.items()
                    if v is not None
                },
                "coder": f"parley {__version__}",
            }
            if ev.date and ev.date != doc.published:
                rec["comment"] = f"date from text: {ev.date_text}" if ev.date_text else None
            if ev.event_loc is not None:
                loc = ev.event_loc
                rec["event_loc"] = {
                    k: v
                    for k, v in {
                        "extracted_place": loc.text.text if loc.text else loc.name,
                        "resolved_place": loc.name,
                        "lat": loc.lat,
                        "lon": loc.lon,
                        "country_code": loc.country_code,
                        "feature_class": loc.feature,
                    }.items()
                    if v is not None
                }
            if cl.get(gid) is not None:
                rec["link"] = f"cluster-{cl[gid]}"
            yield {k: v for k, v in rec.items() if v is not None}
