"""Event senses a wire story reports that the lexicon once missed: cyber operations, broken
truces and bans, concessions to demands, cancelled visits, returned property, asylum and
meals between leaders. Every sentence is invented for the test; the expected types follow the
PLOVER manual (shared/reference), not any dataset's habit."""

from __future__ import annotations

import pytest

PUBLISHED = "2025-02-12"


def types(pipeline, text: str) -> dict[str, object]:
    doc = pipeline.extract(text, published=PUBLISHED)
    return {e.event_type: e for e in doc.events}


def names(pipeline, text: str, etype: str) -> tuple[set[str], set[str]]:
    doc = pipeline.extract(text, published=PUBLISHED)
    ev = next(e for e in doc.events if e.event_type == etype)
    return {doc.actor(a).name for a in ev.actor}, {doc.actor(a).name for a in ev.recipient}


# ---------------------------------------------------------------- COERCE `cyber`


@pytest.mark.parametrize(
    "text",
    [
        "Hackers working for Pyongyang staged a cyberattack on the Polish stock exchange on Monday.",
        "The Chinese government had launched cyber-attacks on dozens of Taiwanese ministries.",
        "Moscow waged cyber warfare against Estonian banks last spring, officials said.",
        "North Korean agents hacked the email accounts of South Korean defence officials.",
    ],
)
def test_cyber_operations_are_coerce_cyber(pipeline, text):
    found = types(pipeline, text)
    assert "COERCE" in found and "ASSAULT" not in found, found
    assert found["COERCE"].mode == "cyber"


def test_a_hyphenated_compound_matches_the_rule_written_with_a_space(pipeline):
    found = types(pipeline, "Iranian hackers carried out cyber-attacks on Albanian government websites.")
    assert set(found) == {"COERCE"}, found


# ---------------------------------------------------------------- violations


def test_a_broken_truce_is_fighting(pipeline):
    found = types(pipeline, "Monitors said the militia was guilty of violating the truce near the port.")
    assert "ASSAULT" in found, found


def test_a_broken_ban_is_a_rejection_of_it(pipeline):
    text = "Venezuela has flouted a UN embargo on arms sales to the rebels."
    found = types(pipeline, text)
    assert "REJECT" in found and "ASSAULT" not in found, found


def test_breaking_a_law_is_no_political_event(pipeline):
    assert "REJECT" not in types(pipeline, "The court said the driver violated traffic laws.")


# ---------------------------------------------------------------- CONCEDE to demands


def test_accepting_demands_is_a_concession(pipeline):
    text = "The Peruvian government accepted the demands of the striking copper miners on Tuesday."
    found = types(pipeline, text)
    assert "CONCEDE" in found and "AGREE" not in found, found
    actors, recipients = names(pipeline, text, "CONCEDE")
    assert any("miners" in r for r in recipients), recipients


def test_refusing_to_meet_demands_is_a_rejection(pipeline):
    found = types(pipeline, "Manila said it would not meet the kidnappers' demands.")
    assert set(found) == {"REJECT"}, found


# ---------------------------------------------------------------- REJECT `meet`


@pytest.mark.parametrize(
    "text",
    [
        "The Chinese premier cancelled a planned visit to Canberra after the vote.",
        "The Brazilian foreign minister postponed a trip to Caracas on Monday.",
        "Serbia and Kosovo called off talks that were due in Brussels on Friday.",
    ],
)
def test_a_cancelled_meeting_is_a_reject_meet(pipeline, text):
    found = types(pipeline, text)
    assert "REJECT" in found and "SANCTION" not in found, found
    assert found["REJECT"].mode == "meet"


def test_suspended_relations_stay_a_sanction(pipeline):
    assert "SANCTION" in types(pipeline, "Morocco suspended diplomatic relations with Germany on Monday.")


# ---------------------------------------------------------------- RETREAT: property returned


@pytest.mark.parametrize(
    "text",
    [
        "Mexico returned 30 smuggled tortoises to Ecuador on Monday.",
        "A stolen bronze statue was returned by French police to Italian authorities.",
        "Russia returned the seized fishing boats to Japan last week.",
    ],
)
def test_returned_goods_are_a_retreat(pipeline, text):
    assert "RETREAT" in types(pipeline, text)


def test_a_leader_returning_home_is_no_retreat(pipeline):
    assert "RETREAT" not in types(pipeline, "The Kenyan president returned to Nairobi on Monday.")


# ---------------------------------------------------------------- AID: asylum


def test_taking_in_refugees_is_aid(pipeline):
    found = types(pipeline, "Colombia took in thousands of Venezuelan refugees last year.")
    assert "AID" in found and "AGREE" not in found, found


def test_refusing_refugees_is_a_rejection(pipeline):
    found = types(pipeline, "Poland said it cannot accept any more refugees from Belarus.")
    assert "REJECT" in found and "AID" not in found, found


# ---------------------------------------------------------------- CONSULT: meals


def test_lunch_with_a_counterpart_is_a_meeting(pipeline):
    text = "The Spanish prime minister had lunch with the Portuguese president in Lisbon on Monday."
    assert "CONSULT" in types(pipeline, text)


def test_a_future_dinner_is_an_agree(pipeline):
    text = "The Kenyan president will have dinner with the Ethiopian prime minister on Friday."
    found = types(pipeline, text)
    assert "AGREE" in found and "CONSULT" not in found, found


def test_lunch_alone_is_no_meeting(pipeline):
    assert not types(pipeline, "Shoppers had lunch at a cafe near the market.")
