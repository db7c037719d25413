"""Modality: the auxiliary mode of an event from its verb group (future, hypothetical,
negation, historical, counterfactual)."""

from __future__ import annotations

from spacy.tokens import Token

from ..lexicon import Lexicon


class AuxModes:
    def __init__(self, lexicon: Lexicon):
        cues = lexicon.cues
        self.future_aux = set(cues["future"]["aux"])
        self.future_gov = set(cues["future"]["governors"])
        self.future_nouns = set(cues["future"]["nouns_before"])
        self.setup = set(cues["future"]["progressive_passive_setup"])
        self.hypo_aux = set(cues["hypothetical"]["aux"])
        self.hypo_markers = set(cues["hypothetical"]["markers"])
        self.hypo_gov = set(cues["hypothetical"]["governors"]) - {"threaten", "may", "might", "could"}
        self.neg_words = set(cues["negation"]["words"])
        self.neg_gov = set(cues["negation"]["governors"])

    def verb_group(self, tok: Token) -> Token:
        """The verb whose auxiliaries govern ``tok``'s event (a light verb for nouns)."""
        if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("dobj", "nsubjpass", "attr", "pobj"):
            head = tok.head
            if tok.dep_ == "pobj" and head.head is not head:
                head = head.head
            if head.pos_ in ("VERB", "AUX"):
                return head
        if tok.pos_ == "ADJ" and tok.head.pos_ in ("AUX", "VERB"):
            return tok.head
        return tok

    def classify(self, tok: Token) -> str | None:
        v = self.verb_group(tok)
        kids = list(v.children)
        aux = {c.lower_ for c in kids if c.dep_ in ("aux", "auxpass")}
        neg = any(c.dep_ == "neg" for c in kids) or any(
            c.dep_ == "det" and c.lower_ == "no" for c in tok.children
        )
        # governed by deny/fail/...: "denied that troops had attacked"
        gov = v.head if v.dep_ in ("ccomp", "xcomp") else None
        if gov is not None and gov.lemma_.lower() in self.neg_gov:
            neg = True
        perfect_modal = aux & self.hypo_aux and "have" in aux
        if perfect_modal and aux & {"would", "could", "might"}:
            return "counterfactual"  # "would (not) have happened": no event either way
        if neg:
            return "negation"
        marks = {c.lower_ for c in kids if c.dep_ == "mark"}
        if v.dep_ == "advcl" and marks & self.hypo_markers:
            return "hypothetical"
        if aux & {"would", "could", "might", "may", "should"}:
            return "hypothetical"
        if aux & self.future_aux or ("going" in aux and "to" in aux):
            return "future"
        if gov is not None and gov.lemma_.lower() in self.hypo_gov and v.dep_ == "xcomp":
            return "hypothetical"  # "trying to broker a pact", "considering sanctions"
        if gov is not None and gov.lemma_.lower() in self.future_gov and v.dep_ == "xcomp":
            gaux = {c.lower_ for c in gov.children if c.dep_ in ("aux", "auxpass")}
            if gaux & self.hypo_aux - {"will", "shall"}:
                return "hypothetical"
            return "future"
        if gov is not None and gov.lemma_.lower() in ("may", "might", "could"):
            return "hypothetical"
        if tok.pos_ in ("NOUN", "PROPN"):
            if any(c.lower_ in self.future_nouns for c in tok.children if c.dep_ in ("amod", "compound")):
                return "future"
            for rc in tok.children:
                if rc.dep_ in ("relcl", "acl"):
                    rc_aux = {c.lower_ for c in rc.children if c.dep_ in ("aux", "auxpass")}
                    if rc.lemma_.lower() in self.setup and ("being" in rc_aux or rc_aux & self.future_aux):
                        return "future"
        # past perfect in a past-tense story: before the story's time
        if "had" in aux and v.tag_ == "VBN":
            return "historical"
        return None
