"""A human-readable view of documents for ``parley extract --format pretty`` (Rich)."""

from __future__ import annotations

from rich.console import Console, Group
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from .model import Actor, Document, Event


def actor_label(actor: Actor | None) -> str:
    """``"Vladimir Putin (RUS GOV)"``; the code/sector part is left out when unknown."""
    if actor is None:
        return "?"
    tags = " ".join(x for x in (actor.code, actor.sector) if x)
    return f"{actor.name} ({tags})" if tags else actor.name


def _participants(doc: Document, ids: list[str], paths: dict[str, str] | None = None) -> str:
    """Participants with the path the role layer found each by ("Russia (RUS) [subject]")."""
    paths = paths or {}
    return (
        "; ".join(actor_label(doc.actor(i)) + (f" [{paths[i]}]" if paths.get(i) else "") for i in ids) or "-"
    )


def _place(event: Event) -> str:
    loc = event.event_loc
    if loc is None:
        return "-"
    return f"{loc.name} ({loc.country_code})" if loc.country_code else loc.name


def events_table(doc: Document) -> Table:
    table = Table(title="Events", title_justify="left", title_style="bold", expand=False)
    table.add_column("type", style="bold cyan", no_wrap=True)
    table.add_column("actor \u2192 recipient", overflow="fold", ratio=3)
    table.add_column("date", no_wrap=True)
    table.add_column("place", overflow="fold", ratio=1)
    table.add_column("trigger", style="bold", overflow="fold", ratio=1)
    table.add_column("rule", style="dim", overflow="fold", ratio=1)
    for e in doc.events:
        kind = Text(e.event_type, style="bold cyan")
        if e.mode:
            kind.append(f"\n{e.mode}", style="cyan")
        if e.aux_mode:
            kind.append(f"\n[{e.aux_mode}]", style="magenta")
        who = Text(_participants(doc, e.actor, e.paths), style="green")
        who.append(" \u2192 ", style="dim")
        who.append(_participants(doc, e.recipient, e.paths), style="yellow")
        when = Text(e.date or "-")
        if e.date_text:
            when.append(f"\n{e.date_text}", style="dim")
        table.add_row(kind, who, when, _place(e), e.trigger.text, e.rule)
    return table


def quotes_view(doc: Document) -> Table:
    table = Table(title="Quotes", title_justify="left", title_style="bold", expand=False)
    table.add_column("speaker", style="green", overflow="fold", ratio=1)
    table.add_column("quote", overflow="fold", ratio=3)
    for q in doc.quotes:
        speaker = actor_label(doc.actor(q.speaker)) if q.speaker else None
        if speaker is None and q.speaker_mention is not None:
            speaker = q.speaker_mention.text
        table.add_row(speaker or "?", Text(f"\u201c{q.text}\u201d", style="italic"))
    return table


def render(doc: Document) -> Group:
    """One story: a heading, its events table and its quotes with their speakers."""
    about = " \u00b7 ".join(x for x in (doc.id if doc.title else None, doc.published, doc.source) if x)
    parts = [Rule(Text(doc.title or doc.id, style="bold"), align="left")]
    if about:
        parts.append(Text(about, style="dim"))
    parts.append(events_table(doc) if doc.events else Text("no events found", style="dim"))
    if doc.quotes:
        parts.append(quotes_view(doc))
    parts.append(Text(""))
    return Group(*parts)


def print_document(doc: Document, console: Console) -> None:
    console.print(render(doc))
