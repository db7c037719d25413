"""The document model: what one story becomes.

Everything here is plain data. ``Document.to_dict()`` is the output contract that
``parley extract`` writes (see docs/output-format.md); the store and the web app read
the same dictionaries, so a field added here reaches every consumer at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

EVENT_TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "REJECT",
    "ACCUSE",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)
AUX_MODES = ("historical", "future", "hypothetical", "negation")


@dataclass(slots=True)
class TextSpan:
    """A piece of the input text: ``text == story[start:end]``."""

    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(slots=True)
class Location:
    name: str
    country_code: str | None = None
    lat: float | None = None
    lon: float | None = None
    feature: str | None = None  # "city", "country", "region", "landmark"
    text: TextSpan | None = None

    def to_dict(self) -> dict[str, Any]:
        d = {
            "name": self.name,
            "country_code": self.country_code,
            "lat": self.lat,
            "lon": self.lon,
            "feature": self.feature,
        }
        if self.text is not None:
            d["text"] = self.text.to_dict()
        return d


@dataclass(slots=True)
class Actor:
    """One participant of the story, with every place it is mentioned."""

    id: str
    name: str
    kind: str  # person, state, organization, igo, ngo, group, institution
    code: str | None = None  # ISO 3166-1 alpha-3, or IGO/NGO/UNO/EUR/MNC/ISM/IMG
    sector: str | None = None  # PLOVER sector code: GOV, MIL, REB, CVL, ...
    office: str | None = None  # "President", "Secretary of State", ...
    wikidata_id: str | None = None
    mentions: list[TextSpan] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "code": self.code,
            "sector": self.sector,
            "office": self.office,
            "wikidata_id": self.wikidata_id,
            "mentions": [m.to_dict() for m in self.mentions],
        }


@dataclass(slots=True)
class Event:
    id: str
    event_type: str
    trigger: TextSpan
    sentence: TextSpan
    rule: str
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    aux_mode: str | None = None
    actor: list[str] = field(default_factory=list)  # actor ids
    recipient: list[str] = field(default_factory=list)
    date: str | None = None  # YYYY-MM-DD, YYYY-MM or YYYY
    date_text: str | None = None
    event_loc: Location | None = None
    confidence: float = 0.5
    paths: dict[str, str] = field(default_factory=dict)  # actor id -> how the role layer found it
    reported_by: list[str] = field(default_factory=list)  # actor ids of who reports it ("X said ...")
    alleged: bool = False  # the act is someone's claim of wrongdoing (its ACCUSE is beside it)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "event_type": self.event_type,
            "mode": self.mode,
            "context": list(self.context),
            "aux_mode": self.aux_mode,
            "actor": list(self.actor),
            "recipient": list(self.recipient),
            "date": self.date,
            "date_text": self.date_text,
            "event_loc": self.event_loc.to_dict() if self.event_loc else None,
            "trigger": self.trigger.to_dict(),
            "sentence": {"start": self.sentence.start, "end": self.sentence.end},
            "event_text": self.sentence.text,
            "confidence": round(self.confidence, 3),
            "rule": self.rule,
            "roles": [
                {"actor": a, "role": role, "path": self.paths.get(a, "")}
                for role, ids in (("actor", self.actor), ("recipient", self.recipient))
                for a in ids
            ],
            "reported_by": list(self.reported_by),
            "alleged": self.alleged,
        }


@dataclass(slots=True)
class Quote:
    id: str
    text: str
    start: int
    end: int
    speaker: str | None = None  # actor id
    speaker_mention: TextSpan | None = None
    cue: TextSpan | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "speaker": self.speaker,
            "speaker_mention": self.speaker_mention.to_dict() if self.speaker_mention else None,
            "cue": self.cue.to_dict() if self.cue else None,
        }


@dataclass(slots=True)
class Story:
    """One input story, before extraction."""

    id: str
    text: str
    published: str | None = None  # YYYY-MM-DD
    title: str | None = None
    url: str | None = None
    source: str | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any], **extra: Any) -> Story:
        """A story from a JSON object with its fields as keys (``id`` and ``text`` required);
        ``extra``: the fields of a subclass (``InputStory``'s origin and line)."""
        return cls(
            id=d["id"],
            text=d["text"],
            published=d.get("published"),
            title=d.get("title"),
            url=d.get("url"),
            source=d.get("source"),
            **extra,
        )


@dataclass(slots=True)
class Document:
    """One story with everything Parley found in it."""

    id: str
    text: str
    published: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    actors: list[Actor] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)

    def keep_confident(self, min_confidence: float | None) -> None:
        """Drop the events whose calibrated confidence is below ``min_confidence`` (None: keep all).
        The ids of the events kept do not change."""
        if min_confidence is not None:
            self.events = [e for e in self.events if e.confidence >= min_confidence]

    def actor(self, actor_id: str) -> Actor | None:
        return next((a for a in self.actors if a.id == actor_id), None)

    def to_dict(self, include_text: bool = False) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id,
            "published": self.published,
            "title": self.title,
            "url": self.url,
            "source": self.source,
            "actors": [a.to_dict() for a in self.actors],
            "events": [e.to_dict() for e in self.events],
            "quotes": [q.to_dict() for q in self.quotes],
        }
        if include_text:
            d["text"] = self.text
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Document:
        """Rebuild a document from ``to_dict(include_text=True)`` output."""

        def span(x):
            return TextSpan(**x) if x else None

        def loc(x):
            if not x:
                return None
            x = dict(x)
            t = x.pop("text", None)
            return Location(**x, text=span(t))

        actors = [
            Actor(**{**a, "mentions": [TextSpan(**m) for m in a.get("mentions", [])]})
            for a in d.get("actors", [])
        ]
        events = []
        for e in d.get("events", []):
            sent = e.get("sentence") or {"start": 0, "end": 0}
            events.append(
                Event(
                    id=e["id"],
                    event_type=e["event_type"],
                    trigger=TextSpan(**e["trigger"]),
                    sentence=TextSpan(e.get("event_text", ""), sent["start"], sent["end"]),
                    rule=e.get("rule", ""),
                    mode=e.get("mode"),
                    context=list(e.get("context") or []),
                    aux_mode=e.get("aux_mode"),
                    actor=list(e.get("actor") or []),
                    recipient=list(e.get("recipient") or []),
                    date=e.get("date"),
                    date_text=e.get("date_text"),
                    event_loc=loc(e.get("event_loc")),
                    confidence=e.get("confidence", 0.5),
                    paths={r["actor"]: r.get("path", "") for r in e.get("roles") or []},
                    reported_by=list(e.get("reported_by") or []),
                    alleged=bool(e.get("alleged", False)),
                )
            )
        quotes = [
            Quote(
                id=q["id"],
                text=q["text"],
                start=q["start"],
                end=q["end"],
                speaker=q.get("speaker"),
                speaker_mention=span(q.get("speaker_mention")),
                cue=span(q.get("cue")),
            )
            for q in d.get("quotes", [])
        ]
        return cls(
            id=d["id"],
            text=d.get("text", ""),
            published=d.get("published"),
            title=d.get("title"),
            url=d.get("url"),
            source=d.get("source"),
            actors=actors,
            events=events,
            quotes=quotes,
        )
