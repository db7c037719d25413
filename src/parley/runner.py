"""Running the pipeline over a stream of stories, in this process or in worker processes.

``run(items)`` takes what ``ingest.read_stories`` yields (stories and input errors, in
input order) and yields a ``Document`` for each story and the ``InputError`` for each
failure, in the same order. A story whose extraction raises becomes an ``InputError``
(``reason="extraction failed: ..."``); the stories around it go on.

With ``workers > 1`` stories go to a process pool in chunks. Each worker loads the spaCy
model once. Only a bounded number of chunks is in flight at a time, so memory stays
flat however long the input is.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice

from .ingest import InputError, Item
from .model import Document, Story
from .nlp import parse
from .pipeline import Pipeline

Result = Document | InputError

#: Stories per task sent to a worker: big enough to amortise pickling and to let
#: ``nlp.pipe`` batch, small enough to keep both workers busy near the end.
CHUNK_SIZE = 8

# BLAS and OpenMP thread pools in each worker would fight over the same cores.
_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def extract_chunk(pipeline: Pipeline, stories: list[Story], batch_size: int = 16) -> list[Result]:
    """Documents for ``stories``; a story that cannot be extracted gives an ``InputError``."""
    out: list[Result] = []
    try:
        for doc, story in zip(
            parse(pipeline.nlp, (s.text for s in stories), batch_size), stories, strict=True
        ):
            out.append(_annotate(pipeline, doc, story))
        return out
    except Exception:
        if len(stories) == 1:
            raise
    # spaCy itself failed somewhere in the batch: redo the stories one at a time so
    # that only the one at fault is lost.
    out = []
    for story in stories:
        try:
            (doc,) = parse(pipeline.nlp, [story.text])
            out.append(_annotate(pipeline, doc, story))
        except Exception as exc:
            out.append(_failure(story, exc))
    return out


def _annotate(pipeline: Pipeline, doc, story: Story) -> Result:
    try:
        return pipeline.annotate(doc, story)
    except Exception as exc:
        return _failure(story, exc)


def _failure(story: Story, exc: BaseException) -> InputError:
    # Stories from ``ingest`` know the file and line they came from; others do not.
    return InputError(
        source=getattr(story, "origin", "") or "<input>",
        line=getattr(story, "line", None),
        doc_id=story.id,
        reason=f"extraction failed: {type(exc).__name__}: {exc}",
    )


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    """Runs of input items: each run holds at most ``size`` stories."""
    it = iter(items)
    run: list[Item] = []
    n_stories = 0
    for item in it:
        run.append(item)
        if isinstance(item, Story):
            n_stories += 1
            if n_stories == size:
                yield run
                run, n_stories = [], 0
    if run:
        yield run


def _in_order(run: list[Item], results: list[Result]) -> Iterator[Result]:
    """Merge a run's input errors back between the results for its stories."""
    done = iter(results)
    for item in run:
        yield item if isinstance(item, InputError) else next(done)


def run(
    items: Iterable[Item],
    model: str | None = None,
    workers: int = 1,
    batch_size: int = 16,
    pipeline: Pipeline | None = None,
    options: dict | None = None,
) -> Iterator[Result]:
    """Documents and errors for ``items``, in input order. ``options`` are further
    ``Pipeline`` arguments (``lexicon``, ``actors``), given to every worker."""
    if workers <= 1:
        pipe = pipeline or Pipeline(model, **(options or {}))
        for chunk in _chunks(items, batch_size):
            stories = [s for s in chunk if isinstance(s, Story)]
            yield from _in_order(chunk, extract_chunk(pipe, stories, batch_size) if stories else [])
        return
    with Runner(model=model, workers=workers, batch_size=batch_size, options=options) as runner:
        yield from runner.run(items)


