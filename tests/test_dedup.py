"""Syndicated copies and event clusters, on hand-built documents."""

from __future__ import annotations

import pytest

from parley.store import DedupConfig, Store
from parley.store.dedup import places_compatible, shingles

from .store_fixtures import actor, make_doc, place

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


def _groups(store):
    from sqlalchemy import select

    from parley.store.schema import stories

    with store.engine.connect() as conn:
        return dict(conn.execute(select(stories.c.id, stories.c.near_dup_group)).all())


def test_independent_reports_within_the_window_form_one_cluster(store):
    t2 = "Russian and Ukrainian negotiators met again in Istanbul, the Kremlin said on Wednesday."
    store.add_documents([consult("a", WIRE, "2025-05-12")])
    store.add_documents([consult("b", t2, "2025-05-13", published="2025-05-14", codes=("RUS", "UKR"))])
    [c] = store.clusters()
    assert (c.sources, c.first_report, c.last_report, c.date) == (2, "2025-05-12", "2025-05-14", "2025-05-12")
    assert c.participants == ["RUS", "UKR"] and c.representative in c.events


@pytest.mark.parametrize(
    "day, codes, loc, etype, same",
    [
        ("2025-05-14", ("UKR", "RUS"), None, "CONSULT", True),  # two days later: inside the default window
        ("2025-05-15", ("UKR", "RUS"), None, "CONSULT", False),  # three days: outside
        ("2025-05-12", ("UKR",), None, "CONSULT", True),  # recipient left out: codes nest
        ("2025-05-12", ("UKR", "TUR"), None, "CONSULT", False),  # a different pair
        ("2025-05-12", ("UKR", "RUS"), place("Geneva", "CHE"), "CONSULT", False),  # another country
        ("2025-05-12", ("UKR", "RUS"), place("Istanbul", "TUR"), "CONSULT", True),
        ("2025-05-12", ("UKR", "RUS"), None, "AGREE", False),  # another type
    ],
)
def test_cluster_rules(store, day, codes, loc, etype, same):
    store.add_documents([consult("a", WIRE, "2025-05-12", loc=place("Istanbul", "TUR"))])
    t = "Ukrainian officials met Russian and Turkish envoys, a statement said."
    store.add_documents([consult("b", t, day, published=day, codes=codes, loc=loc, etype=etype)])
    assert (len(store.clusters()) == 1) is same


def test_window_is_configurable(tmp_path):
    s = Store(f"sqlite:///{tmp_path / 'w.db'}", dedup=DedupConfig(window_days=7))
    t = "Ukrainian officials met Russian envoys, a statement said."
    s.add_documents([consult("a", WIRE, "2025-05-12"), consult("b", t, "2025-05-18", published="2025-05-18")])
    assert len(s.clusters()) == 1


def test_negated_reports_do_not_merge_with_real_ones(store):
    t = "Ukrainian officials met Russian envoys, a statement said."
    b = consult("b", t, "2025-05-12")
    b.events[0].aux_mode = "negation"
    store.add_documents([consult("a", WIRE, "2025-05-12"), b])
    assert len(store.clusters()) == 2


def test_new_stories_join_existing_clusters_incrementally(store):
    store.add_documents([consult("a", WIRE, "2025-05-12")])
    before = store.clusters()[0].cluster_id
    for i, day in enumerate(["2025-05-12", "2025-05-13", "2025-05-11"]):
        t = f"Report {i}: Ukrainian officials met Russian envoys, a statement said."
        store.add_documents([consult(f"r{i}", t, day, published=day)])
    [c] = store.clusters()
    assert c.cluster_id == before and c.sources == 4 and c.first_report == "2025-05-11"


def test_replacing_a_story_updates_its_cluster(store):
    t = "Ukrainian officials met Russian envoys, a statement said."
    store.add_documents([consult("a", WIRE, "2025-05-12"), consult("b", t, "2025-05-12")])
    assert store.clusters()[0].sources == 2
    store.add_documents([make_doc("b", "A story with no events at all.", events=[])], replace=True)
    [c] = store.clusters()
    assert c.sources == 1 and c.documents == ["a"]


def test_blocking_keys_bound_the_candidates(store):
    # 200 unrelated clusters (other pairs of codes, other weeks) do not become candidates.
    from sqlalchemy import func, select

    from parley.store.schema import cluster_keys

    docs = []
    for i in range(200):
        t = f"Story {i}: Ukrainian officials met Russian envoys."
        d = consult(f"s{i}", t, f"2025-{1 + i % 12:02d}-{1 + (i * 7) % 28:02d}", codes=("UKR", f"X{i:02d}"))
        docs.append(d)
    store.add_documents(docs)
    with store.engine.connect() as conn:
        n_keys = conn.execute(select(func.count()).select_from(cluster_keys)).scalar_one()
    # Each cluster registers a fixed number of keys (one per code and per pair), not one per other cluster.
    assert n_keys == 200 * 3


def test_places_compatibility():
    cfg = DedupConfig()
    kyiv = {"place_country": "UKR", "lat": 50.45, "lon": 30.52}
    lviv = {"place_country": "UKR", "lat": 49.84, "lon": 24.03}
    assert places_compatible(kyiv, {"place_country": "UKR"}, cfg)
    assert places_compatible(kyiv, {}, cfg)
    assert not places_compatible(kyiv, lviv, cfg)  # same country, 470 km apart
    assert not places_compatible(kyiv, {"place_country": "POL"}, cfg)


def test_shingles_ignore_case_and_punctuation():
    assert shingles("Talks, talks... TALKS!", 5) == shingles("talks talks talks", 5)
    assert shingles("", 5) == []
