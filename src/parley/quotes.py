"""Quotes stage (stub; replaced by the full stage)."""

from __future__ import annotations

from spacy.tokens import Doc

from .model import Quote


def find_quotes(doc: Doc, index) -> list[Quote]:
    return []
