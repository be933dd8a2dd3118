"""The Ray engine: the same reading and the same :func:`byline.analyze.analyze_many` as the
local engine, fanned out over a Ray cluster with Ray Data. Only the fan-out differs.

Pipeline (one Ray Data dataset, streamed):

1. The driver lists the input files (:func:`byline.readers.registry.iter_input_files`: names
   only, the corpus never passes through the driver) into a dataset of ``(path, given)`` rows.
2. ``map_batches(read_files)``: a task per file reads it with
   :func:`byline.readers.registry.read_inputs` (same readers, same sidecar rule) and yields its
   items in chunks of :data:`READ_CHUNK` as rows ``(is_error, item)`` (the item's JSON).
3. ``map_batches(Analyzer)`` over an actor pool of ``workers`` actors (1 CPU each): each actor
   loads spaCy once in ``__init__`` (:func:`byline.nlp.pipeline.get_nlp`) and, per batch of
   ``batch_size`` items, runs ``analyze_many`` and writes the results as Parquet shards
   (:mod:`byline.engines.shards`: articles with the schema derived from the model, and a shard
   of per-item errors), returning one small summary row per batch.
4. The driver sums the summary rows and writes ``manifest.json``.

Records are identical to the local engine's for the same input (test_ray_engine.py): paths
are read at their absolute location on the workers but recorded as given on the command line,
as the local engine records them. The output directory must be reachable by every worker
(shared file system, or an object-store URI that ``pyarrow.fs`` opens).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

from byline.engines.shards import write_batch, write_manifest
from byline.model import SCHEMA_VERSION, Document, ItemError, Metadata
from byline.readers.registry import iter_input_files

READ_CHUNK = 64
"""Items per block yielded by a read task (bounds a task's memory on a large WARC)."""
READ_CPUS = 0
"""CPUs reserved per read task: none, so that reading is never starved by the actors that hold
every CPU (reading is light next to parsing); at most ``workers`` read tasks run at once."""
MAX_READ_BLOCKS = 1000
"""Most blocks of the file list (a block's files are read one after another by one task)."""
OBJECT_STORE_BYTES = 256 * 1024**2
"""Object store size of a local Ray started here (blocks are small: JSON items and counts)."""


@dataclass
class RaySummary:
    """Counts of one Ray run: input ``files``, ``articles`` and ``errors`` written (reader and
    analysis errors), ``shards`` written (both kinds), ``workers`` (actors), and wall-clock
    ``startup_seconds`` (connecting to or starting Ray) apart from ``seconds`` (the pipeline:
    actor start-up with spaCy load, reading, analysis, writing); ``analyze_seconds`` and
    ``write_seconds`` are the actors' time in ``analyze_many`` and in writing shards, summed
    over actors (so they can exceed ``seconds``)."""

    files: int = 0
    articles: int = 0
    errors: int = 0
    shards: int = 0
    workers: int = 0
    startup_seconds: float = 0.0
    seconds: float = 0.0
    analyze_seconds: float = 0.0
    write_seconds: float = 0.0
    out: str = ""
    batches: list[str] = field(default_factory=list, repr=False)

    @property
    def articles_per_second(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0


def start_ray(
    address: str | None = None,
    num_cpus: int | None = None,
    object_store_memory: int = OBJECT_STORE_BYTES,
    quiet: bool = True,
) -> float:
    """Connect to Ray and return the seconds it took (0.0 when already connected).

    ``address``: ``"auto"`` (a cluster started on this node with ``ray start``), a
    ``ray://host:port`` client address, or ``None`` to start a local Ray here with ``num_cpus``
    CPUs (default: all) and a small object store, without the dashboard. ``quiet`` turns off
    Ray Data's progress bars and worker log forwarding. Raises ``ImportError`` without Ray,
    ``ConnectionError`` when the address cannot be reached.
    """
    import logging

    import ray

    if ray.is_initialized():
        return 0.0
    started = time.monotonic()
    common: dict[str, Any] = {"log_to_driver": not quiet, "logging_level": logging.WARNING}
    if address:
        ray.init(address=address, **common)
    else:
        ray.init(
            num_cpus=num_cpus,
            include_dashboard=False,
            object_store_memory=object_store_memory,
            **common,
        )
    if quiet:
        import ray.data

        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False
        context.enable_operator_progress_bars = False
        logging.getLogger("ray.data").setLevel(logging.WARNING)
    return time.monotonic() - started


def cluster_cpus() -> int:
    """CPUs of the connected Ray cluster (at least 1)."""
    import ray

    return max(1, int(ray.cluster_resources().get("CPU", 1)))


def _relabel(item: Document | ItemError, absolute: str, given: str) -> Document | ItemError:
    """Record the path as given on the command line, not as read on a worker."""
    if isinstance(item, ItemError):
        if item.path == absolute:
            item.path = given
    elif item.provenance.path == absolute:
        item.provenance.path = given
    return item


def read_files(batch: pa.Table, sidecar: dict[str, Metadata] | None) -> Iterator[pa.Table]:
    """Ray Data UDF: the items of the files of ``batch`` (columns ``path``, absolute, and
    ``given``), read with the registry's readers, as tables ``(is_error: bool, item: JSON)`` of
    at most :data:`READ_CHUNK` rows."""
    from byline.readers.registry import read_inputs

    rows: dict[str, list[Any]] = {"is_error": [], "item": []}
    for absolute, given in zip(
        batch.column("path").to_pylist(), batch.column("given").to_pylist(), strict=True
    ):
        for item in read_inputs([absolute], sidecar):
            item = _relabel(item, absolute, given)
            rows["is_error"].append(isinstance(item, ItemError))
            rows["item"].append(item.model_dump_json())
            if len(rows["item"]) >= READ_CHUNK:
                yield pa.table(rows)
                rows = {"is_error": [], "item": []}
    if rows["item"]:
        yield pa.table(rows)


class Analyzer:
    """Ray Data actor: loads spaCy once, then analyzes batches of items with
    :func:`byline.analyze.analyze_many` and writes each batch's results as shards under
    ``out``. Returns one row per batch: ``key, articles, errors, articles_shard,
    errors_shard, analyze_seconds, write_seconds`` (wall-clock seconds in this actor)."""

    def __init__(self, out: str, attribution: str = "model") -> None:
        from byline.nlp.pipeline import get_nlp
        from byline.nlp.tagger import THREADS_ENV, threads_from_env

        if threads_from_env() is None:
            os.environ[THREADS_ENV] = "1"  # one CPU per actor (num_cpus=1)
        get_nlp()
        self.out = out
        self.attribution = attribution

    def __call__(self, batch: pa.Table) -> pa.Table:
        from byline.analyze import analyze_many

        items: list[Document | ItemError] = [
            ItemError.model_validate_json(text) if is_error else Document.model_validate_json(text)
            for is_error, text in zip(
                batch.column("is_error").to_pylist(), batch.column("item").to_pylist(), strict=True
            )
        ]
        started = time.perf_counter()
        results = list(analyze_many(items, attribution=self.attribution))
        analyzed = time.perf_counter()
        written = write_batch(self.out, results)
        written["analyze_seconds"] = analyzed - started
        written["write_seconds"] = time.perf_counter() - analyzed
        return pa.Table.from_pylist([written])


ProgressCallback = Callable[[RaySummary], None]


def run_ray(
    inputs: list[str | Path],
    out: str | Path,
    workers: int | None = None,
    batch_size: int = 32,
    sidecar: dict[str, Metadata] | None = None,
    address: str | None = None,
    num_cpus: int | None = None,
    on_progress: ProgressCallback | None = None,
    attribution: str = "model",
) -> RaySummary:
    """Analyze ``inputs`` (files and directories of any reader format) on Ray into Parquet
    shards under ``out`` (layout: :mod:`byline.engines.shards`).

    ``workers`` analysis actors (default: every CPU of the cluster, less one when the cluster
    has more than one, left to reading); ``batch_size`` items per actor call and per shard;
    ``sidecar`` as :func:`byline.readers.registry.read_inputs` takes it; ``address`` and
    ``num_cpus`` as :func:`start_ray` takes them (Ray is started only when not yet connected).
    ``on_progress`` is called with the running summary after each batch; ``attribution`` is
    the method (:data:`byline.analyze.ATTRIBUTION_METHODS`). Never raises for a
    bad item (it becomes an error row); raises what Ray raises when a worker or the cluster
    fails.
    """
    import ray.data

    summary = RaySummary(startup_seconds=start_ray(address, num_cpus))
    started = time.monotonic()
    cpus = cluster_cpus()
    summary.workers = workers if workers and workers > 0 else max(1, cpus - (cpus > 1))
    text = str(out)
    summary.out = text if "://" in text else Path(text).resolve().as_posix()
    files = [
        {"path": os.path.abspath(path), "given": str(path)} for path in iter_input_files(inputs)
    ]
    summary.files = len(files)
    if files:
        dataset = (
            ray.data.from_items(files, override_num_blocks=min(len(files), MAX_READ_BLOCKS))
            .map_batches(
                read_files,
                batch_size=1,
                batch_format="pyarrow",
                fn_kwargs={"sidecar": sidecar},
                num_cpus=READ_CPUS,
                compute=ray.data.TaskPoolStrategy(size=summary.workers),
            )
            .map_batches(
                Analyzer,
                batch_size=batch_size,
                batch_format="pyarrow",
                fn_constructor_kwargs={"out": summary.out, "attribution": attribution},
                compute=ray.data.ActorPoolStrategy(size=summary.workers),
                num_cpus=1,
            )
        )
        for batch in dataset.iter_batches(batch_size=None, batch_format="pyarrow"):
            for row in batch.to_pylist():
                summary.articles += row["articles"]
                summary.errors += row["errors"]
                summary.shards += bool(row["articles_shard"]) + bool(row["errors_shard"])
                summary.analyze_seconds += row["analyze_seconds"]
                summary.write_seconds += row["write_seconds"]
                summary.batches.append(row["key"])
                summary.seconds = time.monotonic() - started
                if on_progress:
                    on_progress(summary)
    summary.seconds = time.monotonic() - started
    write_manifest(
        summary.out,
        {
            "schema_version": SCHEMA_VERSION,
            "inputs": [str(i) for i in inputs],
            "files": summary.files,
            "articles": summary.articles,
            "errors": summary.errors,
            "shards": summary.shards,
            "workers": summary.workers,
            "batch_size": batch_size,
            "attribution": attribution,
            "startup_seconds": round(summary.startup_seconds, 3),
            "analyze_seconds": round(summary.analyze_seconds, 3),
            "write_seconds": round(summary.write_seconds, 3),
            "seconds": round(summary.seconds, 3),
            "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        },
    )
    return summary
