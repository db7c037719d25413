"""The actors stage: a sector noun in front of an act noun is the act's doer ("a police
crackdown"), a weapon in front of one is only its means ("a drone attack").

Every sentence is written for these tests in wire-news style.
"""

from __future__ import annotations

PUBLISHED = "2025-02-12"


def test_the_police_in_a_police_crackdown_are_an_actor_and_its_doer(pipeline):
    doc = pipeline.extract(
        "A police crackdown on protesters in Nairobi left five people dead.", published=PUBLISHED
    )
    [ev] = [e for e in doc.events if e.event_type == "COERCE"]
    assert [(doc.actor(a).sector, ev.paths[a]) for a in ev.actor] == [("COP", "modifier")]


def test_condemning_an_army_offensive_condemns_the_army_not_its_victims(pipeline):
    doc = pipeline.extract(
        "The UN condemned a Sudanese army offensive on civilians in Darfur.", published=PUBLISHED
    )
    [ev] = [e for e in doc.events if e.event_type == "ACCUSE"]
    assert [(doc.actor(a).code, doc.actor(a).sector) for a in ev.recipient] == [("SDN", "MIL")]


def test_forces_before_a_shelling_are_the_accused_not_the_town(pipeline):
    doc = pipeline.extract(
        "Rights groups denounced the rebel militia shelling that destroyed a market in Goma.",
        published=PUBLISHED,
    )
    [ev] = [e for e in doc.events if e.event_type == "ACCUSE"]
    assert [doc.actor(a).sector for a in ev.recipient] == ["REB"]


def test_a_weapon_before_an_attack_is_its_means_not_an_actor(pipeline):
    doc = pipeline.extract("A drone attack hit a fuel depot near Port Sudan on Sunday.", published=PUBLISHED)
    assert not any("drone" in a.name.lower() for a in doc.actors)


def test_a_noun_behind_a_sector_noun_that_is_no_act_makes_no_actor(pipeline):
    doc = pipeline.extract("Soldiers guarded the army base near the border.", published=PUBLISHED)
    assert not any(a.name.lower() in ("army", "army base") for a in doc.actors)