class Runner:
    """A pool of worker processes, each holding a loaded pipeline; reusable across runs.

    >>> with Runner(workers=2) as r:                     # doctest: +SKIP
    ...     docs = list(r.run(read_stories(["stories.jsonl"])))
    """

    def __init__(
        self,
        model: str | None = None,
        workers: int = 2,
        batch_size: int = 16,
        chunk_size: int = CHUNK_SIZE,
        max_in_flight: int | None = None,
        options: dict | None = None,
    ):
        self.model = model
        self.options = dict(options or {})
        self.workers = workers
        self.batch_size = batch_size
        self.chunk_size = chunk_size
        self.max_in_flight = max_in_flight or 2 * workers
        self._pool: ProcessPoolExecutor | None = None
        self._generation = 0  # bumped when a broken pool is replaced
        self._worked = False  # some chunk has come back: the workers can start
        self._saved_env: dict[str, str | None] = {}

    # -- pool lifecycle --------------------------------------------------
    def _start(self) -> ProcessPoolExecutor:
        if self._pool is None:
            for var in _THREAD_VARS:
                self._saved_env.setdefault(var, os.environ.get(var))
                os.environ.setdefault(var, "1")
            # fork would copy a parent that may hold threads (Rich, a loaded model);
            # forkserver/spawn start clean workers.
            methods = multiprocessing.get_all_start_methods()
            ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=ctx,
                initializer=_init_worker,
                initargs=(self.model, self.options, os.getpid()),
            )
        return self._pool

    def warm_up(self) -> None:
        """Start every worker and load its model and data now (for benchmarks and servers)."""
        pool = self._start()
        for f in [pool.submit(_ping) for _ in range(self.workers * 2)]:
            f.result()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        for var, value in self._saved_env.items():
            if value is None:
                os.environ.pop(var, None)
            else:
                os.environ[var] = value
        self._saved_env.clear()

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- work ------------------------------------------------------------
    def run(self, items: Iterable[Item]) -> Iterator[Result]:
        """Documents and errors for ``items``, in input order."""
        pending: deque[tuple[list[Item], Future | None, int]] = deque()
        chunks = _chunks(items, self.chunk_size)
        while True:
            for chunk in islice(chunks, self.max_in_flight - len(pending)):
                stories = [s for s in chunk if isinstance(s, Story)]
                future = self._submit(stories) if stories else None
                pending.append((chunk, future, self._generation))
            if not pending:
                return
            chunk, future, generation = pending.popleft()
            yield from _in_order(chunk, self._collect(chunk, future, generation))

    def _submit(self, stories: list[Story]) -> Future:
        try:
            return self._start().submit(_work, stories, self.batch_size)
        except BrokenProcessPool:
            self._restart()
            return self._start().submit(_work, stories, self.batch_size)

    def _collect(self, chunk: list[Item], future: Future | None, generation: int) -> list[Result]:
        stories = [s for s in chunk if isinstance(s, Story)]
        if future is None:
            return []
        try:
            results = future.result()
            self._worked = True
            return results
        except BrokenProcessPool:
            if not self._worked:
                # Nothing ever came back: the workers cannot start (a model that will not
                # load, say). Restarting would only fail again.
                raise RuntimeError("worker processes failed to start; check the --model name") from None
            # A worker died (out of memory, a crash in native code). Its chunk is lost:
            # report it, and start a fresh pool for what follows (once per broken pool).
            if generation == self._generation:
                self._restart()
            return [_failure(s, RuntimeError("worker process died")) for s in stories]
        except WorkerSetupError as exc:
            raise RuntimeError(str(exc)) from None
        except Exception as exc:  # pickling trouble and the like: fail the chunk, not the run
            return [_failure(s, exc) for s in stories]

    def _restart(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        self._generation += 1


# -- worker side ----------------------------------------------------------
_worker_pipeline: Pipeline | None = None
_worker_setup_error: str | None = None


class WorkerSetupError(RuntimeError):
    """A worker could not load its pipeline; every story would fail the same way."""


def _init_worker(model: str | None, options: dict | None = None, parent: int | None = None) -> None:
    # Kept instead of raised: a failing initializer only shows as "pool broken", and the
    # user needs the reason (usually a model name that does not load).
    global _worker_pipeline, _worker_setup_error
    if parent is not None:
        threading.Thread(target=_watch_parent, args=(parent,), name="parley-parent", daemon=True).start()
    try:
        _worker_pipeline = Pipeline(model, **(options or {}))
    except Exception as exc:
        _worker_setup_error = str(exc)


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, killed but not yet reaped, counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True


def _watch_parent(pid: int, every: float = 0.5) -> None:
    # A worker's parent is the forkserver, not the process that runs the pool: when that
    # process is killed (kill -9 gives it no chance to stop its pool), the workers would wait
    # on their task queue for ever, each holding a model in memory, and keep the resource
    # tracker alive with them. Each worker watches the pool's owner and ends with it.
    while _alive(pid):
        time.sleep(every)
    os._exit(1)


def _ping() -> bool:
    # One small story loads everything the stages read lazily (lexicons, gazetteers).
    if _worker_pipeline is not None:
        _worker_pipeline.extract(
            "The ministers met in Paris on Monday, officials said.", published="2025-01-01"
        )
    return _worker_pipeline is not None


def _work(stories: list[Story], batch_size: int) -> list[Result]:
    if _worker_pipeline is None:
        raise WorkerSetupError(_worker_setup_error or "worker started without its pipeline")
    return extract_chunk(_worker_pipeline, stories, batch_size)
