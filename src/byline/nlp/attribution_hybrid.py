"""The default attribution method: the trained tagger's attributions plus the rules' nested and
enclosing ones.

The tagger (:mod:`byline.nlp.tagger`, run with the rules' spans as evidence) gives one role per
word, as PolNeAR is annotated (univocal), so it cannot give an attribution reported inside
another's content ("two officials said al-Kadhimi *suggested* he would confront the factions").
The rules (:mod:`byline.nlp.attribution`) do. A rule attribution whose cue no tagged attribution
uses is added when its cue lies inside a tagged attribution's content (nested), or when it is a
top-level rule attribution whose content holds a tagged attribution's cue (the tagger took the
inner attribution of "Angered, al-Kadhimi *asked* ..., two Iraqi officials *said*"; PolNeAR dev:
neutral, 14 added). ``parent`` then links each attribution to the innermost one whose content
holds its cue.

Offsets: ``[start, end)`` character indices into the article text, as everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence

from byline.model import Attribution
from byline.nlp.attribution import link_parents


def _inside(att: Attribution, containers: Sequence[Attribution]) -> bool:
    """Whether ``att``'s cue lies inside the content of one of ``containers``."""
    if att.cue is None:
        return False
    return any(
        s <= att.cue.start and att.cue.end <= e for c in containers for s, e in c.content.spans
    )


def _shares_cue(att: Attribution, others: Sequence[Attribution]) -> bool:
    assert att.cue is not None
    return any(
        o.cue is not None and o.cue.start < att.cue.end and att.cue.start < o.cue.end
        for o in others
    )


def combine(tagged: Sequence[Attribution], rules: Sequence[Attribution]) -> list[Attribution]:
    """``tagged`` plus the ``rules`` attributions nested in them or holding them (see the module
    docstring).

    Returns new attributions ordered by their cue (by their content when they have no cue), ids
    renumbered ``"A1"``..., ``parent`` set; ``speaker`` as given.
    """
    added = [
        r
        for r in rules
        if r.cue is not None
        and not _shares_cue(r, tagged)
        and (_inside(r, tagged) or (r.parent is None and any(_inside(t, [r]) for t in tagged)))
    ]
    merged = [a.model_copy(update={"parent": None}) for a in [*tagged, *added]]
    merged.sort(key=lambda a: a.cue.start if a.cue is not None else a.content.start)
    for k, att in enumerate(merged, 1):
        att.id = f"A{k}"
    link_parents(merged)
    return merged
