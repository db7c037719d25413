"""A human-readable view of documents for ``parley extract --format pretty`` (Rich)."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .model import Actor, Document, Event


def actor_label(actor: Actor | None) -> str:
    """``"Vladimir Putin (RUS GOV)"``; the code/sector part is left out when unknown."""
    if actor is None:
        return "?"
    tags = " ".join(x for x in (actor.code, actor.sector) if x)
    return f"{actor.name} ({tags})" if tags else actor.name


def _participants(doc: Document, ids: list[str]) -> str:
    return "; ".join(actor_label(doc.actor(i)) for i in ids) or "-"


def _place(event: Event) -> str:
    loc = event.event_loc
    if loc is None:
        return "-"
    return f"{loc.name} ({loc.country_code})" if loc.country_code else loc.name


def events_table(doc: Document) -> Table:
    table = Table(title="Events", title_justify="left", expand=False, show_lines=False)
    for name, style in (
        ("type", "bold cyan"),
        ("mode", None),
        ("aux", "magenta"),
        ("actor", "green"),
        ("recipient", "yellow"),
        ("date", None),
        ("place", None),
        ("trigger", "bold"),
        ("rule", "dim"),
    ):
        table.add_column(name, style=style, overflow="fold")
    for e in doc.events:
        date = e.date or "-"
        if e.date_text:
            date = f"{date} ({e.date_text})"
        table.add_row(
            e.event_type,
            e.mode or "-",
            e.aux_mode or "",
            _participants(doc, e.actor),
            _participants(doc, e.recipient),
            date,
            _place(e),
            e.trigger.text,
            e.rule,
        )
    return table


def quotes_view(doc: Document) -> Table:
    table = Table(title="Quotes", title_justify="left", show_header=True, expand=False)
    table.add_column("speaker", style="green", overflow="fold")
    table.add_column("quote", overflow="fold")
    for q in doc.quotes:
        speaker = actor_label(doc.actor(q.speaker)) if q.speaker else None
        if speaker is None and q.speaker_mention is not None:
            speaker = q.speaker_mention.text
        table.add_row(speaker or "?", Text(f"\u201c{q.text}\u201d", style="italic"))
    return table


def render(doc: Document) -> Panel:
    """One story as a panel: events table and quotes with their speakers."""
    parts = []
    if doc.events:
        parts.append(events_table(doc))
    else:
        parts.append(Text("no events found", style="dim"))
    if doc.quotes:
        parts.append(quotes_view(doc))
    title = doc.title or doc.id
    subtitle = " \u00b7 ".join(x for x in (doc.id if doc.title else None, doc.published, doc.source) if x)
    return Panel(Group(*parts), title=Text(title, style="bold"), subtitle=subtitle or None, expand=False)


def print_document(doc: Document, console: Console) -> None:
    console.print(render(doc))
