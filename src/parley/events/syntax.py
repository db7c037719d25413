"""Small syntax helpers over spaCy's dependency parse, shared by the event stages."""

from __future__ import annotations

import functools

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


def clausal(tok: Token) -> bool:
    """A verb, or a present "-s" form the tagger took for a noun but the parser gave a subject
    ("the government rejects and condemns ...")."""
    return tok.pos_ in ("VERB", "AUX") or (
        tok.tag_ == "NNS" and any(c.dep_ == "nsubj" for c in tok.children) and tok.dep_ in ("ROOT", "ccomp")
    )


def verb_root(tok: Token) -> Token:
    """The verb a conjoined verb shares its subject with ("X attacked and killed ...")."""
    while tok.dep_ == "conj" and clausal(tok.head) and tok.head is not tok:
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
            # object control: "accused Eritrea OF shelling", "blamed the rebels FOR attacking":
            # the one accused or blamed is the doer, not the accuser
            gov = head.head
            if v.dep_ == "pcomp" and head.lower_ in ("of", "for") and gov.pos_ in ("VERB", "AUX"):
                objs = [c for c in gov.children if c.dep_ in ("dobj", "nsubjpass")]
                if objs:
                    return with_conj(objs[0])
            head = gov
        while head.pos_ in ("ADV", "ADJ") and head.dep_ in ("advmod", "acomp") and head.head is not head:
            head = head.head  # "stopped short of endorsing"
        if head.pos_ in ("VERB", "AUX"):
            return subjects(head)
        if head.pos_ == "ADJ" and head.dep_ == "acomp":
            return subjects(head.head)
    if v.dep_ == "acl" and v.tag_ == "VBG":
        if v.head.lemma_.lower() in document_nouns():
            return issuers(v.head) or with_conj(v.head)
        return with_conj(v.head)
    return []


@functools.cache
def document_nouns() -> frozenset[str]:
    """Nouns of documents that speak for their issuer (event_cues.yaml ``document_nouns``)."""
    from ..lexicon import load_lexicon  # the lexicon module imports nothing of the events stage

    return frozenset(load_lexicon().cues.get("document_nouns") or ())


def issuers(document: Token) -> list[Token]:
    """Who issued a document: its possessor ("the party's statement DEMANDING ...") or the
    subject of the verb that has it as object ("the party issued a statement DEMANDING ...")."""
    own = [c for c in document.children if c.dep_ == "poss"]
    if own:
        return with_conj(own[0])
    head = document.head
    if document.dep_ == "dobj" and head.pos_ in ("VERB", "AUX") and not is_passive(head):
        return subjects(head)
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
            if not out and not any(True for _ in c.children):
                out.extend(stranded_object(c))
        elif c.dep_ == "dative" and "iobj" in preps:
            out.extend(with_conj(c))
    return out


def stranded_object(prep: Token) -> list[Token]:
    """A preposition the parser left without its object, the noun phrase after it taken for
    the subject of the next clause ("granted asylum TO six officers hiding in ..."):
    the head of the noun phrase that starts right after it."""
    doc = prep.doc
    if prep.i + 1 >= len(doc):
        return []
    x = doc[prep.i + 1]
    while x.head.i > x.i and x.head.pos_ in ("NOUN", "PROPN", "NUM") and x.head.left_edge.i == prep.i + 1:
        x = x.head
    if x.pos_ in ("NOUN", "PROPN") and x.left_edge.i == prep.i + 1 and x.dep_ in ("nsubj", "nsubjpass"):
        return [x]
    return []


def complement(tok: Token) -> list[Token]:
    return [c for c in tok.children if c.dep_ in ("xcomp", "ccomp")]


# Dependencies the sweep for a partner does not follow: the agent's side, function words,
# and clauses with parties of their own.
SWEEP_SKIP = {
    "nsubj", "nsubjpass", "csubj", "csubjpass", "agent", "expl", "punct", "cc", "aux", "auxpass", "neg",
    "mark", "det", "relcl", "parataxis", "npadvmod", "advmod", "predet", "nummod", "quantmod", "case",
    "dep", "meta", "intj",
}  # fmt: skip


LOCATIVE = {"in", "at", "near", "inside", "outside", "across", "throughout", "around"}


