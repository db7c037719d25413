"""Acts a document does: "filed a lawsuit that ACCUSES the commission of ...", "a complaint that
alleged the journalists broke ...". The document is no actor; its author is the agent and what
the document says names the partner."""

from __future__ import annotations

from spacy.tokens import Token

from .syntax import SUBJ, WH, direct_objects, issuers


class Documents:
    """Mixed into ``roles.Arguments``: needs ``index``, ``ids``, the verb cues (``authoring``,
    ``reporting``, ``claims``, ``credit``) and ``complement_partner``."""

    def document_author(self, verb: Token) -> list[str]:
        """The author of the document a relative clause's verb has for subject: "the party filed
        a lawsuit that accuses ...", "Amnesty published a report that accused ...". Only a
        document put out by an authoring verb: "welcomed a plan that calls for ..." is not the
        welcomer's plan."""
        if verb.dep_ != "relcl":
            return []
        subs = [c for c in verb.children if c.dep_ in SUBJ]
        if subs and not all(s.lower_ in WH for s in subs):
            return []
        doc_noun = verb.head
        if doc_noun.pos_ != "NOUN" or self.index.at(doc_noun.i) is not None:
            return []
        # "the union's complaint that accused ...": its owner; else who put it out
        owned = any(c.dep_ == "poss" for c in doc_noun.children)
        if not owned and doc_noun.head.lemma_.lower() not in self.authoring:
            return []
        return self.ids(issuers(doc_noun))

    def content_partner(self, noun: Token, actors: list[str]) -> list[str]:
        """ "a complaint that alleged the journalists broke the law": a relative clause on an act
        noun whose verb tells what the act says holds the act's partner."""
        for rc in noun.children:
            if rc.dep_ != "relcl" or rc.lemma_.lower() not in self.reporting | self.claims | self.credit:
                continue
            subs = [c for c in rc.children if c.dep_ in SUBJ]
            if not subs or not all(s.lower_ in WH for s in subs):
                continue
            found = self.complement_partner(rc, actors) or [
                a for a in self.ids(direct_objects(rc)) if a not in actors
            ]
            if found:
                return found
        return []
