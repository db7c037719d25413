"""Whole-story conventions (events/story.py, conventions.not_asserted): a story reports each
happening once, and what it only supposes, sets aside or asks for comment is no event.

Every story here is invented for these tests.
"""

from __future__ import annotations

PUBLISHED = "2025-03-14"


def events(doc, etype=None):
    return [e for e in doc.events if etype is None or e.event_type == etype]


def triggers(doc, etype=None) -> list[str]:
    return [e.trigger.text for e in events(doc, etype)]


def codes(doc, ids) -> set[str]:
    return {doc.actor(a).code for a in ids}


def test_a_definite_back_reference_is_the_happening_already_reported(pipeline):
    doc = pipeline.extract(
        "Rebels attacked an army base in northern Mali on Tuesday. "
        "Tuesday's attack left four soldiers dead, the army said.",
        published=PUBLISHED,
    )
    assert triggers(doc, "ASSAULT") == ["attacked"]


def test_victims_of_the_attack_are_not_a_second_attack(pipeline):
    doc = pipeline.extract(
        "Gunmen stormed a police station in eastern Chad on Monday. "
        "Two officers were killed in the attack, according to the interior ministry.",
        published=PUBLISHED,
    )
    assert triggers(doc, "ASSAULT") == ["stormed"]


def test_an_appeal_already_reported_is_not_a_second_request(pipeline):
    doc = pipeline.extract(
        "The U.N. envoy for Yemen called on the warring parties to observe a truce. "
        "Hans Grundberg made his appeal on Thursday in Geneva.",
        published=PUBLISHED,
    )
    assert triggers(doc, "REQUEST") == ["called"]


def test_a_first_mention_with_its_own_description_stays(pipeline):
    """A definite noun a relative clause or an of-phrase describes is introduced, not referred to."""
    doc = pipeline.extract(
        "Police in Kenya arrested twelve protesters on Monday. "
        "Officers later carried out the arrest of five more people in Mombasa.",
        published=PUBLISHED,
    )
    assert len(events(doc, "COERCE")) == 2


def test_one_act_told_with_two_verbs_is_one_event(pipeline):
    doc = pipeline.extract(
        "Gunmen shot and killed three border guards near the Niger frontier on Sunday.",
        published=PUBLISHED,
    )
    assert len(events(doc, "ASSAULT")) == 1


def test_blame_and_its_accusation_are_one_accuse(pipeline):
    doc = pipeline.extract(
        "Ethiopian officials blamed Eritrea, accusing it of arming the rebels in Tigray.",
        published=PUBLISHED,
    )
    (accuse,) = events(doc, "ACCUSE")
    assert codes(doc, accuse.actor) == {"ETH"} and codes(doc, accuse.recipient) == {"ERI"}


def test_a_second_act_with_its_own_target_stays(pipeline):
    doc = pipeline.extract(
        "Militants attacked Pakistani soldiers near Kalat on Tuesday, taking twelve railway workers hostage.",
        published=PUBLISHED,
    )
    assert len(events(doc, "ASSAULT")) == 2


def test_a_request_for_comment_is_no_event(pipeline):
    doc = pipeline.extract(
        "The news agency asked the Egyptian foreign ministry for comment on Monday. "
        "The embassy has also ignored requests for comment since Monday.",
        published=PUBLISHED,
    )
    assert events(doc, "REQUEST") == []


def test_an_outlets_question_is_no_event(pipeline):
    doc = pipeline.extract(
        "Asked by Reuters whether Ankara would send troops, Erdogan said no decision had been made.",
        published=PUBLISHED,
    )
    assert events(doc, "REQUEST") == []


def test_an_act_set_aside_is_no_event(pipeline):
    doc = pipeline.extract(
        "Kenya will send more police to Haiti instead of calling for a new U.N. force, the minister said.",
        published=PUBLISHED,
    )
    assert "calling" not in triggers(doc)


def test_an_analysts_forecast_is_no_event(pipeline):
    doc = pipeline.extract(
        "An economist in Lima said Peru will probably expand cooperation with Brazil.",
        published=PUBLISHED,
    )
    assert events(doc) == []


def test_a_possible_necessity_is_no_demand(pipeline):
    doc = pipeline.extract(
        "The Polish president said Poland might have to buy more tanks from South Korea.",
        published=PUBLISHED,
    )
    assert events(doc, "REQUEST") == []


def test_a_rule_for_everyone_is_no_demand(pipeline):
    doc = pipeline.extract("Every farmer must register the herd, the official said.", published=PUBLISHED)
    assert events(doc, "REQUEST") == []


