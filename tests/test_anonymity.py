"""Stated reasons for anonymity: the reason span and the stretch it covers."""

from __future__ import annotations

import pytest
from spacy.language import Language

from byline.nlp.anonymity import find_anonymity_reasons
from byline.nlp.pipeline import get_nlp, make_doc


@pytest.fixture(scope="module")
def nlp() -> Language:
    return get_nlp()


def reasons(nlp: Language, sentence: str) -> list[tuple[str, str]]:
    doc = nlp(make_doc(nlp, sentence, [(0, len(sentence))]))
    found = find_anonymity_reasons(doc, [(0, len(sentence))])
    for r in found:
        assert sentence[r.start : r.end] == r.text
    return [(r.text, sentence[r.covers[0] : r.covers[1]]) for r in found]


@pytest.mark.parametrize(
    ("sentence", "reason", "covered"),
    [
        (
            "The two officials and the politician all spoke on condition of anonymity because "
            "they were not authorized to talk to reporters.",
            "spoke on condition of anonymity because they were not authorized to talk to reporters",
            "The two officials and the politician all",
        ),
        (
            "A senior official, who spoke on condition of anonymity to discuss private talks, "
            "said the deal was close.",
            "spoke on condition of anonymity to discuss private talks",
            "A senior official, who ",
        ),
        (
            "Speaking on condition of anonymity, the official said the plan failed.",
            "Speaking on condition of anonymity",
            "the official",
        ),
        (
            "An aide who was not authorized to speak publicly said the talks collapsed.",
            "was not authorized to speak",
            "An aide who ",
        ),
        (
            "A diplomat, who asked not to be identified, said the vote slipped.",
            "asked not to be identified",
            "A diplomat, who ",
        ),
        (
            "The plan stalled, according to a senior aide who spoke on the condition of anonymity.",
            "spoke on the condition of anonymity",
            "a senior aide who ",
        ),
        (
            "The vote was close, said one lawyer involved in the case, who requested anonymity "
            "to speak candidly.",
            "requested anonymity to speak candidly",
            "one lawyer involved in the case, who ",
        ),
        (
            "It will pass, said a party member who backs the bill, asking for anonymity to "
            "speak freely.",
            "asking for anonymity to speak freely",
            "a party member who backs the bill",
        ),
        (
            "Two aides briefed reporters on background after the meeting.",
            "briefed reporters on background after the meeting",
            "Two aides",
        ),
    ],
)
def test_reason_span_and_coverage(nlp: Language, sentence: str, reason: str, covered: str) -> None:
    assert reasons(nlp, sentence) == [(reason, covered)]


def test_no_reason_in_plain_attribution(nlp: Language) -> None:
    assert reasons(nlp, "The minister said the named candidates would be identified soon.") == []
