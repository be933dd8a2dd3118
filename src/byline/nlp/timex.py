"""Temporal expressions, normalized against the publication date."""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc

from byline.model import Timex
from byline.structure import ArticleStructure


def find_timexes(doc: Doc, article: ArticleStructure, published: date | None) -> list[Timex]:
    """Temporal expressions in story text, with ISO values when ``published`` is known."""
    return []
