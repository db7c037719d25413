"""Actors pass 1: named entities, widened to their titles and read with the knowledge base."""

from __future__ import annotations

import bisect
import re

import numpy
from spacy.symbols import PROPN
from spacy.tokens import Span

from .actor_index import CREDIT_WORDS, LOCATIVE, NAME_LABELS, NOT_ACTORS, POSSESSIVE, SMALL_TOWN, Mention
from .nlp import span_text, string_ids

# where a plural believers' noun stands as a participant ("freed 19 Christians")
ARG_DEPS_NORP = {"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "dative"}
# where a bare surname stands as a participant ("Pedersen said")
ARG_DEP_IDS = frozenset(string_ids(("nsubj", "nsubjpass", "dobj", "pobj", "poss", "conj", "appos")).tolist())


class NamesPass:
    """Methods of ``actors.Resolver`` for pass 1 (people, states, places, organizations)."""

    def names(self) -> None:
        # people first: their titles hold organisation words ("Secretary of State", "CIA")
        ents = sorted(self.ents, key=lambda e: (e.label_ != "PERSON", e.start))
        whole = self._names_cut_at_of()
        for ent in ents:
            if ent.label_ not in NAME_LABELS or ent.end <= self.dateline_end:
                continue
            if whole and any(w.start <= ent.start < w.end for w in whole):
                continue  # read in full already
            text = span_text(ent).strip()
            if not text or text.lower() in NOT_ACTORS or not any(map(str.isalpha, text)):
                continue
            if self.kb.is_region(text) or self.in_credit_line(ent):
                continue  # "Asia", "the Sahel": no state's; "By Jane Doe": the writer, not an actor
            label = ent.label_
            if label in ("PERSON", "ORG") and (
                self.kb.is_thing(text) or (label == "PERSON" and self.kb.is_thing(text.split()[0]))
            ):
                continue  # "Cyclone Jude", "COVID-19": a storm or a disease tagged as a name
            if label in ("PERSON", "ORG") and self._place_not_person(text, label):
                label = "GPE"  # "Bandar Abbas", "Edmonton": a city the tagger took for a name
            if label in ("ORG", "GPE", "FAC", "LOC") and (
                self._known_person(text) or self._run_in_name(ent).start != ent.start
            ):
                label = "PERSON"  # "Asian NATO Ishiba's call": a run-in heading before a name
            org = self.kb.organization(text) if label == "PERSON" else None
            leader = self.kb.leader(text, self.on) if org is not None else None
            if org is not None and org.code and (leader is None or self._org_row(leader, org)):
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

    def _names_cut_at_of(self) -> list[Span]:
        """Organisations the tagger cut at "of" ("the Liberation Tigers" + "of Tamil Eelam"),
        read whole when the knowledge base knows the longer name; their entries are made here."""
        out: list[Span] = []
        for ent in self.ents:
            if ent.label_ != "ORG" or ent.end + 1 >= len(self.doc) or self.toks[ent.end].lower_ != "of":
                continue
            j = ent.end + 1
            while j < len(self.doc) and j - ent.end <= 4 and self.toks[j].is_title:
                j += 1
            for k in range(j, ent.end + 1, -1):
                span = self.doc[ent.start : k]
                org = self.kb.organization(re.sub(r"^(the|The) ", "", span_text(span)))
                if org is not None and org.code:
                    self._entry(span, org)
                    out.append(span)
                    break
        return out

    def _line_breaks(self) -> list[int]:
        """Token indices of the whitespace tokens that hold a line break, found once a story."""
        breaks = getattr(self, "_breaks", None)
        if breaks is None:
            spaces = numpy.flatnonzero(self.a_space).tolist()  # no Token for the other words
            breaks = self._breaks = [i for i in spaces if "\n" in self.toks[i].text]
        return breaks

    def in_credit_line(self, ent: Span) -> bool:
        """A byline, photo credit or contributor line ("By Jane Doe", "Photo: John Roe/AFP",
        "Jane Doe contributed to this report"): who wrote the story, not who is in it."""
        after = self.text_of(ent.end, ent.end + 8).lower()
        if after.startswith("contributed") or " contributed to this report" in after:
            return True  # "Ana Doe of the radio's Tamil desk contributed to this report", run on
        breaks = self._line_breaks()
        k = bisect.bisect_left(breaks, ent.start)
        i = breaks[k - 1] if k else -1
        m = bisect.bisect_left(breaks, ent.end)
        j = breaks[m] if m < len(breaks) else len(self.toks)
        if j - i - 1 > 25:
            return False  # a credit line is short; a paragraph is not one
        n = j - i - 1  # the line's tokens: i + 1 .. j
        first = self.toks[i + 1].lower_ if n else ""
        if first == "by" and n <= 12:
            return True
        low = self.text_of(i + 1, j).lower()
        return n <= 25 and any(w in low for w in CREDIT_WORDS)

    def _org_row(self, leader, org) -> bool:
        """A converted "person" row that is the organisation itself ("The Islamic State")."""
        names = {x.lower().removeprefix("the ") for x in (org.name, *org.aliases)}
        return leader.name.lower().removeprefix("the ") in names

    def base_country(self, tok) -> str | None:
        """Where a transnational armed group acts: a country named in a place phrase after it in
        its sentence ("IS positions in eastern Syria"), else the country the story is about."""
        _, end = self.sent_bounds(tok.i)
        k = bisect.bisect_right(self.country_refs, (tok.i, "~"))
        for i, code in self.country_refs[k:]:
            if i >= end:
                break
            t = self.toks[i]
            if t.head.lower_ in LOCATIVE or t.head.head.lower_ in LOCATIVE:
                return code
        return self.dominant

    def descriptor_country(self, ent: Span) -> str | None:
        """The demonym of a descriptor run in front of a name: "Afghan writer Ana Doe",
        "a Kenyan rights lawyer, Ana Doe". Only nouns and adjectives between them."""
        i = ent.start - 1
        if i >= 0 and self.toks[i].text == ",":
            i -= 1
        head = self.toks[i] if i >= 0 else None
        if head is None or not (
            self.kb.noun_class(head.text) == "agent" or self.kb.sector_noun(head.lemma_) is not None
        ):
            return None  # "Indian reluctance Ana Doe": a run-in heading, not who she is
        n = 0
        while i >= 0 and n < 5:
            t = self.toks[i]
            if t.pos_ not in ("ADJ", "NOUN", "PROPN", "NUM") and t.text not in ("-",):
                break
            c = self.kb.demonym(t.text)
            if c is not None:
                return c.code
            i -= 1
            n += 1
        return None

    def _place_not_person(self, text: str, label: str = "PERSON") -> bool:
        """A "person" of two words or more, or a one-word "organisation", that is a large city
        and no one the story or the KB knows."""
        words = text.split()
        if self.kb.country(text) is not None:
            return False  # a capital acting ("Santiago condemned Lima") is its government
        if label == "ORG":
            if len(words) > 1 or self.kb.organization(text) or self.kb.institution(text):
                return False
        elif len(words) < 2 or self.kb.leader(text, self.on) is not None:
            return False
        if words[-1].lower() in self.full_names or words[-1].lower() in self.surnames:
            return False
        from .places import Gazetteer

        return any(p.population >= SMALL_TOWN for p in Gazetteer.load().candidates(text))

    def _known_person(self, text: str) -> bool:
        key = POSSESSIVE.sub("", text.split()[-1].lower())
        return key in self.surnames or (
            self.kb.leader(text, self.on) is not None and not self.kb.country(text)
        )

    def person(self, ent: Span) -> None:
        run_in = self._run_in_name(ent)
        run_on = run_in.start != ent.start  # the words cut off are no title either
        ent = run_in
        head = ent.root
        name = re.sub(r"^(the |The )", "", span_text(ent).strip())
        name = POSSESSIVE.sub("", name).strip().replace("’", "'")  # "al-Rufay’i" is "al-Rufay'i"
        if not name:
            return
        tstart = ent.start if run_on else self.title_span(ent)
        title_toks = self.toks[tstart : ent.start]
        title_text = " ".join(t.text for t in title_toks)
        offices = self.kb.find_offices(title_text) if title_text else []
        office = offices[-1][1] if offices else self.appos_office(head)
        code = self.title_code(title_toks) or self.right_country(head) or self.descriptor_country(ent)
        if code == "IMG":  # "IS deputy caliph X": the group's base, as for the group itself
            code = self.base_country(head) or code
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
                if leader is None and offices:
                    # "President Reagan": a title and a surname the KB knows only in full
                    leader = self.kb.surname_leader(name, self.on)
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

    def _run_in_name(self, ent: Span) -> Span:
        """The name inside an entity that swallowed the words before it: a subheading run into
        the next sentence ("Asian NATO Ishiba's call") when the story names "Shigeru Ishiba"."""
        words = POSSESSIVE.sub("", span_text(ent).strip()).replace("’", "'").split()
        if len(words) < 2:
            return ent
        known = self.full_names.get(words[-1].lower(), [])
        if len(known) != 1 or known[0] == " ".join(words):
            return ent
        first = known[0].split()[0]
        if first in words or not self.party_words(words[:-1]):
            return ent
        cut = next((t.i for t in ent if t.text == words[-1]), None)
        if cut is None:
            return ent
        return self.doc[cut : ent.end]

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
        text = span_text(ent)
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
        # and so does one coordinated with such an adjective: "the Turkish and Greek sides"
        mod = head.head
        if head.dep_ == "conj" and mod.dep_ in ("amod", "compound", "nmod") and mod.head.pos_ == "NOUN":
            return
        text = span_text(ent)
        c = self.kb.demonym(text) or self.kb.country(text)
        if c is None and len(ent) > 1:  # "Bosnian Serbs", "Iraqi Kurds"
            c = next((x for x in (self.kb.demonym(t.text) for t in ent) if x is not None), None)
        if c is None:
            org = self.kb.organization(text)
            if org is not None:
                self._entry(ent, org)
                return
            faith = self.kb.modifier(text[:-1]) if len(ent) == 1 and text.endswith("s") else None
            if faith is not None and faith.sector == "REL" and head.dep_ in ARG_DEPS_NORP:
                # "freed 19 Christians", "attacked Shiites": believers as a group, of the country
                # the sentence is about
                self._descriptor_actor(ent, "group", self.context_country(head), "REL", text)
            return
        name = text if text.endswith("s") else c.name
        aid = self.index.new_actor(("people", c.code), name=name, kind="group", code=c.code)
        self.index.add_mention(Mention(ent.start, ent.end, head.i, [aid], "name"))
        self.groups.append((ent.start, aid))

    def _entry(self, span: Span, entry) -> None:
        kind = (
            entry.kind
            if entry.kind in ("igo", "ngo", "group", "party", "institution", "mnc")
            else "organization"
        )
        code = entry.code
        if code == "IMG":
            # a transnational armed group ("Islamic State") is coded where the story has it act:
            # its base, the country of its sentence or story (PLOVER's coders do the same)
            code = self.base_country(span.root) or code
        aid = self.index.new_actor(("entry", entry.name), name=entry.name, kind=kind, code=code,
                                   sector=entry.sector_on(self.on))  # fmt: skip
        self.index.add_mention(Mention(span.start, span.end, span.root.i, [aid], "name"))
        self.groups.append((span.start, aid))

    def organization(self, ent: Span) -> None:
        text = span_text(ent)
        if self.kb.country(text) is not None and not self.kb.is_ambiguous(text):
            self.place_or_state(ent)  # "Benin" tagged as an organization
            return
        if len(ent) == 1 and self.kb.demonym(text) is not None:
            self.norp(ent)
            return
        if len(ent) == 1 and self._leader_surname(ent.root):
            self.person(ent)  # "Trump signed ..." tagged as an organization
            return
        entry = self.kb.organization(text)
        if entry is not None:
            self._entry(ent, entry)
            return
        # "the Iraqi Government", "State Department", "Russian Defense Ministry"
        np = self.noun_phrase(ent.root)
        np_text = span_text(np)
        ph = self.kb.phrase(np_text, self.on) or self.kb.phrase(text, self.on)
        if ph is not None and (ph.code or ph.sector):
            code = ph.code or self.context_country(ent.root)
            self._descriptor_actor(np if np.start <= ent.start else ent, ph.kind, code, ph.sector, np_text)
            return
        code = (
            self.country_of_words(list(np)) or self.right_country(ent.root) or self.context_country(ent.root)
        )
        aid = self.index.new_actor(("org", text.lower()), name=text, kind="organization", code=code)
        self.index.add_mention(Mention(ent.start, ent.end, ent.root.i, [aid], "name"))
        self.groups.append((ent.start, aid))

    def bare_surnames(self) -> None:
        """A surname the tagger did not take for a name ("Pedersen said Friday ...") is the
        person the story named in full before: a proper noun, an argument, not inside a mention."""
        # proper nouns outside entities, as arguments: sifted on the arrays, no Token for the rest
        for i in numpy.flatnonzero((self.a_pos == PROPN) & (self.a_ent == 0)).tolist():
            if self.deps[i] not in ARG_DEP_IDS or self.index.at(i) is not None:
                continue
            tok = self.toks[i]
            aid = self.surnames.get(tok.lower_.replace("’", "'"))
            if aid is None and self._leader_surname(tok):
                # "Trump and Putin agreed ...": a leader the knowledge base knows by that name
                # alone, the tagger missed at the start of a sentence
                self.person(self.doc[tok.i : tok.i + 1])
                continue
            if aid is None or len(self.index.actors[aid].name.split()) < 2:
                continue
            if not any(i < tok.i for i, a in self.persons if a == aid):
                continue
            self.index.add_mention(Mention(tok.i, tok.i + 1, tok.i, [aid], "name"))
            self.persons.append((tok.i, aid))

    def _leader_surname(self, tok) -> bool:
        """A lone proper noun that is the short name of a leader the knowledge base lists
        ("Putin"), and no organization, place or country word."""
        text = tok.text
        return (
            tok.pos_ == "PROPN"
            and tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "poss", "conj", "appos", "dative")
            and text.istitle()
            and self.kb.leader(text, self.on) is not None
            and self.kb.organization(text) is None
            and self.kb.country(text) is None
            and self.kb.demonym(text) is None
            and not self._place_not_person(text)
        )

    def known_names(self) -> None:
        """Organizations and groups the knowledge base knows but the tagger missed
        ("the Islamic State terror group" tagged as a NORP "Islamic")."""
        doc = self.doc
        toks = self.toks
        i = self.dateline_end
        # where a name can start: a capitalised word that is no punctuation, from the arrays
        starts = numpy.flatnonzero(self.a_titled & ~self.a_punct).tolist()
        for i_start in starts[bisect.bisect_left(starts, i) :]:
            if i_start < i:
                continue  # inside the name read last
            i = i_start
            if self.index.at(i) is not None:
                continue
            j = i
            while (
                j < len(doc)
                and j - i < 7
                and (
                    toks[j].is_title
                    or toks[j].is_upper
                    or toks[j].lower_ in ("of", "the", "and", "for", "al", "-")
                )
            ):
                j += 1
            for k in range(j, i, -1):
                if toks[k - 1].lower_ in ("of", "the", "and", "for", "-") or any(
                    self.index.at(x) for x in range(i, k)
                ):
                    continue
                text = self.text_of(i, k)  # a Span only for a name found: each makes Tokens
                e = self.kb.organization(text)
                if e is not None and e.code:
                    self._entry(doc[i:k], e)
                    i = k
                    break
                if (
                    self.kb.country(text)
                    and not self.kb.demonym(text)  # "Azerbaijani police" is pass 2's
                    and not self.kb.is_ambiguous(text)
                    and doc[i:k].root.pos_ == "PROPN"
                ):
                    self.place_or_state(doc[i:k])  # "Belarus freed ...", untagged
                    i = k
                    break
