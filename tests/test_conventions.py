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


# -- unnamed participants (events/unnamed.py; docs/conventions.md "Unnamed participants") --------


def test_unnamed_protesters_are_civilians_of_the_place_country(pipeline):
    """Sector codes (CVL): a protest the story tells by its place alone is by that country's
    civilians."""
    doc = pipeline.extract(
        "Violent protests broke out in Peru on Sunday over the price of fuel.", published=PUBLISHED
    )
    ev = the(doc, "PROTEST")
    assert codes(doc, ev.actor) == ["PER"] and doc.actor(ev.actor[0]).sector == "CVL"
    assert ev.paths[ev.actor[0]] == "place-country-civilians"


def test_a_crowd_is_found_through_its_quantity(pipeline):
    """PROTEST: "thousands of farmers took to the streets" is a protest by the farmers."""
    doc = pipeline.extract(
        "Thousands of farmers took to the streets of Nairobi on Monday.", published=PUBLISHED
    )
    ev = the(doc, "PROTEST")
    assert [doc.actor(a).name for a in ev.actor] == ["farmers"] and codes(doc, ev.actor) == ["KEN"]


def test_a_crowd_named_only_by_its_number_is_the_places_civilians(pipeline):
    """PROTEST by CVL: "thousands rallied in Nairobi" names no one; the crowd is the place's people."""
    doc = pipeline.extract(
        "Thousands rallied in central Nairobi on Monday against the new tax.", published=PUBLISHED
    )
    ev = the(doc, "PROTEST")
    assert [ev.paths[a] for a in ev.actor] == ["crowd-unnamed"]
    assert codes(doc, ev.actor) == ["KEN"] and [doc.actor(a).sector for a in ev.actor] == ["CVL"]


def test_a_word_that_names_the_protesters_is_their_protest(pipeline):
    """PROTEST: "demonstrators" names who protests, beside the force used on them."""
    doc = pipeline.extract(
        "Police fired tear gas at demonstrators outside parliament in Lima.", published=PUBLISHED
    )
    assert types(doc) == ["ASSAULT", "PROTEST"]
    assert [doc.actor(a).name for a in the(doc, "PROTEST").actor] == ["demonstrators"]


def test_people_held_during_a_protest_are_its_protesters(pipeline):
    doc = pipeline.extract(
        "Several students were detained during protests in Minsk on Friday.", published=PUBLISHED
    )
    assert types(doc) == ["COERCE", "PROTEST"]
    ev = the(doc, "PROTEST")
    assert [doc.actor(a).name for a in ev.actor] == ["Several students"] and ev.paths[
        ev.actor[0]
    ] == "people-during"


def test_a_weapon_landing_is_an_attack_on_the_place_country(pipeline):
    """ASSAULT by UAF: shells landing near a place are an attack on the place's country."""
    doc = pipeline.extract(
        "Three mortar rounds landed near the airport in Mogadishu on Tuesday.", published=PUBLISHED
    )
    ev = the(doc, "ASSAULT")
    assert ev.mode == "heavy-weapons"
    assert codes(doc, ev.actor) == ["UAF"] and codes(doc, ev.recipient) == ["SOM"]


def test_the_casualties_of_an_unnamed_attack_are_its_target(pipeline):
    doc = pipeline.extract(
        "Two shopkeepers died in Friday's bomb attack in the market town.", published=PUBLISHED
    )
    ev = the(doc, "ASSAULT")
    assert [doc.actor(a).name for a in ev.recipient] == ["Two shopkeepers"] and ev.paths[
        ev.recipient[0]
    ] == "casualties"
    assert codes(doc, ev.actor) == ["UAF"]


def test_casualties_of_a_coordinated_verb_are_the_target(pipeline):
    doc = pipeline.extract(
        "Three traders died and 12 others were wounded in a car bomb explosion on Friday.",
        published=PUBLISHED,
    )
    ev = the(doc, "ASSAULT")
    assert [doc.actor(a).name for a in ev.recipient] == ["Three traders"] and ev.mode == "explosives"


def test_the_sides_of_a_clash_are_its_actors(pipeline):
    """ASSAULT, two-sided violence: every side is an actor."""
    doc = pipeline.extract(
        "Clashes erupted between rival gangs in Port-au-Prince on Sunday.", published=PUBLISHED
    )
    ev = the(doc, "ASSAULT")
    assert [doc.actor(a).name for a in ev.actor] == ["rival gangs"] and ev.paths[ev.actor[0]] == "between"


