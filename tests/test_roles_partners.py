"""The role layer, partners the parse hides: a goal hung on the object's relative clause, the
author of a proposal, the beneficiary of a grant, the force a MOBILIZE moves.

Every sentence is written for these tests in wire style; expectations follow the PLOVER manual
(actor = who acts, recipient = who is acted on).
"""

from __future__ import annotations

from .role_helpers import PUBLISHED, only, side


def test_a_goal_the_parser_hung_on_a_passive_relative_clause_is_the_verbs(pipeline):
    doc = pipeline.extract(
        "Germany returned a bronze statue that was looted in 1897 from a palace in Benin City to Nigeria.",
        published=PUBLISHED,
    )
    ev = only(doc, "RETREAT")
    assert side(doc, ev, "actor") == [("DEU", "subject")]
    assert side(doc, ev, "recipient") == [("NGA", "relative-clause-goal")]


def test_a_second_to_phrase_in_a_relative_clause_is_the_verbs_goal(pipeline):
    doc = pipeline.extract(
        "Britain returned royal relics that belonged to an Asante king to Ghana on Tuesday.",
        published=PUBLISHED,
    )
    ev = only(doc, "RETREAT")
    assert side(doc, ev, "recipient") == [("GHA", "relative-clause-goal")]


def test_a_relative_clause_of_motion_keeps_its_own_goal(pipeline):
    # the vessel sailed to Tunisia itself; where it was returned to is not said
    doc = pipeline.extract(
        "Italy returned a fishing vessel that had sailed to Tunisia last month.", published=PUBLISHED
    )
    for ev in doc.events:
        assert all(p != "relative-clause-goal" for p in ev.paths.values())


def test_rejecting_a_call_from_someone_rejects_its_author(pipeline):
    doc = pipeline.extract(
        "Nicaragua rejected a call from Costa Rica to let inspectors into the border wetlands.",
        published=PUBLISHED,
    )
    ev = only(doc, "REJECT")
    assert side(doc, ev, "actor") == [("NIC", "subject")]
    assert side(doc, ev, "recipient") == [("CRI", "object")]


def test_an_offer_by_a_neighbour_names_the_neighbour(pipeline):
    doc = pipeline.extract(
        "Venezuela rejected an offer by Colombia for joint border patrols.", published=PUBLISHED
    )
    assert side(doc, only(doc, "REJECT"), "recipient") == [("COL", "object")]


def test_an_object_that_is_an_actor_keeps_its_own_from_phrase_out(pipeline):
    # refugees from Syria are the partner themselves, not Syria
    doc = pipeline.extract("Jordan rejected refugees from Syria at the border crossing.", published=PUBLISHED)
    ev = only(doc, "REJECT")
    assert [doc.actor(a).name for a in ev.recipient] == ["refugees"]


def test_the_one_granted_permission_is_the_indirect_object(pipeline):
    doc = pipeline.extract(
        "The military junta granted the UN envoy a visa to enter the country.", published=PUBLISHED
    )
    ev = only(doc, "CONCEDE")
    assert side(doc, ev, "recipient") == [("IGO", "indirect-object")]


def test_the_troops_a_state_mobilizes_are_never_its_partner(pipeline):
    # the troops take Turkey's code from the sentence; they are still the Greek army's own
    doc = pipeline.extract(
        "Armenia has mobilized reserve troops along the frontier to face Azerbaijan's forces, "
        "a defence ministry spokesman said.",
        published=PUBLISHED,
    )
    ev = only(doc, "MOBILIZE")
    assert side(doc, ev, "actor") == [("ARM", "subject")]
    assert [c for c, _ in side(doc, ev, "recipient")] == ["AZE"]
    assert all(doc.actor(a).name != "troops" for a in ev.recipient)


def test_what_an_agreement_sets_up_is_no_partner_the_place_is(pipeline):
    doc = pipeline.extract(
        "The provincial council agreed to open two new shelters in Kirkuk.",
        published=PUBLISHED,
    )
    ev = only(doc, "AGREE")
    assert [(doc.actor(a).name, ev.paths[a]) for a in ev.recipient] == [("Kirkuk", "sweep:place")]


def test_a_base_to_be_built_is_no_partner(pipeline):
    doc = pipeline.extract("Ghana agreed to build a military base in Togo.", published=PUBLISHED)
    assert side(doc, only(doc, "AGREE"), "recipient") == [("TGO", "sweep:place")]


