"""Actors: who is mentioned, resolved to a canonical actor with code and sector.

INTERFACE (used by events and quotes): ``find_actors(doc, published) -> ActorIndex``.
``ActorIndex.resolve(token)`` gives the actor id for the noun phrase headed by ``token``
(names, descriptors, and coreferent pronouns/titles alike), or None.
This file is a first stub; the full stage replaces the body, not the interface.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Token

from .model import Actor, TextSpan


@dataclass(slots=True)
class Mention:
    start: int  # first token index
    end: int  # token index after the last
    head: int  # token index of the syntactic head
    actor_id: str
    kind: str = "name"  # name, descriptor, title, pronoun


@dataclass
class ActorIndex:
    doc: Doc
    actors: dict[str, Actor] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    _by_token: dict[int, Mention] = field(default_factory=dict)

    def add_mention(self, m: Mention) -> None:
        self.mentions.append(m)
        for i in range(m.start, m.end):
            self._by_token.setdefault(i, m)
        span = self.doc[m.start : m.end]
        self.actors[m.actor_id].mentions.append(TextSpan(span.text, span.start_char, span.end_char))

    def at(self, i: int) -> Mention | None:
        """The mention covering token ``i``."""
        return self._by_token.get(i)

    def resolve(self, token: Token) -> str | None:
        """Actor id for the noun phrase headed by ``token``."""
        m = self.at(token.i)
        if m is not None:
            return m.actor_id
        for t in token.subtree:
            m = self.at(t.i)
            if m is not None:
                return m.actor_id
        return None

    def actor(self, actor_id: str) -> Actor:
        return self.actors[actor_id]

    def export(self) -> list[Actor]:
        out = []
        for a in self.actors.values():
            if a.mentions:
                a.mentions.sort(key=lambda s: s.start)
                out.append(a)
        return out


def find_actors(doc: Doc, published: date | None = None) -> ActorIndex:
    index = ActorIndex(doc)
    names: dict[str, str] = {}
    for ent in doc.ents:
        if ent.label_ not in ("PERSON", "ORG", "GPE", "NORP"):
            continue
        key = ent.text
        if key not in names:
            aid = f"A{len(names) + 1}"
            names[key] = aid
            kind = {"PERSON": "person", "GPE": "state"}.get(ent.label_, "organization")
            index.actors[aid] = Actor(id=aid, name=ent.text, kind=kind)
        index.add_mention(Mention(ent.start, ent.end, ent.root.i, names[key]))
    return index
