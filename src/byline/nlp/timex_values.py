"""TIMEX3 typing and normalization of one temporal expression's text.

:func:`normalize` takes the expression as written ("Wednesday", "last week", "20 years"), the
publication date (or ``None``) and the tense of the clause it sits in, and returns its TIMEX3
``type`` (DATE, TIME, DURATION, SET) and ISO 8601 / TimeML ``value``.

Value conventions follow the TimeML TIMEX3 guidelines (Pustejovsky et al., TimeML 1.2.1;
ISO-TimeML): dates at their granularity (``"2021-04-07"``, ``"2021-04"``, ``"2021"``, decade
``"199"``), ISO weeks (``"2021-W13"``), weekends (``"2021-W13-WE"``), seasons (``"2021-SP"``),
quarters (``"2021-Q1"``), parts of day (``"2021-04-07TMO"``), durations (``"P20Y"``, ``"PT3H"``,
unspecified quantity ``"PXM"``), sets (``"P1W"``, ``"XXXX-WXX-1"``), and the references
``PRESENT_REF``/``PAST_REF``/``FUTURE_REF``.

News conventions (after the AP Stylebook's use of weekdays for the past and coming week): a bare
weekday is the most recent such day on or before publication unless the clause is in the future
tense (then the next on or after). A month or month-day without a year is the latest on or before
publication in a past-tense clause (dateparser's ``PREFER_DATES_FROM='past'``), the earliest on
or after it in a future-tense clause, and the nearer of the two when the tense is present or
unknown (a September story's "Nov. 8" is the coming election).

Absolute and relative calendar expressions are parsed with the ``dateparser`` library
(``RELATIVE_BASE`` = publication date; its ``period`` gives the granularity); weekdays, weeks,
seasons, decades, holidays, durations and sets are handled here, where dateparser's readings do
not fit news use.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Literal

TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
Tense = Literal["past", "present", "future"]

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTH_WORD = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)(?:[a-z]*)\.?(?=\s|$|,|\d)"
)

NUMBER_WORDS: dict[str, float] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
    "couple": 2,
    "half": 0.5,
}
VAGUE_QUANTITIES = frozenset({"several", "few", "many", "some", "recent", "past", "coming"})

UNITS: dict[str, tuple[str, int]] = {
    "second": ("S", 1),
    "minute": ("M", 1),
    "hour": ("H", 1),
    "day": ("D", 1),
    "night": ("D", 1),
    "week": ("W", 1),
    "fortnight": ("W", 2),
    "month": ("M", 1),
    "year": ("Y", 1),
    "decade": ("Y", 10),
    "century": ("Y", 100),
}
"""Duration units -> (ISO 8601 designator, multiple). Time units go after ``T``."""
_TIME_UNITS = frozenset({"second", "minute", "hour"})
_UNIT_RE = r"(second|minute|hour|day|night|week|fortnight|month|year|decade|centur(?:y|ie))s?"

PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_SEASON_START_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}

_MODIFIERS = re.compile(
    r"^(?:(?:early|earlier|late|later|mid|the (?:end|beginning|start|middle|rest|turn) of|"
    r"the (?:first|second|last) (?:half|part) of)[\s\-]+)+"
)
"""Modifiers that narrow a period without changing its TIMEX3 value ("earlier this month")."""


def _clean(text: str) -> str:
    """Lower-case, straight quotes, single spaces, possessive and closing punctuation off."""
    text = text.lower().replace("’", "'").replace("‘", "'")
    text = re.sub(r"\s+", " ", text).strip(" ,;:")
    text = re.sub(r"'s$|s'$", "", text)
    return text.rstrip(" ,;:")


def _number(word: str) -> float | None:
    """A number written in digits or words ("20", "two", "twenty-five", "a"); ``None`` if not."""
    word = word.replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", word):
        return float(word)
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    parts = word.split("-")
    if len(parts) == 2 and parts[0] in NUMBER_WORDS and parts[1] in NUMBER_WORDS:
        return NUMBER_WORDS[parts[0]] + NUMBER_WORDS[parts[1]]
    return None


def _quantity(text: str) -> float | None:
    """The number in a quantity phrase: "20", "two", "a couple of", "a dozen", "half a"."""
    text = text.strip()
    if text in ("a couple of", "a couple", "couple of"):
        return 2
    if text in ("a dozen", "dozen"):
        return 12
    if text in ("half a", "half an"):
        return 0.5
    return _number(text)


def duration_value(amount: float | None, unit: str) -> str:
    """ISO 8601 duration for ``amount`` ``unit`` s; ``amount`` ``None`` gives TimeML's
    unspecified ``X`` ("PXY"). Half units become the next smaller unit where exact."""
    unit = unit.rstrip("s").replace("centurie", "century")
    designator, multiple = UNITS[unit]
    prefix = "PT" if unit in _TIME_UNITS else "P"
    if amount is None:
        return f"{prefix}X{'DE' if unit == 'decade' else 'CE' if unit == 'century' else designator}"
    amount = amount * multiple
    if amount != int(amount):
        smaller = {"Y": (12, "M"), "D": (24, "H"), "H": (60, "M")}.get(designator)
        if smaller is None or amount * smaller[0] != int(amount * smaller[0]):
            return f"{prefix}X{designator}"
        amount, designator = amount * smaller[0], smaller[1]
        prefix = "PT" if designator in ("H",) or unit in ("day", "hour") else prefix
    return f"{prefix}{int(amount)}{designator}"


# --- SET ------------------------------------------------------------------------------------

_SET_ADVERBS = {
    "hourly": "PT1H",
    "daily": "P1D",
    "nightly": "P1D",
    "weekly": "P1W",
    "biweekly": "P2W",
    "monthly": "P1M",
    "quarterly": "P3M",
    "yearly": "P1Y",
    "annually": "P1Y",
    "every day": "P1D",
    "each day": "P1D",
}
_SET_EVERY = re.compile(rf"^(?:every|each)(?: other)?(?: (?P<n>[\w\-]+))? {_UNIT_RE}$")
_SET_WEEKDAY = re.compile(
    r"^(?:every|each) (?P<day>monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?$"
)
_SET_PER = re.compile(rf"^(?:(?:once|twice|[\w\-]+ times) )?(?:a|an|per|each) {_UNIT_RE}$")
_SET_WEEKDAYS_PLURAL = re.compile(
    r"^(?:on )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)s$"
)


def _set_value(text: str) -> str | None:
    if text in _SET_ADVERBS:
        return _SET_ADVERBS[text]
    match = _SET_WEEKDAY.match(text) or _SET_WEEKDAYS_PLURAL.match(text)
    if match:
        return f"XXXX-WXX-{WEEKDAYS.index(match.group(1)) + 1}"
    match = _SET_EVERY.match(text)
    if match:
        amount = _number(match.group("n")) if match.group("n") else 1
        if match.group("n") and amount is None:
            return None
        if " other " in f" {text} ":
            amount = (amount or 1) * 2
        return duration_value(amount, match.group(2))
    match = _SET_PER.match(text)
    if match and re.match(r"^(?:once|twice|[\w\-]+ times) ", text):
        return duration_value(1, match.group(1))
    return None


def _is_set(text: str) -> bool:
    return (
        text in _SET_ADVERBS
        or bool(_SET_WEEKDAY.match(text) or _SET_WEEKDAYS_PLURAL.match(text))
        or bool(_SET_EVERY.match(text))
        or bool(_SET_PER.match(text) and re.match(r"^(?:once|twice|[\w\-]+ times) ", text))
    )


# --- DURATION -------------------------------------------------------------------------------

_DURATION = re.compile(
    rf"^(?:the )?(?:(?P<ctx>past|last|previous|next|coming|first|final|following|"
    rf"nearly|almost|about|roughly|more than|less than|longer than|over|under|at least|some|"
    rf"another|just|only|barely|the last|the past|the next) )*"
    rf"(?P<n>(?:a couple of|a dozen|a few|half an?|a|an|[\d.,]+|[a-z]+(?:-[a-z]+)?)"
    rf"(?: and a half)?)?\s*{_UNIT_RE}(?P<half> and a half)?"
    rf"(?P<tail> (?:old|long|in office|running|straight|and counting))?$"
)
_DURATION_HYPHEN = re.compile(
    rf"^(?:(?:a|an|the) )?(?P<n>[\d.]+|[a-z]+(?:-[a-z]+)?)-{_UNIT_RE.replace('s?', '')}"
    r"(?:-(?P<old>old|long))?$"
)


def _duration(text: str) -> Literal[False] | str | None:
    """The value of a duration phrase, ``None`` when it is one but unquantified beyond
    TimeML's ``X``, ``False`` when ``text`` is not a duration phrase."""
    match = _DURATION_HYPHEN.match(text)
    if match:
        amount = _number(match.group("n"))
        return duration_value(amount, match.group(2)) if amount else False
    match = _DURATION.match(text)
    if not match:
        return False
    unit = match.group(3)
    plural = text[match.end(3) : match.end(3) + 1] == "s"
    unit = "century" if unit == "centurie" else unit
    quantity = match.group("n")
    if quantity is None:
        # "the past months": plural with no number is an unspecified duration; a bare singular
        # with last/next/this is a date ("last week"), handled elsewhere.
        return duration_value(None, unit) if plural else False
    half = quantity.endswith(" and a half") or bool(match.group("half"))
    quantity = quantity.removesuffix(" and a half")
    if quantity in VAGUE_QUANTITIES or quantity in ("few", "a few"):
        return duration_value(None, unit)
    amount = _quantity(quantity)
    if amount is None:
        return False
    if half:
        amount += 0.5
    if amount == 1 and not plural and quantity not in ("a", "an", "one", "1"):
        return False
    return duration_value(amount, unit)


