"""Senses a trigger's context decides beyond the lexicon's constraints: an attack made in words
is a criticism (PLOVER ACCUSE "disapprove"), not violence."""

from __future__ import annotations

from spacy.tokens import Token

ATTACK_WORDS = ("attack", "assault", "broadside")


class VerbalAttack:
    """The ``verbal_attack`` cues of event_cues.yaml: the modifiers that show an attack was
    made in words."""

    def __init__(self, cues: dict):
        verbal = cues.get("verbal_attack") or {}
        self.mods = set(verbal.get("modifiers") or ())

    def in_words(self, tok: Token) -> bool:
        """An attack made in words: "a SCATHING attack on the ministers". Only the attack's own
        modifiers say so: a participle clause ("attacked the convoy, CALLING it a target") or a
        "for"-reason ("attacked the village FOR SHELTERING rebels") goes with armed attacks as
        often as with words, so neither turns an attack into an ACCUSE."""
        if tok.lemma_.lower() not in ATTACK_WORDS:
            return False
        return any(c.dep_ in ("amod", "compound") and c.lower_ in self.mods for c in tok.children)
