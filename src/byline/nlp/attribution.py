"""Attribution extraction: source, cue and content spans over a parsed ``Doc``.

Method (rules over the dependency parse, one linear pass over the story tokens):

1. Quotes are found in the story paragraphs (:mod:`byline.nlp.quotes`).
2. Every token whose ``lemma|POS|frame`` the learned cue lexicon (:mod:`byline.nlp.cues`) accepts,
   and every "according to", opens a candidate attribution. The cue span is the head plus its
   auxiliaries, negation and an adjacent adverb ("has also said"), the PolNeAR convention.
3. The content is the cue's complement in the parse: its clausal complement with the
   complementizer ("that ..."), or the clause it is attached to (``"...," he said``), or its
   object/prepositional complements; for "according to X", the rest of the clause. Edge
   punctuation is trimmed except quote marks, which PolNeAR includes.
4. The source is the subject (whole subtree, appositions and relative clauses included), taken
   from the governing verb for conjoined, participial ("..., saying") and relative-clause cues,
   the possessor or "by"-agent of a noun cue, the object of "according to".
5. A content that overlaps a quote is widened to the whole quote; quotes that continue it (the
   other half of a quote split around its cue, later quoted sentences of the paragraph with no
   cue of their own, a quote running on over paragraphs) are added as discontinuous spans.
6. Also: "Name: statement" lines (headlines, transcripts, quoted transcripts; the colon is the
   cue), quotations signed with a dash and a name ("“...” ― Name"; the dash is the cue),
   passive cues (the passive subject is the content, the "by" agent the source), cues inside a
   quotation are
   dropped (the quoted speaker's words), nested attributions need a clear cue
   (:data:`NESTED_MIN_PRECISION`), "X seemed to Y" has no source and content "X" + "to Y"
   (:data:`RAISING_LEMMAS`), "Asked whether ..." has no source, a quoting verb with only
   prepositional phrases ("said in a statement") takes the adjacent quote
   (:data:`QUOTING_LEMMAS`), a subjectless finite cue takes the mention right before it.
7. ``kind`` follows from the quotes; ``parent`` links a cue lying inside another attribution's
   content.

Conventions are those of PolNeAR (Newell, Margolin & Ruths, LREC 2018) as observed on its train
split: content includes "that" and quote marks but not the final full stop of reported speech.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from byline.model import Attribution, AttributionKind, TextSpan
from byline.nlp.cues import CueLexicon, frame, load_lexicon
from byline.nlp.quotes import Quote, find_quotes
from byline.structure import ArticleStructure

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
INHERIT_SUBJECT_DEPS = frozenset({"conj", "advcl", "xcomp", "acl", "pcomp", "prep", "acomp"})
"""Relations through which a cue without a subject takes its governor's ("..., saying")."""
CUE_MODIFIER_DEPS = frozenset({"aux", "auxpass", "neg"})
"""Dependents included in the cue span ("has said", "did not say"), as PolNeAR does."""
OBJECT_DEPS = frozenset({"dobj", "xcomp", "attr", "oprd", "acomp", "dative", "ccomp"})
"""Complements that make up the content of a cue without a clausal complement."""
NOUN_CONTENT_DEPS = frozenset({"acl", "ccomp", "prep", "relcl"})
"""Dependents of a noun cue that hold its content ("the claim that ...", "criticism of ...")."""
ADVERBIAL_PREPS = frozenset(  # prepositional phrases of circumstance, not content
    {"after", "before", "during", "since", "despite", "while", "amid", "until", "following"}
)
NESTED_MIN_PRECISION = 0.7
"""Cue precision a nested attribution needs (PolNeAR does not annotate nesting, so this is a
product choice: keep only clear speech and intent verbs inside reported content). Train 4-fold
CV attribution F1 0.698 / 0.700 / 0.702 / 0.702 / 0.699 at 0.4 / 0.5 / 0.7 / 0.85 / none kept
(a weak nested cue also ends its container's quote continuation)."""
HEADLINE_MIN_PRECISION = 0.5
"""Verb-cue precision a title-case headline word needs to split the headline."""
MAX_SOURCE_GAP = 12
"""Most tokens between a closing quote and its cue taken as the source mention."""
MAX_SPEAKER_TOKENS = 4
MIN_COLON_LINE_TOKENS = 7
"""Fewest tokens after the colon of a "Name: statement" line: shorter ones are section heads
("Rubio: Finish second."), which PolNeAR leaves unannotated (train CV: 22 fewer false
positives, no match lost, against 3)."""
"""Longest name before a colon taken as a speaker ("Sen. Bernie Sanders:")."""
STOP_DEPS = frozenset({"advcl", "npadvmod", "punct", "cc", "conj", "advmod"})
"""Dependents that end an object content ("sued the DNC, seeking ...")."""
SOURCE_NOUN_POS = frozenset({"NOUN", "PROPN", "PRON"})
MENTION_POS = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
"""Parts of speech of a fallback source mention right before its cue."""
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})
"""Finite verb tags: only a finite cue must have a subject of its own."""
INVERTING_LEMMAS = frozenset({"say", "add", "write", "note", "tell", "explain", "ask", "continue"})
"""Verbs that take an inverted subject in news prose ("..., said Bolton")."""
TRIM_PUNCT = frozenset({",", ".", ";", ":", "—", "–", "-", "--", "(", ")"})
"""Punctuation trimmed from span edges (quote marks are kept: PolNeAR includes them)."""
ADDRESSEE_OBJECT_LEMMAS = frozenset({"tell"})
"""Cues whose object is the addressee, not the content ("told reporters")."""
QUOTING_LEMMAS = frozenset({"say", "add", "write", "explain", "continue", "recall", "joke"})
"""Verbs that report words: with only prepositional phrases after them ("said in a statement",
"said of Apple", "said with a smirk"), their content is the quote next to them (train gold:
none of 46 missed "say + prep" attributions had the prepositional phrase as content)."""
RAISING_LEMMAS = frozenset({"seem", "appear"})
"""Verbs of appearance: PolNeAR annotates "X seemed to Y" with no source (the writer's
impression) and the subject plus the complement as a discontinuous content ("X" + "to Y"),
and "it seems that Y" with content "Y" (train gold: 124 of 126 "seem|appear + xcomp" cues
have no source)."""


