"""The HTTP API and pages against a real SQLite store filled by the real ingest."""

from __future__ import annotations

import csv
import io
import json

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

from parley.store import Store  # noqa: E402
from parley.store.loader import ingest  # noqa: E402
from parley.web import create_app  # noqa: E402
from parley.web.api import MAX_LIMIT  # noqa: E402

from .conftest import EXAMPLES  # noqa: E402

TOKEN = "test-write-token"
XSS_ID = "wire-banner-protest"
XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_STORY = {
    "id": XSS_ID,
    "published": "2025-03-12",
    "title": f"Banner reading {XSS_SCRIPT} held outside parliament",
    "text": (
        "PARIS — Protesters gathered outside the French parliament on Tuesday holding a banner that read "
        f"{XSS_SCRIPT} and another showing {XSS_IMG}, police said.\n\n"
        "French President Emmanuel Macron condemned the protest. “We will not accept this,” Macron said."
    ),
    "source": "Test wire",
}


@pytest.fixture(scope="module")
def store(tmp_path_factory, pipeline):
    tmp = tmp_path_factory.mktemp("web")
    extra = tmp / "extra.jsonl"
    extra.write_text(json.dumps(XSS_STORY) + "\n", encoding="utf-8")
    s = Store(f"sqlite:///{tmp / 'store.db'}")
    summary = ingest(s, [str(EXAMPLES / "stories.jsonl"), str(extra)], pipeline=pipeline)
    assert summary.failed == 0 and summary.new >= 9
    yield s
    s.close()


@pytest.fixture(scope="module")
def client(store, pipeline):
    return TestClient(create_app(store=store, token=TOKEN, pipeline=pipeline))


def all_events(client, **params) -> list[dict]:
    out, offset = [], 0
    while offset is not None:
        r = client.get("/api/events", params={**params, "limit": MAX_LIMIT, "offset": offset})
        assert r.status_code == 200, r.text
        out += r.json()["items"]
        offset = r.json()["next_offset"]
    return out


# -- reads ------------------------------------------------------------------------------


def test_events_filter_by_type_and_actor(client, store):
    everything = all_events(client)
    assert len(everything) == store.count("events")
    types = {e["event_type"] for e in everything}
    assert len(types) > 1
    t = sorted(types)[0]
    only = all_events(client, type=t)
    assert only and all(e["event_type"] == t for e in only)
    assert len(only) == sum(e["event_type"] == t for e in everything)
    code = next(c for e in everything for c in e["actor_codes"])
    with_code = all_events(client, actor=code)
    assert with_code and all(code in e["actor_codes"] + e["recipient_codes"] for e in with_code)


