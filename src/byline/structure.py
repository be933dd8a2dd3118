"""Article structure: headline, byline, standfirst, dateline, body paragraphs, captions, tags.

Input is the immutable article text; output is an :class:`ArticleStructure` whose regions are
``[start, end)`` character offsets into that text. Nothing is removed from the text: debris
(``??`` residue, edition footer tags) is marked as a region of its own kind.

The method is a sequence of small rule-based steps over the text's non-blank lines, each claiming
the lines it recognizes and leaving the rest to the next step (in the manner of trafilatura's
extraction cascade):

1. :func:`_mark_edition_footer`: trailing edition tags ("Newspapers in English").
2. :func:`_mark_caption_blocks`: caption blocks around ``??`` image markers, and the lines that
   repeat their caption and credit.
3. :func:`_mark_header`: outlet line, headline, byline lines, standfirst.
4. :func:`_mark_body`: every other line is a body paragraph unless a rule of
   :mod:`byline.structure_rules` says it is debris, boilerplate or a credit; the first body
   paragraph may open with a dateline (a region nested inside it), and embed tags inside a
   paragraph are nested ``markup_residue`` regions.

Any line no rule claims is a ``paragraph``: story text is never dropped on a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from byline.model import Caption, Metadata, Region, RegionKind
from byline.structure_rules import (
    RESIDUE_TOKEN,
    Credit,
    is_author_bio,
    is_boilerplate,
    is_residue,
    opens_editors_note,
    parse_byline,
    parse_credit,
    parse_dateline,
    parse_edition_tag,
    split_photo_credit_tail,
    tag_spans,
)

ANALYZABLE_KINDS = frozenset({"headline", "standfirst", "paragraph"})
"""Region kinds whose text is story text, searched for attributions and entities."""

HEADER_WINDOW = 6
"""How many leading lines may hold the outlet, headline, standfirst and byline."""

STANDFIRST_MAX_WORDS = 50
"""Longest standfirst (dek) accepted, in words."""

STANDFIRST_MIN_OVERLAP = 0.5
"""Share of the standfirst's content words that must recur in the lede for a standfirst to be
recognized by restatement (a dek summarizes the lede)."""


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


@dataclass
class _Line:
    """One non-blank line: ``[start, end)`` into the text, surrounding whitespace excluded."""

    start: int
    end: int
    text: str


@dataclass
class _Builder:
    """What the steps have found so far; ``claimed`` holds indexes of lines already assigned."""

    text: str
    lines: list[_Line]
    regions: list[Region] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    metadata: Metadata = field(default_factory=Metadata)
    claimed: set[int] = field(default_factory=set)

    def add(self, kind: RegionKind, start: int, end: int) -> None:
        start, end = _strip_span(self.text, start, end)
        if start < end:
            self.regions.append(Region(kind=kind, start=start, end=end))

    def claim(self, index: int, kind: RegionKind) -> None:
        line = self.lines[index]
        self.add(kind, line.start, line.end)
        self.claimed.add(index)

    def free(self) -> list[int]:
        """Indexes of the lines no step has claimed yet, in text order."""
        return [i for i in range(len(self.lines)) if i not in self.claimed]


def structure(text: str) -> ArticleStructure:
    """Find the structure of ``text`` (see the module docstring for the steps).

    Returns an :class:`ArticleStructure` whose regions are sorted by start offset (a nested
    region such as a dateline follows the paragraph holding it). Never raises on odd input: an
    empty text gives no regions.
    """
    builder = _Builder(text=text, lines=_lines(text))
    _mark_edition_footer(builder)
    _mark_caption_blocks(builder)
    _mark_header(builder)
    _mark_body(builder)
    builder.regions.sort(key=lambda r: (r.start, -r.end))
    return ArticleStructure(
        metadata=builder.metadata,
        regions=builder.regions,
        captions=builder.captions,
        tags=builder.tags,
    )


# --- lines ----------------------------------------------------------------------------------

LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
"""Characters that end a line: those of Python's ``str.splitlines`` (so a file with old Mac
``\\r`` line ends, or Unicode line separators, has lines, not one long headline)."""
_LINE = re.compile(f"[^{LINE_BREAKS}]+")


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` past whitespace (including the byte-order mark) at both ends."""
    while start < end and (text[start].isspace() or text[start] == "\ufeff"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == "\ufeff"):
        end -= 1
    return start, end


def _lines(text: str) -> list[_Line]:
    """The non-blank lines of ``text`` with their stripped offsets."""
    lines = []
    for match in _LINE.finditer(text):
        start, end = _strip_span(text, match.start(), match.end())
        if start < end:
            lines.append(_Line(start, end, text[start:end]))
    return lines


# --- step 1: edition footer -----------------------------------------------------------------


