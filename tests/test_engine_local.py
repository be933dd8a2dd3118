"""The local engine: results in input order, and a worker that dies costs only its item."""

from __future__ import annotations

import os

from byline.analyze import content_hash
from byline.engines.local import DIED, analyze_parallel
from byline.model import AnalyzedArticle, Document, ItemError, Provenance


def stub_chunk(chunk: list) -> list:  # type: ignore[type-arg]
    """Stands in for analysis (no spaCy): a document whose text starts with CRASH kills the
    worker process, as the kernel's out-of-memory killer would."""
    results = []
    for item in chunk:
        if isinstance(item, ItemError):
            results.append(item)
        elif item.text.startswith("CRASH"):
            os._exit(3)
        else:
            results.append(AnalyzedArticle(doc_id=item.doc_id, content_hash=content_hash(item.text),
                                           text=item.text, metadata=item.metadata))  # fmt: skip
    return results


def _docs(n: int, crash_at: int | None) -> list:  # type: ignore[type-arg]
    items: list = [
        Document(
            doc_id=f"d{i}",
            text=("CRASH " if i == crash_at else "") + f"Story {i}, the clerk said.",
            provenance=Provenance(path="feed.jsonl", line=i + 1),
        )
        for i in range(n)
    ]
    items.insert(4, ItemError(path="feed.jsonl", line=99, reason="not JSON"))
    return items


def test_results_in_input_order() -> None:
    items = _docs(9, crash_at=None)
    results = list(analyze_parallel(items, workers=2, chunk_size=2, analyze_chunk=stub_chunk,
                                    initializer=None))  # fmt: skip
    assert [getattr(r, "doc_id", None) for r in results] == [
        getattr(i, "doc_id", None) for i in items
    ]
    assert isinstance(results[4], ItemError) and results[4].reason == "not JSON"


def test_a_dying_worker_costs_only_its_item() -> None:
    items = _docs(9, crash_at=5)
    results = list(analyze_parallel(items, workers=2, chunk_size=3, analyze_chunk=stub_chunk,
                                    initializer=None))  # fmt: skip
    assert len(results) == len(items)
    failed = [r for r in results if isinstance(r, ItemError)]
    assert [(f.line, f.reason) for f in failed] == [(99, "not JSON"), (6, DIED)]
    stored = [r.doc_id for r in results if isinstance(r, AnalyzedArticle)]
    assert stored == [f"d{i}" for i in range(9) if i != 5]


def thread_setting_chunk(chunk: list) -> list:  # type: ignore[type-arg]
    """Reports, as each item's error reason, the tagger threads its worker process was given."""
    return [
        ItemError(path="env", reason=os.environ.get("BYLINE_TAGGER_THREADS", "")) for _ in chunk
    ]


def test_workers_share_the_cores_between_their_taggers(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from byline.engines import local

    monkeypatch.delenv("BYLINE_TAGGER_THREADS", raising=False)
    cores = local.default_workers()
    items = _docs(4, crash_at=None)
    results = list(
        analyze_parallel(
            items, workers=2, chunk_size=2, analyze_chunk=thread_setting_chunk, initializer=None
        )
    )
    assert {r.reason for r in results if r.path == "env"} == {str(max(1, cores // 2))}
