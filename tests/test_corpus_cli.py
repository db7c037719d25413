"""The corpus commands through the real ``parley`` Typer app."""

from __future__ import annotations

import csv
import io
import json

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from parley.cli import app
from parley.store import Store

from .store_fixtures import actor, make_doc, place

runner = CliRunner()


@pytest.fixture
def db(tmp_path):
    url = f"sqlite:///{tmp_path / 'c.db'}"
    s = Store(url)
    t1 = "Ukraine accused Russia of shelling Kharkiv on Monday, officials said."
    t2 = "Ukrainian officials accused Russia of a strike on Kharkiv, a spokesman said on Tuesday."
    docs = [
        make_doc(
            sid,
            t,
            published=day,
            events=[("ACCUSE", "accused", ["A1"], ["A2"], "2025-03-03", place("Kharkiv", "UKR"))],
            actors=[actor("A1", "Ukrain", t, code="UKR", sector="GOV"), actor("A2", "Russia", t, code="RUS")],
        )
        for sid, t, day in (("s1", t1, "2025-03-04"), ("s2", t2, "2025-03-05"))
    ]
    docs[1].events[0].mode = "verbal"
    s.add_documents(docs)
    s.close()
    return url


def run(*args):
    res = runner.invoke(app, list(args))
    assert res.exit_code == 0, res.output
    return res.output


def test_clusters_jsonl_has_the_documented_keys(db):
    [line] = run("clusters", "--db", db, "-f", "jsonl").splitlines()
    c = json.loads(line)
    assert list(c)[:9] == [
        "cluster_id",
        "event_type",
        "participants",
        "date",
        "sources",
        "reports",
        "outlets",
        "documents",
        "events",
    ]
    assert (c["event_type"], c["participants"], c["date"], c["sources"]) == (
        "ACCUSE",
        ["RUS", "UKR"],
        "2025-03-03",
        2,
    )
    assert c["documents"] == ["s1", "s2"] and c["events"] == ["s1/E1", "s2/E1"]


def test_events_filters_and_formats(db):
    rows = [json.loads(x) for x in run("events", "--db", db, "--actor", "RUS", "-f", "jsonl").splitlines()]
    assert [r["id"] for r in rows] == ["s1/E1", "s2/E1"]
    assert run("events", "--db", db, "--type", "CONSULT", "-f", "jsonl") == ""
    table = list(csv.DictReader(io.StringIO(run("events", "--db", db, "--since", "2025-03-05", "-f", "csv"))))
    assert table == []  # both events happened on 2025-03-03
    table = list(csv.DictReader(io.StringIO(run("events", "--db", db, "-f", "csv"))))
    assert [r["actor_codes"] for r in table] == ["UKR", "UKR"]
    assert "s1/E1" in run("events", "--db", db)


def test_search_actors_stats_failures(db):
    assert json.loads(run("search", "strike Kharkiv", "--db", db, "-f", "jsonl"))["id"] == "s2"
    [a] = [json.loads(x) for x in run("actors", "Russia", "--db", db, "-f", "jsonl").splitlines()]
    assert (a["code"], a["n_stories"]) == ("RUS", 2)
    st = json.loads(run("stats", "--db", db, "-f", "json"))
    assert st["by_type"] == {"ACCUSE": 2} and st["by_week"] == {"2025-W10": 2}
    assert run("failures", "--db", db, "-f", "jsonl") == ""


def test_export_formats(db, tmp_path):
    run("export", "--db", db, "-f", "parquet", "-o", str(tmp_path / "e.parquet"))
    assert pq.read_table(tmp_path / "e.parquet").num_rows == 2
    run("export", "--db", db, "-f", "csv", "-o", str(tmp_path / "e.csv"))
    assert len(list(csv.DictReader(io.StringIO((tmp_path / "e.csv").read_text(encoding="utf-8"))))) == 2
    run("export", "--db", db, "-f", "jsonl", "-o", str(tmp_path / "d.jsonl"))
    docs = [json.loads(x) for x in (tmp_path / "d.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [d["id"] for d in docs] == ["s1", "s2"] and "text" not in docs[0]
    run("export", "--db", db, "-f", "plover", "-o", str(tmp_path / "p.jsonl"))
    recs = [json.loads(x) for x in (tmp_path / "p.jsonl").read_text(encoding="utf-8").splitlines()]
    r = recs[1]
    assert r["id"] == "s2/E1" and r["date"] == "2025-03-03" and r["event"] == ["ACCUSE"]
    assert r["actor"] == [{"code": "UKR", "sector": "GOV", "entity_text": "Ukrain"}]
    assert r["recipient"][0]["code"] == "RUS" and r["mode"] == ["verbal"] and r["quad_code"] == 3
    assert r["event_loc"]["country_code"] == "UKR" and r["event_loc"]["resolved_place"] == "Kharkiv"
    assert recs[0]["link"] == recs[1]["link"]  # one cluster, one link


def test_ingest_then_load_round_trip(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps(
            {"id": "a", "published": "2025-03-04", "text": "Chile and Peru agreed to reopen the border."}
        )
        + "\n{broken\n",
        encoding="utf-8",
    )
    db1 = f"sqlite:///{tmp_path / 'one.db'}"
    res = runner.invoke(app, ["ingest", str(src), "--db", db1, "-q"])
    assert res.exit_code == 0, res.output
    assert "stories read" in res.output
    [f] = [json.loads(x) for x in run("failures", "--db", db1, "-f", "jsonl").splitlines()]
    assert f["line"] == 2 and f["reason"].startswith("malformed JSON")
    run("export", "--db", db1, "-f", "jsonl", "--include-text", "-o", str(tmp_path / "docs.jsonl"))
    db2 = f"sqlite:///{tmp_path / 'two.db'}"
    run("load", str(tmp_path / "docs.jsonl"), "--db", db2)
    assert Store(db2).document("a").to_dict(include_text=True) == Store(db1).document("a").to_dict(
        include_text=True
    )


def test_bad_database_url_is_a_clear_error(tmp_path):
    res = runner.invoke(app, ["events", "--db", "nosuchdriver://x"])
    assert res.exit_code == 2 and "cannot open the store" in res.output
