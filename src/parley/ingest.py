"""Input readers: files, folders and stdin in, ``Story`` objects (or ``InputError``) out.

Everything streams: a JSONL file is read a line at a time, so memory does not grow
with the size of the input. A problem with one input (a malformed line, a binary
file) becomes an ``InputError`` in the stream at its place, and reading goes on.

Supported inputs:

- ``.txt`` (and any other named file): one story, id = file stem.
- ``.jsonl``: one story per line: ``id``, ``text``, optional ``published``, ``title``,
  ``url``, ``source``. A line without an ``id`` gets a content hash.
- ``.html`` / ``.htm``: the main text, found by trafilatura (offline); title and date
  from the page's metadata.
- a directory: its ``.txt``, ``.jsonl``, ``.html`` and ``.htm`` files, sorted by name.
- ``-``: stdin, JSONL when its first non-empty line is a JSON object, else one story.
"""

from __future__ import annotations

import errno
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

from . import validate
from .model import Story
from .pipeline import story_id

#: Suffixes picked up when a directory is given.
DIRECTORY_SUFFIXES = (".txt", ".jsonl", ".html", ".htm")

STDIN_NAME = "<stdin>"

# A NUL byte never occurs in text; it is how binary files (PDFs, images, archives) show,
# except in UTF-16 text, which starts with a byte-order mark.
_SNIFF_BYTES = 8192
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass(slots=True)
class InputError:
    """One input that could not be turned into a document, and why."""

    source: str  # file path, or "<stdin>"
    line: int | None  # 1-based line number in a JSONL input
    doc_id: str | None
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        who = f" ({self.doc_id})" if self.doc_id else ""
        return f"{where}{who}: {self.reason}"


@dataclass(slots=True)
class InputStory(Story):
    """A ``Story`` that remembers where it was read, so a later failure can name the place."""

    origin: str = ""
    line: int | None = None
    # Repairs made to the input (invalid characters replaced, NULs removed): reported, not fatal.
    warnings: list[str] = field(default_factory=list)


Item = Story | InputError


def read_stories(
    paths: Iterable[str], published: str | None = None, stdin: IO[str] | None = None
) -> Iterator[Item]:
    """Stories from ``paths`` in order; ``published`` is the default publication date.

    Raises ``ValueError`` at once when ``published`` itself is not ``YYYY-MM-DD``.
    """
    default = _normal_date(published)
    for path in paths:
        for item in _read_path(str(path), stdin if stdin is not None else sys.stdin):
            if isinstance(item, Story) and not item.published and default:
                item.published = default
            yield item


def _normal_date(value: Any) -> str | None:
    return validate.check_date(value)


def _story(origin: str, line: int | None, doc_id: str, text: str, **meta) -> Item:
    """An ``InputStory`` with its text and metadata made valid Unicode (repairs become warnings)."""
    text, warnings = validate.clean_text(text)
    for k, v in meta.items():
        if v is not None:
            v, w = validate.clean_text(v)
            meta[k] = v
            warnings += [f"{k}: {x}" for x in w]
    return InputStory(origin=origin, line=line, id=doc_id, text=text, warnings=warnings, **meta)


def _missing(p: Path) -> str:
    """Why a path that does not resolve to a file cannot be read."""
    try:
        p.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop"
        if p.is_symlink():
            return "broken symbolic link"
        return "no such file or directory"
    return "not a regular file"


def _read_path(path: str, stdin: IO[str]) -> Iterator[Item]:
    if path == "-":
        yield from _read_stdin(stdin)
        return
    p = Path(path)
    if p.is_dir():
        # A link that leads nowhere (or in a loop) is listed too, so that it is reported.
        files = sorted(
            f
            for f in p.iterdir()
            if (f.is_file() or f.is_symlink() and not f.is_dir()) and f.suffix.lower() in DIRECTORY_SUFFIXES
        )
        for f in files:
            yield from _read_file(f)
        return
    if not p.exists():
        yield InputError(path, None, None, _missing(p))
        return
    yield from _read_file(p)


