"""Syndicated copies and event clusters, on hand-built documents."""

from __future__ import annotations

import pytest

from parley.store import Store
from parley.store.coref import places_compatible
from parley.store.dedup import shingles

from .store_fixtures import actor, make_doc

WIRE = (
    "KYIV — Ukrainian and Russian delegations met in Istanbul on Monday for a second round of talks on a "
    "prisoner exchange, officials from both sides said. The meeting lasted three hours and ended with an "
    "agreement to swap wounded soldiers within two weeks, according to a statement from the Turkish "
    "foreign ministry, which hosted the talks at a palace on the Bosphorus. Neither side took questions."
)


@pytest.fixture
def store(tmp_path):
    s = Store(f"sqlite:///{tmp_path / 'c.db'}")
    yield s
    s.close()


def consult(
    id, text, day, published="2025-05-12", codes=("UKR", "RUS"), loc=None, etype="CONSULT", trig="met"
):
    acts = [actor(f"A{i + 1}", name, text, code=code) for i, (name, code) in enumerate(_names(text, codes))]
    ids = [a.id for a in acts]
    return make_doc(
        id,
        text,
        published=published,
        events=[(etype, trig, ids[:1], ids[1:], day, loc)],
        actors=acts,
    )


def _names(text, codes):
    names = {"UKR": "Ukrainian", "RUS": "Russian", "TUR": "Turkish", "USA": "American", "KYIV": "KYIV"}
    for c in codes:
        n = names.get(c, c)
        if n not in text:
            n = text.split()[0]
        yield n, c


def test_syndicated_copy_joins_the_group_and_counts_once(store):
    copy = "ISTANBUL (Reuters) — " + WIRE.replace(
        "Neither side took questions.", "Neither side took questions"
    )
    other = (
        "KYIV — Ukrainian and Russian officials traded accusations on Monday over a drone strike on a "
        "power station near Kharkiv, and the talks planned for Istanbul were put off, a spokesman said."
    )
    res = store.add_documents(
        [
            consult("wire", WIRE, "2025-05-12"),
            consult("copy", copy, "2025-05-12"),
            consult("other", other, "2025-05-12", trig="traded", etype="ACCUSE"),
        ]
    )
    assert res.near_dups == 1
    groups = {s: g for s, g in _groups(store).items()}
    assert groups["copy"] == groups["wire"] != groups["other"]
    [c] = store.clusters(type="CONSULT")
    assert c.documents == ["copy", "wire"] and c.n_events == 2
    assert c.sources == 1  # two reports, one source: the copy is the same story
    assert c.reports == 2


def _groups(store):
    from sqlalchemy import select

    from parley.store.schema import stories

    with store.engine.connect() as conn:
        return dict(conn.execute(select(stories.c.id, stories.c.near_dup_group)).all())


def test_places_compatibility():
    kyiv = {"place_country": "UKR", "lat": 50.45, "lon": 30.52}
    lviv = {"place_country": "UKR", "lat": 49.84, "lon": 24.03}
    assert places_compatible(kyiv, {"place_country": "UKR"})
    assert places_compatible(kyiv, {})
    assert not places_compatible(kyiv, lviv)  # same country, 470 km apart
    assert not places_compatible(kyiv, {"place_country": "POL"})


def test_shingles_ignore_case_and_punctuation():
    assert shingles("Talks, talks... TALKS!", 5) == shingles("talks talks talks", 5)
    assert shingles("", 5) == []