def test_a_body_set_up_with_a_partner_keeps_the_partner(pipeline):
    doc = pipeline.extract("Egypt agreed to establish a joint commission with Sudan.", published=PUBLISHED)
    assert [c for c, _ in side(doc, only(doc, "AGREE"), "recipient")] == ["SDN"]


def test_a_phrase_opening_the_sentence_names_no_partner(pipeline):
    doc = pipeline.extract(
        "At a news conference in Accra, Liberian President Joseph Boakai praised "
        "President John Mahama for his work on regional trade.",
        published=PUBLISHED,
    )
    ev = only(doc, "SUPPORT")
    assert [doc.actor(a).name for a in ev.recipient] == ["John Mahama"]


def test_a_present_tense_verb_tagged_as_a_noun_still_gives_its_subject_to_the_next_verb(pipeline):
    doc = pipeline.extract(
        "The Lebanese presidency, in turn, rejects and condemns Israel's new strikes on the south, "
        "its spokesman told reporters.",
        published=PUBLISHED,
    )
    ev = only(doc, "ACCUSE")
    assert side(doc, ev, "actor") == [("LBN", "coordinated-verb-subject")]
    assert [c for c, _ in side(doc, ev, "recipient")] == ["ISR"]


def test_an_attacks_agent_hung_on_its_target_is_still_the_attacker(pipeline):
    doc = pipeline.extract(
        "An attack on a fuel convoy by Pakistani militants left three drivers dead near the border.",
        published=PUBLISHED,
    )
    evs = [e for e in doc.events if e.event_type == "ASSAULT"]
    assert evs
    for ev in evs:
        assert [c for c, _ in side(doc, ev, "actor")] == ["PAK"]


def test_a_passive_act_of_force_takes_the_agent_of_the_attack_it_happened_in(pipeline):
    doc = pipeline.extract(
        "Two policemen were wounded in an ambush by Maoist rebels in Chhattisgarh.", published=PUBLISHED
    )
    ev = only(doc, "ASSAULT")
    assert [(doc.actor(a).name, ev.paths[a]) for a in ev.actor] == [("Maoist rebels", "event-noun-agent")]


def test_a_protest_against_abuses_by_the_police_is_against_the_police(pipeline):
    doc = pipeline.extract(
        "Hundreds of nurses marched in Nairobi against beatings by the Kenyan police.",
        published=PUBLISHED,
    )
    ev = only(doc, "PROTEST")
    assert [doc.actor(a).name for a in ev.actor] == ["nurses"]
    assert [doc.actor(a).sector for a in ev.recipient] == ["COP"]


def test_a_lawsuit_that_accuses_someone_names_the_accused(pipeline):
    doc = pipeline.extract(
        "The opposition party filed a lawsuit that accuses the electoral commission of rigging the vote.",
        published=PUBLISHED,
    )
    ev = only(doc, "ACCUSE")
    assert [(doc.actor(a).name, ev.paths[a]) for a in ev.recipient] == [
        ("electoral commission", "content-clause")
    ]


def test_a_complaint_that_blames_someone_names_the_blamed(pipeline):
    doc = pipeline.extract(
        "Human rights groups lodged a complaint that blames the police for the deaths.", published=PUBLISHED
    )
    ev = only(doc, "ACCUSE")
    assert [(doc.actor(a).name, ev.paths[a]) for a in ev.recipient] == [("police", "content-clause")]


def test_the_author_of_a_report_is_the_agent_of_what_the_report_does(pipeline):
    doc = pipeline.extract(
        "Amnesty International published a report that accused the Ethiopian army of killing civilians.",
        published=PUBLISHED,
    )
    ev = next(e for e in doc.events if e.event_type == "ACCUSE")
    assert side(doc, ev, "actor") == [("NGO", "document-author")]
    assert [c for c, _ in side(doc, ev, "recipient")] == ["ETH"]


def test_a_plan_one_drafts_is_ones_own_a_plan_one_welcomes_is_not(pipeline):
    drafted = pipeline.extract(
        "Kenya drafted a plan that urges Sudan to accept a ceasefire.", published=PUBLISHED
    )
    ev = only(drafted, "REQUEST")
    assert side(drafted, ev, "actor") == [("KEN", "document-author")]
    welcomed = pipeline.extract(
        "Kenya welcomed a plan that urges Sudan to accept a ceasefire.", published=PUBLISHED
    )
    assert all(p != "document-author" for e in welcomed.events for p in e.paths.values())