def _read_file(p: Path) -> Iterator[Item]:
    source = str(p)
    try:
        with p.open("rb") as fh:
            head = fh.read(_SNIFF_BYTES)
    except OSError as exc:
        reason = _missing(p) if exc.errno in (errno.ELOOP, errno.ENOENT) else exc.strerror or str(exc)
        yield InputError(source, None, None, f"cannot read: {reason}")
        return
    utf16 = head.startswith(_UTF16_BOMS)
    if b"\0" in head and not utf16:
        yield InputError(source, None, None, "binary file")
        return
    suffix = p.suffix.lower()
    if suffix == ".jsonl" and not utf16:
        with p.open("rb") as fh:
            yield from _read_jsonl_lines(source, fh)
        return
    data = p.read_bytes()
    try:
        # A UTF-16 file (Windows "Unicode" text) says so with its byte-order mark.
        text = data.decode("utf-16") if utf16 else data.decode("utf-8-sig")
    except UnicodeDecodeError:
        yield InputError(source, None, None, "not UTF-16 text" if utf16 else "not UTF-8 text")
        return
    if suffix == ".jsonl":
        yield from _read_jsonl_lines(source, text.splitlines())
        return
    try:
        doc_id = validate.check_id(p.stem) or p.name
    except ValueError as exc:
        yield InputError(source, None, None, f"file name as story id: {exc}")
        return
    if suffix in (".html", ".htm"):
        yield _html_story(source, doc_id, text)
    else:
        yield _story(source, None, doc_id, text)


def _read_jsonl_lines(source: str, lines: Iterable[bytes | str]) -> Iterator[Item]:
    for n, raw in enumerate(lines, start=1):
        if isinstance(raw, bytes):
            try:
                line = raw.decode("utf-8-sig" if n == 1 else "utf-8")
            except UnicodeDecodeError:
                yield InputError(source, n, None, "not UTF-8 text")
                continue
        else:
            line = raw
        if not line.strip():
            continue
        yield _story_from_json(source, n, line)


def _story_from_json(source: str, n: int, line: str) -> Item:
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as exc:
        return InputError(source, n, None, f"malformed JSON: {exc.msg} (column {exc.colno})")
    except RecursionError:
        return InputError(source, n, None, "malformed JSON: nested too deeply")
    if not isinstance(rec, dict):
        return InputError(source, n, None, f"expected a JSON object, got {type(rec).__name__}")
    try:
        doc_id = validate.check_id(rec.get("id"))
    except ValueError as exc:
        return InputError(source, n, None, str(exc))
    text = rec.get("text")
    if text is None:
        return InputError(source, n, doc_id, "missing 'text'")
    if not isinstance(text, str):
        return InputError(source, n, doc_id, f"'text' must be a string, got {type(text).__name__}")
    try:
        published = _normal_date(rec.get("published"))
    except ValueError as exc:
        return InputError(source, n, doc_id, str(exc))
    return _story(
        source,
        n,
        doc_id or story_id(validate.clean_text(text)[0]),
        text,
        published=published,
        title=_opt_str(rec.get("title")),
        url=_opt_str(rec.get("url")),
        source=_opt_str(rec.get("source")),
    )


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _html_story(source: str, stem: str, html: str) -> Item:
    try:
        import trafilatura  # imported here: it is slow to import and only HTML needs it
    except ImportError as exc:  # a broken install (lxml_html_clean missing) fails the HTML files only
        return InputError(source, None, stem, f"cannot read HTML: {exc}")
    try:
        found = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False, favor_recall=True
        )
    except Exception as exc:  # trafilatura raises assorted errors on broken markup
        return InputError(source, None, stem, f"cannot extract text from HTML: {exc}")
    text = getattr(found, "text", None) if found is not None else None
    if not text:
        # No main text found: fall back to all visible text rather than drop the page.
        text = trafilatura.html2txt(html) or ""
    # trafilatura puts one paragraph a line; a blank line between them reads like the
    # .txt stories and tells the sentence splitter where paragraphs end.
    text = "\n\n".join(para.strip() for para in text.split("\n") if para.strip())
    title = getattr(found, "title", None) if found is not None else None
    url = getattr(found, "url", None) if found is not None else None
    published = None
    raw_date = getattr(found, "date", None) if found is not None else None
    if raw_date:
        try:
            published = _normal_date(raw_date)
        except ValueError:
            published = None  # a page date we cannot read is no reason to refuse the story
    return _story(source, None, stem, text, published=published, title=title or None, url=url or None)


