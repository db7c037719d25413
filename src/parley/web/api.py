"""The JSON API under ``/api``: the store's queries over HTTP, ingest and one-off extraction."""

from __future__ import annotations

import json
import tempfile
import threading
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, HTTPException, Query, Request
from fastapi import Path as PathParam
from pydantic import BaseModel, Field, field_validator

from .. import validate
from ..model import Story
from ..pipeline import story_id
from ..store.filters import EVENT_SORT_KEYS, FilterError, check_event_filters, event_filter_args
from . import queries as wq
from .app import WebContext, bearer, token_matches
from .models import (
    ActorPage,
    ActorProfile,
    ClusterPage,
    Countries,
    Dyads,
    EventPage,
    QuotePage,
    SearchAnswer,
    Stats,
    Timeline,
)

router = APIRouter(prefix="/api", tags=["api"])

#: Page sizes: the default, and the most one request may ask for.
DEFAULT_LIMIT = 50
MAX_LIMIT = 500
#: How deep paging may go (the store's queries have no offset: a page is cut from the top rows).
MAX_OFFSET = 50_000
#: Stories in one POST.
MAX_STORIES = 100
#: Largest integer a parameter may carry (ids and counts are 32-bit in every store).
MAX_INT = 2**31 - 1

DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Rows per page (at most {MAX_LIMIT}).")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip.")]
# Dates are checked by ``store.filters.check_date`` (real calendar dates, one message everywhere).
Since = Annotated[
    str | None, Query(max_length=10, description="From this date (YYYY-MM-DD, YYYY-MM or YYYY).")
]
Until = Annotated[
    str | None, Query(max_length=10, description="Up to this date (YYYY-MM-DD, YYYY-MM or YYYY), inclusive.")
]
Types = Annotated[str | None, Query(description="PLOVER type(s), comma-separated.")]


def ctx_of(request: Request) -> WebContext:
    return request.app.state.ctx


def type_list(type: str | None) -> list[str] | None:
    if not type:
        return None
    return [t.strip().upper() for t in type.split(",") if t.strip()] or None


def page(fetch, limit: int, offset: int, total: int | None = None) -> dict[str, Any]:
    """One page of a store query: ``fetch(limit=n)`` returns the first n records."""
    recs = fetch(limit=offset + limit + 1)
    items = recs[offset : offset + limit]
    more = len(recs) > offset + limit
    return {
        "items": [r if isinstance(r, dict) else _asdict(r) for r in items],
        "total": total,
        "limit": limit,
        "offset": offset,
        "next_offset": offset + limit if more and offset + limit <= MAX_OFFSET else None,
    }


def _asdict(r) -> dict:
    from dataclasses import asdict

    return asdict(r)


def checked(**filters) -> dict[str, Any]:
    """Filters checked as the CLI checks them: an invalid value is a 422 naming it."""
    try:
        return check_event_filters(**filters)
    except FilterError as exc:
        raise HTTPException(422, str(exc)) from None


def event_filters(*args, **kwargs) -> dict[str, Any]:
    """All the events filters (``store.filters.event_filter_args``: type, actor, country, since,
    until, aux_mode, cluster, story, min_confidence), checked as ``checked`` checks them."""
    return checked(**event_filter_args(*args, **kwargs))


AuxMode = Annotated[
    str | None,
    Query(
        description="Aux mode: historical, future, hypothetical, negation, or none for events without one."
    ),
]
Actor = Annotated[str | None, Query(max_length=200, description="Participant code (USA) or name (Rubio).")]
Country = Annotated[
    str | None, Query(max_length=8, description="ISO 3166 three-letter code of the event's place (SOM).")
]
Sort = Annotated[
    str | None,
    Query(description=f"Sort by {', '.join(EVENT_SORT_KEYS)}; -KEY for descending. Default: date."),
]
MinConfidence = Annotated[
    float | None,
    Query(ge=0, le=1, description="Only events whose calibrated confidence is at least this (0 to 1)."),
]
StoryId = Annotated[str | None, Query(max_length=200, description="Only this story's rows.")]


