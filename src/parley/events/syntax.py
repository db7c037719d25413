"""Small syntax helpers over spaCy's dependency parse, shared by the event stages."""

from __future__ import annotations

from spacy.tokens import Token

SUBJ = ("nsubj", "nsubjpass", "csubj")
WH = {"who", "that", "which", "whom", "whose", "where", "what"}


def lower_children(tok: Token) -> set[str]:
    return {c.lower_ for c in tok.children}


def with_conj(tok: Token) -> list[Token]:
    """``tok`` and the tokens coordinated with it ("Russia and China")."""
    out = [tok]
    stack = [c for c in tok.children if c.dep_ == "conj"]
    while stack:
        c = stack.pop(0)
        out.append(c)
        stack.extend(x for x in c.children if x.dep_ == "conj")
    return out


def verb_root(tok: Token) -> Token:
    """The verb a conjoined verb shares its subject with ("X attacked and killed ...")."""
    while tok.dep_ == "conj" and tok.head.pos_ in ("VERB", "AUX") and tok.head is not tok:
        if any(c.dep_ in SUBJ for c in tok.children):
            break
        tok = tok.head
    return tok


def subjects(verb: Token) -> list[Token]:
    v = verb_root(verb)
    subs = [c for c in v.children if c.dep_ in ("nsubj", "csubj")]
    if subs:
        # two subjects is a misparse (a dateline taken for one): the nearer is the real one
        s = min(subs, key=lambda c: abs(c.i - v.i))
        if s.lower_ in WH and v.dep_ == "relcl":
            return with_conj(v.head)
        return with_conj(s)
    if v.dep_ == "relcl":
        return with_conj(v.head)
    if v.dep_ in ("xcomp", "advcl", "conj", "pcomp") and v.head is not v:
        # controlled subject: "agreed to withdraw", "..., killing two soldiers"
        head = v.head
        if head.dep_ == "prep" and head.head is not head:
            head = head.head
        if head.pos_ in ("VERB", "AUX"):
            return subjects(head)
        if head.pos_ == "ADJ" and head.dep_ == "acomp":
            return subjects(head.head)
    if v.dep_ == "acl" and v.tag_ == "VBG":
        return with_conj(v.head)
    return []


def is_passive(verb: Token) -> bool:
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return True
    # a bare participle: "civilians killed by troops", "... is dead, killed in an airstrike"
    return (
        verb.tag_ == "VBN"
        and verb.dep_ in ("acl", "advcl")
        and not any(c.dep_ in ("aux", "nsubj", "dobj") for c in verb.children)
    )


def agents(verb: Token) -> list[Token]:
    for c in verb.children:
        if c.dep_ == "agent":
            return [t for p in c.children if p.dep_ == "pobj" for t in with_conj(p)]
    return []


def direct_objects(verb: Token) -> list[Token]:
    for c in verb.children:
        if c.dep_ in ("dobj", "attr", "oprd"):
            return with_conj(c)
    return []


def prep_objects(tok: Token, preps: set[str]) -> list[Token]:
    out = []
    for c in tok.children:
        if c.dep_ in ("prep", "dative", "agent", "prt", "advmod") and c.lower_ in preps:
            for p in c.children:
                if p.dep_ in ("pobj", "pcomp"):
                    out.extend(with_conj(p))
            # "in front of X": walk one more preposition down
            if not out:
                for p in c.children:
                    if p.dep_ == "prep":
                        out.extend(x for x in p.children if x.dep_ == "pobj")
        elif c.dep_ == "dative" and "iobj" in preps:
            out.extend(with_conj(c))
    return out


def complement(tok: Token) -> list[Token]:
    return [c for c in tok.children if c.dep_ in ("xcomp", "ccomp")]
