"""Attribution extraction: source, cue and content spans over a parsed ``Doc``."""

from __future__ import annotations

from spacy.tokens import Doc

from byline.model import Attribution
from byline.structure import ArticleStructure


def find_attributions(doc: Doc, article: ArticleStructure) -> list[Attribution]:
    """Attributions in the story text of ``doc`` (a parse of the whole article text).

    Returns attributions with ``speaker`` left empty (filled by
    :func:`byline.nlp.speakers.resolve_speakers`), ids ``"A1"``, ``"A2"``... in text order.
    """
    return []