def test_a_stated_demand_on_a_country_stays(pipeline):
    doc = pipeline.extract(
        "Germany said Serbia must withdraw its troops from the border.", published=PUBLISHED
    )
    (req,) = events(doc, "REQUEST")
    assert codes(doc, req.actor) == {"DEU"} and codes(doc, req.recipient) == {"SRB"}


def test_an_aim_nobody_is_said_to_pursue_is_no_event(pipeline):
    doc = pipeline.extract(
        "The summit was postponed to Friday to allow more consultation between the delegations.",
        published=PUBLISHED,
    )
    assert events(doc) == []


def test_an_infinitive_with_its_actor_stays(pipeline):
    doc = pipeline.extract("Japan agreed to lift its sanctions on Iran on Monday.", published=PUBLISHED)
    assert [e.event_type for e in events(doc)] == ["AGREE"]


def test_a_denial_answers_the_storys_accusation(pipeline):
    doc = pipeline.extract(
        "Lithuania accused Belarus of sending migrants across the border on Monday. Minsk denies the allegations.",
        published=PUBLISHED,
    )
    (reject,) = events(doc, "REJECT")
    assert codes(doc, reject.actor) == {"BLR"} and codes(doc, reject.recipient) == {"LTU"}


def test_a_refusal_answers_the_proposal_in_its_sentence(pipeline):
    doc = pipeline.extract(
        "The Kenyan side proposed a ceasefire, but the Somali side refused.", published=PUBLISHED
    )
    (reject,) = events(doc, "REJECT")
    assert codes(doc, reject.actor) == {"SOM"} and codes(doc, reject.recipient) == {"KEN"}


def test_a_charge_rejected_in_a_relative_clause_is_a_rejection_of_its_own(pipeline):
    """ "..., a charge Asmara rejected": the writer's aside on the accusation, not its content."""
    doc = pipeline.extract(
        "Ethiopian officials blamed Eritrea, accusing it of arming the rebels, a charge Asmara quickly rejected.",
        published=PUBLISHED,
    )
    (reject,) = events(doc, "REJECT")
    assert codes(doc, reject.actor) == {"ERI"} and codes(doc, reject.recipient) == {"ETH"}


def test_one_exchange_retold_is_one_event(pipeline):
    """One-a-day: one type between the same two countries on one day, told twice, is one event."""
    doc = pipeline.extract(
        "Chile condemned Peru on Monday for the border closure. "
        "Santiago also condemned Lima on Monday in a second statement.",
        published=PUBLISHED,
    )
    assert len(events(doc, "ACCUSE")) == 1


def test_a_bare_surname_the_tagger_missed_is_the_person_named_before(pipeline):
    doc = pipeline.extract(
        "U.N. envoy Chidi Okafor met Yemeni officials in Aden on Monday. "
        "Fighters loyal to former president Ali Mansour clashed with the army near the port. "
        "Okafor said Tuesday that the truce between the army and the militia was still holding. "
        "He called on the Houthis to release the detained aid workers.",
        published=PUBLISHED,
    )
    (req,) = events(doc, "REQUEST")
    assert [doc.actor(a).name for a in req.actor] == ["Chidi Okafor"]


def test_a_subheading_run_into_the_next_sentence_reports_nothing(pipeline):
    doc = pipeline.extract(
        "Hungary and Slovakia signed a gas deal on Monday. "
        "Fresh protests Since the spring, the two governments have met four times in Budapest.",
        published=PUBLISHED,
    )
    assert "protests" not in triggers(doc)


def test_a_plain_sentence_is_no_subheading(pipeline):
    doc = pipeline.extract(
        "Rebels attacked a convoy near Goma on Monday, killing four soldiers.", published=PUBLISHED
    )
    assert "attacked" in triggers(doc)


def test_an_outlets_interview_is_no_consultation(pipeline):
    doc = pipeline.extract(
        "Reuters spoke with the Kenyan foreign minister about the border talks on Monday.",
        published=PUBLISHED,
    )
    assert events(doc, "CONSULT") == []


def test_a_diplomatic_demand_for_clarification_stays(pipeline):
    doc = pipeline.extract(
        "Poland demanded clarification from Russia over the drone incursion on Monday.", published=PUBLISHED
    )
    assert [e.event_type for e in events(doc)] == ["REQUEST"]


# ---------------------------------------------------------------- headlines (story.headline_repeats)


