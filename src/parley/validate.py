"""Input validation at the edges: the rules every reader applies to what comes in.

The CLI readers (``ingest.py``), the HTTP API (``web/api.py``) and the feed watcher use
these functions, so a story is accepted or refused the same way whichever door it came
through. See docs/security.md for what each rule promises.

- ids: strings (or whole numbers) of at most ``MAX_ID_CHARS`` characters, no control
  characters; a list, an object or a longer string is refused.
- dates: ISO ``YYYY-MM-DD`` (a full ISO datetime is read as its date); anything else
  (``2025-03-04garbage``, ``2025-W10``, ``20250304``) is refused with a message.
- text: valid Unicode. Lone surrogates (from a ``"\\ud800"`` JSON escape, or bytes that are
  not UTF-8) are replaced by U+FFFD and NUL characters removed, each with a warning: a NUL
  cannot be stored in PostgreSQL text and never belongs in news.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

#: Longest story id accepted (the store's id columns hold 200 characters).
MAX_ID_CHARS = 200

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# A full ISO datetime after the date: T or a space, then a time and an optional zone.
_TIME = re.compile(r"[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def check_id(value: Any) -> str | None:
    """A story id as a string, None when absent; raises ``ValueError`` with the reason."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError(f"'id' must be a string, got {type(value).__name__}")
    s = str(value)
    if len(s) > MAX_ID_CHARS:
        raise ValueError(f"'id' is longer than {MAX_ID_CHARS} characters ({len(s)})")
    if _CONTROL.search(s) or _SURROGATE.search(s):
        raise ValueError("'id' contains control characters or invalid Unicode")
    return s


def check_date(value: Any, what: str = "published date") -> str | None:
    """An ISO date as ``YYYY-MM-DD``, None when absent; raises ``ValueError`` otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str):
        raise ValueError(f"{what} must be a string YYYY-MM-DD, got {type(value).__name__}")
    s = value.strip()
    if not (_DATE.fullmatch(s) or (_DATE.match(s) and _TIME.fullmatch(s, 10))):
        raise ValueError(f"{what} {_show(value)} is not YYYY-MM-DD")
    try:
        return date.fromisoformat(s[:10]).isoformat()
    except ValueError:
        raise ValueError(f"{what} {_show(value)} is not a calendar date") from None


def clean_text(text: str) -> tuple[str, list[str]]:
    """``text`` as valid Unicode without NULs, and a warning for each kind of repair made."""
    warnings = []
    if _SURROGATE.search(text):
        text, n = _SURROGATE.subn(REPLACEMENT, text)
        warnings.append(f"{n} invalid character(s) (lone surrogates or non-UTF-8 bytes) replaced by U+FFFD")
    if "\0" in text:
        n = text.count("\0")
        text = text.replace("\0", "")
        warnings.append(f"{n} NUL character(s) removed")
    return text, warnings


def safe_str(value: str | None, limit: int | None = None) -> str | None:
    """Any string made storable (for failure records: they must never fail to be written)."""
    if value is None:
        return None
    if not isinstance(value, str):
        value = str(value)
    value = _SURROGATE.sub(REPLACEMENT, value).replace("\0", "\\0")
    return value[:limit] if limit is not None else value


def _show(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:40] + "...")
