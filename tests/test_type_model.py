"""The learned event-type model: its weights load, it reads a trigger in its clause, and the
training script is reproducible (the same sentences give the same weights)."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from parley.events import type_model as tm

ROOT = tm.MODEL_PATH.parents[4]


def test_shipped_model_loads_with_every_plover_type():
    model = tm.TypeModel.load()
    assert tm.NONE in model.classes
    assert {"ASSAULT", "AGREE", "REQUEST", "ACCUSE", "PROTEST"} <= set(model.classes)
    assert model.weights.shape == (len(model.index), len(model.classes))


def test_probabilities_sum_to_one(nlp):
    model = tm.TypeModel.load()
    doc = nlp("Rebel fighters ambushed an army convoy near the border on Tuesday.")
    g = model.guess(doc[2])
    assert g.best in model.classes
    assert sum(g.probs.values()) == pytest.approx(1.0, abs=1e-4)


def test_scoring_a_sentence_together_gives_each_word_the_same_probabilities(nlp):
    # the event stage scores a sentence's candidates in one batch; a word's probabilities (and
    # so every confidence and every threshold the stage applies) must not depend on that
    model = tm.TypeModel.load()
    doc = nlp(
        "Protesters marched on the ministry and police fired tear gas, while the mayor urged "
        "calm and promised an inquiry into the clashes."
    )
    asks = [(t, rt, None) for t in doc if model.is_candidate(t) for rt in (None, "ASSAULT")]
    assert len(asks) >= 8
    together = model.guess_many(asks)
    for (tok, rule_type, _), g in zip(asks, together, strict=True):
        alone = model.guess(tok, rule_type)
        assert (g.best, g.p_best, g.p_none, g.probs) == (alone.best, alone.p_best, alone.p_none, alone.probs)
    assert model.guess_many([]) == []


@pytest.mark.parametrize(
    ("text", "word", "rule_type", "etype"),
    [
        # no rule's reading given: the model alone
        ("Rebel fighters ambushed an army convoy near the border on Tuesday.", "ambushed", None, "ASSAULT"),
        # as the event stage asks it: with the type a trigger rule gives the word
        ("The opposition urged the election commission to delay the vote.", "urged", "REQUEST", "REQUEST"),
        ("Police fired tear gas at students outside the university.", "fired", "ASSAULT", "ASSAULT"),
    ],
)
def test_the_model_reads_clear_triggers(nlp, text, word, rule_type, etype):
    model = tm.TypeModel.load()
    doc = nlp(text)
    tok = next(t for t in doc if t.text == word)
    assert model.guess(tok, rule_type).best == etype


def test_the_model_says_no_event_for_speech_to_reporters(nlp):
    model = tm.TypeModel.load()
    doc = nlp("The spokesman told reporters that the minister was in good health.")
    tok = next(t for t in doc if t.text == "told")
    assert model.guess(tok).best == tm.NONE


def test_switching_the_model_off_gives_the_rules_alone(pipeline, monkeypatch):
    text = "Officials from both countries held talks in Geneva on Tuesday."
    monkeypatch.setenv("PARLEY_TYPE_MODEL", "off")
    assert tm.default_model() is None
    rules_alone = pipeline.extract(text, published="2025-02-12")
    assert all(not e.rule.startswith("model.") for e in rules_alone.events)


def test_training_is_reproducible(tmp_path):
    pytest.importorskip("sklearn")
    data = tmp_path / "data"
    data.mkdir()
    rows = [
        {"text": "Government troops shelled rebel positions outside the city on Monday.",
         "events": [{"trigger": "shelled", "type": "ASSAULT"}]},
        {"text": "The two ministers met in Vienna to discuss the gas dispute.",
         "events": [{"trigger": "met", "type": "CONSULT"}]},
        {"text": "Police arrested twelve activists outside the court on Friday.",
         "events": [{"trigger": "arrested", "type": "COERCE"}]},
        {"text": "The central bank said inflation rose to four percent in March.", "events": []},
        {"text": "The striker scored twice as the home side beat their rivals.", "events": []},
    ]  # fmt: skip
    (data / "tiny.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    outs = []
    for n in (1, 2):
        out = tmp_path / f"m{n}.npz"
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "scripts" / "train_type_model.py"),
                "--data",
                str(data),
                "--out",
                str(out),
            ],
            check=True,
            capture_output=True,
        )
        outs.append(tm.TypeModel.load(out))
    a, b = outs
    assert a.classes == b.classes and a.index == b.index
    assert np.array_equal(a.weights, b.weights)
    assert {"ASSAULT", "CONSULT", "COERCE", tm.NONE} == set(a.classes)
