from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parley import nlp
from parley.dates import WEEKDAYS, event_date, is_historical, resolve, tense_of

WED = date(2025, 2, 12)  # a Wednesday


def val(expr, published=WED, tense="past"):
    r = resolve(expr, published, tense)
    return r.value if r else None


@pytest.mark.parametrize(
    "expr,tense,expected",
    [
        ("on Wednesday", "past", "2025-02-12"),  # same weekday as publication: that day
        ("Wednesday", "future", "2025-02-12"),
        ("Tuesday night", "past", "2025-02-11"),
        ("late Sunday", "past", "2025-02-09"),
        ("early Monday", "past", "2025-02-10"),
        ("on Friday", "future", "2025-02-14"),
        ("Friday", "present", "2025-02-14"),
        ("Friday", "past", "2025-02-07"),
        ("last Wednesday", "past", "2025-02-05"),
        ("next Monday", "past", "2025-02-17"),
    ],
)
def test_weekdays(expr, tense, expected):
    assert val(expr, tense=tense) == expected


@pytest.mark.parametrize(
    "expr,expected",
    [
        ("today", "2025-02-12"),
        ("this morning", "2025-02-12"),
        ("yesterday", "2025-02-11"),
        ("last night", "2025-02-11"),
        ("tomorrow", "2025-02-13"),
        ("two days ago", "2025-02-10"),
        ("three weeks ago", "2025-01-22"),
        ("last week", "2025-02-05"),
        ("last month", "2025-01"),
        ("earlier this month", "2025-02"),
        ("next month", "2025-03"),
        ("last year", "2024"),
        ("this year", "2025"),
        ("last week's", "2025-02-05"),
    ],
)
def test_relative(expr, expected):
    assert val(expr) == expected


def test_last_week_is_week_precision():
    r = resolve("last week", WED)
    assert (r.value, r.precision) == ("2025-02-05", "week")


@pytest.mark.parametrize(
    "expr,expected",
    [
        ("Feb. 14", "2025-02-14"),  # two days after publication: still this year in a past story
        ("February 14", "2025-02-14"),
        ("14 February", "2025-02-14"),
        ("Feb 14, 2024", "2024-02-14"),
        ("September 29", "2024-09-29"),
        ("9 November", "2024-11-09"),
        ("in 2022", "2022"),
        ("in March", "2024-03"),
        ("early September", "2024-09"),
        ("late September", "2024-09"),
        ("mid-July", "2024-07"),
        ("in August 2023", "2023-08"),
        ("2024-03-01", "2024-03-01"),
        ("in February", "2025-02"),
    ],
)
def test_explicit_past(expr, expected):
    assert val(expr) == expected


def test_explicit_future_looks_ahead():
    assert val("in March", tense="future") == "2025-03"
    assert val("September 29", tense="future") == "2025-09-29"
    assert val("Feb. 1", tense="future") == "2026-02-01"


def test_month_without_year_across_year_boundary():
    jan = date(2025, 1, 5)
    assert val("in December", jan) == "2024-12"
    assert val("December 28", jan) == "2024-12-28"
    assert val("in December", jan, "future") == "2025-12"


def test_no_publication_date():
    assert resolve("Tuesday", None) is None
    assert resolve("last week", None) is None
    assert resolve("in March", None) is None
    assert val("in 2022", None) == "2022"
    assert val("Feb 14, 2024", None) == "2024-02-14"


@pytest.mark.parametrize(
    "expr",
    [
        "more than three years",
        "63-year-old",
        "a 30-day state of siege",
        "10 days",
        "the 14th anniversary",
        "Feb 30, 2024",
    ],
)
def test_not_dates(expr):
    assert resolve(expr, WED) is None


def test_in_two_weeks_only_ahead():
    assert val("in two weeks", tense="future") == "2025-02-26"
    assert val("in two weeks", tense="past") is None  # "the first time in two weeks"


def test_historical():
    assert is_historical(resolve("in 2022", WED), WED)
    assert is_historical(resolve("last year", WED), WED)  # an earlier year is background
    assert is_historical(resolve("in May", WED), WED)  # May 2024: more than half a year back
    # the last few months are still the story's time ("in December" of a February story)
    assert not is_historical(resolve("in December", WED), WED)
    assert not is_historical(resolve("last week", WED), WED)
    assert not is_historical(resolve("last month", WED), WED)
    assert not is_historical(resolve("Tuesday", WED), WED)


@given(
    published=st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
    day=st.sampled_from(sorted(WEEKDAYS)),
    tense=st.sampled_from(["past", "present", "future"]),
)
def test_weekday_property(published, day, tense):
    d = date.fromisoformat(resolve(day.capitalize(), published, tense).value)
    assert d.weekday() == WEEKDAYS[day]
    assert abs((d - published).days) < 7
    if tense == "past":
        assert d <= published
    else:
        assert d >= published


@given(
    published=st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
    month=st.integers(1, 12),
    tense=st.sampled_from(["past", "future"]),
)
def test_month_property(published, month, tense):
    name = date(2000, month, 1).strftime("%B")
    y, m = map(int, resolve(f"in {name}", published, tense).value.split("-"))
    assert m == month
    months = (y * 12 + m) - (published.year * 12 + published.month)
    assert (-12 < months <= 0) if tense == "past" else (0 <= months < 12)


