"""Triggers: which tokens of a sentence carry an event, by the lexicon's rules.

Also which triggers are the content of another's act ("threatened TO SHELL" is one THREATEN,
not also an ASSAULT) and the "X said Y must ..." demand.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace

from spacy.tokens import Token

from ..cameo import CameoMatch
from ..kb import default_kb
from ..lexicon import Lexicon, Phrase, Rule, load_lexicon, rule_from_dict
from .senses import VerbalAttack
from .syntax import complement, direct_objects, is_passive, prep_objects, subjects


@dataclass
class Candidate:
    rule: Rule
    token: Token
    phrase: Phrase | None
    actors: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    aux: str | None = None
    drop: bool = False
    extra_tokens: list[Token] = field(default_factory=list)
    paths: dict[str, str] = field(default_factory=dict)  # actor id -> how the role layer found it
    model_p: float | None = None  # the type model's probability of this type, when it ran
    alleged_by: Candidate | None = None  # the ACCUSE whose claim this act is
    inner_type: str | None = None  # the type of an act this one is about ("threatened to shell")
    mode: str | None = None  # a mode the context sets over the rule's
    backed: bool = False  # a CAMEO pattern whose object noun a rule codes as the same type


def _dated(prep: Token) -> bool:
    """A preposition whose object is a date or time ("on Monday", "in July")."""
    return prep.dep_ == "prep" and any(
        p.dep_ == "pobj" and p.ent_type_ in ("DATE", "TIME") for p in prep.children
    )


def _measure(tok: Token) -> bool:
    """A noun that gives an amount: a number, a unit with a number, a currency sign."""
    return (
        tok.like_num
        or tok.tag_ == "$"
        or tok.ent_type_ in ("QUANTITY", "MONEY", "CARDINAL")
        or any(c.dep_ == "nummod" for c in tok.children)
    )


def _measured(tok: Token) -> list[Token]:
    """The nouns an amount is of: "700 kg of medicine", "$5 billion in aid"."""
    found = []
    for x in [tok, *tok.children]:
        for p in x.children:
            if p.dep_ == "prep" and p.lower_ in ("of", "in", "worth"):
                found += [o for o in p.children if o.dep_ == "pobj"]
    return found


def _subject_heads(verb: Token, collective: set[str]) -> list[Token]:
    """The verb's subjects, and what a collective subject is made of ("a CONTINGENT of
    peacekeepers arrived": the peacekeepers)."""
    subs = subjects(verb)
    return subs + [p for s in subs if s.lemma_.lower() in collective for p in _measured(s)]


