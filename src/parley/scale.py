"""Extraction on a Dask cluster (``parley ingest --engine dask``).

Stories go to the workers in chunks; each worker process keeps one loaded pipeline (a
module-level cache, filled on its first chunk), so the model loads once per worker.
Results come back to the client in input order and reach the store through the one
writer there; or, with ``parquet_dir``, each chunk is written by its worker as a Parquet
part that ``parley load`` bulk-loads later (no data through the client at all).

Without a scheduler address a ``LocalCluster`` with ``workers`` single-threaded worker
processes is started and closed again.
"""

from __future__ import annotations

import json
import os
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice

from .ingest import InputError, Item
from .model import Document, Story
from .runner import _chunks

CHUNK_SIZE = 8

_pipeline = None  # per worker process


def _worker_pipeline(model: str | None):
    global _pipeline
    if _pipeline is None:
        from .pipeline import Pipeline

        _pipeline = Pipeline(model)
    return _pipeline


def _story_dict(s: Story) -> dict:
    return {
        "id": s.id,
        "text": s.text,
        "published": s.published,
        "title": s.title,
        "url": s.url,
        "source": s.source,
        "origin": getattr(s, "origin", None),
        "line": getattr(s, "line", None),
    }


def _extract(stories: list[dict], model: str | None) -> list[dict]:
    """Worker side: documents (``to_dict(include_text=True)``) or errors, as plain dicts."""
    from .ingest import InputStory
    from .runner import extract_chunk

    pipe = _worker_pipeline(model)
    objs = [
        InputStory(
            **{k: v for k, v in d.items() if k not in ("origin", "line")},
            origin=d["origin"] or "",
            line=d["line"],
        )
        for d in stories
    ]
    out = []
    for r in extract_chunk(pipe, objs):
        if isinstance(r, InputError):
            out.append({"error": r.to_dict()})
        else:
            out.append({"doc": r.to_dict(include_text=True)})
    return out


def _extract_to_parquet(stories: list[dict], model: str | None, path: str) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = _extract(stories, model)
    table = pa.table(
        {
            "id": [r["doc"]["id"] if "doc" in r else r["error"]["doc_id"] for r in rows],
            "doc": [json.dumps(r["doc"], ensure_ascii=False) if "doc" in r else None for r in rows],
            "error": [json.dumps(r["error"], ensure_ascii=False) if "error" in r else None for r in rows],
        }
    )
    tmp = path + ".tmp"
    pq.write_table(table, tmp)
    os.replace(tmp, path)  # a part is there whole or not at all
    return len(rows)


@contextmanager
def client_for(scheduler: str | None = None, workers: int = 2):
    from dask.distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=max(1, workers),
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # any free port: never clash with another cluster
            env={"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"},
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def run_dask(
    items: Iterable[Item],
    scheduler: str | None = None,
    workers: int = 2,
    model: str | None = None,
    chunk_size: int = CHUNK_SIZE,
    client=None,
) -> Iterator[Document | InputError]:
    """Documents and errors for ``items`` in input order, extracted on a Dask cluster."""
    if client is None:
        with client_for(scheduler, workers) as c:
            yield from run_dask(items, model=model, chunk_size=chunk_size, client=c)
        return
    n_workers = max(1, len(client.scheduler_info().get("workers", {})) or workers)
    max_in_flight = 2 * n_workers
    pending: deque = deque()
    chunks = _chunks(items, chunk_size)
    while True:
        for chunk in islice(chunks, max_in_flight - len(pending)):
            stories = [_story_dict(s) for s in chunk if isinstance(s, Story)]
            fut = client.submit(_extract, stories, model, pure=False) if stories else None
            pending.append((chunk, fut))
        if not pending:
            return
        chunk, fut = pending.popleft()
        results = iter(_collect(chunk, fut))
        for item in chunk:
            yield item if isinstance(item, InputError) else next(results)


def _collect(chunk: list[Item], fut) -> list[Document | InputError]:
    stories = [s for s in chunk if isinstance(s, Story)]
    if fut is None:
        return []
    try:
        rows = fut.result()
    except Exception as exc:  # a lost worker, a pickling error: fail the chunk, not the run
        return [
            InputError(
                getattr(s, "origin", "") or "<input>",
                getattr(s, "line", None),
                s.id,
                f"extraction failed on the cluster: {type(exc).__name__}: {exc}",
            )
            for s in stories
        ]
    out = []
    for r in rows:
        if "error" in r:
            out.append(InputError(**r["error"]))
        else:
            out.append(Document.from_dict(r["doc"]))
    return out


def extract_to_parquet(
    items: Iterable[Item],
    out_dir: str,
    scheduler: str | None = None,
    workers: int = 2,
    model: str | None = None,
    chunk_size: int = 64,
    client=None,
) -> tuple[int, list[InputError]]:
    """Extract ``items`` into ``out_dir/part-NNNNNN.parquet`` on the workers.

    Returns the number of stories sent and the input errors met while reading (those are
    written as a part of their own so that ``parley load`` stores them as failures too).
    """
    from dask.distributed import wait

    if client is None:
        with client_for(scheduler, workers) as c:
            return extract_to_parquet(
                items, out_dir, model=model, chunk_size=chunk_size, client=c, workers=workers
            )
    os.makedirs(out_dir, exist_ok=True)
    sent, errors = 0, []
    futures = []
    for n, chunk in enumerate(_chunks(items, chunk_size)):
        stories = [_story_dict(s) for s in chunk if isinstance(s, Story)]
        errors += [e for e in chunk if isinstance(e, InputError)]
        if stories:
            path = os.path.join(os.path.abspath(out_dir), f"part-{n:06d}.parquet")
            futures.append(client.submit(_extract_to_parquet, stories, model, path, pure=False))
            sent += len(stories)
        if len(futures) >= 4 * workers:  # bounded: the client never holds the whole corpus
            done, futures = futures[: 2 * workers], futures[2 * workers :]
            wait(done)
            for f in done:
                f.result()
    wait(futures)
    for f in futures:
        f.result()
    if errors:
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(
            pa.table(
                {
                    "id": [e.doc_id for e in errors],
                    "doc": pa.array([None] * len(errors), type=pa.string()),
                    "error": [json.dumps(e.to_dict()) for e in errors],
                }
            ),
            os.path.join(out_dir, "part-errors.parquet"),
        )
    return sent, errors
