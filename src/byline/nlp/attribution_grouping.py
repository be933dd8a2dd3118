"""Grouping tagged spans into attributions: link each content span to a cue, each cue to a
source.

Input: the tagger's ``(role, first_word, last_word)`` spans over :class:`Words`. Method
(proximity, after the PolNeAR conventions of Newell et al. 2018; no learning):

- a content span goes to the nearest cue in its paragraph, by word gap, with a penalty when the
  cue's sentence is not one the content touches, unless it opens the paragraph after a cue that
  ends its own paragraph with a colon ("He added:"); several contents of one cue make one
  discontinuous content (a quote split by "he said");
- a content span in a paragraph without a cue that opens with a quotation mark continues the
  previous attribution's content (a quote carried into the next paragraph);
- a cue's source is the nearest source span in its sentence (else in its paragraph, within
  :data:`SOURCE_REACH` words); a source may serve several cues;
- cues without content are dropped; content without cue is dropped unless it continues a quote.

Offsets: ``[start, end)`` into ``doc.text``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc

from byline.model import Attribution, AttributionKind, TextSpan
from byline.nlp.tagger import Words

OPENING_QUOTES = "\"“‘'«"
QUOTES = '"“”«»'
SENTENCE_PENALTY = 40
"""Word-gap cost of linking a content to a cue outside the sentences the content touches."""
SOURCE_REACH = 12
"""Largest word gap for a source found outside the cue's sentence."""
KEEP_CUELESS_CONTENT = True
"""Keep a content span the tagger found without any cue in its paragraph when a source is
tagged near it (the attribution then has no cue)."""

RoleSpan = tuple[str, int, int]
Span = tuple[int, int]


@dataclass
class _Group:
    cue: tuple[int, int] | None
    contents: list[tuple[int, int]] = field(default_factory=list)
    source: tuple[int, int] | None = None


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    if a[1] < b[0]:
        return b[0] - a[1] - 1
    if b[1] < a[0]:
        return a[0] - b[1] - 1
    return 0


def _sentence_of_words(doc: Doc, words: Words) -> list[int]:
    """Sentence number per word (paragraph number when the doc has no sentence boundaries)."""
    if not words.offsets:
        return []
    if doc.has_annotation("SENT_START"):
        sent_of_token = [0] * len(doc)
        for k, sent in enumerate(doc.sents):
            for i in range(sent.start, sent.end):
                sent_of_token[i] = k
        return [sent_of_token[i] for i in words.token_index]
    return _paragraph_of_words(words)


def _colon_introduced(text: str, words: Words, cues: Sequence[Span]) -> dict[int, Span]:
    """``{first word of a paragraph: cue}`` for cues that end their paragraph with a colon
    ("He added:" then the quote as the next paragraph): that paragraph's content is theirs."""
    out = {}
    for cue in cues:
        k = cue[1] + 1
        while k < len(words) and not words.para_start[k] and _word(text, words, k) == ":":
            k += 1
        colon = k > cue[1] + 1 or _word(text, words, cue[1]) == ":"
        if colon and k < len(words) and words.para_start[k]:
            out[k] = cue
    return out


def _word(text: str, words: Words, i: int) -> str:
    return text[words.offsets[i][0] : words.offsets[i][1]]


def _paragraph_of_words(words: Words) -> list[int]:
    out, p = [], -1
    for flag in words.para_start:
        p += bool(flag)
        out.append(max(p, 0))
    return out


def _kind(text: str, content: TextSpan, cue: TextSpan | None) -> AttributionKind:
    body = content.text.strip().rstrip(".,;:!?").strip()
    if body and body[0] in OPENING_QUOTES and body[-1] in "\"”’'»" and len(body) > 1:
        inner = body[1:-1]
        if not any(q in inner for q in "“”"):
            return "direct"
    if any(q in content.text for q in QUOTES):
        return "mixed"
    if cue is not None and " ".join(cue.text.lower().split()) == "according to":
        return "according_to"
    return "indirect"


def group_attributions(doc: Doc, words: Words, spans: Sequence[RoleSpan]) -> list[Attribution]:
    """Attributions from tagged spans of ``doc`` (see the module docstring for the method).

    Returns attributions sorted by their first character, ids ``"A1"``..., ``speaker`` empty.
    """
    text = doc.text
    sent = _sentence_of_words(doc, words)
    para = _paragraph_of_words(words)
    cues = [(a, b) for role, a, b in spans if role == "cue"]
    sources = [(a, b) for role, a, b in spans if role == "source"]
    contents = [(a, b) for role, a, b in spans if role == "content"]
    groups = {c: _Group(c) for c in cues}
    introduces = _colon_introduced(text, words, cues)
    orphans: list[_Group] = []
    last: _Group | None = None
    for con in sorted(contents):
        sents = set(range(sent[con[0]], sent[con[1]] + 1))
        best = introduces.get(con[0])
        best_cost = None if best is None else 0
        for cue in cues:
            if para[cue[0]] != para[con[0]] and para[cue[1]] != para[con[1]]:
                continue
            cost = _gap(cue, con) + (0 if sent[cue[0]] in sents else SENTENCE_PENALTY)
            if best_cost is None or cost < best_cost:
                best, best_cost = cue, cost
        if best is not None:
            groups[best].contents.append(con)
            last = groups[best]
            continue
        first = text[words.offsets[con[0]][0] : words.offsets[con[0]][1]]
        if (
            last is not None
            and first[:1] in OPENING_QUOTES
            and last.contents
            and para[last.contents[-1][1]] < para[con[0]]
        ):
            last.contents.append(con)
        elif KEEP_CUELESS_CONTENT:
            orphan = _Group(None, [con])
            orphans.append(orphan)
            last = orphan
    for group in [*groups.values(), *orphans]:
        if not group.contents:
            continue
        anchor = group.cue or group.contents[0]
        best, best_cost = None, None
        for src in sources:
            same = sent[src[0]] == sent[anchor[0]]
            gap = _gap(src, anchor)
            if not same and (para[src[0]] != para[anchor[0]] or gap > SOURCE_REACH):
                continue
            cost = gap + (0 if same else SENTENCE_PENALTY)
            if any(_gap(src, c) == 0 and src[0] >= c[0] and src[1] <= c[1] for c in group.contents):
                continue
            if best_cost is None or cost < best_cost:
                best, best_cost = src, cost
        group.source = best

    def chars(pairs: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
        return [(words.offsets[a][0], words.offsets[b][1]) for a, b in pairs]

    built = []
    for group in [*groups.values(), *orphans]:
        if not group.contents or (group.cue is None and group.source is None):
            continue
        content = TextSpan.from_offsets(text, chars(group.contents))
        cue = TextSpan.from_offsets(text, chars([group.cue])) if group.cue else None
        source = TextSpan.from_offsets(text, chars([group.source])) if group.source else None
        first = min(s.start for s in (content, cue, source) if s is not None)
        built.append((first, content, cue, source))
    built.sort(key=lambda b: b[0])
    return [
        Attribution(
            id=f"A{k}",
            kind=_kind(text, content, cue),
            source=source,
            cue=cue,
            content=content,
        )
        for k, (_, content, cue, source) in enumerate(built, 1)
    ]
