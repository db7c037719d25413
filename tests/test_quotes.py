"""Quotes stage on short wire-style stories written for these tests (fictional people)."""

from __future__ import annotations

import pytest

from parley import actors, nlp, quotes


@pytest.fixture(scope="module")
def model():
    return nlp.load()


@pytest.fixture
def run(model):
    def go(text: str):
        doc = model(text)
        found = quotes.find_quotes(doc, actors.find_actors(doc))
        for q in found:
            assert text[q.start : q.end] == q.text
            if q.speaker_mention:
                sm = q.speaker_mention
                assert text[sm.start : sm.end] == sm.text
        return found

    return go


def only(found):
    assert len(found) == 1, [q.text for q in found]
    return found[0]


def test_partial_quote_with_cue_before(run):
    q = only(
        run('Prime Minister Jana Kowalski called the accord a "historic step forward." Talks resume soon.')
    )
    assert q.text == "historic step forward"
    assert "Kowalski" in q.speaker_mention.text
    assert q.cue.text == "called"


def test_curly_quote_speaker_after_title(run):
    text = "President Elena Marsh met aid groups on Monday.\n\n“We will not back down,” the president told reporters."
    q = only(run(text))
    assert q.text == "We will not back down"
    assert q.speaker_mention.text == "the president"
    assert q.cue.text == "told"


def test_inverted_said_and_follow_on_quote(run):
    text = "“The talks were useful,” said Marlow Finch. “Both sides want a deal this year.”"
    q1, q2 = run(text)
    assert q1.speaker_mention.text == "Marlow Finch"
    assert q1.cue.text == "said"
    assert q2.text == "Both sides want a deal this year"
    assert q2.speaker_mention.text == "Marlow Finch"
    assert [q1.id, q2.id] == ["Q1", "Q2"]


def test_colon_in_sentence_before(run):
    q = only(run('Finance Minister Rosa Ortega said: "We are ready to sign the agreement."'))
    assert q.text == "We are ready to sign the agreement"
    assert "Ortega" in q.speaker_mention.text


def test_colon_paragraph_before(run):
    text = 'Finch continued:\n\n"Trade is the key issue for both sides, and we will say so in Geneva."'
    q = only(run(text))
    assert q.speaker_mention.text == "Finch"
    assert q.cue.text == "continued"


def test_he_added(run):
    text = "Senator Paul Grant criticized the budget.\n\n“We expect more cuts next year,” he added."
    q = only(run(text))
    assert q.speaker_mention.text == "he"
    assert q.cue.text == "added"


def test_pronoun_speaker_falls_back_to_person(run):
    text = "Senator Paul Grant spoke in Ohio on Friday.\n\n“The plan is a mistake,” he said."
    q = only(run(text))
    assert q.speaker is not None


def test_according_to(run):
    q = only(run('The proposal is "dead on arrival in the Senate," according to Senator Ruth Adler.'))
    assert q.cue.text == "according to"
    assert "Adler" in q.speaker_mention.text


def test_in_a_statement(run):
    text = "“We condemn the attack in the strongest terms,” the foreign ministry said in a statement."
    q = only(run(text))
    assert "ministry" in q.speaker_mention.text


def test_quote_over_paragraph_break(run):
    text = (
        "The minister spoke at length.\n\n"
        "“Our farmers have waited too long for this road. It will open markets.\n\n"
        "“We will finish it before the rains,” Minister Amos Bello said."
    )
    q1, q2 = run(text)
    assert q1.text.startswith("Our farmers") and q1.text.endswith("It will open markets")
    assert q2.text == "We will finish it before the rains"
    assert q1.speaker_mention.text == q2.speaker_mention.text == "Minister Amos Bello"


def test_second_paragraph_keeps_speaker(run):
    text = (
        "“I just spoke to the governor of the province,” Marsh wrote in a follow-up post.\n\n"
        "“We agreed to meet again next week, and the meeting will be in the capital.”"
    )
    q1, q2 = run(text)
    assert q1.cue.text == "wrote"
    assert q2.speaker_mention.text == "Marsh"


