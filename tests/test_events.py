"""The events stage: PLOVER type and mode, direction, auxiliary modes, dates and places.

Every story here is written for the test in wire-news style. Expectations follow the PLOVER
manual (shared/reference) and docs/architecture.md ("How each stage decides"). The publication
date is Wednesday 12 February 2025, so "on Tuesday" in a past-tense story is 11 February and
"on Friday" in a future one is 14 February.
"""

from __future__ import annotations

import pytest

from parley.lexicon import load_lexicon

PUBLISHED = "2025-02-12"  # a Wednesday
RULE_IDS = set(load_lexicon().rules)


def extract(pipeline, text: str):
    """Extract, and check what must hold for every event of every story."""
    doc = pipeline.extract(text, published=PUBLISHED)
    ids = {a.id for a in doc.actors}
    for e in doc.events:
        # a lexicon rule or a CAMEO pattern, possibly retyped by the type model, or the model alone
        base = e.rule.split(">")[0]
        assert base in RULE_IDS or base.startswith(("cameo.", "light.", "model.", "convention.")), e.rule
        assert 0 < e.confidence <= 1, e.confidence
        assert text[e.trigger.start : e.trigger.end] == e.trigger.text
        assert text[e.sentence.start : e.sentence.end] == e.sentence.text
        assert e.sentence.start <= e.trigger.start < e.trigger.end <= e.sentence.end
        assert set(e.actor) | set(e.recipient) <= ids
        assert not set(e.actor) & set(e.recipient)
    return doc


def events(doc, etype: str) -> list:
    return [e for e in doc.events if e.event_type == etype]


def one(doc, etype: str):
    found = events(doc, etype)
    assert found, f"no {etype} in {[(e.event_type, e.trigger.text) for e in doc.events]}"
    return found[0]


def codes(doc, ids: list[str]) -> set:
    return {doc.actor(a).code for a in ids}


def names(doc, ids: list[str]) -> set:
    return {doc.actor(a).name for a in ids}


def trigger_is(text: str, ev, word: str) -> None:
    """The trigger is exactly that word at its first occurrence in the story."""
    start = text.index(word)
    assert (ev.trigger.text, ev.trigger.start, ev.trigger.end) == (word, start, start + len(word))


# ---------------------------------------------------------------- CONSULT


def test_phone_call_between_two_presidents_is_mutual(pipeline):
    text = "U.S. President Donald Trump held a phone call with Russian President Vladimir Putin on Wednesday."
    doc = extract(pipeline, text)
    ev = one(doc, "CONSULT")
    assert ev.mode == "phone"
    assert names(doc, ev.actor) == {"Donald Trump", "Vladimir Putin"}
    assert ev.recipient == []
    assert ev.aux_mode is None
    assert ev.date == "2025-02-12"
    trigger_is(text, ev, "call")


def test_meeting_is_mutual_and_located(pipeline):
    text = "French President Emmanuel Macron met German Chancellor Olaf Scholz in Munich on Monday."
    doc = extract(pipeline, text)
    ev = one(doc, "CONSULT")
    assert codes(doc, ev.actor) == {"FRA", "DEU"}
    assert ev.recipient == []
    assert ev.date == "2025-02-10"
    assert ev.event_loc is not None
    assert (ev.event_loc.name, ev.event_loc.country_code) == ("Munich", "DEU")
    trigger_is(text, ev, "met")


def test_held_talks_light_verb(pipeline):
    text = "Japan and South Korea held talks in Tokyo on Monday."
    doc = extract(pipeline, text)
    ev = one(doc, "CONSULT")
    assert codes(doc, ev.actor) == {"JPN", "KOR"}
    assert ev.date == "2025-02-10"
    assert ev.event_loc is not None and ev.event_loc.country_code == "JPN"


def test_visit_verb_goes_from_visitor_to_host(pipeline):
    text = "Indian Prime Minister Narendra Modi visited Washington on Tuesday."
    doc = extract(pipeline, text)
    ev = one(doc, "CONSULT")
    assert ev.mode == "visit"
    assert names(doc, ev.actor) == {"Narendra Modi"}
    assert codes(doc, ev.recipient) == {"USA"}
    assert ev.date == "2025-02-11"
    trigger_is(text, ev, "visited")


def test_visit_noun(pipeline):
    text = "Indian Prime Minister Narendra Modi began a two-day visit to France on Monday."
    doc = extract(pipeline, text)
    ev = one(doc, "CONSULT")
    assert ev.mode == "visit"
    assert codes(doc, ev.actor) == {"IND"}
    assert codes(doc, ev.recipient) == {"FRA"}
    assert ev.date == "2025-02-10"


