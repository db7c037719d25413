"""Actors: who is mentioned, resolved to a canonical actor with code, sector and office.

Three passes over a parsed story:

1. names: spaCy's PERSON/ORG/GPE/NORP/FAC/LOC entities, widened to their titles
   ("Russian President Vladimir Putin") and read with the knowledge base (``kb.py``);
2. descriptors: noun phrases whose head is a sector noun, institution or office
   ("Iraqi officials", "the Pentagon", "security forces");
3. coreference: pronouns ("he", "they"), titles ("the president"), "the two leaders",
   "the country" linked to the actor they stand for.

``ActorIndex`` answers "which actor is this noun phrase?" for the events and quotes
stages; ``bind_speakers`` links "I"/"we" inside a quote to its speaker.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span, Token

from .kb import KB, default_kb
from .model import Actor, Quote, TextSpan

NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"}
TITLE_DEPS = {"compound", "amod", "nmod", "poss", "det", "punct", "case", "nummod", "prep", "pobj", "cc"}
PRONOUNS_SG = {"he", "him", "his", "she", "her", "hers", "himself", "herself"}
PRONOUNS_PL = {"they", "them", "their", "themselves"}
PRONOUNS_IT = {"it", "its", "itself"}
LOCATIVE = {"in", "at", "near", "to", "from", "into", "outside", "across", "inside", "around", "through"}
RECENT = 400  # how far back coreference looks, in mentions: bounds the cost on very long stories
COREF_NOUNS = {"country", "nation", "state", "republic", "kingdom"}  # "the former Soviet country"
FIRST_PERSON = {"i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves"}
PAIR_WORDS = re.compile(
    r"^(the )?(two|both) (leaders|presidents|men|sides|countries|nations|ministers|heads of state)$"
)
# words that can stand in front of a name without being part of a title
TITLE_GLUE = {
    "of", "the", "and", "for", "former", "then", "late", "acting", "outgoing", "incoming", "newly",
    "elected", "visiting", "new", "embattled", "ousted", "exiled", "deposed", "interim", "de", "facto",
}  # fmt: skip
SMALL_TOWN = 100_000  # people: below this, a place name alone is not trusted for a country
# words of a credit line: "contributed to this report", "Photo: ...", "Reporting by ..."
CREDIT_WORDS = ("contributed to this report", "contributed reporting", "reporting by", "photo:",
                "photograph:", "editing by", "writing by", "(photo", "image:", "credit:")  # fmt: skip
NOT_ACTORS = {"god", "truth social", "x", "twitter", "facebook", "telegram", "instagram", "youtube", "tiktok"}
NOT_DESCRIPTORS = {"artificial intelligence", "intelligence", "business", "security", "defense", "defence"}
ARG_DEPS = {"compound", "amod", "poss", "nmod", "appos", "prep", "pobj", "npadvmod"}


def _arg_child(c: Token) -> bool:
    """Children that say whose a noun phrase is: modifiers, "of" phrases, and "made by X"."""
    return c.dep_ in ARG_DEPS or c.dep_ == "agent" or (c.dep_ == "acl" and c.tag_ == "VBN")


@dataclass(slots=True)
class Mention:
    start: int  # first token index
    end: int  # token index after the last
    head: int  # token index of the syntactic head
    actor_ids: list[str]
    kind: str = "name"  # name, descriptor, title, pronoun, pair

    @property
    def actor_id(self) -> str:
        return self.actor_ids[0]


@dataclass
class ActorIndex:
    doc: Doc
    actors: dict[str, Actor] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    _by_token: dict[int, Mention] = field(default_factory=dict)
    _keys: dict[tuple, str] = field(default_factory=dict)
    implied: set[str] = field(default_factory=set)  # actors events need that have no mention

    # -- building --------------------------------------------------------------------
    def new_actor(self, key: tuple, **fields) -> str:
        aid = self._keys.get(key)
        if aid is None:
            aid = f"A{len(self.actors) + 1}"
            self._keys[key] = aid
            self.actors[aid] = Actor(id=aid, **fields)
        else:
            a = self.actors[aid]
            for f in ("code", "sector", "office"):
                if getattr(a, f) is None and fields.get(f) is not None:
                    setattr(a, f, fields[f])
            if fields.get("name") and len(fields["name"]) > len(a.name) and a.kind == "person":
                a.name = fields["name"]
        return aid

    def add_mention(self, m: Mention, replace: bool = False) -> None:
        if not replace and any(i in self._by_token for i in range(m.start, m.end)):
            return
        self.mentions.append(m)
        for i in range(m.start, m.end):
            self._by_token[i] = m
        span = self.doc[m.start : m.end]
        for aid in m.actor_ids:
            self.actors[aid].mentions.append(TextSpan(span.text, span.start_char, span.end_char))

    # -- queries ---------------------------------------------------------------------
    def at(self, i: int) -> Mention | None:
        """The mention covering token ``i``."""
        return self._by_token.get(i)

    def resolve_all(self, token: Token) -> list[str]:
        """Actor ids for the noun phrase headed by ``token``: its own mention, else the
        nearest mention among its modifiers ("a Somali army base" -> Somalia's army)."""
        m = self._by_token.get(token.i)
        if m is not None:
            return list(m.actor_ids)
        # modifiers before possessives: "its European Community partners" is the EC, not "its"
        frontier = sorted((c for c in token.children if _arg_child(c)), key=lambda c: c.dep_ == "poss")
        depth = 0
        while frontier and depth < 3:
            for t in frontier:
                m = self._by_token.get(t.i)
                if m is not None and not (t.dep_ == "pobj" and t.head.lower_ in ("in", "at", "near", "from")):
                    return list(m.actor_ids)
            frontier = [c for t in frontier for c in t.children if _arg_child(c)]
            depth += 1
        return []

    def place_actor(self, code: str) -> str:
        """The state ``code`` as an actor, for participants the story implies by a place."""
        for a in self.actors.values():
            if a.kind == "state" and a.code == code and a.sector is None:
                return a.id
        from .kb import default_kb

        country = default_kb().country_by_code(code)
        aid = self.new_actor(("state", code), name=country.name if country else code, kind="state", code=code)
        self.implied.add(aid)
        return aid

    def resolve(self, token: Token) -> str | None:
        ids = self.resolve_all(token)
        return ids[0] if ids else None

    def actor(self, actor_id: str) -> Actor:
        return self.actors[actor_id]

    def export(self) -> list[Actor]:
        """Actors with at least one mention, numbered in order of first mention."""
        used = [a for a in self.actors.values() if a.mentions or a.id in self.implied]
        for a in used:
            a.mentions.sort(key=lambda s: s.start)
            seen = set()
            a.mentions = [m for m in a.mentions if not (m.start in seen or seen.add(m.start))]
        used.sort(key=lambda a: a.mentions[0].start if a.mentions else 10**12)
        return used

    # -- quotes ----------------------------------------------------------------------
    def bind_speakers(self, quotes: list[Quote]) -> None:
        """ "I" and "we" inside a quote are its speaker."""
        if not quotes:
            return
        for q in quotes:
            if not q.speaker or q.speaker not in self.actors:
                continue
            span = self.doc.char_span(q.start, q.end, alignment_mode="expand")
            if span is None:
                continue
            for t in span:
                if t.lower_ in FIRST_PERSON and t.pos_ == "PRON" or t.lower_ in ("i", "we"):
                    self.add_mention(Mention(t.i, t.i + 1, t.i, [q.speaker], "pronoun"), replace=True)


# ---------------------------------------------------------------- the resolver


class Resolver:
    def __init__(self, doc: Doc, published: date | None, kb: KB):
        self.doc = doc
        self.on = published
        self.kb = kb
        self.index = ActorIndex(doc)
        self.persons: list[tuple[int, str]] = []  # (token index, actor id) in text order
        self.groups: list[tuple[int, str]] = []
        self.states: list[tuple[int, str]] = []
        self.surnames: dict[str, str] = {}
        self.singulars: list[tuple[int, str]] = []  # singular human descriptors, for he/she
        self.title_vocab = title_vocabulary(kb)
        # spaCy builds doc.ents and token.sent anew on every access: read them once
        self.ents = list(doc.ents)
        self._ent_starts = [e.start for e in self.ents]
        self.toks = list(doc)  # one Token object per position, not a new one per access
        self.dateline_end = dateline_end(self.toks)
        self._sent_start = [0] * len(doc)
        self._sent_end = [0] * len(doc)
        for sent in doc.sents:
            for i in range(sent.start, sent.end):
                self._sent_start[i] = sent.start
                self._sent_end[i] = sent.end

    # -- helpers -------------------------------------------------------------------
    def ents_within(self, start: int, end: int) -> list[Span]:
        """Entities inside tokens ``start``..``end`` (exclusive), found by bisection: stories can be
        long, and this is asked for every noun phrase."""
        lo = bisect.bisect_left(self._ent_starts, start)
        hi = bisect.bisect_left(self._ent_starts, end)
        return [e for e in self.ents[lo:hi] if e.end <= end]

    def sent_bounds(self, i: int) -> tuple[int, int]:
        return self._sent_start[i], self._sent_end[i]

    def country_of_words(self, toks: list[Token]) -> str | None:
        for t in toks:
            if t.is_punct or t.lower_ in ("the", "a"):
                continue
            c = self.kb.demonym(t.text) or (self.kb.country(t.text) if t.pos_ == "PROPN" else None)
            if c is not None:
                return c.code
        for ent in self.ents_within(toks[0].i, toks[-1].i + 1) if toks else ():
            if (
                ent.label_ in ("GPE", "NORP")
                and toks
                and toks[0].i <= ent.start
                and ent.end <= toks[-1].i + 1
            ):
                c = self.kb.country(ent.text) or self.kb.demonym(ent.text)
                if c is not None:
                    return c.code
        return None

    def title_span(self, ent: Span) -> int:
        """Index of the first token of the title in front of a name: "Russian President Vladimir
        Putin", "Director of the CIA John Ratcliffe", "White House Press Secretary Karoline Leavitt"."""
        doc = self.doc
        i, start = ent.start - 1, ent.start
        while i >= 0 and ent.start - i <= 9:
            t = doc[i]
            if t.is_space or (t.is_punct and t.text not in ("-", "'s", "’s")) or t.pos_ in ("VERB", "AUX"):
                break
            if t.ent_type_ in ("PERSON", "DATE", "TIME", "CARDINAL") or t.like_num:
                break
            low = t.lower_
            titled = t.is_title or t.is_upper or t.text in ("'s", "’s")
            if not (titled or low in self.title_vocab or low in TITLE_GLUE):
                break
            start = i
            i -= 1
        # drop words on the left until the rest reads as a title
        while start < ent.start:
            t = doc[start]
            text = doc[start : ent.start].text
            if t.lower_ not in ("of", "the", "and", "for", "'s", "’s") and (
                self.kb.find_offices(text)
                or self.kb.demonym(t.text)
                or self.kb.country(t.text)
                or self.kb.organization(t.text)
                or self.kb.institution(t.text)
            ):
                break
            start += 1
        return start

    def title_code(self, toks: list[Token]) -> str | None:
        """The country a title names: a demonym, a country, or an institution with a code."""
        code = self.country_of_words(toks)
        if code:
            return code
        if not toks:
            return None
        for n in range(len(toks), 0, -1):
            for k in range(0, len(toks) - n + 1):
                words = " ".join(t.text for t in toks[k : k + n])
                e = self.kb.organization(words) or self.kb.institution(words)
                if e is not None and e.code and not e.needs_country:
                    return e.code
        return None

    def right_country(self, head: Token) -> str | None:
        """ "President Zelenskyy of Ukraine", "Marc Fogel, an American", "X, Iraq's prime minister"."""
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                for p in c.children:
                    if p.dep_ == "pobj":
                        cc = self.kb.country(p.text)
                        if cc is not None:
                            return cc.code
            if c.dep_ == "appos":
                words = [t for t in c.subtree if t.dep_ not in ("relcl", "acl")][:8]
                code = self.country_of_words(words)
                if code:
                    return code
        return None

    def appos_office(self, head: Token):
        for c in head.children:
            if c.dep_ == "appos":
                text = " ".join(t.text for t in c.subtree if t.i < c.i + 1)
                offs = self.kb.find_offices(text)
                if offs:
                    return offs[-1][1]
        return None

    # -- pass 1: names --------------------------------------------------------------
    def names(self) -> None:
        # people first: their titles hold organisation words ("Secretary of State", "CIA")
        ents = sorted(self.ents, key=lambda e: (e.label_ != "PERSON", e.start))
        for ent in ents:
            if ent.label_ not in NAME_LABELS or ent.end <= self.dateline_end:
                continue
            text = ent.text.strip()
            if not text or text.lower() in NOT_ACTORS or not any(ch.isalpha() for ch in text):
                continue
            if self.kb.is_region(text) or self.in_credit_line(ent):
                continue  # "Asia", "the Sahel": no state's; "By Jane Doe": the writer, not an actor
            label = ent.label_
            if label in ("ORG", "GPE", "FAC", "LOC") and self._known_person(text):
                label = "PERSON"
            org = self.kb.organization(text) if label == "PERSON" else None
            if org is not None and org.code and self.kb.leader(text, self.on) is None:
                self._entry(ent, org)  # "al-Shabab" tagged as a person
            elif label == "PERSON" and self.kb.country(text) and not self.kb.is_ambiguous(text):
                self.place_or_state(ent)  # "Benin" tagged as a person
            elif label == "PERSON":
                self.person(ent)
            elif label in ("GPE", "LOC", "FAC"):
                self.place_or_state(ent)
            elif label == "NORP":
                self.norp(ent)
            else:
                self.organization(ent)

    def in_credit_line(self, ent: Span) -> bool:
        """A byline, photo credit or contributor line ("By Jane Doe", "Photo: John Roe/AFP",
        "Jane Doe contributed to this report"): who wrote the story, not who is in it."""
        i = ent.start - 1
        while i >= 0 and not (self.toks[i].is_space and "\n" in self.toks[i].text):
            i -= 1
        j = ent.end
        while j < len(self.toks) and not (self.toks[j].is_space and "\n" in self.toks[j].text):
            j += 1
        line = self.doc[i + 1 : j]
        first = line[0].lower_ if len(line) else ""
        if first == "by" and len(line) <= 12:
            return True
        low = line.text.lower()
        return len(line) <= 25 and any(w in low for w in CREDIT_WORDS)

    def _known_person(self, text: str) -> bool:
        key = text.split()[-1].lower()
        return key in self.surnames or (
            self.kb.leader(text, self.on) is not None and not self.kb.country(text)
        )

    def person(self, ent: Span) -> None:
        head = ent.root
        name = re.sub(r"^(the |The )", "", ent.text.strip())
        name = re.sub(r"['’]s$", "", name).strip()
        if not name:
            return
        tstart = self.title_span(ent)
        title_toks = list(self.doc[tstart : ent.start])
        title_text = " ".join(t.text for t in title_toks)
        offices = self.kb.find_offices(title_text) if title_text else []
        office = offices[-1][1] if offices else self.appos_office(head)
        code = self.title_code(title_toks) or self.right_country(head)
        if len(name.split()) == 1:
            # a bare surname: the story's own full name for it first ("Richard Bennett ... Bennett");
            # a famous holder only when no one else in the story has that surname
            full = self.full_names.get(name.lower(), [])
            if len(full) == 1:
                name = full[0]
                leader = self.kb.leader(name, self.on)
            elif full:
                leader = None
            else:
                # the KB prefers whoever holds the office on the story's date ("Bush" in 2005)
                leader = self.kb.leader(name, self.on)
        else:
            leader = self.kb.leader(name, self.on)
        if leader is not None and code is not None and code != leader.code:
            leader = None
        if leader is not None:
            canonical, code, sector = leader.name, code or leader.code, leader.sector
            office_name = office.office if office else leader.office
        else:
            canonical = name
            sector = office.sector if office else None
            office_name = office.office if office else None
            if office is not None and office.code and code is None:
                code = office.code
        if (
            code is None
            and office is not None
            and office.sector in ("GOV", "MIL", "LEG", "JUD", "COP", "SPY")
        ):
            # an official whose country the title does not name: the country of the story
            code = self.context_country(head)
        aid = self._same_person(canonical)
        if aid is None:
            parts = canonical.split()
            aid = self.index.new_actor(("person", canonical.lower()), name=canonical, kind="person", code=code,
                                       sector=sector, office=office_name)  # fmt: skip
        else:
            a = self.index.actors[aid]
            if len(canonical.split()) > len(a.name.split()):
                a.name = canonical
            for f, v in (("code", code), ("sector", sector), ("office", office_name)):
                if getattr(a, f) is None and v is not None:
                    setattr(a, f, v)
        parts = canonical.split()
        self.surnames.setdefault(parts[-1].lower(), aid)
        self.surnames.setdefault(name.split()[-1].lower(), aid)
        self.index.add_mention(Mention(tstart, ent.end, head.i, [aid], "name"))
        self.persons.append((ent.start, aid))

    def _same_person(self, name: str) -> str | None:
        """An earlier actor this name refers to: same surname, and no clash of first names."""
        parts = name.split()
        aid = self.surnames.get(parts[-1].lower())
        if aid is None:
            return None
        other = self.index.actors[aid].name.split()
        if len(parts) > 1 and len(other) > 1 and parts[0].lower() != other[0].lower():
            return None
        return aid

    def place_or_state(self, ent: Span) -> None:
        text = ent.text
        c = self.kb.country(text)
        org = self.kb.organization(text) or self.kb.institution(text)
        if org is not None and org.code and not org.needs_country:
            self._entry(ent, org)
            return
        if c is not None and not (self.kb.is_ambiguous(text) and ent.label_ != "GPE"):
            capital = (
                self.kb.capital(text) is not None
                and self.kb.country(text) is not None
                and (
                    text.strip().lower().removeprefix("the ")
                    not in {c.name.lower(), *map(str.lower, c.aliases)}
                )
            )
            head = ent.root
            if capital and head.dep_ == "pobj" and head.head.lower_ in LOCATIVE:
                # "arrived in Warsaw": a place, not the government
                aid = self.index.new_actor(("place", text), name=text, kind="place", code=c.code)
            elif capital:
                aid = self.index.new_actor(
                    ("state-gov", c.code), name=c.name, kind="state", code=c.code, sector="GOV"
                )
            else:
                aid = self.index.new_actor(("state", c.code), name=c.name, kind="state", code=c.code)
            self.index.add_mention(Mention(ent.start, ent.end, ent.root.i, [aid], "name"))
            self.states.append((ent.start, aid))
            return
        # a city or region: an actor only through its country ("shelled Kharkiv")
        from .places import Gazetteer

        if self.kb.is_region(text):
            return
        gaz = Gazetteer.load()
        loc = gaz.lookup(text, self.context_country(ent.root))
        if (
            loc is not None
            and self.story_codes
            and loc.country_code not in self.story_codes
            and all(p.feature == "city" and p.population < SMALL_TOWN for p in gaz.candidates(text))
        ):
            # "Bali" in a story about Indonesia is not a small town of that name elsewhere: a
            # small place in a country the story never names is a misreading of the gazetteer
            return
        if loc is not None and loc.country_code:
            aid = self.index.new_actor(
                ("place", loc.name), name=loc.name, kind="place", code=loc.country_code
            )
            self.index.add_mention(Mention(ent.start, ent.end, ent.root.i, [aid], "name"))

    def norp(self, ent: Span) -> None:
        head = ent.root
        # an adjective inside a noun phrase belongs to the phrase's head (pass 2)
        if head.dep_ in ("amod", "compound", "nmod") and head.head.pos_ in ("NOUN", "PROPN"):
            return
        c = self.kb.demonym(ent.text) or self.kb.country(ent.text)
        if c is None and len(ent) > 1:  # "Bosnian Serbs", "Iraqi Kurds"
            c = next((x for x in (self.kb.demonym(t.text) for t in ent) if x is not None), None)
        if c is None:
            org = self.kb.organization(ent.text)
            if org is not None:
                self._entry(ent, org)
            return
        name = ent.text if ent.text.endswith("s") else c.name
        aid = self.index.new_actor(("people", c.code), name=name, kind="group", code=c.code)
        self.index.add_mention(Mention(ent.start, ent.end, head.i, [aid], "name"))
        self.groups.append((ent.start, aid))

    def _entry(self, span: Span, entry) -> None:
        kind = (
            entry.kind
            if entry.kind in ("igo", "ngo", "group", "party", "institution", "mnc")
            else "organization"
        )
        aid = self.index.new_actor(("entry", entry.name), name=entry.name, kind=kind, code=entry.code,
                                   sector=entry.sector_on(self.on))  # fmt: skip
        self.index.add_mention(Mention(span.start, span.end, span.root.i, [aid], "name"))
        self.groups.append((span.start, aid))

    def organization(self, ent: Span) -> None:
        if self.kb.country(ent.text) is not None and not self.kb.is_ambiguous(ent.text):
            self.place_or_state(ent)  # "Benin" tagged as an organization
            return
        if len(ent) == 1 and self.kb.demonym(ent.text) is not None:
            self.norp(ent)
            return
        entry = self.kb.organization(ent.text)
        if entry is not None:
            self._entry(ent, entry)
            return
        # "the Iraqi Government", "State Department", "Russian Defense Ministry"
        np = self.noun_phrase(ent.root)
        ph = self.kb.phrase(np.text, self.on) or self.kb.phrase(ent.text, self.on)
        if ph is not None and (ph.code or ph.sector):
            code = ph.code or self.context_country(ent.root)
            self._descriptor_actor(np if np.start <= ent.start else ent, ph.kind, code, ph.sector, np.text)
            return
        code = (
            self.country_of_words(list(np)) or self.right_country(ent.root) or self.context_country(ent.root)
        )
        aid = self.index.new_actor(("org", ent.text.lower()), name=ent.text, kind="organization", code=code)
        self.index.add_mention(Mention(ent.start, ent.end, ent.root.i, [aid], "name"))
        self.groups.append((ent.start, aid))

    def known_names(self) -> None:
        """Organizations and groups the knowledge base knows but the tagger missed
        ("the Islamic State terror group" tagged as a NORP "Islamic")."""
        doc = self.doc
        toks = self.toks
        i = self.dateline_end
        while i < len(toks):
            t = toks[i]
            if not (t.is_title or t.is_upper) or t.is_punct or self.index.at(i) is not None:
                i += 1
                continue
            j = i
            while (
                j < len(doc)
                and j - i < 7
                and (
                    doc[j].is_title
                    or doc[j].is_upper
                    or doc[j].lower_ in ("of", "the", "and", "for", "al", "-")
                )
            ):
                j += 1
            for k in range(j, i, -1):
                span = doc[i:k]
                if toks[k - 1].lower_ in ("of", "the", "and", "for", "-") or any(
                    self.index.at(x.i) for x in span
                ):
                    continue
                e = self.kb.organization(span.text)
                if e is not None and e.code:
                    self._entry(span, e)
                    i = k
                    break
                if (
                    span.root.pos_ == "PROPN"
                    and self.kb.country(span.text)
                    and not self.kb.demonym(span.text)  # "Azerbaijani police" is pass 2's
                    and not self.kb.is_ambiguous(span.text)
                ):
                    self.place_or_state(span)  # "Belarus freed ...", untagged
                    i = k
                    break
            else:
                i += 1

    # -- pass 2: descriptors --------------------------------------------------------
    def noun_phrase(self, head: Token) -> Span:
        left = head.i
        for t in reversed(list(head.lefts)):
            if t.dep_ in ("det", "amod", "compound", "nmod", "poss", "nummod", "quantmod", "case", "punct"):
                left = min(left, t.left_edge.i)
            else:
                break
        while left < head.i and self.toks[left].lower_ in ("the", "a", "an", ",", "'s", "’s"):
            left += 1
        return self.doc[left : head.i + 1]

    def descriptors(self) -> None:
        heads = head_words(self.kb)
        for tok in self.toks:
            if tok.pos_ not in ("NOUN", "PROPN") or self.index.at(tok.i) is not None:
                continue
            # most nouns are no actor: skip those no knowledge-base phrase ends with, unless a
            # country word modifies them ("Iraqi towns")
            if (
                tok.pos_ == "NOUN"  # a proper noun may be a name the tagger missed, behind a title
                and tok.lower_ not in heads
                and tok.lemma_.lower() not in heads
                and not any(
                    c.dep_ in ("amod", "compound", "nmod", "poss") and (c.ent_type_ in ("NORP", "GPE"))
                    for c in tok.children
                )
            ):
                continue
            if tok.dep_ in ("compound",) and tok.head.pos_ in ("NOUN", "PROPN"):
                continue
            if tok.lemma_.lower() in COREF_NOUNS:
                continue  # "the former Soviet country" is coreference (pass 3)
            if tok.pos_ == "NOUN" and self.kb.is_thing(tok.lemma_):
                continue  # "Afghan soil", "a market", "the hotel": things, not actors
            np = self.noun_phrase(tok)
            # "Sudan's army", "Kosovo police": the country keeps its own mention, the rest is ours
            cut = np.start
            while cut < tok.i and (self.index.at(cut) is not None or self.toks[cut].tag_ == "POS"):
                cut += 1
            full_np, np = np, self.doc[cut : tok.i + 1]
            words = [
                t for t in full_np if not (t.like_num or t.lower_ in ("thousands", "hundreds", "dozens"))
            ]
            if not words:
                continue
            text = " ".join(t.text for t in words if t.dep_ not in ("det",) and t.tag_ != "JJS")
            if PAIR_WORDS.match(np.text.lower()) or np.text.lower() in NOT_DESCRIPTORS:
                continue
            ph = self.kb.phrase(text, self.on)
            if ph is None:
                # adjectives the KB does not read: "Angry activists", "ethnic Albanians"
                noun = self.kb.sector_noun(tok.text) or self.kb.sector_noun(tok.lemma_)
                if noun is None:
                    # "a Tunisian city", "Iraqi towns", "an American destroyer": the country is
                    # known even when the noun is not a sector word
                    codes = self.coordinated_codes(words[:-1])
                    if len(codes) > 1 and tok.pos_ == "NOUN":
                        # "the Turkish and Greek sides": one phrase, two actors
                        ids = [self._descriptor_id(f"{c} {tok.text}", "group", c, None) for c in codes]
                        self.index.add_mention(Mention(np.start, np.end, tok.i, ids, "descriptor"))
                        continue
                    code = codes[0] if codes else None
                    if code and tok.pos_ == "NOUN" and not self.kb.is_thing(tok.lemma_):
                        self._descriptor_actor(np, "group", code, None, np.text)
                    continue
                code = self.country_of_words(words[:-1])
                ph_kind, ph_code, ph_sector = noun.kind, code, noun.sector
                for t in words[:-1]:
                    m = self.kb.modifier(t.text)
                    if m is not None:
                        ph_sector = m.sector
            else:
                ph_kind, ph_code, ph_sector = ph.kind, ph.code, ph.sector
                if ph.entry is not None and ph.entry.needs_country is False and ph.code:
                    ph_kind = ph.entry.kind
            if ph_kind == "person" and ph_code is None and tok.lower_ in ("president", "minister"):
                continue  # a bare title is coreference (pass 3), not a new actor
            if ph_kind == "state":
                continue  # country names are pass 1's
            if ph_code is None:
                # "Islamic State terror group", "Hamas fighters": a named modifier gives the side
                for t in full_np[:-1]:
                    m = self.index.at(t.i)
                    if m is not None and self.index.actors[m.actor_id].code:
                        ph_code = self.index.actors[m.actor_id].code
                        break
            if ph_code is None and tok.dep_ == "conj":
                # "Israeli helicopters and tanks": the tanks are Israeli too
                m = self.index.at(tok.head.i)
                if m is not None:
                    ph_code = self.index.actors[m.actor_id].code
            if ph_code is None:
                ph_code = self.poss_or_of_country(tok)
            if ph_code is None and not any(self.kb.no_country(t.text) for t in words[:-1]):
                ph_code = self.context_country(tok)  # "international forces" stay without one
            self._descriptor_actor(np, ph_kind, ph_code, ph_sector, np.text)

    def poss_or_of_country(self, tok: Token) -> str | None:
        """ "Iraq's interim government", "the government of Sindh province", "opposition parties in Nepal"."""
        for c in tok.children:
            if c.dep_ == "poss":
                cc = self.kb.country(c.text) or self.kb.demonym(c.text)
                if cc is not None:
                    return cc.code
                m = self.index.at(c.i)
                if m is not None and self.index.actors[m.actor_id].code:
                    return self.index.actors[m.actor_id].code
            if c.dep_ == "prep" and c.lower_ in ("of", "in", "from"):
                for p in c.children:
                    if p.dep_ == "pobj":
                        cc = self.kb.country(p.text)
                        if cc is None:
                            m = self.index.at(p.i)
                            if m is not None and self.index.actors[m.actor_id].code:
                                return self.index.actors[m.actor_id].code
                        else:
                            return cc.code
        return None

    def context_country(self, tok: Token) -> str | None:
        """A descriptor with no country word takes the country its sentence is about."""
        start, end = self.sent_bounds(tok.i)
        for t in self.doc[start:end]:
            m = self.index.at(t.i)
            if m is None or t.i == tok.i:
                continue
            a = self.index.actors[m.actor_id]
            if a.kind in ("state", "place") and a.code:
                return a.code
        return self.dominant

    def coordinated_codes(self, toks: list[Token]) -> list[str]:
        """Every country the modifiers name, in order ("Turkish and Greek", "South Korean")."""
        if not toks:
            return []
        codes: list[str] = []
        covered: set[int] = set()
        for ent in self.ents_within(toks[0].i, toks[-1].i + 1):
            if ent.label_ in ("GPE", "NORP") and toks[0].i <= ent.start and ent.end <= toks[-1].i + 1:
                c = self.kb.country(ent.text) or self.kb.demonym(ent.text)
                if c is not None:
                    covered.update(range(ent.start, ent.end))
                    if c.code not in codes:
                        codes.append(c.code)
        for t in toks:
            if t.i in covered:
                continue
            c = self.kb.demonym(t.text)
            if c is not None and c.code not in codes:
                codes.append(c.code)
        return codes

    def _descriptor_id(self, name: str, kind: str, code: str | None, sector: str | None) -> str:
        key = ("descriptor", code, sector, kind) if code else ("descriptor", name.lower())
        return self.index.new_actor(key, name=name, kind=kind, code=code, sector=sector)

    def _descriptor_actor(self, np: Span, kind: str, code: str | None, sector: str | None, text: str) -> None:
        name = re.sub(r"^(the|a|an) ", "", text.strip(), flags=re.I)
        key = ("descriptor", code, sector, kind) if code else ("descriptor", name.lower())
        aid = self.index.new_actor(key, name=name, kind=kind if kind != "person" else "group", code=code,
                                   sector=sector)  # fmt: skip
        self.index.add_mention(Mention(np.start, np.end, np.root.i, [aid], "descriptor"))
        self.groups.append((np.start, aid))
        if np.root.tag_ == "NN" and kind == "group" and sector not in (None, "GOV", "MIL", "LEG", "COP"):
            self.singulars.append((np.start, aid))  # "a journalist", "the teacher": he or she

    # -- pass 3: coreference --------------------------------------------------------
    def _recent(self, pool: list[tuple[int, str]], before: int, pred=None) -> str | None:
        """The last actor of ``pool`` (sorted by position) mentioned before token ``before``."""
        k = bisect.bisect_left(pool, (before, ""))
        for _, aid in reversed(pool[max(0, k - RECENT) : k]):
            if pred is None or pred(self.index.actors[aid]):
                return aid
        return None

    def coreference(self) -> None:
        self.persons.sort()
        self.groups.sort()
        self.states.sort()
        groups_states = sorted(self.groups + self.states)
        nonpersons = [x for x in groups_states if self.index.actors[x[1]].kind != "person"]
        first_seen: dict[str, int] = {}
        for i, aid in groups_states:
            first_seen.setdefault(aid, i)
        for tok in self.doc:
            if self.index.at(tok.i) is not None:
                continue
            low = tok.lower_
            if low in PRONOUNS_SG and tok.pos_ == "PRON" or low == "his":
                aid = self.pronoun_antecedent(tok)
                if aid:
                    self.index.add_mention(Mention(tok.i, tok.i + 1, tok.i, [aid], "pronoun"))
            elif (
                low in PRONOUNS_IT
                and tok.dep_ in ("nsubj", "nsubjpass", "poss", "dobj", "pobj")
                and tok.head.lemma_ not in ("be", "seem", "appear", "take", "remain")
            ):
                # "Syria says it is willing": a state or organization, never a person
                aid = self.reporter(tok, lambda a: a.kind != "person") or self._recent(nonpersons, tok.i)
                if aid and self.sent_bounds(tok.i)[0] <= first_seen.get(aid, tok.i) + 200:
                    self.index.add_mention(Mention(tok.i, tok.i + 1, tok.i, [aid], "pronoun"))
            elif low in PRONOUNS_PL and tok.pos_ == "PRON":
                # "The officials also said they arrested ...": the reporters themselves
                aid = self.reporter(tok, lambda a: a.kind != "person") or self._recent(groups_states, tok.i)
                if aid:
                    self.index.add_mention(Mention(tok.i, tok.i + 1, tok.i, [aid], "pronoun"))
            elif tok.pos_ in ("NOUN", "PROPN") and tok.dep_ != "compound":
                np = self.noun_phrase(tok)
                det = self.toks[np.start - 1].lower_ if np.start > 0 else ""
                words = np.text.lower()
                if PAIR_WORDS.match(words) or PAIR_WORDS.match(f"the {words}"):
                    pair = self.pair(tok.i, "countr" in words or "nation" in words)
                    if pair:
                        self.index.add_mention(Mention(np.start, np.end, tok.i, pair, "pair"))
                    continue
                if det != "the" and not np.text.lower().startswith("the "):
                    continue
                off = self.kb.office(np.text.lower().removeprefix("the "))
                if off is not None:
                    aid = self.salient_holder(tok.i, off.office)
                    if aid:
                        start = np.start - 1 if det == "the" else np.start
                        self.index.add_mention(Mention(start, np.end, tok.i, [aid], "title"))
                elif tok.lemma_.lower() in COREF_NOUNS and len(np) <= 3:
                    # the last country named, by name or by demonym ("Iraqi ... the country's")
                    aid = self.country_antecedent(tok, np)
                    if aid:
                        start = np.start - 1 if det == "the" else np.start
                        self.index.add_mention(Mention(start, np.end, tok.i, [aid], "title"))

    def reporter(self, tok: Token, pred) -> str | None:
        """In a reported clause a pronoun is the reporter: "Trump said he had a call" -> he = Trump."""
        v = tok.head
        while v.dep_ not in ("ROOT",) and v.head is not v:
            if v.dep_ in ("ccomp", "advcl", "xcomp", "conj", "relcl"):
                for s in v.head.children:
                    if s.dep_ in ("nsubj", "nsubjpass") and s.i < tok.i:
                        m = self.index.at(s.i)
                        if m and pred(self.index.actors[m.actor_id]):
                            return m.actor_id
            v = v.head
        return None

    def country_antecedent(self, tok: Token, np: Span) -> str | None:
        """The last country named before "the country", skipping one that is another argument of
        the same verb ("Russian forces invaded the former Soviet country" is not Russia)."""
        verb = next((t for t in tok.ancestors if t.pos_ in ("VERB", "AUX")), None)
        others: set[int] = set()
        if verb is not None:
            for ch in verb.children:
                if ch.dep_ in ("nsubj", "nsubjpass", "dobj", "agent") and tok not in ch.subtree:
                    others.update(t.i for t in ch.subtree)
        for i, code in reversed(self.country_refs):
            if i < np.start and i not in others:
                return self.index.place_actor(code)
        return None

    def salient_holder(self, before: int, office: str) -> str | None:
        """ "the president": of the people holding that office, the one the story is about so far
        (most mentions; the more recent on a tie)."""
        office = office.lower()
        score: dict[str, float] = {}
        k = bisect.bisect_left(self.persons, (before, ""))
        for n, (_, aid) in enumerate(self.persons[max(0, k - RECENT) : k]):
            a = self.index.actors[aid]
            if a.office and (a.office.lower() == office or office in a.office.lower()):
                score[aid] = score.get(aid, 0) + 1 + n * 1e-3
        for m in self.index.mentions[-RECENT:]:
            if m.start < before and m.kind in ("pronoun", "title") and m.actor_id in score:
                score[m.actor_id] += 1
        return max(score, key=score.get) if score else None

    def pronoun_antecedent(self, tok: Token) -> str | None:
        sent_start = self.sent_bounds(tok.i)[0]
        aid = self.reporter(tok, lambda a: a.kind == "person")
        if aid:
            return aid
        k = bisect.bisect_left(self.persons, (tok.i, ""))
        # an object pronoun is not its own clause's subject: "X detained a reporter and freed him"
        exclude: set[str] = set()
        if tok.dep_ in ("dobj", "dative", "pobj"):
            v = tok.head.head if tok.dep_ == "pobj" else tok.head
            while v.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in v.children):
                v = v.head
            for c in v.children:
                m = self.index.at(c.i) if c.dep_ in ("nsubj", "nsubjpass") else None
                if m is not None:
                    exclude.update(m.actor_ids)
        cands = [(i, a) for i, a in self.persons[max(0, k - RECENT) : k] if a not in exclude]
        if not cands:
            # no person: a singular human descriptor ("an independent journalist ... him")
            near = [(i, a) for i, a in self.singulars if i < tok.i and tok.i - i < 60 and a not in exclude]
            return near[-1][1] if near else None
        aid = cands[-1][1]
        # prefer the subject of the previous sentence when the nearest person is an object
        prev_subjects = []
        for i, cand in reversed(cands):
            if i < sent_start - 80:
                break
            m = self.index.at(i)
            if m is not None and self.toks[m.head].dep_ in ("nsubj", "nsubjpass"):
                prev_subjects.append((i, cand))
        if prev_subjects and aid not in {c for _, c in prev_subjects}:
            near_i = cands[-1][0]
            subj_i, subj = prev_subjects[0]
            if self.sent_bounds(near_i)[0] < sent_start and near_i - subj_i < 40:
                return subj
        return aid

    def pair(self, before: int, states: bool) -> list[str]:
        pool = self.states if states else self.persons
        out: list[str] = []
        for i, aid in reversed(pool):
            if i < before and aid not in out:
                out.append(aid)
            if len(out) == 2:
                break
        return list(reversed(out)) if len(out) == 2 else []

    def run(self) -> ActorIndex:
        # the country the story is about: its most-mentioned country or demonym
        counts: dict[str, int] = {}
        for ent in self.ents:
            if ent.label_ in ("GPE", "NORP"):
                c = self.kb.country(ent.text) or self.kb.demonym(ent.text)
                if c is not None:
                    counts[c.code] = counts.get(c.code, 0) + 1
        self.dominant = max(counts, key=counts.get) if counts else None
        self.story_codes = set(counts)
        self.country_refs = sorted(
            (ent.start, c.code)
            for ent in self.ents
            if ent.label_ in ("GPE", "NORP")
            for c in [self.kb.country(ent.text) or self.kb.demonym(ent.text)]
            if c is not None
        )
        self.full_names: dict[str, list[str]] = {}
        for ent in self.ents:
            if ent.label_ == "PERSON":
                parts = re.sub(r"['’]s$", "", ent.text.strip()).split()
                if len(parts) > 1 and parts[0][:1].isupper():
                    full = " ".join(parts)
                    known = self.full_names.setdefault(parts[-1].lower(), [])
                    if not any(_same_name(full, k) for k in known):
                        known.append(full)
        self.names()
        self.known_names()
        self.descriptors()
        self.coreference()
        return self.index


