"""The runner: order, failures that stay local, and worker processes."""

from __future__ import annotations

import pytest

from parley import events as events_stage
from parley import runner as runner_mod
from parley.ingest import InputError, InputStory, read_stories
from parley.model import Document, Story
from parley.runner import Runner, extract_chunk, run

from .conftest import EXAMPLES


def stories(n, prefix="s"):
    return [
        Story(
            id=f"{prefix}{i}",
            text=f"Police in Lima detained {i + 2} protesters on Monday.",
            published="2025-03-04",
        )
        for i in range(n)
    ]


def test_documents_and_errors_come_out_in_input_order(pipeline):
    err = InputError("in.jsonl", 2, None, "malformed JSON")
    items = [*stories(2, "a"), err, *stories(20, "b")]
    out = list(run(items, pipeline=pipeline, batch_size=4))
    assert [getattr(x, "id", x) for x in out] == [getattr(x, "id", x) for x in items]
    assert all(isinstance(x, Document) for x in out if x is not err)


def test_a_story_that_fails_in_extraction_becomes_an_error_and_the_rest_go_on(pipeline, monkeypatch):
    real = events_stage.find_events

    def fragile(doc, index, published, **kwargs):
        if "BOOM" in doc.text:
            raise ValueError("stage broke")
        return real(doc, index, published, **kwargs)

    monkeypatch.setattr(events_stage, "find_events", fragile)
    items = [
        *stories(2),
        InputStory(id="bad", text="BOOM went the stage.", origin="in.jsonl", line=3),
        *stories(2, "t"),
    ]
    out = list(run(items, pipeline=pipeline))
    assert [type(x).__name__ for x in out] == ["Document", "Document", "InputError", "Document", "Document"]
    bad = out[2]
    assert (bad.source, bad.line, bad.doc_id) == ("in.jsonl", 3, "bad")
    assert bad.reason.startswith("extraction failed:") and "stage broke" in bad.reason


def test_when_spacy_fails_on_a_batch_only_the_story_at_fault_is_lost(pipeline, monkeypatch):
    real_parse = runner_mod.parse

    def parse(nlp, texts, batch_size=16):
        texts = list(texts)
        if any("BOOM" in t for t in texts):
            raise RuntimeError("tokenizer exploded")
        return real_parse(nlp, texts, batch_size)

    monkeypatch.setattr(runner_mod, "parse", parse)
    batch = [*stories(2), Story(id="bad", text="BOOM"), *stories(1, "t")]
    out = extract_chunk(pipeline, batch)
    assert [getattr(x, "id", None) or x.doc_id for x in out] == ["s0", "s1", "bad", "t0"]
    assert isinstance(out[2], InputError) and "tokenizer exploded" in out[2].reason


@pytest.fixture(scope="module")
def two_workers():
    with Runner(workers=2, chunk_size=4) as r:
        yield r


def test_two_workers_give_the_same_documents_in_the_same_order(pipeline, two_workers):
    items = list(read_stories([str(EXAMPLES / "stories.jsonl")]))  # 2 chunks of 4: both workers busy
    one = [d.to_dict() for d in run(items, pipeline=pipeline)]
    two = [d.to_dict() for d in two_workers.run(items)]
    assert len(one) == len(items)
    assert two == one


def test_workers_read_the_input_only_a_few_chunks_ahead(two_workers):
    pulled = 0

    def endless():
        nonlocal pulled
        i = 0
        while True:
            pulled += 1
            i += 1
            yield Story(id=f"x{i}", text="Troops shelled the town on Sunday.")

    results = two_workers.run(endless())
    for _ in range(3):
        next(results)
    results.close()
    # max_in_flight (2 x workers) chunks of 4, plus the chunk being refilled
    assert pulled <= (two_workers.max_in_flight + 1) * two_workers.chunk_size


def test_a_model_that_does_not_load_is_reported_not_retried_forever():
    with (
        Runner(model="no_such_model_xyz", workers=2) as r,
        pytest.raises(RuntimeError, match="no_such_model_xyz"),
    ):
        list(r.run(stories(3)))