@dataclass
class _Candidate:
    """An attribution in progress: character spans, ``[start, end)`` into the doc text."""

    cue: list[tuple[int, int]]
    cue_head: int
    source: tuple[int, int] | None
    content: list[tuple[int, int]]
    according_to: bool = False
    colon_next: int | None = None
    quotes: list[int] = field(default_factory=list)
    quote_spans: list[tuple[int, int]] = field(default_factory=list)
    quoted_transcript: bool = False
    """A "Name: ..." line inside quote marks: the quote is the transcript, not nested speech."""


class _QuoteIndex:
    """Quotes by end offset, to find the quote closing just before a token."""

    def __init__(self, quotes: list[Quote]) -> None:
        self.quotes = quotes
        self.ends = [q.end for q in quotes]
        self.starts = [q.start for q in quotes]

    def ending_before(self, doc: Doc, i: int) -> tuple[int, int] | None:
        """The quote ending right before token ``i`` (only a comma or dash between), as
        ``[start, end)``, or ``None``."""
        j = i - 1
        while j >= 0 and doc[j].text in (",", "—", "–", "-"):
            j -= 1
        if j < 0:
            return None
        k = bisect.bisect_right(self.ends, doc[i].idx) - 1
        if k >= 0 and self.quotes[k].end > doc[j].idx:
            return (self.quotes[k].start, self.quotes[k].end)
        return None

    def starting_after(self, doc: Doc, i: int) -> tuple[int, int] | None:
        """The quote opening right after token ``i`` (only a comma, colon or dash between, on
        the same line), as ``[start, end)``, or ``None``."""
        j = i + 1
        while j < len(doc) and doc[j].text in (",", ":", "—", "–", "-"):
            j += 1
        if j >= len(doc) or "\n" in doc.text[doc[i].idx : doc[j].idx]:
            return None
        k = bisect.bisect_left(self.starts, doc[j].idx)
        if k < len(self.quotes) and self.quotes[k].start == doc[j].idx:
            return (self.quotes[k].start, self.quotes[k].end)
        return None

    def overlapping(self, start: int, end: int) -> bool:
        """Whether any quote overlaps ``[start, end)``."""
        k = bisect.bisect_left(self.ends, start + 1)
        return k < len(self.quotes) and self.quotes[k].start < end

    def inside(self, offset: int) -> bool:
        """Whether ``offset`` lies strictly inside a quote."""
        k = bisect.bisect_right(self.starts, offset) - 1
        return k >= 0 and self.quotes[k].start < offset < self.quotes[k].end

    def source_after_quote(
        self, doc: Doc, verb: Token
    ) -> tuple[tuple[int, int], tuple[int, int]] | None:
        """For ``“...,” X said``: the quote and the mention between its end and the cue, as
        ``([start, end) of the quote, [start, end) of the mention)``, or ``None`` when no quote
        of the same line ends within :data:`MAX_SOURCE_GAP` tokens before the cue."""
        k = bisect.bisect_right(self.ends, verb.idx) - 1
        if k < 0:
            return None
        quote = self.quotes[k]
        first = next(
            (t for t in doc[max(0, verb.i - MAX_SOURCE_GAP) : verb.i] if t.idx >= quote.end), None
        )
        if first is None or "\n" in doc.text[quote.end : verb.idx]:
            return None
        mention = _span_of(list(doc[first.i : verb.i]))
        if mention is None:
            return None
        return (quote.start, quote.end), mention