def test_scare_quotes_and_titles_are_not_quotes(run):
    text = (
        "Critics dismissed the so-called “peace plan” as a stunt. "
        "The general’s memoir, “The Long Road Home,” sold well in Lagos."
    )
    assert run(text) == []


def test_apostrophes_are_not_quotes(run):
    text = "It's the people's choice, the official said of Iraq’s vote and the voters’ mood."
    assert run(text) == []


def test_headline_fragment_is_not_a_quote_but_a_headline_utterance_is(run):
    # the headline's borrowed words come back, with their cue, in the story's body
    text = "Minister Says Border Deal Is ‘A New Start’ for Iraq’s Economy\n\nThe deal was signed on Monday."
    assert run(text) == []
    text = "Senator Ruth Adler to Port Chief: ‘Step Down Before the Audit’\n\nThe hearing lasted four hours."
    q = only(run(text))
    assert q.text == "Step Down Before the Audit"
    assert "Adler" in q.speaker_mention.text


def test_dash_credit(run):
    text = (
        "“The vote was fair and the count was quick.” ― Ana Ruiz\n“Nobody asked us anything.” ― Tomas Vidal"
    )
    q1, q2 = run(text)
    assert q1.speaker_mention.text == "Ana Ruiz"
    assert q2.speaker_mention.text == "Tomas Vidal"


def test_scan_marks_is_linear_and_exact():
    para = "“One two three,” she said. It’s ‘fine’ and the people's ''old style'' works.\n\n"
    text = para * 3000
    found = quotes.scan_marks(text)
    assert len(found) == 3 * 3000
    assert {text[s.start : s.end] for s in found} == {"One two three", "fine", "old style"}


# ---------------------------------------------------------------- fragments, ?/!, neighbours


def test_a_label_a_named_speaker_gives_is_a_quote(run):
    q = only(run('On Tuesday, Foreign Minister Ilse Marr called the new tariffs "maximum pressure."'))
    assert q.text == "maximum pressure"
    assert "Marr" in q.speaker_mention.text
    assert q.cue.text == "called"


def test_a_word_or_two_in_the_writers_sentence_is_emphasis_not_a_quote(run):
    # unless a named speaker gives them as a label (see the "maximum pressure" test above)
    assert run('Mayor Tom Reyes said the flooding was "bad" for the farmers.') == []
    assert run('Mayor Tom Reyes said the flooding was "very bad" for the farmers.') == []


def test_quotes_ending_in_question_or_exclamation_marks(run):
    text = '"Why should we wait any longer?" Governor Ann Cole asked.\n\n"We will not back down!" Cole told supporters.'
    q1, q2 = run(text)
    assert q1.text == "Why should we wait any longer?"
    assert q2.text == "We will not back down!"
    assert "Cole" in q1.speaker_mention.text and "Cole" in q2.speaker_mention.text


def test_attribution_in_the_previous_sentence(run):
    text = 'Mayor Tom Reyes said the repairs were on schedule. "The bridge will reopen next month."'
    q = only(run(text))
    assert q.text == "The bridge will reopen next month"
    assert "Reyes" in q.speaker_mention.text


def test_a_quote_that_lost_its_closing_mark_ends_before_its_attribution(run):
    text = (
        'In the past, the council "was run by a small circle of old families, Reyes said. '
        '"Those days are over."'
    )
    q1, q2 = run(text)
    assert q1.text == "was run by a small circle of old families"
    assert q2.text == "Those days are over"  # a full stop inside the mark is left out
    assert q1.speaker_mention.text == q2.speaker_mention.text == "Reyes"


def test_colon_introduction(run):
    q = only(run('Cole put it plainly: "The budget cannot carry another cut this year."'))
    assert "Cole" in q.speaker_mention.text


def test_the_nearest_cue_verb_gives_the_speaker(run):
    text = '"We will rebuild every school," Reyes said, after Governor Ann Cole had promised new funds.'
    q = only(run(text))
    assert q.speaker_mention.text == "Reyes"


