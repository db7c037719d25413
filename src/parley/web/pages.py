"""Server-rendered pages (Jinja2, autoescaped): overview, events, story, actor, network, search."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ..store.filters import EVENT_COLUMNS, QUAD_COLOURS, QUAD_NAMES, csv_value, plural
from . import queries as wq
from .api import MAX_OFFSET, actor_profile, checked, ctx_of, event_filters
from .app import READ_COOKIE, token_matches
from .geo import map_chart
from .render import code_spans, colour, highlight, network_chart, snippet, timeline_chart

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 100
MAX_PAGE = 500
#: Rows in one CSV download.
MAX_CSV_ROWS = 100_000

#: The events page's filters, kept in its links (pages, CSV).
FILTERS = ("type", "country", "actor", "since", "until", "aux_mode", "cluster", "story", "min_confidence")

#: The events page's sortable columns: header label -> sort key (``store.filters.EVENT_SORT_KEYS``).
SORTABLE = {"Date": "date", "Type": "event_type", "Place": "place_country", "Story": "story_id"}
#: The events page's default order: newest first.
DEFAULT_SORT = "-date"

# Empty form fields arrive as "": accept them, and check dates only when given.
FormDate = Annotated[str | None, Query(max_length=40)]


def _render(request: Request, name: str, ctx: dict[str, Any], status: int = 200) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, name, ctx, status_code=status)


@router.get("/", response_class=HTMLResponse)
def overview(request: Request):
    c = ctx_of(request)
    st = c.store.stats()
    with c.store.engine.connect() as conn:
        tl = overview_timeline(conn)
        top = wq.dyads(conn, "country", limit=10)
        since = wq.latest_cluster_date(conn, 10)
        world = map_chart(wq.places(conn))
        by_country = wq.countries(conn)[:20]
    latest = list(reversed(c.store.clusters(since=since)[-10:])) if since else []
    shown = sum(sum(b["counts"].values()) for b in tl["buckets"])
    shown += sum(tl["undated"].values()) + sum(tl["partly_dated"].values())
    return _render(
        request,
        "overview.html",
        {
            "stats": st,
            "chart": timeline_chart(tl),
            "quad_chart": timeline_chart(wq.by_quad(tl)),
            "timeline": tl,
            "outside": st["events"] - shown,
            "dyads": top,
            "clusters": latest,
            "map": world,
            "by_country": by_country,
            **QUAD_CONTEXT,
        },
    )


QUAD_CONTEXT = {"quads": [{"n": k, "name": v, "fill": QUAD_COLOURS[k]} for k, v in QUAD_NAMES.items()]}


#: Days around the corpus's publication dates that the overview's timeline shows: events dated
#: long before (history recalled in a story) or after would stretch the chart to nothing.
WINDOW_DAYS = 90


def overview_timeline(conn) -> dict[str, Any]:
    first, last = wq.published_range(conn)
    if not first or not last:
        return wq.timeline(conn, "week")
    since = date.fromordinal(date.fromisoformat(first).toordinal() - WINDOW_DAYS)
    until = date.fromordinal(date.fromisoformat(last).toordinal() + WINDOW_DAYS)
    interval = "week" if (until - since).days <= 2 * 366 else "month"
    tl = wq.timeline(conn, interval, since=since.isoformat(), until=until.isoformat())
    return wq.fill_gaps(tl)


def _event_query(request: Request) -> dict[str, Any]:
    p = request.query_params
    cluster = p.get("cluster") or None
    if cluster is not None and not cluster.isdigit():
        raise HTTPException(422, f"cluster: not a number: {cluster!r}")
    return event_filters(
        p.get("type") or None,
        (p.get("actor") or "")[:200] or None,
        (p.get("country") or "")[:40] or None,
        (p.get("since") or "")[:40] or None,
        (p.get("until") or "")[:40] or None,
        p.get("aux_mode") or None,
        cluster=int(cluster) if cluster else None,
        story=(p.get("story") or "")[:200] or None,
        min_confidence=(p.get("min_confidence") or "")[:20] or None,
    )


@router.get("/events", response_class=HTMLResponse)
def events_page(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = PAGE_SIZE,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    sort: Annotated[str | None, Query(max_length=40)] = None,
):
    c = ctx_of(request)
    f = _event_query(request)
    order = checked(sort=sort or DEFAULT_SORT)["sort"]
    total = c.store.count("events", **f)
    rows = c.store.events(**f, sort=order, limit=limit, offset=offset)
    form = {k: request.query_params.get(k, "") for k in FILTERS}
    given = {k: v for k, v in form.items() if v}
    keep = {**given, **({"sort": sort} if sort else {})}

    def link(off: int) -> str:
        return "/events?" + urlencode({**keep, "limit": limit, "offset": off})

    last_page = max((total - 1) // limit, 0)
    here = offset // limit
    numbers = sorted({0, last_page, *range(max(here - 3, 0), min(here + 4, last_page + 1))})
    pages = [{"n": n + 1, "href": link(n * limit), "current": n == here} for n in numbers]
    headers = []
    for label, key in SORTABLE.items():
        # a click on the current column turns its order round; any other starts ascending
        # (dates: newest first)
        now = order.lstrip("-") == key
        nxt = ("" if order.startswith("-") else "-") + key if now else ("-" + key if key == "date" else key)
        state = ("descending" if order.startswith("-") else "ascending") if now else "none"
        headers.append(
            {
                "label": label,
                "key": key,
                "href": "/events?" + urlencode({**given, "sort": nxt}),
                "aria": state,
            }
        )
    with c.store.engine.connect() as conn:
        world = map_chart(wq.places(conn, **f), link=given)
    return _render(
        request,
        "events.html",
        {
            "rows": rows,
            "form": form,
            "total": total,
            "total_text": plural(total, "event"),
            "headers": headers,
            "pages": pages if last_page else [],
            "csv_link": "/events.csv" + ("?" + urlencode(keep) if keep else ""),
            "prev_link": link(max(offset - limit, 0)) if offset else None,
            "next_link": link(offset + limit) if offset + limit < total else None,
            "offset": offset,
            "map": world,
            **QUAD_CONTEXT,
        },
    )


@router.get("/events.csv")
def events_csv(request: Request) -> Response:
    sort = checked(sort=request.query_params.get("sort") or None)["sort"]
    recs = ctx_of(request).store.events(**_event_query(request), sort=sort, limit=MAX_CSV_ROWS)
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(EVENT_COLUMNS)  # the columns of `parley events -f csv` and `parley export -f csv`
    for d in recs.to_dicts():
        w.writerow([_cell(d.get(k)) for k in EVENT_COLUMNS])
    return Response(
        buf.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="parley-events.csv"'},
    )


def _cell(v) -> str:
    s = str(csv_value(v))
    # A cell starting with = + - @ is a formula to a spreadsheet: keep it text.
    return "'" + s if s[:1] in ("=", "+", "-", "@") else s


@router.get("/stories/{story_id:path}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str):
    c = ctx_of(request)
    doc = c.store.document(story_id)
    if doc is None:
        raise HTTPException(404, "no such story")
    with c.store.engine.connect() as conn:
        links = wq.story_actor_ids(conn, story_id)
    clusters = {k.split("/", 1)[-1]: v for k, v in c.store.cluster_of(story_id).items()}
    names = {a.id: a for a in doc.actors}

    def who(ids: list[str]) -> list[dict]:
        out = []
        for i in ids:
            a = names.get(i)
            out.append(
                {"name": a.name if a else i, "code": a.code if a else None, "kb": links.get(i) if a else None}
            )
        return out

    cards = [
        {
            "e": e,
            "actor": who(e.actor),
            "recipient": who(e.recipient),
            "cluster": clusters.get(e.id),
            "fill": colour(e.event_type),
        }
        for e in doc.events
    ]
    quotes = [{"q": q, "speaker": who([q.speaker])[0] if q.speaker else None} for q in doc.quotes]
    return _render(
        request,
        "story.html",
        {"doc": doc, "body": highlight(doc, links), "cards": cards, "quotes": quotes, "links": links},
    )


@router.get("/actors", response_class=HTMLResponse)
def actors_page(request: Request, name: Annotated[str | None, Query(max_length=200)] = None):
    recs = ctx_of(request).store.actors(name or None, limit=200)
    return _render(request, "actors.html", {"rows": recs, "name": name or ""})


@router.get("/actors/{actor_id}", response_class=HTMLResponse)
def actor_page(request: Request, actor_id: int):
    c = ctx_of(request)
    p = actor_profile(c, actor_id)
    with c.store.engine.connect() as conn:
        tl = wq.timeline(conn, "month", actor_id=actor_id)
        world = map_chart(wq.places(conn, actor=p["actor"]["name"]), link={"actor": p["actor"]["name"]})
    link = {"actor": p["actor"]["name"]}
    chart = timeline_chart(wq.fill_gaps(tl, most=240), link=link) if tl["buckets"] else None
    return _render(request, "actor.html", {**p, "chart": chart, "map": world, **QUAD_CONTEXT})


@router.get("/network", response_class=HTMLResponse)
def network_page(
    request: Request,
    level: Literal["country", "actor"] = "country",
    type: Annotated[str | None, Query(max_length=200)] = None,
    since: FormDate = None,
    until: FormDate = None,
    edges: Annotated[int, Query(ge=1, le=200)] = 40,
):
    f = checked(type=type, since=since, until=until)
    since, until = f["since"], f["until"]
    with ctx_of(request).store.engine.connect() as conn:
        pairs = wq.dyads(conn, level, f["type"], since, until, edges)
    return _render(
        request,
        "network.html",
        {
            "chart": network_chart(pairs, level),
            "pairs": pairs,
            "form": {"level": level, "type": type or "", "since": since or "", "until": until or ""},
            "edges": edges,
        },
    )


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: Annotated[str, Query(max_length=500)] = ""):
    s = ctx_of(request).store
    hits, quotes = [], []
    if q.strip():
        hits = [{"h": h, "snippet": snippet(h.snippet)} for h in s.search(q, limit=50)]
        quotes = s.quotes(search=q, limit=50)
    return _render(request, "search.html", {"q": q, "hits": hits, "quotes": quotes})


@router.get("/docs", response_class=HTMLResponse)
def docs_page(request: Request):
    """The API endpoints, listed from the OpenAPI document (no Swagger UI: it needs a CDN)."""
    spec = request.app.openapi()
    endpoints = []
    for path, ops in spec.get("paths", {}).items():
        for method, op in ops.items():
            params = [
                {
                    "name": p["name"],
                    "in": p.get("in"),
                    "required": p.get("required", False),
                    "description": code_spans(p.get("description")),
                }
                for p in op.get("parameters", [])
            ]
            endpoints.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary") or "",
                    "description": code_spans(op.get("description")),
                    "params": params,
                    "body": "requestBody" in op,
                }
            )
    return _render(request, "docs.html", {"endpoints": endpoints, "title": spec["info"]["title"]})


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/"):
    return _render(request, "login.html", {"next": next})


@router.post("/login")
def login(request: Request, token: Annotated[str, Form(max_length=500)], next: Annotated[str, Form()] = "/"):
    c = ctx_of(request)
    if not c.read_token or not (token_matches(token, c.read_token) or token_matches(token, c.token)):
        return _render(request, "login.html", {"next": next, "failed": True}, status=401)
    # Only local paths: never redirect to another site.
    target = next if next.startswith("/") and not next.startswith("//") else "/"
    resp = RedirectResponse(target, status_code=303)
    resp.set_cookie(READ_COOKIE, token, httponly=True, samesite="strict")
    return resp