def _same_name(a: str, b: str) -> bool:
    """ "Richard Bennett" and "Richard J. Bennett" are one person; "Naftali Bennett" is another."""
    return a.split()[0].lower() == b.split()[0].lower()


def dateline_end(toks: list[Token]) -> int:
    """Token index after a wire dateline ("KHARTOUM, Sudan (AP) —"), else 0: a dateline names
    where the story was filed, not an actor."""
    for i, t in enumerate(toks[:14]):
        if t.text in ("—", "–", "--") or (t.text == "-" and i > 1):
            head = [x for x in toks[:i] if x.is_alpha]
            if head and head[0].is_upper and len(head[0].text) > 1:
                return i + 1
            return 0
        if t.is_space and "\n" in t.text:
            return 0
    return 0


_VOCAB: dict[int, frozenset[str]] = {}


_HEADS: dict[int, frozenset[str]] = {}


def head_words(kb: KB) -> frozenset[str]:
    """The last word of every descriptor, institution, office and organization the knowledge
    base knows, in the forms a token can take: the words a descriptor can end with."""
    heads = _HEADS.get(id(kb))
    if heads is None:
        words = set()
        for table in (kb._sector, kb._inst, kb._office, kb._org):
            for key in table:
                if key:
                    last = key.split()[-1]
                    words.update((last, last + "s", last + "es"))
                    if last.endswith("y"):
                        words.add(last[:-1] + "ies")
                    if last.endswith("man"):
                        words.add(last[:-3] + "men")
        heads = _HEADS[id(kb)] = frozenset(words)
    return heads


def title_vocabulary(kb: KB) -> frozenset[str]:
    """Every word of every office name, for spotting lowercase titles ("former president")."""
    vocab = _VOCAB.get(id(kb))
    if vocab is None:
        vocab = frozenset(w for key in kb._office for w in key.split())
        _VOCAB[id(kb)] = vocab
    return vocab


def find_actors(doc: Doc, published: date | None = None, kb: KB | None = None) -> ActorIndex:
    return Resolver(doc, published, kb or default_kb()).run()
