"""Multi-party events: every party is kept, and ``parley events --dyads`` lists one row per
directed dyad, as dyadic event datasets do. Stories written for the test, extracted for real."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from parley.cli import app
from parley.store import Store

runner = CliRunner()

STORIES = [
    {"id": "accuse", "published": "2025-02-12",
     "text": "The United States and France accused Russia on Tuesday of violating the ceasefire."},
    {"id": "meet", "published": "2025-02-12", "text": "Germany, France and Italy met in Rome on Tuesday."},
]  # fmt: skip


@pytest.fixture(scope="module")
def db(tmp_path_factory, pipeline):
    path = tmp_path_factory.mktemp("dyads") / "d.db"
    store = Store(f"sqlite:///{path}")
    store.add_documents([pipeline.extract(s["text"], published=s["published"], id=s["id"]) for s in STORIES])
    store.close()
    return f"sqlite:///{path}"


def rows(db, *args):
    r = runner.invoke(app, ["events", "--db", db, "--dyads", "--format", "jsonl", *args])
    assert r.exit_code == 0, r.output
    return [json.loads(line) for line in r.stdout.splitlines() if line.strip()]


def test_two_actors_and_one_recipient_are_two_dyads(db):
    got = {(d["actor_code"], d["recipient_code"]) for d in rows(db, "--story", "accuse", "--type", "ACCUSE")}
    assert got == {("USA", "RUS"), ("FRA", "RUS")}


def test_a_reciprocal_meeting_is_every_ordered_pair(db):
    got = rows(db, "--story", "meet", "--type", "CONSULT")
    pairs = {(d["actor_code"], d["recipient_code"]) for d in got}
    assert len(got) == 6 and all(d["reciprocal"] for d in got)
    assert ("DEU", "ITA") in pairs and ("ITA", "DEU") in pairs and ("FRA", "FRA") not in pairs


def test_events_keep_every_party(db):
    ev = Store(db).events(story="meet", type="CONSULT")
    assert len(ev) == 1 and sorted(ev[0].actor_codes) == ["DEU", "FRA", "ITA"]
