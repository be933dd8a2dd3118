"""Load the Parquet shards of a distributed run into the SQLite store.

Idempotent as ingest is: articles go through :meth:`byline.store.Store.write` (``INSERT OR
IGNORE`` keyed by content hash), so loading the same directory twice, or two directories that
share articles, stores each text once; errors are keyed by ``(path, line, record_offset,
reason)`` and a repeated one updates its ``last_run``. Errors are loaded before articles, so an
article stored by this load resolves an open error at the same input position (the store's
rule). Each batch is one transaction; the load is recorded as a run in the ``runs`` table.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TypeVar

from byline.engines.shards import iter_articles, iter_errors, list_shards
from byline.store import Store

T = TypeVar("T")


@dataclass
class LoadSummary:
    """Counts of one load: ``shards`` read (both kinds), ``articles`` read, of which ``stored``
    (new) and ``duplicates`` (text already in the store), ``errors`` recorded, wall-clock
    ``seconds``, and the store's ``run_id`` for this load."""

    run_id: int = 0
    shards: int = 0
    articles: int = 0
    stored: int = 0
    duplicates: int = 0
    errors: int = 0
    seconds: float = 0.0


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def load_shards(
    out: str | Path,
    store: Store,
    batch_size: int = 200,
    on_progress: Callable[[LoadSummary], None] | None = None,
) -> LoadSummary:
    """Load every shard under ``out`` (layout: :mod:`byline.engines.shards`) into ``store``,
    ``batch_size`` records per transaction. Raises ``ShardError`` (a ``ValueError``) when ``out``
    is missing or holds a shard of another schema; batches committed before that stay stored."""
    started = time.monotonic()
    summary = LoadSummary(
        shards=len(list_shards(out, "articles")) + len(list_shards(out, "errors")),
        run_id=store.start_run([str(out)]),
    )

    def progress() -> None:
        summary.seconds = time.monotonic() - started
        store.update_run(
            summary.run_id,
            read=summary.articles + summary.errors,
            skipped=summary.duplicates,
            stored=summary.stored,
            failed=summary.errors,
        )
        if on_progress:
            on_progress(summary)

    for errors in _batches(iter_errors(out), batch_size):
        summary.errors += store.write(errors, summary.run_id).errors
        progress()
    for articles in _batches(iter_articles(out), batch_size):
        counts = store.write(articles, summary.run_id)
        summary.articles += len(articles)
        summary.stored += counts.stored
        summary.duplicates += counts.duplicates
        progress()
    summary.seconds = time.monotonic() - started
    store.update_run(summary.run_id, finished=True)
    return summary
