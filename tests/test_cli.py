"""``parley extract`` and ``parley version`` as a user runs them."""

from __future__ import annotations

import json

import pytest
from rich.console import Console
from typer.testing import CliRunner

from parley import __version__
from parley.cli import app
from parley.model import Actor, Document, Event, Location, Quote, TextSpan
from parley.pretty import render

from .conftest import EXAMPLES

CONTRACT_KEYS = {"id", "published", "title", "actors", "events", "quotes"}


@pytest.fixture
def cli(nlp):  # nlp: the model is loaded once and the CLI finds it in the cache
    return CliRunner()


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def check_offsets(doc, text):
    """Every span in the output indexes the input text exactly; returns how many were checked."""
    spans = [m for a in doc["actors"] for m in a["mentions"]]
    for e in doc["events"]:
        spans.append(e["trigger"])
        assert text[e["sentence"]["start"] : e["sentence"]["end"]] == e["event_text"]
        if e["event_loc"] and e["event_loc"].get("text"):
            spans.append(e["event_loc"]["text"])
    for q in doc["quotes"]:
        spans.append(q)
        spans += [s for s in (q["speaker_mention"], q["cue"]) if s]
    for s in spans:
        assert text[s["start"] : s["end"]] == s["text"], (doc["id"], s)
    return len(spans)


def test_extract_jsonl_to_output_file(cli, tmp_path):
    out = tmp_path / "sub" / "out.jsonl"
    src = EXAMPLES / "stories.jsonl"
    res = cli.invoke(app, ["extract", str(src), "--output", str(out)])
    assert res.exit_code == 0, res.output
    inputs = read_jsonl(src)
    docs = read_jsonl(out)
    assert [d["id"] for d in docs] == [s["id"] for s in inputs]
    assert res.stdout == ""  # the JSONL went to the file
    checked = 0
    for doc, story in zip(docs, inputs, strict=True):
        assert doc.keys() >= CONTRACT_KEYS
        assert "text" not in doc
        assert doc["published"] == story["published"] and doc["title"] == story["title"]
        checked += check_offsets(doc, story["text"])
    assert checked > 0
    assert "8 documents" in res.stderr and "0 failed" in res.stderr


def test_extract_writes_jsonl_to_stdout_and_applies_published(cli, tmp_path):
    f = tmp_path / "lima.txt"
    f.write_text("Police in Lima detained 40 protesters on Monday.", encoding="utf-8")
    res = cli.invoke(app, ["extract", str(f), "--published", "2025-03-04"])
    assert res.exit_code == 0, res.output
    (doc,) = [json.loads(line) for line in res.stdout.splitlines()]
    assert doc["id"] == "lima" and doc["published"] == "2025-03-04"


