"""The local engine: a process pool on this machine, bounded and in order.

The reading stays in the calling process and streams: items are grouped into chunks of
``chunk_size`` and at most ``2 * workers`` chunks are in flight, so memory does not grow with the
corpus. Each worker process loads spaCy once (:func:`byline.nlp.pipeline.get_nlp` is cached per
process; the pool's initializer loads it up front) and runs
:func:`byline.analyze.analyze_many` on its chunk. Results come back in input order.
Workers are started with ``forkserver`` (``byline.analyze`` preloaded in the server), never by
forking a process that may hold threads or an open database.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice

from byline.model import AnalyzedArticle, Document, ItemError

Item = Document | ItemError
Result = AnalyzedArticle | ItemError


def default_workers() -> int:
    """All cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _load_model() -> None:
    from byline.nlp.pipeline import get_nlp

    get_nlp()


def _analyze_chunk(chunk: list[Item]) -> list[Result]:
    from byline.analyze import analyze_many

    return list(analyze_many(chunk))


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def analyze_parallel(items: Iterable[Item], workers: int, chunk_size: int = 16) -> Iterator[Result]:
    """Analyze ``items`` with ``workers`` processes; ``workers <= 1`` analyzes in this process.

    Yields one result per item, in input order (an ``ItemError`` item passes through). A worker
    that dies (out of memory, killed) raises ``concurrent.futures.process.BrokenProcessPool``.
    """
    if workers <= 1:
        from byline.analyze import analyze_many

        yield from analyze_many(items)
        return
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["byline.analyze"])
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_load_model
    ) as pool:
        in_flight: deque[Future[list[Result]]] = deque()
        for chunk in _chunks(items, chunk_size):
            in_flight.append(pool.submit(_analyze_chunk, chunk))
            if len(in_flight) >= 2 * workers:
                yield from in_flight.popleft().result()
        while in_flight:
            yield from in_flight.popleft().result()
