"""The web app as a counting tool: totals, sorting, pages, the map, quad classes, the network, one vocabulary."""

from __future__ import annotations

import csv
import io
import math
import re

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from parley.cli import app as cli_app  # noqa: E402
from parley.store import Store  # noqa: E402
from parley.store.filters import EVENT_COLUMNS  # noqa: E402
from parley.web import create_app  # noqa: E402
from parley.web.render import circle_slots, network_chart  # noqa: E402

from .store_fixtures import actor, make_doc, place  # noqa: E402

KHARKIV = place("Kharkiv", "UKR", 49.99, 36.23)


def _docs():
    t = "Russian forces shelled Kharkiv on Monday, and Russian jets struck Kharkiv again, officials said.\n"
    shelling = make_doc(
        "w-shelling",
        t,
        published="2025-03-04",
        events=[
            ("ASSAULT", "shelled", ["A1"], ["A2"], "2025-03-03", KHARKIV),
            ("ASSAULT", "struck", ["A1"], ["A2"], "2025-03-03", KHARKIV),
        ],
        actors=[
            actor("A1", "Russian forces", t, code="RUS", sector="MIL"),
            actor("A2", "Kharkiv", t, code="UKR"),
        ],
    )
    shelling.events[0].confidence = 0.1 + 0.2  # 0.30000000000000004
    t2 = "Russian troops attacked Ukrainian positions near Kharkiv on Friday."
    attack = make_doc(
        "w-attack",
        t2,
        published="2025-03-08",
        events=[("ASSAULT", "attacked", ["A1"], ["A2"], "2025-03-07", KHARKIV)],
        actors=[
            actor("A1", "Russian troops", t2, code="RUS", sector="MIL"),
            actor("A2", "Ukrainian", t2, code="UKR"),
        ],
    )
    t3 = "The United Nations accused Russia of violating the truce, and the European Union sanctioned Russia."
    igo = make_doc(
        "w-igo",
        t3,
        published="2025-03-10",
        events=[
            ("ACCUSE", "accused", ["A1"], ["A3"], "2025-03-10", None),
            ("SANCTION", "sanctioned", ["A2"], ["A3"], "2025-03-10", None),
        ],
        actors=[
            actor("A1", "United Nations", t3, kind="igo", code="IGO"),
            actor("A2", "European Union", t3, kind="igo", code="IGO"),
            actor("A3", "Russia", t3, code="RUS"),
        ],
    )
    t4 = "Ukraine and Poland held talks in Warsaw about grain."
    talks = make_doc(
        "w-talks",
        t4,
        published="2025-03-12",
        events=[("CONSULT", "talks", ["A1"], ["A2"], "2025-03-11", place("Warsaw", "POL", 52.23, 21.01))],
        actors=[actor("A1", "Ukraine", t4, code="UKR"), actor("A2", "Poland", t4, code="POL")],
    )
    # 120 small reports so the events list has several pages
    many = []
    for i in range(120):
        tx = f"Kenya accused Uganda of a border raid, report {i} said."
        many.append(
            make_doc(
                f"w-many-{i:03d}",
                tx,
                published="2025-02-01",
                events=[("ACCUSE", "accused", ["A1"], ["A2"], None, place("Nairobi", "KEN"))],
                actors=[actor("A1", "Kenya", tx, code="KEN"), actor("A2", "Uganda", tx, code="UGA")],
            )
        )
    return [shelling, attack, igo, talks, *many]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('counting') / 's.db'}"
    s = Store(url)
    s.add_documents(_docs())
    yield s
    s.close()


@pytest.fixture(scope="module")
def client(store):
    return TestClient(create_app(store=store))


def test_event_lists_carry_their_total(client):
    body = client.get("/api/events", params={"limit": 10}).json()
    assert body["total"] == 126 and len(body["items"]) == 10
    body = client.get("/api/events", params={"type": "ASSAULT"}).json()
    assert body["total"] == 3
    for path in ("/api/clusters", "/api/quotes", "/api/actors"):
        body = client.get(path, params={"limit": 1}).json()
        assert isinstance(body["total"], int) and body["total"] >= len(body["items"])


