"""The default attribution method: the trained tagger's attributions plus the rules' nested and
enclosing ones.

Before grouping, :func:`restore_rule_cues` gives the tagger's tags a cue the rules found where
the tagger agrees with the rules on the source and the content but left the cue out: the dash of a
signed quotation ("“…” ― Sonya Herridge"), which PolNeAR annotates as the cue and the tagger,
seeing few in training, tags outside any role (PolNeAR dev: 20 cues restored; attribution_f1
+0.0015, cue soft F1 +0.001, better on both halves of dev).

A tagged attribution that is only a stated reason for anonymity (cue and content inside the
reason: "Two city engineers *spoke on condition of* anonymity *because they were not authorized to
discuss the project*") is dropped (:func:`drop_anonymity_statements`): the reason belongs to the
source's own attribution, where :mod:`byline.nlp.speakers` records it (PolNeAR dev: none dropped).

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
from typing import TYPE_CHECKING

from byline.model import Attribution, TextSpan
from byline.nlp.anonymity import AnonymityReason
from byline.nlp.attribution import link_parents

if TYPE_CHECKING:
    from byline.nlp.tagger import Words


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


def restore_rule_cues(
    tags: Sequence[int], words: Words, rules: Sequence[Attribution], labels: Sequence[str]
) -> list[int]:
    """``tags`` (label ids per word, over ``labels``) with the cue of each top-level rule
    attribution that the tagger otherwise agrees with: the rule has a source, every word of its
    source is tagged as a source and every word of its content as a content, and every word of
    its cue is tagged ``O``. Those cue words become ``B-CUE`` then ``I-CUE``. Returns a new list.
    """
    out = list(tags)
    index = {lab: i for i, lab in enumerate(labels)}
    source_tags = {index["B-SRC"], index["I-SRC"]}
    content_tags = {index["B-CON"], index["I-CON"]}
    for att in rules:
        if att.parent is not None or att.cue is None or att.source is None:
            continue
        cue = words.covering(att.cue.spans)
        source = words.covering(att.source.spans)
        content = words.covering(att.content.spans)
        if not (len(cue) and len(source) and len(content)):
            continue
        if (
            all(out[k] == index["O"] for k in cue)
            and all(out[k] in source_tags for k in source)
            and all(out[k] in content_tags for k in content)
        ):
            out[cue[0]] = index["B-CUE"]
            for k in cue[1:]:
                out[k] = index["I-CUE"]
    return out


def _within(span: TextSpan | None, reason: AnonymityReason) -> bool:
    return span is not None and all(reason.start <= s and e <= reason.end for s, e in span.spans)


def drop_anonymity_statements(
    attributions: Sequence[Attribution], reasons: Sequence[AnonymityReason]
) -> list[Attribution]:
    """``attributions`` without those whose cue and content both lie inside one of ``reasons``
    (:func:`byline.nlp.anonymity.find_anonymity_reasons`): such an attribution is the statement
    of why a source is anonymous, not something the source said. Order and ids are kept."""
    return [
        a
        for a in attributions
        if not any(_within(a.cue, r) and _within(a.content, r) for r in reasons)
    ]
