"""Temporal expressions in story text, typed per TIMEX3 and normalized against the publication date.

Candidates are spaCy's ``DATE`` and ``TIME`` entities on the article's parse, kept when they lie
inside an analyzable region (headline, standfirst, body paragraph) and trimmed of leading
prepositions and a trailing possessive ("on Wednesday’s" -> "Wednesday"). Each is typed and
valued by :func:`byline.nlp.timex_values.normalize`, given the tense of the clause it modifies
(read off the dependency parse), so that "will meet Friday" points forward and "met Friday" back.
"""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc, Span, Token

from byline.model import Timex
from byline.nlp.timex_values import Tense, normalize
from byline.structure import ArticleStructure

TIMEX_LABELS = frozenset({"DATE", "TIME"})
"""spaCy entity labels taken as temporal-expression candidates (OntoNotes scheme)."""

LEADING_TRIM = frozenset(
    {
        "on", "in", "at", "over", "during", "since", "until", "till", "by", "for", "from",
        "through", "throughout", "within", "before", "after", "around", "about", "of", "as",
        "to", "into", "across",
    }
)  # fmt: skip
"""Words trimmed from the start of a candidate: TIMEX3 extents exclude the preposition that
governs them (TimeML 1.2.1 guidelines, "extent" rules)."""

FUTURE_AUXILIARIES = frozenset({"will", "'ll", "shall", "wo", "would", "’ll"})
FUTURE_GOVERNORS = frozenset({"expect", "schedule", "plan", "set", "due", "intend", "aim", "hope"})
"""Verbs whose ``to``-infinitive complement refers forward ("expected to begin next spring")."""

MAX_HEAD_STEPS = 6


def find_timexes(doc: Doc, article: ArticleStructure, published: date | None) -> list[Timex]:
    """Temporal expressions in story text, with ISO 8601 / TimeML values.

    ``doc`` is the spaCy parse of the whole article text (token offsets are text offsets);
    ``article`` gives the analyzable regions; ``published`` the publication date relative
    expressions are resolved against (``None``: they are found and typed, value ``None``).
    Returns :class:`~byline.model.Timex` records in text order, each with one ``[start, end)``
    span into the text.
    """
    regions = article.analyzable_spans()
    timexes: list[Timex] = []
    for entity in doc.ents:
        if entity.label_ not in TIMEX_LABELS:
            continue
        span = _trim(entity)
        if span is None or not _inside(span.start_char, span.end_char, regions):
            continue
        kind, value = normalize(span.text, published, clause_tense(span))
        timexes.append(
            Timex(
                text=span.text,
                spans=[(span.start_char, span.end_char)],
                type=kind,
                value=value,
            )
        )
    return timexes


def _inside(start: int, end: int, regions: list[tuple[int, int]]) -> bool:
    return any(r_start <= start and end <= r_end for r_start, r_end in regions)


def _trim(entity: Span) -> Span | None:
    """The entity without leading prepositions and trailing possessive or punctuation; ``None``
    when nothing is left."""
    start, end = entity.start, entity.end
    doc = entity.doc
    while start < end and doc[start].lower_ in LEADING_TRIM:
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        end -= 1
    if start >= end:
        return None
    return doc[start:end]


def _governing_verb(span: Span) -> Token | None:
    token = span.root
    for _ in range(MAX_HEAD_STEPS):
        if token.pos_ in ("VERB", "AUX") and token not in span:
            return token
        if token.head is token:
            return None
        token = token.head
    return None


def clause_tense(span: Span) -> Tense | None:
    """Tense of the clause a temporal expression modifies, from its governing verb: "future"
    (``will``/``shall``/``would`` auxiliary, or a ``to``-infinitive under "expected",
    "scheduled"...), "past" (past-tense verb or auxiliary, perfect, bare past participle),
    "present", or ``None`` when no verb governs it (a headline fragment, "Wednesday’s talks").
    """
    verb = _governing_verb(span)
    if verb is None:
        return None
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in FUTURE_AUXILIARIES for a in auxiliaries):
        return "future"
    if any(a.lower_ == "to" for a in auxiliaries) and verb.head.lemma_ in FUTURE_GOVERNORS:
        return "future"
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxiliaries):
        return "past"
    if verb.tag_ == "VBN" and (
        not auxiliaries or any(a.lemma_ == "have" or a.tag_ == "VBD" for a in auxiliaries)
    ):
        return "past"  # perfect, or a bare participle ("repairs begun in June")
    if verb.tag_ in ("VBZ", "VBP") or any(a.tag_ in ("VBZ", "VBP") for a in auxiliaries):
        return "present"
    return None