class _Regions:
    """Membership test of character offsets in the analyzable ``[start, end)`` spans."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]

    def index(self, offset: int) -> int | None:
        """Index of the span containing ``offset``, or ``None``."""
        k = bisect.bisect_right(self.starts, offset) - 1
        if k >= 0 and offset < self.spans[k][1]:
            return k
        return None


def _trim(tokens: list[Token]) -> list[Token]:
    """Drop edge punctuation (not quote marks) and edge whitespace tokens."""
    start, end = 0, len(tokens)
    while start < end and (tokens[start].text in TRIM_PUNCT or tokens[start].is_space):
        start += 1
    while end > start and (tokens[end - 1].text in TRIM_PUNCT or tokens[end - 1].is_space):
        end -= 1
    return tokens[start:end]


def _char_runs(doc: Doc, indices: set[int]) -> list[tuple[int, int]]:
    """Contiguous ``[start, end)`` character runs of a set of token indices, each run trimmed
    of edge punctuation (quote marks are kept)."""
    runs: list[tuple[int, int]] = []
    ordered = sorted(indices)
    group: list[Token] = []
    for i in ordered:
        if group and i != group[-1].i + 1:
            runs.extend(_run(group))
            group = []
        group.append(doc[i])
    if group:
        runs.extend(_run(group))
    return runs


def _run(group: list[Token]) -> list[tuple[int, int]]:
    kept = _trim(group)
    if not kept:
        return []
    return [(kept[0].idx, kept[-1].idx + len(kept[-1].text))]


def _subtree_indices(token: Token, exclude: set[int] | None = None) -> set[int]:
    return {t.i for t in token.subtree if exclude is None or t.i not in exclude}


def _span_of(tokens: list[Token]) -> tuple[int, int] | None:
    kept = _trim(sorted(tokens, key=lambda t: t.i))
    if not kept:
        return None
    return kept[0].idx, kept[-1].idx + len(kept[-1].text)


# --------------------------------------------------------------------------- sources


def _subject_of(verb: Token) -> tuple[Token | None, Token | None]:
    """The subject governing a verb and the clause to leave out of its mention.

    Its own subject, else the one of the verb it is conjoined to or subordinated under
    ("..., saying"), else the noun a relative clause modifies (then the relative clause is left
    out). A relative pronoun subject is itself the source ("who said"), as in PolNeAR. A
    passive cue's source is its "by" agent. Returns ``(subject, excluded)``, either may be ``None``.
    """
    if _is_passive(verb):
        for child in verb.children:
            if child.dep_ == "agent":
                return next((g for g in child.children if g.dep_ == "pobj"), None), None
        return None, None
    current = verb
    for _ in range(6):
        for child in current.children:
            if child.dep_ in SUBJECT_DEPS:
                # a relative pronoun ("who said") is the source as written (PolNeAR)
                return child, None
        if current.dep_ in ("relcl", "acl") and current.head.pos_ in SOURCE_NOUN_POS:
            return current.head, current
        if current.dep_ in INHERIT_SUBJECT_DEPS and current.head is not current:
            current = current.head
            continue
        break
    # inverted "..., said Bolton": a noun right after the cue
    for child in verb.children:
        if (
            child.i > verb.i
            and child.dep_ in ("dobj", "npadvmod", "attr", "appos", "nsubj")
            and child.pos_ in ("PROPN", "NOUN")
            and child.i <= verb.i + 4
            and verb.lemma_ in INVERTING_LEMMAS
        ):
            return child, None
    return _mention_before(verb), None


def _mention_before(verb: Token) -> Token | None:
    """Fallback source of a finite cue verb the parser left without a subject ("former
    president Bill Clinton said ..." with the name parsed as an apposition of an earlier noun,
    "About 4 in 10 say ..." with the number as a modifier of the verb): the noun, pronoun or
    number right before the cue (auxiliaries and adverbs skipped), in the same sentence; before
    a comma, the noun its apposition hangs on ("Senator Harry Reid, the minority leader, said")."""
    if verb.pos_ != "VERB" or verb.tag_ not in FINITE_TAGS:
        return None
    doc = verb.doc
    j = verb.i - 1
    while j >= 0 and doc[j].pos_ in ("ADV", "AUX", "PART") and not doc[j + 1].is_sent_start:
        j -= 1
    if j < 0 or doc[j + 1].is_sent_start:
        return None
    left = doc[j]
    if left.text == "," and j > 0 and not doc[j].is_sent_start:
        # "Senator Harry Reid, the minority leader, said": the name an apposition hangs on
        left = doc[j - 1]
        while left.dep_ == "appos" and left.head.i < left.i:
            left = left.head
    if left.pos_ not in MENTION_POS or left.dep_ in ("pobj", "dobj", "poss", "compound"):
        return None
    return left


def _is_passive(verb: Token) -> bool:
    """A passive verb ("was asked", "when asked"): its subject is not the source. A bare past
    participle clause ("Asked whether he would run, Smith said ...") is passive even with a
    clausal complement: PolNeAR gives it no source (the asker is unnamed)."""
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return True
    return (
        verb.tag_ == "VBN"
        and verb.dep_ in ("advcl", "acl")
        and not any(c.dep_ in SUBJECT_DEPS or c.dep_ in ("aux", "dobj") for c in verb.children)
    )


def _sent_start(doc: Doc, i: int) -> int:
    """Index of the first token of token ``i``'s sentence (a local scan; ``Token.sent`` walks
    the whole document)."""
    while i > 0 and not doc[i].is_sent_start:
        i -= 1
    return i


def _sent_end(doc: Doc, i: int) -> int:
    """Index one past the last token of token ``i``'s sentence."""
    i += 1
    while i < len(doc) and not doc[i].is_sent_start:
        i += 1
    return i


def _source_span(head: Token, exclude: set[int]) -> tuple[int, int] | None:
    """The source mention: the subtree of ``head`` minus ``exclude`` (the cue and content),
    limited to the contiguous run around ``head``.

    Sibling subjects and hyphens of the same verb join the run (the parser splits "al-Kadhimi"
    into three subjects), and so do verbless fragments the parser cut off before it inside the
    same line ("Iraqi military spokesman Brig." + "Gen. Yahya Rasool said").
    """
    doc = head.doc
    present = {t.i for t in head.subtree}
    if head.dep_ in SUBJECT_DEPS:
        for sibling in head.head.children:
            if sibling.dep_ in SUBJECT_DEPS or (sibling.dep_ == "punct" and sibling.text in "-–"):
                present |= {t.i for t in sibling.subtree}
    present -= exclude
    if head.i not in present:
        return None
    lo = hi = head.i
    while lo - 1 in present:
        lo -= 1
    while hi + 1 in present:
        hi += 1
    lo = _fragment_start(doc, lo)
    return _span_of([doc[i] for i in range(lo, hi + 1)])


