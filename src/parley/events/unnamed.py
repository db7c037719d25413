"""Unnamed participants: who took part when the story does not name them (docs/conventions.md).

News often reports a protest or an attack by what happened, not by who did it: "angry
protests broke out in Peru", "two rockets landed near the airport in Kabul", "four people
were killed in a bomb attack". The role layer finds no participant there, and an event
without one is dropped. The PLOVER manual (chapter "Country Names and Sector Codes") says how
to code such participants: CVL for "civilians, protesters, activists, and other unarmed
domestic entities", UAF for "unidentified armed forces (unknown gunmen)", each under the
country it belongs to. So, only when the role layer found nobody, for an event the story
asserts (no plan, past, denial or supposition):

- a PROTEST is made by the crowd the sentence names: the trigger itself ("protesters
  gathered"), the subject of its verb ("hundreds of nurses took to the streets"), the
  people held or killed during it ("activists were detained during protests"); else, for a
  protest the clause reports as happening ("protests broke out in Peru"), by civilians of
  the country where it happened;
- an ASSAULT is made on the people it killed or hurt ("four people were killed in a bomb
  attack"); else, for an attack the clause reports as happening ("two rockets landed near
  the airport in Kabul"), on the country of the place it hit: a target known only by its
  place. Its unnamed perpetrator is UAF (``conventions.unidentified_attacker``).

A nominal event named by a participle's agent ("a raid carried out BY insurgents", "a
rally organised BY students") takes that agent first, a clash its sides ("clashes BETWEEN
rival gangs"). An event whose participants come only
from this convention is the same happening as an event of its type that its sentence reports
with named participants ("gunmen killed six guards ..., an attack that ...") and is dropped
for it (``drop_doubles``).
"""

from __future__ import annotations

from spacy.tokens import Token

from ..model import Event
from .conventions import place_mention
from .syntax import direct_objects, is_passive, subjects, with_conj
from .triggers import Candidate

# prepositions that put one happening inside another: "killed DURING the demonstrations"
DURING = {"in", "during", "amid", "at"}
# how a nominal event is told as happening in its own clause: "protests ERUPTED", "STAGED
# rallies", "SUPPRESSED a demonstration" (not "after a demonstration", "a week of protests")
ANCHORED_DEPS = {"nsubj", "nsubjpass", "dobj", "ROOT"}
# the paths this module gives; an event found only by them may double a named one
PATHS = {
    "trigger-names-doer",
    "crowd-subject",
    "crowd-unnamed",
    "people-during",
    "place-country-civilians",
    "casualties",
    "place-country",
    "unnamed-civilians",
    "unidentified",
}