def test_failures_give_exit_1_a_summary_and_an_errors_file(cli, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(
        '{"id": "a", "text": "Troops shelled the town on Sunday."}\n'
        '{"id": "b", "text": \n'
        '{"id": "c", "text": "Ministers met in Rome on Friday."}\n',
        encoding="utf-8",
    )
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    out, errs = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    res = cli.invoke(app, ["extract", str(src), str(binary), "-o", str(out), "--errors", str(errs)])
    assert res.exit_code == 1
    assert [d["id"] for d in read_jsonl(out)] == ["a", "c"]
    failures = read_jsonl(errs)
    assert failures == [
        {"source": str(src), "line": 2, "doc_id": None, "reason": failures[0]["reason"]},
        {"source": str(binary), "line": None, "doc_id": None, "reason": "binary file"},
    ]
    assert "malformed JSON" in failures[0]["reason"]
    assert "2 input(s) failed" in res.stderr
    assert f"{src}:2" in res.stderr and str(binary) in res.stderr


def test_errors_file_is_written_empty_when_nothing_failed(cli, tmp_path):
    f = tmp_path / "s.txt"
    f.write_text("Ministers met in Rome on Friday.")
    errs = tmp_path / "errors.jsonl"
    res = cli.invoke(app, ["extract", str(f), "-o", str(tmp_path / "o.jsonl"), "--errors", str(errs)])
    assert res.exit_code == 0
    assert errs.read_text() == ""


def test_empty_story_gives_an_empty_document_and_success(cli, tmp_path):
    f = tmp_path / "blank.txt"
    f.write_text("\n   \n")
    res = cli.invoke(app, ["extract", str(f)])
    assert res.exit_code == 0
    doc = json.loads(res.stdout)
    assert (doc["id"], doc["actors"], doc["events"], doc["quotes"]) == ("blank", [], [], [])


def test_stdin_text_and_jsonl(cli):
    res = cli.invoke(app, ["extract", "-"], input="Rebels attacked an army post near Goma on Sunday.\n")
    assert res.exit_code == 0, res.output
    assert len(res.stdout.splitlines()) == 1
    res = cli.invoke(
        app,
        ["extract", "-"],
        input='{"id": "x", "text": "Rebels attacked an army post."}\n{"id": "y", "text": "Talks resumed."}\n',
    )
    assert res.exit_code == 0, res.output
    assert [json.loads(line)["id"] for line in res.stdout.splitlines()] == ["x", "y"]


def test_bad_published_option_is_a_usage_error(cli, tmp_path):
    res = cli.invoke(app, ["extract", "-", "--published", "yesterday"], input="x")
    assert res.exit_code == 2
    assert "YYYY-MM-DD" in res.output


def test_unknown_model_is_a_clear_error(cli):
    res = cli.invoke(app, ["extract", "-", "--model", "no_such_model_xyz"], input="Talks resumed.")
    assert res.exit_code == 2
    assert "no_such_model_xyz" in res.stderr


def test_pretty_format_shows_titles_and_still_writes_jsonl(cli, tmp_path):
    out = tmp_path / "out.jsonl"
    res = cli.invoke(app, ["extract", str(EXAMPLES / "stories.jsonl"), "-f", "pretty", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "Police fire tear gas as thousands rally in Tbilisi" in res.stdout
    assert not res.stdout.lstrip().startswith("{")
    assert len(read_jsonl(out)) == 8


def test_pretty_view_lists_events_with_coded_actors_and_quotes_with_speakers():
    text = "Russian forces shelled Kharkiv on Monday. \u201cIt was terrible,\u201d Mayor Ivan Petrenko said."
    doc = Document(
        id="d1",
        text=text,
        published="2025-03-04",
        title="Shelling in Kharkiv",
        actors=[
            Actor(id="A1", name="Russia", kind="state", code="RUS", sector="MIL"),
            Actor(id="A2", name="Kharkiv", kind="institution", code="UKR", sector=None),
            Actor(id="A3", name="Ivan Petrenko", kind="person", code="UKR", sector="GOV"),
        ],
        events=[
            Event(
                id="E1",
                event_type="ASSAULT",
                mode="artillery",
                trigger=TextSpan("shelled", 15, 22),
                sentence=TextSpan(text[:41], 0, 41),
                rule="assault.shell",
                actor=["A1"],
                recipient=["A2"],
                date="2025-03-03",
                date_text="Monday",
                event_loc=Location(name="Kharkiv", country_code="UKR"),
            )
        ],
        quotes=[Quote(id="Q1", text="It was terrible,", start=43, end=59, speaker="A3")],
    )
    console = Console(record=True, width=220)
    console.print(render(doc))
    shown = console.export_text()
    for part in (
        "Shelling in Kharkiv",
        "ASSAULT",
        "artillery",
        "Russia (RUS MIL)",
        "Kharkiv (UKR)",
        "2025-03-03",
        "Monday",
        "shelled",
        "assault.shell",
        "Ivan Petrenko (UKR GOV)",
        "It was terrible,",
    ):
        assert part in shown, part


def test_version_and_help(cli):
    res = cli.invoke(app, ["version"])
    assert res.exit_code == 0 and __version__ in res.stdout
    res = cli.invoke(app, [])
    assert "extract" in res.output and "Usage" in res.output


def test_user_lexicon_and_actor_files_extend_extraction(cli, tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(
        "Turkish authorities throttled access to the social network X on Monday, Free Press Watch said.\n"
    )
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "- rule: coerce.censor.throttle\n  type: COERCE\n  mode: censor\n  verbs: [throttle]\n"
        "  recipient: [obj]\n  confidence: 0.7\n"
    )
    actors = tmp_path / "actors.yaml"
    actors.write_text("organizations:\n  - {names: [Free Press Watch], code: NGO, sector: MED, kind: ngo}\n")
    out = tmp_path / "out.jsonl"
    base = ["extract", str(story), "--published", "2025-03-04", "--output", str(out)]

    assert cli.invoke(app, base).exit_code == 0
    doc = read_jsonl(out)[0]
    assert "coerce.censor.throttle" not in {e["rule"] for e in doc["events"]}
    assert {a["name"]: a["code"] for a in doc["actors"]}.get("Free Press Watch") is None

    result = cli.invoke(app, [*base, "--lexicon", str(rules), "--actors", str(actors)])
    assert result.exit_code == 0, result.output
    doc = read_jsonl(out)[0]
    event = next(e for e in doc["events"] if e["rule"] == "coerce.censor.throttle")
    assert (event["event_type"], event["mode"], event["date"]) == ("COERCE", "censor", "2025-03-03")
    assert {a["name"]: a["code"] for a in doc["actors"]}["Free Press Watch"] == "NGO"


def test_a_broken_lexicon_file_is_a_clear_error(cli, tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("Police detained two journalists in Minsk on Friday.\n")
    bad = tmp_path / "bad.yaml"
    bad.write_text("- {rule: x.y, type: NOT_A_TYPE}\n")
    result = cli.invoke(app, ["extract", str(story), "--lexicon", str(bad)])
    assert result.exit_code == 2
    assert "NOT_A_TYPE" in result.output and "bad.yaml" in result.output