def test_events_filter_by_date_and_aux_mode(client):
    everything = all_events(client)
    days = sorted({(e["date"] or e["published"]) for e in everything if (e["date"] or e["published"])})
    cut = days[len(days) // 2]
    later = all_events(client, since=cut)
    assert later and all((e["date"] or e["published"]) >= cut for e in later)
    assert len(later) < len(everything)
    factual = all_events(client, aux_mode="none")
    assert all(e["aux_mode"] is None for e in factual)
    assert client.get("/api/events", params={"aux_mode": "sometimes"}).status_code == 422
    assert client.get("/api/events", params={"since": "last week"}).status_code == 422


def test_pagination_pages_cover_everything_once(client):
    everything = all_events(client)
    seen, offset = [], 0
    while offset is not None:
        body = client.get("/api/events", params={"limit": 7, "offset": offset}).json()
        assert len(body["items"]) <= 7
        seen += [e["id"] for e in body["items"]]
        offset = body["next_offset"]
    assert seen == [e["id"] for e in everything]


@pytest.mark.parametrize(
    "params", [{"limit": MAX_LIMIT + 1}, {"limit": 0}, {"offset": -1}, {"offset": 10**9}]
)
def test_page_size_is_bounded(client, params):
    r = client.get("/api/events", params=params)
    assert r.status_code == 422
    assert "error" in r.json()


def test_clusters_quotes_actors(client, store):
    cl = client.get("/api/clusters", params={"limit": 500}).json()["items"]
    assert len(cl) == store.count("clusters")
    assert all(c["events"] for c in cl)
    # each cluster says how many stories report it and from how many outlets, and names them
    assert all(
        1 <= c["sources"] <= c["reports"] == len(c["documents"]) and len(c["outlets"]) >= 1 for c in cl
    )
    quotes = client.get("/api/quotes", params={"limit": 500}).json()["items"]
    assert len(quotes) == store.count("quotes")
    hit = client.get("/api/quotes", params={"q": "accept"}).json()["items"]
    assert [q["story_id"] for q in hit] == [XSS_ID]
    actors = client.get("/api/actors", params={"limit": 3}).json()
    assert len(actors["items"]) == 3 and actors["next_offset"] == 3


def test_actor_profile_has_its_events_and_quotes(client, store):
    macron = client.get("/api/actors", params={"name": "Macron"}).json()["items"]
    assert macron, "the ingest should have put Macron in the knowledge base"
    body = client.get(f"/api/actors/{macron[0]['id']}").json()
    assert body["actor"]["name"] == macron[0]["name"]
    assert any("accept" in q["text"] for q in body["quotes"])
    assert body["as_actor"], "Macron condemned the protest"
    # every event listed as the actor's has the actor among its participants
    for e in body["as_actor"]:
        assert any("Macron" in n for n in e["actor"])
    assert client.get("/api/actors/999999").status_code == 404


def test_story_with_full_extraction(client, store):
    body = client.get("/api/stories/example-airstrike").json()
    doc = store.document("example-airstrike")
    assert body["text"] == doc.text
    assert [e["id"] for e in body["events"]] == [e.id for e in doc.events]
    assert body["actors"] and body["events"]
    for e in body["events"]:
        assert body["text"][e["trigger"]["start"] : e["trigger"]["end"]] == e["trigger"]["text"]
    r = client.get("/api/stories/no-such-story")
    assert r.status_code == 404 and r.json() == {"error": "no such story"}


def test_search_stories_and_quotes(client):
    body = client.get("/api/search", params={"q": "El Fasher"}).json()
    assert "example-airstrike" in [h["id"] for h in body["stories"]]
    assert client.get("/api/search", params={"q": "zzzqqqxx"}).json()["stories"] == []
    assert client.get("/api/search").status_code == 422


def test_timeline_counts_every_event_once(client, store):
    for interval in ("day", "week"):
        tl = client.get("/api/stats/timeline", params={"interval": interval}).json()
        total = sum(sum(b["counts"].values()) for b in tl["buckets"])
        total += sum(tl["undated"].values()) + sum(tl["partly_dated"].values())
        assert total == store.count("events")
        periods = [b["period"] for b in tl["buckets"]]
        assert periods == sorted(periods)
        if interval == "week":
            assert all("-W" in p for p in periods)
    t = store.events()[0].event_type
    only = client.get("/api/stats/timeline", params={"type": t}).json()
    assert only["types"] == [t]


def test_dyads_are_weighted_pairs(client, store):
    pairs = client.get("/api/stats/dyads").json()["pairs"]
    assert pairs
    weights = [p["weight"] for p in pairs]
    assert weights == sorted(weights, reverse=True)
    assert all(p["source"] != p["target"] for p in pairs)
    # the heaviest pair's weight is the number of events with that actor -> recipient pair
    top = pairs[0]
    # (an organization is named: IGO would lump the UN, the EU and NATO together)
    n = sum(
        top["source"] in e.actor_codes + e.actor and top["target"] in e.recipient_codes + e.recipient
        for e in store.events()
    )
    assert top["weight"] == n
    assert not any("IGO" in (p["source"], p["target"]) for p in pairs)
    actors = client.get("/api/stats/dyads", params={"level": "actor"}).json()["pairs"]
    assert actors and all("source_name" in p for p in actors)


# -- writes -----------------------------------------------------------------------------

NEW_STORY = {
    "id": "wire-ministers-meet",
    "published": "2025-04-02",
    "title": "Ministers meet in Ankara",
    "text": "ANKARA — Turkish Foreign Minister Ali Demir met his Greek counterpart Nikos Pappas in Ankara "
    "on Tuesday, and the two agreed to resume talks on maritime borders, the ministry said.",
}


def test_post_refused_without_token_configured(store, pipeline):
    c = TestClient(create_app(store=store, token=None, pipeline=pipeline))
    r = c.post("/api/stories", json=NEW_STORY, headers={"Authorization": "Bearer anything"})
    assert r.status_code == 403
    assert "error" in r.json()


def test_post_needs_the_right_token(client):
    assert client.post("/api/stories", json=NEW_STORY).status_code == 401
    r = client.post("/api/stories", json=NEW_STORY, headers={"Authorization": "Bearer wrong"})
    assert r.status_code == 401
    assert client.get(f"/api/stories/{NEW_STORY['id']}").status_code == 404


def test_post_ingests_then_story_is_readable(client):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    r = client.post("/api/stories", json=NEW_STORY, headers=auth)
    assert r.status_code == 201, r.text
    assert r.json()["new"] == 1 and r.json()["ids"] == [NEW_STORY["id"]]
    story = client.get(f"/api/stories/{NEW_STORY['id']}").json()
    assert story["text"] == NEW_STORY["text"] and story["published"] == "2025-04-02"
    assert story["events"], "the meeting should be coded"
    assert NEW_STORY["id"] in [
        h["id"] for h in client.get("/api/search", params={"q": "Ankara"}).json()["stories"]
    ]
    # the same story again is skipped; a batch with an id-less story gets a content id
    again = client.post(
        "/api/stories", json=[NEW_STORY, {"text": "Police in Lima arrested two men."}], headers=auth
    )
    assert again.status_code == 201
    assert again.json()["skipped"] == 1 and again.json()["new"] == 1
    assert client.get(f"/api/stories/{again.json()['ids'][1]}").status_code == 200


def test_post_rejects_bad_stories(client):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert client.post("/api/stories", json={"title": "no text"}, headers=auth).status_code == 422
    bad_date = {"text": "Talks went on.", "published": "yesterday"}
    assert client.post("/api/stories", json=bad_date, headers=auth).status_code == 422
    assert client.post("/api/stories", json=[], headers=auth).status_code == 422


def test_extract_does_not_store(client):
    story = {
        "id": "not-stored",
        "published": "2025-05-06",
        "text": "German Chancellor Olaf Becker met French President Emmanuel Macron in Berlin on Monday.",
    }
    r = client.post("/api/extract", json=story)
    assert r.status_code == 200
    d = r.json()
    assert d["id"] == "not-stored" and "text" not in d
    assert {"actors", "events", "quotes"} <= set(d)
    assert any(a["name"].endswith("Macron") for a in d["actors"])
    assert client.get("/api/stories/not-stored").status_code == 404


# -- security ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/events", "/api/events", f"/stories/{XSS_ID}", "/no-such-page"])
def test_security_headers(client, path):
    r = client.get(path)
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'self'" in csp and "object-src 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"


def test_pages_have_no_inline_script_or_cdn(client):
    for path in ("/", "/events", f"/stories/{XSS_ID}", "/network", "/search?q=army", "/docs"):
        html = client.get(path).text
        assert "<script>" not in html.lower()
        assert '<script src="/static/' in html
        assert "http://" not in html.replace("http://testserver", "") and "https://" not in html


@pytest.mark.parametrize(
    "path", [f"/stories/{XSS_ID}", "/search?q=banner", f"/events?story={XSS_ID}", "/", "/network?level=actor"]
)
def test_stored_markup_comes_back_escaped(client, path):
    html = client.get(path).text
    assert XSS_SCRIPT not in html and XSS_IMG not in html
    if path.startswith("/stories"):
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_story_page_highlights(client, store):
    doc = store.document("example-airstrike")
    html = client.get("/stories/example-airstrike").text
    for e in doc.events:
        assert f'id="t-{e.id}"' in html and f'id="event-{e.id}"' in html
        assert e.event_type in html and e.rule in html
    assert 'class="actor"' in html
    if doc.quotes:
        assert 'class="quote"' in html


def test_body_size_is_bounded(store):
    c = TestClient(create_app(store=store, token=TOKEN, max_body=1000))
    big = {"text": "x" * 5000}
    r = c.post("/api/extract", json=big)
    assert r.status_code == 413
    assert "error" in r.json()


def test_chunked_body_size_is_bounded(store):
    c = TestClient(create_app(store=store, token=TOKEN, max_body=1000))

    def chunks():  # no Content-Length: the server must count as the body arrives
        yield b'{"text": "'
        for _ in range(50):
            yield b"x" * 100
        yield b'"}'

    r = c.post("/api/extract", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert r.headers["content-security-policy"]


def test_errors_do_not_leak_internals(store, monkeypatch):
    app = create_app(store=store, token=TOKEN)

    def boom():
        raise RuntimeError("secret internal detail in /srv/parley")

    monkeypatch.setattr(app.state.ctx.store, "stats", boom)
    c = TestClient(app, raise_server_exceptions=False)
    r = c.get("/api/stats")
    assert r.status_code == 500
    assert r.json() == {"error": "internal server error"}
    assert "secret" not in r.text and "Traceback" not in r.text


def test_read_token_closes_reads(store):
    c = TestClient(create_app(store=store, token=TOKEN, read_token="reader"))
    assert c.get("/api/events").status_code == 401
    assert c.get("/events").status_code == 401
    assert c.get("/api/events", headers={"Authorization": "Bearer reader"}).status_code == 200
    assert c.get("/api/events", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    assert c.get("/static/parley.css").status_code == 200
    assert c.post("/login", data={"token": "nope", "next": "/events"}).status_code == 401
    r = c.post("/login", data={"token": "reader", "next": "/events"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/events"
    assert c.get("/events").status_code == 200  # the cookie now opens pages


# -- pages ------------------------------------------------------------------------------


def test_overview_and_network_render_svg(client, store):
    html = client.get("/").text
    assert f'id="total-stories">{store.count("stories")}<' in html
    assert "<svg" in html and "<rect" in html
    net = client.get("/network").text
    assert "<circle" in net and "<line" in net
    assert client.get("/network", params={"since": "soon"}).status_code == 422


def test_events_page_filter_and_csv(client):
    everything = all_events(client)
    t = everything[0]["event_type"]
    html = client.get("/events", params={"type": t, "country": "", "since": ""}).text
    n_rows = html.count('class="event-row"')
    expected = sum(e["event_type"] == t for e in everything)
    assert n_rows == min(expected, 100)
    assert f'href="/events.csv?type={t}"' in html
    r = client.get("/events.csv", params={"type": t})
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == expected and all(row["event_type"] == t for row in rows)


def test_actor_and_docs_pages(client):
    macron = client.get("/api/actors", params={"name": "Macron"}).json()["items"][0]
    html = client.get(f"/actors/{macron['id']}").text
    assert macron["name"] in html and "As recipient" in html
    assert "<svg" in html and "/events?actor=Emmanuel+Macron&amp;since=" in html  # its events over time
    assert client.get("/actors/999999").status_code == 404
    docs = client.get("/docs").text
    assert "/api/events" in docs and "/api/stats/dyads" in docs
    assert client.get("/openapi.json").json()["paths"]["/api/events"]


def test_events_page_for_one_cluster(client, store):
    cl = max(store.clusters(), key=lambda c: c.n_events)
    html = client.get("/events", params={"cluster": cl.cluster_id}).text
    assert html.count('class="event-row"') == cl.n_events
    assert client.get("/events", params={"cluster": "x"}).status_code == 422


# -- helpers ----------------------------------------------------------------------------


def test_periods_fill_across_a_year_end():
    from parley.web.queries import period_range, periods_between

    assert periods_between("2020-W52", "2021-W02", "week") == ["2020-W52", "2020-W53", "2021-W01", "2021-W02"]
    assert periods_between("2024-11", "2025-02", "month") == ["2024-11", "2024-12", "2025-01", "2025-02"]
    assert periods_between("2025-02-27", "2025-03-02", "day")[-2:] == ["2025-03-01", "2025-03-02"]
    assert period_range("2025-W10", "week") == ("2025-03-03", "2025-03-09")


def test_highlight_nests_overlapping_spans_and_escapes():
    from html.parser import HTMLParser

    from parley.model import Actor, Document, Event, Quote, TextSpan
    from parley.web.render import highlight

    text = 'Ali <b>said</b>: "Envoys of Oman & Iran met today."'
    q0 = text.index('"') + 1
    doc = Document(id="h", text=text)
    oman = text.index("Oman")
    doc.actors = [Actor(id="A1", name="Oman", kind="state", mentions=[TextSpan("Oman", oman, oman + 4)])]
    met = text.index("met")
    doc.events = [
        Event(
            id="E1",
            event_type="CONSULT",
            trigger=TextSpan("met", met, met + 3),
            sentence=TextSpan(text, 0, 0),
            rule="r",
        )
    ]
    # the quote covers the actor and the trigger; a second "mention" overlaps the trigger's edge
    doc.quotes = [Quote(id="Q1", text=text[q0:-1], start=q0, end=len(text) - 1)]
    doc.actors.append(
        Actor(id="A2", name="Iran met", kind="state", mentions=[TextSpan("Iran met", met - 5, met + 3)])
    )
    html = str(highlight(doc, {"A1": 7}))

    class Check(HTMLParser):
        def __init__(self):
            super().__init__()
            self.stack, self.text = [], []

        def handle_starttag(self, tag, attrs):
            self.stack.append(tag)

        def handle_endtag(self, tag):
            assert self.stack.pop() == tag, html

        def handle_data(self, data):
            self.text.append(data)

    p = Check()
    p.feed(html)
    p.close()
    assert not p.stack
    assert "".join(p.text) == text  # the text, whole and in order (the parser unescapes)
    assert "<b>" not in html and "&lt;b&gt;" in html and "&amp;" in html
    assert 'href="/actors/7"' in html and 'id="t-E1"' in html and 'id="q-Q1"' in html
    assert html.count('id="q-Q1"') == 1  # a span cut into pieces keeps one anchor


def test_serve_command_options_and_bad_store():
    import typer
    from typer.testing import CliRunner

    from parley.web_cli import register

    app = typer.Typer()
    register(app)

    @app.command()
    def other() -> None:  # a second command, so that `serve` is a subcommand as in `parley`
        pass

    runner = CliRunner()
    help_text = runner.invoke(app, ["serve", "--help"], env={"COLUMNS": "200"}).output
    for opt in ("--db", "--host", "--port", "--token", "--read-token"):
        assert opt in help_text
    r = runner.invoke(app, ["serve", "--db", "sqlite:////no/such/dir/x.db"])
    assert r.exit_code == 2
    assert "cannot open the store" in r.output