# ---------------------------------------------------------------- cooperation


def test_agreed_to_is_agree_and_swallows_the_talks(pipeline):
    text = "Armenia and Azerbaijan agreed to resume border talks, officials said on Monday."
    doc = extract(pipeline, text)
    ev = one(doc, "AGREE")
    assert codes(doc, ev.actor) == {"ARM", "AZE"}
    assert ev.aux_mode is None
    trigger_is(text, ev, "agreed")
    # the talks are what they agreed to, not talks that took place
    assert events(doc, "CONSULT") == []


def test_thanked_is_support_from_thanker_to_thanked(pipeline):
    text = "Ukrainian President Volodymyr Zelenskyy thanked Poland for its support on Tuesday."
    doc = extract(pipeline, text)
    ev = one(doc, "SUPPORT")
    assert names(doc, ev.actor) == {"Volodymyr Zelenskyy"}
    assert codes(doc, ev.recipient) == {"POL"}
    assert ev.date == "2025-02-11"
    trigger_is(text, ev, "thanked")


def test_freed_is_retreat_release(pipeline):
    text = "Hamas released three Israeli hostages on Saturday."
    doc = extract(pipeline, text)
    ev = one(doc, "RETREAT")
    assert ev.mode == "release"
    assert names(doc, ev.actor) == {"Hamas"}
    assert codes(doc, ev.recipient) == {"ISR"}
    assert ev.date == "2025-02-08"
    assert ev.aux_mode is None


def test_freed_verb(pipeline):
    text = "Russia freed an American teacher on Tuesday."
    doc = extract(pipeline, text)
    ev = one(doc, "RETREAT")
    assert ev.mode == "release"
    assert codes(doc, ev.actor) == {"RUS"}
    assert codes(doc, ev.recipient) == {"USA"}
    trigger_is(text, ev, "freed")


def test_thanked_for_the_release_credits_the_releaser(pipeline):
    text = (
        "U.S. President Donald Trump thanked Russian President Vladimir Putin for the release of "
        "an American teacher."
    )
    doc = extract(pipeline, text)
    support = one(doc, "SUPPORT")
    assert names(doc, support.actor) == {"Donald Trump"}
    assert names(doc, support.recipient) == {"Vladimir Putin"}
    release = one(doc, "RETREAT")
    assert release.mode == "release"
    assert names(doc, release.actor) == {"Vladimir Putin"}
    assert codes(doc, release.recipient) == {"USA"}
    trigger_is(text, release, "release")


# ---------------------------------------------------------------- verbal conflict


def test_called_on_is_request_and_swallows_the_release(pipeline):
    text = "The European Union called on Georgia to release detained protesters."
    doc = extract(pipeline, text)
    ev = one(doc, "REQUEST")
    assert names(doc, ev.actor) == {"European Union"}
    assert codes(doc, ev.recipient) == {"GEO"}
    assert ev.date == "2025-02-12"
    trigger_is(text, ev, "called")
    assert events(doc, "RETREAT") == []


def test_demanded_that_is_request_to_the_subject_of_the_clause(pipeline):
    text = "Germany demanded that Russia withdraw its troops from Ukraine."
    doc = extract(pipeline, text)
    ev = one(doc, "REQUEST")
    assert codes(doc, ev.actor) == {"DEU"}
    assert "RUS" in codes(doc, ev.recipient)
    trigger_is(text, ev, "demanded")
    assert events(doc, "RETREAT") == []


def test_rejected_is_reject(pipeline):
    text = "Iran rejected the proposal on Tuesday."
    doc = extract(pipeline, text)
    ev = one(doc, "REJECT")
    assert codes(doc, ev.actor) == {"IRN"}
    assert ev.date == "2025-02-11"
    trigger_is(text, ev, "rejected")


def test_will_not_accept_is_reject(pipeline):
    text = "Colombia said it will not accept deportation flights from the United States."
    doc = extract(pipeline, text)
    ev = one(doc, "REJECT")
    assert codes(doc, ev.actor) == {"COL"}
    assert codes(doc, ev.recipient) == {"USA"}
    assert events(doc, "AGREE") == []


def test_accused_of_is_accuse_allege_and_the_charge_is_no_event(pipeline):
    text = "Pakistan accused India of supporting militants in Balochistan."
    doc = extract(pipeline, text)
    ev = one(doc, "ACCUSE")
    assert ev.mode == "allege"
    assert codes(doc, ev.actor) == {"PAK"}
    assert codes(doc, ev.recipient) == {"IND"}
    trigger_is(text, ev, "accused")
    # the alleged support is the content of the accusation
    assert events(doc, "SUPPORT") == []