def test_sorting_newest_first_and_by_other_columns(client):
    items = client.get("/api/events", params={"sort": "-date", "limit": 5}).json()["items"]
    assert [e["story_id"] for e in items[:2]] == ["w-talks", "w-igo"]
    by_type = client.get("/api/events", params={"sort": "event_type", "limit": 500}).json()["items"]
    types = [e["event_type"] for e in by_type]
    assert types == sorted(types)


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"type": "FOO"}, "'FOO'"),
        ({"country": "somalia"}, "'somalia'"),
        ({"since": "yesterday"}, "'yesterday'"),
        ({"since": "2025-13-01"}, "'2025-13-01'"),
        ({"aux_mode": "maybe"}, "'maybe'"),
        ({"sort": "colour"}, "'colour'"),
    ],
)
def test_invalid_filters_are_errors_with_the_cli_message(client, store, params, named):
    r = client.get("/api/events", params=params)
    assert r.status_code == 422 and named in r.json()["error"]
    page = client.get("/events", params=params)
    assert page.status_code == 422 and named.replace("'", "&#39;") in page.text
    (k, v) = next(iter(params.items()))
    res = CliRunner().invoke(cli_app, ["events", "--db", store.url, f"--{k.replace('_', '-')}", v])
    assert res.exit_code == 2
    # the same words on both sides
    assert r.json()["error"] in " ".join(res.output.split())


def test_actor_events_use_date_like_the_events_list(client, store):
    [un] = store.actors("United Nations")
    body = client.get(f"/api/actors/{un.id}").json()
    assert body["as_actor"] and "date" in body["as_actor"][0] and "day" not in body["as_actor"][0]
    assert body["as_actor"][0]["date"] == "2025-03-10"


