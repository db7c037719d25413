"""The actors stage's index: ``Mention``, ``ActorIndex`` and the word lists the passes share.

Split out of ``actors.py`` (the stage's entry point, which re-exports these names).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .model import Actor, Quote, TextSpan
from .nlp import doc_text, span_text, token_offsets

NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"}
TITLE_DEPS = {"compound", "amod", "nmod", "poss", "det", "punct", "case", "nummod", "prep", "pobj", "cc"}
PRONOUNS_SG = {"he", "him", "his", "she", "her", "hers", "himself", "herself"}
PRONOUNS_PL = {"they", "them", "their", "themselves"}
PRONOUNS_IT = {"it", "its", "itself"}
LOCATIVE = {"in", "at", "near", "to", "from", "into", "outside", "across", "inside", "around", "through"}
RECENT = 400  # how far back coreference looks, in mentions: bounds the cost on very long stories
COREF_NOUNS = {"country", "nation", "state", "republic", "kingdom"}  # "the former Soviet country"
BLOC_NOUNS = {"bloc", "alliance"}  # "the bloc", "the 32-member alliance": the last organisation of states
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
POSSESSIVE = re.compile(r"['’]s$")  # a trailing "'s", compiled once: every name is read with it
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

    def add_mention(self, m: Mention, replace: bool = False, shown: Span | None = None) -> None:
        """``shown``: the text the mention is reported with, when wider than its tokens."""
        # a set test, not a generator: this runs for every mention the passes make
        if not replace and not self._by_token.keys().isdisjoint(range(m.start, m.end)):
            return
        self.mentions.append(m)
        for i in range(m.start, m.end):
            self._by_token[i] = m
        if shown is not None or m.end <= m.start:
            span = shown if shown is not None else self.doc[m.start : m.end]
            text, start, end = span_text(span), span.start_char, span.end_char
        else:
            # the mention's characters, cut from the text once built: a Span joins its
            # tokens' texts anew on each ``.text`` (this runs for every mention of a story)
            starts, ends = token_offsets(self.doc)
            start, end = starts[m.start], ends[m.end - 1]
            text = doc_text(self.doc)[start:end]
        for aid in m.actor_ids:
            self.actors[aid].mentions.append(TextSpan(text, start, end))

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
                    # and the ones coordinated with it: "ties with Peru and Chile" is both
                    out = list(m.actor_ids)
                    for c in t.children:
                        cm = self._by_token.get(c.i) if c.dep_ == "conj" else None
                        out.extend(a for a in (cm.actor_ids if cm else []) if a not in out)
                    return out
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

    def unidentified_actor(self) -> str:
        """PLOVER's unidentified armed forces (code and sector UAF), for violence whose
        perpetrator the story does not name ("a bomb exploded at a market, killing six")."""
        aid = self.new_actor(("unidentified", "UAF"), name="unidentified attackers", kind="group", code="UAF",
                             sector="UAF")  # fmt: skip
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
