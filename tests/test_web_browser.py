"""The web app in a real browser: Playwright driving Debian's chromium (headless) against uvicorn.

Skips when /usr/bin/chromium is missing (``scripts/ci-browser.sh`` installs it). Never uses
``playwright install``: the browser is the system's. With ``PARLEY_SCREENSHOTS=1`` the story
page is saved to ``docs/screenshot-story.png``.
"""

from __future__ import annotations

import json
import os
import re
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("/usr/bin/chromium is missing (scripts/ci-browser.sh installs it)", allow_module_level=True)
pytest.importorskip("playwright.sync_api")
uvicorn = pytest.importorskip("uvicorn")

from playwright.sync_api import expect, sync_playwright  # noqa: E402

from parley.store import Store  # noqa: E402
from parley.store.loader import ingest  # noqa: E402
from parley.web import create_app  # noqa: E402

from .conftest import EXAMPLES, ROOT  # noqa: E402
from .test_web_api import XSS_ID, XSS_IMG, XSS_SCRIPT, XSS_STORY  # noqa: E402

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
STORY = "example-airstrike"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, pipeline):
    tmp = tmp_path_factory.mktemp("webui")
    extra = tmp / "extra.jsonl"
    extra.write_text(json.dumps(XSS_STORY) + "\n", encoding="utf-8")
    store = Store(f"sqlite:///{tmp / 'store.db'}")
    ingest(store, [str(EXAMPLES / "stories.jsonl"), str(extra)], pipeline=pipeline)
    port = free_port()
    srv = uvicorn.Server(
        uvicorn.Config(
            create_app(store=store, pipeline=pipeline), host="127.0.0.1", port=port, log_level="warning"
        )
    )
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)
    store.close()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


class Watched:
    """A page with the dialogs it opened and the console errors it logged (CSP violations show there)."""

    def __init__(self, page):
        self.page = page
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", self._dialog)
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _dialog(self, d) -> None:
        self.dialogs.append(d.message)
        d.dismiss()


