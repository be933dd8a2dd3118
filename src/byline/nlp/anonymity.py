"""Stated reasons for anonymity: "spoke on condition of anonymity because ...".

A reason is found by pattern over each sentence of the story text, then tied by the parse to the
stretch of text that names who it covers. Offsets are ``[start, end)`` ``str`` indices into
``doc.text``.

**Reason span.** From the clause's verb ("spoke", "speaking", "asked", "requested", "was" of
"who was not authorized to speak") to the end of that clause: the end of the clause verb's
subtree in the parse, cut at the first comma, semicolon, dash or closing bracket after the
match; trailing punctuation and quotes are not part of it. "The two Iraqi officials ... all
spoke on condition of anonymity because they were not authorized to talk to reporters." gives
"spoke on condition of anonymity because they were not authorized to talk to reporters"; "a
source, who asked not to be named because she feared reprisals, said" gives "asked not to be
named because she feared reprisals".

**Coverage.** The clause's subject: for a relative clause ("X, who spoke on condition ...") its
head noun phrase (climbing from a noun inside a larger phrase to the whole phrase: "a source
close to the minister, who ..."); for a participle clause with no subject of its own
("Speaking on condition of anonymity, the official said") the main clause's subject; otherwise
the clause verb's ``nsubj``/``nsubjpass`` phrase ("The two Iraqi officials and the Shiite
politician"). When the parse gives none, the sentence text before the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

ANONYMITY_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\b(?:spoke|speak|speaks|speaking|spoken|talked|talk|talking|commented|commenting"
        r"|discussed|discussing|briefed|briefing|described|describing|confirmed|confirming"
        r"|agreed|provided|gave|insisted|shared)\b(?:\s+\w+){0,3}?\s+on\s+(?:the\s+)?"
        r"(?:condition|conditions|grounds|basis)\s+(?:of|that)\b",
        r"\b(?:asked|requested|insisted|demanded|wished|wanted|preferred)\s+(?:not\s+to\s+be"
        r"|to\s+not\s+be|that\s+(?:his|her|their)\s+names?\s+not\s+be|that\s+(?:he|she|they)"
        r"\s+not\s+be)\s+(?:named|identified|quoted|used)",
        r"\b(?:declined|refused)\s+to\s+be\s+(?:named|identified|quoted\s+by\s+name)",
        r"\b(?:requested|request(?:ing)?|insisted\s+on|was\s+granted|were\s+granted|granted"
        r"|sought|seeking|asked\s+for|asking\s+for|demanded|demanding)\s+anonymity\b",
        r"\b(?:was|were|is|are|wasn[’']t|weren[’']t|isn[’']t|aren[’']t)\s+(?:not\s+)?"
        r"authori[sz]ed\s+to\s+(?:speak|talk|comment|discuss|disclose|be\s+(?:named|identified"
        r"|quoted))",
        r"\b(?:would|could)\s+not\s+be\s+(?:named|identified)\b",
        r"\b(?:spoke|speaking|talked|talking|briefed|briefing)\b(?:\s+\w+){0,3}?\s+on\s+"
        r"background\b",
        r"\bon\s+(?:the\s+)?condition\s+of\s+anonymity\b",
        r"\bon\s+(?:the\s+)?condition\s+that\s+(?:he|she|they|his|her|their)\b[^,.;]*?"
        r"\bnot\s+be\s+(?:named|identified|quoted)",
    )
)
"""Anonymity statements, most specific first; the first match in a sentence wins."""

_KEYWORDS = re.compile(r"anonym|named|identified|authori[sz]ed|background|quoted", re.IGNORECASE)
"""Every pattern holds one of these words: a cheap test before the per-sentence search."""
_CLAUSE_END = frozenset({",", ";", "—", "–", ")", "]", "--"})
_EDGE = ".,;:!?\"'“”‘’ \n\t"


@dataclass(frozen=True)
class AnonymityReason:
    """One stated reason for anonymity.

    ``text``/``start``/``end`` is the reason span (see the module docstring); ``covers`` is the
    ``[start, end)`` stretch of text naming whom it covers.
    """

    text: str
    start: int
    end: int
    covers: tuple[int, int]


def _clause_verb(tok: Token) -> Token:
    """The verb heading the clause of ``tok``."""
    seen = 0
    while (
        tok.dep_ not in ("ROOT", "relcl", "advcl", "acl", "ccomp", "conj", "xcomp")
        and tok.head is not tok
        and seen < 8
    ):
        tok = tok.head
        seen += 1
    return tok


def _subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _edge_span(tok: Token) -> tuple[int, int]:
    left, right = tok.left_edge, tok.right_edge
    return left.idx, right.idx + len(right.text)


def _coverage(doc: Doc, verb: Token, sent_start: int, reason_start: int) -> tuple[int, int]:
    clause = _clause_verb(verb)
    subj = _subject(clause)
    if clause.dep_ == "relcl" or (subj is not None and subj.tag_ in ("WP", "WDT")):
        head = clause.head
        # The parser may hang "who" on the last noun ("a source close to the minister, who"):
        # climb to the noun phrase's own head.
        for _ in range(6):
            prep = head.head
            if (
                head.dep_ == "pobj"
                and prep.dep_ == "prep"
                and prep.head.pos_ in ("NOUN", "PROPN", "ADJ", "PRON", "NUM")
            ):
                head = prep.head  # "a source close to the minister", "one of those advisers"
            elif head.dep_ == "pobj" and prep.dep_ == "prep" and prep.head.dep_ == "acl":
                head = prep.head.head  # "a Republican involved in the planning, who"
            elif head.dep_ in ("amod", "compound") and head.head is not head:
                head = head.head
            else:
                break  # never climb into "according to" or a verb's prepositional phrase
        start = head.left_edge.idx
        return start, max(start, reason_start)
    if subj is None and clause.dep_ == "conj":
        subj = _subject(clause.head)
    if subj is None and clause.dep_ in ("advcl", "acl", "xcomp"):
        subj = _subject(clause.head)
    if subj is not None and subj.tag_ not in ("WP", "WDT"):
        return _edge_span(subj)
    return sent_start, reason_start


def find_anonymity_reasons(doc: Doc, spans: list[tuple[int, int]]) -> list[AnonymityReason]:
    """Reasons for anonymity stated in the sentences of ``doc`` that start inside ``spans``
    (story-text regions, ``[start, end)``), in text order; at most one per sentence."""
    out: list[AnonymityReason] = []
    text = doc.text
    if not _KEYWORDS.search(text):
        return out
    for sent in doc.sents:
        s0 = sent.start_char
        if not any(a <= s0 < b for a, b in spans):
            continue
        sent_text = sent.text
        match = None
        for pattern in ANONYMITY_PATTERNS:
            match = pattern.search(sent_text)
            if match:
                break
        if match is None:
            continue
        start = s0 + match.start()
        first = doc.char_span(start, start + 1, alignment_mode="expand")
        verb = first.root if first is not None else sent.root
        if verb.pos_ not in ("VERB", "AUX"):
            # "on condition of anonymity" alone: start at the verb it modifies when adjacent.
            head = verb.head
            if head.pos_ in ("VERB", "AUX") and 0 < verb.i - head.i <= 4:
                verb, start = head, head.idx
        clause = _clause_verb(verb)
        right = clause.right_edge
        end = min(sent.end_char, max(right.idx + len(right.text), s0 + match.end()))
        for tok in doc[verb.i : sent.end]:
            if tok.idx >= s0 + match.end() and tok.text in _CLAUSE_END:
                end = min(end, tok.idx)
                break
        while end > start and text[end - 1] in _EDGE:
            end -= 1
        covers = _coverage(doc, verb, s0, start)
        out.append(AnonymityReason(text=text[start:end], start=start, end=end, covers=covers))
    return out
