"""One vocabulary for the corpus commands: checked filters, exit codes, real formats, one CSV column set."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from parley.cli import app
from parley.store import Store
from parley.store.filters import EVENT_COLUMNS, check_date
from parley.store.queries import EventRecord

from .store_fixtures import actor, make_doc, place

runner = CliRunner()

T1 = "Police fired tear gas at protesters in Nairobi on Monday, witnesses said.\n\n"
T2 = "Kenya accused Uganda of shelling a border post in 2024, officials said."
T3 = "Kenya and Uganda held talks in March, a spokesman said."


@pytest.fixture
def db(tmp_path):
    url = f"sqlite:///{tmp_path / 'v.db'}"
    s = Store(url)
    d1 = make_doc(
        "s1",
        T1,
        published="2025-03-04",
        events=[("COERCE", "fired", ["A1"], [], "2025-03-03", place("Nairobi", "KEN", -1.29, 36.82))],
        actors=[actor("A1", "Police", T1, kind="institution", code="KEN", sector="COP")],
    )
    d1.events[0].confidence = 0.1 + 0.2  # 0.30000000000000004
    d2 = make_doc(
        "s2",
        T2,
        published="2025-03-05",
        events=[("ACCUSE", "accused", ["A1"], ["A2"], "2024", None)],
        actors=[actor("A1", "Kenya", T2, code="KEN"), actor("A2", "Uganda", T2, code="UGA")],
    )
    d3 = make_doc(
        "s3",
        T3,
        published="2025-03-06",
        events=[("CONSULT", "talks", ["A1"], ["A2"], None, None)],
        actors=[actor("A1", "Kenya", T3, code="KEN"), actor("A2", "Uganda", T3, code="UGA")],
    )
    s.add_documents([d1, d2, d3])
    s.close()
    return url


def invoke(*args):
    return runner.invoke(app, list(args))


def ok(*args) -> str:
    res = invoke(*args)
    assert res.exit_code == 0, res.output
    return res.stdout


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--since", "yesterday"], "'yesterday'"),
        (["--since", "2025-13-01"], "'2025-13-01'"),
        (["--until", "2025-02-30"], "'2025-02-30'"),
        (["--type", "FOO"], "'FOO'"),
        (["--country", "somalia"], "'somalia'"),
        (["--aux-mode", "maybe"], "'maybe'"),
        (["--sort", "colour"], "'colour'"),
    ],
)
def test_an_invalid_filter_exits_2_naming_the_value(db, args, named):
    res = invoke("events", "--db", db, *args)
    assert res.exit_code == 2, res.output
    assert named in res.output


def test_the_same_checks_on_clusters_and_export(db, tmp_path):
    res = invoke("clusters", "--db", db, "--since", "2025-13-01")
    assert res.exit_code == 2 and "'2025-13-01'" in res.output
    res = invoke("export", "--db", db, "-f", "csv", "-o", str(tmp_path / "x.csv"), "--type", "FOO")
    assert res.exit_code == 2 and "'FOO'" in res.output
    assert not (tmp_path / "x.csv").exists()


def test_a_country_name_is_refused_with_its_code_as_hint(db):
    res = invoke("events", "--db", db, "--country", "Kenya")
    assert res.exit_code == 2 and "KEN" in res.output
    assert [
        json.loads(x)["id"] for x in ok("events", "--db", db, "--country", "ken", "-f", "jsonl").splitlines()
    ] == ["s1/E1"]


def test_real_dates_months_and_years_pass():
    assert check_date("2024-02-29") == "2024-02-29"
    assert check_date("2025-03") == "2025-03" and check_date("2025") == "2025"


def test_sort_and_offset(db):
    ids = [
        json.loads(x)["id"]
        for x in ok("events", "--db", db, "--sort", "-published", "-f", "jsonl").splitlines()
    ]
    assert ids == ["s3/E1", "s2/E1", "s1/E1"]
    ids = [
        json.loads(x)["id"]
        for x in ok("events", "--db", db, "--sort", "published", "--offset", "1", "-f", "jsonl").splitlines()
    ]
    assert ids == ["s2/E1", "s3/E1"]


def test_one_csv_column_set_for_cli_and_export(db, tmp_path):
    cli = list(csv.reader(io.StringIO(ok("events", "--db", db, "-f", "csv"))))
    ok("export", "--db", db, "-f", "csv", "-o", str(tmp_path / "e.csv"))
    exported = list(csv.reader(io.StringIO((tmp_path / "e.csv").read_text(encoding="utf-8"))))
    assert cli[0] == exported[0] == list(EVENT_COLUMNS)
    assert list(EVENT_COLUMNS) == list(EventRecord.__slots__)
    # an empty answer has the same header
    empty = list(csv.reader(io.StringIO(ok("events", "--db", db, "--type", "AID", "-f", "csv"))))
    assert empty == [list(EVENT_COLUMNS)]


def test_csv_rounds_float_noise_and_strips_the_sentence(db):
    [row] = [
        r for r in csv.DictReader(io.StringIO(ok("events", "--db", db, "-f", "csv"))) if r["id"] == "s1/E1"
    ]
    assert row["confidence"] == "0.3"
    assert row["event_text"] == T1.strip()
    # JSON keeps the exact value
    [rec] = [json.loads(x) for x in ok("events", "--db", db, "--story", "s1", "-f", "jsonl").splitlines()]
    assert rec["confidence"] == 0.1 + 0.2 and rec["event_text"] == T1.strip()


def test_stats_jsonl_and_csv_are_real_rows(db):
    rows = [json.loads(x) for x in ok("stats", "--db", db, "-f", "jsonl").splitlines()]
    assert {"group": "total", "key": "events", "count": 3} in rows
    assert {"group": "type", "key": "COERCE", "count": 1} in rows
    table = list(csv.DictReader(io.StringIO(ok("stats", "--db", db, "-f", "csv"))))
    assert {"group": "week", "key": "2025-W10", "count": "1"} in table
    res = invoke("stats", "--db", db, "-f", "xml")
    assert res.exit_code == 2


def test_stats_undated_are_the_events_without_a_date(db):
    st = json.loads(ok("stats", "--db", db, "-f", "json"))
    # s1 is dated 2025-03-03 (week 10); s2 only to a year; s3 has no date of its own
    assert st["by_week"] == {"2025-W10": 1}
    assert st["partly_dated"] == 1 and st["undated"] == 1


def test_search_table_shows_the_matched_words(db):
    out = ok("search", "tear gas", "--db", db)
    assert "[tear]" in out and "[gas]" in out


def test_one_row_is_singular(db):
    res = invoke("events", "--db", db, "--story", "s1")
    assert res.exit_code == 0
    assert "1 row\n" in res.output and "1 rows" not in res.output


def test_help_examples_work(db):
    # `parley events --help` and the README use these
    out = ok(
        "events", "--db", db, "--type", "CONSULT", "--actor", "KEN", "--since", "2025-01-01", "-f", "jsonl"
    )
    assert [json.loads(x)["id"] for x in out.splitlines()] == ["s3/E1"]
    assert "Kenya" in ok("actors", "Kenya", "--db", db)


def test_until_a_month_includes_all_of_it_for_clusters_too(db):
    events = [
        json.loads(x) for x in ok("events", "--db", db, "--until", "2025-03", "-f", "jsonl").splitlines()
    ]
    clusters = [
        json.loads(x) for x in ok("clusters", "--db", db, "--until", "2025-03", "-f", "jsonl").splitlines()
    ]
    assert "s1/E1" in [e["id"] for e in events]
    assert any("s1/E1" in c["events"] for c in clusters)
