"""The API's answers as typed models: they make the OpenAPI document say what each list holds."""

from __future__ import annotations

from pydantic import BaseModel, Field

from ..store.queries import ActorRecord, ClusterRecord, EventRecord, QuoteRecord, StoryHit


class Page(BaseModel):
    total: int = Field(description="Rows matching the filters, on all pages.")
    limit: int
    offset: int
    next_offset: int | None = Field(description="Offset of the next page; null on the last page.")


class EventPage(Page):
    items: list[EventRecord]


class ClusterPage(Page):
    items: list[ClusterRecord]


class QuotePage(Page):
    items: list[QuoteRecord]


class ActorPage(Page):
    items: list[ActorRecord]


class ActorEvent(BaseModel):
    id: str
    story_id: str
    date: str | None = Field(description="The event's date, else its story's publication date.")
    event_type: str
    aux_mode: str | None
    trigger: str | None
    place: str | None
    actor: list[str]
    recipient: list[str]


class ActorProfile(BaseModel):
    actor: ActorRecord
    n_as_actor: int
    n_as_recipient: int
    as_actor: list[ActorEvent]
    as_recipient: list[ActorEvent]
    quotes: list[QuoteRecord]


class SearchAnswer(BaseModel):
    q: str
    stories: list[StoryHit]
    quotes: list[QuoteRecord]


class Bucket(BaseModel):
    period: str
    counts: dict[str, int]


class Timeline(BaseModel):
    interval: str
    types: list[str]
    buckets: list[Bucket]
    partly_dated: dict[str, int] = Field(description="Events dated only to a month or a year, by type.")
    undated: dict[str, int] = Field(description="Events without a date of their own, by type.")


class Pair(BaseModel):
    source: str | int = Field(description="Country code, an organization's name, or an actor id.")
    target: str | int
    weight: int = Field(description="Events from source to target.")
    quad: int = Field(description="PLOVER quad class of most of the pair's events (1-4).")
    source_name: str | None = None
    target_name: str | None = None


class Dyads(BaseModel):
    level: str
    pairs: list[Pair]


class Stats(BaseModel):
    stories: int
    syndication_groups: int
    events: int
    clusters: int
    quotes: int
    actors: int
    failures: int
    by_type: dict[str, int]
    by_week: dict[str, int] = Field(description="Events by the ISO week of their own full date.")
    partly_dated: int
    undated: int


class CountryCount(BaseModel):
    country: str = Field(description="ISO 3166 three-letter code of the events' place.")
    total: int
    q1: int = Field(description="Verbal cooperation events.")
    q2: int = Field(description="Material cooperation events.")
    q3: int = Field(description="Verbal conflict events.")
    q4: int = Field(description="Material conflict events.")


class Countries(BaseModel):
    countries: list[CountryCount]
