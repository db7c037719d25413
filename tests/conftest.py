"""Shared fixtures: the spaCy model and a pipeline, loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley import nlp as nlp_stage
from parley.pipeline import Pipeline

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
#: Gold sets and real news; never part of the repository (tests using it skip without it).
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    return nlp_stage.load()


@pytest.fixture(scope="session")
def pipeline(nlp):
    return Pipeline(nlp=nlp)


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared (gold sets) is not present")
    return SHARED