def test_condemned_is_accuse_disapprove(pipeline):
    text = "Egypt condemned the Israeli strikes on Gaza."
    doc = extract(pipeline, text)
    ev = one(doc, "ACCUSE")
    assert ev.mode == "disapprove"
    assert codes(doc, ev.actor) == {"EGY"}
    assert "ISR" in codes(doc, ev.recipient)


def test_threatened_to_shell_is_one_threaten(pipeline):
    text = "North Korea threatened to shell South Korean border towns."
    doc = extract(pipeline, text)
    assert len(doc.events) == 1
    ev = doc.events[0]
    assert ev.event_type == "THREATEN"
    assert ev.mode == "violence"
    assert codes(doc, ev.actor) == {"PRK"}
    assert codes(doc, ev.recipient) == {"KOR"}
    trigger_is(text, ev, "threatened")


# ---------------------------------------------------------------- protest, sanction, coerce


def test_thousands_rallied_is_protest_against_the_government(pipeline):
    text = (
        "Thousands of people rallied in Bratislava on Sunday against the government of "
        "Slovak Prime Minister Robert Fico."
    )
    doc = extract(pipeline, text)
    ev = one(doc, "PROTEST")
    assert ev.mode == "demo"
    assert codes(doc, ev.actor) == {"SVK"}
    assert {doc.actor(a).sector for a in ev.actor} == {"CVL"}
    assert codes(doc, ev.recipient) == {"SVK"}
    assert ev.date == "2025-02-09"
    assert ev.event_loc is not None
    assert (ev.event_loc.name, ev.event_loc.country_code) == ("Bratislava", "SVK")
    trigger_is(text, ev, "rallied")


def test_imposed_sanctions_on(pipeline):
    text = "The United States imposed sanctions on Venezuela on Monday."
    doc = extract(pipeline, text)
    ev = one(doc, "SANCTION")
    assert codes(doc, ev.actor) == {"USA"}
    assert codes(doc, ev.recipient) == {"VEN"}
    assert ev.date == "2025-02-10"
    assert ev.aux_mode is None
    trigger_is(text, ev, "imposed")


def test_passive_arrest_by_police(pipeline):
    text = "An opposition leader was arrested by police in Istanbul on Tuesday."
    doc = extract(pipeline, text)
    ev = one(doc, "COERCE")
    assert ev.mode == "arrest"
    police = [doc.actor(a) for a in ev.actor]
    assert [(a.code, a.sector) for a in police] == [("TUR", "COP")]
    victim = [doc.actor(a) for a in ev.recipient]
    assert [(a.code, a.sector) for a in victim] == [("TUR", "OPP")]
    assert ev.date == "2025-02-11"
    assert ev.event_loc is not None
    assert (ev.event_loc.name, ev.event_loc.country_code) == ("Istanbul", "TUR")
    trigger_is(text, ev, "arrested")


def test_active_detention(pipeline):
    text = "Polish police detained two Belarusian nationals in Warsaw on Tuesday."
    doc = extract(pipeline, text)
    ev = one(doc, "COERCE")
    assert ev.mode == "arrest"
    assert [(doc.actor(a).code, doc.actor(a).sector) for a in ev.actor] == [("POL", "COP")]
    assert codes(doc, ev.recipient) == {"BLR"}


# ---------------------------------------------------------------- ASSAULT


def test_airstrike_is_aerial_assault(pipeline):
    text = "Israeli forces carried out an airstrike on Hezbollah positions in southern Lebanon on Tuesday."
    doc = extract(pipeline, text)
    ev = one(doc, "ASSAULT")
    assert ev.mode == "aerial"
    assert [(doc.actor(a).code, doc.actor(a).sector) for a in ev.actor] == [("ISR", "MIL")]
    assert names(doc, ev.recipient) == {"Hezbollah"}
    assert ev.date == "2025-02-11"
    assert ev.event_loc is not None and ev.event_loc.country_code == "LBN"
    trigger_is(text, ev, "airstrike")


def test_shelled_is_heavy_weapons_assault(pipeline):
    text = "Russian forces shelled the Ukrainian city of Kharkiv overnight, Ukrainian officials said."
    doc = extract(pipeline, text)
    ev = one(doc, "ASSAULT")
    assert ev.mode == "heavy-weapons"
    assert [(doc.actor(a).code, doc.actor(a).sector) for a in ev.actor] == [("RUS", "MIL")]
    assert codes(doc, ev.recipient) == {"UKR"}
    trigger_is(text, ev, "shelled")


