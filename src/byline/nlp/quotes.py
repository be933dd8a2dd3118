"""Quotation spans: where quoted speech starts and ends in story paragraphs.

A single linear pass over the characters of each paragraph. Recognised marks: curly double quotes
(``“`` opens, ``”`` closes, and also opens where no quote is open, after a space or at the
paragraph start, before a letter or digit, and the paragraph's next mark is ``”``), straight
double quotes (``"``,
opening or closing decided by the characters around it), and doubled apostrophes (``''``, the New
York Times archive's rendering of a double quote). Single quotes are ignored (they cannot be told
apart from apostrophes cheaply).

Newspaper convention for a quote that runs over several paragraphs: every paragraph of the quote
opens with a quote mark and only the last one closes it. A quote left open at the end of its
paragraph is therefore cut at the paragraph end and flagged ``open_end``; the next paragraph's
quote, when that paragraph starts with an opening mark, is its continuation.
"""

from __future__ import annotations

from dataclasses import dataclass

OPENING = "“"
CLOSING = "”"
STRAIGHT = '"'
DOUBLED_APOSTROPHE = "''"


@dataclass(frozen=True)
class Quote:
    """A quotation: ``[start, end)`` character offsets into the article text, marks included.

    ``open_end`` is true when the quote reaches the end of its paragraph with no closing mark (the
    quote continues in the next paragraph); ``continued`` is true when it opens a paragraph that
    continues such a quote.
    """

    start: int
    end: int
    open_end: bool = False
    continued: bool = False


def _is_opening_context(text: str, i: int, width: int, start: int, end: int) -> bool:
    """A straight mark at ``text[i:i+width]`` opens a quote when preceded by a space, an opening
    bracket or dash, or the paragraph start, and followed by a non-space."""
    before = text[i - 1] if i > start else " "
    after = text[i + width] if i + width < end else " "
    return (before.isspace() or before in "([{—–-:/") and not after.isspace()


def _marks(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Quote marks in ``text[start:end]`` as ``(offset, width, role)``, role one of
    ``"open"``, ``"close"``, ``"either"``."""
    marks: list[tuple[int, int, str]] = []
    i = start
    while i < end:
        ch = text[i]
        if ch == OPENING:
            marks.append((i, 1, "open"))
        elif ch == CLOSING:
            marks.append((i, 1, "close"))
        elif ch == STRAIGHT:
            marks.append((i, 1, "either"))
        elif ch == "'" and text.startswith(DOUBLED_APOSTROPHE, i) and i + 2 <= end:
            marks.append((i, 2, "either"))
            i += 2
            continue
        i += 1
    return marks


def find_quotes_in(text: str, start: int, end: int, continues: bool = False) -> list[Quote]:
    """Quotes in the paragraph ``text[start:end]`` (offsets into ``text``), in text order.

    ``continues`` says the previous paragraph ended inside an open quote. An unmatched opening
    mark yields a quote to the paragraph end (``open_end``); an unmatched closing mark at the
    paragraph start side is ignored unless ``continues``, in which case the paragraph's text up
    to it is taken as the continuation.
    """
    quotes: list[Quote] = []
    open_at: int | None = None
    marks = _marks(text, start, end)
    for k, (offset, width, role) in enumerate(marks):
        # a straight mark opens by its context; so does a closing mark typed where an opening
        # one belongs ("”Fear. I am truly afraid ...”", an autocorrect slip) when a word follows
        # and the paragraph's next mark is a closing one (not an inch sign before a real quote)
        if (
            role != "open"
            and open_at is None
            and _is_opening_context(text, offset, width, start, end)
            and (
                role == "either"
                or (
                    text[offset + width : offset + width + 1].isalnum()
                    and k + 1 < len(marks)
                    and marks[k + 1][2] == "close"
                )
            )
        ):
            role = "open"
        if role == "either":
            role = "close"
        if role == "open":
            if open_at is None:
                open_at = offset
            continue
        if open_at is not None:
            quotes.append(Quote(open_at, offset + width, continued=continues and open_at == start))
            open_at = None
        elif continues and not quotes:
            quotes.append(Quote(start, offset + width, continued=True))
    if open_at is not None:
        # A quote left open at the end of its paragraph.
        stripped_end = end
        while stripped_end > open_at and text[stripped_end - 1].isspace():
            stripped_end -= 1
        quotes.append(
            Quote(open_at, stripped_end, open_end=True, continued=continues and open_at == start)
        )
    return quotes


def find_quotes(text: str, paragraphs: list[tuple[int, int]]) -> list[Quote]:
    """Quotes in each ``[start, end)`` paragraph of ``text``, in text order.

    A paragraph whose quote was left open continues into the next paragraph only when that
    paragraph starts with an opening mark (the multi-paragraph quote convention).
    """
    quotes: list[Quote] = []
    pending = False
    for start, end in sorted(paragraphs):
        first = text[start] if start < end else ""
        continues = pending and (first in (OPENING, STRAIGHT) or text.startswith("''", start))
        found = find_quotes_in(text, start, end, continues)
        quotes.extend(found)
        pending = bool(found) and found[-1].open_end
    return quotes
