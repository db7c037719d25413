"""The extraction pipeline: a story in, a ``Document`` out.

Stages, each in its own module and testable alone:

    nlp (spaCy parse) -> actors (mentions, resolution, coreference)
        -> events (triggers, arguments, aux mode; dates and places per event)
        -> quotes (spans, cues, speakers)
        -> Document
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Iterable, Iterator
from datetime import date

import yaml
from spacy.language import Language
from spacy.tokens import Doc

from . import actors as actors_stage
from . import events as events_stage
from . import nlp as nlp_stage
from . import quotes as quotes_stage
from .kb import KB, default_kb
from .lexicon import load_lexicon
from .model import Document, Story


def story_id(text: str) -> str:
    """A stable id for a story that came without one: a hash of its text."""
    return "sha1-" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def parse_published(published: str | date | None) -> date | None:
    if published is None or published == "":
        return None
    if isinstance(published, date):
        return published
    try:
        return date.fromisoformat(str(published)[:10])
    except ValueError as exc:
        raise ValueError(f"published date {published!r} is not YYYY-MM-DD") from exc


class Pipeline:
    """Holds a loaded spaCy model and turns stories into documents.

    >>> p = Pipeline()                                   # doctest: +SKIP
    >>> doc = p.extract("Russian forces shelled Kharkiv on Monday.", published="2025-03-04")
    """

    def __init__(
        self,
        model: str | None = None,
        nlp: Language | None = None,
        lexicon: tuple[str, ...] = (),
        actors: tuple[str, ...] = (),
    ):
        """``model``: a spaCy package name or path. ``lexicon``: extra trigger-rule YAML files
        (the format of ``data/events.yaml``). ``actors``: extra knowledge-base YAML files (see
        ``parley.kb``): your own actors, aliases, office holders."""
        self.nlp = nlp if nlp is not None else nlp_stage.load(model)
        try:
            self.lexicon = load_lexicon(tuple(str(p) for p in lexicon))
            self.kb = KB.load(extra=[str(p) for p in actors]) if actors else default_kb()
        except (OSError, ValueError, KeyError, TypeError, yaml.YAMLError) as exc:
            raise RuntimeError(f"cannot load lexicon or actor file: {exc}") from exc

    # -- one story -------------------------------------------------------
    def extract(
        self,
        text: str,
        published: str | date | None = None,
        id: str | None = None,
        title: str | None = None,
    ) -> Document:
        story = Story(
            id=id or story_id(text),
            text=text,
            published=parse_published(published).isoformat() if published else None,
            title=title,
        )
        return next(self.pipe([story]))

    # -- many stories ----------------------------------------------------
    def pipe(self, stories: Iterable[Story], batch_size: int = 16) -> Iterator[Document]:
        """Documents for ``stories``, in order; memory does not grow with their number."""
        buffered: deque[Story] = deque()

        def texts():
            for s in stories:
                buffered.append(s)
                yield s.text

        for doc in nlp_stage.parse(self.nlp, texts(), batch_size=batch_size):
            story = buffered.popleft()
            yield self.annotate(doc, story)

    def annotate(self, doc: Doc, story: Story) -> Document:
        """Run the stages after spaCy on one parsed story."""
        published = parse_published(story.published)
        out = Document(
            id=story.id,
            text=story.text,
            published=story.published,
            title=story.title,
            url=story.url,
            source=story.source,
        )
        if not story.text.strip():
            return out
        if len(doc) and doc[-1].idx + len(doc[-1].text_with_ws) == len(story.text):
            # the parse of this very text (``nlp.parse`` keeps it exactly): the stages' copy of
            # the text (``nlp.doc_text``) is the story's, not spaCy's join of every token
            doc.user_data.setdefault("parley_text", story.text)
        nlp_stage.fix_lemmas(doc)
        index = actors_stage.find_actors(doc, published, kb=self.kb)
        # quotes first: "I" and "we" inside a quote are its speaker, for the events stage
        out.quotes = quotes_stage.find_quotes(doc, index, title=story.title)
        index.bind_speakers(out.quotes)
        out.events = events_stage.find_events(doc, index, published, lexicon=self.lexicon, title=story.title)
        out.actors = index.export()
        return out


_default: Pipeline | None = None


def default_pipeline() -> Pipeline:
    global _default
    if _default is None:
        _default = Pipeline()
    return _default


def extract(text: str, published: str | date | None = None, id: str | None = None) -> Document:
    """Extract events, actors, quotes and dates from one story with the default model."""
    return default_pipeline().extract(text, published=published, id=id)
