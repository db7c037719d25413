"""The store on hand-built documents: schema, round trip, idempotence, KB, queries.

Runs against SQLite always and against PostgreSQL when PARLEY_TEST_PG is set.
"""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from parley.model import Quote
from parley.store import Store
from parley.store.schema import metadata
from parley.store.writer import DUPLICATE_ID

from .store_fixtures import (
    BACKENDS,
    actor,
    backend_url,
    make_doc,
    place,
    span,
)


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    with backend_url(request.param, tmp_path / "corpus.db") as url:
        s = Store(url)
        yield s
        s.close()


RUBIO = (
    "Secretary of State Marco Rubio met Russian Foreign Minister Sergei Lavrov in Riyadh on Tuesday. "
    '"We talked about Munich and the ceasefire," Rubio said.'
)
BARE = "Rubio met Lavrov again in Riyadh on Wednesday, officials said."


def rubio_doc():
    a1 = actor(
        "A1", "Marco Rubio", RUBIO, kind="person", code="USA", sector="GOV", office="Secretary of State"
    )
    a2 = actor(
        "A2", "Sergei Lavrov", RUBIO, kind="person", code="RUS", sector="GOV", office="Foreign Minister"
    )
    q = span(RUBIO, "We talked about Munich and the ceasefire,")
    quote = Quote(id="Q1", text=q.text, start=q.start, end=q.end, speaker="A1", cue=span(RUBIO, "said"))
    return make_doc(
        "S1",
        RUBIO,
        published="2025-02-18",
        events=[("CONSULT", "met", ["A1"], ["A2"], "2025-02-18", place("Riyadh", "SAU", 24.71, 46.68))],
        actors=[a1, a2],
        quotes=[quote],
        source="Wire A",
    )


def bare_doc(id="S2"):
    return make_doc(
        id,
        BARE,
        published="2025-02-19",
        events=[("CONSULT", "met", ["A1"], ["A2"], "2025-02-19", None)],
        actors=[actor("A1", "Rubio", BARE, kind="person"), actor("A2", "Lavrov", BARE, kind="person")],
    )


def test_migrations_match_schema(store):
    # schema.py and the Alembic revisions must describe the same tables.
    with store.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), metadata)
    # Full-text tables and indexes are made by raw SQL in the migration, not by schema.py.
    real = [d for d in diffs if not (d[0] in ("remove_table", "remove_index") and "_fts" in d[1].name)]
    assert real == []


def test_reopening_an_existing_store_keeps_its_rows(store):
    store.add_documents([rubio_doc()])
    again = Store(store.url)
    assert again.count("stories") == 1
    again.close()


def test_document_round_trip(store):
    doc = rubio_doc()
    want = doc.to_dict(include_text=True)
    store.add_documents([doc])
    got = store.document("S1").to_dict(include_text=True)
    assert got == want


def test_same_story_twice_changes_nothing(store):
    store.add_documents([rubio_doc(), bare_doc()])
    counts = {t: store.count(t) for t in ("stories", "events", "quotes", "mentions", "clusters", "actors")}
    res = store.add_documents([rubio_doc(), bare_doc()])
    assert (res.new, res.skipped) == (0, 2)
    assert {t: store.count(t) for t in counts} == counts


def test_duplicate_id_with_other_text_is_a_failure_unless_replace(store):
    store.add_documents([rubio_doc()])
    other = make_doc("S1", "A different story about trade talks in Geneva.", events=[])
    res = store.add_documents([other])
    assert res.failed == 1
    [f] = store.failures()
    assert f.reason == DUPLICATE_ID and f.doc_id == "S1"
    assert store.document("S1").text == RUBIO
    res = store.add_documents([other], replace=True)
    assert res.replaced == 1
    assert store.document("S1").text.startswith("A different story")
    assert store.count("events") == 0 and store.count("clusters") == 0
    assert store.failures() == []  # the replace resolved it


def test_kb_fills_a_bare_surname_from_an_earlier_story(store):
    store.add_documents([rubio_doc()])
    store.add_documents([bare_doc()])
    later = store.document("S2")
    rubio = later.actor("A1")
    assert (rubio.code, rubio.sector, rubio.office) == ("USA", "GOV", "Secretary of State")
    [kb] = store.actors("Rubio")
    assert kb.name == "Marco Rubio" and kb.n_stories == 2
    assert any(o.startswith("Secretary of State") for o in kb.offices)
    # The event of the later story now has both codes, so it joins the first story's cluster.
    [c] = store.clusters()
    assert c.documents == ["S1", "S2"] and c.sources == 2


def test_kb_does_not_guess_between_two_people_with_one_surname(store):
    t1 = "President Lena Brandt of Germany met Foreign Minister Tomas Brandt of Austria."
    d1 = make_doc(
        "S1",
        t1,
        actors=[
            actor("A1", "Lena Brandt", t1, kind="person", code="DEU", office="President"),
            actor("A2", "Tomas Brandt", t1, kind="person", code="AUT", office="Foreign Minister"),
        ],
    )
    t2 = "Brandt said the talks would go on."
    store.add_documents([d1, make_doc("S2", t2, actors=[actor("A1", "Brandt", t2, kind="person")])])
    assert store.document("S2").actor("A1").code is None