def test_never_there_or_its_as_speaker(run):
    text = (
        '"There is no shortage of fuel," its spokesman said of the ministry. '
        '"There were delays," there was little doubt, the ministry said.'
    )
    for q in run(text):
        assert q.speaker_mention.text.lower() not in ("there", "its"), q.speaker_mention


# ---- the convention for fragments in the writer's sentence (docs/conventions.md, "Quotes")


def test_fragment_that_ends_the_sentence_is_the_speakers_statement(run):
    q = only(
        run('Interior Minister Dara Quill said the new border posts "will stop the smugglers for good."')
    )
    assert q.text == "will stop the smugglers for good"
    assert "Quill" in q.speaker_mention.text


def test_fragment_the_writers_sentence_goes_on_past_is_borrowed_not_reported(run):
    text = 'Governor Lena Vos said the levy was "a fair price for clean water" in a region short of rain.'
    assert run(text) == []
    text = 'Senator Paul Ek called the plan a "reckless gamble" that would cost farmers dearly.'
    assert run(text) == []


def test_fragment_attributed_right_after_it_is_kept(run):
    text = 'The new budget "leaves the hospitals without a cent," Mayor Ines Kalb said on Friday.'
    q = only(run(text))
    assert q.text == "leaves the hospitals without a cent"
    assert "Kalb" in q.speaker_mention.text


def test_speakers_own_adjectives_for_something_are_kept(run):
    q = only(run("Union leaders left what Premier Otto Brandt called a “frank and very useful” session."))
    assert q.text == "frank and very useful"
    assert "Brandt" in q.speaker_mention.text


def test_full_sentence_after_a_dash_is_not_a_fragment(run):
    text = "Several ministers have said so, among them Jon Vale -- ''It is too late to turn back'' -- and others."
    q = only(run(text))
    assert q.text == "It is too late to turn back"


# ---- transcripts


def test_transcript_lines_take_the_speaker_from_their_label(run):
    text = (
        "The interview ran on Sunday. Partial transcript:\n\n"
        '"HOST: Will the governor sign the bill this week?\n\n'
        '"(CROSSTALK.)\n\n'
        '"MARSH: She will sign it on Monday. The votes are there.\n\n'
        '"And the budget follows in March."'
    )
    found = run(text)
    assert [q.text for q in found] == [
        "Will the governor sign the bill this week?",
        "She will sign it on Monday. The votes are there",
        "And the budget follows in March",
    ]
    assert [q.speaker_mention.text for q in found] == ["HOST", "MARSH", "MARSH"]


# ---- speakers


def test_speaker_of_a_participle_after_a_preposition(run):
    q = only(run("Coach Ada Brun paused for a moment before asking, “Who wants to go first?”"))
    assert "Brun" in q.speaker_mention.text


def test_speaker_of_a_participle_after_a_name(run):
    q = only(run("The new ad shows footage of Senator Ivo Lind saying, “We cannot afford this war.”"))
    assert "Lind" in q.speaker_mention.text


def test_speaker_named_before_a_party_tag_or_an_apposition(run):
    text = '"He will win this seat, no doubt about it," Rep. Mara Olin (D-Ore.) said in a phone interview.'
    assert "Olin" in only(run(text)).speaker_mention.text
    text = "“We are ready for the vote,” Tarn, a senior aide to the mayor, said Monday on Radio Nord’s “Morning Hour.”"
    q = run(text)[0]
    assert q.text == "We are ready for the vote"
    assert q.speaker_mention.text in ("Tarn", "a senior aide to the mayor", "a senior aide")


def test_so_called_is_not_a_speech_verb(run):
    text = 'The minister defended the so-called "green levy" on Monday.'
    assert run(text) == []


def test_nickname_inside_a_name_is_not_a_quote_nor_a_stop(run):
    text = '"This county is ours!" Councilor Rosa "Ro" Almeida, the party chair, yelled at the rally.'
    q = only(run(text))
    assert q.text == "This county is ours!"
    assert "Almeida" in q.speaker_mention.text or "chair" in q.speaker_mention.text