def test_a_possessor_or_a_past_episode_tells_no_protest(pipeline):
    for text in (
        "The protesters' demands include higher wages and shorter hours.",
        "The film depicts the 1989 protests in Beijing.",
    ):
        assert "PROTEST" not in types(pipeline.extract(text, published=PUBLISHED)), text


def test_a_participle_names_the_doer_of_a_nominal_event(pipeline):
    doc = pipeline.extract(
        "A rally organised by nurses in Accra ended peacefully on Monday.", published=PUBLISHED
    )
    ev = the(doc, "PROTEST")
    assert [doc.actor(a).name for a in ev.actor] == ["nurses"] and ev.paths[ev.actor[0]] == "participle-agent"


@pytest.mark.parametrize(
    "text",
    [
        # the place stands for no target when the patient is named and is no actor
        "Thousands of sheep are slaughtered every year in Wales.",
        # a ban on protests, a protest in a phrase of time: no protest told as happening
        "The city has banned protests in the old town.",
        "Shops in Dakar reopened on Monday, two days after a demonstration.",
        "Authorities banned protests in Moscow on Friday.",
        "Organisers planned a march in Kampala for next week.",
    ],
)
def test_an_unnamed_participant_needs_a_happening(pipeline, text):
    doc = pipeline.extract(text, published=PUBLISHED)
    assert "PROTEST" not in types(doc) and "ASSAULT" not in types(doc)


def test_a_named_report_of_the_same_attack_wins(pipeline):
    """One attack, told twice in a sentence: the report with the named attacker is kept."""
    doc = pipeline.extract(
        "Gunmen killed six guards at a mine in Burkina Faso on Monday, an attack that shocked the region.",
        published=PUBLISHED,
    )
    assert types(doc) == ["ASSAULT"]
    assert "UAF" not in codes(doc, the(doc, "ASSAULT").actor)


@pytest.mark.parametrize(
    ("text", "etype"),
    [
        ("The militia used nerve gas against villagers near the border.", "ASSAULT"),
        ("Opposition supporters staged a rally in Harare on Saturday.", "PROTEST"),
        ("The rebels raped women in three villages, the monitors said.", "ASSAULT"),
        ("The minister welcomed Ghana's decision to reopen the border.", "SUPPORT"),
    ],
)
def test_protest_and_violence_coverage(pipeline, text, etype):
    """Chemical weapons, staged protests, sexual violence; welcoming a decision supports it."""
    assert types(pipeline.extract(text, published=PUBLISHED)) == [etype]


def test_a_protest_told_as_happening_needs_no_place(pipeline):
    """CVL with no country: "a silent march took place" is a protest by civilians the
    story leaves unplaced."""
    doc = pipeline.extract("A silent march took place on Monday.", published=PUBLISHED)
    ev = the(doc, "PROTEST")
    assert codes(doc, ev.actor) == [None] and doc.actor(ev.actor[0]).sector == "CVL"


def test_a_weapon_landing_at_an_unknown_place_is_by_unidentified_forces(pipeline):
    doc = pipeline.extract(
        "Several mortar rounds landed near the compound on Thursday, witnesses said.", published=PUBLISHED
    )
    ev = the(doc, "ASSAULT")
    assert codes(doc, ev.actor) == ["UAF"] and ev.recipient == []


def test_a_month_is_no_march(pipeline):
    doc = pipeline.extract(
        "On March 24, the museum returned a stolen painting to Italy.", published=PUBLISHED
    )
    assert "PROTEST" not in types(doc)


def test_an_arrest_of_a_citizen_in_his_own_country_is_by_that_country(pipeline):
    """COERCE: an agentless arrest is by the authorities of the place, even of their own citizen."""
    doc = pipeline.extract(
        "A Rwandan opposition leader was arrested in Kigali on Tuesday.", published=PUBLISHED
    )
    ev = the(doc, "COERCE")
    assert codes(doc, ev.actor) == ["RWA"]
    assert ev.paths[ev.actor[0]] == "place-country"
    assert codes(doc, ev.recipient) == ["RWA"]
