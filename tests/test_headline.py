"""Where a story's headline ends (parley/headline.py): the one test quotes and events share.

Every headline and story here is invented for these tests.
"""

from __future__ import annotations

from parley.headline import headline_end

BODY = "Rebels attacked an army base in northern Mali on Tuesday, the army said. Four soldiers died."


def test_a_short_first_line_without_final_punctuation_is_a_headline():
    head = "Rebels attack army base in northern Mali"
    assert headline_end(f"{head}\n\n{BODY}") == len(head)


def test_sentence_case_and_headline_case_both_count():
    for head in ("Rebels attack army base in northern Mali", "Rebels Attack Army Base in Northern Mali"):
        assert headline_end(f"{head}\n\n{BODY}") == len(head)


def test_a_question_headline_is_a_headline():
    head = "Can Ankara broker a truce between Moscow and Kyiv?"
    assert headline_end(f"{head}\n\n{BODY}") == len(head)


def test_a_deck_under_the_headline_belongs_to_it():
    text = f"Rebels attack army base in northern Mali\nFour soldiers dead, army says\n\n{BODY}"
    assert text[: headline_end(text)].endswith("army says")


def test_a_first_paragraph_that_ends_like_a_sentence_is_the_lead():
    assert headline_end(f"Rebels attacked an army base in Mali on Tuesday.\n\n{BODY}") == 0
    assert headline_end(f"The army said on Tuesday:\n\n{BODY}") == 0


def test_no_headline_without_a_body_after_it():
    assert headline_end("Rebels attack army base in northern Mali") == 0
    assert headline_end(BODY) == 0
    # a list of short lines is no headline over a story
    assert headline_end("Mali army base attacked\nChad border closed\nNiger talks stall") == 0


def test_the_title_the_text_begins_with_is_the_headline_whatever_its_punctuation():
    title = "Mayor calls port levy ‘a scandal’"
    text = f"Mayor calls port levy ‘a scandal.’\n\n{BODY}"
    assert headline_end(text) == 0  # a line ending in a period, on its own, is a sentence
    assert headline_end(text, title) == len("Mayor calls port levy ‘a scandal.’")


def test_a_title_with_its_deck_may_run_over_a_line_break():
    title = "Kenya recalls envoy; Nairobi says talks with Mogadishu have failed"
    text = f"Kenya recalls envoy; \nNairobi says talks with Mogadishu have failed.\n\n{BODY}"
    assert text[: headline_end(text, title)].endswith("have failed.")


def test_a_title_the_text_does_not_begin_with_is_ignored():
    assert headline_end(BODY, "Rebels attack army base in northern Mali") == 0
    # the title is only the start of the first sentence
    assert headline_end(f"{BODY}\n\nMore.", "Rebels attacked an army base") == 0