def _fragment_start(doc: Doc, lo: int) -> int:
    """Move ``lo`` back over verbless sentence fragments the parser split off on the same line."""
    while lo > 0 and doc[lo].is_sent_start:
        prev = doc[lo - 1]
        if "\n" in prev.text or "\n" in prev.whitespace_:
            break
        start = _sent_start(doc, lo - 1)
        if any(t.pos_ in ("VERB", "AUX") for t in doc[start:lo]) or start == lo:
            break
        lo = start
    return lo


# --------------------------------------------------------------------------- cues


def _cue_tokens(head: Token) -> list[Token]:
    """The cue span tokens: head, its auxiliaries and negation, and an adverb directly before it
    ("also said"), the PolNeAR convention."""
    tokens = [head]
    for child in head.children:
        modifier = child.dep_ in CUE_MODIFIER_DEPS and child.lower_ != "to"
        adverb = child.dep_ == "advmod" and child.i == head.i - 1 and child.pos_ == "ADV"
        if child.i < head.i and (modifier or adverb):
            tokens.append(child)
    tokens.sort(key=lambda t: t.i)
    # keep only the contiguous run ending at the head
    run = [head]
    for t in reversed(tokens[: tokens.index(head)]):
        if t.i == run[0].i - 1:
            run.insert(0, t)
        else:
            break
    return run


def _colon_content(verb: Token, regions: _Regions) -> tuple[set[int], int | None]:
    """Content announced by a colon after the cue ("X said: ..."): the rest of the sentence, or,
    when the colon ends the paragraph, the index of the next region (whose opening quote is the
    content)."""
    doc = verb.doc
    sent_end = _sent_end(doc, verb.i)
    j = verb.i + 1
    while j < sent_end and doc[j].text != ":":
        if not verb.is_ancestor(doc[j]):
            return set(), None
        j += 1
    if j >= sent_end or doc[j].text != ":":
        return set(), None
    rest = {t.i for t in doc[j + 1 : sent_end] if not t.is_space}
    if rest:
        return rest, None
    here = regions.index(doc[j].idx)
    if here is not None and here + 1 < len(regions.spans):
        return set(), here + 1
    return set(), None


def _object_content(verb: Token) -> set[int]:
    """Content of a cue without a clausal complement: its object and complements after it,
    contiguous from the first, without adverbials of time or manner and trailing participles."""
    if verb.pos_ == "NOUN":
        comps = [c for c in verb.children if c.dep_ in NOUN_CONTENT_DEPS and c.i > verb.i]
    else:
        comps = []
        for child in sorted(verb.children, key=lambda t: t.i):
            if child.i < verb.i:
                continue
            if child.dep_ in ("dobj", "dative") and verb.lemma_ in ADDRESSEE_OBJECT_LEMMAS:
                continue  # "told reporters": the addressee is neither content nor cue
            if child.dep_ in OBJECT_DEPS or (
                child.dep_ == "prep"
                and child.lower_ not in ADVERBIAL_PREPS
                and not _is_time_phrase(child)
            ):
                comps.append(child)
            elif comps and child.dep_ in STOP_DEPS:
                break
    if not comps:
        return set()
    content: set[int] = set()
    for comp in comps:
        content |= _subtree_indices(comp, _nonrestrictive(comp))
    return content


def _trailing_clauses(head: Token, lexicon: CueLexicon) -> set[int]:
    """Tokens of a comma-set participle cue after a reported clause (", telling reporters ..."):
    a second attribution of its own (PolNeAR is univocal), not part of this content."""
    out: set[int] = set()
    doc = head.doc
    for child in head.children:
        if child.i < head.i or child.left_edge.i == 0:
            continue
        before = doc[child.left_edge.i - 1]
        if (
            child.dep_ == "advcl"
            and child.tag_ == "VBG"
            and before.text == ","
            and lexicon.is_cue(child)
        ):
            out |= {t.i for t in child.subtree}
    return out


def _stray_clause_before(
    clause: Token, verb: Token, clauses: list[Token], quotes: _QuoteIndex
) -> bool:
    """Whether a clausal complement before the cue is a clause of its own that the parser hung
    on it ("He criticized X, said she ...", "Y is happy, says she warned ..."): the cue also has
    a complement after it, and this one holds no quotation (a quote split around its cue,
    "“X,” he said, “Y”", keeps both halves)."""
    if clause.i > verb.i or not any(c.i > verb.i for c in clauses):
        return False
    doc = verb.doc
    start = doc[clause.left_edge.i].idx
    end = doc[clause.right_edge.i].idx + len(doc[clause.right_edge.i])
    return not quotes.overlapping(start, end)


def _nonrestrictive(head: Token) -> set[int]:
    """Tokens of the comma-set appositions and relative clauses of an object ("Trump, with
    whom he clashed ..."): PolNeAR ends such contents at the noun phrase."""
    out: set[int] = set()
    doc = head.doc
    for child in head.children:
        if (
            child.dep_ in ("appos", "relcl", "acl")
            and child.i > head.i
            and child.left_edge.i > 0
            and doc[child.left_edge.i - 1].text == ","
        ):
            out |= {t.i for t in child.subtree}
    return out


