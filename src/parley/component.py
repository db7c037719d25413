"""Parley as a spaCy pipeline component: ``nlp.add_pipe("parley")``.

The component runs Parley's stages after spaCy (actors, events with dates and places,
quotes) and stores the result, a ``parley.Document``, in ``doc._.parley``::

    import spacy
    nlp = spacy.load("en_core_web_sm")
    nlp.add_pipe("parley", config={"published": "2025-02-12"})
    doc = nlp("Russian forces shelled Kharkiv on Monday.")
    doc._.parley.events

Relative dates ("on Monday") are resolved against the publication date. It comes, in
this order, from ``doc._.parley_published`` (a ``YYYY-MM-DD`` string set before the
component runs) or from the component's ``published`` config; with neither, events carry
only dates the text spells out in full. Setting the date per story::

    doc = nlp.make_doc(text)
    doc._.parley_published = "2025-02-12"
    doc = nlp(doc)

The component needs a parser and an entity recognizer before it (``en_core_web_sm`` has
both). ``parley.nlp.load()`` also adds a small component that makes every paragraph break
start a sentence; add it yourself with ``nlp.add_pipe("parley_paragraphs", before="parser")``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from . import nlp as _nlp  # noqa: F401  (registers the "parley_paragraphs" component)
from .model import Document, Story
from .pipeline import Pipeline, parse_published, story_id

if not Doc.has_extension("parley"):
    Doc.set_extension("parley", default=None)
if not Doc.has_extension("parley_published"):
    Doc.set_extension("parley_published", default=None)


class ParleyComponent:
    def __init__(self, nlp: Language, name: str, published: str | None = None):
        self.name = name
        self.published = parse_published(published).isoformat() if published else None
        self.pipeline = Pipeline(nlp=nlp)

    def __call__(self, doc: Doc) -> Doc:
        published = doc._.parley_published or self.published
        if published:
            published = parse_published(published).isoformat()
        story = Story(id=story_id(doc.text), text=doc.text, published=published)
        doc._.parley = self.pipeline.annotate(doc, story)
        return doc

    def pipe(self, docs, batch_size: int = 16):
        for doc in docs:
            yield self(doc)


@Language.factory(
    "parley",
    default_config={"published": None},
    requires=["token.dep", "doc.ents"],
    assigns=["doc._.parley"],
)
def make_parley(nlp: Language, name: str, published: str | None) -> ParleyComponent:
    """Build the component; ``published`` is a default ``YYYY-MM-DD`` for every doc."""
    return ParleyComponent(nlp, name, published)


__all__ = ["Document", "ParleyComponent", "make_parley"]
