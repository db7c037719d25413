"""The actor knowledge base: lookups, normalisation, casing rules, dates and user overrides."""

from __future__ import annotations

from datetime import date

import pycountry
import pytest

from parley.kb import KB, NONSTATE_CODES, SECTOR_CODES, default_kb, norm


@pytest.fixture(scope="module")
def kb() -> KB:
    return default_kb()


def test_norm_folds_dots_accents_articles_and_possessives():
    assert norm("the U.S.'s") == norm("US") == "us"
    assert norm("Élysée") == norm("elysee")
    assert norm("Côte d\u2019Ivoire") == norm("Cote d'Ivoire")
    assert norm("al-Qaeda") == norm("al Qaeda")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Russia", "RUS"),
        ("the U.S.", "USA"),
        ("U.S.A.", "USA"),
        ("Britain", "GBR"),
        ("DPRK", "PRK"),
        ("Ivory Coast", "CIV"),
        ("Côte d'Ivoire", "CIV"),
        ("Burma", "MMR"),
        ("Holland", "NLD"),
        ("Türkiye", "TUR"),
        ("Kosovo", "XKX"),
        ("Taiwan", "TWN"),
        ("Palestinians", "PSE"),
        ("Filipinos", "PHL"),
        ("Kyiv", "UKR"),
        ("Kiev", "UKR"),
        ("New Delhi", "IND"),
        ("Tehran", "IRN"),
        ("Burkinabe", "BFA"),
        ("Greenland", "DNK"),  # a dependency goes to its state
        ("Abkhazia", "GEO"),  # a partially recognized entity too
        ("Russia's", "RUS"),
    ],
)
def test_country_by_name_alias_demonym_capital(kb, text, code):
    c = kb.country(text)
    assert c is not None and c.code == code


def test_demonym_and_capital_lookups_are_specific(kb):
    assert kb.demonym("Ukrainians").code == "UKR"
    assert kb.demonym("Moscow") is None
    assert kb.capital("Moscow").code == "RUS"
    assert kb.capital("Russian") is None


def test_acronyms_that_are_words_match_only_in_capitals(kb):
    assert kb.country("us") is None  # the pronoun
    assert kb.country("US").code == "USA"
    assert kb.organization("who") is None
    assert kb.organization("WHO").code == "IGO"
    assert kb.organization("is") is None
    assert kb.organization("IS").code == "IMG"


def test_capitalised_names_do_not_match_common_words(kb):
    assert kb.organization("Labour").code == "GBR"
    assert kb.organization("labour") is None
    assert kb.organization("shell") is None
    assert kb.organization("Élysée").code == "FRA"


def test_partially_recognized_entity_is_flagged(kb):
    t = kb.territory("Transnistria")
    assert t.code == "MDA" and t.pre
    assert not kb.territory("Puerto Rico").pre


def test_country_by_code_accepts_plover_kosovo_code(kb):
    assert kb.country_by_code("KOS").code == "XKX"
    assert kb.country_by_code("deu").name == "Germany"


def test_institution_with_and_without_country(kb):
    kremlin = kb.institution("the Kremlin")
    assert (kremlin.code, kremlin.sector, kremlin.needs_country) == ("RUS", "GOV", False)
    fm = kb.institution("foreign ministry")
    assert fm.code is None and fm.needs_country and fm.sector == "GOV"
    # generic bodies are not organizations on their own
    assert kb.organization("foreign ministry") is None
    assert kb.organization("Pentagon").sector == "MIL"


def test_un_and_eu_are_igo_with_plover_detail(kb):
    un = kb.organization("U.N.")
    assert un.code == "IGO" and un.plover_code == "UNO"
    assert kb.organization("European Commission").plover_code == "EUR"
    assert kb.organization("NATO").sector == "MIL"


def test_group_sector_changes_with_date(kb):
    taliban = kb.organization("Taliban")
    assert taliban.sector_on(date(2019, 5, 1)) == "REB"
    assert taliban.sector_on(date(2023, 5, 1)) == "GOV"


@pytest.mark.parametrize(
    ("text", "code", "sector"),
    [
        ("Russian foreign ministry", "RUS", "GOV"),
        ("Iraqi officials", "IRQ", "GOV"),
        ("Palestinian protesters", "PSE", "CVL"),
        ("Afghan rebels", "AFG", "REB"),
        ("the U.S. Secretary of State", "USA", "GOV"),
        ("Nigerian police", "NGA", "COP"),
        ("Syrian rebel fighters", "SYR", "REB"),
        ("Sudanese refugees", "SDN", "REF"),
        ("Kenyan journalists", "KEN", "JRN"),
    ],
)
def test_phrase_combines_country_word_and_descriptor(kb, text, code, sector):
    p = kb.phrase(text)
    assert p is not None and (p.code, p.sector) == (code, sector)


def test_modifier_sets_sector(kb):
    assert kb.phrase("opposition lawmakers").sector == "OPP"
    assert kb.phrase("former officials").sector == "ELI"


