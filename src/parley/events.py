"""Events: PLOVER events from trigger rules over the dependency parse.

For each sentence: find trigger tokens (``lexicon.py`` rules), drop triggers that are the
content of a verbal act ("threatened TO SHELL" is one THREATEN, not also an ASSAULT),
find actor and recipient through syntax (subjects, objects, passives, prepositional
partners, light verbs, nominal events), set the auxiliary mode from the verb group,
then resolve the date (``dates.py``) and place (``places.py``) of each event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span, Token

from . import dates as dates_stage
from . import places as places_stage
from .lexicon import Lexicon, Phrase, Rule, load_lexicon
from .model import Event, TextSpan
from .nlp import doc_text

SUBJ = ("nsubj", "nsubjpass", "csubj")
WH = {"who", "that", "which", "whom", "whose", "where", "what"}
CONFLICT = {"ASSAULT", "COERCE", "SANCTION", "PROTEST"}
COOPERATIVE = {"SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"}
THREAT_MODE = {"ASSAULT": "violence", "COERCE": "restrict", "SANCTION": "relations", "PROTEST": "restrict"}


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
    inner_type: str | None = None
    mode: str | None = (
        None  # a mode the context sets over the rule's  # the type of an act this one is about ("threatened to shell")
    )


# ---------------------------------------------------------------- small syntax helpers


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


# ---------------------------------------------------------------- trigger matching


class Matcher:
    def __init__(self, lexicon: Lexicon, index):
        self.lex = lexicon
        self.index = index
        self.light = set(lexicon.cues["light_verbs"])
        self.place_nouns = set(lexicon.cues["place_nouns"])

    def kind(self, toks: list[Token]) -> set[str]:
        """Kinds of the actors these noun phrases name themselves (not their modifiers)."""
        kinds = set()
        for t in toks:
            m = self.index.at(t.i)
            if m is not None:
                kinds.update(self.index.actor(a).kind for a in m.actor_ids)
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
            kids = {c.lower_ for c in tok.children} | {c.lemma_.lower() for c in tok.children}
            # "call for": the preposition may hang on the object in some parses
            for c in tok.children:
                if c.dep_ in ("dobj", "prt"):
                    kids |= {x.lower_ for x in c.children}
            return all(w in kids for w in p.extra)
        # nouns: the words stand next to the head in the text
        doc = tok.doc
        start = tok.i - p.head_pos
        end = start + len(p.words)
        if start < 0 or end > len(doc):
            # one-token compounds: "airstrike" written as "air strike" in the rule
            return False
        return all(w in (t.lower_, t.lemma_.lower()) for w, t in zip(p.words, doc[start:end], strict=True))

    def _obj_ok(self, rule: Rule, verb: Token) -> bool:
        objs = direct_objects(verb)
        if is_passive(verb):
            objs += [c for c in verb.children if c.dep_ == "nsubjpass"]
        if not objs:
            # "withdraw from the treaty", "impose sanctions" parsed as prep object
            objs = [p for c in verb.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"]
        for o in objs:
            if o.lemma_.lower() in rule.obj or o.lower_ in rule.obj:
                if not rule.obj_phrases:
                    return True
                mods = {c.lower_ for c in o.children} | {o.lemma_.lower()}
                if any(o.lemma_.lower() == ph[-1] and set(ph[:-1]) <= mods for ph in rule.obj_phrases):
                    return True
                if o.lemma_.lower() in {
                    w for w in rule.obj if not any(w == ph[-1] for ph in rule.obj_phrases)
                }:
                    return True
        return False

    def match(self, tok: Token) -> Candidate | None:
        lemma = tok.lemma_.lower()
        if tok.pos_ in ("VERB", "AUX") or (
            tok.pos_ == "NOUN" and tok.dep_ == "ROOT" and tok.tag_.startswith("VB")
        ):
            for rule, p in self.lex.verbs.get(lemma, ()):
                if self._verb_ok(rule, p, tok):
                    return Candidate(rule, tok, p)
        if tok.pos_ in ("NOUN", "PROPN") or tok.tag_ in ("NN", "NNS"):
            for rule, p in self.lex.nouns.get(lemma, ()) or self.lex.nouns.get(tok.lower_, ()):
                if self._noun_ok(rule, p, tok):
                    return Candidate(rule, tok, p)
        if tok.pos_ == "ADJ":
            for rule in self.lex.adjs.get(lemma, ()):
                if any(c.dep_ == "xcomp" for c in tok.children):
                    return Candidate(rule, tok, None)
        return None

    def _verb_ok(self, rule: Rule, p: Phrase, tok: Token) -> bool:
        if not self._phrase_ok(tok, p, verb=True):
            return False
        if rule.complement and not complement(tok):
            return False
        if rule.obj and not self._obj_ok(rule, tok):
            return False
        if rule.obj_kind or rule.obj_kind_not:
            kinds = self.kind(self.objects(tok, p))
            if rule.obj_kind and not kinds & rule.obj_kind:
                return False
            if kinds & rule.obj_kind_not:
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
            kids = {c.lower_ for c in tok.children if c.dep_ in ("prep", "acl", "mark", "aux")}
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


# ---------------------------------------------------------------- arguments


class Arguments:
    def __init__(self, index, lexicon: Lexicon):
        self.index = index
        self.cues = lexicon.cues
        self.light = set(lexicon.cues["light_verbs"])
        self.credit = set(lexicon.cues["credit_verbs"])
        self.motion = set(lexicon.cues["motion_verbs"])

    def ids(self, toks: list[Token]) -> list[str]:
        out: list[str] = []
        for t in toks:
            for aid in self.index.resolve_all(t):
                if aid not in out:
                    out.append(aid)
        return out

    def slot(self, tok: Token, name: str, verb: bool) -> list[Token]:
        if name == "obj":
            if not verb:
                return []
            if is_passive(tok):
                return [c for c in tok.children if c.dep_ == "nsubjpass"] or (
                    with_conj(tok.head) if tok.dep_ == "acl" else []
                )
            return direct_objects(tok)
        if name == "iobj":
            return [c for c in tok.children if c.dep_ == "dative" and c.pos_ in ("NOUN", "PROPN", "PRON")]
        return prep_objects(tok, {name})

    def fill(self, c: Candidate) -> None:
        tok, rule = c.token, c.rule
        verb = tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")
        if tok.pos_ == "ADJ":  # "X is willing to ..."
            c.actors = self.ids(subjects(tok.head))
            return
        if rule.say_must:
            return  # filled where it is matched
        if verb:
            if is_passive(tok):
                c.actors = self.ids(agents(tok))
            else:
                c.actors = self.ids(subjects(tok))
        else:
            c.actors = self.noun_actors(tok, rule.symmetric)
        rec: list[str] = []
        for s in rule.recipient:
            rec += [a for a in self.ids(self.slot(tok, s, verb)) if a not in rec]
        preps = {s for s in rule.recipient if s not in ("obj", "iobj")}
        if not rec and preps:
            # "granted asylum TO X", "imposed sanctions ON X", "a suspension of air links WITH X":
            # the partner's preposition often hangs on the object rather than the trigger
            holders = direct_objects(tok) if verb else prep_objects(tok, {"of"})
            for h in holders:
                rec += [a for a in self.ids(prep_objects(h, preps)) if a not in rec and a not in c.actors]
        if not rec and rule.consumes and (verb or tok.pos_ == "ADJ"):
            rec = self.complement_partner(tok, c.actors)
        if not rec and not verb and tok.dep_ == "pobj" and tok.head.head.lemma_.lower() in self.motion:
            rec = [a for a in self.ids(prep_objects(tok.head.head, {"in", "to", "at"})) if a not in c.actors]
        if not rec and not verb:
            head = tok.head
            # "the airstrike killed 20 soldiers": the noun is the subject of a verb
            if tok.dep_ in ("nsubj",) and head.pos_ == "VERB":
                rec = self.ids(direct_objects(head))
            # "staged rallies ... against the leader": the partner hangs on the light verb
            elif tok.dep_ in ("dobj", "nsubjpass") and head.lemma_.lower() in self.light:
                for s in rule.recipient:
                    if s not in ("obj", "iobj"):
                        rec += [a for a in self.ids(prep_objects(head, {s})) if a not in rec]
        c.recipients = [r for r in rec if r not in c.actors]
        if rule.symmetric:
            c.actors = c.actors + [r for r in c.recipients if r not in c.actors]
            c.recipients = []

    def complement_partner(self, tok: Token, actors: list[str]) -> list[str]:
        """ "threatened to shell Iraqi towns", "refused to allow UN planes to land", "demanded that
        its EC partners refuse ...": the partner of a verbal act is in what it is about."""
        for comp in complement(tok):
            subs = [s for s in comp.children if s.dep_ in SUBJ] if comp.dep_ == "ccomp" else []
            for group in (subs, direct_objects(comp)):
                ids = [a for a in self.ids(group) if a not in actors]
                if ids:
                    return ids
            # nearest actor anywhere in the complement, outside place phrases
            for t in comp.subtree:
                if t.dep_ == "pobj" and t.head.lower_ in ("in", "at", "near", "inside", "outside"):
                    continue
                m = self.index.at(t.i)
                if m is not None and t.i == m.head:
                    ids = [a for a in m.actor_ids if a not in actors]
                    if ids:
                        return ids
        return []

    def noun_actors(self, tok: Token, symmetric: bool = False) -> list[str]:
        """Who did a nominal event: "Israel's attack", "Russian airstrikes", "attack by X", light verbs."""
        own = [c for c in tok.children if c.dep_ in ("poss", "compound", "amod", "nmod")]
        ids = self.ids(own)
        ids += [a for a in self.ids(prep_objects(tok, {"by", "from"})) if a not in ids]
        if ids:
            return ids
        head = tok.head
        if tok.dep_ in ("dobj", "attr", "nsubjpass") and head.lemma_.lower() in self.light:
            return self.ids(agents(head)) if is_passive(head) else self.ids(subjects(head))
        if (
            tok.dep_ == "pobj"
            and head.dep_ == "prep"
            and head.lower_ in ("for", "over", "on")
            and head.head is not head
        ):
            gov = head.head
            if gov.lemma_.lower() in self.credit:
                return self.ids(direct_objects(gov))
            if gov.lemma_.lower() in self.motion:
                # "arrived in Warsaw for a two-day visit"
                return self.ids(subjects(gov))
            if gov.lemma_.lower() in self.light or gov.pos_ == "VERB":
                # "called for talks" is a REQUEST; its nested noun is consumed anyway
                return []
        if tok.dep_ == "conj" and head.pos_ in ("NOUN", "PROPN"):
            return self.noun_actors(head, symmetric)
        if tok.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
            # "lost their lives in Tuesday's hijacking by armed militants": the "by" phrase
            # that names the agent often hangs on the verb, not on the event noun
            ids = self.ids(prep_objects(head.head, {"by"}))
            if ids:
                return ids
        # "the meeting ... in Munich, where Vance and Rubio will lead the delegation": only a
        # meeting's relative clause names its parties
        if not symmetric:
            return []
        for rc in tok.subtree:
            if rc.dep_ in ("relcl", "acl") and rc.i > tok.i:
                subs = [s for s in rc.children if s.dep_ == "nsubj" and s.lower_ not in WH]
                if subs:
                    return self.ids(with_conj(subs[0]))
        return []


