"""The ``parley`` command line (Typer)."""

from __future__ import annotations

import contextlib
import json
import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from . import __version__
from .ingest import InputError, estimate_count, read_stories
from .model import Document
from .pipeline import parse_published
from .runner import run

app = typer.Typer(
    name="parley",
    no_args_is_help=True,
    add_completion=False,
    help="Political event data from news: PLOVER events, actors, quotes, dates and places.",
)

#: Failures listed one by one in the summary; the rest are counted (all go to --errors).
SHOWN_FAILURES = 20


class Format(StrEnum):
    jsonl = "jsonl"
    pretty = "pretty"


def _check_published(value: str | None) -> str | None:
    try:
        parse_published(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    return value


@app.command()
def extract(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH...", help="Stories: .txt, .jsonl, .html files, directories of them, or - for stdin."
        ),
    ],
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write the JSONL here instead of stdout.")
    ] = None,
    published: Annotated[
        str | None,
        typer.Option(
            help="Publication date (YYYY-MM-DD) for stories that carry none.", callback=_check_published
        ),
    ] = None,
    model: Annotated[
        str | None, typer.Option(help="spaCy model: a package name (en_core_web_sm) or a path.")
    ] = None,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
    format: Annotated[
        Format,
        typer.Option(
            "--format", "-f", help="jsonl, or pretty: a readable view on stdout (JSONL still to --output)."
        ),
    ] = Format.jsonl,
    errors: Annotated[str | None, typer.Option(help="Write each failure here as a JSON line.")] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Stories per nlp.pipe batch.")] = 16,
    min_confidence: Annotated[
        float | None,
        typer.Option(min=0.0, max=1.0, help="Only events with at least this calibrated confidence (0-1)."),
    ] = None,
    lexicon: Annotated[
        list[str] | None,
        typer.Option(help="Extra trigger rules (YAML, the format of data/events.yaml); repeatable."),
    ] = None,
    actors: Annotated[
        list[str] | None,
        typer.Option(help="Extra actors, aliases and office holders (YAML, see parley.kb); repeatable."),
    ] = None,
) -> None:
    """Extract events, actors, quotes, dates and places from news stories.

    Writes one JSON object per input story (the format in docs/output-format.md). Exits 1
    when any story failed; the failures are listed on stderr.
    """
    err = Console(stderr=True)
    pretty = format is Format.pretty
    items = read_stories(paths, published=published)
    options = {"lexicon": tuple(lexicon or ()), "actors": tuple(actors or ())}
    results = run(items, model=model, workers=workers, batch_size=batch_size, options=options)

    n_docs = n_events = n_quotes = n_failed = 0
    shown: list[InputError] = []
    started = time.perf_counter()
    with contextlib.ExitStack() as stack:
        out = _open_output(stack, output, pretty)
        err_out = _open_file(stack, errors) if errors else None
        screen = Console() if pretty else None
        progress = _progress(stack, err, paths) if not pretty else None
        try:
            for item in results:
                if isinstance(item, InputError):
                    n_failed += 1
                    if len(shown) < SHOWN_FAILURES:
                        shown.append(item)
                    if err_out is not None:
                        err_out.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
                else:
                    item.keep_confident(min_confidence)
                    n_docs += 1
                    n_events += len(item.events)
                    n_quotes += len(item.quotes)
                    _write(out, item)
                    if screen is not None:
                        from .pretty import print_document

                        print_document(item, screen)
                if progress is not None:
                    progress.advance()
        except RuntimeError as exc:  # the model would not load: nothing can be extracted
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from None
        except BrokenPipeError:  # `parley extract ... | head`: the reader has gone
            sys.stderr.close()
            raise typer.Exit(0) from None

    from .store.filters import plural

    seconds = time.perf_counter() - started
    rate = n_docs / seconds if seconds > 0 else 0.0
    where = f" \u2192 {output}" if output and output != "-" else ""
    err.print(
        f"parley: {plural(n_docs, 'document')}, {plural(n_events, 'event')}, {plural(n_quotes, 'quote')}, "
        f"{n_failed} failed in {seconds:.1f} s ({rate:.1f} docs/s){where}",
        highlight=False,
        soft_wrap=True,  # a path cut in two is no use to copy
    )
    if n_failed:
        err.print(f"[red]{n_failed} input(s) failed:[/red]")
        for e in shown:
            err.print(f"  {e}", highlight=False, markup=False, soft_wrap=True)
        if n_failed > len(shown):
            err.print(f"  ... and {n_failed - len(shown)} more" + (f" (all in {errors})" if errors else ""))
        raise typer.Exit(1)


def _open_output(stack: contextlib.ExitStack, output: str | None, pretty: bool) -> TextIO | None:
    """Where the JSONL goes: --output, else stdout unless stdout shows the pretty view."""
    if output and output != "-":
        return _open_file(stack, output)
    return None if pretty else sys.stdout


def _open_file(stack: contextlib.ExitStack, path: str) -> TextIO:
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    return stack.enter_context(p.open("w", encoding="utf-8"))


def _write(out: TextIO | None, doc: Document) -> None:
    if out is not None:
        out.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")


class _Bar:
    """A Rich progress bar on stderr, started with the first result (input order is kept)."""

    def __init__(self, console: Console, total: int | None):
        self.progress = Progress(
            TextColumn("extracting"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self.task = self.progress.add_task("extract", total=total)
        self.done = 0

    def advance(self) -> None:
        self.done += 1
        if self.done == 1:
            self.progress.start()
        self.progress.advance(self.task)

    def stop(self) -> None:
        self.progress.stop()


def _progress(stack: contextlib.ExitStack, console: Console, paths: list[str]) -> _Bar | None:
    if not console.is_terminal:
        return None
    total = estimate_count(paths)
    if total is not None and total <= 1:
        return None
    bar = _Bar(console, total)
    stack.callback(bar.stop)
    return bar


@app.command()
def version() -> None:
    """Print Parley's version and the spaCy model it would use."""
    import spacy

    from .nlp import default_model_name

    try:
        model = default_model_name()
    except RuntimeError:
        model = "none installed"
    typer.echo(f"parley {__version__} (spaCy {spacy.__version__}, default model {model})")


try:  # corpus commands (store, ingest, query) live in their own module
    from .corpus_cli import register as _register_corpus
except ImportError:  # pragma: no cover
    _register_corpus = None
if _register_corpus is not None:
    _register_corpus(app)

try:  # the web app and HTTP API (parley serve)
    from .web_cli import register as _register_web
except ImportError:  # pragma: no cover
    _register_web = None
if _register_web is not None:
    _register_web(app)

from .feeds_cli import register as _register_feeds  # noqa: E402  (parley feeds, parley watch)

_register_feeds(app)
