"""The nlp stage: long stories are parsed in pieces, offsets stay exact."""

from __future__ import annotations

from parley import nlp as nlp_stage

PARAGRAPH = (
    "Kenyan President William Ruto met Tanzanian President Samia Suluhu Hassan in Arusha on "
    "Monday, officials said. The two leaders discussed trade and border security."
)


def test_split_long_cuts_at_paragraph_breaks_and_keeps_every_character():
    text = "\n\n".join(f"{PARAGRAPH} ({n})" for n in range(40))
    pieces = nlp_stage.split_long(text, limit=1000)
    assert len(pieces) > 1
    assert "".join(p for _, p in pieces) == text
    for offset, piece in pieces:
        assert text[offset : offset + len(piece)] == piece
        assert len(piece) <= 1000
    # every cut but the last falls just after a paragraph break
    assert all(p.endswith("\n\n") for _, p in pieces[:-1])


def test_a_story_longer_than_a_piece_is_one_doc_with_exact_offsets(nlp, monkeypatch):
    monkeypatch.setattr(nlp_stage, "CHUNK_CHARS", 2000)
    text = "\n\n".join(f"{PARAGRAPH} ({n})" for n in range(30))
    (doc,) = list(nlp_stage.parse(nlp, [text]))
    assert doc.text == text
    last = text.rindex("Arusha")
    ents = [e for e in doc.ents if e.start_char == last]
    assert ents and ents[0].text == "Arusha"  # found in the last piece, at its place in the story
    assert sum(1 for s in doc.sents) >= 60


def test_paragraph_breaks_and_semicolons_start_sentences(nlp):
    text = "Troops withdrew from the town on Monday; residents returned\n\nthe next day."
    doc = nlp(text)
    starts = [s.text.split()[0] for s in doc.sents]
    assert starts == ["Troops", "residents", "the"]


def test_children_table_gives_each_token_its_parse_children_for_the_story_asked_about(nlp):
    # the CAMEO argument walk and the type model read children from this table: it must be the
    # parse's, for the document asked about, also when another story was read just before
    first = nlp("Rebels seized the town and held two aid workers for a week.")
    second = nlp("The minister urged both sides to return to talks in Geneva.")
    for doc in (first, second, first):
        table = nlp_stage.children_table(doc)
        assert len(table) == len(doc)
        assert [[c.i for c in kids] for kids in table] == [[c.i for c in t.children] for t in doc]
        assert all(c.doc is doc for kids in table for c in kids)