# ---------------------------------------------------------------- auxiliary mode


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


# ---------------------------------------------------------------- the stage


PUNITIVE = {"COERCE", "SANCTION", "ACCUSE"}


def _consumed_tokens(c: Candidate) -> set[int]:
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


def _say_must(tok: Token, reporting: set[str], must: set[str]) -> Candidate | None:
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


def find_events(
    doc: Doc, index, published: date | None = None, lexicon: Lexicon | None = None
) -> list[Event]:
    lex = lexicon or load_lexicon()
    matcher = Matcher(lex, index)
    args = Arguments(index, lex)
    auxes = AuxModes(lex)
    reporting = set(lex.cues["reporting"])
    must = {m for m in lex.cues["must_modals"] if " " not in m}
    gaz = places_stage.Gazetteer.load()
    events: list[Event] = []

    for sent in doc.sents:
        cands: list[Candidate] = []
        for tok in sent:
            if tok.is_punct or tok.is_space:
                continue
            m = index.at(tok.i)
            if m is not None and m.kind == "name":
                continue  # a word of a name: "Asia-Pacific Economic Cooperation", "Peace Council"
            c = matcher.match(tok)
            if c is not None:
                cands.append(c)
                continue
            if lex.say_must:
                found = _say_must(tok, reporting, must)
                if found:
                    comp, subs = found
                    c = Candidate(lex.say_must[0], tok, None)
                    c.actors = args.ids(subjects(tok))
                    c.recipients = [a for a in args.ids(with_conj(subs[0])) if a not in c.actors]
                    c.extra_tokens = [comp]
                    if c.actors and c.recipients:
                        cands.append(c)
        if not cands:
            continue
        # verbal acts swallow the events they talk about
        consumed: set[int] = set()
        for c in cands:
            mine = _consumed_tokens(c)
            for comp in c.extra_tokens:
                mine.update(t.i for t in comp.subtree)
            inner = [o for o in cands if o.token.i in mine and o is not c]
            if c.rule.type == "THREATEN" and inner:
                c.inner_type = inner[0].rule.type
            consumed |= mine
        kept = [c for c in cands if c.token.i not in consumed]
        # a noun trigger that is the object of a verb trigger of the same type is one event
        verb_ids = {c.token.i: c for c in kept if c.token.pos_ in ("VERB", "AUX")}
        for c in kept:
            twin = verb_ids.get(c.token.head.i) if c.token.pos_ in ("NOUN", "PROPN") else None
            if twin is not None and twin.rule.type == c.rule.type and c.rule.mode:
                twin.mode = c.rule.mode  # "fired water cannon": the noun names the means
        kept = [
            c
            for c in kept
            if not (
                c.token.pos_ in ("NOUN", "PROPN")
                and c.token.head.i in verb_ids
                and verb_ids[c.token.head.i].rule.type == c.rule.type
            )
        ]
        for c in kept:
            if not c.rule.say_must:
                args.fill(c)
            c.aux = auxes.classify(c.token)
            if c.aux == "counterfactual":
                continue
            ev = _to_event(c, sent, doc, published, gaz, index, lex.cues, reporting)
            if ev is not None:
                events.append(ev)
    events = _merge(events)
    for n, ev in enumerate(events, 1):
        ev.id = f"E{n}"
    return events


