"""PolNeAR brat reading and BIO labels for training (torch-free), on hand-written fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from byline.nlp.pipeline import get_nlp
from byline.nlp.tagger import LABELS, words_of_doc
from byline.training.data import word_labels
from byline.training.polnear import GoldArticle, GoldAttribution, PolnearFormatError, load_split

TEXT = "“It will pass,” Ann Ray said. “We have\nthe votes.”\n"

ANN = (
    "T1\tContent 0 15\t“It will pass,”\n"
    "T2\tSource 16 23\tAnn Ray\n"
    "T3\tCue 24 28\tsaid\n"
    "T4\tContent 30 50\t“We have\nthe votes.”\n"  # text crossing a newline: continuation line
    "T5\tAttribution 24 28\tsaid\n"
    "E1\tAttribution:T5 Content:T1 Cue:T3 Source:T2 Content2:T4\n"
    "T6\tDiscard 0 1\t“\n"
)


def _split(tmp_path: Path, anns: dict[str, str]) -> Path:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "d1.txt").write_text(TEXT, encoding="utf-8")
    for name, body in anns.items():
        (tmp_path / "attributions" / name).write_text(body, encoding="utf-8")
    return tmp_path


def test_reader_merges_content2_and_picks_smallest_annotator(tmp_path: Path) -> None:
    other = "T1\tContent 30 50\tx\nT2\tAttribution 24 28\tsaid\nE1\tAttribution:T2 Content:T1\n"
    split = _split(tmp_path, {"d1_b2.ann": other, "d1_a1.ann": ANN})
    (article,) = load_split(split)
    assert article.doc_id == "d1"
    (att,) = article.attributions
    assert att.content == [(0, 15), (30, 50)]
    assert att.source == [(16, 23)] and att.cue == [(24, 28)]
    assert article.discard == [(0, 1)]
    assert TEXT[30:50] == "“We have\nthe votes.”"


def test_reader_rejects_out_of_range_offsets(tmp_path: Path) -> None:
    bad = "T1\tContent 0 999\tx\n"
    split = _split(tmp_path, {"d1_a1.ann": bad})
    with pytest.raises(PolnearFormatError, match="outside text"):
        load_split(split)


def test_word_labels_bio_per_fragment() -> None:
    doc = get_nlp().make_doc(TEXT)
    words = words_of_doc(doc)
    art = GoldArticle(
        "d1",
        TEXT,
        [GoldAttribution(source=[(16, 23)], cue=[(24, 28)], content=[(0, 15), (30, 50)])],
    )
    labels = word_labels(art, words)
    got = [(TEXT[s:e], LABELS[t]) for (s, e), t in zip(words.offsets, labels, strict=True)]
    assert got == [
        ("“", "B-CON"),
        ("It", "I-CON"),
        ("will", "I-CON"),
        ("pass", "I-CON"),
        (",", "I-CON"),
        ("”", "I-CON"),
        ("Ann", "B-SRC"),
        ("Ray", "I-SRC"),
        ("said", "B-CUE"),
        (".", "O"),
        ("“", "B-CON"),
        ("We", "I-CON"),
        ("have", "I-CON"),
        ("the", "I-CON"),
        ("votes", "I-CON"),
        (".", "I-CON"),
        ("”", "I-CON"),
    ]
    # "the" follows a newline inside the text: it opens a new paragraph for the tagger.
    assert words.para_start[13] is True
