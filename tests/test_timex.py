"""Temporal expressions: TIMEX3 typing, normalization, and extraction from story text.

Values are computed by hand from calendars: 2021-04-08 is a Thursday in ISO week 14 (so
"Wednesday" is 2021-04-07 and last week is 2021-W13); 2016-09-27 is a Tuesday in ISO week 39;
2016's Election Day was Tuesday 8 November, its Thanksgiving Thursday 24 November.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from byline.nlp.timex_values import duration_value, normalize, timex_type

THURSDAY = date(2021, 4, 8)
TUESDAY_2016 = date(2016, 9, 27)
SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
SEED = SHARED / "data" / "seed" / "000_902d9eaf5988795e.txt"


@pytest.mark.parametrize(
    ("text", "tense", "expected"),
    [
        ("Wednesday", None, ("DATE", "2021-04-07")),
        ("Wednesday’s", "past", ("DATE", "2021-04-07")),
        ("Thursday", "past", ("DATE", "2021-04-08")),
        ("Thursday", None, ("DATE", "2021-04-08")),
        ("Friday", None, ("DATE", "2021-04-02")),
        ("Friday", "future", ("DATE", "2021-04-09")),
        ("last Thursday", None, ("DATE", "2021-04-01")),
        ("next Monday", None, ("DATE", "2021-04-12")),
        ("June", "past", ("DATE", "2020-06")),
        ("June", "future", ("DATE", "2021-06")),
        ("early June", "past", ("DATE", "2020-06")),
        ("last week", None, ("DATE", "2021-W13")),
        ("Last week", None, ("DATE", "2021-W13")),
        ("this week", None, ("DATE", "2021-W14")),
        ("earlier this week", None, ("DATE", "2021-W14")),
        ("last year", None, ("DATE", "2020")),
        ("next year", None, ("DATE", "2022")),
        ("last month’s", None, ("DATE", "2021-03")),
        ("earlier this month", None, ("DATE", "2021-04")),
        ("yesterday", None, ("DATE", "2021-04-07")),
        ("today", None, ("DATE", "2021-04-08")),
        ("tomorrow", None, ("DATE", "2021-04-09")),
        ("two days ago", None, ("DATE", "2021-04-06")),
        ("20 years ago", None, ("DATE", "2001")),
        ("a few years ago", None, ("DATE", "PAST_REF")),
        ("March 3, 2016", None, ("DATE", "2016-03-03")),
        ("Nov. 19", "past", ("DATE", "2020-11-19")),
        ("December 2015", None, ("DATE", "2015-12")),
        ("2009", None, ("DATE", "2009")),
        ("fiscal 2017", None, ("DATE", "2017")),
        ("the 1990s", None, ("DATE", "199")),
        ("the '90s", None, ("DATE", "199")),
        ("next spring", None, ("DATE", "2022-SP")),
        ("last summer", None, ("DATE", "2020-SU")),
        ("the summer of 2010", None, ("DATE", "2010-SU")),
        ("the first quarter", None, ("DATE", "2021-Q1")),
        ("the weekend", "past", ("DATE", "2021-W13-WE")),
        ("the 21st century", None, ("DATE", "20")),
        ("September 16-19", None, ("DATE", None)),
        ("Election Day", None, ("DATE", "2020-11-03")),
        ("30", None, ("DATE", None)),
        ("20 years", None, ("DURATION", "P20Y")),
        ("two-day", None, ("DURATION", "P2D")),
        ("the past months", None, ("DURATION", "PXM")),
        ("months", None, ("DURATION", "PXM")),
        ("the past two weeks", None, ("DURATION", "P2W")),
        ("a year and a half", None, ("DURATION", "P18M")),
        ("three hours", None, ("DURATION", "PT3H")),
        ("90 minutes", None, ("DURATION", "PT90M")),
        ("two decades", None, ("DURATION", "P20Y")),
        ("56-year-old", None, ("DURATION", "P56Y")),
        ("several years", None, ("DURATION", "PXY")),
        ("8:55 p.m.", None, ("TIME", "2021-04-08T20:55")),
        ("11 a.m.", None, ("TIME", "2021-04-08T11:00")),
        ("12:30 a.m.", None, ("TIME", "2021-04-08T00:30")),
        ("Wednesday morning", None, ("TIME", "2021-04-07TMO")),
        ("Friday night", None, ("TIME", "2021-04-02TNI")),
        ("last night", None, ("TIME", "2021-04-07TNI")),
        ("tonight", None, ("TIME", "2021-04-08TNI")),
        ("every week", None, ("SET", "P1W")),
        ("every other week", None, ("SET", "P2W")),
        ("daily", None, ("SET", "P1D")),
        ("annually", None, ("SET", "P1Y")),
        ("every Monday", None, ("SET", "XXXX-WXX-1")),
        ("twice a year", None, ("SET", "P1Y")),
    ],
)
def test_normalize_against_publication(
    text: str, tense: str | None, expected: tuple[str, str | None]
) -> None:
    assert normalize(text, THURSDAY, tense) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "tense", "expected"),
    [
        ("Nov. 8", None, "2016-11-08"),  # nearer than 2015-11-08
        ("Nov. 8", "past", "2015-11-08"),
        ("November", None, "2016-11"),
        ("last December", None, "2015-12"),
        ("this past weekend", None, "2016-W38-WE"),
        ("Election Day", None, "2016-11-08"),
        ("Thanksgiving", None, "2016-11-24"),
        ("Labor Day", "past", "2016-09-05"),
        ("Thursday, Sept. 8", "past", "2016-09-08"),
    ],
)
def test_normalize_yearless_dates(text: str, tense: str | None, expected: str) -> None:
    assert normalize(text, TUESDAY_2016, tense) == ("DATE", expected)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wednesday", ("DATE", None)),
        ("last week", ("DATE", None)),
        ("June", ("DATE", None)),
        ("8:55 p.m.", ("TIME", None)),
        ("March 3, 2016", ("DATE", "2016-03-03")),
        ("December 2015", ("DATE", "2015-12")),
        ("2009", ("DATE", "2009")),
        ("20 years", ("DURATION", "P20Y")),
        ("every week", ("SET", "P1W")),
    ],
)
def test_normalize_without_publication_date(text: str, expected: tuple[str, str | None]) -> None:
    assert normalize(text, None) == expected


def test_timex_type_and_duration_value() -> None:
    assert timex_type("the past months") == "DURATION"
    assert timex_type("Wednesday") == "DATE"
    assert timex_type("weekly") == "SET"
    assert timex_type("this morning") == "TIME"
    assert duration_value(None, "years") == "PXY"
    assert duration_value(3, "hour") == "PT3H"
    assert duration_value(1.5, "day") == "PT36H"


# --- extraction from a parse ----------------------------------------------------------------


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from byline.nlp.pipeline import ModelNotFoundError, get_nlp

    try:
        return get_nlp()
    except ModelNotFoundError as exc:  # pragma: no cover - depends on the environment
        pytest.skip(str(exc))


def _timexes(nlp, text: str, published: date | None):  # type: ignore[no-untyped-def]
    from byline.nlp.pipeline import make_doc
    from byline.nlp.timex import find_timexes
    from byline.structure import structure

    article = structure(text)
    doc = nlp(make_doc(nlp, text, article.regions_spans()))
    return find_timexes(doc, article, published)


STORY = (
    "Council delays vote on seawall\n\n"
    "The city council met on Wednesday and will vote again Friday, the mayor said.\n\n"
    "Repairs begun in June have cost $3 million over the past two years.\n\n"
    " ?? A crane lifts a beam on Tuesday.\n"
)


def test_find_timexes_in_story_text(nlp) -> None:  # type: ignore[no-untyped-def]
    found = _timexes(nlp, STORY, THURSDAY)
    by_text = {t.text: (t.type, t.value) for t in found}
    assert by_text["Wednesday"] == ("DATE", "2021-04-07")
    assert by_text["Friday"] == ("DATE", "2021-04-09")  # "will vote": future tense
    assert by_text["June"] == ("DATE", "2020-06")
    assert by_text["the past two years"] == ("DURATION", "P2Y")
    # the caption's "Tuesday" is not story text
    assert "Tuesday" not in by_text
    for timex in found:
        ((start, end),) = timex.spans
        assert STORY[start:end] == timex.text
        assert not timex.text.lower().startswith(("on ", "over "))


def test_find_timexes_without_publication_date(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Talks\n\nThe talks ended Wednesday, a year after they began on March 3, 2016.\n"
    found = {t.text: (t.type, t.value) for t in _timexes(nlp, text, None)}
    assert found["Wednesday"] == ("DATE", None)
    assert found["March 3, 2016"] == ("DATE", "2016-03-03")


@pytest.mark.skipif(not SEED.exists(), reason="../shared seed article not available")
def test_seed_timexes(nlp) -> None:  # type: ignore[no-untyped-def]
    text = SEED.read_text(encoding="utf-8")
    found = [(t.text, t.type, t.value) for t in _timexes(nlp, text, THURSDAY)]
    assert found == [
        ("Wednesday", "DATE", "2021-04-07"),
        ("June", "DATE", "2020-06"),
        ("Wednesday", "DATE", "2021-04-07"),  # "Wednesday’s round"
        ("Wednesday", "DATE", "2021-04-07"),
        ("Last week", "DATE", "2021-W13"),
        ("Wednesday", "DATE", "2021-04-07"),
        ("Wednesday", "DATE", "2021-04-07"),
        ("two-day", "DURATION", "P2D"),
        ("this week", "DATE", "2021-W14"),
        ("last year", "DATE", "2020"),
        ("the past months", "DURATION", "PXM"),
        ("Wednesday", "DATE", "2021-04-07"),
    ]
