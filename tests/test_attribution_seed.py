"""Attributions of the seed article (``../shared/data/seed``): every attribution the story states.

The article structure is built here by hand (story paragraphs: the lines after the byline, up to
the ``??`` caption block), so this test depends only on attribution extraction.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from byline.model import Attribution, Metadata, Region
from byline.nlp.attribution import find_attributions
from byline.nlp.pipeline import get_nlp, make_doc
from byline.structure import ArticleStructure

SEED = (
    Path(__file__).resolve().parents[1]
    / ".."
    / "shared"
    / "data"
    / "seed"
    / "000_902d9eaf5988795e.txt"
)

pytestmark = pytest.mark.skipif(not SEED.exists(), reason="../shared seed article absent")


@pytest.fixture(scope="module")
def seed() -> tuple[str, list[Attribution]]:
    text = SEED.read_text(encoding="utf-8")
    start = text.index("\n", text.index("- By")) + 1
    end = text.index(" ??")
    regions = [
        Region(kind="paragraph", start=start + m.start(), end=start + m.end())
        for m in re.finditer(r"[^\n]+", text[start:end])
        if m.group().strip()
    ]
    article = ArticleStructure(metadata=Metadata(), regions=regions)
    nlp = get_nlp()
    doc = nlp(make_doc(nlp, text, article.regions_spans()))
    return text, find_attributions(doc, article)


def find(atts: list[Attribution], source: str, cue: str) -> Attribution:
    found = [
        a
        for a in atts
        if a.source is not None and a.source.text == source and a.cue and a.cue.text == cue
    ]
    assert len(found) == 1, [(a.source and a.source.text, a.cue and a.cue.text) for a in atts]
    return found[0]


@pytest.mark.parametrize(
    ("source", "cue", "kind", "content_start", "content_end"),
    [
        ("U.S. and Iraqi officials", "say", "indirect", "the mission", "advisory roles"),
        ("U.S. and Iraq delegates", "said", "indirect", "The mission", "in the country"),
        ("Statements issued by both sides", "said", "indirect", "the timing", "take place"),
        ("They", "also stressed", "indirect", "the need", "security cooperation"),
        (
            "A State Department statement following the talks",
            "said",
            "mixed",
            "that with increasing",
            "from Iraq.”",
        ),
        ("The Pentagon press secretary, John Kirby", "said", "indirect", "Wednesday’s", "forces"),
        (
            "Iraqi military spokesman Brig. Gen. Yahya Rasool",
            "said",
            "mixed",
            "that Prime Minister",
            "the redeployment",
        ),
        ("two Iraqi officials", "said", "indirect", "Angered, al-Kadhimi", "the factions"),
        ("the officials", "said", "mixed", "In the note", "these groups,”"),
        ("a senior Iraqi Shiite politician", "according to", "according_to", "The message", "calm"),
        ("Iraqi and U.S. officials", "have said", "indirect", "they support", None),
        ("the Pentagon", "According to", "according_to", "the number", "past months"),
        ("Iraq’s Foreign Minister Fuad Hassan", "said", "indirect", "that Iraq", "its military"),
        ("Iraqi officials", "say", "indirect", "the money", "fears of sanctions"),
    ],
)
def test_seed_attribution(
    seed: tuple[str, list[Attribution]],
    source: str,
    cue: str,
    kind: str,
    content_start: str,
    content_end: str | None,
) -> None:
    _, atts = seed
    att = find(atts, source, cue)
    assert att.kind == kind
    assert att.content.text.startswith(content_start)
    if content_end is not None:
        assert att.content.text.endswith(content_end)
    assert att.parent is None


def test_seed_nested_attributions(seed: tuple[str, list[Attribution]]) -> None:
    _, atts = seed
    officials = find(atts, "two Iraqi officials", "said")
    suggested = find(atts, "al-Kadhimi", "suggested")
    assert suggested.content.text == "he would confront the factions"
    assert suggested.parent == officials.id
    note = find(atts, "the officials", "said")
    threatened = find(atts, "alKadhimi", "threatened")
    assert threatened.content.text == "to “announce clearly who backs these groups,”"
    assert threatened.kind == "mixed"
    assert threatened.parent == note.id


def test_seed_ids_in_text_order(seed: tuple[str, list[Attribution]]) -> None:
    _, atts = seed
    assert [a.id for a in atts] == [f"A{k}" for k in range(1, len(atts) + 1)]
    assert [a.cue.start for a in atts if a.cue] == sorted(a.cue.start for a in atts if a.cue)