class Matcher:
    def __init__(self, lexicon: Lexicon, index):
        self.lex = lexicon
        self.index = index
        self.light = set(lexicon.cues["light_verbs"])
        self.place_nouns = set(lexicon.cues["place_nouns"])
        self.collective = set(lexicon.cues.get("collective_heads") or ())
        self.verbal = VerbalAttack(lexicon.cues)

    def kind(self, toks: list[Token]) -> set[str]:
        """Kinds of the actors these noun phrases name themselves (not their modifiers)."""
        kinds = set()
        for t in toks:
            m = self.index.at(t.i)
            if m is not None:
                own = {self.index.actor(a).kind for a in m.actor_ids}
                kinds.update(own)
                # the tagger reads some country names as people ("troops left Niger"): a name
                # the knowledge base knows as a country is a place as well
                if own == {"person"} and t.pos_ == "PROPN" and default_kb().country(t.text):
                    kinds.add("place")
            elif t.ent_type_ in ("GPE", "LOC", "FAC") or t.lemma_.lower() in self.place_nouns:
                kinds.add("place")
        return kinds

    def objects(self, tok: Token, p: Phrase) -> list[Token]:
        """The objects a rule's kind constraint looks at: the direct object, else the object of
        the phrase's own preposition ("travel TO Saudi Arabia")."""
        objs = direct_objects(tok)
        if not objs and len(p.words) > 1:
            objs = prep_objects(tok, set(p.extra))
        return objs

    def sectors(self, toks: list[Token]) -> set[str]:
        return {self.index.actor(a).sector for t in toks for a in self.index.resolve_all(t)}

    def _phrase_ok(self, tok: Token, p: Phrase, verb: bool) -> bool:
        if len(p.words) == 1:
            return True
        if verb:
            # a preposition heading a date is no part of the phrase: "called Lavrov ON FRIDAY"
            # is a phone call, not "call on"
            own = [c for c in tok.children if not _dated(c)]
            kids = {c.lower_ for c in own} | {c.lemma_.lower() for c in own}
            # "call for": the preposition may hang on the object in some parses
            for c in tok.children:
                if c.dep_ in ("dobj", "prt"):
                    kids |= {x.lower_ for x in c.children}
            return all(w in kids for w in p.extra)
        # nouns: the words stand next to the head in the text; a hyphen between them is no
        # word ("cyber-attacks" is "cyber", "-", "attacks" to the tokenizer)
        # tokens by position, not ``doc[a:b]``: a Span and its slice checks for a few words
        doc = tok.doc
        need_after = len(p.words) - p.head_pos - 1
        before = [
            t for t in map(doc.__getitem__, range(max(0, tok.i - 2 * p.head_pos), tok.i)) if t.text != "-"
        ]
        stop = min(len(doc), tok.i + 1 + 2 * need_after)
        after = [t for t in map(doc.__getitem__, range(tok.i + 1, stop)) if t.text != "-"]
        if len(before) < p.head_pos or len(after) < need_after:
            # one-token compounds: "airstrike" written as "air strike" in the rule
            return False
        span = before[len(before) - p.head_pos :] + [tok] + after[:need_after]
        return all(w in (t.lower_, t.lemma_.lower()) for w, t in zip(p.words, span, strict=True))

    def _obj_ok(self, rule: Rule, verb: Token) -> bool:
        objs = direct_objects(verb)
        if is_passive(verb):
            objs += [c for c in verb.children if c.dep_ == "nsubjpass"]
        if not objs:
            # "withdraw from the treaty", "impose sanctions" parsed as prep object
            objs = [p for c in verb.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"]
        # a measure names the amount, its "of"/"in" phrase the thing: "700 kg OF MEDICINE",
        # "$5 billion IN ASSISTANCE"
        objs = objs + [p for o in objs if _measure(o) for p in _measured(o)]
        # an apposition renames the object; it also mends "approved a zero-interest, $80-million
        # LOAN", parsed as "interest" with "loan" in apposition
        objs = objs + [a for o in objs for a in o.children if a.dep_ == "appos"]
        return any(_head_ok(o, rule.obj, rule.obj_phrases) for o in objs)

    def match(self, tok: Token) -> Candidate | None:
        c = self._match(tok)
        if c is not None and c.rule.type == "ASSAULT" and self.verbal.in_words(tok):
            # PLOVER ACCUSE: an attack made in words is a criticism
            rule = replace(c.rule, id=f"{c.rule.id}>verbal", type="ACCUSE", mode="disapprove", consumes=True)
            c = Candidate(rule, tok, c.phrase)
        return c

    def _match(self, tok: Token) -> Candidate | None:
        lemma = tok.lemma_.lower()
        if tok.pos_ in ("VERB", "AUX") or (
            tok.pos_ == "NOUN" and tok.dep_ == "ROOT" and tok.tag_.startswith("VB")
        ):
            for rule, p in self.lex.verbs.get(lemma, ()):
                if self._verb_ok(rule, p, tok):
                    return Candidate(rule, tok, p)
        if (tok.pos_ in ("NOUN", "PROPN") or tok.tag_ in ("NN", "NNS")) and not (
            tok.pos_ == "PROPN" and tok.ent_type_ in ("DATE", "TIME")  # "on March 24"
        ):
            for rule, p in self.lex.nouns.get(lemma, ()) or self.lex.nouns.get(tok.lower_, ()):
                if self._noun_ok(rule, p, tok):
                    return Candidate(rule, tok, p)
        if tok.pos_ == "ADJ":
            for rule in self.lex.adjs.get(lemma, ()):
                if any(c.dep_ == "xcomp" for c in tok.children):
                    return Candidate(rule, tok, None)
        return None

    def doers(self, tok: Token) -> list[Token]:
        """Who does the act of ``tok``: a verb's subject (its by-agent when passive), a noun's
        possessor or modifier, or the subject of the light verb that carries it."""
        if tok.pos_ in ("VERB", "AUX"):
            if is_passive(tok):
                return [p for c in tok.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
            return subjects(tok)
        own = [c for c in tok.children if c.dep_ in ("poss", "compound", "amod")]
        if own and self.sectors(own):
            return own
        head = tok.head
        if tok.dep_ in ("dobj", "attr") and head.lemma_.lower() in self.light:
            return subjects(head)
        return []

    def _sense_ok(self, rule: Rule, tok: Token) -> bool:
        if not (rule.agent_sector or rule.agent_sector_not):
            return True
        sectors = self.sectors(self.doers(tok))
        if rule.agent_sector and not sectors & rule.agent_sector:
            return False
        return not sectors & rule.agent_sector_not

    def _verb_ok(self, rule: Rule, p: Phrase, tok: Token) -> bool:
        if not self._phrase_ok(tok, p, verb=True):
            return False
        if not self._sense_ok(rule, tok):
            return False
        if rule.complement and not complement(tok):
            return False
        if rule.obj and not self._obj_ok(rule, tok):
            return False
        if rule.obj_not and any(o.lemma_.lower() in rule.obj_not for o in direct_objects(tok)):
            return False
        if rule.deps_not and any(c.dep_ in rule.deps_not for c in tok.children):
            return False
        if rule.obj_actor is not None and not is_passive(tok):
            objs = direct_objects(tok)
            # the object or its own modifiers name an actor: "the remaining Islamic State fighters"
            named = [x for o in objs for x in (o, *o.lefts)]
            if (
                any(o.pos_ != "PRON" and o.lemma_.lower() not in rule.obj_actor for o in objs)
                and not self.kind(named)
                and not self.sectors(named)
            ):
                return False
        if rule.obj_to_kind:
            tos = prep_objects(tok, {"to"}) if direct_objects(tok) or is_passive(tok) else []
            kinds = self.kind(tos)
            # (a UN body has a GOV sector too: sectors count for national bodies only)
            sectors = self.sectors(tos) if "igo" not in kinds else set()
            if not (kinds | sectors) & rule.obj_to_kind:
                return False
        if rule.obj_kind or rule.obj_kind_not:
            kinds = self.kind(self.objects(tok, p))
            if rule.obj_kind and not kinds & rule.obj_kind:
                return False
            if kinds & rule.obj_kind_not:
                return False
        if rule.subj and (
            is_passive(tok)
            or not any(
                _head_ok(s, rule.subj, rule.subj_phrases) for s in _subject_heads(tok, self.collective)
            )
        ):
            return False
        if rule.subj_kind or rule.subj_kind_not or rule.subj_sector:
            subs = subjects(tok)
            kinds = self.kind(subs)
            if rule.subj_kind and not kinds & rule.subj_kind:
                return False
            if kinds & rule.subj_kind_not:
                return False
            if rule.subj_sector and not self.sectors(subs) & rule.subj_sector:
                return False
        return True

    def _noun_ok(self, rule: Rule, p: Phrase, tok: Token) -> bool:
        if not self._phrase_ok(tok, p, verb=False):
            return False
        if not self._sense_ok(rule, tok):
            return False
        if rule.not_after and tok.head.dep_ == "prep" and tok.head.lower_ in rule.not_after:
            return False  # "in protest against": a purpose, not a protest
        lemma = tok.lemma_.lower()
        if lemma in rule.plural_only and tok.tag_ != "NNS":
            return False
        mods = {c.lower_ for c in tok.children if c.dep_ in ("compound", "amod", "nmod", "npadvmod", "poss")}
        if len(p.words) == 1:
            if mods & rule.not_mod:
                return False
            req = rule.mod_required_for.get(lemma)
            if req is not None:
                ents = {c.ent_type_ for c in tok.children if c.dep_ in ("compound", "amod", "poss")}
                if not (mods & req or ents & {"NORP", "GPE"}):
                    return False
        if rule.needs_complement_or_prep:
            # not a date's preposition: "a strike ON MONDAY" is no strike on a target
            kids = {
                c.lower_ for c in tok.children if c.dep_ in ("prep", "acl", "mark", "aux") and not _dated(c)
            }
            # "a call to end the war": the infinitive's "to"
            kids |= {
                x.lower_
                for c in tok.children
                if c.dep_ == "acl"
                for x in c.children
                if x.dep_ in ("aux", "mark")
            }
            if not kids & rule.needs_complement_or_prep:
                return False
        if rule.needs_verb:
            head = tok.head
            if tok.dep_ == "pobj" and head.head is not head:
                head = head.head
            if head.lemma_.lower() not in rule.needs_verb or head is tok:
                return False
        return True


def _head_ok(t: Token, heads: frozenset[str], phrases: tuple[tuple[str, ...], ...]) -> bool:
    """Whether ``t`` is one of ``heads``; a head that only a phrase lists needs the phrase's
    modifiers among its children ("mortar ROUNDS", not "a second round")."""
    lemma = t.lemma_.lower()
    if lemma not in heads and t.lower_ not in heads:
        return False
    own = [ph for ph in phrases if ph[-1] in (lemma, t.lower_)]
    if not own or any(len(ph) == 1 for ph in own):
        return True
    mods = {c.lower_ for c in t.children} | {c.lemma_.lower() for c in t.children}
    # the tokenizer splits a hyphenated modifier ("cease-fire agreement" -> cease - fire
    # agreement, only "fire" a child of the head): the hyphenated word is the modifier
    for c in t.children:
        if c.dep_ == "compound" and c.i > 0 and t.doc[c.i - 1].text == "-":
            mods.add(t.doc[c.left_edge.i : c.i + 1].text.lower().replace(" ", ""))
    return any(set(ph[:-1]) <= mods for ph in own)


PUNITIVE = {"COERCE", "SANCTION", "ACCUSE"}


def consumed_tokens(c: Candidate) -> set[int]:
    """Tokens whose triggers are the content of ``c``'s act, not events of their own."""
    tok = c.token
    out: set[int] = set()
    if c.rule.type == "PROTEST":
        # "staged rallies ..., demanding that he resign", "began a hunger strike to protest
        # against ...": the purpose of a protest is what it demands, not another event
        holders = [tok, tok.head] if tok.dep_ in ("dobj", "nsubj", "pobj") else [tok]
        for h in holders:
            for x in h.children:
                if x.dep_ in ("advcl", "xcomp") and x.i != tok.i:
                    out.update(t.i for t in x.subtree)
        return out
    if not c.rule.consumes:
        # "arrested for collaborating with Israel": the alleged act is the charge, not an event
        if c.rule.type in PUNITIVE:
            for x in tok.children:
                if x.dep_ == "prep" and x.lower_ in ("for", "over"):
                    out.update(t.i for t in x.subtree)
        return out
    parts = [x for x in tok.children if x.dep_ in ("xcomp", "ccomp", "dobj", "prep", "acl", "relcl", "attr")]
    # a purpose clause: "offered its troops to help him" is part of the offer
    parts += [x for x in tok.children if x.dep_ == "advcl" and any(a.lower_ == "to" for a in x.children)]
    if tok.pos_ == "ADJ":
        parts = [x for x in tok.children if x.dep_ == "xcomp"]
    for p in parts:
        out.update(t.i for t in p.subtree)
    return out


_FORCE = {"ASSAULT", "COERCE"}


@functools.cache
def _force_light_verbs() -> frozenset[str]:
    """Verbs that carry out the force their object names (event_cues ``force_light_verbs``):
    "impose martial law", not "stop the fighting"."""
    return frozenset(load_lexicon().cues.get("force_light_verbs") or ())


def force_vowed(c: Candidate, inner: list[Candidate]) -> Candidate | None:
    """The use of force an AGREE's complement promises ("vowed TO CRUSH the rebels", "ready to
    ATTACK"): its own verb, the head of the complement, not an act further down ("agreed to
    stop the fighting")."""
    if c.rule.type != "AGREE":
        return None
    comps = {x.i for x in c.token.children if x.dep_ == "xcomp"}
    # or the event noun that verb takes: "prepared to impose MARTIAL LAW", "vowed to launch
    # AIRSTRIKES" (the noun codes the force, the verb is only its light verb)
    return next(
        (
            o
            for o in inner
            if o.rule.type in _FORCE
            and (
                o.token.i in comps
                or (
                    o.token.dep_ == "dobj"
                    and o.token.head.i in comps
                    and o.token.head.lemma_.lower() in _force_light_verbs()
                )
            )
        ),
        None,
    )


def say_must(tok: Token, reporting: set[str], must: set[str]) -> Candidate | None:
    """ "Russia said Sudan must return the helicopter": a demand on Sudan."""
    if tok.lemma_.lower() not in reporting:
        return None
    for comp in tok.children:
        if comp.dep_ != "ccomp":
            continue
        aux = {c.lower_ for c in comp.children if c.dep_ == "aux"}
        xhead = {c.lower_ for c in comp.children if c.dep_ == "xcomp"}
        if aux & must or (comp.lemma_.lower() in ("have", "need") and comp.tag_ != "VBN" and xhead):
            subs = [s for s in comp.children if s.dep_ in ("nsubj", "nsubjpass")]
            return subs and (comp, subs)
    return None


def dictionary_codes(matcher: Matcher, cand: Candidate | None, m: CameoMatch | None) -> bool:
    """Whether the CAMEO reading ``m`` codes a token: Parley's own rules win (``cand``); a
    pattern needs words beyond the bare verb, and a light verb whose noun a rule codes ("held
    a phone call") is that rule's event. The event stage and the type model's training agree
    on this through this one function."""
    return (
        cand is None
        and m is not None
        and bool(m.type)
        and m.specificity > 0
        and (m.noun is None or matcher.match(m.noun) is None)
    )


class TypeRules:
    """Rules for triggers that no lexicon rule matched (a CAMEO dictionary pattern, the type
    model): one rule a type, with the argument slots ``model.slots`` of the cues gives it."""

    def __init__(self, cues: dict):
        self._slots = (cues.get("model") or {}).get("slots") or {}
        self._rules: dict[str, Rule] = {}

    def rule_for(self, event_type: str) -> Rule:
        r = self._rules.get(event_type)
        if r is None:
            d = {"rule": f"model.{event_type.lower()}", "type": event_type, "confidence": 0.6}
            d.update(self._slots.get(event_type) or {})
            r = self._rules[event_type] = rule_from_dict(d, "event_cues.yaml model.slots")
        return r

    def from_cameo(self, tok: Token, m: CameoMatch, lex: Lexicon) -> Candidate:
        """A candidate for a CAMEO reading: the type's slots, the pattern's id and mode. It is
        ``backed`` when the pattern's object is an event noun of the same type in Parley's own
        lexicon ("reiterated its DEMAND"), evidence beyond the dictionary's."""
        base = self.rule_for(m.type)
        rule = replace(
            base, id=m.rule, mode=m.mode or base.mode, confidence=0.5 + 0.05 * min(m.specificity, 4)
        )
        c = Candidate(rule, tok, None)
        c.backed = any(
            r.type == m.type
            for o in tok.children
            if o.dep_ in ("dobj", "nsubjpass")
            for r, _ in lex.nouns.get(o.lemma_.lower(), ())
        )
        return c
