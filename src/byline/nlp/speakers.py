"""Speaker and entity resolution: alias clusters, titles and roles, anonymous sources."""

from __future__ import annotations

from spacy.tokens import Doc

from byline.model import Attribution, Entity
from byline.structure import ArticleStructure


def resolve_speakers(
    doc: Doc, article: ArticleStructure, attributions: list[Attribution]
) -> tuple[list[Entity], list[Attribution]]:
    """Entities of the story and the attributions with their ``speaker`` filled in."""
    return [], attributions