def test_user_actor_file_adds_aliases_and_corrects(store, tmp_path):
    f = tmp_path / "actors.yaml"
    f.write_text(
        "actors:\n"
        "  - name: Marco Rubio\n"
        "    kind: person\n"
        "    code: USA\n"
        "    sector: GOV\n"
        "    aliases: [Secretary Rubio, Little Marco]\n"
        "    offices:\n"
        "      - office: Secretary of State\n"
        "        since: 2025-01-21\n",
        encoding="utf-8",
    )
    assert store.load_actors(f) == 1
    t = "Little Marco met Lavrov."
    store.add_documents(
        [make_doc("S9", t, actors=[actor("A1", "Little Marco", t, kind="person", code="CUB")])]
    )
    a = store.document("S9").actor("A1")
    assert (a.code, a.office) == ("USA", "Secretary of State")  # the user's code wins over the extractor's


def test_event_queries(store):
    store.add_documents([rubio_doc(), bare_doc()])
    t = "Ukraine accused Russia of shelling Kharkiv on March 3."
    d = make_doc(
        "S3",
        t,
        published="2025-03-04",
        events=[("ACCUSE", "accused", ["A1"], ["A2"], "2025-03-03", place("Kharkiv", "UKR"))],
        actors=[actor("A1", "Ukraine", t, code="UKR"), actor("A2", "Russia", t, code="RUS")],
    )
    d.events[0].aux_mode = None
    store.add_documents([d])
    assert [e.id for e in store.events(type="CONSULT")] == ["S1/E1", "S2/E1"]
    assert [e.id for e in store.events(actor="UKR")] == ["S3/E1"]
    assert [e.id for e in store.events(actor="Rubio")] == ["S1/E1", "S2/E1"]
    assert [e.id for e in store.events(actor="RUS", since="2025-02-19")] == ["S2/E1", "S3/E1"]
    assert [e.id for e in store.events(until="2025-02")] == ["S1/E1", "S2/E1"]
    assert [e.id for e in store.events(country="UKR")] == ["S3/E1"]
    assert [e.id for e in store.events(aux_mode="negation")] == []
    cid = store.events(story="S1")[0].cluster_id
    assert [e.id for e in store.events(cluster=cid)] == ["S1/E1", "S2/E1"]
    e = store.events(type="ACCUSE")[0]
    assert (e.actor, e.actor_codes, e.recipient_codes, e.place) == (["Ukraine"], ["UKR"], ["RUS"], "Kharkiv")


def test_quotes_and_full_text(store):
    store.add_documents([rubio_doc(), bare_doc()])
    assert [q.id for q in store.quotes(speaker="Rubio", search="Munich")] == ["S1/Q1"]
    assert [q.id for q in store.quotes(search="Berlin")] == []
    assert store.quotes(search="munich ceasefire")[0].speaker == "Marco Rubio"
    hits = store.search("Lavrov Wednesday")
    assert [h.id for h in hits] == ["S2"]
    assert {h.id for h in store.search("Riyadh")} == {"S1", "S2"}
    assert list(store.search("!!!")) == []  # no words: nothing, not an FTS syntax error
    assert [h.id for h in store.search('"Munich" (ceasefire*')] == ["S1"]


def test_records_convert_to_pandas_and_arrow(store):
    store.add_documents([rubio_doc()])
    df = store.events().to_pandas()
    assert list(df["event_type"]) == ["CONSULT"] and list(df["actor_codes"][0]) == ["USA"]
    assert store.quotes().to_arrow().num_rows == 1
    assert store.events(type="ASSAULT").to_pandas().empty
    assert "event_type" in store.events(type="ASSAULT").to_pandas().columns


def test_stats_by_type_and_week(store):
    store.add_documents([rubio_doc(), bare_doc()])
    st = store.stats()
    assert (st["stories"], st["events"], st["clusters"], st["quotes"]) == (2, 2, 1, 1)
    assert st["by_type"] == {"CONSULT": 2}
    assert st["by_week"] == {"2025-W08": 2}


def test_failures_are_recorded_once(store):
    f = {"reason": "malformed JSON", "source": "in.jsonl", "line": 3, "doc_id": None}
    store.add_documents([], failures=[f])
    store.add_documents([], failures=[f])
    [rec] = store.failures()
    assert rec.attempts == 2 and rec.line == 3


def test_the_example_actor_file_loads(store):
    from pathlib import Path

    import parley

    example = Path(parley.__file__).parent / "data" / "actors_user.example.yaml"
    assert store.load_actors(example) == 2
    t = "Okonkwo-Reyes said the NCA had agreed to talks."
    store.add_documents([make_doc("S5", t, actors=[actor("A1", "Okonkwo-Reyes", t, kind="person")])])
    a = store.document("S5").actor("A1")
    assert (a.code, a.sector, a.office) == ("NGA", "GOV", "Foreign Minister")
