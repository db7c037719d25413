"""The one vocabulary of event filters, sort keys and columns, shared by the CLI, the API and the web app.

Every front end passes its raw filter values through ``check_event_filters``: a value that
cannot match anything (an unknown PLOVER type, country code or aux mode, a date that is not a
date) raises ``FilterError`` naming the value, instead of giving an empty result. The CLI turns
it into exit status 2, the API and the pages into 422 with the same message.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from ..model import AUX_MODES, EVENT_TYPES

DATA = Path(__file__).resolve().parent.parent / "data" / "kb"

#: The columns of every events CSV (the web's download, ``parley events -f csv``, ``parley export -f csv``):
#: the fields of ``EventRecord`` in order.
EVENT_COLUMNS = (
    "id",
    "story_id",
    "published",
    "event_type",
    "mode",
    "context",
    "aux_mode",
    "date",
    "actor",
    "actor_codes",
    "recipient",
    "recipient_codes",
    "place",
    "place_country",
    "lat",
    "lon",
    "trigger",
    "event_text",
    "confidence",
    "cluster_id",
)

#: What events can be sorted by (``-KEY`` for descending).
EVENT_SORT_KEYS = ("date", "published", "event_type", "place_country", "confidence", "story_id")
AUX_CHOICES = (*AUX_MODES, "none")

#: PLOVER quad categories (manual, each category's "Quad category").
QUAD = {
    **dict.fromkeys(("AGREE", "CONSULT", "SUPPORT", "CONCEDE"), 1),
    **dict.fromkeys(("COOPERATE", "AID", "RETREAT"), 2),
    **dict.fromkeys(("REQUEST", "ACCUSE", "REJECT", "THREATEN"), 3),
    **dict.fromkeys(("PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"), 4),
}
QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
#: One colour per quad class: blues for cooperation, oranges/reds for conflict.
QUAD_COLOURS = {1: "#64b5f6", 2: "#1565c0", 3: "#ffa726", 4: "#c62828"}

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
DATE_HELP = "YYYY-MM-DD, YYYY-MM or YYYY"


class FilterError(ValueError):
    """A filter value that cannot match anything; the message names it."""


@cache
def country_codes() -> dict[str, str]:
    """``{ISO3 code: name}`` of the countries the knowledge base codes events with."""
    with (DATA / "countries.csv").open(encoding="utf-8") as fh:
        out = {r["code"]: r["name"] for r in csv.DictReader(fh)}
    return out


def check_date(value: str | None, name: str = "date") -> str | None:
    """``value`` when it is a real calendar date (or month, or year); else ``FilterError``."""
    if value is None or value == "":
        return None
    m = _DATE.match(value.strip())
    if m:
        y, mo, d = m.groups()
        try:
            date(int(y), int(mo or 1), int(d or 1))
            return value.strip()
        except ValueError:
            pass
    raise FilterError(f"{name}: not a date: {value!r} (use {DATE_HELP})")


def check_types(value: str | list[str] | None) -> list[str] | None:
    if value is None or value == "":
        return None
    items = value.split(",") if isinstance(value, str) else list(value)
    types = [t.strip().upper() for t in items if t.strip()]
    bad = [t for t in types if t not in EVENT_TYPES]
    if bad:
        raise FilterError(
            f"type: unknown PLOVER type {', '.join(map(repr, bad))} (one of {', '.join(EVENT_TYPES)})"
        )
    return types or None


def check_country(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    code = value.strip().upper()
    codes = country_codes()
    if code in codes:
        return code
    hint = next((c for c, n in codes.items() if n.lower() == value.strip().lower()), None)
    more = f": {hint} for {codes[hint]}" if hint else ", e.g. SOM for Somalia"
    raise FilterError(f"country: unknown country code {value!r} (use an ISO 3166 three-letter code{more})")


def check_aux_mode(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    if value not in AUX_CHOICES:
        raise FilterError(f"aux_mode: unknown aux mode {value!r} (one of {', '.join(AUX_CHOICES)})")
    return value


def check_confidence(value: Any) -> float | None:
    """A confidence threshold: a number from 0 to 1 (see docs/conventions.md, "Confidence")."""
    if value is None or value == "":
        return None
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise FilterError(f"min_confidence: not a number: {value!r}") from None
    if not 0.0 <= x <= 1.0:
        raise FilterError(f"min_confidence: {value!r} is not between 0 and 1")
    return x


def check_sort(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    if value.lstrip("-") not in EVENT_SORT_KEYS:
        keys = ", ".join(EVENT_SORT_KEYS)
        raise FilterError(f"sort: cannot sort by {value!r} (one of {keys}; -KEY for descending)")
    return value


def event_filter_args(
    type: str | list[str] | None = None,
    actor: str | None = None,
    country: str | None = None,
    since: str | None = None,
    until: str | None = None,
    aux_mode: str | None = None,
    cluster: int | None = None,
    story: str | None = None,
    min_confidence: float | str | None = None,
) -> dict[str, Any]:
    """Every filter of ``Store.events`` as keyword arguments (None where not given), for
    ``check_event_filters``; the CLI and the web app take the same ones."""
    return dict(
        type=type,
        actor=actor,
        country=country,
        since=since,
        until=until,
        aux_mode=aux_mode,
        cluster=cluster,
        story=story,
        min_confidence=min_confidence,
    )


def check_event_filters(**f: Any) -> dict[str, Any]:
    """The filters of ``Store.events`` checked and normalised (types upper-case, country code)."""
    out = dict(f)
    if "type" in f:
        out["type"] = check_types(f["type"])
    if "country" in f:
        out["country"] = check_country(f["country"])
    for k in ("since", "until"):
        if k in f:
            out[k] = check_date(f[k], k)
    if "aux_mode" in f:
        out["aux_mode"] = check_aux_mode(f["aux_mode"])
    if "sort" in f:
        out["sort"] = check_sort(f["sort"])
    if "min_confidence" in f:
        out["min_confidence"] = check_confidence(f["min_confidence"])
    for k in ("actor", "story"):
        if k in f:
            out[k] = f[k] or None
    return out


def csv_value(v: Any) -> Any:
    """A value as an events CSV cell holds it: lists joined with ``;``, floats without float noise
    (``0.72``, not ``0.7200000000000001``), None empty. JSON keeps the exact values."""
    if v is None:
        return ""
    if isinstance(v, list):
        return ";".join(str(x) for x in v)
    if isinstance(v, float):
        return repr(round(v, 6))
    return v


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 row``, ``2 rows``; ``many`` for irregular plurals (``1 story``, ``3 stories``)."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"