class Unnamed:
    def __init__(self, index, cues: dict):
        self.index = index
        words = cues.get("unnamed") or {}
        self.quantities = set(cues.get("collective_heads") or ())
        self.casualty = set(words.get("casualty_verbs") or ())
        self.victim_subject = set(words.get("victim_subject_verbs") or ())
        self.crowd_sectors = set(words.get("crowd_sectors") or ())
        self.doer_nouns = set(words.get("doer_nouns") or ())
        self.vague = set(words.get("vague_nouns") or ())
        self.light = set(cues.get("light_verbs") or ())
        self.doing = set(words.get("doing_verbs") or ())
        self.unhappened = set(words.get("unhappened_verbs") or ())
        self.happening = set(words.get("happening_verbs") or ())
        self.place_nouns = set(cues.get("place_nouns") or ())
        self.things = set(words.get("target_things") or ())

    def fill(self, c: Candidate, loc, aux: str | None) -> None:
        """Participants for ``c`` when the role layer found none (see the module's doc)."""
        if c.actors or aux is not None or c.rule.type not in ("PROTEST", "ASSAULT"):
            return
        tok = c.token
        if tok.ent_type_ in ("DATE", "TIME") or any(_year(x) for x in tok.children):
            return  # "March 15" in a dateline; "the 1989 protests", an episode of its own
        if tok.lemma_.lower() in self.doer_nouns or tok.lower_ in self.doer_nouns:
            # "protesters", "rioters": the word names who protests ("police fired tear gas
            # at demonstrators outside parliament": a protest by the demonstrators), when it
            # takes part in its clause ("the protesters' demands" tells no protest)
            if tok.dep_ in ("poss", "compound", "amod", "nmod"):
                return
            own = self.index.at(tok.i)
            if own is not None and own.head == tok.i:
                self._add(c, "actor", list(own.actor_ids), "trigger-names-doer")
            return
        if c.recipients:
            return
        named = self.participle_agent(c.token)
        sides = self.between(c.token) if c.rule.type == "ASSAULT" else []
        if named:
            self._add(c, "actor", named, "participle-agent")
        elif sides:
            # two-sided violence: "clashes between rival gangs", every side an actor (the
            # manual's ASSAULT section)
            self._add(c, "actor", sides, "between")
        elif c.rule.type == "PROTEST":
            self.protesters(c, loc)
        else:
            self.violence(c, loc)

    def participle_agent(self, tok: Token) -> list[str]:
        """ "a raid carried out by insurgents", "a demonstration organized by students"."""
        if tok.pos_ not in ("NOUN", "PROPN"):
            return []
        for acl in tok.children:
            if acl.dep_ == "acl" and acl.tag_ == "VBN" and acl.lemma_.lower() in self.doing:
                for ag in acl.children:
                    if ag.dep_ == "agent":
                        ids = [a for p in ag.children if p.dep_ == "pobj" for a in self._ids(with_conj(p))]
                        if ids:
                            return ids
        return []

    def between(self, tok: Token) -> list[str]:
        """The sides of a nominal clash: "clashes BETWEEN police and protesters", "clashes
        erupted BETWEEN rival gangs"."""
        holders = [tok, tok.head] if tok.dep_ == "nsubj" else [tok]
        objs = [
            p
            for h in holders
            for x in h.children
            if x.dep_ == "prep" and x.lower_ == "between"
            for p in x.children
        ]
        return self._ids([t for p in objs if p.dep_ == "pobj" for t in with_conj(p)])

    def anchored(self, tok: Token, strict: bool = False) -> bool:
        """Whether the clause tells the happening itself: a verb, or an event noun that is the
        subject or object of its clause's verb, not one in a phrase of time or background
        ("after a demonstration", "a week of protests") nor one its verb says did not
        happen ("banned protests"). ``strict``: the verb must be one that tells it happened
        ("protests broke out", "police broke up a sit-in"), for a protest with no place."""
        if tok.pos_ in ("VERB", "AUX"):
            return not strict
        t = tok
        while t.dep_ == "conj" and t.head is not t:
            t = t.head  # "demonstrations and clashes"
        if t.dep_ not in ANCHORED_DEPS or tok.lemma_.lower() in self.vague:
            return False
        if t.dep_ == "ROOT":
            return not strict  # a headline or caption: "Angry protests in the capital"
        verb = t.head.lemma_.lower()
        return verb not in self.unhappened and (not strict or verb in self.happening)

    # -- PROTEST -------------------------------------------------------------------------
    def protesters(self, c: Candidate, loc) -> None:
        tok = c.token
        crowd, path = self.crowd(tok, loc)
        if crowd:
            self._add(c, "actor", crowd, path)
            return
        held = self.people_during(tok, civil=True)
        if held:
            self._add(c, "actor", held, "people-during")  # "activists detained during protests"
            return
        if _model_only(c):
            return
        if loc is not None and self.anchored(tok):
            # PLOVER CVL: protesters the story does not name are civilians of the country
            # where they protest ("protests broke out in Peru")
            aid = self._civilians(loc.country_code)
            self._add(c, "actor", [aid], "place-country-civilians")
        elif self.anchored(tok, strict=True):
            # "a sit-in took place": civilians, of a country the story leaves open
            self._add(c, "actor", [self._civilians(None)], "unnamed-civilians")

    def _civilians(self, code: str | None, name: str = "unnamed protesters") -> str:
        aid = self.index.new_actor(("unnamed", "CVL", code), name=name, kind="group", code=code, sector="CVL")
        self.index.implied.add(aid)
        return aid

    def crowd(self, tok: Token, loc) -> tuple[list[str], str]:
        """The people who do a protest the sentence tells by its verb: the subject of the
        trigger verb, or of the light verb that carries the noun ("staged rallies"), through a
        quantity ("thousands of people"). A crowd the knowledge base does not know ("Trump
        supporters staged protests") is unnamed civilians, of the place's country."""
        if tok.pos_ in ("VERB", "AUX"):
            if is_passive(tok):
                return [], ""
            subs = subjects(tok)
        elif (
            tok.dep_ in ("dobj", "attr")
            and tok.head.lemma_.lower() in self.light
            and tok.head.lemma_.lower() not in self.unhappened
            and not is_passive(tok.head)
        ):
            subs = subjects(tok.head)
        else:
            return [], ""
        out: list[str] = []
        for s in subs:
            for t in self._through_quantity(s):
                out += [a for a in self.index.resolve_all(t) if a not in out]
        if out:
            return out, "crowd-subject"
        people = [t for s in subs for t in self._through_quantity(s) if t.pos_ == "NOUN" and t.tag_ == "NNS"]
        if people and self.index.at(people[0].i) is None:
            return [self._civilians(loc.country_code if loc is not None else None)], "crowd-unnamed"
        return [], ""

    def _through_quantity(self, s: Token, depth: int = 0) -> list[Token]:
        """ "thousands OF people", "tens of thousands OF students": the people, not the number."""
        if depth < 3 and (s.lower_ in self.quantities or s.lemma_.lower() in self.quantities):
            inner = [p for x in s.children if x.dep_ == "prep" and x.lower_ == "of" for p in x.children]
            inner = [p for p in inner if p.dep_ == "pobj"]
            if inner:
                return [t for p in with_conj(inner[0]) for t in self._through_quantity(p, depth + 1)]
        return [s]

    def people_during(self, tok: Token, civil: bool) -> list[str]:
        """The people a clause says something happened to in the course of the event: "four
        protesters were killed DURING demonstrations", "two soldiers died IN the blast". For a
        protest (``civil``), civilians held, hurt or killed during it are its protesters. Verbs
        coordinated with the one the event hangs on count too: "two men died and nine others
        were hurt in the blasts"."""
        if tok.dep_ != "pobj" or tok.head.dep_ != "prep" or tok.head.lower_ not in DURING:
            return []
        verb = tok.head.head
        if verb.pos_ not in ("VERB", "AUX"):
            return []
        verbs = [verb] + [x for x in verb.children if x.dep_ == "conj"]
        if verb.dep_ == "conj":
            verbs.append(verb.head)
        for v in verbs:
            out: list[str] = []
            for s in self._sufferers(v, civil):
                for t in with_conj(s):
                    for a in self.index.resolve_all(t):
                        if a not in out and (not civil or self.index.actor(a).sector in self.crowd_sectors):
                            out.append(a)
            if out:
                return out
        return []

    def _sufferers(self, verb: Token, civil: bool) -> list[Token]:
        """Who a verb says was held, hurt or killed: its passive subject, or the subject of
        "died", "sustained losses"."""
        if verb.pos_ not in ("VERB", "AUX"):
            return []
        lemma = verb.lemma_.lower()
        if is_passive(verb) and (civil or lemma in self.casualty):
            return [x for x in verb.children if x.dep_ == "nsubjpass"]
        if lemma in self.victim_subject:
            return [x for x in verb.children if x.dep_ == "nsubj"]
        return []

    # -- ASSAULT -------------------------------------------------------------------------
    def violence(self, c: Candidate, loc) -> None:
        hurt = self.people_during(c.token, civil=False)
        if hurt:
            self._add(c, "recipient", hurt, "casualties")  # "killed in a grenade attack"
            return
        if _model_only(c) or not self.anchored(c.token) or not self.place_target(c):
            return
        if loc is not None and loc.country_code:
            # PLOVER: a target known only by its place is the place's country ("shells
            # landed near the airport in Kabul"); the attacker is UAF, after the merge
            aid = place_mention(c.token.doc, loc, self.index)
            self._add(c, "recipient", [aid], "place-country")
        elif (c.rule.subj or c.rule.obj) and c.token.pos_ in ("VERB", "AUX"):
            # the weapon itself tells the attack ("two rockets landed near the barracks"),
            # where no place with a country is named: unidentified armed forces, no target
            self._add(c, "actor", [self.index.unidentified_actor()], "unidentified")

    def place_target(self, c: Candidate) -> bool:
        """Whether the place stands for the target: the trigger names no patient, or one that
        is a place, a building or the weapon ("hit homes near the port", "dropped bombs"),
        not one that is no actor ("sheep are slaughtered every year in Wales")."""
        tok = c.token
        if tok.pos_ not in ("VERB", "AUX"):
            return True
        pats = [x for x in tok.children if x.dep_ == "nsubjpass"] + direct_objects(tok)
        for p in pats:
            lemma = p.lemma_.lower()
            if not (
                lemma in self.place_nouns
                or lemma in self.things
                or lemma in c.rule.obj
                or p.ent_type_ in ("GPE", "LOC", "FAC")
            ):
                return False
        return True

    def _ids(self, toks: list[Token]) -> list[str]:
        out: list[str] = []
        for t in toks:
            out += [a for a in self.index.resolve_all(t) if a not in out]
        return out

    @staticmethod
    def _add(c: Candidate, role: str, ids: list[str], path: str) -> None:
        for aid in ids:
            if aid in c.actors or aid in c.recipients:
                continue
            (c.actors if role == "actor" else c.recipients).append(aid)
            c.paths.setdefault(aid, path)


def _year(t: Token) -> bool:
    return t.ent_type_ == "DATE" and t.like_num and len(t.text) == 4


def _model_only(c: Candidate) -> bool:
    """A trigger only the type model found: too weak alone to stand for a happening whose
    participants the story leaves to the place ("started a FIRE in a street" beside "started")."""
    return c.rule.id.startswith("model.")


def by_convention(ev: Event) -> bool:
    """Whether all of ``ev``'s participants come from this convention."""
    return bool(ev.paths) and all(p in PATHS for p in ev.paths.values())


def drop_doubles(events: list[Event]) -> list[Event]:
    """An event whose participants only this convention gave is dropped when its sentence
    reports an event of its type with participants the role layer found: "gunmen killed 148
    students at a university, an attack that ..." is one attack, by the gunmen."""
    named = {
        (e.sentence.start, e.event_type) for e in events if not by_convention(e) and (e.actor or e.recipient)
    }
    return [e for e in events if not (by_convention(e) and (e.sentence.start, e.event_type) in named)]