# --- TIME -----------------------------------------------------------------------------------

_CLOCK = re.compile(
    r"^(?:(?:about|around|at|shortly (?:before|after)|just (?:before|after)|before|after) )?"
    r"(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<ampm>a\.?m\.?|p\.?m\.?)?"
    r"(?: (?P<zone>[a-z]{2,4}))?(?: (?P<day>.+))?$"
)
_PART_OF_DAY = re.compile(
    r"^(?:(?P<anchor>.+?) )?(?:early |late )?(?P<part>morning|afternoon|evening|night)$"
)


def _is_time(text: str) -> bool:
    if text in ("tonight", "noon", "midnight", "this morning", "this afternoon", "this evening"):
        return True
    clock = _CLOCK.match(text)
    if clock and (clock.group("ampm") or clock.group("m")):
        return True
    part = _PART_OF_DAY.match(text)
    return bool(part) and (part.group("anchor") is None or _is_day_anchor(part.group("anchor")))


def _is_day_anchor(text: str) -> bool:
    words = text.replace("last", "").replace("this", "").replace("early", "").split()
    return text in ("yesterday", "today", "tomorrow", "last", "this", "that", "the") or (
        len(words) == 1 and words[0] in WEEKDAYS
    )


def _time_value(text: str, published: date | None, tense: Tense | None) -> str | None:
    if published is None:
        return None
    if text == "tonight":
        return f"{published.isoformat()}TNI"
    if text in ("noon", "midnight"):
        return f"{published.isoformat()}T{'12:00' if text == 'noon' else '24:00'}"
    clock = _CLOCK.match(text)
    if clock and (clock.group("ampm") or clock.group("m")):
        hour, minute = int(clock.group("h")), int(clock.group("m") or 0)
        ampm = (clock.group("ampm") or "").replace(".", "")
        if hour > 24 or minute > 59 or (ampm and not 1 <= hour <= 12):
            return None
        if ampm == "pm" and hour != 12:
            hour += 12
        if ampm == "am" and hour == 12:
            hour = 0
        day = published
        if clock.group("day"):
            anchor = _day_anchor(clock.group("day"), published, tense)
            if anchor is None:
                return None
            day = anchor
        return f"{day.isoformat()}T{hour:02d}:{minute:02d}"
    part = _PART_OF_DAY.match(text)
    if part:
        anchor_text = part.group("anchor") or "this"
        if anchor_text == "last" and part.group("part") == "night":
            day: date | None = published - timedelta(days=1)
        else:
            day = _day_anchor(anchor_text, published, tense)
        if day is None:
            return None
        return f"{day.isoformat()}T{PARTS_OF_DAY[part.group('part')]}"
    return None