def test_openapi_has_typed_answers_and_documented_parameters(client):
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    assert "total" in schemas["EventPage"]["properties"]
    assert "EventRecord" in schemas and "ActorProfile" in schemas
    ok = spec["paths"]["/api/events"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok["$ref"].endswith("/EventPage")
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            for p in op.get("parameters", []):
                if p["in"] == "query":
                    assert p.get("description"), f"{method} {path} {p['name']} is undocumented"
    docs = client.get("/docs").text
    assert "`" not in docs and "<code>sort</code>" in docs


def test_events_page_total_sort_links_page_numbers_and_sentences(client):
    html = client.get("/events").text
    assert 'data-total="126"' in html and "126 events" in html
    assert 'href="/events?sort=event_type"' in html  # sortable headers
    assert re.search(r'aria-sort="descending" data-sort="date"', html)  # newest first by default
    assert 'class="page" href="/events?limit=100&amp;offset=100"' in html  # pages by number
    assert "Russian forces shelled Kharkiv on Monday" in html  # the row shows its sentence
    assert '<td class="date">' in html
    second = client.get("/events", params={"offset": 100}).text
    assert "rows 101–126 of 126" in second


def test_web_csv_has_the_cli_columns_and_rounded_numbers(client, store):
    rows = list(csv.reader(io.StringIO(client.get("/events.csv", params={"story": "w-shelling"}).text)))
    assert rows[0] == list(EVENT_COLUMNS)
    cli = CliRunner().invoke(cli_app, ["events", "--db", store.url, "--story", "w-shelling", "-f", "csv"])
    assert list(csv.reader(io.StringIO(cli.stdout)))[0] == rows[0]
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["confidence"] == "0.3"
    assert not first["event_text"].endswith("\n")


def test_dyads_tell_organizations_apart(client):
    pairs = client.get("/api/stats/dyads").json()["pairs"]
    ends = {(p["source"], p["target"]) for p in pairs}
    assert ("United Nations", "RUS") in ends and ("European Union", "RUS") in ends
    assert not any("IGO" in e for e in ends)
    assert (pairs[0]["source"], pairs[0]["target"], pairs[0]["weight"]) == ("KEN", "UGA", 120)
    march = client.get("/api/stats/dyads", params={"since": "2025-03-01"}).json()["pairs"]
    top = march[0]
    assert (top["source"], top["target"], top["weight"], top["quad"]) == ("RUS", "UKR", 3, 4)


def test_network_puts_the_heaviest_pair_across_the_circle(client):
    pairs = client.get("/api/stats/dyads", params={"since": "2025-03-01"}).json()["pairs"]
    chart = network_chart(pairs)
    at = {n["id"]: (n["x"], n["y"]) for n in chart["nodes"]}
    size = chart["size"]
    radius = size / 2 - 160
    (x1, y1), (x2, y2) = at["RUS"], at["UKR"]
    assert math.hypot(x2 - x1, y2 - y1) > 1.8 * radius
    colours = {e["source"]: e["colour"] for e in chart["edges"]}
    assert colours["RUS"] != colours["United Nations"]  # material vs verbal conflict


def test_circle_slots_spreads_heavy_pairs():
    pairs = [
        {"source": "A", "target": "B", "weight": 9},
        {"source": "C", "target": "D", "weight": 8},
        {"source": "A", "target": "C", "weight": 1},
    ]
    weight = {"A": 10, "B": 9, "C": 9, "D": 8}
    slot = circle_slots(pairs, weight, {k: k for k in weight})
    assert sorted(slot.values()) == [0, 1, 2, 3]
    assert abs(slot["A"] - slot["B"]) == 2 and abs(slot["C"] - slot["D"]) == 2


def test_overview_has_map_quad_timeline_countries_and_linked_dyads(client):
    html = client.get("/").text
    assert html.count('class="land"') > 150  # the shipped country outlines
    circles = re.findall(
        r'<circle cx="([-\d.]+)" cy="([-\d.]+)" r="[\d.]+" fill="(#\w+)"[^>]*data-country="(\w+)"', html
    )
    by_country = {c[3]: c for c in circles}
    x, y, fill, _ = by_country["UKR"]
    assert (float(x), float(y)) == (36.23, -49.99)  # Kharkiv, lon and -lat
    assert fill == "#c62828"  # material conflict
    assert by_country["POL"][2] == "#64b5f6"  # verbal cooperation
    assert "KEN" in by_country  # placed only in a country: drawn at the country
    assert 'id="quad-timeline"' in html and "material conflict" in html
    assert re.search(
        r'<a href="/events\?country=KEN">KEN</a></td>(<td class="num">\d+</td>){4}<td class="num">120</td>',
        html,
    )
    assert '<td><a href="/events?actor=UKR">UKR</a></td>' in html  # the To column links too
    assert "http://" not in html.split("<footer")[0].replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_map_follows_the_filters(client, store):
    html = client.get("/events", params={"type": "CONSULT"}).text
    assert re.findall(r'data-country="(\w+)"', html) == ["POL"]
    html = client.get("/events", params={"country": "UKR"}).text
    assert re.findall(r'data-country="(\w+)"', html) == ["UKR"]
    assert 'href="/events?country=UKR"' in html
    [ru] = [a for a in store.actors("Russian forces") if a.name == "Russian forces"]
    page = client.get(f"/actors/{ru.id}").text
    assert re.findall(r'data-country="(\w+)"', page) == ["UKR"]


def test_countries_by_quad_class(client):
    rows = client.get("/api/stats/countries").json()["countries"]
    assert rows[0] == {"country": "KEN", "total": 120, "q1": 0, "q2": 0, "q3": 120, "q4": 0}
    ukr = next(r for r in rows if r["country"] == "UKR")
    assert (ukr["total"], ukr["q4"]) == (3, 3)
    only = client.get("/api/stats/countries", params={"type": "CONSULT"}).json()["countries"]
    assert [r["country"] for r in only] == ["POL"]
    assert client.get("/api/stats/countries", params={"type": "FOO"}).status_code == 422
