"""Rules narrowed after an overfitting review: returned goods named by class, attacks that only
their modifiers make verbal, hyphenated truce names, armed doers of act nouns, forces that
leave a place, refugees admitted (not hosted), and forces (not staff) increased. Every story is
written for the test.
"""

from __future__ import annotations

import pytest

PUBLISHED = "2025-03-04"


def events(pipeline, text: str):
    doc = pipeline.extract(text, published=PUBLISHED)
    return doc, [(e.event_type, e.trigger.text) for e in doc.events]


def has(pipeline, text: str, etype: str) -> bool:
    return any(t == etype for t, _ in events(pipeline, text)[1])


# ------------------------------------------------------------ returned goods (RETREAT)


@pytest.mark.parametrize(
    "text",
    [
        "Italy returned 140 looted antiquities to Lebanon on Tuesday.",
        "Thai customs officials returned 300 smuggled animals to the government of Madagascar.",
    ],
)
def test_returning_a_class_of_seized_goods_to_a_state_is_a_retreat(pipeline, text):
    assert has(pipeline, text, "RETREAT"), events(pipeline, text)[1]


@pytest.mark.parametrize(
    "text",
    [
        "Thai police returned 40 seized parrots to Indonesia on Monday.",
        "The stolen carvings were returned by British customs to the Nigerian government.",
    ],
)
def test_any_thing_given_back_to_a_state_is_a_retreat(pipeline, text):
    assert has(pipeline, text, "RETREAT"), events(pipeline, text)[1]


@pytest.mark.parametrize(
    "text",
    [
        "The airline returned the lost suitcases to the passengers in Lagos.",
        "The president returned to Brazil on Sunday after a week in Asia.",
        "Italy returned 300 migrants to Libya last month.",
        "The president returned the bill to parliament for a second reading.",
        "The UN returned the draft report to the Security Council for review.",
    ],
)
def test_no_retreat_without_a_thing_given_back_to_a_state(pipeline, text):
    assert not has(pipeline, text, "RETREAT"), events(pipeline, text)[1]


# ------------------------------------------------------------ armed attacks stay ASSAULT


@pytest.mark.parametrize(
    "text",
    [
        "Government forces attacked the village for sheltering rebel fighters.",
        "Militants attacked the convoy, calling it a legitimate target.",
        "The army launched an attack on the rebel stronghold, describing it as a terrorist base.",
    ],
)
def test_an_armed_attack_with_a_reason_or_a_label_stays_an_assault(pipeline, text):
    found = events(pipeline, text)[1]
    assert any(t == "ASSAULT" for t, _ in found), found
    assert not any(t == "ACCUSE" for t, _ in found), found


def test_a_blistering_attack_is_still_made_in_words(pipeline):
    text = "The union leader made a blistering attack on the transport minister on Friday."
    found = events(pipeline, text)[1]
    assert ("ACCUSE", "attack") in found, found


# ------------------------------------------------------------ hyphenated truce names


@pytest.mark.parametrize(
    "text",
    [
        "Rebels violated the cease-fire agreement near Bria on Sunday, the army said.",
        "Rebels violated the Cease-Fire Agreement near Bria on Sunday, the army said.",
        "Rebels violated the Ceasefire Agreement near Bria on Sunday, the army said.",
    ],
)
def test_breaking_a_hyphenated_ceasefire_agreement_is_fighting(pipeline, text):
    found = events(pipeline, text)[1]
    assert ("ASSAULT", "violated") in found, found


def test_a_fire_agreement_is_no_truce(pipeline):
    text = "The firm broke its fire agreement with the city's insurers, the court heard."
    assert not has(pipeline, text, "ASSAULT"), events(pipeline, text)[1]


# ------------------------------------------------------------ doers of act nouns


@pytest.mark.parametrize(
    "text",
    [
        "The minister condemned the school attack that killed six pupils.",
        "The governor condemned the hospital bombing in Aleppo province on Monday.",
    ],
)
def test_the_place_an_attack_hit_is_not_its_doer(pipeline, text):
    doc, _ = events(pipeline, text)
    accused = [doc.actor(a) for e in doc.events if e.event_type == "ACCUSE" for a in e.recipient]
    assert not [a for a in accused if a.sector in ("EDU", "MED")], [(a.name, a.sector) for a in accused]


def test_a_police_crackdown_names_the_police_as_doer(pipeline):
    doc, _ = events(pipeline, "Amnesty International condemned the Zambian police crackdown on students.")
    accused = [doc.actor(a) for e in doc.events if e.event_type == "ACCUSE" for a in e.recipient]
    assert [a.sector for a in accused][:1] == ["COP"], [(a.name, a.sector) for a in accused]


# ------------------------------------------------------------ forces that leave a place


@pytest.mark.parametrize(
    "text",
    [
        "The troops evacuated hundreds of civilians from the flooded district.",
        "The convoy left the capital carrying food and medicine for the camps.",
    ],
)
def test_moving_people_or_supplies_is_no_withdrawal(pipeline, text):
    assert not has(pipeline, text, "RETREAT"), events(pipeline, text)[1]


@pytest.mark.parametrize(
    "text",
    [
        "Ethiopian troops pulled out of the border town on Thursday.",
        "Kenyan soldiers left the town of Dhobley on Friday after a week of fighting.",
        # a country name the tagger reads as a person is still a place
        "The last Belgian soldiers left Mali on Saturday.",
    ],
)
def test_forces_leaving_a_place_withdraw(pipeline, text):
    assert has(pipeline, text, "RETREAT"), events(pipeline, text)[1]


# ------------------------------------------------------------ refugees admitted, not hosted


def test_a_country_that_hosts_refugees_gives_no_aid_by_that(pipeline):
    text = "Jordan, which hosts some 700,000 refugees from Syria, called for more funding on Monday."
    found = events(pipeline, text)[1]
    assert not [f for f in found if f == ("AID", "hosts")], found


def test_admitting_refugees_is_aid(pipeline):
    text = "Canada admitted 4,000 refugees from Sudan last year, the ministry said."
    assert has(pipeline, text, "AID"), events(pipeline, text)[1]


# ------------------------------------------------------------ more forces, not more staff


def test_more_staff_at_an_embassy_is_no_mobilization(pipeline):
    text = "The army boosted its personnel at the embassy in Nairobi."
    assert not has(pipeline, text, "MOBILIZE"), events(pipeline, text)[1]


def test_more_troops_near_a_border_is_a_mobilization(pipeline):
    text = "Azerbaijan boosted its troops near the Armenian border on Tuesday."
    assert has(pipeline, text, "MOBILIZE"), events(pipeline, text)[1]
