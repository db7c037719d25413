"""How the corpus commands print records: a Rich table (chosen columns, short headers, names
with their codes), CSV or JSON lines on stdout."""

from __future__ import annotations

import json
import re
import sys
from enum import StrEnum

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .store.filters import plural


class Out(StrEnum):
    table = "table"
    csv = "csv"
    jsonl = "jsonl"


#: Columns shown by ``--format table`` (csv and jsonl carry them all).
TABLE_COLUMNS = {
    "EventRecord": ["id", "date", "event_type", "actor", "recipient", "place", "aux_mode", "cluster_id"],
    "DyadRecord": ["event_id", "date", "event_type", "actor", "actor_code", "recipient", "recipient_code"],
    "ClusterRecord": [
        "cluster_id",
        "date",
        "event_type",
        "participants",
        "sources",
        "reports",
        "outlets",
        "n_events",
        "first_report",
        "last_report",
        "place",
    ],
    "QuoteRecord": ["id", "published", "speaker", "text"],
    "StoryHit": ["id", "published", "title", "snippet"],
    "ActorRecord": ["id", "name", "kind", "code", "sector", "offices", "aliases", "n_stories"],
    "FailureRecord": ["id", "source", "line", "doc_id", "reason", "attempts"],
}


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, list):
        return ", ".join(str(x) for x in v)
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def emit(records, fmt: Out, columns: list[str] | None = None) -> None:
    """Print records as a Rich table, CSV or JSON lines on stdout."""
    if fmt == Out.jsonl:
        for d in records.to_dicts():
            sys.stdout.write(json.dumps(d, ensure_ascii=False) + "\n")
        return
    if fmt == Out.csv:
        from .store.export import write_csv

        write_csv(records, sys.stdout)
        return
    t = getattr(records, "record_type", None)
    cols = columns or TABLE_COLUMNS.get(t.__name__ if t else "") or records._columns()
    table = Table(show_lines=False)
    for c in cols:
        # dates never wrap ("2020-02-" over "14"); everything else folds to fit the terminal
        table.add_column(HEADERS.get(c, c), overflow="fold", no_wrap=c in NO_WRAP)
    for d in records.to_dicts():
        table.add_row(*[_text(c, _shown(d, c)[:300]) for c in cols])
    Console().print(table)
    Console(stderr=True).print(plural(len(records), "row"))


#: Short table headers (the CSV and JSON keep the field names).
HEADERS = {"event_type": "type", "aux_mode": "aux", "cluster_id": "cluster", "n_stories": "stories"}


def _shown(d: dict, column: str) -> str:
    """A table cell: names with their codes (``Azerbaijani police AZE``), places with their country."""
    if column in ("actor", "recipient") and f"{column}_codes" in d:
        names, codes = _cell(d.get(column)), _cell(d.get(f"{column}_codes"))
        return f"{names} {codes}".strip() if codes and codes != names else names
    if column == "place" and d.get("place_country"):
        return f"{d.get('place') or ''} {d['place_country']}".strip()
    return _cell(d.get(column))


#: Columns whose values are kept on one line in tables.
NO_WRAP = {"date", "published", "first_report", "last_report"}
_MATCH = re.compile(r"\[([^\[\]]+)\]")


def _text(column: str, value: str) -> Text:
    """A table cell as plain text: stored strings are never read as Rich markup (which would
    swallow ``[words]``); in a search snippet the matched words are shown in bold, brackets kept."""
    t = Text(value)
    if column == "snippet":
        for m in _MATCH.finditer(value):
            t.stylize("bold reverse", m.start(), m.end())
    return t
