import time
from pathlib import Path

import pytest

from parley import nlp
from parley.places import Gazetteer, event_location, normalize


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer.load()


@pytest.fixture(scope="module")
def parse():
    model = nlp.load()
    return lambda text: model(text)


def test_load_is_cached_and_quick():
    Gazetteer.load.cache_clear()
    t = time.perf_counter()
    g = Gazetteer.load()
    # generous bound: the shared test machine is slow and busy
    assert time.perf_counter() - t < 5
    assert Gazetteer.load() is g


@pytest.mark.parametrize(
    "name,code,feature",
    [
        ("Munich", "DEU", "city"),
        ("München", "DEU", "city"),
        ("Kiev", "UKR", "city"),
        ("Kyiv", "UKR", "city"),
        ("Irbil", "IRQ", "city"),
        ("Paris", "FRA", "city"),
        ("the U.S.", "USA", "country"),
        ("Britain", "GBR", "country"),
        ("Georgia", "GEO", "country"),
        ("Texas", "USA", "state"),
        ("White House", "USA", "landmark"),
        ("the Kremlin", "RUS", "landmark"),
        ("Strait of Hormuz", None, "sea"),
        ("Washington", "USA", "city"),
    ],
)
def test_lookup(gaz, name, code, feature):
    loc = gaz.lookup(name)
    assert (loc.country_code, loc.feature) == (code, feature)
    assert loc.lat is not None and loc.lon is not None


def test_lookup_with_hint(gaz):
    assert gaz.lookup("Paris", "USA").country_code == "USA"
    texas = gaz.lookup("Paris", "Texas")
    assert texas.country_code == "USA" and 30 < texas.lat < 37 and -100 < texas.lon < -93
    assert gaz.lookup("Georgia", "USA").feature == "state"
    assert gaz.lookup("Hyderabad").country_code == "IND"
    assert gaz.lookup("Hyderabad", "PAK").country_code == "PAK"


def test_country_points_are_inside_countries(gaz):
    germany = gaz.lookup("Germany")
    assert 47 < germany.lat < 55 and 6 < germany.lon < 15
    assert gaz.country_code("Iraqi") == "IRQ"


def test_unknown(gaz):
    assert gaz.lookup("Xqzzyville") is None
    assert normalize("the Élysée's") == "elysee"


def place(parse, gaz, text, trigger):
    doc = parse(text)
    tok = next(t for t in doc if t.text == trigger)
    loc = event_location(tok.sent, tok, gaz)
    if loc is not None:
        assert doc.text[loc.text.start : loc.text.end] == loc.text.text
    return loc


@pytest.mark.parametrize(
    "text,trigger,name,code,words",
    [
        ("Protesters clashed with police in Munich on Saturday.", "clashed", "Munich", "DEU", "Munich"),
        (
            "A car bomb exploded in the northern Iraqi city of Irbil on Monday.",
            "exploded",
            "Erbil",
            "IRQ",
            "Irbil",
        ),
        ("Gunmen attacked a checkpoint in Kirkuk late on Sunday.", "attacked", "Kirkuk", "IRQ", "Kirkuk"),
        (
            "The president hosted the delegation at the White House.",
            "hosted",
            "White House",
            "USA",
            "White House",
        ),
        ("France deployed 500 more troops in Mali last month.", "deployed", "Mali", "MLI", "Mali"),
        ("Ukraine's president met the envoy in Paris.", "met", "Paris", "FRA", "Paris"),
        (
            "Farmers protested outside city hall in Paris, Texas, on Monday.",
            "protested",
            "Paris",
            "USA",
            "Paris",
        ),
        (
            "Pakistani police raided a house in Hyderabad overnight.",
            "raided",
            "Hyderabad",
            "PAK",
            "Hyderabad",
        ),
        ("The two ministers agreed to hold talks in Ankara.", "talks", "Ankara", "TUR", "Ankara"),
    ],
)
def test_event_location(parse, gaz, text, trigger, name, code, words):
    loc = place(parse, gaz, text, trigger)
    assert (loc.name, loc.country_code, loc.text.text) == (name, code, words)


def test_region_in_country(parse, gaz):
    loc = place(parse, gaz, "Militants ambushed an army convoy in Iraq's Anbar desert.", "ambushed")
    assert loc.country_code == "IRQ"


@pytest.mark.parametrize(
    "text,trigger",
    [
        ("President Zelenskyy of Ukraine thanked the donors.", "thanked"),
        ("A White House spokesman criticised the decision.", "criticised"),
        ("The Iranian foreign minister condemned the strike.", "condemned"),
        # the place belongs to another clause
        ("Officials said the prisoner, who was detained in Tehran, had been released.", "said"),
    ],
)
def test_not_event_location(parse, gaz, text, trigger):
    assert place(parse, gaz, text, trigger) is None


SEED = Path(__file__).resolve().parents[2] / "shared" / "examples" / "seed" / "article.txt"


@pytest.mark.skipif(not SEED.exists(), reason="shared seed story not available")
def test_seed_story(parse, gaz):
    doc = parse(SEED.read_text())

    def loc(trigger):
        tok = next(t for t in doc if t.text == trigger)
        return event_location(tok.sent, tok, gaz)

    munich = loc("set")
    assert (munich.name, munich.country_code, munich.text.text) == ("Munich", "DEU", "Munich")
    wh = loc("greeted")
    assert (wh.name, wh.country_code, wh.feature) == ("White House", "USA", "landmark")
    assert loc("thanked") is None
    assert loc("confirmed") is None  # "White House Press Secretary" is an actor, not a place
