"""Server-side rendering helpers: story highlighting and chart geometry.

Story highlighting is the one place where the app builds HTML in Python: the text is cut
at every span boundary and each piece is escaped on its own, so no stored string ever
reaches the page unescaped. Charts are computed here as plain numbers and drawn as SVG
by the templates (which escape every label).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from html import escape
from urllib.parse import urlencode

from markupsafe import Markup

from ..model import EVENT_TYPES, Document
from ..store.filters import QUAD_COLOURS, QUAD_NAMES
from .queries import period_range

#: One colour per PLOVER type, used as SVG fill/stroke attributes (no inline CSS: the CSP forbids it).
TYPE_COLOURS = dict(
    zip(
        EVENT_TYPES,
        (
            "#2e7d32",
            "#1565c0",
            "#43a047",
            "#7cb342",
            "#00897b",
            "#26a69a",
            "#9e9d24",
            "#5c6bc0",
            "#ef6c00",
            "#f9a825",
            "#e53935",
            "#8e24aa",
            "#6d4c41",
            "#d81b60",
            "#b71c1c",
            "#212121",
        ),
        strict=True,
    )
)


#: The quad classes' colours by name, for the charts that count by class.
QUAD_NAME_COLOURS = {QUAD_NAMES[k]: v for k, v in QUAD_COLOURS.items()}


def colour(event_type: str) -> str:
    """The colour of a PLOVER type, or of a quad class given by its name."""
    return TYPE_COLOURS.get(event_type) or QUAD_NAME_COLOURS.get(event_type, "#757575")


def _attr(v: str) -> str:
    return escape(str(v), quote=True)


@dataclass
class _Span:
    start: int
    end: int
    kind: str  # quote, actor, trigger
    ref: str  # local id (A1, E1, Q1)
    href: str | None = None
    css: list[str] = field(default_factory=list)


def highlight(doc: Document, actor_links: dict[str, int] | None = None) -> Markup:
    """The story text as HTML with actor mentions, event triggers and quotes marked.

    Quotes wrap the pieces they cover (``span.quote``); actor mentions are links to the
    actor's page (``a.actor``, when the actor is in the knowledge base); triggers are
    ``mark.trigger`` linking to their event card. Overlapping spans are handled by
    cutting the text at every boundary and wrapping each piece in the spans covering it,
    so the HTML is always well nested. The first piece of each span carries its anchor id.
    """
    text = doc.text
    n = len(text)
    links = actor_links or {}
    spans: list[_Span] = []
    for q in doc.quotes:
        spans.append(_Span(q.start, q.end, "quote", q.id, css=["quote"]))
    for a in doc.actors:
        kb = links.get(a.id)
        for m in a.mentions:
            spans.append(
                _Span(m.start, m.end, "actor", a.id, f"/actors/{kb}" if kb is not None else None, ["actor"])
            )
    for e in doc.events:
        t = e.trigger
        if t.end > t.start:
            spans.append(
                _Span(t.start, t.end, "trigger", e.id, f"#event-{e.id}", ["trigger", f"t-{e.event_type}"])
            )
    spans = [s for s in spans if 0 <= s.start < s.end <= n]
    cuts = sorted({0, n} | {s.start for s in spans} | {s.end for s in spans})
    order = {"quote": 0, "actor": 1, "trigger": 2}
    anchored: set[tuple[str, str]] = set()
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        piece = escape(text[a:b], quote=False)
        covering = sorted((s for s in spans if s.start <= a and b <= s.end), key=lambda s: order[s.kind])
        inner_link = any(s.kind == "actor" and s.href for s in covering)
        for s in reversed(covering):  # innermost first
            key = (s.kind, s.ref)
            ident = ""
            if key not in anchored:
                anchored.add(key)
                ident = f' id="{s.kind[0]}-{_attr(s.ref)}"'
            cls = _attr(" ".join(s.css))
            data = f' data-ref="{_attr(s.ref)}"'
            if s.kind == "quote":
                piece = f'<span class="{cls}"{ident}{data}>{piece}</span>'
            elif s.kind == "actor" and s.href:
                piece = f'<a class="{cls}"{ident}{data} href="{_attr(s.href)}">{piece}</a>'
            elif s.kind == "actor":
                piece = f'<span class="{cls}"{ident}{data}>{piece}</span>'
            elif inner_link:  # a trigger inside an actor link: no nested link
                piece = f'<mark class="{cls}"{ident}{data}>{piece}</mark>'
            else:
                piece = f'<mark class="{cls}"{ident}{data}><a href="{_attr(s.href)}">{piece}</a></mark>'
        out.append(piece)
    return Markup("".join(out))


_SNIPPET_MARK = re.compile(r"\[([^\[\]]+)\]")


def snippet(s: str | None) -> Markup:
    """A search snippet (matches between ``[`` and ``]``) escaped, with the matches in ``<mark>``."""
    return Markup(_SNIPPET_MARK.sub(r"<mark>\1</mark>", escape(s or "", quote=False)))


# -- charts ---------------------------------------------------------------------------


def timeline_chart(tl: dict, width: int = 760, height: int = 220, link: dict | None = None) -> dict:
    """Stacked bars (one per period, one segment per type) as rectangle coordinates.

    Each bar links to the events page for its period (and the filters in ``link``)."""
    left, bottom, top = 36, 34, 8
    buckets = tl["buckets"]
    totals = [sum(b["counts"].values()) for b in buckets]
    peak = max(totals, default=0) or 1
    plot_h = height - bottom - top
    step = (width - left - 8) / max(len(buckets), 1)
    bar = max(min(step * 0.8, 40), 1)
    bars = []
    label_every = max(1, math.ceil(len(buckets) / 12))
    for i, b in enumerate(buckets):
        x = left + i * step + (step - bar) / 2
        y = height - bottom
        segs = []
        for t in tl["types"]:
            c = b["counts"].get(t, 0)
            if not c:
                continue
            h = c / peak * plot_h
            y -= h
            segs.append({"type": t, "count": c, "y": round(y, 1), "h": round(h, 1), "fill": colour(t)})
        since, until = period_range(b["period"], tl["interval"])
        bars.append(
            {
                "period": b["period"],
                "href": "/events?" + urlencode({**(link or {}), "since": since, "until": until}),
                "x": round(x, 1),
                "w": round(bar, 1),
                "segments": segs,
                "total": totals[i],
                "label": b["period"] if i % label_every == 0 else None,
                "label_x": round(x + bar / 2, 1),
            }
        )
    ticks = sorted({0, peak, peak // 2}) if peak > 1 else [0, peak]
    return {
        "interval": tl["interval"],
        "width": width,
        "height": height,
        "bars": bars,
        "axis_y": height - bottom,
        "left": left,
        "ticks": [{"value": v, "y": round(height - bottom - v / peak * plot_h, 1)} for v in ticks],
        "legend": [{"type": t, "fill": colour(t)} for t in tl["types"]],
    }


_CODE_SPAN = re.compile(r"`([^`]+)`")


def code_spans(s: str | None) -> Markup:
    """API descriptions: escaped, with `backticked` words as ``<code>``."""
    return Markup(_CODE_SPAN.sub(r"<code>\1</code>", escape(s or "", quote=False)))


def _short(name: str, most: int = 22) -> str:
    return name if len(name) <= most else name[: most - 1].rstrip() + "…"


def network_chart(pairs: list[dict], level: str = "country", size: int = 760) -> dict:
    """Nodes on a circle (heaviest first), edges as arrows whose width grows with their weight.

    Node size grows with the node's share of the events; arrows stop at the rim of the node
    they point to, so their heads stay visible.
    """
    weight: dict[str, int] = {}
    names: dict[str, str] = {}
    for p in pairs:
        for end in ("source", "target"):
            k = str(p[end])
            weight[k] = weight.get(k, 0) + p["weight"]
            names[k] = str(p.get(f"{end}_name") or p[end])
    slot = circle_slots(pairs, weight, names)
    n_slots = max(len(slot), 1)
    heaviest = max(weight.values(), default=1)
    c = size / 2
    radius = size / 2 - 160  # room for labels on both sides
    pos: dict[str, tuple[float, float, float]] = {}
    nodes = []
    for k in sorted(slot, key=slot.get):
        ang = 2 * math.pi * slot[k] / n_slots - math.pi / 2
        x, y = c + radius * math.cos(ang), c + radius * math.sin(ang)
        r = 4 + 14 * math.sqrt(weight[k] / heaviest)
        pos[k] = (x, y, r)
        lx, ly = c + (radius + r + 6) * math.cos(ang), c + (radius + r + 6) * math.sin(ang)
        href = f"/actors/{k}" if level == "actor" else "/events?" + urlencode({"actor": k})
        nodes.append(
            {
                "id": k,
                "name": names[k],
                "label": _short(names[k]),
                "href": href,
                "weight": weight[k],
                "x": round(x, 1),
                "y": round(y, 1),
                "r": round(r, 1),
                "lx": round(lx, 1),
                "ly": round(ly, 1),
                "anchor": "start" if math.cos(ang) >= -1e-9 else "end",
                # labels run along the radius (read left to right on both sides): they do not collide
                "rotate": round(math.degrees(ang) + (0 if math.cos(ang) >= -1e-9 else 180), 1),
            }
        )
    top = max((p["weight"] for p in pairs), default=1)
    edges = []
    for p in pairs:
        x1, y1, r1 = pos[str(p["source"])]
        x2, y2, r2 = pos[str(p["target"])]
        d = math.hypot(x2 - x1, y2 - y1) or 1
        ux, uy = (x2 - x1) / d, (y2 - y1) / d
        edges.append(
            {
                "source": names[str(p["source"])],
                "target": names[str(p["target"])],
                "weight": p["weight"],
                "x1": round(x1 + ux * r1, 1),
                "y1": round(y1 + uy * r1, 1),
                "x2": round(x2 - ux * (r2 + 2), 1),
                "y2": round(y2 - uy * (r2 + 2), 1),
                "w": round(1 + 4 * p["weight"] / top, 1),
                "colour": QUAD_COLOURS.get(p.get("quad"), "#777"),
                "quad": QUAD_NAMES.get(p.get("quad"), ""),
            }
        )
    legend = [{"name": QUAD_NAMES[k], "fill": QUAD_COLOURS[k]} for k in sorted(QUAD_NAMES)]
    return {"size": size, "nodes": nodes, "edges": edges, "legend": legend}


def circle_slots(pairs: list[dict], weight: dict[str, int], names: dict[str, str]) -> dict[str, int]:
    """Places on a circle for the nodes of ``pairs``, so that heavy pairs lie far apart.

    Pairs are taken heaviest first; a node not yet placed takes the free slot farthest from its
    partner (the first free slot when the partner is not placed either). Heavy arrows thus cross
    the circle instead of joining neighbours, where they would be the shortest and hardest to see.
    """
    keys = sorted(weight, key=lambda k: (-weight[k], names[k]))
    n = len(keys)
    free = list(range(n))
    slot: dict[str, int] = {}

    def put(k: str, partner: str | None) -> None:
        if k in slot:
            return
        if partner in slot:
            p = slot[partner]
            best = max(free, key=lambda s: (min((s - p) % n, (p - s) % n), -s))
        else:
            best = free[0]
        free.remove(best)
        slot[k] = best

    for p in sorted(pairs, key=lambda p: -p["weight"]):
        s, t = str(p["source"]), str(p["target"])
        put(s, t)
        put(t, s)
    for k in keys:
        put(k, None)
    return slot