@router.get("/events", response_model=EventPage)
def list_events(
    request: Request,
    type: Types = None,
    actor: Actor = None,
    country: Country = None,
    since: Since = None,
    until: Until = None,
    aux_mode: AuxMode = None,
    cluster: Annotated[
        int | None, Query(ge=0, le=MAX_INT, description="Only the events of this cluster.")
    ] = None,
    story: StoryId = None,
    min_confidence: MinConfidence = None,
    sort: Sort = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Events (every report), filtered as in `parley events`, oldest first unless `sort` says otherwise."""
    f = event_filters(type, actor, country, since, until, aux_mode, cluster, story, min_confidence)
    s = checked(sort=sort)["sort"]
    store = ctx_of(request).store
    return page(
        lambda limit: store.events(**f, sort=s, limit=limit), limit, offset, store.count("events", **f)
    )


@router.get("/clusters", response_model=ClusterPage)
def list_clusters(
    request: Request,
    type: Types = None,
    actor: Actor = None,
    since: Since = None,
    until: Until = None,
    min_sources: Annotated[
        int | None, Query(ge=1, le=MAX_INT, description="At least this many independent sources.")
    ] = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Event clusters: one happening, its reports and its number of independent sources."""
    f = {**checked(type=type, actor=actor, since=since, until=until), "min_sources": min_sources}
    store = ctx_of(request).store
    return page(lambda limit: store.clusters(**f, limit=limit), limit, offset, store.count("clusters", **f))


@router.get("/quotes", response_model=QuotePage)
def list_quotes(
    request: Request,
    speaker: Annotated[str | None, Query(max_length=200, description="Speaker name or alias.")] = None,
    q: Annotated[str | None, Query(max_length=500, description="Words the quote must contain.")] = None,
    story: StoryId = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Quotes, by speaker, words and story."""
    f = {"speaker": speaker, "search": q, "story": story}
    store = ctx_of(request).store
    return page(lambda limit: store.quotes(**f, limit=limit), limit, offset, store.count("quotes", **f))


@router.get("/actors", response_model=ActorPage)
def list_actors(
    request: Request,
    name: Annotated[str | None, Query(max_length=200, description="Name or alias (a part matches).")] = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> dict[str, Any]:
    """The actor knowledge base, most reported first."""
    store = ctx_of(request).store
    return page(
        lambda limit: store.actors(name, limit=limit), limit, offset, store.count("actors", name=name)
    )


def actor_profile(c: WebContext, actor_id: int, limit: int = 200) -> dict[str, Any]:
    with c.store.engine.connect() as conn:
        a = wq.actor(conn, actor_id)
        if a is None:
            raise HTTPException(404, f"no actor {actor_id}")
        return {
            "actor": _asdict(a),
            "n_as_actor": wq.actor_event_count(conn, actor_id, "actor"),
            "n_as_recipient": wq.actor_event_count(conn, actor_id, "recipient"),
            "as_actor": wq.actor_events(conn, actor_id, "actor", limit),
            "as_recipient": wq.actor_events(conn, actor_id, "recipient", limit),
            "quotes": [_asdict(q) for q in wq.actor_quotes(conn, actor_id, limit)],
        }


@router.get("/actors/{actor_id}", response_model=ActorProfile)
def get_actor(
    request: Request, actor_id: Annotated[int, PathParam(ge=0, le=MAX_INT)], limit: Limit = 200
) -> dict[str, Any]:
    """One actor: profile (code, sector, offices with dates), its events as actor and as recipient
    (newest first, at most `limit` of each; `n_as_actor`, `n_as_recipient` count them all), its quotes."""
    return actor_profile(ctx_of(request), actor_id, limit)


@router.get("/stories/{story_id:path}")
def get_story(request: Request, story_id: str) -> dict[str, Any]:
    """One story: its text and its full extraction (Document.to_dict with text), and its events' clusters."""
    c = ctx_of(request)
    doc = c.store.document(story_id)
    if doc is None:
        raise HTTPException(404, "no such story")
    d = doc.to_dict(include_text=True)
    d["clusters"] = {k.split("/", 1)[-1]: v for k, v in c.store.cluster_of(story_id).items()}
    return d


@router.get("/search", response_model=SearchAnswer)
def search(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=500, description="Words to find (all of them).")],
    limit: Annotated[int, Query(ge=1, le=100, description="At most this many stories and quotes.")] = 20,
) -> dict[str, Any]:
    """Full text over stories (title and text) and quotes."""
    s = ctx_of(request).store
    return {
        "q": q,
        "stories": s.search(q, limit=limit).to_dicts(),
        "quotes": s.quotes(search=q, limit=limit).to_dicts(),
    }


@router.get("/stats", response_model=Stats)
def stats(request: Request) -> dict[str, Any]:
    """Totals: stories, events, clusters, quotes, actors; events by type and week."""
    return ctx_of(request).store.stats()


@router.get("/stats/timeline", response_model=Timeline)
def timeline(
    request: Request,
    interval: Annotated[Literal["day", "week", "month"], Query(description="Bucket size.")] = "week",
    type: Types = None,
    since: Since = None,
    until: Until = None,
) -> dict[str, Any]:
    """Event counts by type per day, ISO week or month of the event's own date (events dated only to a
    month or year under `partly_dated`, events without a date under `undated`)."""
    f = checked(type=type, since=since, until=until)
    with ctx_of(request).store.engine.connect() as conn:
        return wq.timeline(conn, interval, f["type"], f["since"], f["until"])


@router.get("/stats/dyads", response_model=Dyads)
def dyads(
    request: Request,
    level: Annotated[
        Literal["country", "actor"], Query(description="Pair countries (IGOs by name) or actors.")
    ] = "country",
    type: Types = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = DEFAULT_LIMIT,
) -> dict[str, Any]:
    """Directed actor -> recipient pairs (countries or actors) weighted by their number of events."""
    f = checked(type=type, since=since, until=until)
    with ctx_of(request).store.engine.connect() as conn:
        return {"level": level, "pairs": wq.dyads(conn, level, f["type"], f["since"], f["until"], limit)}


