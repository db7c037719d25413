"""The watcher: poll due feeds, fetch new articles, extract and store them.

One round: for each due feed, a conditional GET (ETag / Last-Modified); on 304 nothing more.
Otherwise the entries not yet handled are fetched (a thread pool, throttled per host),
turned into stories (``article.py``), extracted by the same runner as ``parley ingest`` and
written with ``Store.add_feed_batch``: stories, failures and entry marks in one transaction
per batch. The feed's new ETag is kept only once every entry is done, so a crash or a stop
mid-feed means the next round sees the feed afresh and fetches just the unmarked entries.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

from ..ingest import InputError
from ..model import Document, Story
from ..store import Store
from ..store.feeds import EntryMark, FeedRecord
from ..store.loader import Summary, _finish_run, _start_run, _story_raw
from .article import html_to_story
from .fetch import Fetcher, FetchError, Limits
from .parse import Entry, FeedError, parse_feed
from .robots import Robots
from .safety import AddressPolicy

#: A transient failure (timeout, 5xx) of an article is retried in this many rounds in all.
MAX_ATTEMPTS = 3
#: Longest sleep between two looks at the due feeds (a new feed added meanwhile is seen soon).
MAX_SLEEP = 30.0

Extract = Callable[[Iterable[Story]], Iterator[Document | InputError]]


@dataclass
class RoundSummary:
    feeds: int = 0
    not_modified: int = 0
    feeds_failed: int = 0
    new: int = 0  # stories stored
    duplicates: int = 0  # entries whose story was already stored
    failed: int = 0  # entries that failed for good
    retry: int = 0  # entries to try again next round
    events: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)  # the first few, for the log

    def to_dict(self) -> dict:
        return asdict(self)

    def note(self, msg: str) -> None:
        if len(self.errors) < 20:
            self.errors.append(msg)


@dataclass
class _Fetched:
    entry: Entry
    story: Story | None = None
    error: FetchError | InputError | None = None
    duplicate_of: str | None = None


class Watcher:
    def __init__(
        self,
        store: Store,
        *,
        policy: AddressPolicy | None = None,
        limits: Limits | None = None,
        robots: bool = True,
        model: str | None = None,
        pipeline=None,
        extract: Extract | None = None,
        fetch_workers: int = 4,
        batch_size: int = 32,  # stories a transaction; a crash redoes at most one batch
        stop: threading.Event | None = None,
        log: Callable[[str], None] | None = None,
    ):
        self.store = store
        self.fetcher = Fetcher(policy, limits)
        self.robots = Robots(self.fetcher, enabled=robots)
        self.model, self._pipeline, self._extract = model, pipeline, extract
        self.pool = ThreadPoolExecutor(max_workers=fetch_workers, thread_name_prefix="parley-fetch")
        self.batch_size = batch_size
        self.stop = stop or threading.Event()
        self.log = log or (lambda msg: None)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.fetcher.close()

    def __enter__(self) -> Watcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- extraction: the same runner as `parley ingest` ------------------------------
    def extract(self, stories: list[Story]) -> Iterator[Document | InputError]:
        if self._extract is not None:
            return self._extract(stories)
        from ..pipeline import Pipeline
        from ..runner import run

        if self._pipeline is None:
            self._pipeline = Pipeline(self.model)
        return run(stories, pipeline=self._pipeline, batch_size=self.batch_size)

    # -- rounds ------------------------------------------------------------------------
    def run(self, on_round: Callable[[RoundSummary], None] | None = None) -> None:
        """Rounds until ``stop`` is set; between them, sleep until the next feed is due."""
        while not self.stop.is_set():
            s = self.round()
            if on_round:
                on_round(s)
            self.stop.wait(self._sleep())

    def _sleep(self) -> float:
        dues = [f.next_due for f in self.store.feeds() if f.next_due]
        if not dues:
            return MAX_SLEEP
        soonest = datetime.fromisoformat(min(dues))
        return max(1.0, min(MAX_SLEEP, (soonest - datetime.now(UTC)).total_seconds()))

    def round(self, all_feeds: bool = False) -> RoundSummary:
        """Poll the due feeds (``all_feeds``: every feed) once."""
        t0 = time.perf_counter()
        feeds = self.store.feeds() if all_feeds else self.store.due_feeds()
        s = RoundSummary()
        if not feeds:
            return s
        self.robots.clear()  # robots.txt is read afresh each round
        run = Summary(run_id=_start_run(self.store, [f.url for f in feeds], "watch", 1, False, False))
        try:
            for feed in feeds:
                if self.stop.is_set():
                    break
                s.feeds += 1
                try:
                    self._feed(feed, s, run)
                except Exception as exc:  # a bug or a store error on one feed: note it, go on
                    reason = f"internal error: {type(exc).__name__}: {exc}"
                    s.feeds_failed += 1
                    s.note(f"{feed.url}: {reason}")
                    self.log(f"feed {feed.url}: {reason}")
                    with contextlib.suppress(Exception):
                        self.store.feed_failed(feed.id, reason)
        finally:
            run.seconds = time.perf_counter() - t0
            _finish_run(self.store, run)
        s.seconds = time.perf_counter() - t0
        return s

    def _feed(self, feed: FeedRecord, s: RoundSummary, run: Summary) -> None:
        headers = {}
        if feed.etag:
            headers["If-None-Match"] = feed.etag
        if feed.last_modified:
            headers["If-Modified-Since"] = feed.last_modified
        try:
            self.robots.check(feed.url)
            resp = self.fetcher.get(feed.url, "feed", headers)
            if resp.status == 304:
                self.store.feed_fetched(feed.id, status="not modified", n_new=0)
                s.not_modified += 1
                return
            entries = parse_feed(resp.body, resp.url, resp.content_type)
        except (FetchError, FeedError) as exc:
            reason = str(exc)
            self.store.feed_failed(feed.id, reason, getattr(exc, "retry_after", None))
            s.feeds_failed += 1
            s.note(f"{feed.url}: {reason}")
            self.log(f"feed {feed.url}: {reason}")
            return
        seen = self.store.seen_entries(feed.id, [e.key for e in entries])
        todo = [e for e in entries if e.key not in seen or seen[e.key][0] == "retry"]
        attempts = {k: a for k, (_st, a) in seen.items()}
        complete, n_new = True, 0
        batches = [todo[i : i + self.batch_size] for i in range(0, len(todo), self.batch_size)]
        # The next batch is fetched (and its text extracted) while this one is coded.
        pending = self._fetch(feed, batches[0]) if batches else []
        for k in range(len(batches)):
            if self.stop.is_set():
                for fut in pending:
                    fut.cancel()
                return  # the feed stays due: the next start picks up the unmarked entries
            fetched = [fut.result() for fut in pending]
            pending = self._fetch(feed, batches[k + 1]) if k + 1 < len(batches) else []
            stored, done = self._batch(feed, fetched, attempts, s, run)
            n_new += stored
            complete = complete and done
        self.store.feed_fetched(
            feed.id,
            status="ok",
            n_new=n_new,
            etag=resp.header("etag"),
            last_modified=resp.header("last-modified"),
            keep_validators=not complete,
        )
        if n_new:
            self.log(f"feed {feed.name or feed.url}: {n_new} new stories")

    def _article(self, feed: FeedRecord, e: Entry) -> _Fetched:
        known = self.store.stored_url(e.url)
        if known:
            return _Fetched(e, duplicate_of=known)
        try:
            self.robots.check(e.url)
            resp = self.fetcher.get(e.url, "article")
        except FetchError as exc:
            return _Fetched(e, error=exc)
        got = html_to_story(
            resp.body,
            resp.url,
            feed_title=e.title,
            feed_published=e.published,
            source=feed.name or feed.url,
        )
        if isinstance(got, InputError):
            return _Fetched(e, error=got)
        if got.url != e.url:
            known = self.store.stored_url(got.url)
            if known:
                return _Fetched(e, duplicate_of=known)
        return _Fetched(e, story=got)

    def _fetch(self, feed: FeedRecord, entries: list[Entry]) -> list[Future]:
        return [self.pool.submit(self._article, feed, e) for e in entries]

    def _batch(
        self, feed, fetched: list[_Fetched], attempts, s: RoundSummary, run: Summary
    ) -> tuple[int, bool]:
        marks: list[EntryMark] = []
        failures: list[dict] = []
        done = True

        def fail(f: _Fetched, reason: str, transient: bool, raw: str | None = None) -> None:
            nonlocal done
            e = f.entry
            if transient and attempts.get(e.key, 0) + 1 < MAX_ATTEMPTS:
                marks.append(EntryMark(e.key, e.url, "retry"))
                s.retry += 1
                done = False
                return
            doc_id = f.story.id if f.story else None
            marks.append(EntryMark(e.key, e.url, "failed", story_id=doc_id))
            failures.append({"reason": reason, "source": e.url, "doc_id": doc_id, "raw": raw})
            s.failed += 1
            run.failed += 1
            s.note(f"{e.url}: {reason}")

        stories: dict[str, _Fetched] = {}
        for f in fetched:
            if f.duplicate_of:
                marks.append(EntryMark(f.entry.key, f.entry.url, "duplicate", story_id=f.duplicate_of))
                s.duplicates += 1
            elif isinstance(f.error, FetchError):
                fail(f, f.error.reason, f.error.transient)
            elif f.error is not None:
                fail(f, f.error.reason, False)
            elif f.story.id in stories:  # two entries, one canonical article
                marks.append(EntryMark(f.entry.key, f.entry.url, "duplicate", story_id=f.story.id))
                s.duplicates += 1
            else:
                stories[f.story.id] = f
        run.read += len(stories)
        # Stored already with the same text (an earlier run, another feed): no extraction.
        from ..store.writer import DUPLICATE_ID, content_hash

        known = self.store.known(stories)
        todo = []
        for sid, f in stories.items():
            if sid not in known:
                todo.append(f.story)
            elif known[sid] == content_hash(f.story.text):
                marks.append(EntryMark(f.entry.key, f.entry.url, "duplicate", sid, f.story.url))
                s.duplicates += 1
                run.skipped += 1
            else:
                fail(f, DUPLICATE_ID, False, _story_raw(f.story))
        docs = []
        for result in self.extract(todo) if todo else ():
            f = stories[result.doc_id if isinstance(result, InputError) else result.id]
            if isinstance(result, InputError):
                fail(f, result.reason, False, _story_raw(f.story))
            else:
                docs.append(result)
                marks.append(EntryMark(f.entry.key, f.entry.url, "stored", result.id, f.story.url))
        res = self.store.add_feed_batch(feed.id, docs, marks, failures, run_id=run.run_id)
        run.new += res.new
        run.events += res.events
        s.new += res.new
        s.events += res.events
        return res.new, done
