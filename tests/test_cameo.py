"""CAMEO verb patterns (converted from PETRARCH-2) and light verbs, matched over the parse.

Sentences are written for these tests (fictional, news style)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from parley import cameo
from parley.lexicon import data_path
from parley.model import EVENT_TYPES

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def parse(nlp):
    def run(text: str, word: str):
        doc = nlp(text)
        return next(t for t in doc if t.text == word)

    return run


def top(tok):
    found = cameo.match(tok)
    assert found, f"no CAMEO reading for {tok.text!r}"
    return found[0]


# ---------------------------------------------------------------- the data file


def test_converted_patterns_load_with_plover_types():
    lex = cameo.load_cameo_patterns()
    assert lex is cameo.load_cameo_patterns()  # cached: one read per process
    assert lex.n_patterns > 5000 and len(lex.verbs) > 1000
    patterns = lex.patterns()
    assert len(patterns) == lex.n_patterns
    rules = [p.rule for p in patterns]
    assert len(rules) == len(set(rules)), "rule ids must be unique"
    for p in patterns:
        assert p.type is None or p.type in EVENT_TYPES
        assert p.code == "---" or p.code.isdigit()
        assert p.obj or p.preps or p.particle or p.subj
        for w in (*p.obj, *p.subj, *(x for _, ws in p.preps for x in ws)):
            assert not w.startswith("&") or w in lex.synsets
    assert all(v.type is None or v.type in EVENT_TYPES for vs in lex.verbs.values() for v in vs)


def test_data_file_credits_its_source():
    raw = json.loads(data_path("cameo_verbs.json").read_text(encoding="utf-8"))
    assert "PETRARCH" in raw["source"] and "CAMEO2PLOVER" in raw["source"]
    assert "cameo_verbs.json" in data_path("SOURCES.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def converter():
    spec = importlib.util.spec_from_file_location(
        "convert_cameo_verbs", ROOT / "scripts" / "convert_cameo_verbs.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


TINY_DICT = """\
####### SYNONYM SETS #######

&BARRACKS
+BARRACKS_
+GARRISON

####### VERB PATTERNS #######