def test_a_headline_the_lead_retells_is_reported_once_by_the_lead(pipeline):
    doc = pipeline.extract(
        "Protesters clash with police in Nairobi over tax bill\n\n"
        "Thousands of protesters marched through Nairobi on Tuesday against a proposed tax increase. "
        "Police fired tear gas to disperse the crowds outside parliament.",
        published=PUBLISHED,
    )
    (protest,) = events(doc, "PROTEST")
    assert protest.trigger.text == "marched"
    assert protest.date == "2025-03-11"  # the lead's Tuesday, not the headline's tenseless verb


def test_a_headline_repeat_shares_a_participant_with_the_lead(pipeline):
    # the headline names no actor of its own ("Chad calls for"); the lead's minister is Chad
    doc = pipeline.extract(
        "Chad calls for ceasefire in Sudan's Darfur\n\n"
        "Chad's foreign minister on Wednesday urged the warring parties in Sudan to agree to an "
        "immediate ceasefire in Darfur. He spoke after meeting envoys from the African Union.",
        published=PUBLISHED,
    )
    assert triggers(doc, "REQUEST") == ["urged"]


def test_a_headline_event_the_lead_does_not_report_stays(pipeline):
    text = (
        "Niger expels French ambassador as border talks stall\n\n"
        "Talks between Niger and Benin on reopening their shared border broke down on Monday, "
        "officials in Niamey said."
    )
    doc = pipeline.extract(text, published=PUBLISHED)
    (expel,) = [e for e in doc.events if e.trigger.text == "expels"]
    assert codes(doc, expel.recipient) == {"FRA"}
    assert expel.date == PUBLISHED  # no date of its own: the story's, as for any event


def test_the_same_act_between_other_parties_is_no_repeat(pipeline):
    doc = pipeline.extract(
        "Kenya recalls ambassador to Somalia\n\n"
        "Ethiopia on Monday recalled its ambassador to Eritrea after a border incident, the "
        "foreign ministry in Addis Ababa said.",
        published=PUBLISHED,
    )
    assert triggers(doc, "SANCTION") == ["recalls", "recalled"]


def test_the_same_act_with_the_sides_swapped_is_no_repeat(pipeline):
    doc = pipeline.extract(
        "Ethiopia expels Eritrean diplomats\n\n"
        "Eritrea on Monday expelled two Ethiopian diplomats after a border incident, the foreign "
        "ministry in Asmara said.",
        published=PUBLISHED,
    )
    assert triggers(doc, "SANCTION") == ["expels", "expelled"]


def test_a_title_the_text_begins_with_marks_the_headline(pipeline):
    title = "Protesters clash with police in Nairobi over tax bill"
    text = (
        f"{title}.\n\n"
        "Thousands of protesters marched through Nairobi on Tuesday against a proposed tax increase. "
        "Police fired tear gas to disperse the crowds outside parliament."
    )
    assert triggers(pipeline.extract(text, published=PUBLISHED, title=title), "PROTEST") == ["marched"]
    # without the title, a first line that ends in a period is a sentence of the story
    assert triggers(pipeline.extract(text, published=PUBLISHED), "PROTEST") == ["clash", "marched"]


def test_a_story_without_a_headline_keeps_its_first_paragraph(pipeline):
    doc = pipeline.extract(
        "Protesters clashed with police in Nairobi over a tax bill.\n\n"
        "Thousands of protesters marched through Nairobi on Tuesday against a proposed tax increase.",
        published=PUBLISHED,
    )
    assert triggers(doc, "PROTEST") == ["clashed", "marched"]


def test_a_question_headline_reports_nothing(pipeline):
    doc = pipeline.extract(
        "Can Ankara broker a truce between Moscow and Kyiv?\n\n"
        "Turkey's foreign minister will travel to Moscow next week. Analysts doubt the trip will "
        "produce results.",
        published=PUBLISHED,
    )
    assert all(e.trigger.start > doc.text.index("\n") for e in doc.events)


def test_a_headline_infinitive_is_what_will_happen(pipeline):
    """ "Rebels to free hostages": a headline's "to" stands for "will"; a release to come is a
    promise (AGREE, conventions.retype), one that happened a RETREAT."""
    body = "\n\nThe fighting in the north went on for a third day on Friday."
    doc = pipeline.extract("Kenyan rebels to free 20 hostages" + body, published=PUBLISHED)
    assert [e.event_type for e in doc.events if e.trigger.text == "free"] == ["AGREE"]
    doc = pipeline.extract("Kenyan rebels free 20 hostages" + body, published=PUBLISHED)
    assert [e.event_type for e in doc.events if e.trigger.text == "free"] == ["RETREAT"]
