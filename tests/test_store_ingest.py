"""Ingest end to end with the real pipeline: idempotence, hostile inputs, crashes, readers.

Event counts depend on the extraction stages; these tests check consistency (a rerun, a
crash and rerun, a clean run all agree), not particular events.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import select

from parley.model import Document
from parley.store import Store
from parley.store import schema as S
from parley.store.loader import ingest

from .store_fixtures import synthetic_jsonl

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-c", "from parley.cli import app; app()"]


def snapshot(store: Store) -> dict:
    """Everything a run leaves, without run ids and timestamps."""
    with store.engine.connect() as conn:

        def rows(q):
            return sorted(tuple(r) for r in conn.execute(q))

        return {
            "stories": rows(select(S.stories.c.id, S.stories.c.content_hash, S.stories.c.near_dup_group)),
            "events": rows(select(S.events.c.id, S.events.c.event_type, S.events.c.date)),
            "participants": rows(
                select(S.participants.c.event_id, S.participants.c.role, S.participants.c.code)
            ),
            "quotes": rows(select(S.quotes.c.id, S.quotes.c.text)),
            "mentions": rows(select(S.mentions.c.id, S.mentions.c.code, S.mentions.c.office)),
            "clusters": rows(
                select(
                    S.cluster_members.c.event_id, S.clusters.c.representative, S.clusters.c.n_sources
                ).join(S.clusters)
            ),
            "failures": rows(select(S.failures.c.source, S.failures.c.line, S.failures.c.reason)),
        }


def test_reingesting_the_same_corpus_changes_nothing(tmp_path, pipeline):
    store = Store(f"sqlite:///{tmp_path / 'c.db'}")
    first = ingest(store, [str(ROOT / "examples")], pipeline=pipeline)
    assert first.new == first.read > 0 and first.failed == 0
    before = snapshot(store)
    second = ingest(store, [str(ROOT / "examples")], pipeline=pipeline)
    assert (second.new, second.skipped) == (0, first.read)
    assert snapshot(store) == before


def hostile_corpus(d: Path) -> list[str]:
    d.mkdir()
    (d / "empty.txt").write_text("", encoding="utf-8")
    (d / "binary.txt").write_bytes(b"%PDF-1.7\x00\x01\x02binary\x00")
    (d / "latin1.txt").write_bytes(
        "Le ministre a rencontr\xe9 son homologue \xe0 Gen\xe8ve.".encode("latin-1")
    )
    (d / "soup.html").write_text(
        "<html><head><title>Talks</title><script>var x = '<p>';</script></head><body><div><p>Kenya's "
        "president met the Ethiopian prime minister in Nairobi on Monday<b>, officials said.<p><table><tr><td>"
        "unclosed <i>tags <div></span>everywhere</body>",
        encoding="utf-8",
    )
    good = {
        "id": "good-1",
        "published": "2025-04-02",
        "text": "Egypt and Jordan signed a water agreement on Monday.",
    }
    clash = {
        "id": "good-1",
        "published": "2025-04-02",
        "text": "An entirely different story under the same id.",
    }
    lines = [
        json.dumps(good),
        '{"id": "broken", "text": "no closing brace"',
        "not json at all",
        json.dumps({"id": "no-text"}),
        json.dumps(clash),
        json.dumps({"id": "good-2", "text": "Canada recalled its ambassador from Venezuela on Friday."}),
    ]
    (d / "mixed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return hostile_corpus_paths(d)


def hostile_corpus_paths(d: Path) -> list[str]:
    return [str(p) for p in sorted(d.iterdir())] + [str(d / "missing.txt")]


def test_hostile_inputs_fail_clearly_and_the_rest_is_ingested(tmp_path, pipeline):
    store = Store(f"sqlite:///{tmp_path / 'c.db'}")
    s = ingest(store, hostile_corpus(tmp_path / "in"), pipeline=pipeline)
    stored = {d.id for d in store.documents()}
    assert stored == {"empty", "soup", "good-1", "good-2"}
    assert store.document("good-1").text.startswith("Egypt and Jordan")
    reasons = {(Path(f.source).name, f.line): f.reason for f in store.failures()}
    assert reasons[("binary.txt", None)] == "binary file"
    assert reasons[("latin1.txt", None)] == "not UTF-8 text"
    assert reasons[("mixed.jsonl", 2)].startswith("malformed JSON")
    assert reasons[("mixed.jsonl", 3)].startswith("malformed JSON")
    assert reasons[("mixed.jsonl", 4)] == "missing 'text'"
    assert reasons[("mixed.jsonl", 5)] == "duplicate id with different text"
    assert "no such file" in reasons[("missing.txt", None)]
    assert s.failed == len(reasons) == 7
    # Rerunning the same hostile corpus records no second copy of any failure.
    again = ingest(store, hostile_corpus_paths(tmp_path / "in"), pipeline=pipeline)
    assert (again.new, again.skipped) == (0, 4)
    assert len(store.failures()) == 7
    assert {f.attempts for f in store.failures()} == {2}


def _no_nlp(items):
    """A stand-in extractor: the story as a document with no annotations (no spaCy)."""
    for it in items:
        yield (
            it
            if not hasattr(it, "text")
            else Document(
                id=it.id, text=it.text, published=it.published, title=it.title, url=it.url, source=it.source
            )
        )


def test_a_five_megabyte_story_is_stored_whole(tmp_path):
    # Reading and storing a 5 MB story; its extraction is the runner's own test.
    para = "The envoys met again in the old port city and talked late into the night, aides said.\n\n"
    text = para * (5_000_000 // len(para)) + "Final paragraph mentions Zanzibar."
    (tmp_path / "big.txt").write_text(text, encoding="utf-8")
    store = Store(f"sqlite:///{tmp_path / 'c.db'}")
    s = ingest(store, [str(tmp_path / "big.txt")], extract=_no_nlp)
    assert s.new == 1 and len(text.encode()) > 5_000_000
    assert store.document("big").text == text
    assert [h.id for h in store.search("Zanzibar")] == ["big"]


def test_retry_failed_picks_up_fixed_inputs(tmp_path, pipeline):
    f = tmp_path / "in.jsonl"
    f.write_text(
        json.dumps({"id": "ok", "text": "Chile and Peru agreed to reopen the border on Monday."})
        + "\n"
        + '{"id": "fixme", "text": "Kenya sent police officers to Haiti."\n',
        encoding="utf-8",
    )
    store = Store(f"sqlite:///{tmp_path / 'c.db'}")
    ingest(store, [str(f)], pipeline=pipeline)
    assert [x.line for x in store.failures()] == [2]
    lines = f.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1] + "}"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    s = ingest(store, [], retry_failed=True, pipeline=pipeline)
    assert s.new == 1 and store.failures() == []
    assert store.document("fixme") is not None
    assert len(store.failures(include_resolved=True)) == 1


def test_retry_failed_with_replace_applies_the_stored_duplicate(tmp_path, pipeline):
    f = tmp_path / "in.jsonl"
    f.write_text(
        json.dumps({"id": "x", "text": "Chile and Peru agreed to reopen the border."})
        + "\n"
        + json.dumps(
            {"id": "x", "text": "Chile and Peru agreed to reopen the border on Monday, officials said."}
        )
        + "\n",
        encoding="utf-8",
    )
    store = Store(f"sqlite:///{tmp_path / 'c.db'}")
    ingest(store, [str(f)], pipeline=pipeline)
    assert [x.reason for x in store.failures()] == ["duplicate id with different text"]
    ingest(store, [], retry_failed=True, pipeline=pipeline)  # without --replace it fails again
    assert store.failures()[0].attempts == 2
    ingest(store, [], retry_failed=True, replace=True, pipeline=pipeline)
    assert store.failures() == [] and store.document("x").text.endswith("officials said.")


def _count(db: Path) -> int:
    import sqlite3

    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute("SELECT count(*) FROM stories").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def test_kill_9_mid_ingest_then_rerun_equals_a_clean_run(tmp_path, pipeline):
    corpus = tmp_path / "corpus.jsonl"
    ids = synthetic_jsonl(corpus, 60)
    with (tmp_path / "bad.jsonl").open("w") as fh:  # failures must not double either
        fh.write("{broken\n")
    inputs = [str(corpus), str(tmp_path / "bad.jsonl")]

    clean = Store(f"sqlite:///{tmp_path / 'clean.db'}")
    ingest(clean, inputs, pipeline=pipeline, batch_size=4)

    db = tmp_path / "crash.db"
    proc = subprocess.Popen(
        [*CLI, "ingest", *inputs, "--db", f"sqlite:///{db}", "--batch-size", "4", "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.time() + 240
        while _count(db) < 8 and proc.poll() is None and time.time() < deadline:
            time.sleep(0.1)
        assert proc.poll() is None, "the ingest ended before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
    partial = _count(db)
    assert 8 <= partial < len(ids)

    crashed = Store(f"sqlite:///{db}")
    s = ingest(crashed, inputs, pipeline=pipeline, batch_size=4)
    assert s.skipped == partial and s.new == len(ids) - partial
    assert snapshot(crashed) == snapshot(clean)


def test_two_readers_while_an_ingest_writes(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    synthetic_jsonl(corpus, 40)
    db = f"sqlite:///{tmp_path / 'c.db'}"
    Store(db).close()  # created (and migrated) before the readers start
    writer = subprocess.Popen(
        [*CLI, "ingest", str(corpus), "--db", db, "--batch-size", "2", "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    seen: list[list[int]] = [[], []]
    try:
        while writer.poll() is None:
            readers = [
                subprocess.Popen(
                    [*CLI, "events", "--db", db, "-f", "jsonl"],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                )
                for _ in range(2)
            ]
            for i, r in enumerate(readers):
                out, err = r.communicate(timeout=120)
                assert r.returncode == 0, err.decode()
                rows = [json.loads(line) for line in out.decode().splitlines()]
                seen[i].append(len(rows))
    finally:
        if writer.poll() is None:
            writer.kill()
    assert writer.wait() == 0, writer.stderr.read().decode()
    assert seen[0] and seen[1]  # the readers ran while the writer was at work
    for counts in seen:
        assert counts == sorted(counts)  # each reader sees committed batches only, never fewer later
    final = len(Store(db).events())
    assert all(c <= final for c in seen[0] + seen[1])


def test_a_write_committed_by_another_process_mid_run_start_does_not_fail_the_ingest(tmp_path, monkeypatch):
    # The run's bookkeeping reads (runs left 'running') and then writes (its own row). Another
    # writer committing in between used to fail the ingest with "database is locked" (SQLite
    # cannot promote a stale read transaction); the run now holds the write lock from BEGIN,
    # so the other writer waits for it instead.
    import sqlite3
    import threading

    from parley.store import loader

    db = tmp_path / "c.db"
    store = Store(f"sqlite:///{db}")
    (tmp_path / "a.txt").write_text("The envoys met in the port city on Monday.", encoding="utf-8")
    other_done = threading.Event()

    def other_writer():
        con = sqlite3.connect(db, timeout=30)
        con.execute(
            "INSERT INTO feeds (url, name, every_seconds, failures, n_new_last, n_stories, n_errors)"
            " VALUES ('http://x.test/', 'x', 60, 0, 0, 0, 0)"
        )
        con.commit()
        con.close()
        other_done.set()

    real = loader.mark_interrupted
    thread = threading.Thread(target=other_writer)

    def mark_then_let_another_write(conn):
        n = real(conn)
        thread.start()
        thread.join(timeout=1.0)  # it commits at once unless this run holds the write lock
        return n

    monkeypatch.setattr(loader, "mark_interrupted", mark_then_let_another_write)
    s = ingest(store, [str(tmp_path / "a.txt")], extract=_no_nlp)
    thread.join(timeout=30)
    assert s.new == 1 and other_done.is_set()
    with store.engine.connect() as conn:
        assert conn.execute(select(S.feeds.c.url)).scalars().all() == ["http://x.test/"]
