"""Line ends other than LF: a text whose lines end in CR (old Mac files) or U+2028 has the same
structure and sentence starts as its LF twin (each is one character, so offsets agree), and
CRLF text keeps every offset indexing the text as read."""

from __future__ import annotations

import pytest

from byline.nlp.pipeline import get_nlp, make_doc
from byline.structure import structure

LF = (
    "Council approves harbour budget\n"
    "\n"
    "By Robin Hale\n"
    "\n"
    '"The harbour will be dredged this year," Mayor Ann Lee said on Tuesday.\n'
    "Two councillors said the cost was too high\n"
    "and voted against it.\n"
)


@pytest.mark.parametrize("brk", ["\r", "\u2028", "\x0c"])
def test_other_line_ends_structure_like_lf(brk: str) -> None:
    twin = LF.replace("\n", brk)
    expected = structure(LF)
    found = structure(twin)
    assert [(r.kind, r.start, r.end) for r in found.regions] == [
        (r.kind, r.start, r.end) for r in expected.regions
    ]
    assert found.metadata.headline == "Council approves harbour budget"
    nlp = get_nlp()
    starts = [t.idx for t in make_doc(nlp, twin, found.regions_spans()) if t.is_sent_start]
    assert starts == [t.idx for t in make_doc(nlp, LF, expected.regions_spans()) if t.is_sent_start]


def test_crlf_offsets_index_the_text_as_read() -> None:
    text = LF.replace("\n", "\r\n")
    article = structure(text)
    assert article.metadata.headline == "Council approves harbour budget"
    for region in article.regions:
        piece = text[region.start : region.end]
        assert piece == piece.strip() and piece
