"""Quote finding (``byline.nlp.quotes``) on hand-written paragraphs."""

from __future__ import annotations

from byline.nlp.quotes import Quote, find_quotes, find_quotes_in


def test_curly_and_straight_quotes() -> None:
    text = 'He said “yes” and she said "no" today.'
    quotes = find_quotes_in(text, 0, len(text))
    assert [text[q.start : q.end] for q in quotes] == ["“yes”", '"no"']


def test_doubled_apostrophes_are_double_quotes() -> None:
    text = "He called it ''a cultural war.''"
    (quote,) = find_quotes_in(text, 0, len(text))
    assert text[quote.start : quote.end] == "''a cultural war.''"


def test_apostrophes_are_not_quotes() -> None:
    text = "It's Clinton's plan, the voters' choice."
    assert find_quotes_in(text, 0, len(text)) == []


def test_quote_over_paragraphs() -> None:
    first = "“We are ready. We trained."
    second = "“We will win.” Then he left."
    text = first + "\n" + second
    quotes = find_quotes(text, [(0, len(first)), (len(first) + 1, len(text))])
    assert quotes == [
        Quote(0, len(first), open_end=True, continued=False),
        Quote(len(first) + 1, len(first) + 1 + len("“We will win.”"), continued=True),
    ]


def test_open_quote_not_continued_without_opening_mark() -> None:
    first = "“We are ready."
    second = "The match starts at noon."
    text = first + "\n" + second
    quotes = find_quotes(text, [(0, len(first)), (len(first) + 1, len(text))])
    assert quotes == [Quote(0, len(first), open_end=True)]


def test_closing_mark_typed_as_an_opener_opens_a_quote() -> None:
    # "”" at the paragraph start (an autocorrect slip) opens; the next "”" closes it.
    text = "”Fear. I am truly afraid.” ― Edwin G. Monroy"
    (quote,) = find_quotes_in(text, 0, len(text))
    assert (quote.start, quote.end) == (0, len("”Fear. I am truly afraid.”"))
    text = "He said ”no way” twice."
    (quote,) = find_quotes_in(text, 0, len(text))
    assert text[quote.start : quote.end] == "”no way”"


def test_closing_mark_after_a_word_still_closes() -> None:
    # continuation paragraph: text up to the first closing mark is the quote's last part
    text = "and we will win,” he said."
    (quote,) = find_quotes_in(text, 0, len(text), continues=True)
    assert text[quote.start : quote.end] == "and we will win,”"
    assert quote.continued


def test_closing_marks_as_inch_signs_or_before_punctuation_open_nothing() -> None:
    text = "They laid a 12” pipe. The 5′10” guard said ” , then left."
    assert find_quotes_in(text, 0, len(text)) == []
    # a spaced inch sign before a word, then a real quote; a ditto mark with no closing mark
    text = "A 12 ”pipe burst on Monday. “It sounded like a bomb,” said Bob Hall."
    (quote,) = find_quotes_in(text, 0, len(text))
    assert text[quote.start : quote.end] == "“It sounded like a bomb,”"
    text = "”Pumps     12"
    assert find_quotes_in(text, 0, len(text)) == []
    # a continued quote whose closing mark is typed after a space still closes there
    text = "and we will win ”, he said."
    (quote,) = find_quotes_in(text, 0, len(text), continues=True)
    assert text[quote.start : quote.end] == "and we will win ”"
