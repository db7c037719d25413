"""Convert Natural Earth's 1:110m country outlines into ``src/parley/data/world.json``.

The web app draws its offline map from that file (``parley.web.geo``). Natural Earth is in the
public domain. This script is not run by the app and needs nothing the app installs; it reads
the ``naturalearth_lowres`` shapefile that geopandas up to 0.14 ships, with ``pyshp``, both
installed only in a throwaway virtual environment:

    python3 -m venv /tmp/ne && /tmp/ne/bin/pip install pyshp
    pip download --no-deps geopandas==0.14.4 -d /tmp/ne && cd /tmp/ne && unzip -o geopandas-*.whl
    /tmp/ne/bin/python scripts/make_world_map.py \
        /tmp/ne/geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp

Output: ``{"source", "countries": {ISO3: SVG path}}``; paths are in degrees with y = -latitude
(so an SVG ``viewBox="-180 -90 360 180"`` shows the plate carrée world, and a point is
``(lon, -lat)``), simplified to about ``--tolerance`` degrees and rounded to 0.1°.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

#: Countries without an ISO 3166 code in Natural Earth, by their Natural Earth name.
NO_ISO = {"Kosovo": "XKX", "N. Cyprus": None, "Somaliland": None}

OUT = Path(__file__).resolve().parent.parent / "src" / "parley" / "data" / "world.json"


def simplify(points: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    """Douglas-Peucker: drop points closer than ``tol`` to the line through their neighbours."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (x1, y1), (x2, y2) = points[a], points[b]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        best, far = 0.0, None
        for i in range(a + 1, b):
            x, y = points[i]
            d = abs(dy * (x - x1) - dx * (y - y1)) / norm if norm else ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
            if d > best:
                best, far = d, i
        if far is not None and best > tol:
            keep[far] = True
            stack += [(a, far), (far, b)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def ring_path(ring: list[tuple[float, float]]) -> str | None:
    pts = []
    for lon, lat in ring:
        p = (round(lon, 1), round(-lat, 1))
        if not pts or p != pts[-1]:
            pts.append(p)
    if len(pts) < 4:  # a ring reduced to a line or a dot: nothing to draw at this scale
        return None
    return "M" + "L".join(f"{x:g} {y:g}" for x, y in pts[:-1]) + "Z"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("shapefile", help="naturalearth_lowres.shp")
    ap.add_argument("--tolerance", type=float, default=0.25, help="degrees")
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args()
    import shapefile  # pyshp

    reader = shapefile.Reader(args.shapefile)
    fields = [f[0] for f in reader.fields[1:]]
    countries: dict[str, str] = {}
    for rec in reader.shapeRecords():
        attrs = dict(zip(fields, rec.record, strict=True))
        code = attrs.get("iso_a3")
        if code == "-99":  # no ISO code in Natural Earth: the code Parley's knowledge base uses
            code = NO_ISO.get(attrs.get("name"))
        if not code or code == "-99" or attrs.get("continent") == "Antarctica":
            continue
        shape = rec.shape
        parts = list(shape.parts) + [len(shape.points)]
        paths = []
        for a, b in zip(parts, parts[1:], strict=False):
            d = ring_path(simplify([tuple(p) for p in shape.points[a:b]], args.tolerance))
            if d:
                paths.append(d)
        if paths:
            countries[code] = countries.get(code, "") + "".join(paths)
    doc = {
        "source": "Natural Earth 1:110m Admin 0 countries (public domain), as shipped by geopandas 0.14",
        "projection": "plate carree, x = longitude, y = -latitude (degrees)",
        "countries": dict(sorted(countries.items())),
    }
    Path(args.out).write_text(json.dumps(doc, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(countries)} countries written to {args.out}")


if __name__ == "__main__":
    main()