@pytest.mark.parametrize(
    "text", ["Israel attacked Iran on Tuesday.", "Iran was attacked by Israel on Tuesday."]
)
def test_direction_is_the_same_in_active_and_passive(pipeline, text):
    doc = extract(pipeline, text)
    ev = one(doc, "ASSAULT")
    assert codes(doc, ev.actor) == {"ISR"}
    assert codes(doc, ev.recipient) == {"IRN"}
    assert ev.date == "2025-02-11"
    trigger_is(text, ev, "attacked")


# ---------------------------------------------------------------- auxiliary modes and dates


def test_future_meeting_on_friday(pipeline):
    text = "Chinese Foreign Minister Wang Yi will meet his Japanese counterpart on Friday."
    doc = extract(pipeline, text)
    found = [e for e in doc.events if e.event_type in ("CONSULT", "AGREE")]
    assert len(found) == 1
    ev = found[0]
    # PLOVER allows a future meeting as AGREE; as CONSULT it must carry the future mode
    if ev.event_type == "CONSULT":
        assert ev.aux_mode == "future"
    assert codes(doc, ev.actor) | codes(doc, ev.recipient) == {"CHN", "JPN"}
    assert ev.date == "2025-02-14"  # the next Friday after publication
    assert ev.date_text == "Friday"


def test_future_visit_next_week(pipeline):
    text = "Iranian Foreign Minister Abbas Araghchi will visit Oman next week."
    doc = extract(pipeline, text)
    found = [e for e in doc.events if e.event_type in ("CONSULT", "AGREE")]
    assert len(found) == 1
    ev = found[0]
    if ev.event_type == "CONSULT":
        assert ev.aux_mode == "future"
        assert ev.mode == "visit"
    assert codes(doc, ev.actor) == {"IRN"}
    assert codes(doc, ev.recipient) == {"OMN"}
    assert ev.date is None or ev.date > PUBLISHED


def test_did_not_attack_is_negation(pipeline):
    text = "Russia did not attack Ukrainian energy facilities on Tuesday, the Kremlin said."
    doc = extract(pipeline, text)
    ev = one(doc, "ASSAULT")
    assert ev.aux_mode == "negation"
    assert codes(doc, ev.actor) == {"RUS"}
    assert codes(doc, ev.recipient) == {"UKR"}


def test_would_impose_if_is_conditional_not_a_sanction(pipeline):
    text = "The United States would impose new tariffs on Canada if Ottawa fails to secure its border."
    doc = extract(pipeline, text)
    # no sanction took place
    assert [e for e in events(doc, "SANCTION") if e.aux_mode is None] == []
    found = [e for e in doc.events if e.event_type in ("THREATEN", "SANCTION")]
    assert len(found) == 1
    ev = found[0]
    if ev.event_type == "SANCTION":
        assert ev.aux_mode == "hypothetical"
    else:
        assert ev.aux_mode in (None, "hypothetical")
    assert codes(doc, ev.actor) == {"USA"}
    assert codes(doc, ev.recipient) == {"CAN"}
    trigger_is(text, ev, "impose")


def test_counterfactual_is_dropped(pipeline):
    text = "Russia would have invaded Ukraine years earlier if NATO had expanded further east, Trump said."
    doc = extract(pipeline, text)
    assert events(doc, "ASSAULT") == []


def test_date_in_an_earlier_year_is_historical(pipeline):
    text = "Russian forces invaded Ukraine's Crimean peninsula in 2014."
    doc = extract(pipeline, text)
    ev = one(doc, "ASSAULT")
    assert ev.aux_mode == "historical"
    assert ev.date == "2014"
    assert ev.date_text == "2014"
    assert codes(doc, ev.actor) == {"RUS"}
    assert codes(doc, ev.recipient) == {"UKR"}


def test_weekday_in_past_tense_is_the_latest_on_or_before_publication(pipeline):
    text = (
        "Kenyan President William Ruto met Ethiopian Prime Minister Abiy Ahmed on Tuesday. "
        "Ethiopia and Somalia held talks in Addis Ababa on Wednesday. "
        "Somalia and Kenya signed a border agreement on Thursday."
    )
    doc = extract(pipeline, text)
    by_pair = {frozenset(codes(doc, e.actor)): e for e in doc.events}
    met = by_pair[frozenset({"KEN", "ETH"})]
    assert (met.event_type, met.date, met.date_text) == ("CONSULT", "2025-02-11", "Tuesday")
    # the publication day itself counts as "on or before"
    talks = by_pair[frozenset({"ETH", "SOM"})]
    assert (talks.event_type, talks.date) == ("CONSULT", "2025-02-12")
    assert talks.event_loc is not None and talks.event_loc.country_code == "ETH"
    # a Thursday in a past-tense story is the one before publication, never the next one
    signed = by_pair[frozenset({"SOM", "KEN"})]
    assert (signed.event_type, signed.date) == ("SUPPORT", "2025-02-06")  # signing is SUPPORT in PLOVER