def test_sector_noun_plurals(kb):
    assert kb.sector_noun("troops").sector == "MIL"
    assert kb.sector_noun("policemen").sector == "COP"
    assert kb.sector_noun("militias").sector == "REB"
    assert kb.sector_noun("casualties").sector == "CVL"
    assert kb.sector_noun("gunmen").sector == "UAF"


def test_office_abbreviations_and_case(kb):
    assert kb.office("Sen.").office == "Senator"
    assert kb.office("Lt. Gen.").sector == "MIL"
    assert kb.office("prime minister").head
    assert kb.office("Pope").code == "VAT"
    found = kb.find_offices("Russian Foreign Minister Sergei Lavrov")
    assert [o.office for _, o in found] == ["Foreign Minister"]


def test_leader_by_surname_depends_on_date(kb):
    assert kb.leader("Merkel", date(2016, 3, 1)).code == "DEU"
    assert kb.leader("Biden", date(2016, 3, 1)).office == "Vice President"
    assert kb.leader("Biden", date(2022, 3, 1)).office == "President"
    assert kb.leader("Lee", date(2020, 1, 1)).code == "SGP"
    assert kb.leader("Lee", date(2025, 8, 1)).code == "KOR"
    # no date: the most recent term
    assert kb.leader("Zelensky").name == "Volodymyr Zelenskyy"


def test_holders_of_an_office_on_a_date(kb):
    names = [x.name for x in kb.holders("president", "USA", date(2016, 1, 1))]
    assert names == ["Barack Obama"]
    assert [x.name for x in kb.holders("Chancellor", "DEU", date(2023, 1, 1))] == ["Olaf Scholz"]


def test_user_file_adds_and_overrides(tmp_path):
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        """
countries:
  - {code: USA, aliases: [Uncle Sam]}
organizations:
  - {names: [Hamas], code: IMG, sector: REB, kind: group}
  - {names: [Acme Relief, ARF], code: NGO, sector: SOC, kind: ngo}
leaders:
  - {name: Olaf Scholz, aliases: [Scholz], code: DEU, sector: GOV, office: Chancellor,
     start: 2021-12-08, end: 2022-01-01}
""",
        encoding="utf-8",
    )
    kb = KB.load(extra=[extra])
    assert kb.country("Uncle Sam").code == "USA"
    assert kb.country("America").code == "USA"  # fields not given are kept
    assert kb.organization("Hamas").code == "IMG"
    assert kb.organization("ARF").kind == "ngo"
    assert kb.leader("Scholz", date(2023, 1, 1)).end == date(2022, 1, 1)
    assert len([x for x in kb.holders("Chancellor", "DEU") if x.name == "Olaf Scholz"]) == 1
    # the default KB is untouched
    assert default_kb().organization("Hamas").code == "PSE"


def test_every_state_has_demonym_and_capital_and_codes_are_valid(kb):
    missing = []
    for c in pycountry.countries:
        mine = kb.countries.get(c.alpha_3)
        if mine is None:
            # a dependency: must fold into some state
            assert kb.country(c.name) is not None or kb.territory(c.name) is not None, c.name
            continue
        if c.alpha_3 != "ATA" and (not mine.demonyms or not mine.capitals):
            missing.append(c.alpha_3)
    assert not missing
    valid = set(kb.countries) | NONSTATE_CODES
    entries = list(kb._org.values()) + list(kb._inst.values())
    assert all(e.code is None or e.code in valid for e in entries)
    assert all(e.sector is None or e.sector in SECTOR_CODES for e in entries)
    assert all(x.code in valid and x.sector in SECTOR_CODES for x in kb._leaders)
    offices = {o.sector for o in kb._office.values()} | {s.sector for s in kb._sector.values()}
    assert offices <= SECTOR_CODES


def test_phrase_reads_office_and_name(kb):
    p = kb.phrase("Jordan's King Abdullah II")
    assert (p.code, p.office, p.kind) == ("JOR", "King", "person")
    assert kb.phrase("Kyrgyz Prime Minister Jane Doe").code == "KGZ"  # unknown name: the country word decides
    assert kb.phrase("President Kagame", date(2020, 1, 1)).code == "RWA"  # office + known holder
    assert kb.phrase("President Nobody Known").code is None


# ---------------------------------------------------------------- converted PETRARCH-2 dictionaries


