"""End to end on the seed story: `parley extract` on the gold input, scored by the shared scorer."""

from __future__ import annotations

import importlib.util
import json

from typer.testing import CliRunner

from parley.cli import app


def load_scorer(shared):
    spec = importlib.util.spec_from_file_location("parley_eval_score", shared / "eval" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_seed_story_meets_the_targets(shared, nlp, tmp_path):
    gold = shared / "examples" / "seed" / "gold.jsonl"
    inp, out = tmp_path / "input.jsonl", tmp_path / "output.jsonl"
    with inp.open("w", encoding="utf-8") as fh:  # what `score.py run` hands the command: no gold
        for line in gold.read_text(encoding="utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                fh.write(json.dumps({k: d[k] for k in ("id", "published", "title", "text") if k in d}) + "\n")
    res = CliRunner().invoke(app, ["extract", str(inp), "--output", str(out)])
    assert res.exit_code == 0, res.output

    score = load_scorer(shared)
    result = score.score_file(str(gold), score.read_jsonl(str(out)))
    assert result["missing_predictions"] == 0
    assert result["events"]["dyad_f1"] >= 0.9
    assert result["events"]["date_acc"] >= 0.85
    assert result["quotes"]["end_to_end_f1"] >= 0.9
