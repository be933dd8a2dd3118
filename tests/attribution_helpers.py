"""Helpers shared by the attribution tests: paragraphs as regions, extraction, span lookup."""

from __future__ import annotations

from byline.model import Attribution, Metadata, Region
from byline.nlp.attribution import find_attributions
from byline.nlp.pipeline import get_nlp, make_doc
from byline.structure import ArticleStructure


def paragraphs(text: str) -> ArticleStructure:
    """Every non-blank line is a story paragraph."""
    regions = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            regions.append(Region(kind="paragraph", start=offset, end=offset + len(line)))
        offset += len(line) + 1
    return ArticleStructure(metadata=Metadata(), regions=regions)


def extract(text: str, article: ArticleStructure | None = None) -> list[Attribution]:
    """Attributions of ``text`` parsed as byline parses it (every line a paragraph by default)."""
    article = article or paragraphs(text)
    nlp = get_nlp()
    return find_attributions(nlp(make_doc(nlp, text, article.regions_spans())), article)


def span(text: str, piece: str, nth: int = 0) -> tuple[int, int]:
    """``[start, end)`` of the ``nth`` occurrence of ``piece`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    return (start, start + len(piece))


def only(atts: list[Attribution], cue: str) -> Attribution:
    """The one attribution whose cue text is ``cue``."""
    found = [a for a in atts if a.cue is not None and a.cue.text == cue]
    assert len(found) == 1, [(a.cue.text if a.cue else None, a.content.text) for a in atts]
    return found[0]