def _retype(c: Candidate) -> tuple[str, str | None]:
    """PLOVER codes a promised cooperation as AGREE and a conditional force as THREATEN."""
    t, mode = c.rule.type, c.rule.mode
    aux = c.aux
    if aux in ("future", "hypothetical") and t in CONFLICT:
        has_modal = any(
            x.dep_ == "aux" and x.lower_ in ("will", "would", "could", "may", "might")
            for x in c.token.children
        )
        if has_modal:
            return "THREATEN", THREAT_MODE.get(t)
    if aux in ("future", "hypothetical") and t in COOPERATIVE:
        return "AGREE", None
    if aux == "negation" and t in ("AGREE", "CONCEDE", "SUPPORT") and c.token.pos_ == "VERB":
        fut = any(x.lower_ in ("will", "would") for x in c.token.children if x.dep_ == "aux")
        if fut:
            return "REJECT", None
    return t, mode


def _tense(c: Candidate) -> str:
    if c.aux == "future":
        return "future"
    tense = dates_stage.tense_of(c.token)
    # news reports in the present what has just happened ("..., killing 14 on Sunday")
    return "past" if tense == "present" else tense


def _sentence_date(sent: Span, trigger: Token, published: date | None, tense: str, reporting: set[str]):
    """A sentence that names one time names it for all its events: "In a statement issued at
    their meeting in July, Tokyo and Washington shared concerns" happened in July."""
    found = []
    doc = sent.doc
    for start, end in dates_stage.find_dates(sent):
        span = doc.char_span(start, end, alignment_mode="expand")
        # not a date another subject's clause owns: "...; Trump greeted him on Tuesday night"
        owner = next((t for t in span.root.ancestors if t.pos_ in ("VERB", "AUX") and t.dep_ != "aux"), None)
        if tense == "future" and owner is not None and owner != trigger and owner.lemma_.lower() in reporting:
            continue  # "said on Tuesday it would send troops": Tuesday is when it was said
        if (
            owner is not None
            and trigger not in owner.subtree
            and not any(t is owner for t in trigger.ancestors)
            and any(ch.dep_ in ("nsubj", "nsubjpass") for ch in owner.children)
        ):
            continue
        r = dates_stage.resolve(doc_text(doc)[start:end], published, tense)
        if r is not None:
            found.append((r, TextSpan(doc_text(doc)[start:end], start, end)))
    if len({r.value for r, _ in found}) == 1:
        return found[0]
    return None, None