def _read_stdin(stdin: IO[str]) -> Iterator[Item]:
    """JSONL when the first non-empty line is a JSON object, else the whole input is one story.

    Deciding on the first line keeps stdin streaming; a later line that is not JSON is
    then reported as a malformed line, as it would be in a ``.jsonl`` file. Bytes that are
    not UTF-8 (latin-1, say) become U+FFFD with a warning rather than stopping the input.
    """
    lines = _stdin_lines(stdin)
    head: list[str] = []
    for line in lines:
        head.append(line)
        if line.strip():
            break
    first = head[-1] if head else ""
    if _is_json_object(first):
        yield _story_from_json(STDIN_NAME, len(head), first)
        for n, line in enumerate(lines, start=len(head) + 1):
            if line.strip():
                yield _story_from_json(STDIN_NAME, n, line)
        return
    text = "".join(head) + "".join(lines)
    if "\0" in text:
        yield InputError(STDIN_NAME, None, None, "binary input")
        return
    yield _story(STDIN_NAME, None, story_id(validate.clean_text(text)[0]), text)


def _stdin_lines(stdin: IO[str]) -> Iterator[str]:
    """Lines of stdin as text; read as bytes where there are bytes to read, so that the
    decoding (and what happens to bytes that are not UTF-8) does not depend on the locale."""
    raw = getattr(stdin, "buffer", None)
    if raw is None:
        yield from stdin
        return
    for n, line in enumerate(raw, start=1):
        if n == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        # surrogateescape keeps each bad byte as a lone surrogate; validate.clean_text
        # replaces those and says so.
        yield line.decode("utf-8", "surrogateescape")


def _is_json_object(line: str) -> bool:
    line = line.strip()
    if not line.startswith("{"):
        return False
    try:
        return isinstance(json.loads(line), dict)
    except (json.JSONDecodeError, RecursionError):
        return line.endswith("}")  # an object too deep to read: a JSONL line all the same


def estimate_count(paths: Iterable[str]) -> int | None:
    """How many stories ``paths`` hold, counted cheaply (for a progress bar); None for stdin."""
    total = 0
    for path in paths:
        if path == "-":
            return None
        p = Path(path)
        files = (
            sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in DIRECTORY_SUFFIXES)
            if p.is_dir()
            else [p]
        )
        for f in files:
            if f.suffix.lower() != ".jsonl":
                total += 1
                continue
            try:
                with f.open("rb") as fh:
                    total += sum(1 for line in fh if line.strip())
            except OSError:
                total += 1
    return total


def flag_duplicates(items: Iterable[Item]) -> Iterator[Item]:
    """``items`` with each story whose id was already seen turned into an ``InputError`` that
    names where the id was first read (one document per id, and no clash goes unnoticed)."""
    seen: dict[str, str] = {}
    for item in items:
        if isinstance(item, Story):
            where = item.origin if isinstance(item, InputStory) else "<input>"
            if isinstance(item, InputStory) and item.line is not None:
                where = f"{where}:{item.line}"
            if item.id in seen:
                yield InputError(
                    getattr(item, "origin", "") or "<input>",
                    getattr(item, "line", None),
                    item.id,
                    f"duplicate id (first read at {seen[item.id]})",
                )
                continue
            seen[item.id] = where
        yield item
