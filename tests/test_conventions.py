"""PLOVER's conventions as Parley applies them (docs/conventions.md), one test a convention.

Every sentence is written for these tests. The manual section each follows is named in the
docstring of the test.
"""

from __future__ import annotations

import pytest

PUBLISHED = "2025-02-12"


def types(doc) -> list[str]:
    return sorted(e.event_type for e in doc.events)


def the(doc, etype):
    found = [e for e in doc.events if e.event_type == etype]
    assert len(found) == 1, [(e.event_type, e.trigger.text) for e in doc.events]
    return found[0]


def codes(doc, ids) -> list[str]:
    return [doc.actor(a).code for a in ids]


def test_a_claim_of_wrongdoing_is_an_accuse_beside_the_act(pipeline):
    """ACCUSE: an allegation is coded from the one who makes it; the act stays, marked alleged."""
    doc = pipeline.extract(
        "Armenia claimed that Azerbaijani forces had shelled three villages near the border.",
        published=PUBLISHED,
    )
    accuse = the(doc, "ACCUSE")
    assert codes(doc, accuse.actor) == ["ARM"] and codes(doc, accuse.recipient) == ["AZE"]
    assault = the(doc, "ASSAULT")
    assert codes(doc, assault.actor) == ["AZE"]
    assert assault.alleged and codes(doc, assault.reported_by) == ["ARM"]


def test_a_plain_report_is_the_act_not_an_accusation(pipeline):
    """A report ("officials said") is no claim of the reporter's: the act alone, with its reporter."""
    doc = pipeline.extract(
        "Relief officials said Sudanese rebels shelled Juba on Sunday.", published=PUBLISHED
    )
    assert types(doc) == ["ASSAULT"]
    ev = the(doc, "ASSAULT")
    assert not ev.alleged and [doc.actor(a).name for a in ev.reported_by] == ["Relief officials"]


def test_conditional_force_is_a_threat(pipeline):
    """THREATEN: a conditional or intended use of force, not the force itself."""
    doc = pipeline.extract(
        "North Korea threatened to strike American bases if the joint drills went ahead.", published=PUBLISHED
    )
    assert types(doc) == ["THREATEN"]
    assert codes(doc, the(doc, "THREATEN").actor) == ["PRK"]


@pytest.mark.parametrize(
    "text",
    [
        "Serbia and Kosovo failed to agree on a new border line after three days of talks.",
        "Hungary declined to endorse the sanctions package on Monday.",
    ],
)
def test_refusals_and_failures_are_rejections(pipeline, text):
    """REJECT: refusing, declining or failing to agree."""
    assert types(pipeline.extract(text, published=PUBLISHED)) == ["REJECT"]


@pytest.mark.parametrize(
    "text",
    [
        "Officials told reporters on Tuesday that the talks had gone well.",
        "The minister told VOA that the country would not negotiate.",
        "The defence minister spoke to reporters after the cabinet meeting.",
    ],
)
def test_statements_and_interviews_are_no_events(pipeline, text):
    """Statements, interviews and briefings are not events in themselves."""
    assert pipeline.extract(text, published=PUBLISHED).events == []


def test_a_planned_meeting_is_an_agreement_to_meet(pipeline):
    """PLOVER (CONSULT): references to future meetings, summits and state visits are AGREE."""
    doc = pipeline.extract(
        "Chilean President Gabriel Boric will meet Peruvian President Dina Boluarte in Lima on Friday.",
        published=PUBLISHED,
    )
    assert "CONSULT" not in types(doc)
    ev = the(doc, "AGREE")
    assert sorted(codes(doc, ev.actor + ev.recipient)) == ["CHL", "PER"]


def test_talks_agreed_on_are_in_the_future(pipeline):
    """AGREE to meet is the agreement now; the talks it promises are future."""
    doc = pipeline.extract(
        "Chile and Peru agreed on Tuesday to hold talks on the maritime dispute.", published=PUBLISHED
    )
    assert the(doc, "AGREE").aux_mode is None
    assert all(e.aux_mode == "future" for e in doc.events if e.event_type == "CONSULT")


def test_a_request_s_content_is_not_an_event(pipeline):
    """REQUEST: "urged Russia to stop shelling" is one request, not also an assault."""
    doc = pipeline.extract("The United Nations urged Russia to stop shelling Kharkiv.", published=PUBLISHED)
    assert types(doc) == ["REQUEST"]
    assert codes(doc, the(doc, "REQUEST").recipient) == ["RUS"]


@pytest.mark.parametrize(
    ("text", "etype"),
    [
        ("Israeli jets carried out a strike on a weapons depot near Damascus.", "ASSAULT"),
        ("Belgian dockworkers went on strike on Monday over pay.", "PROTEST"),
        ("President Emmanuel Macron attacked the plan on Tuesday.", "ACCUSE"),
        ("Rebels attacked an army post near Goma on Tuesday.", "ASSAULT"),
    ],
)
def test_sense_follows_the_kind_of_argument(pipeline, text, etype):
    """Sense restrictions by argument kind (data in events.yaml: agent_sector, obj)."""
    assert types(pipeline.extract(text, published=PUBLISHED)) == [etype]


def test_a_question_asserts_nothing(pipeline):
    doc = pipeline.extract(
        "Would Russia attack the Baltic states if the alliance faltered?", published=PUBLISHED
    )
    assert doc.events == []


def test_a_promise_of_aid_is_an_agreement(pipeline):
    """AGREE: a promised cooperation or aid is coded as the agreement to give it."""
    doc = pipeline.extract("Japan pledged to send food aid to Sri Lanka.", published=PUBLISHED)
    ev = the(doc, "AGREE")
    assert codes(doc, ev.actor) == ["JPN"] and codes(doc, ev.recipient) == ["LKA"]


def test_an_unnamed_perpetrator_is_unidentified_armed_forces(pipeline):
    """Sector codes (UAF): violence whose perpetrator the story does not name is by UAF."""
    doc = pipeline.extract(
        "A roadside bomb killed three soldiers near Kandahar on Tuesday.", published=PUBLISHED
    )
    ev = the(doc, "ASSAULT")
    assert codes(doc, ev.actor) == ["UAF"] and ev.paths[ev.actor[0]] == "unidentified"
    assert codes(doc, ev.recipient) == ["AFG"]


def test_a_named_perpetrator_is_not_replaced(pipeline):
    doc = pipeline.extract(
        "Taliban fighters killed three soldiers near Kandahar on Tuesday.", published=PUBLISHED
    )
    assert "UAF" not in codes(doc, the(doc, "ASSAULT").actor)