def _is_time_phrase(prep: Token) -> bool:
    """A prepositional phrase of time ("on Friday", "in March")."""
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    return pobj is not None and pobj.ent_type_ in ("DATE", "TIME")


def _verb_candidate(
    verb: Token, regions: _Regions, quotes: _QuoteIndex, lexicon: CueLexicon
) -> _Candidate | None:
    doc = verb.doc
    cue_tokens = _cue_tokens(verb)
    cue_ids = {t.i for t in cue_tokens}
    kind = frame(verb)
    content: set[int] = set()
    colon_next: int | None = None
    quote_before: tuple[int, int] | None = None
    if verb.pos_ == "NOUN":
        subject, excluded = _noun_source(verb), None
    else:
        subject, excluded = _subject_of(verb)
    if kind == "ccomp":
        clauses = [c for c in verb.children if c.dep_ == "ccomp"]
        for child in clauses:
            if _stray_clause_before(child, verb, clauses, quotes):
                if subject is None:  # "He criticized X, said she ...": his clause, his subject
                    subject = next((c for c in child.children if c.dep_ in SUBJECT_DEPS), None)
                continue
            after = child.i > verb.i  # "he said X, telling ...": the participle is his
            trailing = _trailing_clauses(child, lexicon) if after else None
            content |= _subtree_indices(child, trailing)
    elif kind == "pass":
        # "Obama will be remembered by historians as ...": the passive subject is the content
        agent = {t.i for c in verb.children if c.dep_ == "agent" for t in c.subtree}
        for child in verb.children:
            if child.dep_ == "nsubjpass":
                content |= _subtree_indices(child)
        content |= _object_content(verb) - agent
    elif kind == "para":
        head = verb.head
        content = _subtree_indices(head, _subtree_indices(verb))
        content.discard(verb.i)
    else:
        content, colon_next = _colon_content(verb, regions)
        if not content and colon_next is None:
            content = _object_content(verb)
            # "opted for Trump", "is assured of winning": the preposition is part of the cue
            nxt = verb.i + 1
            if (
                nxt < len(doc)
                and doc[nxt].dep_ == "prep"
                and doc[nxt].head == verb
                and nxt in content
                and len(content) > 1
            ):
                cue_tokens.append(doc[nxt])
                cue_ids.add(nxt)
            if not content or verb.lemma_ in ADDRESSEE_OBJECT_LEMMAS:
                # "“...,” Trump told ITV": the quote just before the source and cue
                left = min([verb.i] + ([subject.left_edge.i] if subject is not None else []))
                quote_before = quotes.ending_before(doc, left)
            elif verb.lemma_ in QUOTING_LEMMAS and not any(
                c.dep_ in ("dobj", "xcomp", "attr") for c in verb.children
            ):
                # "“...,” Clark said in a statement" / "she said at the rally, “...”": the
                # prepositional phrase is a circumstance, the adjacent quote is the content
                left = min([verb.i] + ([subject.left_edge.i] if subject is not None else []))
                quote_before = quotes.ending_before(doc, left) or quotes.starting_after(
                    doc, verb.right_edge.i
                )
    if verb.lemma_ in RAISING_LEMMAS and kind != "pass":
        if any(c.dep_ == "xcomp" and lexicon.is_cue(c) for c in verb.children):
            return None  # "seemed to blame X": the complement verb is the cue, with a source
        if subject is not None and subject.head == verb and content:
            if subject.lower_ != "it":
                content |= _subtree_indices(subject)
            subject = None
    content -= cue_ids
    if not content and colon_next is None and quote_before is None:
        return None
    if subject is not None and not quotes.inside(verb.idx) and quotes.inside(subject.idx):
        # "“We were wrong,” Ramos, 58, told AFP": the parser took a word of the quote
        subject = None
        between = quotes.source_after_quote(doc, verb)
        if between is not None:
            quote_before = between[0]
            return _Candidate(
                cue=[_span_of(cue_tokens) or (verb.idx, verb.idx + len(verb))],
                cue_head=verb.i,
                source=between[1],
                content=[quote_before],
            )
    source = None
    if subject is not None and subject.i not in content:
        leave_out = content | cue_ids
        if excluded is not None:
            leave_out |= _subtree_indices(excluded)
        source = _source_span(subject, leave_out)
    runs = _char_runs(doc, content)
    if quote_before is not None:
        runs = [quote_before]
    cue_span = _span_of(cue_tokens)
    if cue_span is None or (not runs and colon_next is None):
        return None
    return _Candidate(
        cue=[cue_span], cue_head=verb.i, source=source, content=runs, colon_next=colon_next
    )


