"""Ingest: read stories, extract, and write them to a store, batch by batch.

One transaction per batch. Stories already stored with the same text are skipped before
extraction, so a rerun after a crash (or of the same corpus) costs a lookup per story
and leaves the store exactly as a clean run would. Every failure is stored with its
reason and, when the story itself was read, the story as JSON for ``--retry-failed``.
"""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlalchemy import select, update

from ..ingest import InputError, InputStory, read_stories
from ..model import Document, Story
from ..validate import check_id, clean_text, safe_str
from . import schema
from .store import Store
from .writer import DUPLICATE_ID, AddResult, content_hash, now

#: How many stories are looked up in the store at once before extraction.
LOOKUP_CHUNK = 256


@dataclass
class Summary:
    run_id: int
    read: int = 0
    new: int = 0
    replaced: int = 0
    skipped: int = 0
    failed: int = 0
    warnings: int = 0  # stories stored after a repair (invalid characters, NULs)
    events: int = 0
    quotes: int = 0
    near_dups: int = 0
    clusters_new: int = 0
    clusters_joined: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)  # the first few, for the summary

    def to_dict(self) -> dict:
        return asdict(self)

    def absorb(self, r: AddResult) -> None:
        for f in ("new", "replaced", "skipped", "failed", "events", "quotes", "near_dups"):
            setattr(self, f, getattr(self, f) + getattr(r, f))
        self.clusters_new += r.clusters_new
        self.clusters_joined += r.clusters_joined


def _story_raw(s: Story) -> str:
    d = {k: getattr(s, k) for k in ("id", "text", "published", "title", "url", "source")}
    return json.dumps({k: v for k, v in d.items() if v is not None}, ensure_ascii=False)


def _failure_of(e: InputError, raw: str | None = None) -> dict:
    return {"reason": e.reason, "source": e.source, "line": e.line, "doc_id": e.doc_id, "raw": raw}


class _Batcher:
    """Collects documents and failures and writes them one batch per transaction."""

    def __init__(self, store: Store, summary: Summary, batch_size: int, replace: bool, on_progress):
        self.store, self.summary = store, summary
        self.batch_size, self.replace, self.on_progress = batch_size, replace, on_progress
        self.docs: list[Document] = []
        self.failures: list[dict] = []
        self.retry_of: dict[str, int] = {}  # story id -> failure id, for stories being retried
        self.resolve: dict[str, int] = {}  # the same, once passed on: resolved when the story is stored

    def fail(self, f: dict) -> None:
        self.failures.append(f)
        self.summary.failed += 1
        if len(self.summary.failures) < 20:
            where = f["source"] if f.get("line") is None else f"{f['source']}:{f['line']}"
            self.summary.failures.append(f"{where} ({f.get('doc_id') or '-'}): {f['reason']}")

    def warn(self, story: Story) -> None:
        """Record the repairs made to a story on input; it is stored all the same."""
        for w in getattr(story, "warnings", ()):
            self.summary.warnings += 1
            self.failures.append(
                {
                    "reason": f"warning: {w}",
                    "source": getattr(story, "origin", None) or story.source,
                    "line": getattr(story, "line", None),
                    "doc_id": story.id,
                    "resolved": True,
                }
            )

    def add(self, doc: Document) -> None:
        self.docs.append(doc)
        if len(self.docs) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        if not self.docs and not self.failures and not self.resolve:
            return
        res = self.store.add_documents(
            self.docs,
            run_id=self.summary.run_id,
            replace=self.replace,
            failures=self.failures,
            resolve=self.resolve,
        )
        # Failures found by the writer (a duplicate id inside one batch) count here too.
        self.summary.failed += res.failed
        res.failed = 0
        self.summary.absorb(res)
        self.docs, self.failures = [], []
        # A retried story still being extracted is resolved by a later batch.
        self.resolve = {k: v for k, v in self.resolve.items() if k not in res.resolved}
        if self.on_progress:
            self.on_progress(self.summary)