def _day_anchor(text: str, published: date, tense: Tense | None) -> date | None:
    text = text.strip()
    if text in ("this", "today", "the", "that"):
        return published
    if text == "yesterday":
        return published - timedelta(days=1)
    if text == "tomorrow":
        return published + timedelta(days=1)
    return _weekday_date(text, published, tense)


# --- DATE -----------------------------------------------------------------------------------

_WEEKDAY = re.compile(
    r"^(?:(?P<rel>last|this|next|past|coming|early|late) )?"
    r"(?P<day>monday|tuesday|wednesday|thursday|friday|saturday|sunday)$"
)
_RELATIVE_PERIOD = re.compile(
    r"^(?P<rel>the|(?:the )?(?:last|this|next|past|coming|previous|current|same)) "
    r"(?P<unit>week|weekend|month|year|quarter|decade|century|spring|summer|fall|autumn|winter)$"
)
_AGO = re.compile(
    rf"^(?P<n>[\w\-. ]+?) {_UNIT_RE} (?P<dir>ago|earlier|before|later|from now|hence)$"
)
_DECADE = re.compile(r"^(?:the )?(?:early |mid-?|late )?(?:(?P<c>1[0-9]|20)|')(?P<d>\d)0'?s$")
_YEAR = re.compile(
    r"^(?:(?:the )?(?:fiscal |calendar |school |year )?(?:year )?)(?P<y>1[5-9]\d\d|20\d\d)$"
)
_SEASON = re.compile(
    r"^(?:the )?(?P<season>spring|summer|fall|autumn|winter)(?: of)?(?: (?P<y>1[5-9]\d\d|20\d\d))?$"
)
_QUARTER = re.compile(
    r"^(?:the )?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th|q[1-4]) (?:fiscal )?quarter"
    r"(?: of (?:fiscal )?(?P<y>\d{4}))?$|^(?P<q2>q[1-4]) (?P<y2>\d{4})$"
)
_QUARTER_NUMBER = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3}
_RANGE = re.compile(r"\d\s*[-–]\s*\d|\bthrough\b|\bto\b|\buntil\b|\band\b")