def _noun_source(noun: Token) -> Token | None:
    """Source of a noun cue: its possessor ("Trump's claim"), its "by" agent ("an endorsement by
    X"), else the subject of the verb it is the object of ("X issued a statement")."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("by", "from"):
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return grand
    if noun.dep_ in ("dobj",):
        return _subject_of(noun.head)[0]
    return None


def _according_to(token: Token) -> _Candidate | None:
    """ "according to X": source X, content the rest of the clause it modifies."""
    doc = token.doc
    if token.i + 1 >= len(doc) or doc[token.i + 1].lower_ != "to":
        return None
    to = doc[token.i + 1]
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        pobj = next((c for c in token.children if c.dep_ == "pobj"), None)
    phrase = _subtree_indices(token) | _subtree_indices(to) | {token.i, to.i}
    if pobj is not None:
        phrase |= _subtree_indices(pobj)
    sent = doc[_sent_start(doc, token.i) : _sent_end(doc, token.i)]
    content = {t.i for t in sent if t.i not in phrase}
    if not content:
        return None
    runs = _char_runs(doc, content)
    if not runs:
        return None
    source = _source_span(pobj, set()) if pobj is not None else None
    cue = (token.idx, to.idx + len(to.text))
    return _Candidate(cue=[cue], cue_head=token.i, source=source, content=runs, according_to=True)


# --------------------------------------------------------------------------- quotes


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _attach_quotes(
    cands: list[_Candidate], quotes: list[Quote], regions: _Regions, doc: Doc
) -> None:
    """Widen contents to the quotes they overlap; add the continuation quotes of a direct
    attribution: later quotes of its paragraph with no other cue before them, the quote opening
    the next paragraph after a cue ending in a colon, and multi-paragraph quotes."""
    if not quotes:
        return
    cue_starts = sorted(c.cue[0][0] for c in cands)
    claimed: set[int] = set()
    para_of = [regions.index(q.start) for q in quotes]
    for cand in cands:
        hit = [
            k
            for k, q in enumerate(quotes)
            if any(_overlaps((q.start, q.end), s) for s in cand.content)
        ]
        if not hit and cand.colon_next is not None:
            hit = [
                k
                for k, q in enumerate(quotes)
                if para_of[k] == cand.colon_next and q.start == regions.spans[cand.colon_next][0]
            ]
        for k in hit:
            claimed.add(k)
            cand.quotes.append(k)
    for cand in cands:
        if not cand.quotes:
            continue
        own = cand.cue[0][0]
        k = max(cand.quotes) + 1
        while k < len(quotes) and k not in claimed:
            q, prev = quotes[k], quotes[k - 1]
            if not (
                para_of[k] == para_of[k - 1]
                or (prev.open_end and q.continued)
                or _quote_paragraph(k, quotes, para_of, regions, cue_starts)
            ):
                break
            lo = bisect.bisect_left(cue_starts, prev.end)
            hi = bisect.bisect_left(cue_starts, q.start)
            if any(c != own and not _within(c, cand.source) for c in cue_starts[lo:hi]):
                break  # another cue before the quote (not one inside this source's mention)
            cand.quotes.append(k)
            claimed.add(k)
            k += 1
    for cand in cands:
        if cand.quotes:
            spans = list(cand.content) + [(quotes[k].start, quotes[k].end) for k in cand.quotes]
            cand.content = _merge(spans, cand.cue, cand.source)
            cand.quote_spans = [(quotes[k].start, quotes[k].end) for k in cand.quotes]


def _within(offset: int, span: tuple[int, int] | None) -> bool:
    """Whether ``offset`` lies in ``[start, end)`` of ``span`` (``False`` for ``None``)."""
    return span is not None and span[0] <= offset < span[1]


def _quote_paragraph(
    k: int,
    quotes: list[Quote],
    para_of: list[int | None],
    regions: _Regions,
    cue_starts: list[int],
) -> bool:
    """Whether quote ``k`` opens the paragraph right after the previous quote's, and that
    paragraph has no cue of its own (a quotation continued in the next paragraph)."""
    para, prev_para = para_of[k], para_of[k - 1]
    if para is None or prev_para is None or para != prev_para + 1:
        return False
    start, end = regions.spans[para]
    if quotes[k].start != start:
        return False
    lo = bisect.bisect_left(cue_starts, start)
    return not (lo < len(cue_starts) and cue_starts[lo] < end)


def _merge(
    spans: list[tuple[int, int]], cue: list[tuple[int, int]], source: tuple[int, int] | None
) -> list[tuple[int, int]]:
    """Union of spans with the cue and source cut out."""
    spans = sorted(spans)
    merged: list[list[int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    cuts = list(cue) + ([source] if source else [])
    out: list[tuple[int, int]] = []
    for s, e in merged:
        pieces = [(s, e)]
        for cs, ce in cuts:
            nxt = []
            for ps, pe in pieces:
                if ce <= ps or cs >= pe:
                    nxt.append((ps, pe))
                    continue
                if ps < cs:
                    nxt.append((ps, cs))
                if ce < pe:
                    nxt.append((ce, pe))
            pieces = nxt
        out.extend(pieces)
    return out


def _inside_quote(cand: _Candidate, quotes: list[Quote]) -> bool:
    """Whether the cue lies inside a quotation (speech reported inside someone's quote)."""
    cs, ce = cand.cue[0][0], cand.cue[-1][1]
    k = bisect.bisect_right([q.start for q in quotes], cs) - 1
    return k >= 0 and quotes[k].start < cs and ce <= quotes[k].end


def _kind(cand: _Candidate, text: str) -> AttributionKind:
    if cand.according_to:
        return "according_to"
    if not cand.quotes:
        return "indirect"
    quoted = cand.quote_spans
    for s, e in cand.content:
        piece = text[s:e].strip(" ,.;:—–-\n\t")
        if piece and not any(qs <= s and e <= qe for qs, qe in quoted):
            return "mixed"
    return "direct"


# --------------------------------------------------------------------------- main


def _clean_span(
    text: str, spans: list[tuple[int, int]], strip: str = ",;:—–"
) -> list[tuple[int, int]]:
    """Strip whitespace and the ``strip`` characters (edge punctuation; quote marks kept by
    default) from both ends of each span; spans left empty are dropped."""
    out = []
    for s, e in spans:
        while s < e and (text[s].isspace() or text[s] in strip):
            s += 1
        while e > s and (text[e - 1].isspace() or text[e - 1] in strip):
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _colon_line(doc: Doc, start: int, end: int, headline: bool) -> _Candidate | None:
    """ "Name: statement" lines (headlines, interview transcripts): a paragraph opening with a
    short proper name and a colon (after a quote mark in a quoted transcript). Source is the
    name, cue the colon, content the rest of the line (PolNeAR annotates these with the colon as
    cue). In a headline the name may also be a lower-case noun phrase with hyphens ("Clinton
    camp:", "Fact-Check:")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) < 5:
        return None
    first = span.start + (span[0].text in ('"', "“", "''"))  # a quoted transcript line
    colon = next((t for t in doc[first : first + MAX_SPEAKER_TOKENS + 1] if t.text == ":"), None)
    if colon is None or colon.i == first:
        return None
    name = doc[first : colon.i]
    if not name[0].text[:1].isupper():
        return None
    for t in name:
        if headline and (t.text == "-" or t.pos_ in ("NOUN", "PROPN", "ADJ")):
            continue
        if t.pos_ not in ("PROPN", "NOUN") or not t.text[:1].isupper():
            return None
    rest = [t for t in doc[colon.i + 1 : span.end] if not t.is_space]
    if len(rest) < MIN_COLON_LINE_TOKENS:
        return None
    runs = _char_runs(doc, {t.i for t in rest})
    if not runs:
        return None
    return _Candidate(
        cue=[(colon.idx, colon.idx + 1)],
        cue_head=colon.i,
        source=(name.start_char, name.end_char),
        content=runs,
        quoted_transcript=first > span.start,
    )


SIGNOFF = re.compile(
    r"\s*(?P<dash>―|—|–|--|-)[ \t\u00a0]*"
    r"(?P<name>[A-Z][\w’'.-]*(?:[ \t\u00a0]+(?:[A-Z][\w’'.-]*|de|del|la|van|von|al-\w+)){0,5})"
    r"(?:[ \t\u00a0]*\(@\w+\))?[ \t\u00a0.]*(?:\n|$)"
)
"""A sign-off after a quotation: a dash, then a name (1-6 capitalised words, optional
"(@handle)") that runs to the end of the line ("“...” ― Sonya Herridge")."""
SIGNOFF_DASHES = ("―", "—", "–", "--", "-")


def _signoffs(doc: Doc, quotes: list[Quote], regions: _Regions) -> list[_Candidate]:
    """Quotations signed with a dash and a name, on the same line (vox pops, epigraphs:
    ``“...” ― Sonya Herridge``) or on the line below a quote paragraph (``- Bernie Sanders.``).
    Content is the quotation (marks included), cue the dash, source the name: the PolNeAR
    convention (train: 11 such attributions, with the dash as cue). The quotation must open its
    line: a quote closing a sentence of its own ("... was “the No. 1 force.”--Kim Hjelmgaard")
    is signed by the reporter of a news digest, not said by them."""
    text = doc.text
    found = []
    for quote in quotes:
        line_start = text.rfind("\n", 0, quote.start) + 1
        if quote.open_end or text[line_start : quote.start].strip():
            continue
        m = SIGNOFF.match(text, quote.end)
        # Same line, or the dash opens the line after the quote's paragraph.
        if m is None or text[quote.end : m.start("dash")].count("\n") > 2:
            continue
        if regions.index(m.start("dash")) is None:
            continue
        dash = doc.char_span(m.start("dash"), m.end("dash"), alignment_mode="expand")
        if dash is None:
            continue
        name = m.group("name").rstrip(".")
        found.append(
            _Candidate(
                cue=[(m.start("dash"), m.end("dash"))],
                cue_head=dash.start,
                source=(m.start("name"), m.start("name") + len(name)),
                content=[(quote.start, quote.end)],
            )
        )
    return found


def _is_title_case(line: str) -> bool:
    """Whether most words of a line start with a capital ("Trump Praises Reporter")."""
    words = [w for w in line.split() if w[:1].isalpha()]
    return len(words) >= 3 and sum(w[:1].isupper() for w in words) >= 0.8 * len(words)


def _title_case_headline(doc: Doc, start: int, end: int, lexicon: CueLexicon) -> _Candidate | None:
    """ "Conservative Icon Endorses Ted Cruz": in a title-case headline the tagger reads verbs as
    proper nouns, so the parse is not used. The first capitalised word whose lower-cased form is
    a clear verb cue (:meth:`CueLexicon.verb_precision` >= :data:`HEADLINE_MIN_PRECISION`) splits
    the line into source (before) and content (after)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) < 3:
        return None
    for token in span[1:-1]:
        if token.pos_ != "PROPN" or not token.text[:1].isupper() or not token.is_alpha:
            continue
        if lexicon.verb_precision(token.lower_) < HEADLINE_MIN_PRECISION:
            continue
        source = _span_of(list(doc[span.start : token.i]))
        runs = _char_runs(doc, set(range(token.i + 1, span.end)))
        if source is None or not runs:
            return None
        cue = (token.idx, token.idx + len(token.text))
        return _Candidate(cue=[cue], cue_head=token.i, source=source, content=runs)
    return None


