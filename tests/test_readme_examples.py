"""The README's corpus examples print rows on the store `make demo` builds from examples/."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parley.cli import app
from parley.store import Store
from parley.store.loader import ingest

from .conftest import EXAMPLES, ROOT

BLOCK = re.search(r"## Working with a corpus.*?```sh\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
EXAMPLES_RUN = [line for line in BLOCK.group(1).splitlines() if line.startswith("parley ")] if BLOCK else []


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory, pipeline):
    # what `make demo` does: ingest examples/ with the demo's publication date
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    store = Store(url)
    ingest(store, [str(EXAMPLES)], published="2025-03-14", pipeline=pipeline)
    store.close()
    return url


def test_the_readme_has_examples():
    assert len(EXAMPLES_RUN) >= 5 and all("out/demo.db" in x for x in EXAMPLES_RUN)


@pytest.mark.parametrize("line", EXAMPLES_RUN)
def test_each_readme_example_prints_rows(demo_db, tmp_path, line):
    args = [a.replace("out/demo.db", demo_db) for a in shlex.split(line)[1:]]
    out_file = None
    if "--out" in args:
        i = args.index("--out") + 1
        args[i] = out_file = str(tmp_path / "out.jsonl")
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 0, res.output
    if out_file:
        assert Path(out_file).read_text(encoding="utf-8").strip()
    else:
        lines = [x for x in res.stdout.splitlines() if x.strip()]
        # JSON lines: one a row; a table or CSV: a header and rows
        assert len(lines) >= (1 if "jsonl" in args else 2)
        assert "0 rows" not in res.output