def ingest(
    store: Store,
    paths: Iterable[str],
    *,
    published: str | None = None,
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    model: str | None = None,
    batch_size: int = 64,
    replace: bool = False,
    retry_failed: bool = False,
    actors_file: str | None = None,
    on_progress: Callable[[Summary], None] | None = None,
    pipeline=None,
    extract: Callable[[Iterable], Iterator] | None = None,
    min_confidence: float | None = None,
) -> Summary:
    """Ingest ``paths`` into ``store``; returns the run's summary.

    ``extract`` replaces the extraction engine (items in, documents and errors out, in
    order); benchmarks use it to time the store alone.
    """
    paths = list(paths)
    actors_file = actors_file or os.environ.get("PARLEY_ACTORS")
    if actors_file:
        store.load_actors(actors_file)
    t0 = time.perf_counter()
    run_id = _start_run(store, paths, engine, workers, replace, retry_failed)
    summary = Summary(run_id=run_id)
    batcher = _Batcher(store, summary, batch_size, replace, on_progress)
    in_flight: dict[str, Story] = {}

    items: Iterable = read_stories(paths, published=published) if paths else iter(())
    if retry_failed:
        items = _chain(_retry_items(store, batcher), items)
    todo = _new_stories(store, items, summary, batcher, replace, in_flight)

    if extract is None:
        if engine == "dask":
            from ..scale import run_dask

            extract = lambda xs: run_dask(xs, scheduler=scheduler, workers=workers, model=model)  # noqa: E731
        else:
            from ..runner import run

            extract = lambda xs: run(xs, model=model, workers=workers, pipeline=pipeline)  # noqa: E731

    for result in extract(todo):
        if isinstance(result, InputError):
            story = in_flight.pop(result.doc_id, None) if result.doc_id else None
            batcher.fail(_failure_of(result, _story_raw(story) if story else None))
        else:
            story = in_flight.pop(result.id, None)
            if story is not None:
                batcher.warn(story)
            result.keep_confident(min_confidence)
            batcher.add(result)
        if on_progress and not batcher.docs:
            on_progress(summary)
    batcher.flush()
    summary.seconds = time.perf_counter() - t0
    _finish_run(store, summary)
    return summary


def _chain(*its):
    for it in its:
        yield from it


def _new_stories(store, items, summary: Summary, batcher: _Batcher, replace: bool, in_flight) -> Iterator:
    """The items that need extracting: stories not yet stored, and input errors."""
    seen: dict[str, str] = {}  # this run's stories: id -> hash (duplicates inside the input)
    chunk: list = []

    def drain():
        known = store.known(s.id for s in chunk if isinstance(s, Story))
        for item in chunk:
            if isinstance(item, InputError):
                yield item
                continue
            summary.read += 1
            h = content_hash(item.text)
            old = seen.get(item.id) or known.get(item.id)
            retry_id = batcher.retry_of.pop(item.id, None)
            if old == h:
                summary.skipped += 1
                if retry_id is not None:
                    batcher.resolve[item.id] = retry_id
                continue
            if old is not None and not replace:
                batcher.fail(
                    {
                        "reason": DUPLICATE_ID,
                        "source": getattr(item, "origin", None) or item.source,
                        "line": getattr(item, "line", None),
                        "doc_id": item.id,
                        "raw": _story_raw(item),
                    }
                )
                continue
            seen[item.id] = h
            if retry_id is not None:
                batcher.resolve[item.id] = retry_id
            in_flight[item.id] = item
            yield item

    for item in items:
        chunk.append(item)
        if len(chunk) >= LOOKUP_CHUNK:
            yield from drain()
            chunk = []
    if chunk:
        yield from drain()


def _retry_items(store: Store, batcher: _Batcher) -> Iterator:
    """The stored failures again: from their saved JSON, else re-read from file and line."""
    with store.engine.connect() as conn:
        rows = (
            conn.execute(
                select(schema.failures)
                .where(schema.failures.c.resolved_run.is_(None))
                .order_by(schema.failures.c.id)
            )
            .mappings()
            .all()
        )
    by_file: dict[str, list[dict]] = {}
    for f in rows:
        if f["raw"]:
            try:
                d = json.loads(f["raw"])
                story = InputStory.from_dict(d, origin=f["source"] or "", line=f["line"])
            except (ValueError, KeyError, TypeError):
                continue
            batcher.retry_of[story.id] = f["id"]
            yield story
        elif f["source"] and Path(f["source"]).exists():
            by_file.setdefault(f["source"], []).append(dict(f))
    for source, fs in by_file.items():
        wanted = {f["line"]: f for f in fs}
        for item in read_stories([source]):
            line = item.line if isinstance(item, InputError) else getattr(item, "line", None)
            f = wanted.get(line)
            if f is None:
                continue
            if isinstance(item, Story):
                batcher.retry_of[item.id] = f["id"]
            yield item


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def mark_interrupted(conn) -> int:
    """Mark ``interrupted`` each run still ``running`` whose process, on this machine, is gone
    (killed, or the machine restarted). Returns how many."""
    host = socket.gethostname()
    rows = conn.execute(
        select(schema.ingest_runs.c.id, schema.ingest_runs.c.args).where(
            schema.ingest_runs.c.status == "running"
        )
    ).all()
    dead = []
    for r in rows:
        try:
            args = json.loads(r.args or "{}")
        except ValueError:
            continue
        if args.get("host") == host and isinstance(args.get("pid"), int) and not _alive(args["pid"]):
            dead.append(r.id)
    if dead:
        conn.execute(
            update(schema.ingest_runs)
            .where(schema.ingest_runs.c.id.in_(dead))
            .values(status="interrupted", finished=now())
        )
    return len(dead)


