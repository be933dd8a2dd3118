"""Attribution extraction on hand-written sentences: one test per construction.

Expected spans are computed by hand from the fixture texts (character offsets found with
``str.index`` on the literal pieces).
"""

from __future__ import annotations

import pytest
from attribution_helpers import extract, only, span

from byline.model import Metadata, Region
from byline.structure import ArticleStructure


def test_indirect_that_clause() -> None:
    text = "The minister said that taxes would rise next year."
    (att,) = extract(text)
    assert att.id == "A1"
    assert att.kind == "indirect"
    assert att.source is not None and att.source.spans == [span(text, "The minister")]
    assert att.cue is not None and att.cue.spans == [span(text, "said")]
    # PolNeAR convention: "that" is in the content, the final full stop is not
    assert att.content.spans == [span(text, "that taxes would rise next year")]


def test_indirect_clause_first() -> None:
    text = "Taxes will rise next year, the minister said on Monday."
    att = only(extract(text), "said")
    assert att.kind == "indirect"
    assert att.source is not None and att.source.text == "the minister"
    assert att.content.spans == [span(text, "Taxes will rise next year")]


def test_told_reporters() -> None:
    text = "The senator told reporters the bill would pass easily."
    att = only(extract(text), "told")
    assert att.source is not None and att.source.text == "The senator"
    assert att.content.spans == [span(text, "the bill would pass easily")]


def test_direct_curly_quote_before_cue() -> None:
    text = "“The plan works,” the mayor said."
    att = only(extract(text), "said")
    assert att.kind == "direct"
    assert att.source is not None and att.source.text == "the mayor"
    # quote marks and the comma inside them belong to the content
    assert att.content.spans == [span(text, "“The plan works,”")]


def test_split_quote_is_one_discontinuous_attribution() -> None:
    text = '"We will win," she said, "and we will do it soon."'
    atts = extract(text)
    assert len(atts) == 1
    (att,) = atts
    assert att.kind == "direct"
    assert att.source is not None and att.source.text == "she"
    assert att.content.spans == [
        span(text, '"We will win,"'),
        span(text, '"and we will do it soon."'),
    ]


def test_quote_continues_after_cue_sentence() -> None:
    text = "“We are ready,” the coach said. “The team has trained for months.”"
    att = only(extract(text), "said")
    assert att.content.spans == [
        span(text, "“We are ready,”"),
        span(text, "“The team has trained for months.”"),
    ]


def test_quote_over_several_paragraphs() -> None:
    text = (
        "“We are ready,” the coach said. “The team has trained for months.\n"
        "“Nobody here is afraid of the final.”\n"
        "The final is on Sunday."
    )
    att = only(extract(text), "said")
    assert att.content.spans == [
        span(text, "“We are ready,”"),
        span(text, "“The team has trained for months."),
        span(text, "“Nobody here is afraid of the final.”"),
    ]


def test_mixed_quote_fragment() -> None:
    text = "The governor said the budget was “a disaster for everyone.”"
    att = only(extract(text), "said")
    assert att.kind == "mixed"
    assert att.content.spans == [span(text, "the budget was “a disaster for everyone.”")]


def test_according_to() -> None:
    text = "The economy grew by 3 percent last year, according to the central bank."
    att = only(extract(text), "according to")
    assert att.kind == "according_to"
    assert att.source is not None and att.source.text == "the central bank"
    assert att.content.spans == [span(text, "The economy grew by 3 percent last year")]


def test_document_source() -> None:
    text = "A company statement released on Monday said the factory would close in May."
    att = only(extract(text), "said")
    assert att.source is not None
    assert att.source.text == "A company statement released on Monday"
    assert att.content.text == "the factory would close in May"


def test_nested_attribution_links_parent() -> None:
    text = "Two officials said the president threatened to fire the director."
    atts = extract(text)
    outer = only(atts, "said")
    inner = only(atts, "threatened")
    assert outer.source is not None and outer.source.text == "Two officials"
    assert outer.content.text == "the president threatened to fire the director"
    assert inner.source is not None and inner.source.text == "the president"
    assert inner.content.text == "to fire the director"
    assert inner.parent == outer.id and outer.parent is None