@router.get("/stats/countries", response_model=Countries)
def countries(
    request: Request,
    type: Types = None,
    actor: Actor = None,
    since: Since = None,
    until: Until = None,
    aux_mode: AuxMode = None,
) -> dict[str, Any]:
    """Events per country of their place, by PLOVER quad class (`q1` verbal cooperation ... `q4`
    material conflict), most events first; filters as in `/api/events`."""
    f = event_filters(type, actor, None, since, until, aux_mode)
    f.pop("country")
    with ctx_of(request).store.engine.connect() as conn:
        return {"countries": wq.countries(conn, **f)}


# -- writing ----------------------------------------------------------------------------


class StoryIn(BaseModel):
    id: str | None = Field(
        None, max_length=validate.MAX_ID_CHARS, description="Story id (default: a hash of the text)."
    )
    text: str = Field(..., min_length=1)
    published: str | None = Field(None, description="YYYY-MM-DD")
    title: str | None = Field(None, max_length=1000)
    url: str | None = Field(None, max_length=2000)
    source: str | None = Field(None, max_length=300)

    # The same rules as the CLI readers (parley.validate): a refused value is a 422 naming it.
    @field_validator("id")
    @classmethod
    def _id(cls, v):
        return validate.check_id(v)

    @field_validator("published")
    @classmethod
    def _published(cls, v):
        return validate.check_date(v)


def require_writer(request: Request) -> None:
    c = ctx_of(request)
    if not c.token:
        raise HTTPException(
            403, "ingest over HTTP is disabled: start the server with --token or PARLEY_TOKEN"
        )
    if not token_matches(bearer(request), c.token):
        raise HTTPException(401, "a valid bearer token is required", headers={"WWW-Authenticate": "Bearer"})


@router.post("/stories", status_code=201)
def post_stories(
    request: Request,
    body: Annotated[
        StoryIn | list[StoryIn], Body(description=f"One story or a list (at most {MAX_STORIES}).")
    ],
) -> dict[str, Any]:
    """Ingest one story or a batch, as `parley ingest` does (needs `Authorization: Bearer TOKEN`).

    Stories already stored with the same text are skipped; a known id with other text is a
    failure (kept in the store, see `parley failures`).
    """
    require_writer(request)
    items = body if isinstance(body, list) else [body]
    if not items:
        raise HTTPException(422, "no stories")
    if len(items) > MAX_STORIES:
        raise HTTPException(413, f"at most {MAX_STORIES} stories per request")
    from ..store.loader import ingest

    c = ctx_of(request)
    pipeline = c.pipeline()
    with tempfile.TemporaryDirectory(prefix="parley-api-") as tmp:
        # Written as a JSONL file so the stories take exactly the CLI's path: the same
        # reader (ids, dates), the same skip/duplicate rules and failure records.
        path = Path(tmp) / "api.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for s in items:
                # ASCII escapes: a lone surrogate in the body stays a JSON escape, which the
                # reader replaces and reports instead of failing to write the file.
                fh.write(json.dumps(s.model_dump(exclude_none=True)) + "\n")
        with c.lock:
            summary = ingest(c.store, [str(path)], pipeline=pipeline)
    d = summary.to_dict()
    d["failures"] = [f.replace(str(path), "request") for f in d["failures"]]
    d["ids"] = [s.id or story_id(s.text) for s in items]
    return d


@router.post("/extract")
def post_extract(request: Request, story: StoryIn) -> dict[str, Any]:
    """The extraction of one posted story (Document.to_dict()), not stored. Needs the write
    token (extraction costs CPU); a text over the size budget is refused with 413, and when
    an extraction is already running or runs past the time budget the answer is 503."""
    require_writer(request)
    c = ctx_of(request)
    if len(story.text) > c.extract_chars:
        raise HTTPException(413, f"text longer than {c.extract_chars} characters: use POST /api/stories")
    text, _warnings = validate.clean_text(story.text)
    s = Story(
        id=story.id or story_id(text),
        text=text,
        published=story.published,
        title=story.title,
        url=story.url,
        source=story.source,
    )
    return run_extraction(c, s).to_dict()


def run_extraction(c: WebContext, s: Story):
    """Extract ``s`` in a thread of its own, off the ingest lock: reads and ingests go on
    meanwhile. One extraction at a time; the slot is freed when the work really ends."""
    if not c.extract_slot.acquire(blocking=False):
        raise HTTPException(
            503, "an extraction is already running: retry later", headers={"Retry-After": "5"}
        )
    done = threading.Event()
    result: dict[str, Any] = {}

    def work():
        try:
            result["doc"] = next(c.pipeline().pipe([s]))
        except Exception as exc:  # reported to the caller as a 500 below
            result["error"] = exc
        finally:
            c.extract_slot.release()
            done.set()

    threading.Thread(target=work, name="parley-extract", daemon=True).start()
    if not done.wait(c.extract_seconds):
        raise HTTPException(
            503, f"extraction took longer than {c.extract_seconds:g} s", headers={"Retry-After": "30"}
        )
    if "error" in result:
        raise result["error"]
    return result["doc"]
