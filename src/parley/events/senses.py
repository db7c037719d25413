"""Senses a trigger's context decides beyond the lexicon's constraints: an attack made in words
is a criticism (PLOVER ACCUSE "disapprove"), not violence."""

from __future__ import annotations

from spacy.tokens import Token

ATTACK_WORDS = ("attack", "assault", "broadside")


class VerbalAttack:
    """The ``verbal_attack`` cues of event_cues.yaml: the modifiers and the speech verbs that
    show an attack was made in words."""

    def __init__(self, cues: dict, light: set[str]):
        verbal = cues.get("verbal_attack") or {}
        self.mods = set(verbal.get("modifiers") or ())
        self.speech = set(verbal.get("speech_verbs") or ())
        self.light = light

    def in_words(self, tok: Token) -> bool:
        """An attack made in words: "a SCATHING attack on the ministers", "launched an attack on
        the central bank, CALLING its board incompetent", "attacked the minister FOR FAILING to act"."""
        if tok.lemma_.lower() not in ATTACK_WORDS:
            return False
        if any(c.dep_ in ("amod", "compound") and c.lower_ in self.mods for c in tok.children):
            return True
        verb = tok
        if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ == "dobj" and tok.head.lemma_.lower() in self.light:
            verb = tok.head
        if verb.pos_ not in ("VERB", "AUX"):
            return False
        for c in verb.children:
            # "..., calling them traitors": the same speaker's words say what the attack was
            if c.dep_ in ("advcl", "conj") and c.tag_ == "VBG" and c.lemma_.lower() in self.speech:
                return True
            # "attacked the minister for failing ...": one is attacked in words for what one did
            if (
                c.dep_ == "prep"
                and c.lower_ == "for"
                and verb is tok
                and any(x.dep_ == "pcomp" and x.tag_ == "VBG" for x in c.children)
            ):
                return True
        return False
