"""Server-side highlighting of an article's text from its standoff offsets.

The text is split at every boundary of every span to show (attribution source, cue and content
spans, entity mentions, non-story regions): each piece between two consecutive boundaries is
escaped with :func:`markupsafe.escape` and, when anything covers it, wrapped in one ``<span>``
whose classes and ``data-`` attributes say what covers it. Nothing from the article is ever
marked safe unescaped, so markup in the text (``<script>``, attributes, quotes) is shown as
text. Offsets are ``[start, end)`` Python ``str`` indices into ``article.text``; spans outside
the text are clipped.

Classes of a piece covered by attributions: ``hl`` and ``hl-<role>`` (``source``, ``cue`` or
``content``: the role it has in the innermost attribution covering it, the one with the
deepest ``parent`` chain, then the shortest extent), ``hl-nested`` when more than one
attribution covers it, ``hl-anonymous`` when the innermost one's speaker is anonymous.
``data-attribution`` is the innermost attribution's id, ``data-attributions`` every covering
id, outermost first. A piece that is a source carries ``data-speaker`` (the speaker's name),
``data-speaker-id`` (corpus-level id, see :mod:`byline.web.queries`), ``data-role``,
``data-reason`` and a ``title`` for hovering. Entity mentions add ``mention`` and
``data-entity``; pieces in ``boilerplate``, ``markup_residue`` and ``edition_tag`` regions add
``region-<kind>``. A ``<sup class="tag">`` with the attribution id is put before the first
piece of each attribution.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from markupsafe import Markup, escape

from byline.model import AnalyzedArticle, Attribution

ROLES = ("cue", "source", "content")
"""Attribution roles, by precedence when one attribution covers a piece twice."""
NON_STORY = ("boilerplate", "markup_residue", "edition_tag")


@dataclass(frozen=True)
class Mark:
    """One span to show: ``[start, end)``, its ``layer`` (``source``, ``cue``, ``content``,
    ``mention`` or ``region``) and ``ref`` (attribution id, entity id or region kind)."""

    start: int
    end: int
    layer: str
    ref: str


def article_marks(article: AnalyzedArticle) -> list[Mark]:
    """Every mark of ``article``, clipped to the text; empty spans dropped."""
    n = len(article.text)
    marks: list[Mark] = []

    def add(start: int, end: int, layer: str, ref: str) -> None:
        start, end = max(0, start), min(n, end)
        if start < end:
            marks.append(Mark(start, end, layer, ref))

    for a in article.attributions:
        for role in ROLES:
            span = getattr(a, role)
            if span is not None:
                for start, end in span.spans:
                    add(start, end, role, a.id)
    for entity in article.entities:
        for mention in entity.mentions:
            add(mention.start, mention.end, "mention", entity.id)
    for region in article.regions:
        if region.kind in NON_STORY:
            add(region.start, region.end, "region", region.kind)
    return marks


def _depths(attributions: list[Attribution]) -> dict[str, int]:
    parents = {a.id: a.parent for a in attributions}
    depths: dict[str, int] = {}
    for a in attributions:
        depth, seen, node = 0, {a.id}, a.parent
        while node is not None and node in parents and node not in seen:
            depth += 1
            seen.add(node)
            node = parents[node]
        depths[a.id] = depth
    return depths


def _extent(a: Attribution) -> int:
    spans = [s for role in ROLES if (span := getattr(a, role)) for s in span.spans]
    return max(e for _, e in spans) - min(s for s, _ in spans) if spans else 0


def _speaker_title(a: Attribution) -> str:
    s = a.speaker
    parts = [f"{a.id} ({a.kind}) — speaker: {s.name or 'unresolved'}"]
    if s.type:
        parts.append(f"type: {s.type}")
    if s.role:
        parts.append(f"role: {s.role}")
    if s.anonymous:
        parts.append("anonymous" + (f": {s.anonymity_reason}" if s.anonymity_reason else ""))
    return "; ".join(parts)


def highlight(article: AnalyzedArticle, speaker_ids: dict[str, str | None]) -> Markup:
    """The article text as HTML with every mark shown (see the module docstring).

    ``speaker_ids`` maps attribution ids to corpus-level speaker ids (or ``None``).
    """
    text = article.text
    marks = article_marks(article)
    by_id = {a.id: a for a in article.attributions}
    entities = {e.id: e for e in article.entities}
    depth = _depths(article.attributions)
    extent = {a.id: _extent(a) for a in article.attributions}
    order = {a.id: i for i, a in enumerate(article.attributions)}
    bounds = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    starts: dict[int, list[Mark]] = {}
    for m in marks:
        starts.setdefault(m.start, []).append(m)
    first_piece = {
        a.id: min((m.start for m in marks if m.ref == a.id and m.layer in ROLES), default=-1)
        for a in article.attributions
    }
    active: list[Mark] = []
    out: list[Markup] = []
    for start, end in pairwise(bounds):
        active = [m for m in active if m.end > start] + starts.get(start, [])
        piece = escape(text[start:end])
        if not active:
            out.append(piece)
            continue
        for attribution_id, first in first_piece.items():
            if first == start:
                out.append(Markup('<sup class="tag">{}</sup>').format(attribution_id))
        classes: list[str] = []
        data: dict[str, str] = {}
        title = ""
        covering = {m.ref for m in active if m.layer in ROLES}
        if covering:
            ranked = sorted(covering, key=lambda i: (depth[i], -extent[i], order[i]))
            inner = ranked[-1]
            roles = {m.layer for m in active if m.ref == inner and m.layer in ROLES}
            role = next(r for r in ROLES if r in roles)
            attribution = by_id[inner]
            classes += ["hl", f"hl-{role}"]
            if len(ranked) > 1:
                classes.append("hl-nested")
            if attribution.speaker.anonymous:
                classes.append("hl-anonymous")
            data["attribution"] = inner
            data["attributions"] = " ".join(ranked)
            if role == "source":
                speaker = attribution.speaker
                data["speaker"] = speaker.name or ""
                data["speaker-id"] = speaker_ids.get(inner) or ""
                data["role"] = speaker.role or ""
                data["reason"] = speaker.anonymity_reason or ""
                title = _speaker_title(attribution)
        mentions = sorted({m.ref for m in active if m.layer == "mention"})
        if mentions:
            classes.append("mention")
            data["entity"] = " ".join(mentions)
            if not title:
                title = "; ".join(f"{entities[e].name} ({entities[e].type})" for e in mentions)
        classes += [f"region-{m.ref}" for m in active if m.layer == "region"]
        attrs = Markup("").join(
            Markup(' data-{}="{}"').format(key, value) for key, value in data.items()
        )
        if title:
            attrs += Markup(' title="{}"').format(title)
        if "hl-source" in classes:
            attrs += Markup(' tabindex="0"')
        out.append(Markup('<span class="{}"{}>{}</span>').format(" ".join(classes), attrs, piece))
    return Markup("").join(out)
