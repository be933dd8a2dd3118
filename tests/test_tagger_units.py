"""The tagger's torch-free parts: words, wordpiece windows, BIO decoding, span grouping.

Fixture texts are written for these tests; expected values are worked out by hand.
"""

from __future__ import annotations

import numpy as np
import pytest

from byline.nlp.attribution_grouping import group_attributions
from byline.nlp.pipeline import get_nlp
from byline.nlp.tagger import (
    LABELS,
    Encoded,
    make_windows,
    tags_to_spans,
    viterbi,
    word_logits,
    words_of_doc,
)

L = {lab: i for i, lab in enumerate(LABELS)}


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return get_nlp()


def test_words_skip_whitespace_mark_paragraphs_and_respect_spans(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Headline here\n\nFirst para.\n\nSecond para."
    doc = nlp.make_doc(text)
    words = words_of_doc(doc)
    assert [text[s:e] for s, e in words.offsets] == [
        "Headline",
        "here",
        "First",
        "para",
        ".",
        "Second",
        "para",
        ".",
    ]
    assert words.para_start == [True, False, True, False, False, True, False, False]
    only_body = words_of_doc(doc, [(15, 26)])  # "First para."
    assert [text[s:e] for s, e in only_body.offsets] == ["First", "para", "."]
    assert only_body.para_start == [True, False, False]


def test_windows_cover_every_piece_without_splitting_words() -> None:
    # 10 words of 3 pieces each: first pieces at 0, 3, 6, ...
    word_at = np.full(30, -1)
    word_at[::3] = np.arange(10)
    enc = Encoded(np.arange(30), word_at)
    windows = make_windows(enc, max_pieces=8, stride=4)
    assert windows[0][0] == 0 and windows[-1][1] == 30
    for s, e in windows:
        assert e - s <= 8
        assert s % 3 == 0 and (e % 3 == 0 or e == 30)
    covered = set()
    for s, e in windows:
        covered.update(range(s, e))
    assert covered == set(range(30))


def test_word_logits_take_the_most_central_window() -> None:
    word_at = np.arange(6)
    enc = Encoded(np.arange(6), word_at)
    windows = [(0, 4), (2, 6)]
    # Window k gives every word the score k+1 on label O (frame rows at 0 and end).
    logits = [np.full((e - s + 2, len(LABELS)), float(k + 1)) for k, (s, e) in enumerate(windows)]
    out = word_logits(enc, windows, logits, 6)
    # word 2: centrality 1 in window 0 (min(2, 1)) vs 0 in window 1 -> window 0
    # word 3: centrality 0 in window 0 vs 1 in window 1 -> window 1
    assert out[:, 0].tolist() == [1.0, 1.0, 1.0, 2.0, 2.0, 2.0]


def test_viterbi_never_starts_inside_or_switches_role_with_i() -> None:
    scores = np.full((3, len(LABELS)), -5.0)
    scores[0, L["I-CON"]] = 5.0  # best alone, but I- cannot open a sequence
    scores[0, L["B-CON"]] = 4.0
    scores[1, L["I-SRC"]] = 5.0  # I-SRC after a content word is forbidden
    scores[1, L["I-CON"]] = 4.0
    scores[2, L["O"]] = 5.0
    assert [LABELS[t] for t in viterbi(scores)] == ["B-CON", "I-CON", "O"]


def _doc_and_words(nlp, text):  # type: ignore[no-untyped-def]
    doc = nlp(text)
    return doc, words_of_doc(doc)


def _tags(words, text, marks):  # type: ignore[no-untyped-def]
    """Labels from {surface word index: label} marks."""
    return [L[marks.get(i, "O")] for i in range(len(words))]


def test_grouping_merges_a_quote_split_by_its_cue(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "“We will win,” Smith said, “and then we go home.”"
    doc, words = _doc_and_words(nlp, text)
    surface = [text[s:e] for s, e in words.offsets]
    assert surface[:6] == ["“", "We", "will", "win", ",", "”"]
    marks = {0: "B-CON", **{i: "I-CON" for i in range(1, 6)}}
    marks[6] = "B-SRC"
    marks[7] = "B-CUE"
    marks[9] = "B-CON"
    marks.update({i: "I-CON" for i in range(10, len(words))})
    spans = tags_to_spans(_tags(words, text, marks), words)
    atts = group_attributions(doc, words, spans)
    assert len(atts) == 1
    att = atts[0]
    assert att.source is not None and att.source.text == "Smith"
    assert att.cue is not None and att.cue.text == "said"
    assert att.content.spans == [(0, 14), (27, len(text))]
    assert att.kind == "mixed"  # two quoted stretches with the cue between them
    assert att.id == "A1"


def test_grouping_links_each_content_to_its_nearest_cue_and_kinds(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Jones said taxes would fall. According to the report, “rates are rising.”"
    doc, words = _doc_and_words(nlp, text)
    surface = [text[s:e] for s, e in words.offsets]
    idx = {w: i for i, w in reversed(list(enumerate(surface)))}
    marks = {
        idx["Jones"]: "B-SRC",
        idx["said"]: "B-CUE",
        idx["taxes"]: "B-CON",
        idx["would"]: "I-CON",
        idx["fall"]: "I-CON",
        idx["According"]: "B-CUE",
        idx["to"]: "I-CUE",
        idx["the"]: "B-SRC",
        idx["report"]: "I-SRC",
    }
    start = surface.index("“")
    marks[start] = "B-CON"
    marks.update({i: "I-CON" for i in range(start + 1, len(words))})
    atts = group_attributions(doc, words, tags_to_spans(_tags(words, text, marks), words))
    assert [(a.id, a.source.text, a.cue.text, a.content.text, a.kind) for a in atts] == [
        ("A1", "Jones", "said", "taxes would fall", "indirect"),
        ("A2", "the report", "According to", "“rates are rising.”", "direct"),
    ]


def test_grouping_continues_an_unclosed_quote_into_the_next_paragraph(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "“We need a plan,” Lee said. “It must be soon.\n\n“And it must be fair.”"
    doc, words = _doc_and_words(nlp, text)
    surface = [text[s:e] for s, e in words.offsets]
    marks: dict[int, str] = {}
    first_close = surface.index("”")
    marks[0] = "B-CON"
    marks.update({i: "I-CON" for i in range(1, first_close + 1)})
    marks[surface.index("Lee")] = "B-SRC"
    marks[surface.index("said")] = "B-CUE"
    second = surface.index("“", 1)
    para2 = next(i for i in range(len(words)) if words.para_start[i] and i > 0)
    marks[second] = "B-CON"
    marks.update({i: "I-CON" for i in range(second + 1, para2)})
    marks[para2] = "B-CON"
    marks.update({i: "I-CON" for i in range(para2 + 1, len(words))})
    atts = group_attributions(doc, words, tags_to_spans(_tags(words, text, marks), words))
    assert len(atts) == 1
    assert atts[0].content.spans[-1] == (text.index("“And"), len(text))
    assert len(atts[0].content.spans) == 3


def test_cueless_content_is_kept_only_with_a_source(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Officials: the plan will fail.\n\nThe plan will fail anyway."
    doc, words = _doc_and_words(nlp, text)
    surface = [text[s:e] for s, e in words.offsets]
    assert surface[:2] == ["Officials", ":"]
    para2 = surface.index("The")
    marks = {0: "B-SRC", 2: "B-CON"}
    marks.update({i: "I-CON" for i in range(3, para2)})
    marks[para2] = "B-CON"  # a content with neither cue nor source near it: dropped
    marks.update({i: "I-CON" for i in range(para2 + 1, len(words))})
    atts = group_attributions(doc, words, tags_to_spans(_tags(words, text, marks), words))
    assert len(atts) == 1
    assert atts[0].cue is None
    assert atts[0].source is not None and atts[0].source.text == "Officials"
    assert atts[0].content.text == "the plan will fail."


def test_a_cue_ending_its_paragraph_with_a_colon_takes_the_next_paragraph(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The mayor spoke. Lee added:\n\n“We will rebuild the bridge,” the mayor said of it."
    doc, words = _doc_and_words(nlp, text)
    surface = [text[s:e] for s, e in words.offsets]
    para2 = surface.index("“")
    said = surface.index("said")
    close = surface.index("”")
    marks = {surface.index("Lee"): "B-SRC", surface.index("added"): "B-CUE"}
    marks[para2] = "B-CON"
    marks.update({i: "I-CON" for i in range(para2 + 1, close + 1)})
    # a closer cue in the quote's own paragraph, with its own source and no content of its own
    marks[close + 1] = "B-SRC"  # "the mayor"
    marks[close + 2] = "I-SRC"
    marks[said] = "B-CUE"
    atts = group_attributions(doc, words, tags_to_spans(_tags(words, text, marks), words))
    assert [(a.source.text, a.cue.text, a.content.text) for a in atts] == [
        ("Lee", "added", "“We will rebuild the bridge,”")
    ]


def test_tagger_threads_from_the_environment_or_the_cores(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from byline.nlp.tagger import THREADS_ENV, available_cores, tagger_threads

    cores = available_cores()
    for given, expected in (
        ("1", 1),
        ("3", min(3, cores)),
        (" 2", min(2, cores)),
        ("99999", cores),
    ):
        monkeypatch.setenv(THREADS_ENV, given)
        assert tagger_threads() == expected, given
    for bad in ("0", "-1", "two", "", "1e3", "²"):
        monkeypatch.setenv(THREADS_ENV, bad)
        with pytest.warns(RuntimeWarning, match="not a thread count"):
            assert tagger_threads() == max(1, cores - 1), bad
    monkeypatch.delenv(THREADS_ENV)
    assert tagger_threads() == max(1, cores - 1)