def test_no_date_means_the_publication_date(pipeline):
    text = "Pakistan accused India of supporting militants in Balochistan."
    doc = extract(pipeline, text)
    ev = one(doc, "ACCUSE")
    assert ev.date == "2025-02-12"
    assert ev.date_text is None
    assert ev.aux_mode is None


def test_confidence_is_lower_for_conditional_than_plain_events(pipeline):
    plain = one(extract(pipeline, "Israel attacked Iran on Tuesday."), "ASSAULT")
    negated = one(
        extract(pipeline, "Russia did not attack Ukrainian energy facilities on Tuesday."), "ASSAULT"
    )
    assert negated.confidence < plain.confidence


def test_warning_of_a_danger_is_no_threat_but_a_warning_to_someone_is(pipeline):
    doc = extract(pipeline, "Kenyan officials warned on Tuesday of heavy flooding along the Tana River.")
    assert events(doc, "THREATEN") == []
    doc = extract(pipeline, "Turkey warned Greece on Tuesday that it would respond to any provocation.")
    assert len(events(doc, "THREATEN")) == 1


def test_a_date_after_call_is_a_phone_call_not_a_call_on(pipeline):
    doc = extract(pipeline, "French President Emmanuel Macron called Chancellor Olaf Scholz on Tuesday.")
    assert events(doc, "REQUEST") == []
    assert events(doc, "CONSULT")


def test_an_ordered_investigation_is_no_request(pipeline):
    doc = extract(pipeline, "A Nairobi court ordered an investigation into the governor on Tuesday.")
    assert events(doc, "REQUEST") == []
    doc = extract(pipeline, "Israel ordered Hamas to release the hostages on Tuesday.")
    assert len(events(doc, "REQUEST")) == 1


def test_a_weapon_as_subject_is_an_attack_but_a_round_of_talks_is_not(pipeline):
    """``subj: [mortar round, ...]``: a head a phrase lists ("round") needs the phrase's modifier."""
    doc = extract(pipeline, "Two artillery rounds hit the market in Aden on Monday.")
    assert [e.event_type for e in doc.events] == ["ASSAULT"]
    doc = extract(pipeline, "The second round of talks hit a snag in Geneva on Monday.")
    assert events(doc, "ASSAULT") == []


# ---------------------------------------------------------------- type conventions and themes


@pytest.mark.parametrize(
    "text, trigger",
    [
        ("Kenya and Somalia reached an agreement on Tuesday on their maritime boundary.", "reached"),
        ("Negotiators for the two Sudanese factions struck a deal in Jeddah on Monday.", "struck"),
        ("Chile and Bolivia concluded a water-sharing accord in La Paz on Friday.", "concluded"),
    ],
)
def test_an_agreement_reached_is_support(pipeline, text, trigger):
    """PLOVER SUPPORT: "ratify, sign, or finalize an agreement" (an intention to agree is AGREE)."""
    doc = extract(pipeline, text)
    ev = one(doc, "SUPPORT")
    trigger_is(text, ev, trigger)
    assert not events(doc, "AGREE")


def test_failing_to_reach_an_agreement_is_reject(pipeline):
    text = "Serbia and Kosovo failed to reach an agreement on Monday after six hours of talks in Brussels."
    doc = extract(pipeline, text)
    assert one(doc, "REJECT")
    assert not events(doc, "SUPPORT")


def test_establishing_diplomatic_ties_is_support(pipeline):
    """PLOVER SUPPORT: "initiation of diplomatic ties with an entity for the first time"."""
    doc = extract(pipeline, "Honduras established diplomatic ties with Bhutan on Tuesday.")
    ev = one(doc, "SUPPORT")
    assert codes(doc, ev.actor + ev.recipient) == {"HND", "BTN"}
    assert not events(doc, "COOPERATE")


@pytest.mark.parametrize(
    "text, kept, theme",
    [
        ("Canada lifted sanctions on two Venezuelan oil firms on Monday.", "CONCEDE", "SANCTION"),
        ("Dock workers in Chile called off their strike on Tuesday.", "CONCEDE", "PROTEST"),
        ("Greece lifted its boycott of Turkish fruit imports on Friday.", "CONCEDE", "PROTEST"),
    ],
)
def test_an_event_noun_acted_on_is_the_theme_not_an_event(pipeline, text, kept, theme):
    """The sanctions lifted and the strike called off name what the concession is about."""
    doc = extract(pipeline, text)
    assert one(doc, kept)
    assert not events(doc, theme)