def _mark_edition_footer(builder: _Builder) -> None:
    """Claim the trailing run of edition tags; set ``tags``, ``language`` and ``country``."""
    index = len(builder.lines) - 1
    found = []
    while index >= 0:
        tag = parse_edition_tag(builder.lines[index].text)
        if tag is None:
            break
        found.append((index, tag))
        index -= 1
    for index, tag in reversed(found):
        builder.claim(index, "edition_tag")
        builder.tags.append(builder.lines[index].text)
        builder.metadata.language = builder.metadata.language or tag.language
        builder.metadata.country = builder.metadata.country or tag.country


# --- step 2: captions -----------------------------------------------------------------------


@dataclass
class _Piece:
    """A stretch of a caption block: ``[start, end)`` into the text."""

    start: int
    end: int
    text: str
    credit: Credit | None


def _pieces_between_markers(builder: _Builder, line: _Line) -> list[_Piece]:
    """Split a ``??`` line into the pieces between markers; marks the markers as residue."""
    pieces = []
    position = line.start
    for match in RESIDUE_TOKEN.finditer(line.text):
        builder.add("markup_residue", line.start + match.start(), line.start + match.end())
        pieces.append((position, line.start + match.start()))
        position = line.start + match.end()
    pieces.append((position, line.end))
    result = []
    for start, end in pieces:
        start, end = _strip_span(builder.text, start, end)
        if start < end:
            piece_text = builder.text[start:end]
            result.append(_Piece(start, end, piece_text, parse_credit(piece_text)))
    return result


def _mark_caption_blocks(builder: _Builder) -> None:
    """Captions around ``??`` image markers, then every line repeating their pieces.

    In a ``??`` line each piece is a credit when :func:`parse_credit` accepts it, else caption
    text; a credit belongs to the caption that follows it (or, failing that, precedes it). A
    later line made only of known credit and caption texts (the edition prints them again
    without markers) adds spans to the same captions.
    """
    captions: dict[str, Caption] = {}
    credits: dict[str, Credit] = {}
    for index, line in enumerate(builder.lines):
        if index in builder.claimed or not RESIDUE_TOKEN.search(line.text):
            continue
        builder.claimed.add(index)
        pending: _Piece | None = None
        last_caption: Caption | None = None
        for piece in _pieces_between_markers(builder, line):
            if piece.credit:
                builder.add("credit", piece.start, piece.end)
                credits[piece.text] = piece.credit
                if last_caption is not None and last_caption.credit is None:
                    _attach_credit(last_caption, piece)
                else:
                    pending = piece
                continue
            builder.add("caption", piece.start, piece.end)
            caption = captions.get(piece.text)
            if caption is None:
                caption = Caption(text=piece.text, spans=[])
                captions[piece.text] = caption
            caption.spans.append((piece.start, piece.end))
            if pending is not None and caption.credit is None:
                _attach_credit(caption, pending)
            pending = None
            last_caption = caption
    if captions:
        _mark_repeated_caption_lines(builder, captions, credits)
    builder.captions.extend(captions.values())


def _attach_credit(caption: Caption, piece: _Piece) -> None:
    assert piece.credit is not None
    caption.credit = piece.text
    caption.credit_spans.append((piece.start, piece.end))
    caption.photographer = piece.credit.photographer
    caption.agency = piece.credit.agency


def _mark_repeated_caption_lines(
    builder: _Builder, captions: dict[str, Caption], credits: dict[str, Credit]
) -> None:
    """Claim lines made only of known caption and credit texts, in any order."""
    for index in builder.free():
        line = builder.lines[index]
        found = _cover_with_pieces(line, list(captions) + list(credits))
        if found is None:
            continue
        builder.claimed.add(index)
        for start, end, piece_text in found:
            if piece_text in credits:
                builder.add("credit", start, end)
                for caption in captions.values():
                    if caption.credit == piece_text:
                        caption.credit_spans.append((start, end))
            else:
                builder.add("caption", start, end)
                captions[piece_text].spans.append((start, end))


def _cover_with_pieces(line: _Line, pieces: list[str]) -> list[tuple[int, int, str]] | None:
    """``(start, end, piece)`` triples tiling ``line`` (whitespace between them allowed), or
    ``None`` when the line is not made only of ``pieces``. Longest piece is tried first."""
    ordered = sorted(pieces, key=len, reverse=True)
    found = []
    position = 0
    text = line.text
    while position < len(text):
        if text[position].isspace():
            position += 1
            continue
        piece = next((p for p in ordered if text.startswith(p, position)), None)
        if piece is None:
            return None
        found.append((line.start + position, line.start + position + len(piece), piece))
        position += len(piece)
    return found or None


# --- step 3: header -------------------------------------------------------------------------