@pytest.fixture
def watched(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    w = Watched(ctx.new_page())
    yield w
    ctx.close()
    assert not w.dialogs, f"a dialog opened: {w.dialogs}"
    assert not [e for e in w.errors if "Content Security Policy" in e or "Refused" in e], w.errors


def test_overview(server, watched):
    page = watched.page
    page.goto(server + "/")
    expect(page.locator("h1")).to_have_text("Overview")
    assert int(page.locator("#total-stories").inner_text()) == 9
    assert page.locator("svg.timeline rect").count() > 0
    assert page.locator("table.clusters tbody tr").count() > 0


def test_filter_events(server, watched):
    page = watched.page
    page.goto(server + "/events")
    all_rows = page.locator("tr.event-row").count()
    assert all_rows > 1
    first_type = page.locator("tr.event-row .type").first.inner_text()
    page.select_option("select[name=type]", first_type)
    page.click("#event-filters button[type=submit]")
    page.wait_for_url(f"**/events?type={first_type}")  # the script leaves empty fields out
    types = page.locator("tr.event-row .type").all_inner_texts()
    assert types and set(types) == {first_type}
    assert len(types) < all_rows
    assert page.get_attribute("#csv-link", "href") == f"/events.csv?type={first_type}"


def test_story_highlights_and_actor(server, watched):
    page = watched.page
    page.goto(f"{server}/stories/{STORY}")
    triggers = page.locator("#story-text mark.trigger")
    assert triggers.count() >= 1
    assert page.locator("#story-text .actor").count() >= 1
    cards = page.locator(".event-card")
    assert cards.count() >= 1
    # pointing at a card lights up its trigger (the static script runs under the CSP)
    card = cards.first
    ref = card.get_attribute("data-ref")
    card.hover()
    expect(page.locator(f"#t-{ref}")).to_have_class(
        "trigger t-" + card.locator(".type").inner_text() + " active"
    )
    # a trigger links to its card
    page.click(f"#t-{ref} a")
    assert page.url.endswith(f"#event-{ref}")
    if os.environ.get("PARLEY_SCREENSHOTS") == "1":
        page.goto(f"{server}/stories/{STORY}")
        page.screenshot(path=str(ROOT / "docs" / "screenshot-story.png"), full_page=False)
    # an actor mention opens the actor's page
    link = page.locator("#story-text a.actor").first
    name = page.locator("#story-text a.actor").first.inner_text()
    link.click()
    page.wait_for_url("**/actors/*")
    expect(page.locator("#actor-name")).to_be_visible()
    assert page.locator("#as-actor").count() == 1 and page.locator("#as-recipient").count() == 1
    assert name  # the mention had text to click


def test_search(server, watched):
    page = watched.page
    page.goto(server + "/")
    page.fill("header form.search input[name=q]", "El Fasher")
    page.press("header form.search input[name=q]", "Enter")
    page.wait_for_url("**/search?q=El+Fasher")
    hit = page.locator(f'#story-hits a[href="/stories/{STORY}"]')
    expect(hit).to_have_count(1)
    assert page.locator("#story-hits .snippet mark").count() >= 1


def test_markup_in_a_story_renders_as_text_and_runs_nothing(server, watched):
    page = watched.page
    page.goto(f"{server}/stories/{XSS_ID}")
    text = page.locator("#story-text").inner_text()
    assert XSS_SCRIPT in text and XSS_IMG in text
    expect(page.locator("#story-title")).to_contain_text(XSS_SCRIPT)
    assert page.locator("#story-text script, #story-text img, h1 script").count() == 0
    page.goto(f"{server}/search?q=banner")
    expect(page.locator(f'#story-hits a[href="/stories/{XSS_ID}"]')).to_contain_text(XSS_SCRIPT)
    page.wait_for_timeout(200)  # give an onerror handler a chance to fire, if one had been injected
    # the fixture asserts that no dialog opened and no CSP violation was logged


def shoot(page, name: str) -> None:
    """With PARLEY_SCREENSHOTS=1, save the page for the docs as docs/screenshot-NAME.png."""
    if os.environ.get("PARLEY_SCREENSHOTS") == "1":
        page.screenshot(path=str(ROOT / "docs" / f"screenshot-{name}.png"), full_page=False)


def api_total(server, page, **params) -> int:
    from urllib.parse import urlencode

    r = page.request.get(server + "/api/events?" + urlencode(params))
    assert r.ok, r.text()
    return r.json()["total"]


def test_map_points_open_their_events(server, watched):
    page = watched.page
    page.goto(server + "/")
    assert page.locator("svg#map path.land").count() > 150  # the outlines ship with the package
    points = page.locator("svg#map a.point circle")
    assert points.count() >= 1
    box = page.locator("svg#map").bounding_box()
    assert box and box["width"] > 500  # drawn, not collapsed
    country = points.first.get_attribute("data-country")
    n = int(points.first.get_attribute("data-count"))
    points.first.click(force=True)
    page.wait_for_url(f"**/events?country={country}")
    assert int(page.locator("#events-total").get_attribute("data-total")) == n
    codes = page.locator("tr.event-row td:nth-child(6) .code").all_inner_texts()
    assert codes and set(codes) == {country}
    # the events page's map shows only the filtered events
    assert {c.get_attribute("data-country") for c in page.locator("svg#map circle").all()} == {country}
    shoot(page, "events")


def test_sorting_by_a_column_header(server, watched):
    page = watched.page
    page.goto(server + "/events")
    dates = page.locator("tr.event-row td.date").all_inner_texts()
    assert dates == sorted(dates, reverse=True)  # newest first by default
    page.click("th[data-sort=event_type] a")
    page.wait_for_url("**/events?sort=event_type")
    types = page.locator("tr.event-row .type").all_inner_texts()
    assert types == sorted(types) and len(set(types)) > 1
    expect(page.locator("th[data-sort=event_type]")).to_have_attribute("aria-sort", "ascending")
    page.click("th[data-sort=event_type] a")
    page.wait_for_url("**/events?sort=-event_type")
    assert page.locator("tr.event-row .type").all_inner_texts() == sorted(types, reverse=True)


def test_totals_and_one_line_dates(server, watched):
    page = watched.page
    page.goto(server + "/events")
    total = int(page.locator("#events-total").get_attribute("data-total"))
    assert total == api_total(server, page) == page.locator("tr.event-row").count()  # under 100: one page
    expect(page.locator("#row-range")).to_have_text(f"rows 1–{total} of {total}")
    page.goto(server + "/events?limit=5")
    expect(page.locator(".pager .pages a.page").last).to_have_text(str(-(-total // 5)))
    page.locator(".pager .pages a.page").first.click()  # page 2
    expect(page.locator("#row-range")).to_have_text(f"rows 6–10 of {total}")
    # dates and story ids keep to one line, and each row shows its sentence
    lines = page.evaluate(
        """sel => Array.from(document.querySelectorAll(sel)).map(el => {
             const r = document.createRange(); r.selectNodeContents(el); return r.getClientRects().length; })""",
        "tr.event-row td.date, tr.event-row td.id a",
    )
    assert lines and set(lines) == {1}, lines  # "2020-02-" and "14" would be two
    assert page.locator("tr.event-row .event-text").count() >= 1


FILTERS = {
    "type": lambda e: e["event_type"],
    "actor": lambda e: (e["actor_codes"] or [None])[0],
    "country": lambda e: e["place_country"],
    "since": lambda e: e["date"] if e["date"] and len(e["date"]) == 10 else None,
    "until": lambda e: e["date"] if e["date"] and len(e["date"]) == 10 else None,
    "aux_mode": lambda e: e["aux_mode"],
}


@pytest.mark.parametrize("name", list(FILTERS))
def test_every_filter_of_the_events_form(server, watched, name):
    page = watched.page
    items = page.request.get(server + "/api/events?limit=500").json()["items"]
    value = next(v for e in items if (v := FILTERS[name](e)))
    page.goto(server + "/events")
    field = page.locator(f"#event-filters [name={name}]")
    if field.evaluate("el => el.tagName") == "SELECT":
        page.select_option(f"#event-filters select[name={name}]", value)
    else:
        field.fill(value)
    page.click("#event-filters button[type=submit]")
    page.wait_for_url(f"**/events?{name}=*")
    shown = int(page.locator("#events-total").get_attribute("data-total"))
    assert 0 < shown == api_total(server, page, **{name: value}) == page.locator("tr.event-row").count()
    assert shown < len(items) or name in ("since", "until")


def test_an_invalid_filter_is_an_error_page_naming_it(server, watched):
    page = watched.page
    resp = page.goto(server + "/events?country=somalia")
    assert resp.status == 422
    expect(page.locator("main")).to_contain_text("'somalia'")


def test_story_cards_scroll_beside_the_text(server, watched):
    page = watched.page
    busiest = max(
        {e["story_id"] for e in page.request.get(server + "/api/events?limit=500").json()["items"]},
        key=lambda s: api_total(server, page, story=s),
    )
    page.goto(f"{server}/stories/{busiest}")
    column = page.locator("aside.cards")
    assert column.evaluate("el => getComputedStyle(el).position") == "sticky"
    text_bottom = page.evaluate(
        "document.getElementById('story-text').getBoundingClientRect().bottom + scrollY"
    )
    height = page.evaluate("document.documentElement.scrollHeight")
    # the cards no longer make the page long: at most one window below the text
    assert height <= text_bottom + 900
    assert column.evaluate("el => el.scrollHeight > el.clientHeight")  # they scroll in their column
    assert column.bounding_box()["height"] <= 900
    # scrolling the text brings the card of the event read into the column's view
    last = page.locator("#story-text mark.trigger[id^='t-']").last
    ref = last.get_attribute("id")[2:]
    page.mouse.wheel(0, 5000)
    card = page.locator(f"#event-{ref}")
    expect(card).to_have_class(re.compile(r"\bcurrent\b"))
    cbox, colbox = card.bounding_box(), column.bounding_box()
    assert colbox["y"] - 1 <= cbox["y"] <= colbox["y"] + colbox["height"]
    page.mouse.wheel(0, -5000)
    # back at the top: the card marked is one of an event in view, and it is in the column's view
    expect(page.locator(f"#event-{ref}")).not_to_have_class(re.compile(r"\bcurrent\b"))
    now = page.locator(".event-card.current")
    expect(now).to_have_count(1)
    trig = page.locator(f"#t-{now.get_attribute('data-ref')}").bounding_box()
    assert 0 <= trig["y"] <= 900
    cbox, colbox = now.bounding_box(), column.bounding_box()
    assert colbox["y"] - 1 <= cbox["y"] <= colbox["y"] + colbox["height"]
    shoot(page, "story")


def test_network_and_screenshots_of_each_page(server, watched):
    page = watched.page
    page.goto(server + "/network")
    assert page.locator("svg#network line.edge").count() >= 1
    strokes = {e.get_attribute("stroke") for e in page.locator("svg#network line.edge").all()}
    assert strokes <= {"#64b5f6", "#1565c0", "#ffa726", "#c62828"}
    assert "IGO" not in page.locator("svg#network").text_content()
    shoot(page, "network")
    page.goto(server + "/")
    expect(page.locator("#quad-timeline svg rect").first).to_be_visible()
    shoot(page, "overview")
    page.goto(server + "/actors")
    page.locator("table a[href^='/actors/']").first.click()
    page.wait_for_url("**/actors/*")
    shoot(page, "actor")
    page.goto(server + "/search?q=police")
    shoot(page, "search")