def _start_run(store: Store, paths, engine, workers, replace, retry) -> int:
    args = {"paths": [safe_str(p) for p in paths], "workers": workers, "replace": replace}
    args.update(retry_failed=retry, pid=os.getpid(), host=socket.gethostname())
    with store.write_transaction() as conn:
        mark_interrupted(conn)
        return conn.execute(
            schema.ingest_runs.insert().values(
                started=now(),
                status="running",
                engine=engine,
                args=json.dumps(args),
                n_read=0,
                n_new=0,
                n_skipped=0,
                n_failed=0,
            )
        ).inserted_primary_key[0]


def _finish_run(store: Store, s: Summary) -> None:
    with store.write_transaction() as conn:
        conn.execute(
            update(schema.ingest_runs)
            .where(schema.ingest_runs.c.id == s.run_id)
            .values(
                finished=now(),
                status="done",
                n_read=s.read,
                n_new=s.new + s.replaced,
                n_skipped=s.skipped,
                n_failed=s.failed,
            )
        )


def load(
    store: Store,
    paths: Iterable[str],
    *,
    batch_size: int = 256,
    replace: bool = False,
    on_progress: Callable[[Summary], None] | None = None,
) -> Summary:
    """Bulk-load already extracted documents: JSONL of ``Document.to_dict(include_text=True)``,
    or Parquet files/folders written by ``--engine dask --parquet DIR`` (columns ``id``, ``doc``,
    ``error``)."""
    t0 = time.perf_counter()
    run_id = _start_run(store, list(map(str, paths)), "load", 1, replace, False)
    summary = Summary(run_id=run_id)
    batcher = _Batcher(store, summary, batch_size, replace, on_progress)
    for item in _read_documents(paths):
        if isinstance(item, InputError):
            batcher.fail(_failure_of(item))
        else:
            summary.read += 1
            batcher.add(item)
    batcher.flush()
    summary.seconds = time.perf_counter() - t0
    _finish_run(store, summary)
    return summary


def _read_documents(paths: Iterable[str]) -> Iterator[Document | InputError]:
    for path in paths:
        p = Path(path)
        files = sorted(p.rglob("*.parquet")) + sorted(p.rglob("*.jsonl")) if p.is_dir() else [p]
        for f in files:
            if f.suffix == ".parquet":
                yield from _read_parquet(f)
            else:
                yield from _read_jsonl_docs(f)


def _doc_from_json(source: str, line: int | None, raw: str) -> Document | InputError:
    try:
        d = json.loads(raw)
        if not isinstance(d, dict) or "id" not in d:
            return InputError(source, line, None, "not a document (needs an 'id')")
        if "text" not in d:
            return InputError(source, line, None, "document has no text (extract it with its text)")
        doc_id = check_id(d["id"])
        if not isinstance(d["text"], str) or clean_text(d["text"])[1]:
            # Offsets point into the text: it cannot be repaired here without moving them.
            return InputError(source, line, doc_id, "document text has NULs or invalid characters")
        return Document.from_dict(d)
    except (ValueError, KeyError, TypeError) as exc:
        return InputError(source, line, None, f"not a document: {exc}")


def _read_jsonl_docs(f: Path) -> Iterator[Document | InputError]:
    with f.open("rb") as fh:
        for n, raw in enumerate(fh, 1):
            if raw.strip():
                try:
                    yield _doc_from_json(str(f), n, raw.decode("utf-8"))
                except UnicodeDecodeError:
                    yield InputError(str(f), n, None, "not UTF-8 text")


def _read_parquet(f: Path) -> Iterator[Document | InputError]:
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(f)
    for batch in pf.iter_batches(batch_size=256, columns=["id", "doc", "error"]):
        for row in batch.to_pylist():
            if row["error"]:
                e = json.loads(row["error"])
                yield InputError(e.get("source") or str(f), e.get("line"), e.get("doc_id"), e["reason"])
            else:
                yield _doc_from_json(str(f), None, row["doc"])
