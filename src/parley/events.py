"""Events stage (stub; replaced by the full stage)."""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc

from .model import Event


def find_events(doc: Doc, index, published: date | None = None) -> list[Event]:
    return []