def candidates(
    doc: Doc,
    regions: _Regions,
    lexicon: CueLexicon,
    quotes: _QuoteIndex,
    headlines: frozenset[tuple[int, int]] = frozenset(),
) -> list[_Candidate]:
    """Candidate attributions of the analyzable sentences of ``doc``, in cue order.

    ``headlines`` are the ``[start, end)`` spans of headline regions (looser "Name:" rule)."""
    found: list[_Candidate] = []
    for start, end in regions.spans:
        headline = (start, end) in headlines
        line = _colon_line(doc, start, end, headline)
        if line is None and headline and _is_title_case(doc.text[start:end]):
            line = _title_case_headline(doc, start, end, lexicon)
        if line is not None:
            found.append(line)
    found.extend(_signoffs(doc, quotes.quotes, regions))
    for sent in doc.sents:
        if regions.index(sent.start_char) is None and regions.index(sent.end_char - 1) is None:
            continue
        found.extend(_sentence_candidates(sent, regions, lexicon, quotes))
    return found


def _sentence_candidates(
    sent: Span, regions: _Regions, lexicon: CueLexicon, quotes: _QuoteIndex
) -> list[_Candidate]:
    out: list[_Candidate] = []
    for token in sent:
        if regions.index(token.idx) is None:
            continue
        cand: _Candidate | None = None
        if token.lower_ == "according":
            cand = _according_to(token)
        elif lexicon.is_cue(token) and not _in_markup(token):
            cand = _verb_candidate(token, regions, quotes, lexicon)
        if cand is not None:
            out.append(cand)
    return out