_OUTLET_WORDS = frozenset(
    [
        "journal",
        "times",
        "post",
        "news",
        "herald",
        "tribune",
        "gazette",
        "independent",
        "press",
        "daily",
        "chronicle",
        "star",
        "register",
        "courier",
        "observer",
        "guardian",
        "telegraph",
        "sun",
        "globe",
        "review",
        "record",
        "bulletin",
        "dispatch",
        "inquirer",
        "examiner",
        "standard",
        "mail",
        "express",
        "reporter",
        "monitor",
        "democrat",
        "leader",
        "enquirer",
        "citizen",
        "sentinel",
        "advocate",
        "statesman",
        "mercury",
        "pioneer",
        "bee",
        "eagle",
        "ledger",
        "beacon",
        "messenger",
        "argus",
        "banner",
        "courant",
        "clarion",
        "oklahoman",
        "republican",
        "age",
        "constitution",
        "times-picayune",
        "free",
    ]
)
"""Words that name a newspaper ("Marin Independent Journal"), used to recognize an outlet line."""

_CONNECTORS = frozenset({"of", "the", "and", "de", "la", "&", "-", "—"})


def _is_name_like(text: str, max_words: int = 6) -> bool:
    """A short title-cased line with no sentence punctuation: a masthead or a section name."""
    words = text.split()
    if not 1 <= len(words) <= max_words or text[-1] in ".!?:;,":
        return False
    return all(w[0].isupper() or w.lower() in _CONNECTORS for w in words)


def _is_outlet(text: str, newspaper_dump: bool) -> bool:
    """Whether the first line names the outlet: name-like and either a newspaper word in it or
    the text is a digital-edition dump (has edition tags or ``??`` markers)."""
    if not _is_name_like(text) or parse_byline(text):
        return False
    words = {w.lower().strip(".,'’") for w in text.split()}
    return newspaper_dump or bool(words & _OUTLET_WORDS)


HEADLINE_MAX_WORDS = 20
"""Longest line taken for a headline after an outlet line, in words."""


def _is_headline_shaped(line: str, next_line: str) -> bool:
    """Whether ``line`` can be the headline under an outlet line: a short line that does not
    read as a sentence (no closing period), or any line followed by a byline."""
    if parse_byline(next_line) and not parse_byline(line):
        return True
    return _word_count(line) <= HEADLINE_MAX_WORDS and not line.rstrip().endswith(".")


def _word_count(text: str) -> int:
    return len(text.split())


def _byline_run(builder: _Builder, candidates: list[int], first: int) -> list[int]:
    """Indexes of the byline lines: the first run of consecutive byline lines at or after
    position ``first`` of ``candidates`` (within the header window)."""
    run: list[int] = []
    for position in range(first, min(len(candidates), first + HEADER_WINDOW)):
        index = candidates[position]
        if parse_byline(builder.lines[index].text):
            run.append(position)
        elif run:
            break
    return run


def _mark_header(builder: _Builder) -> None:
    """Claim the outlet, headline, standfirst and byline lines at the top of the text."""
    free = builder.free()
    if not free:
        return
    dump = bool(builder.tags) or bool(builder.captions)
    position = 0
    if (
        len(free) >= 3
        and _is_outlet(builder.lines[free[0]].text, dump)
        and _is_headline_shaped(builder.lines[free[1]].text, builder.lines[free[2]].text)
    ):
        builder.claim(free[0], "outlet")
        builder.metadata.outlet = builder.lines[free[0]].text
        position = 1
    headline = builder.lines[free[position]]
    builder.claim(free[position], "headline")
    builder.metadata.headline = headline.text.rstrip(" ;")
    position += 1

    byline = _byline_run(builder, free, position)
    if byline:
        # A line between headline and byline is a standfirst (headline, dek, byline layout).
        if byline[0] == position + 1 and _word_count(builder.lines[free[position]].text) <= (
            STANDFIRST_MAX_WORDS
        ):
            _claim_standfirst(builder, free[position])
        if byline[0] <= position + 1:
            for byline_position in byline:
                _claim_byline(builder, free[byline_position])
            position = byline[-1] + 1
    if builder.metadata.standfirst is None and position + 1 < len(free):
        candidate = builder.lines[free[position]]
        lede = builder.lines[free[position + 1]]
        if _is_standfirst(candidate.text, lede.text, headline.text, bool(byline)):
            _claim_standfirst(builder, free[position])


def _claim_standfirst(builder: _Builder, index: int) -> None:
    builder.claim(index, "standfirst")
    builder.metadata.standfirst = builder.lines[index].text


def _claim_byline(builder: _Builder, index: int) -> None:
    parsed = parse_byline(builder.lines[index].text)
    assert parsed is not None
    builder.claim(index, "byline")
    for author in parsed.authors:
        if author not in builder.metadata.authors:
            builder.metadata.authors.append(author)
    if parsed.agency and not parsed.authors and not builder.metadata.authors:
        builder.metadata.authors.append(parsed.agency)