def locative(t: Token) -> bool:
    """ "in Darfur", "at Kisumu": the object of a place preposition."""
    while t.dep_ in ("appos", "conj", "poss") and t.head is not t:
        t = t.head  # "in Krakow, Poland", "in the country's capital"
    return t.dep_ == "pobj" and t.head.lower_ in LOCATIVE


def is_purpose(v: Token) -> bool:
    """ "(sent inspectors) to investigate": an infinitive with no subject of its own."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children) and not any(
        c.dep_ in SUBJ for c in v.children
    )


def is_condition(v: Token) -> bool:
    """ "(will stay out) until their demands are met by X": the condition names the
    other side."""
    return any(c.dep_ == "mark" and c.lower_ in ("until", "unless", "till", "before") for c in v.children)


ADJUNCT_PREPS = {"despite", "after", "before", "since", "during", "until", "like"}


def earlier_act(prep: Token) -> bool:
    """ "(called off the strike) after reaching a deal WITH the ministry": the agent's own act
    before or after names the other side."""
    return prep.lower_ in ("after", "before") and any(
        x.dep_ == "pcomp" and x.tag_ == "VBG" for x in prep.children
    )


def sweep_children(tok: Token, from_host: bool, top: bool = False) -> list[Token]:
    """The children a partner search follows from ``tok``. From the governing verb of a
    purpose clause (``from_host``), only its object and prepositions: "sent inspectors TO Togo". The
    trigger's own subject is the agent's side (``top``); a subject further down is not
    ("its demand that Canada drop the tariffs")."""
    out = []
    for c in tok.children:
        if c.dep_ in SWEEP_SKIP and not (not top and c.dep_ in ("nsubj", "nsubjpass")):
            continue
        if from_host and c.dep_ not in ("prep", "dobj"):
            continue
        if top and c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"):
            continue  # a coordinated verb is an act of its own: "criticized the vote and threatened ..."
        if c.dep_ == "advcl" and not is_purpose(c) and not is_condition(c):
            continue  # "..., saying Ottawa must act": a clause of its own
        if c.dep_ == "prep" and c.lower_ in ADJUNCT_PREPS and not earlier_act(c):
            continue  # a time or a concession, not a party: "after weeks of unrest"
        out.append(c)
    return out


def implausible_parse(tok: Token) -> bool:
    """A parse that cannot be right for a trigger: a finite verb with a direct object taken
    for a reduced relative ("police arrested 40 traders" read as "police
    (who were) arrested"), or a subject that is a date or a place."""
    if tok.pos_ != "VERB":
        return False
    if (
        tok.dep_ in ("acl", "relcl")
        and tok.tag_ in ("VBD", "VBN")
        and any(c.dep_ == "dobj" for c in tok.children)
    ):
        return not any(c.dep_ in SUBJ for c in tok.children)
    subs = [c for c in tok.children if c.dep_ in SUBJ]
    if not subs and tok.dep_ in ("ROOT", "ccomp") and tok.tag_ == "VBD":
        # a past-tense main verb with no subject: the subject was taken into a phrase before it
        # (a present "-s" form is as often a noun the tagger took for a verb: "charges")
        # ("On a visit to Accra, President X voiced ..." read with X coordinated with Accra)
        return not any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("to",) for c in tok.children)
    return any(s.ent_type_ in ("DATE", "TIME") for s in subs)


def clause_window(tok: Token, reporting: set[str]) -> tuple[int, int]:
    """Token bounds of ``tok``'s clause by word order: from the sentence start or the last
    clause break (a semicolon, a subordinating word, a reporting verb) before it, to the next
    break after it."""
    sent = tok.sent
    left = sent.start
    for t in reversed(sent[: tok.i - sent.start]):
        if (
            t.lower_ in (";", "as", "while", "when", "after", "because", "but", "although")
            or t.tag_ == "WDT"
            or (t.pos_ == "VERB" and t.lemma_.lower() in reporting)
        ):
            left = t.i + 1
            break
    right = sent.end
    for t in sent[tok.i - sent.start + 1 :]:
        if t.lower_ in (";", "as", "while", "when", "after", "because", "but", "although") or (
            t.lower_ == "," and t.i + 1 < sent.end and t.nbor().lemma_ in ("say", "tell", "report")
        ):
            right = t.i
            break
    return left, right