def _in_modifier_clause(tok: Token) -> bool:
    return any(t.dep_ in ("relcl", "acl") for t in [tok, *list(tok.ancestors)[:2]])


def _implied_participants(c: Candidate, loc, index) -> None:
    """Participants the story leaves to the place: an arrest "in Lebanon" is made by Lebanon's
    authorities; aid suspended "in Baghdad" is withheld from Iraq."""
    if loc is None or not loc.country_code:
        return
    t = c.rule.type
    codes = {index.actor(a).code for a in c.actors + c.recipients}
    if loc.country_code in codes:
        return
    if t == "COERCE" and not c.actors and c.recipients and is_passive(c.token):
        c.actors = [index.place_actor(loc.country_code)]
    elif t in ("AID", "SANCTION", "MOBILIZE") and c.actors and not c.recipients:
        c.recipients = [index.place_actor(loc.country_code)]


def _within_government(c: Candidate, index) -> bool:
    parts = [index.actor(a) for a in c.actors + c.recipients]
    return (
        bool(c.actors and c.recipients)
        and len({p.code for p in parts}) == 1
        and all(p.sector == "GOV" and p.kind == "person" for p in parts)
    )


def _to_event(
    c: Candidate, sent: Span, doc: Doc, published: date | None, gaz, index, cues: dict, reporting: set[str]
) -> Event | None:
    etype, mode = _retype(c)
    if c.mode and etype == c.rule.type:
        mode = c.mode
    aux = c.aux
    if etype != c.rule.type and aux in ("future", "hypothetical") and etype in ("AGREE", "THREATEN"):
        aux = None if etype == "AGREE" and aux == "future" else aux
    if etype == "REJECT" and c.rule.type != "REJECT":
        aux = None
    tense = _tense(c)
    resolved, span = dates_stage.event_date(sent, c.token, published, tense)
    if resolved is None:
        resolved, span = _sentence_date(sent, c.token, published, tense, reporting)
    resolved, span, ahead = dates_stage.check_far_future(resolved, span, published, doc_text(doc), tense)
    if ahead and aux is None:
        aux = "future"  # "climate neutral by 2050"
    date_value = resolved.value if resolved else None
    if (
        resolved is not None
        and published is not None
        and aux is None
        and dates_stage.is_historical(resolved, published)
    ):
        aux = "historical"
    if date_value is None and published is not None and aux is None:
        date_value = published.isoformat()
    if aux == "historical" and date_value == (published.isoformat() if published else None):
        date_value = None
    loc = places_stage.event_location(sent, c.token, gaz)
    _implied_participants(c, loc, index)
    if not c.actors and not c.recipients:
        return None
    if not c.actors and _in_modifier_clause(c.token):
        return None  # "Montenegro, where 28 people have been killed": background, no actor
    if len(set(c.actors) | set(c.recipients)) < c.rule.min_participants:
        return None
    if etype == "REQUEST" and _within_government(c, index):
        return None  # a leader tasking his own officials is administration, not an interaction
    if etype == "THREATEN" and mode is None and c.inner_type:
        mode = THREAT_MODE.get(c.inner_type)
    trig = doc[c.token.i : c.token.i + 1]
    return Event(
        id="",
        event_type=etype,
        mode=mode or _instrument_mode(c, etype, cues),
        context=list(c.rule.context),
        aux_mode=aux,
        actor=list(c.actors),
        recipient=list(c.recipients),
        date=date_value,
        date_text=span.text if span else None,
        event_loc=loc,
        trigger=TextSpan(trig.text, trig.start_char, trig.end_char),
        sentence=TextSpan(sent.text, sent.start_char, sent.end_char),
        confidence=c.rule.confidence * (1.0 if c.actors else 0.8) * (1.0 if aux is None else 0.9),
        rule=c.rule.id,
    )