def test_an_arrest_warrant_is_coerce(pipeline):
    text = "A court in Lyon issued an arrest warrant for a former Chadian general on Tuesday."
    doc = extract(pipeline, text)
    ev = one(doc, "COERCE")
    trigger_is(text, ev, "warrant")
    assert ev.mode == "arrest"


def test_forces_on_alert_are_mobilize(pipeline):
    doc = extract(pipeline, "Armenian troops remained on alert along the border on Sunday.")
    ev = one(doc, "MOBILIZE")
    assert codes(doc, ev.actor) == {"ARM"}


def test_residents_on_alert_are_no_event(pipeline):
    doc = extract(pipeline, "Residents of the coastal town remained on alert as the storm approached.")
    assert not events(doc, "MOBILIZE")


def test_returned_antiquities_are_retreat(pipeline):
    text = "Swiss customs officials returned 30 looted statues to Iraq on Wednesday."
    doc = extract(pipeline, text)
    ev = one(doc, "RETREAT")
    trigger_is(text, ev, "returned")
    assert codes(doc, ev.recipient) == {"IRQ"}


def test_returning_home_is_no_event(pipeline):
    doc = extract(pipeline, "The Austrian delegation returned to Vienna on Tuesday.")
    assert not events(doc, "RETREAT")


def test_an_event_named_as_background_is_not_reported_again(pipeline):
    """ "since last month's invasion": the time of the report, not its news."""
    doc = extract(
        pipeline,
        "Ecuador granted asylum to three Bolivian officers on Monday, weeks after last month's coup attempt.",
    )
    assert one(doc, "AID")
    assert [e.event_type for e in doc.events] == ["AID"]


def test_the_same_attack_named_in_the_verb_s_phrase_is_one_event(pipeline):
    text = "Militants killed 12 soldiers in an attack on an army post in northern Burkina Faso."
    doc = extract(pipeline, text)
    assert len(events(doc, "ASSAULT")) == 1
    trigger_is(text, one(doc, "ASSAULT"), "killed")


def test_background_protests_alone_are_still_reported(pipeline):
    doc = extract(
        pipeline, "After mass protests by Kenyan students, tuition fees stayed unchanged this year."
    )
    assert events(doc, "PROTEST")


def test_a_meeting_of_a_council_is_a_consultation_with_its_members(pipeline):
    text = "The Ghanaian foreign minister attended a meeting of the African Union in Addis Ababa on Monday."
    doc = extract(pipeline, text)
    ev = one(doc, "CONSULT")
    trigger_is(text, ev, "meeting")
    assert "GHA" in codes(doc, ev.actor + ev.recipient)


def test_calling_out_an_actor_is_accuse(pipeline):
    doc = extract(pipeline, "Peru's foreign minister called out Chile for its treatment of migrants.")
    ev = one(doc, "ACCUSE")
    assert codes(doc, ev.recipient) == {"CHL"}
    assert not events(doc, "REQUEST")


def test_days_of_fighting_before_a_truce_are_background(pipeline):
    doc = extract(
        pipeline, "Ecuador declared a truce on Friday after two weeks of clashes with Colombian rebels."
    )
    assert one(doc, "RETREAT")
    assert not events(doc, "ASSAULT")


def test_a_feared_attack_is_no_event(pipeline):
    doc = extract(
        pipeline, "Kenya sent more troops to the border, citing the danger of attacks by al-Shabaab."
    )
    assert one(doc, "MOBILIZE")
    assert not events(doc, "ASSAULT")


@pytest.mark.parametrize(
    "text, trigger",
    [
        ("Chile removed tariffs on Argentine beef on Monday.", "removed"),
        ("Vietnam repealed its ban on Laotian rice imports.", "repealed"),
    ],
)
def test_restrictions_removed_are_concede(pipeline, text, trigger):
    doc = extract(pipeline, text)
    trigger_is(text, one(doc, "CONCEDE"), trigger)
    assert not events(doc, "SANCTION") and not events(doc, "COERCE")


def test_support_offered_is_agree_and_support_pledged_is_support(pipeline):
    doc = extract(pipeline, "Japan offered logistical support to the Philippine coast guard.")
    assert one(doc, "AGREE") and not events(doc, "SUPPORT")
    doc = extract(pipeline, "Ghana's president pledged his full support for Togo's mediation effort.")
    assert one(doc, "SUPPORT")


