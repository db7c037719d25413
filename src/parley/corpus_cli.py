"""Corpus commands: ``ingest``, ``load``, and queries over the store.

``cli.py`` calls ``register(app)``. Every command takes ``--db URL`` (default: ``PARLEY_DB``,
else ``sqlite:///parley.db``).
The rows are printed by ``corpus_output``.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from .corpus_output import Out, emit
from .store.filters import EVENT_SORT_KEYS, FilterError, check_event_filters, event_filter_args, plural

DbOpt = Annotated[
    str | None,
    typer.Option("--db", help="Database URL (sqlite:///FILE or postgresql://...); default $PARLEY_DB."),
]


class Engine(StrEnum):
    local = "local"
    dask = "dask"


class ExportFormat(StrEnum):
    parquet = "parquet"
    csv = "csv"
    jsonl = "jsonl"
    plover = "plover"


FormatOpt = Annotated[Out, typer.Option("--format", "-f", help="table, csv or jsonl.")]
LimitOpt = Annotated[int | None, typer.Option(min=1, help="At most this many rows.")]


def _store(db: str | None, **kw):
    from .store import Store

    try:
        return Store(db, **kw)
    except Exception as exc:  # a bad URL, an unreachable server, a file that is not a database
        Console(stderr=True).print(f"[red]cannot open the store:[/red] {exc}")
        raise typer.Exit(2) from None


def checked(**filters):
    """``filters`` checked (``parley.store.filters``); an invalid value exits 2 naming it."""
    try:
        return check_event_filters(**filters)
    except FilterError as exc:
        Console(stderr=True).print(Text(f"parley: {exc}", style="red"))
        raise typer.Exit(2) from None


def register(app: typer.Typer) -> None:
    app.command()(ingest)
    app.command()(load)
    app.command()(events)
    app.command()(clusters)
    app.command()(quotes)
    app.command()(search)
    app.command()(actors)
    app.command()(stats)
    app.command()(export)
    app.command()(failures)


def _summary_table(s) -> Table:
    t = Table(title=f"ingest run {s.run_id}", show_header=False)
    rate = (s.new + s.replaced) / s.seconds if s.seconds else 0.0
    for k, v in [
        ("stories read", s.read),
        ("stored (new)", s.new),
        ("replaced", s.replaced),
        ("skipped (already stored)", s.skipped),
        ("failed", s.failed),
        ("repaired (warnings)", getattr(s, "warnings", 0)),
        ("events", s.events),
        ("quotes", s.quotes),
        ("syndicated copies", s.near_dups),
        ("new clusters", s.clusters_new),
        ("events joining a cluster", s.clusters_joined),
        ("seconds", f"{s.seconds:.1f} ({rate:.1f} stories/s)"),
    ]:
        t.add_row(k, str(v))
    return t


def ingest(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="PATH...", help="Stories: .txt, .jsonl, .html files, directories, or - for stdin."
        ),
    ] = None,
    db: DbOpt = None,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes (local) or Dask workers.")] = 1,
    engine: Annotated[Engine, typer.Option(help="local (processes here) or dask.")] = Engine.local,
    scheduler: Annotated[
        str | None, typer.Option(help="Dask scheduler address (tcp://...); default: a LocalCluster.")
    ] = None,
    published: Annotated[str | None, typer.Option(help="Publication date for stories without one.")] = None,
    model: Annotated[str | None, typer.Option(help="spaCy model name or path.")] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Stories per transaction.")] = 64,
    replace: Annotated[
        bool, typer.Option(help="A story id already stored with other text: replace it.")
    ] = False,
    retry_failed: Annotated[bool, typer.Option(help="Retry the stored failures too.")] = False,
    actors: Annotated[
        str | None,
        typer.Option("--actors", help="User actor file (YAML) to add/correct actors; or $PARLEY_ACTORS."),
    ] = None,
    window_days: Annotated[int, typer.Option(min=0, help="Days apart that reports of one event may be.")] = 2,
    parquet: Annotated[
        str | None,
        typer.Option(
            help="With --engine dask: write extracted parts here for `parley load` instead of the store."
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    min_confidence: Annotated[
        float | None,
        typer.Option(min=0.0, max=1.0, help="Store only events with at least this calibrated confidence."),
    ] = None,
) -> None:
    """Extract stories and store them: idempotent, one transaction per batch, failures kept."""
    from .ingest import estimate_count
    from .store import DedupConfig
    from .store.loader import ingest as run_ingest

    paths = paths or []
    if not paths and not retry_failed:
        raise typer.BadParameter("give PATH... or --retry-failed")
    err = Console(stderr=True)
    if parquet:
        if engine != Engine.dask:
            raise typer.BadParameter("--parquet needs --engine dask")
        from .ingest import read_stories
        from .scale import extract_to_parquet

        sent, errors = extract_to_parquet(
            read_stories(paths, published=published),
            parquet,
            scheduler=scheduler,
            workers=workers,
            model=model,
        )
        err.print(
            f"{sent} stories extracted to {parquet} ({len(errors)} input errors); now: parley load {parquet}"
        )
        return
    store = _store(db, dedup=DedupConfig(window_days=window_days))
    total = None if retry_failed else estimate_count(paths)
    progress = Progress(
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[info]}"),
        TimeElapsedColumn(),
        console=err,
        disable=quiet or not err.is_terminal,
    )
    with progress:
        task = progress.add_task("ingest", total=total, info="")

        def on_progress(s):
            progress.update(
                task,
                completed=s.read + s.failed,
                info=f"{s.new + s.replaced} new, {s.skipped} skipped, {s.failed} failed, {s.events} events",
            )

        try:
            summary = run_ingest(
                store,
                paths,
                published=published,
                workers=workers,
                engine=engine.value,
                scheduler=scheduler,
                model=model,
                batch_size=batch_size,
                replace=replace,
                retry_failed=retry_failed,
                actors_file=actors,
                on_progress=on_progress,
                min_confidence=min_confidence,
            )
        except ValueError as exc:
            err.print(f"[red]{exc}[/red]")
            raise typer.Exit(2) from None
    err.print(_summary_table(summary))
    for line in summary.failures:
        # escape: an id or a path may hold "[/yellow]", which Rich would read as markup
        err.print(f"  [yellow]failed[/yellow] {escape(line)}", highlight=False)
    if summary.failed:
        err.print("see them all with: parley failures")
        raise typer.Exit(1)  # as `parley extract` does: a script must see that inputs failed


def load(
    paths: Annotated[
        list[str], typer.Argument(metavar="PATH...", help="JSONL documents (with text) or Parquet parts.")
    ],
    db: DbOpt = None,
    replace: Annotated[bool, typer.Option(help="Replace stories stored with other text.")] = False,
    batch_size: Annotated[int, typer.Option(min=1, help="Documents per transaction.")] = 256,
) -> None:
    """Bulk-load extracted documents (from `--engine dask --parquet DIR`, or JSONL with text)."""
    from .store.loader import load as run_load

    summary = run_load(_store(db), paths, replace=replace, batch_size=batch_size)
    Console(stderr=True).print(_summary_table(summary))


def events(
    db: DbOpt = None,
    type: Annotated[str | None, typer.Option("--type", "-t", help="PLOVER type(s), comma-separated.")] = None,
    actor: Annotated[str | None, typer.Option(help="Participant: a code (JPN) or a name (Ishikawa).")] = None,
    country: Annotated[str | None, typer.Option(help="Country code of the event's place.")] = None,
    since: Annotated[str | None, typer.Option(help="From this date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date (YYYY-MM-DD, or YYYY-MM).")] = None,
    aux_mode: Annotated[
        str | None, typer.Option(help="historical, future, hypothetical, negation, or none.")
    ] = None,
    cluster: Annotated[int | None, typer.Option(help="Only the events of this cluster.")] = None,
    story: Annotated[str | None, typer.Option(help="Only the events of this story.")] = None,
    min_confidence: Annotated[
        float | None, typer.Option(help="Only events with at least this calibrated confidence (0-1).")
    ] = None,
    dyads: Annotated[
        bool,
        typer.Option("--dyads", help="One row per directed dyad (actor, recipient) instead of per event."),
    ] = False,
    sort: Annotated[
        str | None, typer.Option(help=f"Sort by {', '.join(EVENT_SORT_KEYS)}; -KEY for descending.")
    ] = None,
    limit: LimitOpt = None,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many rows first.")] = 0,
    format: FormatOpt = Out.table,
) -> None:
    """Events (every report), filtered; oldest first unless --sort says otherwise.

    Example (on the `make demo` store): parley events --db out/demo.db --type CONSULT --actor JPN
    """
    f = checked(
        **event_filter_args(type, actor, country, since, until, aux_mode, cluster, story, min_confidence),
        sort=sort,
    )
    store = _store(db)
    recs = (store.dyads if dyads else store.events)(**f, limit=limit, offset=offset)
    emit(recs, format)
    if format == Out.table and (offset or (limit and len(recs) == limit)):
        f.pop("sort")
        Console(stderr=True).print(f"of {plural(store.count('events', **f), 'event')} matching")


CLUSTER_JSON_KEYS = (
    "cluster_id",
    "event_type",
    "participants",
    "date",
    "sources",
    "reports",
    "outlets",
    "documents",
    "events",
)


def clusters(
    db: DbOpt = None,
    type: Annotated[str | None, typer.Option("--type", "-t", help="PLOVER type(s), comma-separated.")] = None,
    actor: Annotated[str | None, typer.Option(help="Participant code or name.")] = None,
    since: Annotated[str | None, typer.Option(help="From this date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date (YYYY-MM-DD, or YYYY-MM).")] = None,
    min_sources: Annotated[
        int | None, typer.Option(min=1, help="Reported by at least this many sources.")
    ] = None,
    limit: LimitOpt = None,
    format: FormatOpt = Out.table,
) -> None:
    """Event clusters: one happening, all its reports, its number of independent sources."""
    f = checked(type=type, actor=actor, since=since, until=until)
    recs = _store(db).clusters(**f, min_sources=min_sources, limit=limit)
    if format == Out.jsonl:
        for d in recs.to_dicts():
            first = {k: d[k] for k in CLUSTER_JSON_KEYS}
            rest = {k: v for k, v in d.items() if k not in first}
            sys.stdout.write(json.dumps({**first, **rest}, ensure_ascii=False) + "\n")
        return
    emit(recs, format)


def quotes(
    db: DbOpt = None,
    speaker: Annotated[str | None, typer.Option(help="Speaker name or alias.")] = None,
    search: Annotated[str | None, typer.Option(help="Words the quote must contain (full text).")] = None,
    story: Annotated[str | None, typer.Option(help="Only quotes of this story.")] = None,
    limit: LimitOpt = None,
    format: FormatOpt = Out.table,
) -> None:
    """Quotes, by speaker and/or words."""
    emit(_store(db).quotes(speaker=speaker, search=search, story=story, limit=limit), format)


def search(
    text: Annotated[str, typer.Argument(help="Words to find (all of them).")],
    db: DbOpt = None,
    limit: Annotated[int, typer.Option(min=1)] = 20,
    format: FormatOpt = Out.table,
) -> None:
    """Full-text search over story titles and text."""
    emit(_store(db).search(text, limit=limit), format)


def actors(
    name: Annotated[str | None, typer.Argument(help="Name or alias (part of a name matches too).")] = None,
    db: DbOpt = None,
    limit: Annotated[int | None, typer.Option(min=1)] = 50,
    format: FormatOpt = Out.table,
) -> None:
    """The actor knowledge base: names, codes, offices with dates, aliases."""
    emit(_store(db).actors(name, limit=limit), format)


class StatsFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def stat_rows(st: dict) -> list[dict]:
    """The stats as rows ``{"group", "key", "count"}``: totals, then by type, then by week."""
    rows = [{"group": "total", "key": k, "count": v} for k, v in st.items() if not isinstance(v, dict)]
    for group in ("by_type", "by_week"):
        rows += [{"group": group[3:], "key": k, "count": v} for k, v in st[group].items()]
    return rows


def stats(
    db: DbOpt = None,
    format: Annotated[
        StatsFormat, typer.Option("--format", "-f", help="table, json (one object), jsonl or csv (rows).")
    ] = StatsFormat.table,
) -> None:
    """Counts: stories, events, clusters, quotes; events by type and by week.

    Events dated only to a month or a year are counted as partly_dated, events without a date of
    their own as undated; neither is put in a week.
    """
    st = _store(db).stats()
    if format == StatsFormat.json:
        sys.stdout.write(json.dumps(st) + "\n")
        return
    if format == StatsFormat.jsonl:
        for r in stat_rows(st):
            sys.stdout.write(json.dumps(r) + "\n")
        return
    if format == StatsFormat.csv:
        from .csvcells import write_rows

        cols = ["group", "key", "count"]
        write_rows(sys.stdout, cols, ([r[c] for c in cols] for r in stat_rows(st)), lineterminator="\n")
        return
    c = Console()
    totals = Table(title="corpus", show_header=False)
    for k, v in st.items():
        if not isinstance(v, dict):
            totals.add_row(k, f"{v:,}")
    c.print(totals)
    for key, title in (("by_type", "events by type"), ("by_week", "events by week (own full date)")):
        t = Table(title=title)
        t.add_column(key[3:], no_wrap=True)
        t.add_column("events", justify="right")
        for k, v in st[key].items():
            t.add_row(str(k), f"{v:,}")
        c.print(t)


def export(
    out: Annotated[str, typer.Option("--out", "-o", help="Output file.")],
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="parquet, csv, jsonl or plover.")],
    db: DbOpt = None,
    type: Annotated[
        str | None, typer.Option("--type", "-t", help="Only these types (not for jsonl).")
    ] = None,
    since: Annotated[str | None, typer.Option(help="From this date (not for jsonl).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date (not for jsonl).")] = None,
    include_text: Annotated[bool, typer.Option(help="jsonl: include story text.")] = False,
) -> None:
    """Export: events as Parquet/CSV, documents as JSONL, or PLOVER records (JSONL)."""
    from .store.export import export as run_export

    f = checked(type=type, since=since, until=until)
    filters = {k: v for k, v in f.items() if v}
    n = run_export(_store(db), format.value, out, include_text=include_text, **filters)
    Console(stderr=True).print(f"{plural(n, 'record')} written to {out}")


def failures(
    db: DbOpt = None,
    all: Annotated[bool, typer.Option("--all", help="Include failures resolved by a retry.")] = False,
    format: FormatOpt = Out.table,
) -> None:
    """Stored failures, with their reasons (retry with `parley ingest --retry-failed`)."""
    emit(_store(db).failures(include_resolved=all), format)