def _instrument_mode(c: Candidate, etype: str, cues: dict) -> str | None:
    table = cues.get("modes", {}).get(etype)
    if not table:
        return None
    words = {t.lower_ for t in c.token.subtree} | {c.token.lower_}
    words |= {t.lower_ for t in c.token.head.children} if c.token.pos_ != "VERB" else set()
    words |= {t.lower_ for t in c.token.children}
    for mode, cue in table.items():
        if words & set(cue):
            return mode
    return None


def _merge(events: list[Event]) -> list[Event]:
    """One story often reports one happening twice; keep the best-supported report.

    A report with no actor ("al-Rufay'i was killed Thursday") of a type the story also
    reports with an actor is taken as the same happening seen from the victim's side.
    """

    def reported_with_actor(e: Event) -> bool:
        return any(
            o.actor
            and o.event_type == e.event_type
            and (not e.recipient or set(e.recipient) & set(o.actor + o.recipient))
            for o in events
        )

    events = [e for e in events if e.actor or not reported_with_actor(e)]
    out: list[Event] = []
    for ev in events:
        key = (ev.event_type, frozenset(ev.actor) | frozenset(ev.recipient))
        twin = next(
            (o for o in out if (o.event_type, frozenset(o.actor) | frozenset(o.recipient)) == key),
            None,
        )
        if twin is None:
            out.append(ev)
            continue
        better = (ev.aux_mode is None, ev.confidence) > (twin.aux_mode is None, twin.confidence)
        if twin.aux_mode != ev.aux_mode and "historical" in (twin.aux_mode, ev.aux_mode):
            out.append(ev)  # a past happening and a current one are two events
            continue
        if better:
            out[out.index(twin)] = ev
    return out