@pytest.mark.parametrize(
    "text, trigger",
    [
        ("Norwegian engineers handed over 300 kg of medicine to the Malian Red Cross.", "handed"),
        ("The European Union provided 20 million euros in humanitarian aid to Chad on Monday.", "provided"),
        ("Japan sent food aid to North Korea on Friday.", "sent"),
    ],
)
def test_aid_measured_or_qualified_is_aid(pipeline, text, trigger):
    """The amount ("300 kg of", "20 million euros in") and a qualifier ("food aid") do not
    hide what is given."""
    doc = extract(pipeline, text)
    trigger_is(text, one(doc, "AID"), trigger)


def test_a_mediation_mission_is_a_consultation(pipeline):
    doc = extract(pipeline, "Qatar undertook a mediation mission between Hamas and Fatah in Doha.")
    ev = one(doc, "CONSULT")
    assert ev.mode == "third-party"


def test_rockets_fired_at_a_city_are_assault_and_a_missile_test_mobilize(pipeline):
    doc = extract(pipeline, "Rebel forces fired dozens of rockets into Tripoli on Sunday.")
    assert one(doc, "ASSAULT") and not events(doc, "MOBILIZE")
    doc = extract(pipeline, "North Korea fired a ballistic missile into the sea on Tuesday.")
    assert one(doc, "MOBILIZE")


def test_a_vow_to_attack_is_a_threat(pipeline):
    """PLOVER THREATEN: a forceful warning; a promise of force is no AGREE."""
    doc = extract(
        pipeline, "Ethnic Albanian rebels have vowed to attack Macedonian police posts near the border."
    )
    ev = one(doc, "THREATEN")
    assert not events(doc, "AGREE") and not events(doc, "ASSAULT")
    assert codes(doc, ev.recipient) == {"MKD"}


def test_an_agreement_to_stop_fighting_is_no_threat(pipeline):
    doc = extract(pipeline, "Armenia and Azerbaijan agreed to stop the fighting in Karabakh on Friday.")
    assert not events(doc, "THREATEN")


def test_restrictions_imposed_at_home_are_coerce_and_trade_restrictions_sanction(pipeline):
    """CAMEO 172 (administrative restrictions) is COERCE; trade restrictions are SANCTION."""
    doc = extract(pipeline, "The junta imposed restrictions on opposition newspapers in Bamako.")
    assert one(doc, "COERCE") and not events(doc, "SANCTION")
    doc = extract(pipeline, "Washington imposed trade restrictions on three Chinese firms.")
    assert one(doc, "SANCTION")


# ------------------------------------------------- what a sentence does not report
def test_a_participle_describing_a_participant_is_no_event(pipeline):
    """ "strikers DEMANDING higher pay" says who the strikers are; the news is the walkout."""
    doc = extract(
        pipeline,
        "Dock workers demanding higher wages walked off the job at the port of Mombasa on Monday.",
    )
    assert not events(doc, "REQUEST")
    doc = extract(pipeline, "The alliance fighting the militia in Darfur announced a truce on Sunday.")
    assert not events(doc, "ASSAULT")


def test_crowds_protesting_are_the_protest(pipeline):
    doc = extract(pipeline, "Riot police in Lusaka dispersed hundreds of students protesting fee increases.")
    assert one(doc, "PROTEST")


def test_the_act_a_condition_asks_for_is_no_event(pipeline):
    doc = extract(
        pipeline, "The rebels will not free the two engineers unless Bolivia releases their commander."
    )
    assert [e.trigger.text for e in doc.events] == ["free"]
    doc = extract(
        pipeline, "Ghana will keep the embargo on Togo until the Togolese government accepts the new terms."
    )
    assert not events(doc, "AGREE")


def test_a_past_until_clause_is_a_time_not_a_condition(pipeline):
    doc = extract(pipeline, "Militiamen held the bridge until government troops attacked them on Friday.")
    assert one(doc, "ASSAULT")


def test_a_refusal_to_release_is_a_reject(pipeline):
    doc = extract(pipeline, "Eritrea will not release the detained Somali fishermen, officials said.")
    assert one(doc, "REJECT") and not events(doc, "RETREAT")


def test_a_press_release_is_no_release(pipeline):
    doc = extract(
        pipeline,
        "Zambian police arrested six miners in Kitwe on Monday, according to a press release by the union.",
    )
    assert one(doc, "COERCE") and not events(doc, "RETREAT")


