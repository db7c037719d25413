"""The role layer: who did it to whom, and the path that says so, construction by construction.

Every sentence is written for these tests in wire style; expectations follow the PLOVER manual
(actor = who acts, recipient = who is acted on) and docs/conventions.md.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

PUBLISHED = "2025-02-12"


def only(doc, etype):
    found = [e for e in doc.events if e.event_type == etype]
    assert len(found) == 1, [(e.event_type, e.trigger.text) for e in doc.events]
    return found[0]


def side(doc, ev, role):
    """(code, path) of each participant on one side."""
    ids = ev.actor if role == "actor" else ev.recipient
    return [(doc.actor(a).code, ev.paths[a]) for a in ids]


def test_passive_with_by_phrase(pipeline):
    doc = pipeline.extract(
        "Ukrainian positions were shelled by Russian artillery near Bakhmut on Tuesday.", published=PUBLISHED
    )
    ev = only(doc, "ASSAULT")
    assert side(doc, ev, "actor") == [("RUS", "passive-agent")]
    assert side(doc, ev, "recipient") == [("UKR", "passive-subject")]


def test_light_verb_gives_the_noun_event_its_subject(pipeline):
    doc = pipeline.extract(
        "Turkish warplanes carried out airstrikes on Kurdish positions in northern Iraq.", published=PUBLISHED
    )
    ev = only(doc, "ASSAULT")
    assert ev.trigger.text == "airstrikes"
    assert side(doc, ev, "actor") == [("TUR", "light-verb-subject")]


def test_nominal_event_possessor_and_between_phrase(pipeline):
    doc = pipeline.extract(
        "Egypt's mediation between Israel and Hamas continued on Tuesday.", published=PUBLISHED
    )
    ev = only(doc, "CONSULT")
    assert side(doc, ev, "actor") == [("EGY", "possessor")]
    assert {c for c, _ in side(doc, ev, "recipient")} == {"ISR", "PSE"}


def test_coordinated_subjects_are_all_parties(pipeline):
    doc = pipeline.extract("Germany, France and Italy met in Rome to discuss migration.", published=PUBLISHED)
    ev = only(doc, "CONSULT")
    assert sorted(c for c, _ in side(doc, ev, "actor")) == ["DEU", "FRA", "ITA"]


def test_partner_in_the_complement(pipeline):
    doc = pipeline.extract(
        "The Kenyan government agreed to lift the ban on the opposition party.", published=PUBLISHED
    )
    ev = only(doc, "AGREE")
    assert side(doc, ev, "actor") == [("KEN", "subject")]
    assert [p for _, p in side(doc, ev, "recipient")] == ["complement"]


def test_object_control_makes_the_accused_the_doer(pipeline):
    doc = pipeline.extract(
        "The Ethiopian government accused Eritrean troops of shelling border villages on Tuesday.",
        published=PUBLISHED,
    )
    accuse = only(doc, "ACCUSE")
    assert side(doc, accuse, "actor") == [("ETH", "subject")]
    assault = only(doc, "ASSAULT")
    assert side(doc, assault, "actor") == [("ERI", "object-control")]
    assert assault.alleged


def test_reporter_is_never_the_agent(pipeline):
    doc = pipeline.extract(
        "Witnesses said Kenyan police arrested at least 40 protesters in Nairobi on Tuesday.",
        published=PUBLISHED,
    )
    ev = only(doc, "COERCE")
    names = {doc.actor(a).name for a in ev.actor + ev.recipient}
    assert "Witnesses" not in names
    assert side(doc, ev, "actor") == [("KEN", "subject")]
    assert [doc.actor(a).name for a in ev.reported_by] == ["Witnesses"]


def test_target_known_only_by_place_is_the_place_country(pipeline):
    doc = pipeline.extract(
        "Rwandan troops opened fire in Goma on Tuesday, killing four people.", published=PUBLISHED
    )
    assert any(
        "place-country" in e.paths.values() and any(doc.actor(a).code == "COD" for a in e.recipient)
        for e in doc.events
        if e.event_type == "ASSAULT"
    ), [(e.event_type, e.paths) for e in doc.events]


def test_paths_reach_the_json_output(pipeline):
    doc = pipeline.extract("Russian forces shelled Kharkiv on Monday.", published=PUBLISHED)
    roles = doc.to_dict()["events"][0]["roles"]
    assert {(r["role"], r["path"]) for r in roles} == {("actor", "subject"), ("recipient", "object")}


# Office holders of different countries, all in office on the test's date (data/kb/leaders.csv).
LEADERS = [
    ("Emmanuel Macron", "FRA"),
    ("Javier Milei", "ARG"),
    ("Donald Trump", "USA"),
    ("Keir Starmer", "GBR"),
]
TEMPLATES = [
    "President {a} criticized Hungary on Tuesday.",
    "{a} praised Hungary on Tuesday for its stance on the talks.",
    "{a} met Hungarian officials in Budapest on Tuesday.",
]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(template=st.sampled_from(TEMPLATES), pair=st.permutations(LEADERS).map(lambda p: p[:2]))
def test_swapping_a_leader_changes_the_code_and_nothing_else(pipeline, template, pair):
    (a, code_a), (b, code_b) = pair
    first = pipeline.extract(template.format(a=a), published="2025-03-04")
    second = pipeline.extract(template.format(a=b), published="2025-03-04")
    assert first.events, template

    def shape(doc):
        return [
            (e.event_type, e.mode, e.aux_mode, e.date, e.rule, sorted(e.paths.values()), len(e.recipient))
            for e in doc.events
        ]

    assert shape(first) == shape(second)

    def codes(doc):
        return [[doc.actor(x).code for x in e.actor + e.recipient] for e in doc.events]

    assert code_a in codes(first)[0]
    assert codes(second) == [[code_b if c == code_a else c for c in cs] for cs in codes(first)]


@pytest.mark.parametrize(
    "text",
    [
        "Officials told reporters on Tuesday that the talks had gone well.",
        "The defence minister spoke to reporters after the cabinet meeting.",
    ],
)
def test_speech_to_reporters_is_no_event(pipeline, text):
    assert pipeline.extract(text, published=PUBLISHED).events == []