# --- sentences ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def parse():
    model = nlp.load()
    return lambda text: model(text)


def date_of(parse, text, trigger, published=WED):
    doc = parse(text)
    tok = next(t for t in doc if t.text == trigger)
    tense = tense_of(tok)
    r, span = event_date(tok.sent, tok, published, tense)
    if r is not None:
        assert doc.text[span.start : span.end] == span.text
    return (r.value if r else None), (span.text if span else None), tense


def test_sentence_weekday_past(parse):
    assert date_of(parse, "The minister resigned on Monday after weeks of protests.", "resigned")[:2] == (
        "2025-02-10",
        "Monday",
    )


def test_sentence_future_weekday(parse):
    value, _, tense = date_of(parse, "The two delegations will meet on Friday in Geneva.", "meet")
    assert tense == "future"
    assert value == "2025-02-14"


def test_sentence_possessive_date(parse):
    assert date_of(parse, "Police said Tuesday's raid left two officers wounded.", "raid")[:2] == (
        "2025-02-11",
        "Tuesday",
    )


def test_sentence_durations_are_not_dates(parse):
    text = "The 45-year-old activist, held for more than two years, was freed after a 30-day hunger strike."
    assert date_of(parse, text, "freed") == (None, None, "past")


def test_sentence_other_clause_keeps_its_date(parse):
    text = "Rebels seized the town in 2019, and the army says it is negotiating with them."
    assert date_of(parse, text, "negotiating")[0] is None
    assert date_of(parse, text, "seized")[0] == "2019"


def test_sentence_reported_event_takes_report_date(parse):
    text = "The governor on Monday said she had met the protest leaders."
    assert date_of(parse, text, "met")[:2] == ("2025-02-10", "Monday")


def test_sentence_when_clause(parse):
    text = "The dispute deepened in 2021 when soldiers occupied the border post."
    assert date_of(parse, text, "occupied")[0] == "2021"


@pytest.mark.parametrize(
    "text,trigger,tense",
    [
        ("The envoy will travel to Cairo.", "travel", "future"),
        ("The talks are set to resume in Doha.", "resume", "future"),
        ("The ministry plans to expel the diplomats.", "expel", "future"),
        ("The summit that is being organised in Rome has drawn protests.", "organised", "future"),
        ("Troops have withdrawn from the village.", "withdrawn", "past"),
        ("The army shelled the port.", "shelled", "past"),
        ("Farmers are blocking the highway.", "blocking", "present"),
    ],
)
def test_tense(parse, text, trigger, tense):
    doc = parse(text)
    assert tense_of(next(t for t in doc if t.text == trigger)) == tense


SEED = Path(__file__).resolve().parents[2] / "shared" / "examples" / "seed" / "article.txt"


@pytest.mark.skipif(not SEED.exists(), reason="shared seed story not available")
def test_seed_story(parse):
    doc = parse(SEED.read_text())

    def find(trigger, after=0):
        tok = next(t for t in doc if t.text == trigger and t.idx >= after)
        r, span = event_date(tok.sent, tok, WED, tense_of(tok))
        return r, span

    assert find("said")[0].value == "2025-02-12"
    r, span = find("set")
    assert (r.value, span.text) == ("2025-02-14", "Friday")
    r, span = find("greeted")
    assert (r.value, span.text) == ("2025-02-11", "Tuesday night")
    r, _ = find("escalated")
    assert r.value == "2022" and is_historical(r, WED)
    assert find("thanked") == (None, None)


# --- years in names, dates far ahead ------------------------------------------------------


@pytest.mark.parametrize(
    "text, trigger",
    [
        (
            "According to Equal Measures 2030, a coalition of rights groups, the government failed women.",
            "failed",
        ),
        ("The kingdom launched Vision 2030 to diversify its economy, the crown prince said.", "launched"),
        ("Delegates criticised the Agenda 2063 plan at the summit in Addis Ababa.", "criticised"),
    ],
)
def test_a_year_inside_a_name_is_not_a_date(parse, text, trigger):
    assert date_of(parse, text, trigger)[0] is None


def test_a_year_after_a_preposition_is_still_a_date(parse):
    assert date_of(parse, "Rebels seized the town in 2022, officials said.", "seized")[0] == "2022"


def _events(pipeline, text):
    from parley.model import Story

    [doc] = pipeline.pipe([Story(id="s", text=text, published="2025-06-03")])
    return [(e.event_type, e.date, e.aux_mode) for e in doc.events]


def test_a_name_with_a_year_does_not_date_the_events_of_its_sentence(pipeline):
    text = "According to Equal Measures 2030, a coalition of rights groups, police detained dozens of women activists."
    assert _events(pipeline, text) == [("COERCE", "2025-06-03", None)]


def test_a_target_year_far_ahead_makes_a_future_event(pipeline):
    [(_, day, aux)] = _events(
        pipeline, "The European Union has vowed to make the region climate neutral by 2050."
    )
    assert (day, aux) == ("2050", "future")


def test_a_past_event_dated_years_ahead_is_a_misreading(pipeline):
    evs = _events(pipeline, "Police arrested the protesters in 2029, the minister said.")
    assert evs and all(d is None or d < "2026-06-04" for _, d, _ in evs)