def _drop_weak_nested(cands: list[_Candidate], doc: Doc, lexicon: CueLexicon) -> list[_Candidate]:
    """Drop nested candidates (cue inside another candidate's content) whose cue precision is
    under :data:`NESTED_MIN_PRECISION`: inside reported speech, verbs of weak evidence ("a
    committee that would approve ...") are the reported story, not another attribution."""
    contents = [(s, e) for c in cands for s, e in c.content]
    kept = []
    for cand in cands:
        cs, ce = cand.cue[0][0], cand.cue[-1][1]
        nested = any(s <= cs and ce <= e for s, e in contents if (s, e) not in cand.content)
        weak = (
            not cand.according_to
            and doc[cand.cue_head].text not in (":", *SIGNOFF_DASHES)
            and lexicon.precision(doc[cand.cue_head]) < NESTED_MIN_PRECISION
        )
        if not (nested and weak):
            kept.append(cand)
    return kept


def _in_markup(token: Token) -> bool:
    """A tag name or attribute left over from markup ("<tweet id=...>")."""
    doc = token.doc
    after_bracket = token.i > 0 and doc[token.i - 1].text in ("<", "</")
    before_equals = token.i + 1 < len(doc) and doc[token.i + 1].text == "="
    return after_bracket or before_equals


def find_attributions(doc: Doc, article: ArticleStructure) -> list[Attribution]:
    """Attributions in the story text of ``doc`` (a parse of the whole article text).

    Returns attributions with ``speaker`` left empty (filled by
    :func:`byline.nlp.speakers.resolve_speakers`), ids ``"A1"``, ``"A2"``... in text order (of
    their cue). All spans are ``[start, end)`` character offsets into ``doc.text``; only the
    regions of ``article.analyzable_spans()`` are searched.
    """
    spans = article.analyzable_spans()
    if not spans:
        return []
    regions = _Regions(spans)
    text = doc.text
    lexicon = load_lexicon()
    quotes = find_quotes(text, spans)
    headlines = frozenset(article.spans_of("headline"))
    found = candidates(doc, regions, lexicon, _QuoteIndex(quotes), headlines)
    cands = [c for c in found if c.quoted_transcript or not _inside_quote(c, quotes)]
    cands = _drop_weak_nested(cands, doc, lexicon)
    _attach_quotes(cands, quotes, regions, doc)
    cands.sort(key=lambda c: c.cue[0][0])
    results: list[Attribution] = []
    for cand in cands:
        content = _clean_span(text, cand.content)
        if cand.quoted_transcript:  # the marks open the transcript, not this speaker's words
            content = _clean_span(text, content, strip='"“”')
        if not content:
            continue
        results.append(
            Attribution(
                id=f"A{len(results) + 1}",
                kind=_kind(cand, text),
                source=TextSpan.from_offsets(text, [cand.source]) if cand.source else None,
                cue=TextSpan.from_offsets(text, cand.cue),
                content=TextSpan.from_offsets(text, content),
            )
        )
    link_parents(results)
    return results


def link_parents(attributions: list[Attribution]) -> None:
    """Set ``parent`` to the id of the innermost other attribution whose content contains this
    one's cue (left as it is when none does, or when the attribution has no cue)."""
    for att in attributions:
        if att.cue is None:
            continue
        cs, ce = att.cue.start, att.cue.end
        best: Attribution | None = None
        best_len = 0
        for other in attributions:
            if other is att:
                continue
            for s, e in other.content.spans:
                if s <= cs and ce <= e:
                    length = other.content.end - other.content.start
                    if best is None or length < best_len:
                        best, best_len = other, length
        if best is not None:
            att.parent = best.id
