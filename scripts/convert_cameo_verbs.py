"""Convert PETRARCH-2's CAMEO verb patterns into Parley's data file ``data/cameo_verbs.json``.

Rerun it when the source or the mapping changes::

    .venv/bin/python scripts/convert_cameo_verbs.py \\
        --verbs ../shared/reference/petrarch2/CAMEO.verbpatterns.150430.txt \\
        --plover ../shared/reference/CAMEO2PLOVER-2021.txt

The source (MIT licence, Open Event Data Alliance) is TABARI-style: synonym sets (``&NAME``
then ``+WORD`` lines), then verb blocks (``--- NAME [code] ---``, verb lines, then
``- pre * post [code]`` patterns). PETRARCH matches the words after ``*`` in word order; Parley
matches them against the verb's arguments in the dependency parse, so each pattern becomes

- ``obj``: the words before the first preposition (the object's head and modifiers),
- ``preps``: ``[preposition, [words]]`` groups,
- ``target`` / ``source``: the slot where ``+`` / ``$`` stood (``"obj"`` or a preposition),

with words lemmatized by spaCy and synonym sets kept as ``&NAME`` classes. Patterns that cannot
be read as arguments of one verb are dropped, each with a reason counted in the summary:
words before the verb (subject or auxiliary context), clause patterns (auxiliaries, negation,
pronouns, inflected verbs: "* + WAS BEHIND THE ATTACK"), and long ones (more than four words).
Nouns before the verb ("&MILITARY *", "POLICE *") become ``subj``: words its subject must carry;
auxiliaries, negation and other verbs before it ("WILL *", "SAID + MUST *") are left to Parley's
own verb-group analysis, so those patterns are dropped too.

CAMEO codes map to PLOVER through CAMEO2PLOVER-2021.txt, the longest listed prefix of the
code deciding. CAMEO 01 (statements), 02 (appeals) and the null code ``---`` have no PLOVER
event; they are kept with ``type: null`` so a caller can let them veto a weaker reading. One
block code is set here (``BLOCK_CODES``): PETRARCH's REFUSE block is null because its engine
combines "refuse" with the verb refused; alone, refuse/reject/deny/rule out are CAMEO 120.
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_VERBS = ROOT.parent / "shared" / "reference" / "petrarch2" / "CAMEO.verbpatterns.150430.txt"
DEFAULT_PLOVER = ROOT.parent / "shared" / "reference" / "CAMEO2PLOVER-2021.txt"
OUT = ROOT / "src" / "parley" / "data" / "cameo_verbs.json"


def _words(text: str) -> set[str]:
    return set(text.split())


PREPOSITIONS = _words(
    "about above across after against along amid amidst among amongst around as at before behind below "
    "beneath beside besides between beyond by despite during for from in inside into near of off on onto "
    "out outside over past per since than through throughout to toward towards under until unto up upon "
    "via with within without"
)
# Dropped from patterns: they carry no content a parse would let us match.
STOP = _words("the a an its his her their our my your this these those")
# A pattern with one of these is a clause, not arguments of one verb.
CLAUSE = _words(
    "will would shall should must can could may might not no never n't has have had was were is are am "
    "be been being that who which whom whose it he she they we i you also did does do said say says "
    "if when while because"
)
PARTICLES = {"up", "off", "out", "down", "back", "away", "forth", "together", "over", "on", "in", "about"}
MAX_WORDS = 4
# PETRARCH gives the REFUSE block the null code and lets "refused to X" combine with the inner
# verb's code; Parley has no such combination, and alone these verbs are CAMEO 120 (reject).
BLOCK_CODES = {"refuse": "120"}


def plover_table(path: Path) -> dict[str, tuple[str | None, str | None, list[str]]]:
    """CAMEO code -> (PLOVER type, mode, contexts) from CAMEO2PLOVER-2021.txt."""
    table: dict[str, tuple[str | None, str | None, list[str]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        m = re.match(r"^(\d{2,4}):\s*(.*)$", line)
        if not m:
            continue
        code, rest = m.groups()
        parts = [p.strip() for p in rest.split(",")]
        kind = parts[0] or None
        mode = parts[1].strip() if len(parts) > 1 and parts[1].strip() else None
        contexts = [c.strip() for c in parts[2].split(";") if c.strip()] if len(parts) > 2 else []
        if code not in table:  # the file lists a few codes twice (175); the first stands
            table[code] = (kind, mode, contexts)
    # The PLOVER manual drops CAMEO 01 (statements) and 02 (appeals): explicit non-events.
    table.setdefault("01", (None, None, []))
    table.setdefault("02", (None, None, []))
    return table


def map_code(code: str, table) -> tuple[str | None, str | None, list[str]]:
    if not code or code.startswith("-"):
        return (None, None, [])
    for n in range(len(code), 1, -1):
        if code[:n] in table:
            kind, mode, contexts = table[code[:n]]
            if n < len(code) and n == 2:
                return (kind, None, [])  # only the cue category is known
            return (kind, mode, contexts)
    return (None, None, [])


def rule_code(code: str) -> str:
    return "none" if code.startswith("-") else code


def strip_comment(line: str) -> str:
    return line.split("#", 1)[0].rstrip()


def parse_code(text: str) -> str | None:
    m = re.search(r"\[([^\]]*)\]", text)
    if not m:
        return None
    # "040:040" is the code and its reverse; a stray "!" ("190!") is a TABARI flag
    code = re.sub(r"[^0-9]", "", m.group(1).split(":")[0])
    return code if len(code) >= 2 else "---"


class Converter:
    def __init__(self, nlp, table):
        self.nlp = nlp
        self.table = table
        self.lemmatizer = nlp.get_pipe("lemmatizer")
        self.index = self.lemmatizer.lookups.get_table("lemma_index")
        self.cache: dict[tuple[str, str], str] = {}
        self.synsets: dict[str, list[list[str]]] = {}
        self.verb_forms: set[str] = set()  # inflected (-ed / irregular) forms: a clause inside a pattern
        self.dropped: Counter[str] = Counter()
        self.verbs: list[dict] = []
        self.patterns: list[dict] = []

    @functools.lru_cache(maxsize=4)  # noqa: B019 - one converter a run
    def known(self, pos: str) -> frozenset[str]:
        return frozenset(self.index.get(pos, ()))

    def lemma(self, word: str, pos: str = "NOUN") -> str:
        key = (word, pos)
        if key not in self.cache:
            from spacy.tokens import Doc

            w = word.lower()
            doc = Doc(self.nlp.vocab, words=[w], pos=[pos])
            # The rules alone turn "crisis" into "crisi" and "bases" into "basis": take a candidate
            # spaCy knows as a lemma, the one that the word starts with first, else the word itself.
            known = self.known(pos.lower())
            cands = [c.lower() for c in self.lemmatizer.rule_lemmatize(doc[0])]
            good = [c for c in cands if c in known or c == w]
            good.sort(key=lambda c: not w.startswith(c))
            self.cache[key] = good[0] if good else w
        return self.cache[key]

    # ------------------------------------------------------------ reading

    def read(self, path: Path) -> None:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        self.collect_verb_forms(lines)
        block = None
        synset = None
        in_patterns = False
        for raw in lines:
            if raw.startswith("#") or not raw.strip():
                synset = None if not raw.strip() else synset
                if "VERB PATTERNS" in raw:
                    in_patterns = True
                continue
            line = strip_comment(raw)
            if not line.strip():
                continue
            if line.startswith("&") and not line.startswith("---"):
                name = line.strip()
                noplural = name.endswith("_")
                synset = name.rstrip("_")
                self.synsets[synset] = []
                continue
            if line.startswith("+") and synset is not None:
                words = line[1:].strip().rstrip("_").lower().replace("_", " ").split()
                if words:
                    words[-1] = words[-1] if noplural else self.lemma(words[-1])
                    if words not in self.synsets[synset]:
                        self.synsets[synset].append(words)
                continue
            synset = None
            if not in_patterns:
                continue
            if line.startswith("---"):
                name = line.strip("- ").split("[")[0].strip().lower().replace("_", "-")
                block = {"name": name, "code": BLOCK_CODES.get(name) or parse_code(line) or "---"}
                continue
            if line.startswith("-"):
                if block is not None:
                    self.read_pattern(block, line, raw)
                continue
            if block is not None:
                self.read_verb(block, line)

    def collect_verb_forms(self, lines: list[str]) -> None:
        for raw in lines:
            line = strip_comment(raw)
            if not line or line[0] in "-&#" or line.startswith("+") and "_" not in line:
                continue
            for form in re.findall(r"\{([^}]*)\}", line):
                for w in form.split():
                    w = w.replace("+", "").lower()
                    if "_" not in w and not w.endswith("s"):
                        self.verb_forms.add(w)
            head = line.split("{")[0].split("[")[0].strip()
            if head and "_" not in head and head.isalpha():
                base = head.lower()
                self.verb_forms.add(base + "d" if base.endswith("e") else base + "ed")

    def read_verb(self, block: dict, line: str) -> None:
        head = line.split("{")[0].split("[")[0].strip()
        if not head:
            return
        code = parse_code(line.split("}")[-1]) or block["code"]
        words = head.split("_")
        if "+" in head:
            marked = [i for i, w in enumerate(words) if w.startswith("+")]
            if not marked or marked[0] != 0:
                self.dropped["verb with words before it (RE_+ARREST, WIRE_+TAP)"] += 1
                return
            if any(w.upper() == "AND" for w in words) or "{}" in line:
                self.dropped["verb pair (ATTACKED_AND_STABBED)"] += 1
                return
            lemma = self.lemma(words[0][1:], "VERB")
            extra = [w.lower() for w in words[1:]]
        else:
            if len(words) > 1:
                self.dropped["multi-word verb without +"] += 1
                return
            lemma = self.lemma(head, "VERB")
            extra = []
        kind, mode, contexts = map_code(code, self.table)
        rid = ".".join(["cameo", rule_code(code), "-".join([lemma, *extra])])
        self.verbs.append(
            {"rule": rid, "lemma": lemma, "extra": extra, "block": block["name"], "code": code,
             "type": kind, "mode": mode, "context": contexts}
        )  # fmt: skip
        block.setdefault("has_verbs", True)

    def read_pattern(self, block: dict, line: str, raw: str) -> None:
        body = line[1:]
        code = parse_code(body)
        if code is None:
            self.dropped["pattern without a code"] += 1
            return
        body = body.split("[")[0]
        if body.count("*") != 1:
            self.dropped["pattern without exactly one *"] += 1
            return
        pre, post = body.split("*")
        pre_words = [w for w in re.split(r"[\s_]+", pre) if w]
        subj = self.subject_words(pre_words)
        if isinstance(subj, str):
            self.dropped[subj] += 1
            return
        tokens = [w for w in re.split(r"[\s_]+", post.strip()) if w]
        if not tokens and not subj:
            self.dropped["no words after the verb (verb alone, already coded)"] += 1
            return
        parsed = self.slots(tokens) if tokens else ([], [], None, None, None)
        if isinstance(parsed, str) and not (subj and parsed == "only markers after the verb"):
            self.dropped[parsed] += 1
            return
        obj, preps, target, source, particle = (
            parsed if not isinstance(parsed, str) else ([], [], None, None, None)
        )
        if "+" in pre_words or "%" in pre_words:
            target = target or "subj"  # "+ * ...": the recipient is the verb's (passive) subject
        kind, mode, contexts = map_code(code, self.table)
        words = [*(["subj", *subj] if subj else []), *([particle] if particle else []), *obj]
        for p, ws in preps:
            words += [p, *ws]
        slug = "-".join(w.lstrip("&").lower() for w in words)
        self.patterns.append(
            {"rule": f"cameo.{rule_code(code)}.{block['name']}.{slug}", "block": block["name"],
             "code": code, "type": kind, "mode": mode, "context": contexts, "subj": subj,
             "particle": particle, "obj": obj, "preps": [[p, ws] for p, ws in preps], "target": target,
             "source": source}
        )  # fmt: skip

    def subject_words(self, pre_words: list[str]) -> list[str] | str:
        """Words before the verb: nouns name its subject ("&MILITARY *", "POLICE *"); an
        auxiliary, negation, preposition or other verb makes the pattern a clause (dropped)."""
        subj: list[str] = []
        for w in pre_words:
            if w in ("$", "+", "%", "^"):
                continue
            lw = w.lower().rstrip("_")
            if w.startswith(("&AUXVERB", "&TOBEVERB")) or lw in CLAUSE or lw in PREPOSITIONS:
                return "words before the verb: auxiliary, negation or preposition (Parley's verb group decides these)"
            if lw in self.verb_forms:
                return "words before the verb: another verb (a governing clause)"
            if w.startswith("&"):
                if w.rstrip("_") not in self.synsets:
                    return "undefined or auxiliary synonym set"
                subj.append(w.rstrip("_"))
            elif lw in STOP:
                continue
            elif re.fullmatch(r"[a-z][a-z'\-]*", lw):
                subj.append(self.lemma(lw))
            else:
                return "odd token"
        if len(subj) > 2:
            return f"long pattern (more than {MAX_WORDS} words or two prepositions)"
        return subj

    def slots(self, tokens: list[str]):
        """Pattern words -> (obj words, prep groups, target slot, source slot, particle), or a reason."""
        obj: list[str] = []
        preps: list[tuple[str, list[str]]] = []
        target = source = None
        particle = None
        n_words = 0
        for i, tok in enumerate(tokens):
            slot = preps[-1][0] if preps else "obj"
            if tok in ("+", "%"):
                target = target or slot
                if tok == "%":
                    source = source or slot
                continue
            if tok == "$":
                source = source or slot
                continue
            if tok == "^":
                continue
            if tok.startswith("&"):
                if tok.rstrip("_") not in self.synsets:
                    return "undefined or auxiliary synonym set"
                if tok.startswith(("&AUXVERB", "&TOBEVERB")):
                    return "clause pattern (auxiliary, negation, pronoun or inflected verb)"
                (preps[-1][1] if preps else obj).append(tok.rstrip("_"))
                n_words += 1
                continue
            w = tok.lower().strip("'.,")
            if not w or w in STOP:
                continue
            if w in CLAUSE or w in self.verb_forms:
                return "clause pattern (auxiliary, negation, pronoun or inflected verb)"
            if not re.fullmatch(r"[a-z][a-z'\-]*", w):
                return "odd token"
            # "* UP" / "* DOWN ...": a particle right after the verb ("on", "in" only when alone)
            next_marker = len(tokens) > 1 and tokens[1].lower() in ("+", "$")
            alone = len(tokens) == 1
            if (
                i == 0
                and w in PARTICLES
                and not next_marker
                and (alone or w not in ("on", "in", "over", "about"))
            ):
                particle = w
                continue
            if w in PREPOSITIONS:
                preps.append((w, []))
                continue
            (preps[-1][1] if preps else obj).append(self.lemma(w))
            n_words += 1
        if n_words + len(preps) + bool(particle) == 0:
            return "only markers after the verb"
        if n_words > MAX_WORDS or len(preps) > 2:
            return f"long pattern (more than {MAX_WORDS} words or two prepositions)"
        if len(obj) > 3 or any(len(ws) > 3 for _, ws in preps):
            return f"long pattern (more than {MAX_WORDS} words or two prepositions)"
        return obj, preps, target, source, particle

    # ------------------------------------------------------------ writing

    def dedupe(self) -> int:
        seen: dict[str, dict] = {}
        out = []
        for p in self.patterns:
            if p["rule"] in seen:
                continue  # the same arguments and code again in one block (PETRARCH lists variants)
            seen[p["rule"]] = p
            out.append(p)
        removed = len(self.patterns) - len(out)
        self.patterns = out
        vseen = set()
        verbs = []
        for v in self.verbs:
            key = (v["lemma"], tuple(v["extra"]), v["block"])
            if key not in vseen:
                vseen.add(key)
                verbs.append(v)
        self.verbs = verbs
        return removed


def write(conv: Converter, out: Path) -> None:
    """One record a line, so a rerun's diff reads pattern by pattern."""
    lines = ["{", '"source": "PETRARCH-2 CAMEO.verbpatterns.150430.txt (MIT, Open Event Data Alliance), '
             'CAMEO codes mapped with CAMEO2PLOVER-2021.txt; written by scripts/convert_cameo_verbs.py",']  # fmt: skip
    lines.append('"synsets": {')
    items = sorted(conv.synsets.items())
    for i, (name, members) in enumerate(items):
        sep = "," if i < len(items) - 1 else ""
        lines.append(f"  {json.dumps(name)}: {json.dumps(members)}{sep}")
    lines.append("},")
    for key, rows in (("verbs", conv.verbs), ("patterns", conv.patterns)):
        lines.append(f'"{key}": [')
        for i, row in enumerate(rows):
            sep = "," if i < len(rows) - 1 else ""
            # empty fields are left out (the loader has defaults): a smaller file loads faster
            row = {k: v for k, v in row.items() if v not in (None, [], "") or k == "type"}
            lines.append("  " + json.dumps(row, separators=(",", ":")) + sep)
        lines.append("]," if key == "verbs" else "]")
    lines.append("}")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--verbs", type=Path, default=DEFAULT_VERBS)
    ap.add_argument("--plover", type=Path, default=DEFAULT_PLOVER)
    ap.add_argument("--output", type=Path, default=OUT)
    args = ap.parse_args(argv)
    from parley import nlp as nlp_stage

    conv = Converter(nlp_stage.load(), plover_table(args.plover))
    conv.read(args.verbs)
    total = len(conv.patterns) + sum(
        v for k, v in conv.dropped.items() if not k.startswith(("verb", "multi"))
    )
    dupes = conv.dedupe()
    write(conv, args.output)
    print(f"patterns read: {total}")
    print(f"patterns converted: {len(conv.patterns)} (+{dupes} duplicates merged)")
    for reason, n in conv.dropped.most_common():
        print(f"  dropped {n:5d}: {reason}")
    print(
        f"verbs: {len(conv.verbs)} in {len({v['block'] for v in conv.verbs})} blocks; synsets: {len(conv.synsets)}"
    )
    nones = sum(p["type"] is None for p in conv.patterns)
    print(f"patterns with no PLOVER event (CAMEO 01/02/---, kept to veto): {nones}")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
