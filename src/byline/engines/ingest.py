"""Ingest: read inputs, skip what the store already holds, analyze the rest, store results.

Streaming and resumable: reader items are checked against the store by content hash in windows
of :data:`LOOKAHEAD` items *before* analysis (so a resumed run only pays for reading what is
already stored), the rest is analyzed by an engine, and results are written in transactions of
``batch_size`` (see :class:`byline.store.Store` for identity and crash safety).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from byline.analyze import content_hash
from byline.engines.local import analyze_parallel
from byline.model import AnalyzedArticle, Document, ItemError, Metadata
from byline.readers.registry import read_inputs
from byline.store import Store

LOOKAHEAD = 256
"""Items read ahead per store lookup of content hashes."""


@dataclass
class IngestSummary:
    """Counts of one ingest run: items ``read`` (documents and reader errors), ``skipped``
    (text already stored before the run reached it), ``stored`` (new articles), ``duplicates``
    (same text met again within the run), ``failed`` (errors recorded, reading or analysis),
    and wall-clock ``seconds``."""

    run_id: int = 0
    read: int = 0
    skipped: int = 0
    stored: int = 0
    duplicates: int = 0
    failed: int = 0
    seconds: float = 0.0
    failures: list[ItemError] = field(default_factory=list, repr=False)

    @property
    def articles_per_second(self) -> float:
        return self.stored / self.seconds if self.seconds else 0.0


ProgressCallback = Callable[[IngestSummary], None]


def _skip_stored(
    items: Iterable[Document | ItemError], store: Store, summary: IngestSummary
) -> Iterator[Document | ItemError]:
    iterator = iter(items)
    while window := list(islice(iterator, LOOKAHEAD)):
        hashes = {
            id(item): content_hash(item.text) for item in window if isinstance(item, Document)
        }
        known = store.known_hashes(set(hashes.values()))
        for item in window:
            summary.read += 1
            if isinstance(item, Document) and hashes[id(item)] in known:
                summary.skipped += 1
                continue
            yield item


def ingest(
    inputs: list[str | Path],
    store: Store,
    workers: int = 1,
    batch_size: int = 32,
    sidecar: dict[str, Metadata] | None = None,
    on_progress: ProgressCallback | None = None,
    keep_failures: int = 0,
    attribution: str = "model",
) -> IngestSummary:
    """Ingest ``inputs`` (files and directories of any reader format) into ``store``.

    ``workers`` processes analyze (1: in this process); ``batch_size`` results per transaction;
    ``on_progress`` is called with the running summary after each batch; the first
    ``keep_failures`` errors are kept on the summary for display; ``attribution`` is the method
    (:data:`byline.analyze.ATTRIBUTION_METHODS`). Never raises for a bad item.
    """
    started = time.monotonic()
    summary = IngestSummary(run_id=store.start_run([str(i) for i in inputs], workers))
    items = _skip_stored(read_inputs(inputs, sidecar), store, summary)
    batch: list[AnalyzedArticle | ItemError] = []

    def flush() -> None:
        counts = store.write(batch, summary.run_id)
        summary.stored += counts.stored
        summary.duplicates += counts.duplicates
        summary.failed += counts.errors
        for result in batch:
            if isinstance(result, ItemError) and len(summary.failures) < keep_failures:
                summary.failures.append(result)
        batch.clear()
        summary.seconds = time.monotonic() - started
        store.update_run(summary.run_id, **_counters(summary))
        if on_progress:
            on_progress(summary)

    chunk_size = max(1, min(batch_size, 16))
    for result in analyze_parallel(items, workers, chunk_size, attribution=attribution):
        batch.append(result)
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    summary.seconds = time.monotonic() - started
    store.update_run(summary.run_id, finished=True, **_counters(summary))
    return summary


def _counters(summary: IngestSummary) -> dict[str, int]:
    return {
        "read": summary.read,
        "skipped": summary.skipped,
        "stored": summary.stored,
        "failed": summary.failed,
    }
