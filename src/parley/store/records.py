"""The typed records the store's queries give, and ``Records``, a list of them with
``to_pandas()`` / ``to_arrow()``."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any


class Records(list):
    """A list of records (dataclasses) that converts to pandas and Arrow."""

    def to_dicts(self) -> list[dict[str, Any]]:
        return [asdict(r) for r in self]

    def to_pandas(self):
        import pandas as pd

        if not self:
            return pd.DataFrame(columns=self._columns())
        return pd.DataFrame(self.to_dicts())

    def to_arrow(self):
        import pyarrow as pa

        if not self:
            return pa.table({c: [] for c in self._columns()})
        return pa.Table.from_pylist(self.to_dicts())

    def _columns(self) -> list[str]:
        t = getattr(self, "record_type", None)
        return [f.name for f in fields(t)] if t else []


def typed_records(items, record_type) -> Records:
    r = Records(items)
    r.record_type = record_type
    return r


@dataclass(slots=True)
class EventRecord:
    id: str
    story_id: str
    published: str | None
    event_type: str
    mode: str | None
    context: list[str]
    aux_mode: str | None
    date: str | None
    actor: list[str]  # names
    actor_codes: list[str]
    recipient: list[str]
    recipient_codes: list[str]
    place: str | None
    place_country: str | None
    lat: float | None
    lon: float | None
    trigger: str | None
    event_text: str | None
    confidence: float | None
    cluster_id: int | None


@dataclass(slots=True)
class DyadRecord:
    """One directed dyad of an event, as dyadic event datasets list them: an event with two
    actors and one recipient is two rows; a reciprocal event (all parties actors, no
    recipient: "France, Germany and Italy met") is every ordered pair of its actors; an event
    with one party and no recipient is one row with no recipient."""

    event_id: str
    story_id: str
    event_type: str
    mode: str | None
    aux_mode: str | None
    date: str | None
    actor: str
    actor_code: str | None
    recipient: str | None
    recipient_code: str | None
    reciprocal: bool
    place_country: str | None
    confidence: float | None


@dataclass(slots=True)
class ClusterRecord:
    cluster_id: int
    event_type: str
    aux_mode: str | None
    participants: list[str]
    date: str | None
    sources: int  # independent outlets (syndicated copies count once)
    reports: int  # stories
    outlets: list[str]
    n_events: int
    first_report: str | None
    last_report: str | None
    representative: str | None
    place: str | None
    place_country: str | None
    documents: list[str]
    events: list[str]


@dataclass(slots=True)
class QuoteRecord:
    id: str
    story_id: str
    published: str | None
    speaker: str | None
    speaker_code: str | None
    text: str
    cue: str | None
    start: int | None
    end: int | None


@dataclass(slots=True)
class StoryHit:
    id: str
    title: str | None
    published: str | None
    source: str | None
    url: str | None
    snippet: str


@dataclass(slots=True)
class ActorRecord:
    id: int
    name: str
    kind: str | None
    code: str | None
    sector: str | None
    origin: str
    offices: list[str]
    aliases: list[str]
    first_seen: str | None
    last_seen: str | None
    n_stories: int
    terms: list[str] = field(default_factory=list)  # terms of office from the knowledge base


@dataclass(slots=True)
class FailureRecord:
    id: int
    run_id: int | None
    source: str | None
    line: int | None
    doc_id: str | None
    reason: str
    attempts: int
    created: str | None
    resolved_run: int | None
