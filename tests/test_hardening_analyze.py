"""Hostile articles at analysis: too long for the parser, or a parse that raises, cost one item
with a clear reason, never the batch."""

from __future__ import annotations

import pytest

from byline.analyze import analyze_many, content_hash
from byline.model import AnalyzedArticle, Document, ItemError, Provenance
from byline.nlp.pipeline import get_nlp

SHORT = '"We will reopen the bridge," said Mayor Ann Lee.\n'


def test_text_over_the_parser_limit_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    nlp = get_nlp()
    monkeypatch.setattr(nlp, "max_length", 200)  # stands for spaCy's 1,000,000 characters
    long_text = "word " * 60  # 300 characters, one line, no period
    items = [
        Document(doc_id="long", text=long_text, provenance=Provenance(path="long.txt")),
        Document(doc_id="short", text=SHORT, provenance=Provenance(path="short.txt")),
    ]
    error, article = analyze_many(items)
    assert isinstance(error, ItemError) and error.path == "long.txt"
    assert error.reason == "article too long to analyze (300 characters; the parser's limit is 200)"
    assert isinstance(article, AnalyzedArticle) and article.doc_id == "short"


def test_a_batch_parse_that_raises_costs_no_article(monkeypatch: pytest.MonkeyPatch) -> None:
    nlp = get_nlp()

    def broken_pipe(*args: object, **kwargs: object) -> object:
        raise RuntimeError("batch parse failed")

    monkeypatch.setattr(nlp, "pipe", broken_pipe)
    items = [Document(doc_id=f"d{i}", text=SHORT.replace("Ann", f"Ann{i}")) for i in range(3)]
    results = list(analyze_many(items))
    assert [type(r).__name__ for r in results] == ["AnalyzedArticle"] * 3
    assert [r.doc_id for r in results] == ["d0", "d1", "d2"]  # type: ignore[union-attr]


def test_content_hash_of_text_with_a_lone_surrogate_does_not_raise() -> None:
    assert len(content_hash("bad \ud800")) == 64
    assert content_hash("plain") == content_hash("plain")
