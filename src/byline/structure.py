"""Article structure: headline, byline, standfirst, dateline, body paragraphs, captions, tags.

Input is the immutable article text; output is an :class:`ArticleStructure` whose regions are
``[start, end)`` character offsets into that text. Nothing is removed from the text: debris
(``??`` residue, edition footer tags) is marked as a region of its own kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from byline.model import Caption, Metadata, Region

ANALYZABLE_KINDS = frozenset({"headline", "standfirst", "paragraph"})
"""Region kinds whose text is story text, searched for attributions and entities."""


@dataclass
class ArticleStructure:
    """The structure of one article. ``metadata`` holds what the text itself states (outlet,
    headline, authors, standfirst, dateline, language, country); input metadata is merged over
    it by :func:`byline.analyze.analyze`."""

    metadata: Metadata
    regions: list[Region] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)

    def spans_of(self, *kinds: str) -> list[tuple[int, int]]:
        """``[start, end)`` pairs of the regions of the given kinds, in text order."""
        return sorted((r.start, r.end) for r in self.regions if r.kind in kinds)

    def regions_spans(self) -> list[tuple[int, int]]:
        """``[start, end)`` pairs of all regions, in text order."""
        return sorted((r.start, r.end) for r in self.regions)

    def analyzable_spans(self) -> list[tuple[int, int]]:
        """``[start, end)`` pairs of story text: headline, standfirst and body paragraphs."""
        return self.spans_of(*ANALYZABLE_KINDS)


_BLOCK = re.compile(r"[^\n]+")


def structure(text: str) -> ArticleStructure:
    """Find the structure of ``text``: first non-blank line is the headline, the other
    non-blank lines are body paragraphs."""
    regions: list[Region] = []
    headline = None
    for match in _BLOCK.finditer(text):
        start, end = match.start(), match.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            continue
        if headline is None:
            headline = text[start:end]
            regions.append(Region(kind="headline", start=start, end=end))
        else:
            regions.append(Region(kind="paragraph", start=start, end=end))
    return ArticleStructure(metadata=Metadata(headline=headline), regions=regions)