def _weekday_date(text: str, published: date, tense: Tense | None) -> date | None:
    """A weekday relative to publication: the most recent on or before (past, present or
    unknown tense), the next on or after (future); "last X" strictly before, "next X"
    strictly after."""
    match = _WEEKDAY.match(text)
    if not match:
        return None
    target = WEEKDAYS.index(match.group("day"))
    rel = match.group("rel")
    back = (published.weekday() - target) % 7
    forward = (target - published.weekday()) % 7
    if rel in ("last", "past"):
        return published - timedelta(days=back or 7)
    if rel in ("next", "coming"):
        return published + timedelta(days=forward or 7)
    if tense == "future":
        return published + timedelta(days=forward)
    return published - timedelta(days=back)


def _iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _season_value(season: str, published: date, rel: str | None, tense: Tense | None) -> str:
    """Season of the year relative to publication (northern-hemisphere meteorological seasons;
    winter belongs to the year in which it starts, in December)."""
    code = SEASONS[season]
    start = _SEASON_START_MONTH[code]
    current_year = published.year if published.month >= 3 else published.year - 1
    current = {3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU", 9: "FA", 10: "FA", 11: "FA"}
    current_code = current.get(published.month, "WI")
    if current_code == code:
        year = current_year
        if rel in ("last", "past", "previous"):
            year -= 1
        elif rel in ("next", "coming"):
            year += 1
        return f"{year}-{code}"
    started_this_year = start <= (published.month if published.month >= 3 else 12)
    latest = current_year if started_this_year else current_year - 1
    if rel in ("next", "coming") or (rel is None and tense == "future"):
        return f"{latest + 1}-{code}"
    if rel in ("this", "current"):
        return f"{current_year}-{code}"
    return f"{latest}-{code}"


def _relative_period(match: re.Match[str], published: date, tense: Tense | None) -> str | None:
    rel, unit = match.group("rel").removeprefix("the ").strip(), match.group("unit")
    if rel == "the":
        if unit not in ("week", "month", "year"):
            return None
        rel = "this"
    step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(rel, 0)
    if unit == "week":
        return _iso_week(published + timedelta(weeks=step))
    if unit == "weekend":
        if step == 0 and published.weekday() < 5 and tense in ("past", None) and rel == "same":
            step = -1
        return f"{_iso_week(published + timedelta(weeks=step))}-WE"
    if unit == "month":
        month_index = published.year * 12 + published.month - 1 + step
        return f"{month_index // 12}-{month_index % 12 + 1:02d}"
    if unit == "year":
        return str(published.year + step)
    if unit == "quarter":
        quarter_index = published.year * 4 + (published.month - 1) // 3 + step
        return f"{quarter_index // 4}-Q{quarter_index % 4 + 1}"
    if unit == "decade":
        return str(published.year // 10 + step)
    if unit == "century":
        return str(published.year // 100 + step)
    return _season_value(unit, published, rel if rel != "current" else "this", tense)


def _ago_value(match: re.Match[str], published: date) -> str | None:
    if match.group("dir") == "ago" and re.fullmatch(
        r"(?:a |just a |only a )?(?:few|several|many|couple of|long|some)", match.group("n")
    ):
        return "PAST_REF"
    amount = _quantity(match.group("n"))
    if amount is None or amount != int(amount):
        return None
    unit = match.group(2).removesuffix("s")
    direction = -1 if match.group("dir") in ("ago", "earlier", "before") else 1
    if match.group("dir") in ("earlier", "before", "later"):
        return None  # anchored on another event of the story, not on publication
    amount = int(amount) * direction
    if unit == "day":
        return (published + timedelta(days=amount)).isoformat()
    if unit == "week":
        return _iso_week(published + timedelta(weeks=amount))
    if unit == "month":
        month_index = published.year * 12 + published.month - 1 + amount
        return f"{month_index // 12}-{month_index % 12 + 1:02d}"
    if unit == "year":
        return str(published.year + amount)
    if unit == "decade":
        return str(published.year // 10 + amount)
    return None


@lru_cache(maxsize=64)
def _date_parser(published: date, prefer: str):  # type: ignore[no-untyped-def]
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": datetime(published.year, published.month, published.day, 12),
            "PREFER_DATES_FROM": prefer,
            "PREFER_DAY_OF_MONTH": "first",
            "RETURN_TIME_AS_PERIOD": True,
        },
    )


_PARSEABLE = re.compile(
    r"\d|\b(?:yesterday|today|tomorrow|ago|(?:last|next|this) (?:week|month|year))\b"
)


def _calendar_date(text: str, published: date | None, tense: Tense | None) -> str | None:
    """Month names, numeric dates and simple relative dates, through ``dateparser``.

    With an explicit year the date resolves without ``published``. Without one, the year is
    chosen relative to publication: the most recent on or before it, or for the future tense
    the next on or after it (month granularity compares months).
    """
    has_month = bool(_MONTH_WORD.search(text))
    if not has_month and not _PARSEABLE.search(text):
        return None
    if _RANGE.search(text):
        return None
    explicit_year = re.search(r"\b(1[5-9]\d\d|20\d\d)\b", text)
    if published is None and not explicit_year:
        return None
    base = published or date(2000, 1, 1)
    parsed = _date_parser(base, "past").get_date_data(text)
    if parsed.date_obj is None:
        return None
    value_date = parsed.date_obj.date()
    period = parsed.period
    if has_month and not explicit_year and published is not None:
        value_date = _resolve_year(value_date, published, period, tense)
    if period == "day":
        return value_date.isoformat()
    if period == "week":
        return _iso_week(value_date)
    if period == "month":
        return f"{value_date.year}-{value_date.month:02d}"
    if period == "year":
        return str(value_date.year)
    return None


def _resolve_year(parsed: date, published: date, period: str, tense: Tense | None) -> date:
    """Re-pick the year of a yearless month (and day): latest on or before ``published``, or
    for the future tense earliest on or after it."""
    day = parsed.day if period == "day" else 1
    return _pick_year(parsed.month, day, published, period == "day", tense)


def _pick_year(month: int, day: int, published: date, has_day: bool, tense: Tense | None) -> date:
    """The date of a yearless ``month`` (and ``day``) relative to ``published``: the latest on
    or before it for the past tense, the earliest on or after it for the future tense, and the
    nearer of the two otherwise (a story in September naming "Nov. 8" means the coming one)."""
    pub_key = (published.month, published.day if has_day else 1)
    key = (month, day)
    before = published.year if key <= pub_key else published.year - 1
    after = published.year if key >= pub_key else published.year + 1
    if tense == "past":
        year = before
    elif tense == "future":
        year = after
    else:
        year = min((before, after), key=lambda y: abs((_safe_date(y, month, day) - published).days))
    return _safe_date(year, month, day)


def _safe_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:  # 29 February in a common year
        return date(year, month, day - 1)


_REL_MONTH = re.compile(
    r"^(?P<rel>last|this|next|this past|this coming) (?P<month>" + "|".join(MONTHS) + r")$"
)
_ORDINAL_CENTURY = re.compile(r"^(?:the )?(?P<n>\d{1,2})(?:st|nd|rd|th)[ \-]century$")

HOLIDAYS: dict[str, tuple[int, int] | tuple[int, int, int]] = {
    "christmas": (12, 25),
    "christmas day": (12, 25),
    "christmas eve": (12, 24),
    "new year's day": (1, 1),
    "new year's eve": (12, 31),
    "independence day": (7, 4),
    "july fourth": (7, 4),
    "the fourth of july": (7, 4),
    "fourth of july": (7, 4),
    "veterans day": (11, 11),
    "thanksgiving": (11, 3, 4),
    "thanksgiving day": (11, 3, 4),
    "labor day": (9, 0, 1),
    "memorial day": (5, 0, -1),
    "election day": (11, 1, 0),
}
"""US holidays: (month, day) for fixed dates; (month, weekday, n) for "n-th weekday of month"
(n = -1: last; Election Day, n = 0, is the Tuesday after the first Monday)."""


def _holiday(name: str, year: int) -> date | None:
    rule = HOLIDAYS.get(name.removeprefix("a "))
    if rule is None:
        return None
    if len(rule) == 2:
        return date(year, rule[0], rule[1])
    month, weekday, nth = rule
    if nth == 0:  # Election Day: the Tuesday after the first Monday of November
        first = date(year, month, 1)
        first_monday = first + timedelta(days=(0 - first.weekday()) % 7)
        return first_monday + timedelta(days=1)
    if nth < 0:
        last = date(year, month + 1, 1) - timedelta(days=1)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def _holiday_value(text: str, published: date, tense: Tense | None) -> str | None:
    if text.removeprefix("a ") not in HOLIDAYS:
        return None
    candidates = [
        d
        for d in (
            _holiday(text, published.year - 1),
            _holiday(text, published.year),
            _holiday(text, published.year + 1),
        )
        if d is not None
    ]
    before = [d for d in candidates if d <= published]
    after = [d for d in candidates if d >= published]
    if tense == "past":
        chosen = max(before)
    elif tense == "future":
        chosen = min(after)
    else:
        chosen = min(candidates, key=lambda d: abs((d - published).days))
    return chosen.isoformat()


def _date_value(text: str, published: date | None, tense: Tense | None) -> str | None:
    """The TIMEX3 value of a DATE expression (see the module docstring)."""
    text = _MODIFIERS.sub("", text).strip()
    text = re.sub(r"^this past ", "last ", text)
    if re.fullmatch(r"'?\d{1,2}", text):
        return None  # a bare "30" or "'76": too ambiguous to resolve
    match = _ORDINAL_CENTURY.match(text)
    if match:
        return f"{int(match.group('n')) - 1:02d}"
    if text in ("now", "currently", "the present", "present"):
        return "PRESENT_REF"
    if text in ("the past", "recently", "once", "formerly"):
        return "PAST_REF"
    if text in ("the future", "future", "soon"):
        return "FUTURE_REF"
    match = _DECADE.match(text)
    if match:
        century = match.group("c")
        decade = int(match.group("d"))
        if century is None:
            # "the '90s": the latest such decade that has begun by publication (or by 2000)
            latest = published.year if published else 2000
            century = "20" if 2000 + decade * 10 <= latest else "19"
        return f"{century}{decade}"
    match = _YEAR.match(text)
    if match:
        return match.group("y")
    match = _QUARTER.match(text)
    if match:
        q = match.group("q") or match.group("q2")
        number = int(q[1]) if q.startswith("q") else _QUARTER_NUMBER.get(q, 4)
        year = match.group("y") or match.group("y2")
        if year is None:
            if published is None:
                return None
            current = (published.month - 1) // 3 + 1
            year = str(
                published.year if number <= current or tense == "future" else published.year - 1
            )
        return f"{year}-Q{number}"
    match = _SEASON.match(text)
    if match:
        if match.group("y"):
            return f"{match.group('y')}-{SEASONS[match.group('season')]}"
        if published is None:
            return None
        return _season_value(match.group("season"), published, None, tense)
    if published is None:
        return _calendar_date(text, None, tense)
    if text == "today":
        return published.isoformat()
    if text == "yesterday":
        return (published - timedelta(days=1)).isoformat()
    if text == "tomorrow":
        return (published + timedelta(days=1)).isoformat()
    if text in ("the weekend", "this weekend", "weekend"):
        past = tense != "future" and published.weekday() < 5
        return f"{_iso_week(published - timedelta(weeks=1 if past else 0))}-WE"
    day = _weekday_date(text, published, tense)
    if day is not None:
        return day.isoformat()
    holiday = _holiday_value(text, published, tense)
    if holiday is not None:
        return holiday
    match = _REL_MONTH.match(text)
    if match:
        month = MONTHS.index(match.group("month")) + 1
        rel = match.group("rel")
        year = published.year
        if rel in ("last", "this past") and month >= published.month:
            year -= 1
        elif rel in ("next", "this coming") and month <= published.month:
            year += 1
        return f"{year}-{month:02d}"
    match = _RELATIVE_PERIOD.match(text)
    if match:
        return _relative_period(match, published, tense)
    match = _AGO.match(text)
    if match:
        return _ago_value(match, published)
    weekday_prefix = re.match(
        r"^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),? (.+)$", text
    )
    if weekday_prefix and _MONTH_WORD.search(weekday_prefix.group(1)):
        text = weekday_prefix.group(1)
    return _calendar_date(text, published, tense)


# --- entry point ----------------------------------------------------------------------------


def timex_type(text: str) -> TimexType:
    """The TIMEX3 type of a temporal expression (cleaned or raw text)."""
    text = _clean(text)
    if _is_set(text):
        return "SET"
    if _is_time(text):
        return "TIME"
    if _duration(text) is not False and not _AGO.match(text):
        return "DURATION"
    return "DATE"


def normalize(
    text: str, published: date | None, tense: Tense | None = None
) -> tuple[TimexType, str | None]:
    """TIMEX3 ``(type, value)`` of the expression ``text``.

    ``published`` is the publication date that relative expressions are resolved against
    (``None``: only absolute expressions such as "March 3, 2016" or "2009" get a value);
    ``tense`` is the tense of the clause ("future" makes weekdays and yearless months point
    forward). ``value`` is ``None`` when the expression cannot be resolved. Never raises.
    """
    clean = _clean(text)
    kind = timex_type(clean)
    if kind == "SET":
        return kind, _set_value(clean)
    if kind == "TIME":
        return kind, _time_value(clean, published, tense)
    if kind == "DURATION":
        value = _duration(clean)
        return kind, value if isinstance(value, str) else None
    try:
        return kind, _date_value(clean, published, tense)
    except (ValueError, OverflowError):
        return kind, None