def test_troops_shooting_are_an_assault(pipeline):
    doc = extract(
        pipeline, "Police in Kano arrested two gunmen shooting at worshippers outside a mosque on Friday."
    )
    assert one(doc, "ASSAULT") and one(doc, "COERCE")


# ---------------------------------------------------------------- AID
@pytest.mark.parametrize(
    "text",
    [
        "Uruguay sent 300 peacekeeping troops to Haiti on Monday.",
        "Kenyan peacekeepers arrived in Mogadishu on Tuesday.",
        "A contingent of Ghanaian peacekeepers arrived in Juba on Sunday.",
    ],
)
def test_peacekeepers_sent_or_arriving_are_aid(pipeline, text):
    """PLOVER AID: military assistance including personnel; peacekeepers are no visit."""
    doc = extract(pipeline, text)
    ev = one(doc, "AID")
    assert "peacekeeping" in ev.context and not events(doc, "CONSULT")


def test_a_minister_arriving_is_still_a_visit(pipeline):
    doc = extract(
        pipeline, "The Kenyan foreign minister arrived in Mogadishu on Tuesday for talks with Somali leaders."
    )
    assert not events(doc, "AID")


def test_a_gerund_clause_talked_about_is_the_act(pipeline):
    doc = extract(
        pipeline,
        "The junta banning the union from holding rallies is a sign of a wider crackdown, activists said.",
    )
    assert events(doc, "COERCE")


def test_a_loan_named_after_its_terms_is_aid(pipeline):
    """The parser may take the first modifier for the object and the loan for its apposition."""
    doc = extract(
        pipeline,
        "The Asian Development Bank approved a zero-interest, $80-million loan for flood relief in Laos.",
    )
    assert one(doc, "AID") and not events(doc, "SUPPORT")


def test_meeting_demands_is_no_meeting(pipeline):
    doc = extract(pipeline, "Jordan said it would not meet the kidnappers' demands to free three prisoners.")
    assert not events(doc, "CONSULT") and not events(doc, "AGREE")
    doc = extract(pipeline, "The Kenyan foreign minister met Somali leaders in Mogadishu on Tuesday.")
    assert one(doc, "CONSULT")


def test_a_rule_listing_a_phrase_and_its_bare_head_takes_both(nlp, tmp_path, monkeypatch):
    """``obj: [emergency grant, grant]``: the phrase does not hide the bare word it ends in."""
    from parley.pipeline import Pipeline

    monkeypatch.setenv("PARLEY_TYPE_MODEL", "off")
    monkeypatch.setenv("PARLEY_CAMEO", "off")
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "- rule: aid.earmark\n  type: AID\n  verbs: [earmark]\n"
        "  obj: [emergency grant, grant]\n  recipient: [for]\n",
        encoding="utf-8",
    )
    pipe = Pipeline(nlp=nlp, lexicon=(str(rules),))
    for text in (
        "Norway earmarked an emergency grant for Malawi on Monday.",
        "Norway earmarked a grant for Malawi on Monday.",
    ):
        doc = pipe.extract(text, published="2025-03-04")
        assert [e.rule for e in doc.events] == ["aid.earmark"], text


def test_the_words_the_trigger_loop_passes_by_can_give_no_candidate(nlp):
    # the event stage looks only at the tokens _readable_tokens lists; every other word must be
    # one no rule, no dictionary, no "said ... must" reading and no model reading could take up
    from parley import actors as actors_stage
    from parley import nlp as nlp_stage
    from parley.events import stage
    from parley.events.triggers import Matcher, say_must
    from parley.events.type_model import default_model

    lex = load_lexicon()
    model = default_model()
    reporting = set(lex.cues["reporting"])
    must = {m for m in lex.cues["must_modals"] if " " not in m}
    text = (
        "Hundreds of striking nurses staged a protest outside the Health Ministry on Monday, "
        "and riot police fired tear gas. The opposition said the government must resign, "
        "while the Kenyan president's spokesperson accused foreign donors of meddling and "
        "announced talks with the union in Nairobi. Two soldiers were killed in an ambush."
    )
    doc = nlp_stage.fix_lemmas(nlp(text))
    matcher = Matcher(lex, actors_stage.find_actors(doc, None))
    readable = set(stage._readable_tokens(doc, lex, model.noun_triggers))
    passed = [t for t in doc if t.i not in readable]
    assert readable and len(passed) > len(doc) // 3
    for tok in passed:
        assert matcher.match(tok) is None, tok.text
        assert not say_must(tok, reporting, must), tok.text
        assert not model.is_candidate(tok), tok.text
        assert tok.pos_ not in ("VERB", "AUX"), tok.text
