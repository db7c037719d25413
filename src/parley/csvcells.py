"""CSV cells that a spreadsheet will not run: the one function every CSV writer uses.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read
as a formula by Excel, LibreOffice and Google Sheets (OWASP "CSV injection"). Such a cell
gets a leading apostrophe, which spreadsheets show as text. Lists are joined first and the
joined text is neutralised as a whole, so no element can start a formula either.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any, TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?([eE][+-]?\d+)?")


def cell(value: Any, sep: str = "; ") -> str:
    """One CSV cell: None is empty, lists are joined with ``sep``, formulas are defused."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        text = sep.join("" if v is None else str(v) for v in value)
    elif isinstance(value, bool):
        text = str(value).lower()
    elif isinstance(value, int | float):
        return f"{value:g}" if isinstance(value, float) else str(value)  # a number is no formula
    else:
        text = str(value)
    # A number ("-3.5", a longitude) is no formula: spreadsheets read it as the number.
    return "'" + text if text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text) else text


def write_rows(
    out: TextIO,
    header: list[str],
    rows: Iterable[Iterable[Any]],
    sep: str = "; ",
    lineterminator: str = "\r\n",
) -> int:
    """A header and rows through ``csv.writer``, every cell through ``cell``; returns the row count."""
    w = csv.writer(out, lineterminator=lineterminator)
    w.writerow([cell(h) for h in header])
    n = 0
    for row in rows:
        w.writerow([cell(v, sep) for v in row])
        n += 1
    return n
