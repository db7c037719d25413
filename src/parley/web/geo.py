"""The offline world map: Natural Earth country outlines (``data/world.json``) and event points.

The outlines are SVG paths in degrees with y = -latitude (plate carrée), made by
``scripts/make_world_map.py``; the page draws them in an SVG whose viewBox is the world, so no
tile server, no script and nothing from another site is needed. Events with coordinates are
drawn at them; events placed only in a country at the middle of that country's outline.
"""

from __future__ import annotations

import json
import math
import re
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from ..store.filters import QUAD_COLOURS, QUAD_NAMES

WORLD = Path(__file__).resolve().parent.parent / "data" / "world.json"
#: The map's frame in degrees: the inhabited latitudes (no Antarctica).
WEST, EAST, NORTH, SOUTH = -180, 180, 84, -58
_NUM = re.compile(r"-?\d+(?:\.\d+)?")


@cache
def world() -> dict[str, str]:
    """``{ISO3: SVG path}`` of every country outline."""
    return json.loads(WORLD.read_text(encoding="utf-8"))["countries"]


@cache
def centres() -> dict[str, tuple[float, float]]:
    """``{ISO3: (lon, lat)}``: the middle of each country's largest ring's bounding box."""
    out = {}
    for code, d in world().items():
        best = None
        for ring in d.split("M")[1:]:
            nums = [float(x) for x in _NUM.findall(ring)]
            xs, ys = nums[0::2], nums[1::2]
            area = (max(xs) - min(xs)) * (max(ys) - min(ys))
            if best is None or area > best[0]:
                best = (area, (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
        if best:
            out[code] = (round(best[1], 2), round(-best[2], 2))
    return out


def map_chart(places: list[dict[str, Any]], link: dict[str, str] | None = None) -> dict[str, Any]:
    """Country shapes and one circle per place: area grows with its events, colour is the quad
    class of most of them; each circle links to the events page for its country."""
    c = centres()
    heaviest = max((p["total"] for p in places), default=1)
    points = []
    unplaced = 0
    for p in places:
        if p["lat"] is not None and p["lon"] is not None:
            lon, lat = p["lon"], p["lat"]
        elif p["country"] in c:
            lon, lat = c[p["country"]]
        else:
            unplaced += p["total"]
            continue
        quads = p["quads"]
        quad = max(quads, key=lambda k: (quads[k], k))
        q = {**(link or {}), "country": p["country"]} if p["country"] else dict(link or {})
        points.append(
            {
                "x": round(lon, 2),
                "y": round(-lat, 2),
                "r": round(1.2 + 5 * math.sqrt(p["total"] / heaviest), 2),
                "fill": QUAD_COLOURS.get(quad, "#757575"),
                "quad": QUAD_NAMES.get(quad, ""),
                "total": p["total"],
                "name": p["place"] or p["country"] or "?",
                "country": p["country"] or "",
                "href": "/events?" + urlencode(q),
            }
        )
    points.sort(key=lambda p: -p["r"])  # small circles drawn last stay clickable
    return {
        "viewbox": f"{WEST} {-NORTH} {EAST - WEST} {NORTH - SOUTH}",
        "countries": [{"code": k, "d": v} for k, v in world().items()],
        "points": points,
        "placed": sum(p["total"] for p in points),
        "unplaced": unplaced,
        "legend": [{"name": QUAD_NAMES[k], "fill": QUAD_COLOURS[k]} for k in sorted(QUAD_NAMES)],
    }
