"""The event lexicon: trigger rules loaded from YAML (``data/events.yaml``).

A rule is data; this module only reads it into indexes the events stage can look up
by a token's lemma in O(1). Users extend the lexicon with their own YAML files in the
same format (``load_lexicon(extra=[path])``); a user rule with an existing id replaces
the built-in one.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .model import EVENT_TYPES

_KNOWN_KEYS = {
    "rule", "type", "mode", "context", "verbs", "nouns", "adjs", "complement", "obj", "obj_kind",
    "obj_kind_not", "subj_kind", "subj_kind_not", "subj_sector", "recipient", "symmetric", "consumes",
    "confidence", "plural_only", "needs_complement_or_prep", "needs_verb", "not_mod", "mod_required_for",
    "say_must", "not_after", "min_participants", "agent_sector", "agent_sector_not", "subj", "obj_not",
    "deps_not", "obj_actor", "obj_to_kind",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Phrase:
    """A trigger phrase: the head lemma plus the other words that must stand with it."""

    head: str
    words: tuple[str, ...]  # all words, lowercased, in order
    head_pos: int  # index of the head in ``words``

    @property
    def extra(self) -> tuple[str, ...]:
        return self.words[: self.head_pos] + self.words[self.head_pos + 1 :]


@dataclass(slots=True)
class Rule:
    id: str
    type: str
    mode: str | None = None
    context: tuple[str, ...] = ()
    confidence: float = 0.6
    verbs: list[Phrase] = field(default_factory=list)
    nouns: list[Phrase] = field(default_factory=list)
    adjs: list[str] = field(default_factory=list)
    complement: bool = False
    obj: frozenset[str] = frozenset()
    obj_phrases: tuple[tuple[str, ...], ...] = ()
    obj_kind: frozenset[str] = frozenset()
    # another sense when the object is one of these lemmas: "MET their demands" is no meeting
    obj_not: frozenset[str] = frozenset()
    obj_kind_not: frozenset[str] = frozenset()
    subj_kind: frozenset[str] = frozenset()
    subj_kind_not: frozenset[str] = frozenset()
    subj_sector: frozenset[str] = frozenset()
    # the verb's (active) subject must have one of these lemmas: "mortar rounds LANDED"
    subj: frozenset[str] = frozenset()
    subj_phrases: tuple[tuple[str, ...], ...] = ()  # "mortar round": "round" needs "mortar"
    recipient: tuple[str, ...] = ("obj",)
    symmetric: bool = False
    consumes: bool = False
    plural_only: frozenset[str] = frozenset()
    needs_complement_or_prep: frozenset[str] = frozenset()
    needs_verb: frozenset[str] = frozenset()
    not_mod: frozenset[str] = frozenset()
    mod_required_for: dict[str, frozenset[str]] = field(default_factory=dict)
    say_must: bool = False
    not_after: frozenset[str] = frozenset()  # words that, right before the trigger, cancel it
    min_participants: int = 1
    # sense by argument kind: the doer's sector must be (or must not be) one of these
    # ("carried out a strike": MIL is an air strike, anyone else a labour strike)
    agent_sector: frozenset[str] = frozenset()
    agent_sector_not: frozenset[str] = frozenset()
    # another sense when the verb has a dependent of one of these kinds: "called THEM liars"
    # (oprd) names, it does not phone; "workers are striking" has no object, "striking IT" hits
    deps_not: frozenset[str] = frozenset()
    # a direct object, when the verb has one, must name an actor or a place: "fought the rebels"
    # is combat, "fought corruption" or "battled the blaze" is not (a cognate object, "fought a
    # battle", is the combat itself); the value lists those cognate object lemmas
    obj_actor: frozenset[str] | None = None
    # a direct object handed on to one of these kinds or sectors: "returned the statues TO
    # Greece", "TO the Greek government" (and not "returned to Greece", with no object)
    obj_to_kind: frozenset[str] = frozenset()

    @property
    def specificity(self) -> int:
        return (
            2 * bool(self.obj)
            + 2 * bool(self.subj)
            + 2 * bool(self.complement)
            + bool(self.needs_verb)
            + bool(self.needs_complement_or_prep)
            + bool(self.obj_kind or self.subj_kind or self.subj_sector or self.obj_to_kind)
            + 2 * bool(self.agent_sector)
        )


# Verb phrases are written head first ("call for", "pull out of"); noun phrases head
# last ("air strike"), except those with "of" ("state of emergency").
def _verb_phrase(text: str) -> Phrase:
    words = tuple(text.lower().split())
    return Phrase(words[0], words, 0)


def _noun_phrase(text: str) -> Phrase:
    words = tuple(text.lower().split())
    pos = words.index("of") - 1 if "of" in words else len(words) - 1
    return Phrase(words[pos], words, pos)


def rule_from_dict(d: dict[str, Any], source: str) -> Rule:
    unknown = set(d) - _KNOWN_KEYS
    if unknown:
        raise ValueError(f"{source}: rule {d.get('rule')!r} has unknown keys {sorted(unknown)}")
    if d.get("type") not in EVENT_TYPES:
        raise ValueError(f"{source}: rule {d.get('rule')!r} has type {d.get('type')!r}, not a PLOVER type")
    objs = [o.lower() for o in d.get("obj") or []]
    return Rule(
        id=d["rule"],
        type=d["type"],
        mode=d.get("mode"),
        context=tuple(d.get("context") or ()),
        confidence=float(d.get("confidence", 0.6)),
        verbs=[_verb_phrase(v) for v in d.get("verbs") or []],
        nouns=[_noun_phrase(n) for n in d.get("nouns") or []],
        adjs=[a.lower() for a in d.get("adjs") or []],
        complement=bool(d.get("complement")),
        obj=frozenset(o.split()[-1] for o in objs),
        obj_phrases=tuple(tuple(o.lower().split()) for o in objs),
        obj_kind=frozenset(d.get("obj_kind") or ()),
        obj_not=frozenset(d.get("obj_not") or ()),
        obj_kind_not=frozenset(d.get("obj_kind_not") or ()),
        subj_kind=frozenset(d.get("subj_kind") or ()),
        subj_kind_not=frozenset(d.get("subj_kind_not") or ()),
        subj_sector=frozenset(d.get("subj_sector") or ()),
        subj=frozenset(w.lower().split()[-1] for w in d.get("subj") or ()),
        subj_phrases=tuple(tuple(w.lower().split()) for w in d.get("subj") or ()),
        recipient=tuple(d.get("recipient") or ("obj",)),
        symmetric=bool(d.get("symmetric")),
        consumes=bool(d.get("consumes")),
        plural_only=frozenset(d.get("plural_only") or ()),
        needs_complement_or_prep=frozenset(d.get("needs_complement_or_prep") or ()),
        needs_verb=frozenset(d.get("needs_verb") or ()),
        not_mod=frozenset(d.get("not_mod") or ()),
        mod_required_for={k: frozenset(v) for k, v in (d.get("mod_required_for") or {}).items()},
        say_must=bool(d.get("say_must")),
        not_after=frozenset(d.get("not_after") or ()),
        # a consultation takes two: "the cabinet met" is no CONSULT between actors
        min_participants=int(d.get("min_participants", 2 if d["type"] == "CONSULT" else 1)),
        agent_sector=frozenset(d.get("agent_sector") or ()),
        agent_sector_not=frozenset(d.get("agent_sector_not") or ()),
        deps_not=frozenset(d.get("deps_not") or ()),
        obj_actor=frozenset(d["obj_actor"] or ()) if "obj_actor" in d else None,
        obj_to_kind=frozenset(d.get("obj_to_kind") or ()),
    )


@dataclass
class Lexicon:
    rules: dict[str, Rule]
    verbs: dict[str, list[tuple[Rule, Phrase]]]
    nouns: dict[str, list[tuple[Rule, Phrase]]]
    adjs: dict[str, list[Rule]]
    say_must: list[Rule]
    cues: dict[str, Any]

    @classmethod
    def from_rules(cls, rules: list[Rule], cues: dict[str, Any]) -> Lexicon:
        by_id: dict[str, Rule] = {}
        for r in rules:
            by_id[r.id] = r  # later files override earlier ones
        verbs: dict[str, list[tuple[Rule, Phrase]]] = {}
        nouns: dict[str, list[tuple[Rule, Phrase]]] = {}
        adjs: dict[str, list[Rule]] = {}
        for r in by_id.values():
            for p in r.verbs:
                verbs.setdefault(p.head, []).append((r, p))
            for p in r.nouns:
                nouns.setdefault(p.head, []).append((r, p))
            for a in r.adjs:
                adjs.setdefault(a, []).append(r)

        # most specific first: more words, then more constraints
        def key(rp):
            return (-len(rp[1].words), -rp[0].specificity)

        for table in (verbs, nouns):
            for k in table:
                table[k].sort(key=key)
        return cls(by_id, verbs, nouns, adjs, [r for r in by_id.values() if r.say_must], cues)


#: libyaml's parser where PyYAML was built with it: the rule files take seconds to read with the
#: pure-Python one, at every start. Both resolve scalars with the same Python resolver (below).
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):
    """YAML 1.1 reads on/off/yes/no as booleans; in word lists they are words."""


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:bool"]
    for k, v in _SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _read_yaml(path: Path | str) -> Any:
    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass


def data_path(name: str) -> Path:
    return Path(str(resources.files("parley") / "data" / name))


@functools.lru_cache(maxsize=8)
def load_lexicon(extra: tuple[str, ...] = ()) -> Lexicon:
    """The built-in lexicon plus user rule files, compiled for lookup."""
    rules = [rule_from_dict(d, "events.yaml") for d in _read_yaml(data_path("events.yaml"))]
    for path in extra:
        rules += [rule_from_dict(d, str(path)) for d in _read_yaml(path) or []]
    cues = _read_yaml(data_path("event_cues.yaml"))
    return Lexicon.from_rules(rules, cues)
