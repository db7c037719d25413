"""The web app in a real browser: Playwright driving Debian's chromium (headless) against uvicorn.

Skips when /usr/bin/chromium is missing (``scripts/ci-browser.sh`` installs it). Never uses
``playwright install``: the browser is the system's. With ``PARLEY_SCREENSHOTS=1`` the story
page is saved to ``docs/screenshot-story.png``.
"""

from __future__ import annotations

import json
import os
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
