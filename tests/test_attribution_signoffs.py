"""Rules for quotations signed with a dash and a name, and for quoted transcript lines.

Fixture texts are written for these tests; expected spans are worked out by hand.
"""

from __future__ import annotations

from attribution_helpers import extract, only, span


def test_quote_signed_on_the_same_line() -> None:
    text = (
        "Readers sent us their views.\n"
        "“The debate changed nothing for me. I still have no candidate.” ― Maria Lopez\n"
        "“He should apologize to every veteran in the country.”― Tom O'Neil"
    )
    atts = [a for a in extract(text) if a.cue is not None and a.cue.text == "―"]
    assert len(atts) == 2
    first, second = sorted(atts, key=lambda a: a.cue.start)
    assert first.source is not None and first.source.text == "Maria Lopez"
    assert first.content.spans == [
        span(text, "“The debate changed nothing for me. I still have no candidate.”")
    ]
    assert first.kind == "direct"
    assert second.source is not None and second.source.text == "Tom O'Neil"
    assert second.cue.spans == [span(text, "―", 1)]


def test_signed_quote_opened_with_a_closing_mark() -> None:
    # "”" typed for "“" at the start of the quote (an autocorrect slip) still opens it
    text = "Readers wrote in.\n\n”Fear. I am truly afraid he will win.” ― Edwin G. Monroy\n"
    att = only(extract(text), "―")
    assert att.source is not None and att.source.text == "Edwin G. Monroy"
    assert att.content.spans == [span(text, "”Fear. I am truly afraid he will win.”")]


def test_quote_signed_on_the_next_line() -> None:
    text = (
        "The candidates traded claims.\n\n"
        '"We will cut taxes for every family that works hard in this state."\n\n'
        "- Jane Carter.\n\n"
        "Carter repeated the promise later."
    )
    att = only(extract(text), "-")
    assert att.source is not None and att.source.text == "Jane Carter"
    assert att.content.spans == [
        span(text, '"We will cut taxes for every family that works hard in this state."')
    ]


def test_quote_ending_a_sentence_is_not_signed_by_the_name_after_the_dash() -> None:
    # A news digest: the reporter's name follows a quote that closes someone else's sentence.
    text = 'The mayor said the budget was "balanced and fair."--Kim Lee.\n\nNext item.'
    atts = extract(text)
    assert not [a for a in atts if a.cue is not None and a.cue.text in ("--", "-")]


def test_quoted_transcript_line_takes_the_speaker_label() -> None:
    text = (
        "A partial transcript follows.\n\n"
        '"HOST: Governor, will you support the new budget bill when it comes up next week?\n\n'
        '"GOVERNOR: I have said many times that I will sign any bill that balances the books.'
    )
    atts = [a for a in extract(text) if a.cue is not None and a.cue.text == ":"]
    assert [a.source.text for a in atts if a.source] == ["HOST", "GOVERNOR"]
    host = atts[0]
    # PolNeAR convention: the transcript's quote marks are not part of the speaker's words.
    assert host.content.spans == [
        span(text, "Governor, will you support the new budget bill when it comes up next week?")
    ]
    assert host.parent is None
