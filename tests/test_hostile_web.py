"""Hostile requests against the web app (issue 13): no parameter value gives a 500, every
response carries the security headers, extraction needs the write token and runs off the
ingest lock within a size and time budget, the read cookie holds no token, CSV cells are
neutral and only http(s) links are rendered."""

from __future__ import annotations

import csv
import io
import threading
import uuid

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from parley.cli import app as cli_app  # noqa: E402
from parley.model import Actor, TextSpan  # noqa: E402
from parley.store import Store  # noqa: E402
from parley.web import create_app  # noqa: E402
from parley.web.app import READ_COOKIE  # noqa: E402

from .store_fixtures import make_doc, pg_schema, pg_schema_url, pg_url  # noqa: E402

TOKEN = "write-token-13"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
HEADERS = ("content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy")
TEXT = "=cmd|' /C calc'!A0 accused @SUM(1) of shelling the town on Monday."
EXTRACT = {"id": "x", "text": "Kenya and Tanzania signed a trade agreement in Arusha on Monday."}


def formula_doc(id: str = "f1", url: str | None = None):
    actors = [
        Actor(id="A1", name="=cmd|' /C calc'!A0", kind="group", mentions=[TextSpan("=cmd", 0, 4)]),
        Actor(id="A2", name="@SUM(1)", kind="group", code="-X", mentions=[TextSpan("@SUM(1)", 30, 37)]),
    ]
    doc = make_doc(
        id, TEXT, events=[("ACCUSE", "accused", ["A1"], ["A2"], "2025-03-03", None)], actors=actors
    )
    doc.url = url
    return doc


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = Store(f"sqlite:///{tmp_path_factory.mktemp('web13') / 'w.db'}")
    s.add_documents([formula_doc("f1", "javascript:alert(1)"), formula_doc("f2", "https://example.org/a")])
    yield s
    s.close()


@pytest.fixture(scope="module")
def client(store, pipeline):
    return TestClient(create_app(store=store, token=TOKEN, pipeline=pipeline), raise_server_exceptions=False)


def has_headers(r) -> bool:
    return all(h in r.headers for h in HEADERS)


# -- no parameter value gives a 500 ------------------------------------------------------------

HUGE = "9" * 30
GETS = [
    ("/api/events", ["type", "actor", "country", "since", "until", "aux_mode", "cluster", "story"]),
    ("/api/clusters", ["type", "actor", "since", "until", "min_sources"]),
    ("/api/quotes", ["speaker", "q", "story"]),
    ("/api/actors", ["name"]),
    ("/api/search", ["q"]),
    ("/api/stats/timeline", ["interval", "type", "since", "until"]),
    ("/api/stats/dyads", ["level", "type", "since", "until"]),
    ("/events", ["type", "actor", "country", "since", "until", "aux_mode", "cluster", "story"]),
    ("/events.csv", ["type", "actor", "cluster"]),
    ("/actors", ["name"]),
    ("/search", ["q"]),
    ("/network", ["since", "type"]),
]


@pytest.mark.parametrize("value", ["a%00b", HUGE, "-" + HUGE, "\u00b2", "1e400", "%ZZ", "'; DROP TABLE x;--"])
def test_no_parameter_value_gives_a_500(client, value):
    for path, params in GETS:
        for p in params:
            r = client.get(f"{path}?{p}={value}")
            assert r.status_code < 500, (path, p, value, r.status_code)
            assert has_headers(r), (path, p)


@pytest.mark.parametrize("path", [f"/api/actors/{HUGE}", f"/actors/{HUGE}", "/api/actors/-1", "/actors/%00"])
def test_huge_or_odd_ids_in_paths_are_404_or_422(client, path):
    r = client.get(path)
    assert r.status_code in (404, 422) and has_headers(r)


def test_a_500_carries_the_security_headers(store, monkeypatch):
    app = create_app(store=store, token=TOKEN)

    def boom():
        raise RuntimeError("internal detail")

    monkeypatch.setattr(app.state.ctx.store, "stats", boom)
    r = TestClient(app, raise_server_exceptions=False).get("/api/stats")
    assert r.status_code == 500 and has_headers(r) and "internal detail" not in r.text


def test_errors_carry_the_security_headers(client):
    for r in (
        client.get("/no/such/page"),
        client.get("/api/stories/none"),
        client.post("/api/stories", json={"text": "x"}),
        client.post(
            "/api/stories", content=b"{" * 10_000, headers={**AUTH, "content-type": "application/json"}
        ),
    ):
        assert r.status_code < 500 and has_headers(r), r.status_code


# -- POST /api/extract --------------------------------------------------------------------------


def test_extract_needs_the_write_token(client, store):
    assert client.post("/api/extract", json=EXTRACT).status_code == 401
    no_token = TestClient(create_app(store=store))
    assert no_token.post("/api/extract", json=EXTRACT).status_code == 403
    assert client.post("/api/extract", json=EXTRACT, headers=AUTH).status_code == 200