def test_one_word_label_of_a_named_speaker_ends_the_sentence(run):
    q = only(run('Prime Minister Ada Voss called the new tariffs "unacceptable."'))
    assert q.text == "unacceptable"
    assert q.cue.text == "called"
    # "called for" asks for something; it names nothing
    assert run('Senator Ivo Lind called for a "calm" debate on the budget.') == []


def test_a_clause_of_the_writers_own_after_the_fragment_is_no_attribution(run):
    text = 'The union asked for "a fair deal on wages" in March and agreed to return to work.'
    assert run(text) == []


@pytest.mark.parametrize(
    "text, quoted, speaker",
    [
        ('The referee asked "Are you hurt?" as the striker lay on the grass.', "Are you hurt?", "referee"),
        # two words: kept only because a question or an exclamation is a whole utterance
        ('The minister asked "Why now?" before leaving the room.', "Why now?", "minister"),
        ('The guard shouted "Stop there!" as the crowd pushed forward.', "Stop there!", "guard"),
    ],
)
def test_question_in_the_middle_of_the_sentence_is_a_quote(run, text, quoted, speaker):
    q = only(run(text))
    assert q.text == quoted
    assert speaker in q.speaker_mention.text


def test_short_sentence_continues_the_speaker(run):
    text = "“We are not a burden on this city,” the mayor added. “We are the city.”"
    q1, q2 = run(text)
    assert q2.text == "We are the city"
    assert q2.speaker_mention.text == "the mayor"


def test_colon_after_a_speech_noun_introduces_the_quote(run):
    text = "On Monday, Senator Rhea Okoro made the following comment: “The port must stay open.”"
    q = only(run(text))
    assert "Okoro" in q.speaker_mention.text


def test_passive_agent_is_the_speaker(run):
    text = (
        "“We will rebuild every school” was written by Education Minister Pavel Dusek in a letter to parents."
    )
    q = only(run(text))
    assert "Dusek" in q.speaker_mention.text


def test_exclamation_then_the_next_sentence_is_no_attribution(run):
    text = "“Not again!” Mayor Lia Berg, who chairs the council, then left the room and said nothing."
    found = run(text)
    assert all(q.speaker_mention is None or "Berg" not in q.speaker_mention.text for q in found)


def test_markup_attribute_and_a_bare_name_are_not_quotes(run):
    text = 'Senator Lia Moss said the fund was empty <blockquote data-note="rated true">.'
    assert run(text) == []
    text = "Then the clerk read the winner's name aloud, “Ruth Adler.”"
    assert run(text) == []


def test_attribution_with_a_participle_after_a_question(run):
    text = "“Who would have thought we would win this county?” Governor Ana Pike said, smiling at the crowd."
    q = only(run(text))
    assert "Pike" in q.speaker_mention.text


def test_speech_verb_whose_clause_the_quote_opens(run):
    text = (
        "The new ad shows Senator Ivo Lind saying during the hearing last week, “We cannot afford this,”"
        " when his rival asked about the budget."
    )
    q = only(run(text))
    assert "Lind" in q.speaker_mention.text


def test_short_question_in_the_writers_sentence_is_an_utterance(run):
    q = only(run('Marchers on the bridge chanted "Which law?" and kept walking toward the palace.'))
    assert q.text == "Which law?"


def test_a_sentence_case_headline_is_a_headline_too(run):
    # parley.headline: a short first line without a final period, over the story's body
    text = "Senator Ruth Adler to port chief: ‘Step down before the audit’\n\nThe hearing lasted four hours."
    q = only(run(text))
    assert q.text == "Step down before the audit"
    assert "Adler" in q.speaker_mention.text
    text = "Minister says border deal is ‘a new start’ for the economy\n\nThe deal was signed on Monday."
    assert run(text) == []


def test_a_title_the_text_begins_with_is_its_headline(model):
    title = "Senator Ruth Adler to port chief: ‘Step down before the audit’"
    text = f"{title}.\n\nThe hearing lasted four hours."
    doc = model(text)
    index = actors.find_actors(doc)
    assert quotes.find_quotes(doc, index) == []  # a line ending in a period is no headline alone
    q = only(quotes.find_quotes(doc, index, title=title))
    assert "Adler" in q.speaker_mention.text
