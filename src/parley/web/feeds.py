"""The feeds page and API: the feeds ``parley watch`` follows, their health, and new stories.

Reading needs what every page needs (the read token, when one is set); adding and removing
feeds needs the write token, as ingest does. Everything goes through the store's feed
methods (``store/feeds.py``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from .api import ctx_of, require_writer

router = APIRouter()

#: Shortest polling interval accepted over HTTP (as on the command line).
MIN_EVERY = 60
STAMP = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}|Z)?$"


class FeedIn(BaseModel):
    url: str = Field(..., min_length=8, max_length=2000, pattern=r"^https?://", description="http(s) URL")
    name: str | None = Field(None, max_length=200)
    every_seconds: int = Field(900, ge=MIN_EVERY, le=7 * 86400)


@router.get("/feeds", response_class=HTMLResponse, include_in_schema=False)
def feeds_page(request: Request):
    store = ctx_of(request).store
    stories = store.feed_stories(limit=50)
    return request.app.state.templates.TemplateResponse(
        request,
        "feeds.html",
        {"feeds": store.feeds(), "stories": stories, "newest": stories[0]["seen"] if stories else ""},
    )


@router.get("/api/feeds", tags=["feeds"])
def list_feeds(request: Request) -> dict:
    """The feeds followed, with their health: last fetch, status, new stories, errors."""
    return {"items": [f.to_dict() for f in ctx_of(request).store.feeds()]}


@router.get("/api/feeds/stories", tags=["feeds"])
def feed_stories(
    request: Request,
    since: Annotated[
        str | None, Query(pattern=STAMP, description="Only stories seen after this time.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=200, description="At most this many stories.")] = 50,
) -> dict:
    """Stories the feeds brought in, newest first."""
    return {"items": ctx_of(request).store.feed_stories(limit=limit, since=since)}


@router.post("/api/feeds", tags=["feeds"], status_code=201)
def add_feed(request: Request, feed: FeedIn) -> dict:
    """Follow a feed (needs the write token)."""
    require_writer(request)
    return (
        ctx_of(request).store.add_feed(feed.url, name=feed.name, every_seconds=feed.every_seconds).to_dict()
    )


@router.delete("/api/feeds/{feed_id}", tags=["feeds"])
def remove_feed(request: Request, feed_id: int) -> dict:
    """Stop following a feed; its stories stay (needs the write token)."""
    require_writer(request)
    if not ctx_of(request).store.remove_feed(feed_id):
        raise HTTPException(404, f"no feed {feed_id}")
    return {"removed": feed_id}