--- STORM [190] ---
STORM
+BREAK_INTO {+BROKE_INTO +BREAKS_INTO +BREAKING_INTO }
ASSAIL [180]
- * &BARRACKS IN + [192]  # STORM
- * OFFICES OF + [1711]
- RIOT_POLICE * [193]
- * &NOSUCH [190]
- WILL * [138]
- * + WAS BEHIND THE ATTACK [112]
- * STAGE [---]
"""

TINY_PLOVER = """\
19: ASSAULT
190: ASSAULT, , military # Use conventional military force
192: COERCE, seize, military          # Occupy territory
193: ASSAULT, firearms, military # Fight with small arms and light weapons
171: COERCE, seize, human_security    # Seize or damage property
18: ASSAULT
180: ASSAULT, ,    # Use unconventional violence
"""


def test_converter_reads_petrarch_format(converter, nlp, tmp_path):
    verbs = tmp_path / "verbs.txt"
    verbs.write_text(TINY_DICT, encoding="utf-8")
    plover = tmp_path / "plover.txt"
    plover.write_text(TINY_PLOVER, encoding="utf-8")
    conv = converter.Converter(nlp, converter.plover_table(plover))
    conv.read(verbs)
    by_lemma = {v["lemma"]: v for v in conv.verbs}
    assert by_lemma["storm"]["type"] == "ASSAULT" and by_lemma["storm"]["code"] == "190"
    assert by_lemma["assail"]["code"] == "180"  # a verb's own code beats the block's
    assert by_lemma["break"]["extra"] == ["into"]
    pats = {p["rule"]: p for p in conv.patterns}
    barracks = pats["cameo.192.storm.barracks-in"]
    assert barracks["obj"] == ["&BARRACKS"] and barracks["preps"] == [["in", []]]
    assert barracks["target"] == "in" and (barracks["type"], barracks["mode"]) == ("COERCE", "seize")
    offices = pats["cameo.1711.storm.office-of"]  # lemmatized; 1711 maps through its prefix 171
    assert offices["obj"] == ["office"] and offices["type"] == "COERCE"
    assert pats["cameo.193.storm.subj-riot-police"]["subj"] == ["riot", "police"]
    assert pats["cameo.none.storm.stage"]["type"] is None  # the null code is kept, to veto
    # "WILL *", the clause "+ WAS BEHIND ..." and the undefined synonym set
    assert sum(conv.dropped.values()) == 3
    assert any("auxiliary" in reason for reason in conv.dropped)
    assert conv.dropped["undefined or auxiliary synonym set"] == 1


def test_shipped_file_is_the_converters_output(converter, nlp, shared, tmp_path):
    source = shared / "reference" / "petrarch2" / "CAMEO.verbpatterns.150430.txt"
    mapping = shared / "reference" / "CAMEO2PLOVER-2021.txt"
    if not source.exists() or not mapping.exists():
        pytest.skip("PETRARCH-2 reference files not present")
    conv = converter.Converter(nlp, converter.plover_table(mapping))
    conv.read(source)
    conv.dedupe()
    out = tmp_path / "cameo_verbs.json"
    converter.write(conv, out)
    assert out.read_bytes() == data_path("cameo_verbs.json").read_bytes(), (
        "rerun scripts/convert_cameo_verbs.py"
    )


# ---------------------------------------------------------------- matching


def test_verb_alone_gives_the_blocks_code(parse):
    m = top(parse("Government forces shelled the town overnight.", "shelled"))
    assert (m.type, m.code, m.specificity) == ("ASSAULT", "190", 0)
    assert m.rule == "cameo.190.shell"
    assert [t.text for t in m.target_tokens] == ["town"]


def test_object_word_pattern_beats_the_verb_alone(parse):
    m = top(parse("Rebel fighters abandoned their last hilltop stronghold on Sunday.", "abandoned"))
    assert (m.type, m.mode, m.code) == ("RETREAT", "disarm", "0874")
    assert [t.text for t in m.obj_tokens] == ["stronghold"]
    assert m.specificity > 0
    alone = [r for r in cameo.match(m.verb) if r.specificity == 0]
    assert [r.type for r in alone] == ["CONCEDE"]  # abandon alone: 080 (not the null of its other block)


def test_null_code_pattern_can_veto(parse):
    m = top(parse("The council abandoned the plan after a week of debate.", "abandoned"))
    assert m.type is None and m.specificity > 0
    assert [t.text for t in m.obj_tokens] == ["plan"]


def test_object_words_through_compounds_and_of_phrases(parse):
    m = top(parse("The court issued arrest warrants for three former ministers.", "issued"))
    assert (m.type, m.mode) == ("COERCE", "arrest")
    assert {t.text for t in m.obj_tokens} == {"arrest", "warrants"}
    m = top(parse("The governor declared a state of emergency in the province.", "declared"))
    assert (m.type, m.mode) == ("COERCE", "martial-law")


def test_preposition_pattern_and_its_target(parse):
    m = top(parse("Army units engaged in a fierce firefight with the gunmen.", "engaged"))
    assert (m.type, m.mode, m.code) == ("ASSAULT", "firearms", "193")
    assert [t.text for t in m.prep_tokens] == ["in", "firefight"]
    m = top(parse("The militia abandoned an outpost in the eastern district.", "abandoned"))
    assert m.target == "in" and [t.text for t in m.target_tokens] == ["district"]


def test_particle_and_multiword_verbs(parse):
    readings = {r.rule: r for r in cameo.match(parse("Saboteurs blew up a railway bridge.", "blew"))}
    assert readings["cameo.190.blow-up"].specificity > readings["cameo.190.blow"].specificity
    assert readings["cameo.190.blow-up"].type == "ASSAULT"
    m = top(parse("Militiamen fought back against the advancing column.", "fought"))
    assert m.type == "ASSAULT"


def test_subject_words(parse):
    m = top(parse("Warplanes bombed the village at dawn.", "bombed"))
    assert (m.type, m.mode) == ("ASSAULT", "heavy-weapons")
    assert [t.text for t in m.subj_tokens] == ["Warplanes"]


def test_only_verbs_match(parse):
    assert cameo.match(parse("The attack on the convoy killed four.", "attack")) == []
    assert cameo.match(parse("The weather stayed mild.", "weather")) == []


# ---------------------------------------------------------------- light verbs


@pytest.mark.parametrize(
    ("text", "verb", "kind", "mode", "noun"),
    [
        ("Dock workers staged a protest outside the port authority.", "staged", "PROTEST", "demo", "protest"),
        ("The embassy lodged a protest with the foreign ministry.", "lodged", "ACCUSE", "allege", "protest"),
        ("The two delegations held talks in the capital.", "held", "CONSULT", None, "talks"),
        ("The envoys held a second round of talks on Friday.", "held", "CONSULT", None, "talks"),
        ("Peace talks were held behind closed doors.", "held", "CONSULT", None, "talks"),
        ("The premier attended a regional summit.", "attended", "CONSULT", None, "summit"),
        (
            "Border guards engaged in a firefight with smugglers.",
            "engaged",
            "ASSAULT",
            "firearms",
            "firefight",
        ),
        ("The tribunal issued arrest warrants for two generals.", "issued", "COERCE", "arrest", "warrants"),
        ("Students took part in a rally against the tuition rise.", "took", "PROTEST", "demo", "rally"),
        ("The garrison carried out airstrikes on the ridge.", "carried", "ASSAULT", "aerial", "airstrikes"),
    ],
)
def test_light_verb_coded_from_its_noun(parse, text, verb, kind, mode, noun):
    m = cameo.match_light_verb(parse(text, verb))
    assert m is not None
    assert (m.type, m.mode, m.noun.text) == (kind, mode, noun)
    assert m.rule.startswith("light.") and m.code is None


def test_light_verb_needs_an_event_noun(parse):
    assert cameo.match_light_verb(parse("The farmer held a rifle across his knees.", "held")) is None
    assert cameo.match_light_verb(parse("The minister staged a comeback.", "staged")) is None
    assert cameo.match_light_verb(parse("The summit ended early.", "ended")) is None


def test_statement_nouns_are_explicit_non_events(parse):
    m = cameo.match_light_verb(parse("The spokesman held a press conference on Monday.", "held"))
    assert m is not None and m.type is None
    # more words than any CAMEO reading of "hold": the veto outranks "hold a conference" (CONSULT)
    assert m.specificity > top(m.verb).specificity


def test_best_prefers_the_light_reading_over_the_verb_alone(parse):
    tok = parse("The rival factions held talks in the border town.", "held")
    assert cameo.match(tok)[-1].type == "COERCE"  # hold alone: CAMEO 170 (detain)
    m = cameo.best(tok)
    assert m.type == "CONSULT" and m.noun is not None
    assert cameo.best(tok, light=False).type == "CONSULT"  # the pattern "hold TALKS" agrees
    assert cameo.best(parse("Police held the suspect overnight.", "held")).type == "COERCE"


@pytest.mark.parametrize(
    ("text", "verb"),
    [
        ("Saboteurs blew up a railway bridge outside the capital.", "blew"),
        ("The minister called for an immediate ceasefire in the north.", "called"),
        ("Border guards abandoned the outpost in the north overnight.", "abandoned"),
        ("The council imposed a curfew and sent troops to the port.", "sent"),
    ],
)
def test_best_without_light_verbs_is_the_first_of_every_reading(parse, text, verb):
    # best() builds only the winning reading; it must be the one match() ranks first, with the
    # same tokens and recipient slot
    tok = parse(text, verb)
    assert cameo.match(tok), "the example needs a CAMEO reading"
    assert cameo.best(tok, light=False) == cameo.match(tok)[0]
