"""The Dask engine on a real LocalCluster of two workers: the same documents as the local engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.ingest import read_stories
from parley.runner import run
from parley.store import Store
from parley.store.loader import ingest, load

from .store_fixtures import synthetic_jsonl
from .test_store_ingest import snapshot

pytest.importorskip("dask.distributed")

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def client():
    from parley.scale import client_for

    with client_for(None, workers=2) as c:
        assert len(c.scheduler_info()["workers"]) == 2
        yield c


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("dask")
    synthetic_jsonl(d / "synthetic.jsonl", 12)
    return [str(ROOT / "examples"), str(d / "synthetic.jsonl")]


def test_dask_gives_the_local_engine_documents_in_order(client, corpus, pipeline):
    from parley.scale import run_dask

    local = [d.to_dict(include_text=True) for d in run(read_stories(corpus), pipeline=pipeline)]
    remote = [
        d.to_dict(include_text=True) for d in run_dask(read_stories(corpus), client=client, chunk_size=3)
    ]
    assert remote == local and len(local) == 23


def test_dask_ingest_stores_what_a_local_ingest_stores(tmp_path, corpus, pipeline):
    local = Store(f"sqlite:///{tmp_path / 'local.db'}")
    ingest(local, corpus, pipeline=pipeline)
    remote = Store(f"sqlite:///{tmp_path / 'dask.db'}")
    s = ingest(remote, corpus, engine="dask", workers=2)
    assert s.new == 23
    assert snapshot(remote) == snapshot(local)


def test_parquet_parts_then_load(tmp_path, client, corpus, pipeline):
    from parley.scale import extract_to_parquet

    out = tmp_path / "parts"
    sent, errors = extract_to_parquet(read_stories(corpus), str(out), chunk_size=5, client=client)
    assert sent == 23 and errors == [] and len(list(out.glob("part-*.parquet"))) == 5
    loaded = Store(f"sqlite:///{tmp_path / 'loaded.db'}")
    s = load(loaded, [str(out)])
    assert s.new == 23
    local = Store(f"sqlite:///{tmp_path / 'local.db'}")
    ingest(local, corpus, pipeline=pipeline)
    assert snapshot(loaded) == snapshot(local)
    assert snapshot(loaded)["events"] == snapshot(local)["events"]
    assert snapshot(loaded)["stories"] == snapshot(local)["stories"]
