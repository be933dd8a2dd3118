"""Article structure: regions, metadata, captions and tags.

Expected values are read off the fixture texts by hand (tests/fixtures/, written for these
tests), the seed article and PolNeAR gold (both in ../shared, skipped when absent).
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from byline.structure import ArticleStructure, structure
from byline.structure_rules import (
    is_boilerplate,
    is_residue,
    parse_byline,
    parse_credit,
    parse_dateline,
    parse_edition_tag,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
SEED = SHARED / "data" / "seed" / "000_902d9eaf5988795e.txt"
POLNEAR = SHARED / "data" / "polnear"
WIRE_EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "wire_story.txt"


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _regions(text: str, article: ArticleStructure, kind: str) -> list[str]:
    return [text[r.start : r.end] for r in article.regions if r.kind == kind]


def _check_offsets(text: str, article: ArticleStructure) -> None:
    for region in article.regions:
        assert 0 <= region.start < region.end <= len(text)
        piece = text[region.start : region.end]
        assert piece == piece.strip(), f"{region.kind} region has untrimmed edges: {piece!r}"


# --- rules ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "authors", "agency"),
    [
        ("- By Qassim Abdul-Zahra and Samya Kullab", ["Qassim Abdul-Zahra", "Samya Kullab"], None),
        (
            "By Maria Ortega, Daniel Kim and Lee Chen",
            ["Maria Ortega", "Daniel Kim", "Lee Chen"],
            None,
        ),
        ("By Lena Fischer, Associated Press", ["Lena Fischer"], "The Associated Press"),
        ("By Lena Fischer | Reuters", ["Lena Fischer"], "Reuters"),
        ("BY JOHN DOE and MARY ROE", ["John Doe", "Mary Roe"], None),
        ("By Sam Jones, Staff Writer", ["Sam Jones"], None),
        ("Associated Press", [], "The Associated Press"),
        ("The Associated Press", [], "The Associated Press"),
    ],
)
def test_parse_byline(line: str, authors: list[str], agency: str | None) -> None:
    byline = parse_byline(line)
    assert byline is not None
    assert byline.authors == authors
    assert byline.agency == agency


@pytest.mark.parametrize(
    "line",
    [
        "By then, the talks had ended.",
        "By winning the primary in Ohio, Kasich picked up all 66 delegates.",
        "By 2026, the deficit would surpass $1 trillion.",
        "Harbor city votes to rebuild flooded seawall",
    ],
)
def test_parse_byline_rejects_sentences(line: str) -> None:
    assert parse_byline(line) is None


@pytest.mark.parametrize(
    ("paragraph", "dateline", "place"),
    [
        ("PORT ELLIS, Maine (AP) — The city voted.", "PORT ELLIS, Maine (AP)", "PORT ELLIS, Maine"),
        ("WASHINGTON (Reuters) - Officials said.", "WASHINGTON (Reuters)", "WASHINGTON"),
        ("MANCHESTER, N.H. — The candidate spoke.", "MANCHESTER, N.H.", "MANCHESTER, N.H."),
        ("NEW YORK, Nov. 19 (UPI) — Clinton called.", "NEW YORK, Nov. 19 (UPI)", "NEW YORK"),
        ("LOS ANGELES -- The mayor said.", "LOS ANGELES", "LOS ANGELES"),
    ],
)
def test_parse_dateline(paragraph: str, dateline: str, place: str) -> None:
    found = parse_dateline(paragraph)
    assert found is not None
    assert found.text == dateline
    assert found.place == place
    assert paragraph[found.end :].lstrip()[0].isupper()


@pytest.mark.parametrize(
    "paragraph",
    [
        "SANDERS HAS ADVANTAGE IN NEW HAMPSHIRE - The poll shows a lead.",
        "UPDATE: 5/12 — The results changed.",
        "The city council voted Wednesday — again.",
        "WASHINGTON (Staff) — Officials said.",
    ],
)
def test_parse_dateline_rejects(paragraph: str) -> None:
    assert parse_dateline(paragraph) is None


@pytest.mark.parametrize(
    ("line", "photographer", "agency"),
    [
        ("SUSANNAH GEORGE — THE ASSOCIATED PRESS FILE", "Susannah George", "The Associated Press"),
        ("John Moore/Getty Images.", "John Moore", "Getty Images"),
        ("Robert Galbraith / Reuters.", "Robert Galbraith", "Reuters"),
        ("Scott Olson via Getty Images.", "Scott Olson", "Getty Images"),
        ("Getty.", None, "Getty Images"),
        ("ASSOCIATED PRESS.", None, "The Associated Press"),
    ],
)
def test_parse_credit(line: str, photographer: str | None, agency: str) -> None:
    credit = parse_credit(line)
    assert credit is not None
    assert (credit.photographer, credit.agency) == (photographer, agency)


@pytest.mark.parametrize(
    "line",
    ["Mayor Helen Strand — the city's first", "Republicans / Democrats", "Getty said no."],
)
def test_parse_credit_rejects(line: str) -> None:
    assert parse_credit(line) is None


def test_boilerplate_and_residue_rules() -> None:
    assert is_boilerplate("Read the rest here.")
    assert is_boilerplate("Follow Pam Key on Twitter @pamkeyNEN.")
    assert is_boilerplate("ABSTRACT.")
    assert is_boilerplate("This story has been updated to include comments from the mayor.")
    long_note = "Editor's Note: " + "An article on Monday said the agency had checked. " * 10
    assert not is_boilerplate(long_note)
    assert not is_boilerplate("Read the report, the senator said, before voting.")
    assert is_residue("___.")
    assert is_residue(" ??  ??".strip())
    assert not is_residue("Why?")


def test_parse_edition_tag() -> None:
    tag = parse_edition_tag("Newspapers in English")
    assert tag is not None and tag.language == "en"
    tag = parse_edition_tag("Newspapers from United States")
    assert tag is not None and tag.country == "United States"
    assert parse_edition_tag("Newspapers in English are read here.") is None


# --- whole articles -------------------------------------------------------------------------


def test_edition_dump_fixture() -> None:
    text = _read(FIXTURES / "edition_dump.txt")
    article = structure(text)
    _check_offsets(text, article)
    meta = article.metadata
    assert meta.outlet == "Lakeside Evening Courier"
    assert meta.headline == "Ferry service to resume after repairs"
    assert meta.authors == ["Tomas Reyes", "Ana Lindqvist"]
    assert meta.standfirst == (
        "Harbor officials say the island ferry will run again next month after engine repairs."
    )
    assert (meta.language, meta.country) == ("en", "Canada")
    assert article.tags == ["Newspapers in English", "Newspapers from Canada"]
    assert _regions(text, article, "byline") == ["- By Tomas Reyes and Ana Lindqvist"]
    assert _regions(text, article, "edition_tag") == article.tags
    assert _regions(text, article, "markup_residue") == ["??"] * 4
    paragraphs = _regions(text, article, "paragraph")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("The island ferry will run again")
    assert paragraphs[-1].startswith("Repairs cost about $3 million")

    (caption,) = article.captions
    caption_text = "The ferry Northern Star sits in dry dock at the harbor yard."
    assert caption.text == caption_text
    assert len(caption.spans) == 2
    assert all(text[s:e] == caption_text for s, e in caption.spans)
    assert caption.credit == "PETER VANCE — THE ASSOCIATED PRESS"
    assert len(caption.credit_spans) == 2
    assert all(text[s:e] == caption.credit for s, e in caption.credit_spans)
    assert (caption.photographer, caption.agency) == ("Peter Vance", "The Associated Press")
    # Neither the byline names nor the credit are story text.
    analyzable = " ".join(text[s:e] for s, e in article.analyzable_spans())
    assert "Tomas Reyes" not in analyzable
    assert "PETER VANCE" not in analyzable
    assert caption_text not in analyzable


def test_web_article_boilerplate() -> None:
    text = _read(FIXTURES / "web_article.txt")
    article = structure(text)
    _check_offsets(text, article)
    assert article.metadata.headline == "Senator Says Budget Deal Is Close."
    assert article.metadata.outlet is None
    assert article.metadata.standfirst is None
    assert _regions(text, article, "boilerplate") == [
        "ABSTRACT.",
        "Editor’s note: This story has been shortened for length.",
        "Read the rest here.",
        "Follow Sam Porter on Twitter @samporter.",
    ]
    assert _regions(text, article, "credit") == ["Getty."]
    assert _regions(text, article, "paragraph") == [
        "Senator Jane Whitfield said on Monday that negotiators were close to a budget deal.",
        "“We are a handshake away,” Whitfield told reporters.",
    ]


def test_wire_byline_with_agency_and_dateline() -> None:
    text = _read(FIXTURES / "wire_agency.txt")
    article = structure(text)
    _check_offsets(text, article)
    assert article.metadata.authors == ["Lena Fischer"]
    assert article.metadata.dateline == "GALVESTON, Texas (AP)"
    assert _regions(text, article, "dateline") == ["GALVESTON, Texas (AP) —"]
    (first, second) = [r for r in article.regions if r.kind == "paragraph"]
    (dateline,) = [r for r in article.regions if r.kind == "dateline"]
    assert first.start == dateline.start and dateline.end < first.end
    assert text[second.start : second.end] == "Crews will begin repairs Monday, a spokesman said."


def test_wire_story_example() -> None:
    text = _read(WIRE_EXAMPLE)
    article = structure(text)
    _check_offsets(text, article)
    assert article.metadata.headline == "Harbor city votes to rebuild flooded seawall"
    assert article.metadata.authors == ["Maria Ortega", "Daniel Kim"]
    assert _regions(text, article, "byline") == [
        "By Maria Ortega and Daniel Kim",
        "Associated Press",
    ]
    assert _regions(text, article, "dateline") == ["PORT ELLIS, Maine (AP) —"]
    assert article.metadata.dateline == "PORT ELLIS, Maine (AP)"
    assert len(_regions(text, article, "paragraph")) == 6


def test_headline_dek_byline_layout() -> None:
    text = (
        "Council backs seawall\n\nA $42 million plan wins a first vote.\n\n"
        "By Ana Ruiz\n\nThe council voted on Monday.\n"
    )
    article = structure(text)
    assert article.metadata.headline == "Council backs seawall"
    assert article.metadata.standfirst == "A $42 million plan wins a first vote."
    assert article.metadata.authors == ["Ana Ruiz"]
    assert _regions(text, article, "paragraph") == ["The council voted on Monday."]


def test_first_line_is_headline_without_outlet() -> None:
    text = (
        "Daily Briefing Notes\n\nThe mayor said the budget is balanced.\n\n"
        "Council members agreed.\n"
    )
    article = structure(text)
    # "Daily" is an outlet word, but a sentence follows, not a headline: no outlet line.
    assert article.metadata.outlet is None
    assert article.metadata.headline == "Daily Briefing Notes"
    assert _regions(text, article, "paragraph")[-1] == "Council members agreed."


def test_outlet_line_above_headline_and_byline() -> None:
    text = "Valley Tribune\n\nCity plans new bridge\n\nBy Ana Ruiz\n\nThe city will build it.\n"
    article = structure(text)
    assert article.metadata.outlet == "Valley Tribune"
    assert article.metadata.headline == "City plans new bridge"
    assert article.metadata.authors == ["Ana Ruiz"]


def test_empty_and_blank_text() -> None:
    for text in ("", "\n\n  \n"):
        article = structure(text)
        assert article.regions == []
        assert article.metadata.headline is None


def test_embedded_tweet_tags_are_residue_inside_paragraph() -> None:
    text = 'Title\n\n<tweet id="1" author="@x">Polls close at eight.</tweet>.\n'
    article = structure(text)
    assert _regions(text, article, "markup_residue") == ['<tweet id="1" author="@x">', "</tweet>"]
    assert len(_regions(text, article, "paragraph")) == 1


# --- real inputs from ../shared -------------------------------------------------------------


@pytest.mark.skipif(not SEED.exists(), reason="../shared seed article not available")
def test_seed_article() -> None:
    text = _read(SEED)
    article = structure(text)
    _check_offsets(text, article)
    meta = article.metadata
    assert meta.outlet == "Marin Independent Journal"
    assert meta.headline == "No timetable for withdrawal of troops"
    assert meta.authors == ["Qassim Abdul-Zahra", "Samya Kullab"]
    assert meta.standfirst == (
        "U.S. and Iraqi officials say the mission of U.S. forces in Iraq has shifted to "
        "training and advisory roles."
    )
    assert meta.dateline is None
    assert (meta.language, meta.country) == ("en", "United States")
    assert article.tags == ["Newspapers in English", "Newspapers from United States"]
    assert _regions(text, article, "edition_tag") == article.tags
    assert _regions(text, article, "byline") == ["- By Qassim Abdul-Zahra and Samya Kullab"]
    assert _regions(text, article, "markup_residue") == ["??"] * 4

    paragraphs = _regions(text, article, "paragraph")
    assert len(paragraphs) == 17
    assert paragraphs[0].startswith("The mission of U.S. forces in Iraq has shifted")
    assert paragraphs[-1].startswith("Iraqis, particularly under former President Donald Trump")

    (caption,) = article.captions
    caption_text = "A U.S. Army soldier guards a position at Camp Swift in northern Iraq."
    assert caption.text == caption_text
    assert len(caption.spans) == 2
    assert [text[s:e] for s, e in caption.spans] == [caption_text] * 2
    assert caption.credit == "SUSANNAH GEORGE — THE ASSOCIATED PRESS FILE"
    assert [text[s:e] for s, e in caption.credit_spans] == [caption.credit] * 2
    assert caption.photographer == "Susannah George"
    assert caption.agency == "The Associated Press"

    analyzable = " ".join(text[s:e] for s, e in article.analyzable_spans())
    for not_story in ("Qassim Abdul-Zahra", "SUSANNAH GEORGE", "Newspapers in", "??"):
        assert not_story not in analyzable


def _gold_spans(ann: Path, label: str) -> list[tuple[int, int]]:
    """``[start, end)`` pairs of the brat ``T`` annotations with ``label`` (fragments split)."""
    spans = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        if not line.startswith("T"):
            continue
        parts = line.split("\t")
        if len(parts) < 2 or not parts[1].startswith(label + " "):
            continue
        for fragment in parts[1][len(label) + 1 :].split(";"):
            start, end = fragment.split()[:2]
            spans.append((int(start), int(end)))
    return spans


@pytest.mark.skipif(not (POLNEAR / "dev").exists(), reason="../shared PolNeAR not available")
def test_dev_gold_attributions_lie_in_analyzable_regions() -> None:
    """Every gold cue, source and content of PolNeAR dev lies inside story text."""
    outside = []
    checked = 0
    for ann in sorted((POLNEAR / "dev" / "attributions").glob("*.ann")):
        doc_id = ann.stem.rsplit("_", 1)[0]
        text = _read(POLNEAR / "dev" / "text" / f"{doc_id}.txt")
        spans = structure(text).analyzable_spans()
        for label in ("Cue", "Source", "Content"):
            for start, end in _gold_spans(ann, label):
                checked += 1
                if not any(a <= start and end <= b for a, b in spans):
                    # a content may cross paragraphs: every non-space char must be covered
                    chars = [
                        i
                        for i in range(start, end)
                        if not text[i].isspace() and not any(a <= i < b for a, b in spans)
                    ]
                    if chars:
                        outside.append((doc_id, label, text[start:end][:60]))
    assert checked > 6000
    assert outside == []


@pytest.mark.skipif(not (POLNEAR / "dev").exists(), reason="../shared PolNeAR not available")
def test_dev_discard_lines_mostly_marked() -> None:
    """Whole-line PolNeAR ``Discard`` spans (non-article text) are mostly outside story text."""
    total = marked = 0
    for ann in sorted((POLNEAR / "dev" / "attributions").glob("*.ann")):
        doc_id = ann.stem.rsplit("_", 1)[0]
        text = _read(POLNEAR / "dev" / "text" / f"{doc_id}.txt")
        article = structure(text)
        spans = article.analyzable_spans()
        for start, end in _gold_spans(ann, "Discard"):
            line_start = text.rfind("\n", 0, start) + 1
            line_end = text.find("\n", end)
            line_end = len(text) if line_end < 0 else line_end
            if text[line_start:line_end].strip() != text[start:end].strip():
                continue
            total += 1
            if not any(a <= start < b for a, b in spans):
                marked += 1
    assert total > 10
    assert marked / total >= 0.6


def test_regions_never_overlap_except_nesting() -> None:
    text = _read(FIXTURES / "edition_dump.txt") + "\n" + _read(FIXTURES / "web_article.txt")
    article = structure(text)
    top = [r for r in article.regions if r.kind not in ("dateline", "markup_residue")]
    top.sort(key=lambda r: r.start)
    for left, right in itertools.pairwise(top):
        assert left.end <= right.start, (left, right)
    assert re.search(r"\S", text[top[-1].end :]) is None
