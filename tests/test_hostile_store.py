"""Hostile input and faults against the store (issue 13), on SQLite and PostgreSQL: one bad
story is one recorded failure, every good story of the batch is stored, reruns are
idempotent; concurrent first runs and ingests are safe; a killed run is marked; workers die
with their parent."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from parley.cli import app
from parley.store import Store
from parley.store import schema as S
from parley.store.loader import ingest

from .store_fixtures import (
    BACKENDS,
    actor,
    backend_url,
    make_doc,
    synthetic_jsonl,
)

CLI = [sys.executable, "-c", "from parley.cli import app; app()"]
GOOD = "Egypt and Jordan signed a water agreement in Amman on Monday, officials said."


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path):
    with backend_url(request.param, tmp_path / "corpus.db") as url:
        yield url


def write_jsonl(path: Path, lines: list) -> str:
    with path.open("wb") as fh:
        for line in lines:
            fh.write((line if isinstance(line, bytes) else json.dumps(line).encode()) + b"\n")
    return str(path)


def test_one_bad_story_is_one_failure_and_the_batch_is_stored(db_url, tmp_path, pipeline):
    src = write_jsonl(
        tmp_path / "mixed.jsonl",
        [
            {"id": "good-1", "text": GOOD},
            b'{"id": "surrogate", "text": "Police said \\ud800 protesters gathered."}',
            {"id": "nul", "text": "Troops\u0000 withdrew from the town."},
            {"id": "x" * 300, "text": GOOD},
            {"id": ["a", "b"], "text": GOOD},
            {"id": "bad-date", "text": GOOD, "published": "2025-03-04garbage"},
            b'{"id": "deep", "text": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",
            b'{"id": "\\ud800bad-id", "text": "x"}',
            {"id": "good-2", "text": "Canada recalled its ambassador from Venezuela on Friday."},
        ],
    )
    store = Store(db_url)
    s = ingest(store, [src], pipeline=pipeline, batch_size=100)
    stored = {d.id for d in store.documents()}
    assert stored == {"good-1", "surrogate", "nul", "good-2"}
    assert "\ufffd" in store.document("surrogate").text
    assert store.document("nul").text == "Troops withdrew from the town."
    failures = {f.line: f.reason for f in store.failures()}
    assert set(failures) == {4, 5, 6, 7, 8}
    assert "longer than 200" in failures[4] and "must be a string" in failures[5]
    assert "YYYY-MM-DD" in failures[6] and "nested too deeply" in failures[7]
    assert all(Path(f.source).name == "mixed.jsonl" for f in store.failures())
    warnings = {f.doc_id: f.reason for f in store.failures(include_resolved=True) if f.resolved_run}
    assert warnings["surrogate"].startswith("warning:") and "U+FFFD" in warnings["surrogate"]
    assert warnings["nul"] == "warning: 1 NUL character(s) removed"
    assert (s.new, s.failed, s.warnings) == (4, 5, 2)

    again = ingest(store, [src], pipeline=pipeline, batch_size=100)
    assert (again.new, again.skipped, again.failed) == (0, 4, 5)
    assert len(store.failures()) == 5 and {f.attempts for f in store.failures()} == {2}
    assert len(store.failures(include_resolved=True)) == 7  # the warnings are not recorded twice


def test_a_failure_record_with_invalid_text_is_still_written(db_url):
    store = Store(db_url)
    bad = {"reason": "reason \ud800", "source": "dir/\udce9.jsonl", "line": 3, "doc_id": "a\x00b"}
    store.add_documents([make_doc("ok", GOOD)], failures=[{**bad, "raw": '{"text": "\ud800\x00"}'}])
    (f,) = store.failures()
    assert f.reason == "reason \ufffd" and f.source == "dir/\ufffd.jsonl" and f.doc_id == "a\\0b"
    assert store.document("ok") is not None


def test_latin1_bytes_on_stdin_are_stored_with_a_warning(tmp_path):
    db = f"sqlite:///{tmp_path / 'c.db'}"
    data = (json.dumps({"id": "a", "text": GOOD}) + "\n").encode()
    data += b'{"id": "b", "text": "Caf\xe9 owners in Lyon protested on Monday."}\n'
    env = {**os.environ, "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8:strict"}
    r = subprocess.run([*CLI, "ingest", "-", "--db", db, "-q"], input=data, capture_output=True, env=env)
    assert r.returncode == 0, r.stderr.decode()
    store = Store(db)
    assert store.document("b").text.startswith("Caf\ufffd owners")
    assert [f.doc_id for f in store.failures(include_resolved=True)] == ["b"]


def test_ingest_exits_1_when_an_input_failed_and_markup_in_an_id_is_shown_as_is(tmp_path):
    db = f"sqlite:///{tmp_path / 'c.db'}"
    store = Store(db)
    store.add_documents([make_doc("[/yellow]", "Some other text.")])
    src = write_jsonl(tmp_path / "s.jsonl", [{"id": "[/yellow]", "text": GOOD}])
    r = CliRunner().invoke(app, ["ingest", src, "--db", db, "-q"])
    assert r.exit_code == 1, r.output
    assert "([/yellow]): duplicate id" in r.output


def test_concurrent_first_runs_on_an_empty_database_both_migrate(db_url):
    errors, stores = [], []
    start = threading.Barrier(3)

    def open_store():
        start.wait()
        try:
            stores.append(Store(db_url))
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_store) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors and len(stores) == 3
    assert stores[0].count("stories") == 0


def test_concurrent_ingests_do_not_duplicate_knowledge_base_actors(db_url):
    Store(db_url)  # migrated once; the writers below race on the knowledge base only
    text = "Kenyan President William Ruto met officials of Ethiopia."
    errors = []
    start = threading.Barrier(4)

    def write(n: int):
        store = Store(db_url)
        docs = [
            make_doc(
                f"w{n}-{i}",
                text + f" ({n}, {i})",
                actors=[
                    actor("A1", "William Ruto", text, kind="person", code="KEN"),
                    actor("A2", "Ethiopia", text),
                ],
            )
            for i in range(5)
        ]
        start.wait()
        try:
            for d in docs:
                store.add_documents([d])
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors
    store = Store(db_url)
    with store.engine.connect() as conn:
        names = sorted(conn.execute(select(S.actors.c.name)).scalars())
    assert names == ["Ethiopia", "William Ruto"]
    assert store.count("stories") == 20


def _session(sid: int) -> list[int]:
    """Processes of session ``sid`` (the CLI and everything it started), other than zombies."""
    out = []
    for p in Path("/proc").iterdir():
        if not p.name.isdigit():
            continue
        try:
            stat = (p / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z" and int(fields[3]) == sid:  # state, ppid, pgrp, session
            out.append(int(p.name))
    return out


def test_kill_9_of_ingest_with_workers_leaves_no_process_and_the_run_is_marked(tmp_path, pipeline):
    corpus = tmp_path / "corpus.jsonl"
    synthetic_jsonl(corpus, 400)
    db = f"sqlite:///{tmp_path / 'c.db'}"
    proc = subprocess.Popen(
        [*CLI, "ingest", str(corpus), "--db", db, "--workers", "2", "--batch-size", "4", "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # the session id names every process it starts
    )
    try:
        deadline = time.time() + 300
        # the CLI, the forkserver, two workers and the resource tracker
        while len(_session(proc.pid)) < 5 and proc.poll() is None and time.time() < deadline:
            time.sleep(0.2)
        assert proc.poll() is None and len(_session(proc.pid)) >= 5, _session(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.time() + 30
        while _session(proc.pid) and time.time() < deadline:
            time.sleep(0.2)
        left = _session(proc.pid)
    finally:
        for pid in _session(proc.pid):
            os.kill(pid, signal.SIGKILL)
    assert left == [], "processes left behind after kill -9"

    store = Store(db)
    ingest(store, [], pipeline=pipeline)  # the next start notices the killed run
    with store.engine.connect() as conn:
        runs = dict(conn.execute(select(S.ingest_runs.c.id, S.ingest_runs.c.status)).all())
    assert runs[1] == "interrupted" and runs[2] == "done"
