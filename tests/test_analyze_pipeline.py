"""The default method pipelines batches (attribution of one batch in a worker thread while the
next is parsed): results must equal one-article-at-a-time analysis, in input order, and a
consumer that stops early must not leave the worker running."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from byline.analyze import analyze, analyze_many
from byline.model import AnalyzedArticle, Document, ItemError


def _documents(polnear_dir: Path, n: int) -> list[Document]:
    paths = sorted((polnear_dir / "dev" / "text").glob("*.txt"))[:n]
    return [Document(doc_id=p.stem, text=p.read_text(encoding="utf-8")) for p in paths]


def test_pipelined_batches_give_the_same_records_as_one_by_one(polnear_dir: Path) -> None:
    documents = _documents(polnear_dir, 5)
    items: list[Document | ItemError] = [*documents[:2], ItemError(path="bad.txt", reason="x")]
    items += documents[2:]
    streamed = list(analyze_many(items, batch_size=2))  # three batches in flight one after another
    assert [getattr(r, "doc_id", None) for r in streamed] == [
        *[d.doc_id for d in documents[:2]],
        None,
        *[d.doc_id for d in documents[2:]],
    ]
    assert isinstance(streamed[2], ItemError) and streamed[2].path == "bad.txt"
    articles = [r for r in streamed if isinstance(r, AnalyzedArticle)]
    for document, article in zip(documents, articles, strict=True):
        assert article.model_dump() == analyze(document).model_dump(), document.doc_id
        assert article.attributions, document.doc_id  # PolNeAR articles all have attributions


def test_a_consumer_that_stops_early_leaves_no_worker_thread(polnear_dir: Path) -> None:
    stream = analyze_many(_documents(polnear_dir, 4), batch_size=1)
    first = next(stream)
    assert isinstance(first, AnalyzedArticle)
    stream.close()
    assert not [t for t in threading.enumerate() if t.name.startswith("byline-attribution")]


def test_items_read_before_the_input_fails_are_analyzed_first(polnear_dir: Path) -> None:
    documents = _documents(polnear_dir, 5)

    def failing_input():  # type: ignore[no-untyped-def]
        yield from documents
        raise OSError("feed connection lost")

    for method in ("model", "rules"):
        got: list[str] = []
        stream = analyze_many(failing_input(), batch_size=2, attribution=method)
        with pytest.raises(OSError, match="feed connection lost"):
            for result in stream:
                got.append(result.doc_id)  # type: ignore[union-attr]
        assert got == [d.doc_id for d in documents], method


@pytest.mark.parametrize("size", [0, -1])
def test_batch_size_under_one_is_refused(size: int) -> None:
    with pytest.raises(ValueError, match="batch_size must be at least 1"):
        list(analyze_many([Document(doc_id="a", text="He said so.")], batch_size=size))