def test_extract_over_the_size_budget_is_413(client):
    ctx = client.app.state.ctx
    ctx.extract_chars, old = 50, ctx.extract_chars
    try:
        r = client.post("/api/extract", json={"text": "word " * 20}, headers=AUTH)
    finally:
        ctx.extract_chars = old
    assert r.status_code == 413 and has_headers(r)


def test_extract_busy_or_over_time_is_503(client):
    ctx = client.app.state.ctx
    assert ctx.extract_slot.acquire(blocking=False)
    try:
        r = client.post("/api/extract", json=EXTRACT, headers=AUTH)
    finally:
        ctx.extract_slot.release()
    assert r.status_code == 503 and "retry-after" in r.headers
    ctx.extract_seconds, old = 0.0, ctx.extract_seconds
    try:
        r = client.post("/api/extract", json={"text": EXTRACT["text"] * 50}, headers=AUTH)
    finally:
        ctx.extract_seconds = old
    assert r.status_code == 503
    assert ctx.extract_slot.acquire(timeout=60)  # the slot comes back when that work is done
    ctx.extract_slot.release()


def test_extract_does_not_wait_for_an_ingest(client):
    ctx = client.app.state.ctx
    held, release = threading.Event(), threading.Event()

    def ingest_running():
        with ctx.lock:  # what POST /api/stories holds while it ingests
            held.set()
            release.wait(60)

    t = threading.Thread(target=ingest_running)
    t.start()
    held.wait(10)
    out = {}
    req = threading.Thread(
        target=lambda: out.update(r=client.post("/api/extract", json=EXTRACT, headers=AUTH))
    )
    req.start()
    req.join(60)
    release.set()
    t.join()
    assert "r" in out and out["r"].status_code == 200


# -- the read cookie ----------------------------------------------------------------------------


def test_the_read_cookie_does_not_hold_the_token(store):
    c = TestClient(create_app(store=store, token=TOKEN, read_token="reader-secret"))
    r = c.post("/login", data={"token": "reader-secret", "next": "/events"}, follow_redirects=False)
    cookie = r.cookies.get(READ_COOKIE) or c.cookies.get(READ_COOKIE)
    assert cookie and "reader-secret" not in cookie
    assert c.get("/events").status_code == 200
    raw = TestClient(create_app(store=store, token=TOKEN, read_token="reader-secret"))
    raw.cookies.set(READ_COOKIE, "reader-secret")  # the token itself is no cookie
    assert raw.get("/events").status_code == 401


# -- links and CSV ------------------------------------------------------------------------------


def test_only_http_links_are_rendered(client):
    assert 'href="javascript:' not in client.get("/stories/f1").text
    assert 'href="https://example.org/a"' in client.get("/stories/f2").text


def _cells(text: str) -> list[str]:
    return [c for row in list(csv.reader(io.StringIO(text)))[1:] for c in row]


def _neutral(cells: list[str]) -> bool:
    return all(not c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells)


def test_the_web_csv_download_is_neutral(client):
    cells = _cells(client.get("/events.csv").text)
    assert any("cmd" in c for c in cells) and _neutral(cells)


def test_cli_csv_outputs_and_export_are_neutral(store, tmp_path):
    run = CliRunner()
    out = run.invoke(cli_app, ["events", "--db", store.url, "--format", "csv"])
    assert out.exit_code == 0 and "cmd" in out.output and _neutral(_cells(out.output))
    actors = run.invoke(cli_app, ["actors", "--db", store.url, "--format", "csv"]).output
    assert "SUM" in actors and _neutral(_cells(actors))
    path = tmp_path / "e.csv"
    assert run.invoke(cli_app, ["export", "--db", store.url, "-f", "csv", "-o", str(path)]).exit_code == 0
    cells = _cells(path.read_text(encoding="utf-8"))
    assert any("cmd" in c for c in cells) and _neutral(cells)


@pytest.mark.skipif(not pg_url(), reason="PARLEY_TEST_PG unset")
def test_a_nul_in_any_parameter_is_refused_on_postgresql():
    schema = f"t_{uuid.uuid4().hex[:12]}"
    pg_schema(pg_url(), schema)
    try:
        s = Store(pg_schema_url(pg_url(), schema))
        s.add_documents([formula_doc("f1")])
        c = TestClient(create_app(store=s, token=TOKEN), raise_server_exceptions=False)
        for path, params in GETS:
            for p in params:
                r = c.get(f"{path}?{p}=a%00b")
                assert r.status_code == 422 and has_headers(r), (path, p, r.status_code)
        assert c.get("/api/stories/a%00b").status_code == 422
        assert c.get("/stories/a%00b").status_code == 422
        s.close()
    finally:
        pg_schema(pg_url(), schema, drop=True)
