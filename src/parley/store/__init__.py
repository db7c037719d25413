"""The corpus store: stories, actors, events, quotes and clusters in SQLite or PostgreSQL."""

from .dedup import DedupConfig
from .queries import ActorRecord, ClusterRecord, EventRecord, FailureRecord, QuoteRecord, Records, StoryHit
from .store import Store, resolve_url
from .writer import AddResult

__all__ = [
    "ActorRecord",
    "AddResult",
    "ClusterRecord",
    "DedupConfig",
    "EventRecord",
    "FailureRecord",
    "QuoteRecord",
    "Records",
    "Store",
    "StoryHit",
    "resolve_url",
]