def test_ids_follow_text_order() -> None:
    text = "Lee said the vote was fair. Kim said the vote was rigged."
    atts = extract(text)
    assert [a.id for a in atts] == ["A1", "A2"]
    assert [a.source.text for a in atts if a.source] == ["Lee", "Kim"]


def test_only_analyzable_regions_are_searched() -> None:
    text = "Lee said the vote was fair.\nKim said the vote was rigged."
    first_line = ArticleStructure(
        metadata=Metadata(), regions=[Region(kind="caption", start=0, end=27)]
    )
    second = len("Lee said the vote was fair.\n")
    article = ArticleStructure(
        metadata=Metadata(),
        regions=[*first_line.regions, Region(kind="paragraph", start=second, end=len(text))],
    )
    atts = extract(text, article)
    assert [a.source.text for a in atts if a.source] == ["Kim"]


def test_no_attribution_in_plain_narration() -> None:
    assert extract("The bridge opened in 1932.") == []


@pytest.mark.parametrize("cue", ["said", "says", "told"])
def test_cue_lexicon_accepts_speech_verbs(cue: str) -> None:
    text = (
        f"The chief {cue} the plan was ready."
        if cue != "told"
        else ("The chief told staff the plan was ready.")
    )
    assert only(extract(text), cue).content.text == "the plan was ready"


def test_name_colon_headline() -> None:
    text = "Marco Rubio: I Am Not Interested In The Job\nThe senator spoke in Miami."
    att = only(extract(text), ":")
    assert att.source is not None and att.source.text == "Marco Rubio"
    assert att.content.spans == [span(text, "I Am Not Interested In The Job")]


def test_cue_then_colon_then_quote_paragraph() -> None:
    text = "The mayor added:\n“We will rebuild the bridge by spring.”"
    att = only(extract(text), "added")
    assert att.source is not None and att.source.text == "The mayor"
    assert att.content.spans == [span(text, "“We will rebuild the bridge by spring.”")]
    assert att.kind == "direct"


def test_relative_pronoun_is_the_source_as_written() -> None:
    text = "The plan was backed by Smith, who said the costs were too high."
    att = only(extract(text), "said")
    assert att.source is not None and att.source.text == "who"
    assert att.content.text == "the costs were too high"


def test_quote_before_told_with_addressee() -> None:
    text = "“We will not give up,” the coach told reporters on Sunday."
    att = only(extract(text), "told")
    assert att.source is not None and att.source.text == "the coach"
    assert att.content.spans == [span(text, "“We will not give up,”")]


def test_cue_inside_a_quote_is_not_an_attribution() -> None:
    text = "“I said we would win,” the coach said."
    atts = extract(text)
    assert [a.cue.text for a in atts if a.cue] == ["said"]
    assert atts[0].source is not None and atts[0].source.text == "the coach"


def test_passive_cue_takes_its_subject_as_content() -> None:
    text = "The new tax plan was criticized by the governor on Monday."
    att = only(extract(text), "was criticized")
    assert att.source is not None and att.source.text == "the governor"
    assert att.content.spans == [span(text, "The new tax plan")]


@pytest.mark.parametrize(
    "text",
    ["", "“", '"', "Said:", ": :", "“He said", "He said “", "According to", "''", "“”“”"],
)
def test_degenerate_texts_do_not_fail(text: str) -> None:
    for att in extract(text):
        assert att.content.spans and all(0 <= s < e <= len(text) for s, e in att.content.spans)


def test_title_case_headline_verb() -> None:
    text = "Veteran Senator Praises New Budget Plan\nThe vote is on Friday."
    article = ArticleStructure(
        metadata=Metadata(),
        regions=[
            Region(kind="headline", start=0, end=text.index("\n")),
            Region(kind="paragraph", start=text.index("\n") + 1, end=len(text)),
        ],
    )
    att = only(extract(text, article), "Praises")
    assert att.source is not None and att.source.text == "Veteran Senator"
    assert att.content.text == "New Budget Plan"