def _converter():
    import importlib.util

    from tests.conftest import ROOT

    spec = importlib.util.spec_from_file_location("convert_phoenix", ROOT / "scripts" / "convert_phoenix.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# A dictionary in PETRARCH's format, written for the test (fictional people and groups).
FICTIONAL_ACTORS = """# a fictional country file
JANE_ARDEN_  # CountryInfo.txt
+JANE_Q._ARDEN_
+ARDEN_
+PRESIDENT_ARDEN_
\t[FRAELI 700101-990630]
\t[FRAGOV 990701-040630]
\t[FRAELI]
"""
FICTIONAL_GROUPS = """NORTHERN_VALLEY_FRONT_ [MLIREB] # test
+NVF_
"""
FICTIONAL_AGENTS = """!PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON
FERRY!PERSON! [~BUS]
TOWN_CRIER [~MED]
"""


def test_converter_output_loads_and_resolves_a_dated_role(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    out.mkdir()
    (src / "Phoenix.Countries.actors.txt").write_text(FICTIONAL_ACTORS)
    (src / "Phoenix.International.actors.txt").write_text("")
    (src / "Phoenix.MilNonState.actors.txt").write_text(FICTIONAL_GROUPS)
    (src / "Phoenix.agents.txt").write_text(FICTIONAL_AGENTS)
    counts = _converter().convert(src, out)
    assert counts == {"people": 3, "entries": 1, "agents": 2}

    import csv

    kb = KB()
    with (out / "phoenix_people.csv").open() as f:
        kb._add_phoenix_people(list(csv.DictReader(f)))  # as KB.load reads it
    with (out / "phoenix_groups.csv").open() as f:
        kb._add_entries(list(csv.DictReader(f)))
    # the role on the story's date wins; the undated default covers the rest
    assert kb.leader("Jane Arden", date(2001, 5, 1)).sector == "GOV"
    assert kb.leader("Jane Arden", date(2010, 5, 1)).sector == "ELI"
    assert kb.leader("Jane Q. Arden", date(2001, 5, 1)).code == "FRA"
    assert kb.leader("Arden", date(2001, 5, 1)) is None  # a bare surname is the story's to decide
    group = kb.organization("Northern Valley Front")
    assert (group.code, group.sector, group.kind) == ("MLI", "REB", "group")
    assert kb.organization("NVF") is group
    with (out / "phoenix_agents.csv").open() as f:
        agents = {r["word"]: r["sector"] for r in csv.DictReader(f)}
    assert agents["ferryman"] == agents["ferrywomen"] == "BUS"  # substitution sets expanded
    assert agents["town crier"] == "JRN"  # CAMEO's MED (media) is PLOVER's JRN


def test_converted_people_carry_their_dated_roles(kb):
    # only in the converted dictionaries: a head of government of the 1980s
    assert kb.leader("Mohammad Najibullah", date(1990, 1, 1)).sector == "GOV"
    assert kb.leader("Mohammad Najibullah", date(1990, 1, 1)).code == "AFG"
    # Parley's own table stays the source for recent office holders
    trump = kb.leader("Donald Trump", date(2025, 3, 1))
    assert (trump.office, trump.start) == ("President", date(2025, 1, 20))


def test_a_group_that_changed_role_keeps_both():
    kb = default_kb()
    taliban = kb.organization("Taliban")
    assert taliban.sector_on(date(2021, 8, 14)) == "REB"
    assert taliban.sector_on(date(2021, 8, 15)) == "GOV"


def test_outlets_regions_and_armed_groups(kb):
    voa = kb.organization("VOA")
    assert (voa.code, voa.sector) == ("USA", "JRN")
    assert kb.is_region("the Middle East") and kb.is_region("Sahel") and not kb.is_region("Egypt")
    assert (kb.organization("al-Shabab").code, kb.organization("RSF").code) == ("SOM", "SDN")
    assert kb.is_thing("soil") and kb.is_thing("trains") and not kb.is_thing("troops")


def test_the_cached_kb_is_the_text_kb(tmp_path, monkeypatch):
    from parley import kb as kb_module

    monkeypatch.setenv("PARLEY_CACHE", str(tmp_path))
    built = kb_module.load_cached()  # builds and writes the cache
    assert list(tmp_path.glob("kb-*.pickle"))
    again = kb_module.load_cached()  # reads it
    assert again is not built
    assert again.leader("Mohammad Najibullah", date(1990, 1, 1)) == built.leader(
        "Mohammad Najibullah", date(1990, 1, 1)
    )
    assert len(again._leaders) == len(built._leaders)


def test_a_broken_cache_is_rebuilt(tmp_path, monkeypatch):
    from parley import kb as kb_module

    monkeypatch.setenv("PARLEY_CACHE", str(tmp_path))
    path = kb_module._cache_path()
    path.write_bytes(b"not a pickle")
    kb = kb_module.load_cached()
    assert kb.organization("VOA") is not None


def test_the_store_shows_the_term_of_office_apart_from_the_story_dates(tmp_path):
    from parley.model import Actor, Document, TextSpan
    from parley.store.store import Store

    text = "President Donald Trump spoke to farmers on Monday."
    doc = Document(id="term-1", text=text, published="2025-03-03", title="A fictional story")
    doc.actors = [
        Actor(id="A1", name="Donald Trump", kind="person", code="USA", sector="GOV", office="President",
              mentions=[TextSpan("President Donald Trump", 0, 22)])
    ]  # fmt: skip
    store = Store(f"sqlite:///{tmp_path / 'terms.db'}")
    store.add_documents([doc])
    record = next(r for r in store.actors(name="Donald Trump") if r.name == "Donald Trump")
    # the stories saw him on one day; his terms come from the knowledge base
    assert (record.first_seen, record.last_seen) == ("2025-03-03", "2025-03-03")
    assert "President 2017-01-20 to 2021-01-20" in record.terms
    assert "President 2025-01-20 to now" in record.terms
