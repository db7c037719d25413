"""Hand-built documents and store fixtures shared by the store tests (no spaCy needed)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from parley.model import Actor, Document, Event, Location, Quote, TextSpan


def span(text: str, needle: str) -> TextSpan:
    i = text.index(needle)
    return TextSpan(needle, i, i + len(needle))


def make_doc(
    id: str,
    text: str,
    published: str | None = "2025-03-04",
    events: list[tuple] = (),
    actors: list[Actor] | None = None,
    quotes: list[Quote] = (),
    source: str | None = None,
) -> Document:
    """``events``: (type, trigger word, actor ids, recipient ids, date, place) tuples."""
    doc = Document(id=id, text=text, published=published, source=source, title=f"Title {id}")
    doc.actors = list(actors or [])
    for i, (etype, trig, act, rec, day, place) in enumerate(events, 1):
        t = span(text, trig)
        doc.events.append(
            Event(
                id=f"E{i}",
                event_type=etype,
                trigger=t,
                sentence=TextSpan(text, 0, len(text)),
                rule="test",
                actor=list(act),
                recipient=list(rec),
                date=day,
                event_loc=place,
                confidence=0.5 + i / 100,
            )
        )
    doc.quotes = list(quotes)
    return doc


def actor(id: str, name: str, text: str, kind="state", code=None, sector=None, office=None) -> Actor:
    return Actor(
        id=id, name=name, kind=kind, code=code, sector=sector, office=office, mentions=[span(text, name)]
    )


def place(name: str, cc: str, lat=None, lon=None) -> Location:
    return Location(name=name, country_code=cc, lat=lat, lon=lon, feature="city")


def pg_url() -> str | None:
    return os.environ.get("PARLEY_TEST_PG")


def pg_schema_url(url: str, schema: str) -> str:
    """``url`` with its own schema first on the search path: tests running at the same
    time (or two checkouts sharing one database) cannot see each other's tables."""
    return url + ("&" if "?" in url else "?") + f"options=-csearch_path%3D{schema}"


def pg_schema(url: str, schema: str, drop: bool = False) -> None:
    from sqlalchemy import create_engine, text

    from parley.store.store import resolve_url

    eng = create_engine(resolve_url(url))
    with eng.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        if not drop:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
    eng.dispose()


#: The store tests run on SQLite always and on PostgreSQL when PARLEY_TEST_PG is set.
BACKENDS = [
    "sqlite",
    pytest.param("postgresql", marks=pytest.mark.skipif(not pg_url(), reason="PARLEY_TEST_PG unset")),
]


@contextmanager
def backend_url(backend: str, sqlite_path: Path) -> Iterator[str]:
    """A database URL for ``backend`` (one of ``BACKENDS``): a SQLite file at ``sqlite_path``,
    or a fresh PostgreSQL schema of its own, dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{sqlite_path}"
        return
    schema = f"t_{uuid.uuid4().hex[:12]}"
    pg_schema(pg_url(), schema)
    try:
        yield pg_schema_url(pg_url(), schema)
    finally:
        pg_schema(pg_url(), schema, drop=True)


COUNTRIES = [
    ("Ukraine", "Ukrainian"),
    ("Russia", "Russian"),
    ("Poland", "Polish"),
    ("Japan", "Japanese"),
    ("Brazil", "Brazilian"),
    ("Kenya", "Kenyan"),
    ("Egypt", "Egyptian"),
    ("Canada", "Canadian"),
]
VERBS = ["met", "accused", "criticised", "signed an agreement with", "threatened", "called on", "praised"]


def synthetic_jsonl(path, n: int, start: int = 0) -> list[str]:
    """``n`` short wire-style stories (written for the tests), one JSON object a line; returns their ids."""
    import json

    ids = []
    with open(path, "a", encoding="utf-8") as fh:
        for i in range(start, start + n):
            a, b = COUNTRIES[i % 8], COUNTRIES[(i * 3 + 1) % 8]
            if a == b:
                b = COUNTRIES[(i + 1) % 8]
            verb = VERBS[i % len(VERBS)]
            day = f"2025-0{1 + i % 9}-{10 + i % 18}"
            text = (
                f"The {a[1]} foreign minister {verb} {b[0]} on Tuesday, officials in the capital said. "
                f"Talks between the two governments on trade and border security will resume next month, "
                f"the ministry said in statement number {i}.\n\n"
                f'"We expect progress," a {a[1]} spokesman told reporters.'
            )
            ids.append(f"story-{i:05d}")
            fh.write(
                json.dumps({"id": ids[-1], "published": day, "title": f"Story {i}", "text": text}) + "\n"
            )
    return ids
