"""Event clusters: one cluster per happening, whatever the order reports arrive in; sources
are outlets. Hand-built documents (no spaCy), except the labelled set at the end."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from parley.model import Story
from parley.store import Store
from parley.store.clusters import count_sources, outlet, registered_domain

from .store_fixtures import BACKENDS, actor, backend_url, make_doc, place

DATA = Path(__file__).parent / "data" / "clusters.jsonl"
WARSAW = place("Warsaw", "POL", 52.23, 21.01)
KRAKOW = place("Krakow", "POL", 50.06, 19.94)


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    with backend_url(request.param, tmp_path / "c.db") as url:
        s = Store(url)
        yield s
        s.close()


def report(
    id,
    text,
    people=(),
    codes=("HUN", "POL"),
    day="2025-06-02",
    loc=None,
    etype="CONSULT",
    mode=None,
    source=None,
    url=None,
    published=None,
):
    """A story with one event: ``people`` (name, code) are persons, else ``codes`` are states
    named by their demonym."""
    demonym = {"HUN": "Hungarian", "POL": "Polish", "USA": "American", "CHN": "Chinese", "PAK": "Pakistani"}
    if people:
        acts = [actor(f"A{i}", n, text, kind="person", code=c) for i, (n, c) in enumerate(people, 1)]
    else:
        acts = [actor(f"A{i}", demonym[c], text, code=c) for i, c in enumerate(codes, 1)]
    trig = next(w for w in ("met", "talks", "call", "attacked", "struck") if w in text)
    doc = make_doc(
        id,
        text,
        published=published or day,
        events=[(etype, trig, [a.id for a in acts], [], day, loc)],
        actors=acts,
        source=source,
    )
    doc.url = url
    doc.events[0].mode = mode
    return doc


KOVACS_WROBEL = [("Anna Kovacs", "HUN"), ("Tomasz Wrobel", "POL")]


def partition(store) -> set[frozenset[str]]:
    return {frozenset(c.events) for c in store.clusters()}


def test_reports_naming_the_same_people_on_the_same_day_join(store):
    a = report("a", "Anna Kovacs met Tomasz Wrobel in Warsaw on Monday about grain transit.", KOVACS_WROBEL)
    b = report("b", "Tomasz Wrobel and Anna Kovacs held talks on grain on Monday.", KOVACS_WROBEL[::-1])
    store.add_documents([a, b])
    [c] = store.clusters()
    assert (c.sources, c.reports, c.participants) == (2, 2, ["HUN", "POL"])


@pytest.mark.parametrize(
    "people, day, loc, etype, mode, same",
    [
        (KOVACS_WROBEL, "2025-06-02", WARSAW, "CONSULT", None, True),
        (KOVACS_WROBEL, "2025-06-03", WARSAW, "CONSULT", None, True),  # a day later: still inside the window
        (KOVACS_WROBEL, "2025-06-05", WARSAW, "CONSULT", None, False),  # three days: another meeting
        (KOVACS_WROBEL, "2025-06-02", KRAKOW, "CONSULT", None, False),  # 250 km away
        (KOVACS_WROBEL, "2025-06-02", place("Vienna", "AUT"), "CONSULT", None, False),
        (KOVACS_WROBEL, "2025-06-02", WARSAW, "AGREE", None, False),  # another type
        (KOVACS_WROBEL, "2025-06-02", WARSAW, "CONSULT", "phone", False),  # a call is not the visit
        # the same countries on the same day, other people: another meeting
        ([("Gabor Szalai", "HUN"), ("Marta Zielinska", "POL")], "2025-06-02", WARSAW, "CONSULT", None, False),
    ],
)
def test_cluster_rules(store, people, day, loc, etype, mode, same):
    a = report(
        "a",
        "Anna Kovacs met Tomasz Wrobel in Warsaw on Monday about grain transit.",
        KOVACS_WROBEL,
        loc=WARSAW,
    )
    a.events[0].mode = "visit"
    name1, name2 = people[0][0], people[1][0]
    text = f"{name1} met {name2} to discuss grain transit, officials said."
    b = report("b", text, people, day=day, loc=loc, etype=etype, mode=mode)
    store.add_documents([a, b])
    assert (len(store.clusters()) == 1) is same


def test_countries_alone_do_not_join_reports_that_name_other_people(store):
    named = report(
        "a",
        "Carla Dalton met Liu Zhen in Geneva on Monday for talks on tariffs.",
        [("Carla Dalton", "USA"), ("Liu Zhen", "CHN")],
    )
    unnamed = report(
        "b", "American officials met Chinese officials on Monday to discuss visas.", codes=("USA", "CHN")
    )
    store.add_documents([named, unnamed])
    assert len(store.clusters()) == 2


def test_unnamed_reports_join_on_their_words_and_place(store):
    a = report(
        "a",
        "Hungarian and Polish officials met in Warsaw on Monday about grain transit and rail freight.",
        loc=WARSAW,
    )
    b = report(
        "b", "Polish and Hungarian officials met in Warsaw about grain transit and rail freight.", loc=WARSAW
    )
    store.add_documents([a, b])
    assert len(store.clusters()) == 1


def test_negated_reports_do_not_merge_with_real_ones(store):
    a = report("a", "Anna Kovacs met Tomasz Wrobel in Warsaw on Monday.", KOVACS_WROBEL)
    b = report("b", "Anna Kovacs met Tomasz Wrobel in Warsaw on Monday.", KOVACS_WROBEL)
    b.events[0].aux_mode = "negation"
    store.add_documents([a, b])
    assert len(store.clusters()) == 2


# -- later reports correct earlier clusters ------------------------------------------------

MERGE = [
    # a names the people, b the place and other words: alone they are too far apart
    report("a", "Anna Kovacs met Tomasz Wrobel on Monday.", KOVACS_WROBEL),
    report("b", "Hungarian and Polish envoys met in Warsaw for grain transit talks.", loc=WARSAW),
    # c has both
    report(
        "c",
        "Anna Kovacs met Tomasz Wrobel in Warsaw on Monday for grain transit talks.",
        KOVACS_WROBEL,
        loc=WARSAW,
    ),
]


def test_a_later_report_merges_two_clusters(store):
    store.add_documents(MERGE[:2])
    assert len(store.clusters()) == 2
    store.add_documents(MERGE[2:])
    [c] = store.clusters()
    assert c.documents == ["a", "b", "c"] and c.sources == 3


SPLIT = [
    report("a", "Anna Kovacs met Tomasz Wrobel on Monday to discuss grain transit.", KOVACS_WROBEL),
    report(
        "b", "Hungarian and Polish officials met in Warsaw on Monday to discuss grain transit.", loc=WARSAW
    ),
    # c is a's meeting, and it was in Krakow: b's Warsaw meeting was another one
    report(
        "c",
        "Anna Kovacs met Tomasz Wrobel in Krakow on Monday to discuss grain transit.",
        KOVACS_WROBEL,
        loc=KRAKOW,
    ),
]


def test_a_later_report_splits_a_wrong_cluster(store):
    store.add_documents(SPLIT[:2])
    [c] = store.clusters()
    assert c.documents == ["a", "b"]
    store.add_documents(SPLIT[2:])
    assert sorted(c.documents for c in store.clusters()) == [["a", "c"], ["b"]]


@pytest.mark.parametrize("docs", [MERGE, SPLIT], ids=["merge", "split"])
def test_clusters_do_not_depend_on_the_order_of_ingest(tmp_path, docs):
    results = []
    for n, order in enumerate([[0, 1, 2], [2, 1, 0], [1, 2, 0]]):
        s = Store(f"sqlite:///{tmp_path / f'o{n}.db'}")
        for i in order:  # one story a batch: each arrives after the others
            s.add_documents([docs[i]])
        results.append(partition(s))
        s.close()
    assert results[0] == results[1] == results[2]


def test_replacing_a_story_updates_its_cluster(store):
    a = report("a", "Anna Kovacs met Tomasz Wrobel in Warsaw on Monday.", KOVACS_WROBEL, source="Northwire")
    b = report(
        "b",
        "Tomasz Wrobel met Anna Kovacs for talks in Warsaw on Monday.",
        KOVACS_WROBEL,
        source="Daily Ledger",
    )
    store.add_documents([a, b])
    assert store.clusters()[0].sources == 2
    store.add_documents([make_doc("b", "A story with no events at all.", events=[])], replace=True)
    [c] = store.clusters()
    assert (c.sources, c.documents, c.outlets) == (1, ["a"], ["Northwire"])


# -- within one story ------------------------------------------------------------------------


def test_two_attacks_of_one_story_stay_apart_and_repeated_mentions_join(store):
    text = (
        "Gunmen attacked a police post in Peshawar on Tuesday. The gunmen attacked the post at dawn. "
        "On Friday gunmen struck a market in Peshawar."
    )
    gunmen = actor("A1", "Gunmen", text, kind="group", code="PAK")
    police = actor("A2", "police post", text, kind="group", code="PAK")
    peshawar = place("Peshawar", "PAK", 34.0, 71.5)
    doc = make_doc(
        "s",
        text,
        published="2025-06-06",
        events=[
            ("ASSAULT", "attacked", ["A1"], ["A2"], "2025-06-03", peshawar),
            ("ASSAULT", "attacked the", ["A1"], ["A2"], "2025-06-03", None),
            ("ASSAULT", "struck", ["A1"], [], "2025-06-06", peshawar),
        ],
        actors=[gunmen, police],
    )
    store.add_documents([doc])
    assert sorted(c.events for c in store.clusters()) == [["s/E1", "s/E2"], ["s/E3"]]


# -- sources ---------------------------------------------------------------------------------


def test_outlets_are_the_source_else_the_registered_domain_else_the_story():
    assert registered_domain("https://www.news.example.co.uk/a/1") == "example.co.uk"
    assert registered_domain("http://voanews.com/a/1.html") == "voanews.com"
    assert registered_domain("https://edition.example.com:8080/x") == "example.com"
    assert registered_domain(None) is None and registered_domain("") is None
    assert outlet("Voice of America", "https://www.voanews.com/a/1", "s1") == "Voice of America"
    assert outlet(None, "https://www.voanews.com/a/1", "s1") == "voanews.com"
    assert outlet("  ", None, "s1") == "s1"


def test_sources_count_outlets_and_syndicated_copies_once():
    assert count_sources([("Northwire", "g1"), ("Northwire", "g2")]) == 1  # one outlet, two stories
    assert count_sources([("Northwire", "g1"), ("Daily Ledger", "g2")]) == 2
    # the Daily Ledger ran Northwire's story: one source
    assert count_sources([("Northwire", "g1"), ("Daily Ledger", "g1")]) == 1
    assert count_sources([("Northwire", "g1"), ("Daily Ledger", "g1"), ("Radio Meridian", "g3")]) == 2


def test_one_outlet_is_one_source_however_many_stories(store):
    docs = [
        report(f"s{i}", f"Anna Kovacs met Tomasz Wrobel in Warsaw on Monday, report {i} said.", KOVACS_WROBEL)
        for i in range(3)
    ]
    for d in docs:
        d.url = f"https://www.northwire.example.com/world/{d.id}"
    store.add_documents(docs)
    [c] = store.clusters()
    assert (c.sources, c.reports, c.outlets) == (1, 3, ["example.com"])


# -- the labelled set, through the real pipeline ------------------------------------------


def _labelled(pipeline):
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    return rows, list(pipeline.pipe(Story.from_dict(r) for r in rows))


def test_labelled_set_clusters_by_happening_in_any_order(tmp_path, pipeline):
    rows, docs = _labelled(pipeline)
    assert len(rows) >= 40
    parts = []
    for n, seed in enumerate((None, 1, 2)):
        order = list(docs)
        if seed is not None:
            random.Random(seed).shuffle(order)
        s = Store(f"sqlite:///{tmp_path / f'l{n}.db'}")
        for i in range(0, len(order), 7):
            s.add_documents(order[i : i + 7])
        parts.append(partition(s))
        if n == 0:
            first = list(s.clusters())
        s.close()
    assert parts[0] == parts[1] == parts[2]
    # reports of the two meetings of Dalton and Liu (Monday in Geneva, a call on Thursday) stay apart,
    # and each joins its own other report
    groups = [set(c.documents) for c in first]
    assert {"nw-0611", "cp-0612"} in groups and {"nw-0613", "ct-0614"} in groups
    # a wire story run by two more outlets, and an independent report: 4 reports, 2 sources
    [lagos] = [c for c in first if "nw-0632" in c.documents and c.event_type == "COERCE"]
    assert (lagos.reports, lagos.sources) == (4, 2)


def test_a_store_made_before_coreference_gets_its_events_clustered(store):
    # what migration 0004 does for the events stored before it
    from parley.store.clusters import rebuild
    from parley.store.schema import cluster_members, clusters, coref_events

    store.add_documents(SPLIT)
    before = partition(store)
    with store.engine.begin() as conn:
        for t in (coref_events, cluster_members, clusters):
            conn.execute(t.delete())
    assert store.clusters() == []
    with store.engine.begin() as conn:
        assert rebuild(conn, store.dedup.coref_config(), chunk=2) == 3
    assert partition(store) == before and len(before) == 2
