"""``parley feeds add|list|remove`` and ``parley watch``.

``cli.py`` calls ``register(app)``.
"""

from __future__ import annotations

import json
import re
import signal
import sys
import threading
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from .corpus_cli import DbOpt, _store

feeds_app = typer.Typer(no_args_is_help=True, help="The feeds `parley watch` follows.")

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
#: Shortest polling interval: a feed is somebody's server.
MIN_EVERY = 60


def register(app: typer.Typer) -> None:
    app.add_typer(feeds_app, name="feeds")
    app.command()(watch)


def parse_every(value: str) -> int:
    """``15m``, ``1h``, ``90s``, ``2d`` or plain seconds, to seconds."""
    m = re.fullmatch(r"\s*(\d+)\s*([smhd]?)\s*", value or "")
    if not m:
        raise typer.BadParameter(f"{value!r}: give a number and a unit, e.g. 15m, 1h, 90s")
    seconds = int(m[1]) * UNITS[m[2] or "s"]
    if seconds < MIN_EVERY:
        raise typer.BadParameter(f"{value!r}: at least {MIN_EVERY} seconds between polls")
    return seconds


def _check_url(url: str) -> str:
    from .feeds.safety import AddressPolicy, BlockedURL

    try:
        AddressPolicy(allow_private=True).check_url(url)
    except BlockedURL as exc:
        raise typer.BadParameter(str(exc)) from None
    if len(url) > 2000:
        raise typer.BadParameter("URL longer than 2000 characters")
    return url


@feeds_app.command("add")
def feeds_add(
    url: Annotated[
        str, typer.Argument(help="The feed: RSS, Atom, JSON Feed or a news sitemap (http/https).")
    ],
    db: DbOpt = None,
    name: Annotated[str | None, typer.Option(help="A name to show for it.")] = None,
    every: Annotated[str, typer.Option(help="How often to poll it: 15m, 1h, 90s ...")] = "15m",
) -> None:
    """Follow a feed (or change the name and interval of one already followed)."""
    url = _check_url(url.strip())
    seconds = parse_every(every)
    if name is not None and len(name) > 200:
        raise typer.BadParameter("--name: at most 200 characters")
    with _store(db) as store:
        f = store.add_feed(url, name=name, every_seconds=seconds)
    typer.echo(f"feed {f.id}: {f.url} every {seconds} s")


@feeds_app.command("list")
def feeds_list(
    db: DbOpt = None,
    json_out: Annotated[bool, typer.Option("--json", help="One JSON object a feed.")] = False,
) -> None:
    """The feeds followed and their health: last fetch, status, new stories, errors."""
    with _store(db) as store:
        feeds = store.feeds()
    if json_out:
        for f in feeds:
            sys.stdout.write(json.dumps(f.to_dict(), ensure_ascii=False) + "\n")
        return
    t = Table()
    for c in (
        "id",
        "name",
        "url",
        "every",
        "last fetch",
        "status",
        "new",
        "stories",
        "failures",
        "last error",
    ):
        t.add_column(c, overflow="fold")
    for f in feeds:
        t.add_row(
            str(f.id),
            f.name or "",
            f.url,
            f"{f.every_seconds // 60}m" if f.every_seconds % 60 == 0 else f"{f.every_seconds}s",
            f.last_fetch or "never",
            f.last_status or "",
            str(f.n_new_last),
            str(f.n_stories),
            str(f.failures),
            (f.last_error or "")[:200],
        )
    Console().print(t)
    Console(stderr=True).print(f"{len(feeds)} feeds")


@feeds_app.command("remove")
def feeds_remove(
    feed: Annotated[str, typer.Argument(help="The feed's id or URL.")],
    db: DbOpt = None,
) -> None:
    """Stop following a feed; the stories it brought stay in the store."""
    key: int | str = int(feed) if feed.isdigit() else feed
    with _store(db) as store:
        if not store.remove_feed(key):
            Console(stderr=True).print(f"[red]no such feed:[/red] {feed}")
            raise typer.Exit(1)
    typer.echo(f"removed {feed}")


def watch(
    db: DbOpt = None,
    once: Annotated[
        bool, typer.Option("--once", help="One round over the due feeds, then exit (cron).")
    ] = False,
    all_feeds: Annotated[bool, typer.Option("--all", help="Poll every feed now, due or not.")] = False,
    allow_private: Annotated[
        bool,
        typer.Option(
            "--allow-private",
            help="Fetch from loopback, private and link-local addresses too (a feed on your own network).",
        ),
    ] = False,
    robots: Annotated[bool, typer.Option(help="Honour robots.txt.")] = True,
    model: Annotated[str | None, typer.Option(help="spaCy model name or path.")] = None,
    host_interval: Annotated[float, typer.Option(min=0, help="Seconds between requests to one host.")] = 1.0,
    host_concurrency: Annotated[int, typer.Option(min=1, help="Requests in flight to one host.")] = 2,
    max_mb: Annotated[float, typer.Option(min=0.01, help="Largest document, in MB (decompressed).")] = 10.0,
    timeout: Annotated[float, typer.Option(min=1, help="Seconds one request may take in all.")] = 60.0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors on stderr.")] = False,
) -> None:
    """Poll due feeds, fetch new articles, extract and store them; Ctrl-C or SIGTERM stops."""
    from .feeds import AddressPolicy, Limits, Watcher

    err = Console(stderr=True)
    limits = Limits(
        max_bytes=int(max_mb * 1024 * 1024),
        total_timeout=timeout,
        read_timeout=min(20.0, timeout),
        connect_timeout=min(10.0, timeout),
        host_interval=host_interval,
        host_concurrency=host_concurrency,
    )
    stop = threading.Event()

    def on_signal(signum, _frame):
        if stop.is_set():  # the second signal: give up the batch in hand (it rolls back)
            raise KeyboardInterrupt
        err.print("stopping after the story in hand ...")
        stop.set()

    old = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
    store = _store(db)

    def report(s) -> None:
        if not quiet or s.feeds_failed or s.failed:
            err.print(
                f"round: {s.feeds} feeds ({s.not_modified} not modified, {s.feeds_failed} failed), "
                f"{s.new} new stories, {s.duplicates} already stored, {s.failed} failed, "
                f"{s.retry} to retry, {s.seconds:.1f} s"
            )
        for e in s.errors[:5] if not quiet else ():
            err.print(f"  [yellow]{e}[/yellow]")

    log = (lambda _msg: None) if quiet else err.print
    try:
        with Watcher(
            store,
            policy=AddressPolicy(allow_private=allow_private),
            limits=limits,
            robots=robots,
            model=model,
            stop=stop,
            log=log,
        ) as w:
            if once:
                report(w.round(all_feeds=all_feeds))
            else:
                if all_feeds:
                    report(w.round(all_feeds=True))
                w.run(on_round=report)
    except KeyboardInterrupt:
        err.print("stopped; the batch in hand was rolled back and will be fetched again")
        raise typer.Exit(130) from None
    finally:
        store.close()
        for s, h in old.items():
            signal.signal(s, h)
