"""Parley: political event data from news.

>>> import parley
>>> doc = parley.extract("Russian forces shelled Kharkiv on Monday.", published="2025-03-04")  # doctest: +SKIP
>>> doc.to_dict()["events"][0]["event_type"]  # doctest: +SKIP
'ASSAULT'
"""

from .model import Actor, Document, Event, Location, Quote, Story, TextSpan
from .pipeline import Pipeline, extract

__all__ = [
    "Actor",
    "Document",
    "Event",
    "Location",
    "Pipeline",
    "Quote",
    "Store",
    "Story",
    "TextSpan",
    "extract",
]


def __getattr__(name: str):
    # the store pulls in SQLAlchemy; load it only when asked for
    if name == "Store":
        from .store import Store

        return Store
    raise AttributeError(f"module 'parley' has no attribute {name!r}")


__version__ = "0.1.0"
