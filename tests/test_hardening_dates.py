"""Hostile date values (JSONL records, sidecars): a long junk string is no date, and quickly."""

from __future__ import annotations

import time

from byline.readers.jsonl import normalize_date


def test_long_junk_date_is_rejected_quickly() -> None:
    started = time.monotonic()
    assert normalize_date("1 " * 20_000) is None  # dateparser took 3.4 s on this
    assert normalize_date("Monday " * 5_000) is None
    assert time.monotonic() - started < 1.0


def test_ordinary_dates_still_parse() -> None:
    assert normalize_date("2021-04-07T10:32:00Z") == "2021-04-07"
    assert normalize_date("Tuesday, April 6, 2021 10:32 AM EDT") == "2021-04-06"
    assert normalize_date("Tue, 06 Apr 2021 10:32:00 GMT") == "2021-04-06"
