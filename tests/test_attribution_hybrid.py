"""The default method's glue: rule evidence for the tagger and the merge with nested rules.

Attributions are built by hand over a written sentence; expected values are worked out by hand.
"""

from __future__ import annotations

import re

import numpy as np
from attribution_helpers import span

from byline.model import Attribution, TextSpan
from byline.nlp.anonymity import AnonymityReason
from byline.nlp.attribution_hybrid import combine, drop_anonymity_statements, restore_rule_cues
from byline.nlp.tagger import LABELS, Words, rule_evidence

TEXT = "Angered, Kadhimi asked Tehran to act, two officials said."
L = {lab: i for i, lab in enumerate(LABELS)}


def _span(piece: str) -> TextSpan:
    return TextSpan.from_offsets(TEXT, [span(TEXT, piece)])


def _att(ident: str, source: str, cue: str, content: str, parent: str | None = None) -> Attribution:
    return Attribution(
        id=ident,
        kind="indirect",
        source=_span(source),
        cue=_span(cue),
        content=_span(content),
        parent=parent,
    )


OUTER = _att("A2", "two officials", "said", "Angered, Kadhimi asked Tehran to act")
INNER = _att("A1", "Kadhimi", "asked", "Tehran to act", parent="A2")


def _words() -> Words:
    offsets = [(m.start(), m.end()) for m in re.finditer(r"\w+|[^\w\s]", TEXT)]
    return Words(offsets, list(range(len(offsets))), [i == 0 for i in range(len(offsets))])


def test_rule_evidence_marks_roles_with_b_on_first_word() -> None:
    words = _words()
    out = rule_evidence(words, [OUTER, INNER], (3.0, 2.0, 1.0))
    assert out.shape == (len(words), len(LABELS))
    text_of = [TEXT[s:e] for s, e in words.offsets]
    two, officials, said = text_of.index("two"), text_of.index("officials"), text_of.index("said")
    assert out[two, L["B-SRC"]] == 3.0 and out[officials, L["I-SRC"]] == 3.0
    assert out[said, L["B-CUE"]] == 2.0
    # content "Angered, Kadhimi asked Tehran to act": words 0..6 (comma included)
    assert out[0, L["B-CON"]] == 1.0
    assert all(out[k, L["I-CON"]] == 1.0 for k in range(1, 7))
    # the nested attribution (parent set) gives no evidence: "asked" is content only
    asked = text_of.index("asked")
    assert out[asked, L["B-CUE"]] == 0.0 and out[asked, L["I-CUE"]] == 0.0
    # nothing else is touched: the final "." and the O column stay zero
    assert not out[-1].any() and not out[:, L["O"]].any()
    assert float(out.sum()) == 3.0 * 2 + 2.0 + 1.0 * 7


def test_rule_evidence_with_zero_weights_is_zero() -> None:
    assert not rule_evidence(_words(), [OUTER], (0.0, 0.0, 0.0)).any()


def test_combine_adds_nested_rule_attribution_with_parent() -> None:
    tagged = [OUTER.model_copy(update={"id": "A1", "parent": None})]
    merged = combine(tagged, [INNER, OUTER])
    assert [(a.id, a.cue.text, a.parent) for a in merged] == [
        ("A1", "asked", "A2"),
        ("A2", "said", None),
    ]


def test_combine_adds_the_enclosing_rule_attribution_the_tagger_missed() -> None:
    # The tagger took the inner reading only; the rules' outer attribution holds its cue.
    tagged = [INNER.model_copy(update={"id": "A1", "parent": None})]
    merged = combine(tagged, [INNER, OUTER])
    assert [(a.cue.text, a.source.text, a.parent) for a in merged] == [
        ("asked", "Kadhimi", "A2"),
        ("said", "two officials", None),
    ]


def test_combine_keeps_tagged_spans_when_the_rules_share_the_cue() -> None:
    tagged_outer = _att("A1", "two officials", "said", "Kadhimi asked Tehran to act")
    merged = combine([tagged_outer], [OUTER])
    assert len(merged) == 1
    assert merged[0].content.text == "Kadhimi asked Tehran to act"


def test_combine_of_nothing_is_nothing() -> None:
    assert combine([], []) == []
    assert np.array_equal(rule_evidence(_words(), [], (1.0, 1.0, 1.0)), np.zeros((12, 7)))


def _tags(roles: dict[str, str]) -> list[int]:
    """Label ids over ``_words()``: the words of each ``{piece: role}`` entry get B-/I-role."""
    words = _words()
    tags = [L["O"]] * len(words)
    for piece, role in roles.items():
        hit = words.covering([span(TEXT, piece)])
        tags[hit[0]] = L["B-" + role]
        for k in hit[1:]:
            tags[k] = L["I-" + role]
    return tags


def test_restore_rule_cues_gives_the_cue_when_source_and_content_agree() -> None:
    content = "Angered, Kadhimi asked Tehran to act"
    tags = _tags({content: "CON", "two officials": "SRC"})  # "said" left O
    restored = restore_rule_cues(tags, _words(), [OUTER, INNER], LABELS)
    said = [TEXT[s:e] for s, e in _words().offsets].index("said")
    assert restored == [*tags[:said], L["B-CUE"], *tags[said + 1 :]]
    assert tags[said] == L["O"]  # the input list is not changed


def test_restore_rule_cues_leaves_tags_that_disagree() -> None:
    words = _words()
    # the content is cut short: the tagger does not agree with the rule
    short = _tags({"Tehran to act": "CON", "two officials": "SRC"})
    assert restore_rule_cues(short, words, [OUTER], LABELS) == short
    # no source tagged
    sourceless = _tags({"Angered, Kadhimi asked Tehran to act": "CON"})
    assert restore_rule_cues(sourceless, words, [OUTER], LABELS) == sourceless
    # the tagger gave the cue word another role
    other = _tags({"Angered, Kadhimi asked Tehran to act": "CON", "two officials said": "SRC"})
    assert restore_rule_cues(other, words, [OUTER], LABELS) == other
    # nested rule attributions are never restored
    inner = _tags({"Tehran to act": "CON", "Kadhimi": "SRC"})
    assert restore_rule_cues(inner, words, [INNER], LABELS) == inner


def test_drop_anonymity_statements_keeps_attributions_outside_the_reason() -> None:
    text = "Two engineers said it was late. They spoke on condition of anonymity because of rules."
    reason_text = "spoke on condition of anonymity because of rules"
    start = text.index(reason_text)
    reason = AnonymityReason(reason_text, start, start + len(reason_text), (0, 13))

    def att(ident: str, cue: str, content: str) -> Attribution:
        return Attribution(
            id=ident,
            kind="indirect",
            cue=TextSpan.from_offsets(text, [span(text, cue)]),
            content=TextSpan.from_offsets(text, [span(text, content)]),
        )

    said = att("A1", "said", "it was late")
    statement = att("A2", "spoke on condition of", "because of rules")
    assert drop_anonymity_statements([said, statement], [reason]) == [said]
    assert drop_anonymity_statements([said, statement], []) == [said, statement]
    # content outside the reason: a real attribution whose cue phrase mentions anonymity
    outside = att("A3", "spoke on condition of", "it was late")
    assert drop_anonymity_statements([outside], [reason]) == [outside]
