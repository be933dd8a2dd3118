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

import contextlib
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from itertools import islice

from byline.model import AnalyzedArticle, Document, ItemError

Item = Document | ItemError
Result = AnalyzedArticle | ItemError


def default_workers() -> int:
    """All cores this process may run on."""
    from byline.nlp.tagger import available_cores

    return available_cores()


def _load_model() -> None:
    from byline.nlp.pipeline import get_nlp

    get_nlp()


def _analyze_chunk(chunk: list[Item], attribution: str = "model") -> list[Result]:
    from byline.analyze import analyze_many

    return list(analyze_many(chunk, attribution=attribution))


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


ChunkFunction = Callable[[list[Item]], list[Result]]
DIED = "worker process died while analyzing this item (out of memory, or a crash)"


OWNER_POLL_SECONDS = 1.0
"""How often a worker checks that the process that started its pool is still alive."""


def _watch_owner(owner: int, poll: float) -> None:
    while True:
        time.sleep(poll)
        try:
            os.kill(owner, 0)
        except ProcessLookupError:
            break
        except PermissionError:  # alive, another user's (not ours to signal)
            continue
    # The owner was killed (kill -9: no shutdown ran). The pool's queues are never closed, so
    # this worker and the forkserver that forked it would wait forever, each holding a spaCy
    # model. The forkserver serves only the dead owner: end it too, then this worker.
    server = os.getppid()
    if server not in (owner, 1):
        with contextlib.suppress(OSError):
            os.kill(server, signal.SIGTERM)
    os._exit(1)


def _worker_start(
    owner: int, poll: float, workers: int, initializer: Callable[[], None] | None
) -> None:  # pragma: no cover (runs in the worker)
    from byline.nlp.tagger import THREADS_ENV, threads_from_env

    threading.Thread(target=_watch_owner, args=(owner, poll), daemon=True).start()
    # the workers share the cores: the tagger of each gets its share, not all of them
    if threads_from_env() is None:
        os.environ[THREADS_ENV] = str(max(1, default_workers() // workers))
    if initializer is not None:
        initializer()


def _pool(workers: int, initializer: Callable[[], None] | None) -> ProcessPoolExecutor:
    """A pool of ``workers`` forkserver processes, each running ``initializer`` once, and each
    exiting by itself (with its forkserver) when this process dies without shutting the pool
    down (kill -9): see :func:`_watch_owner`."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["byline.analyze"])
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_worker_start,
        initargs=(os.getpid(), OWNER_POLL_SECONDS, workers, initializer),
    )


def _died(item: Item) -> Result:
    if isinstance(item, ItemError):
        return item
    where = item.provenance
    return ItemError(
        path=where.path or item.doc_id, line=where.line, record_offset=where.record_offset,
        reason=DIED,
    )  # fmt: skip


def _isolated(
    chunk: list[Item], analyze_chunk: ChunkFunction, initializer: Callable[[], None] | None
) -> list[Result]:
    """Re-run a chunk whose pool broke in a pool of its own; if that breaks too, run its items
    one by one, so only the item that kills a worker is recorded as failed."""
    with _pool(1, initializer) as pool:
        try:
            return pool.submit(analyze_chunk, chunk).result()
        except BrokenProcessPool:
            pass
    results: list[Result] = []
    for item in chunk:
        with _pool(1, initializer) as pool:
            try:
                results += pool.submit(analyze_chunk, [item]).result()
            except BrokenProcessPool:
                results.append(_died(item))
    return results


def analyze_parallel(
    items: Iterable[Item],
    workers: int,
    chunk_size: int = 16,
    *,
    attribution: str = "model",
    analyze_chunk: ChunkFunction | None = None,
    initializer: Callable[[], None] | None = _load_model,
) -> Iterator[Result]:
    """Analyze ``items`` with ``workers`` processes; ``workers <= 1`` analyzes in this process.

    Yields one result per item, in input order (an ``ItemError`` item passes through). A worker
    that dies (killed for memory, a crash in native code) does not end the run: the chunks that
    were in flight are re-run in isolation and the item that kills a worker becomes an
    ``ItemError`` (:data:`DIED`). ``attribution`` is the method
    (:data:`byline.analyze.ATTRIBUTION_METHODS`). ``analyze_chunk`` (default: ``analyze_many``
    with ``attribution`` over the chunk) and ``initializer`` (run once per worker; loads spaCy)
    are picklable, replaceable for tests.
    """
    if workers <= 1:
        from byline.analyze import analyze_many

        yield from analyze_many(items, attribution=attribution)
        return
    if analyze_chunk is None:
        analyze_chunk = partial(_analyze_chunk, attribution=attribution)
    pool = _pool(workers, initializer)
    in_flight: deque[tuple[list[Item], Future[list[Result]]]] = deque()

    def oldest() -> list[Result]:
        nonlocal pool
        chunk, future = in_flight.popleft()
        try:
            return future.result()
        except BrokenProcessPool:
            pool.shutdown(wait=True, cancel_futures=True)
            pending = [c for c, _ in in_flight]
            in_flight.clear()
            results = _isolated(chunk, analyze_chunk, initializer)
            pool = _pool(workers, initializer)
            for other in pending:
                in_flight.append((other, pool.submit(analyze_chunk, other)))
            return results

    try:
        for chunk in _chunks(items, chunk_size):
            in_flight.append((chunk, pool.submit(analyze_chunk, chunk)))
            if len(in_flight) >= 2 * workers:
                yield from oldest()
        while in_flight:
            yield from oldest()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