_CONTENT_WORD = re.compile(r"[A-Za-z][\w.'’\-]*")
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "that",
        "this",
        "it",
        "its",
        "their",
        "they",
        "he",
        "she",
        "his",
        "her",
        "who",
        "which",
        "what",
        "after",
        "before",
        "over",
        "into",
        "than",
        "about",
        "also",
        "not",
        "no",
        "said",
        "say",
        "says",
    ]
)


def _content_words(text: str) -> set[str]:
    words = (w.lower().rstrip(".") for w in _CONTENT_WORD.findall(text))
    return {w for w in words if w not in _STOPWORDS and len(w) > 1}


def _is_standfirst(candidate: str, lede: str, headline: str, has_byline: bool) -> bool:
    """Whether ``candidate`` (the line after the headline or byline) is a standfirst (dek).

    Accepted when it is short (:data:`STANDFIRST_MAX_WORDS`) and not itself a dateline lede,
    and either the next line opens with a dateline (the story proper starts there), or the
    headline ends in ";" (a continued head, as in NYT dumps), or, under a byline, the candidate
    restates the lede (:data:`STANDFIRST_MIN_OVERLAP` of its content words recur there).
    """
    if _word_count(candidate) > STANDFIRST_MAX_WORDS or parse_dateline(candidate):
        return False
    if is_boilerplate(candidate) or is_residue(candidate):
        return False
    if parse_dateline(lede):
        return True
    if headline.rstrip().endswith(";"):
        return True
    if not has_byline:
        return False
    words = _content_words(candidate)
    shared = words & _content_words(lede)
    return len(shared) >= 4 and len(shared) >= STANDFIRST_MIN_OVERLAP * len(words)


# --- step 4: body ---------------------------------------------------------------------------


NOTE_CONTINUATION_MAX_LINES = 8
"""Most lines an editor's note cut by line breaks may continue over."""

BIO_TAIL_LINES = 2
"""How many closing lines are checked for an author biography."""


def _mark_body(builder: _Builder) -> None:
    """Claim every remaining line: residue, boilerplate, credit, captioned photo, or paragraph.
    The first body paragraph is checked for a dateline; an editor's note cut by line breaks
    claims its continuation lines; the closing lines may be an author biography."""
    free = builder.free()
    tail = set(free[-BIO_TAIL_LINES:]) if len(free) > BIO_TAIL_LINES + 1 else set()
    first_paragraph = True
    note_lines_left = 0
    for index in free:
        line = builder.lines[index]
        if note_lines_left:
            builder.claim(index, "boilerplate")
            ends = line.text.rstrip()[-1:] in ".!?”\"'"
            note_lines_left = 0 if ends else note_lines_left - 1
        elif is_residue(line.text):
            builder.claim(index, "markup_residue")
        elif is_boilerplate(line.text) or (index in tail and is_author_bio(line.text)):
            builder.claim(index, "boilerplate")
            if opens_editors_note(line.text):
                note_lines_left = NOTE_CONTINUATION_MAX_LINES
        elif parse_credit(line.text):
            builder.claim(index, "credit")
        elif _mark_captioned_photo(builder, index):
            pass
        else:
            builder.claim(index, "paragraph")
            if first_paragraph:
                _mark_dateline(builder, line)
            first_paragraph = False
            for start, end in tag_spans(line.text):
                builder.add("markup_residue", line.start + start, line.start + end)


def _mark_captioned_photo(builder: _Builder, index: int) -> bool:
    """A line ending in a photo credit such as "(AP Photo/Evan Vucci)" is a caption."""
    line = builder.lines[index]
    split = split_photo_credit_tail(line.text)
    if split is None:
        return False
    offset, credit = split
    caption_end = _strip_span(builder.text, line.start, line.start + offset)[1]
    builder.add("caption", line.start, caption_end)
    builder.add("credit", line.start + offset, line.end)
    builder.claimed.add(index)
    builder.captions.append(
        Caption(
            text=builder.text[line.start : caption_end],
            spans=[(line.start, caption_end)],
            credit=builder.text[line.start + offset : line.end],
            credit_spans=[(line.start + offset, line.end)],
            photographer=credit.photographer,
            agency=credit.agency,
        )
    )
    return True


def _mark_dateline(builder: _Builder, line: _Line) -> None:
    """Mark a dateline opening ``line`` (a region nested in its paragraph)."""
    found = parse_dateline(line.text)
    if found is None:
        return
    builder.add("dateline", line.start, line.start + found.end)
    builder.metadata.dateline = found.text


__all__ = ["ANALYZABLE_KINDS", "ArticleStructure", "structure"]
