"""The spaCy component: nlp.add_pipe("parley") gives the same document as the pipeline."""

from __future__ import annotations

import subprocess
import sys

import pytest
import spacy

from parley.model import Document
from parley.nlp import default_model_name

TEXT = (
    "Police in Lima detained 40 protesters on Monday, the Interior Ministry said.\n\n"
    "\u201cThe law applies to everyone,\u201d Interior Minister Rosa Quispe told reporters."
)


@pytest.fixture(scope="module")
def spacy_nlp():
    fresh = spacy.load(default_model_name())  # what a spaCy user loads, not parley.nlp.load()
    fresh.add_pipe("parley_paragraphs", before="parser")
    fresh.add_pipe("parley", config={"published": "2025-03-04"})
    return fresh


def test_component_sets_doc_parley_like_the_pipeline(spacy_nlp, pipeline):
    doc = spacy_nlp(TEXT)
    assert isinstance(doc._.parley, Document)
    assert doc._.parley.published == "2025-03-04"
    expected = pipeline.extract(TEXT, published="2025-03-04")
    assert doc._.parley.to_dict() == expected.to_dict()


def test_published_per_doc_overrides_the_config(spacy_nlp):
    doc = spacy_nlp.make_doc(TEXT)
    doc._.parley_published = "2024-12-31"
    doc = spacy_nlp(doc)
    assert doc._.parley.published == "2024-12-31"


def test_component_works_with_nlp_pipe(spacy_nlp):
    docs = list(spacy_nlp.pipe([TEXT, "Talks resumed in Doha."]))
    assert [d._.parley.text for d in docs] == [TEXT, "Talks resumed in Doha."]


def test_factory_is_found_through_the_entry_point_without_importing_parley():
    code = "import spacy; nlp = spacy.blank('en'); nlp.add_pipe('parley'); print(nlp.pipe_names)"
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert "parley" in res.stdout
