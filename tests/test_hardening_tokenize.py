"""Tokenizing hostile text: long runs without whitespace must not take quadratic time, and the
Doc must still index the exact text (standoff offsets)."""

from __future__ import annotations

import time

from byline.nlp.pipeline import LONG_RUN, get_nlp, make_doc, tokenize

HOSTILE = [
    "He said " + '"' * 20_000 + " ok.\n",  # took about a minute in spaCy's tokenizer
    "a " + "x" * (3 * LONG_RUN + 7) + " b  c\n\n" + "\u201c" * (LONG_RUN + 1),
    " " + "y" * (LONG_RUN + 1) + " ",
    "\u200d" * (2 * LONG_RUN) + "e\u0301" * LONG_RUN + "👩‍👩‍👧" * 100,
]


def test_long_runs_keep_the_text_and_take_linear_time() -> None:
    nlp = get_nlp()
    for text in HOSTILE:
        started = time.monotonic()
        doc = tokenize(nlp, text)
        assert time.monotonic() - started < 5.0
        assert doc.text == text
        assert all(text[t.idx : t.idx + len(t.text)] == t.text for t in doc)
        assert max(len(t.text) for t in doc) <= LONG_RUN
    quotes = tokenize(nlp, HOSTILE[0])
    assert sum(t.text == '"' for t in quotes) == 20_000  # each quotation mark still a token


def test_ordinary_text_is_tokenized_as_spacy_does() -> None:
    nlp = get_nlp()
    text = 'Ann Lee said: "See https://example.com/a/b?c=d." It\'s done — again.\n\nNext.'
    assert [t.text for t in tokenize(nlp, text)] == [t.text for t in nlp.make_doc(text)]
    doc = make_doc(nlp, text, [(0, 64), (66, 71)])
    assert doc.text == text
