"""Throughput of the Ray engine with 1 and 2 workers against the local engine, same input.

Runs, in this order, on the same files: the local engine (``analyze_parallel``) with 1 worker
(in-process) and with ``--workers`` processes, then starts a local Ray (timed on its own: the
start-up) and runs the Ray engine (``run_ray``: read in tasks, analyze in an actor pool, write
Parquet shards) with 1 and ``--workers`` actors. Every timed run includes loading spaCy in its
workers (the local 1-worker run loads it in this process, first), so each figure is what a
user waits for, start-up of Ray apart; the time to the first result (workers started, spaCy
loaded, first batch analyzed) is printed beside it, as fixed cost per run. Prints articles/s
per run and the ratios Ray/local at equal workers and 2-worker/1-worker speed-ups; ``--json``
also writes them.

The local engine does not write anything; the Ray runs also write their shards (zstd Parquet,
a few ms per batch). On a machine shared with other jobs the figures are noisy: compare ratios
measured in the same run.

Usage: python benchmarks/ray_throughput.py [DIR] [--limit N] [--workers 2] [--cpus 2]
       [--batch-size 8] [--json FILE]
DIR defaults to ../shared/data/polnear/dev/text.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from byline.engines.local import analyze_parallel
from byline.engines.ray_engine import RaySummary, run_ray, start_ray
from byline.model import ItemError
from byline.readers.registry import iter_input_files, read_inputs

DEFAULT_DIR = Path(__file__).resolve().parents[1].parent / "shared/data/polnear/dev/text"


Timing = tuple[float, float, int, dict[str, float]]
"""(seconds in all, seconds to the first result, articles written, other figures)."""


def _local(files: list[Path], workers: int, batch_size: int) -> Timing:
    started = time.perf_counter()
    first = 0.0
    articles = 0
    for result in analyze_parallel(read_inputs(files), workers, chunk_size=batch_size):
        first = first or time.perf_counter() - started
        articles += not isinstance(result, ItemError)
    return time.perf_counter() - started, first, articles, {}


def _ray(files: list[Path], workers: int, batch_size: int) -> Timing:
    started = time.perf_counter()
    first: list[float] = []

    def progress(_: RaySummary) -> None:
        if not first:
            first.append(time.perf_counter() - started)

    with tempfile.TemporaryDirectory(prefix="byline-ray-bench-") as out:
        summary = run_ray(files, out, workers, batch_size, on_progress=progress)  # type: ignore[arg-type]
    actors = {"analyze_seconds": summary.analyze_seconds, "write_seconds": summary.write_seconds}
    return summary.seconds, first[0] if first else summary.seconds, summary.articles, actors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--limit", type=int, default=0, help="only the first N files")
    parser.add_argument("--workers", type=int, default=2, help="the larger worker count")
    parser.add_argument("--cpus", type=int, default=2, help="CPUs of the local Ray")
    parser.add_argument(
        "--batch-size", type=int, default=8, help="items per actor call / local chunk"
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args()
    if not args.directory.is_dir():
        parser.error(f"no such directory: {args.directory} (../shared absent? give a DIR)")
    files = list(iter_input_files([args.directory]))
    if args.limit:
        files = files[: args.limit]

    runs: dict[str, dict[str, float]] = {}

    def record(name: str, timing: Timing) -> None:
        seconds, first, articles, extra = timing
        runs[name] = {"seconds": seconds, "first_result_seconds": first, "articles": articles}
        runs[name].update(rate=articles / seconds, **extra)
        print(
            f"{name:<10} {articles:4d} articles {seconds:7.2f} s {articles / seconds:6.2f} /s"
            f"   first result after {first:6.2f} s (workers start, load spaCy, first batch)"
        )
        if extra:
            print(
                f"{'':10} actors: {extra['analyze_seconds']:.2f} s in analyze_many, "
                f"{extra['write_seconds']:.2f} s writing shards (summed over actors)"
            )

    print(f"input: {len(files)} files from {args.directory}")
    record("local x1", _local(files, 1, args.batch_size))
    record(f"local x{args.workers}", _local(files, args.workers, args.batch_size))
    startup = start_ray(num_cpus=args.cpus)
    print(f"Ray start-up {startup:7.2f} s (local Ray, {args.cpus} CPUs; not in the rates)")
    record("ray x1", _ray(files, 1, args.batch_size))
    record(f"ray x{args.workers}", _ray(files, args.workers, args.batch_size))

    w = args.workers
    ratios = {
        "ray x1 / local x1": runs["ray x1"]["rate"] / runs["local x1"]["rate"],
        f"ray x{w} / local x1": runs[f"ray x{w}"]["rate"] / runs["local x1"]["rate"],
        f"ray x{w} / local x{w}": runs[f"ray x{w}"]["rate"] / runs[f"local x{w}"]["rate"],
        f"ray x{w} / ray x1": runs[f"ray x{w}"]["rate"] / runs["ray x1"]["rate"],
        f"local x{w} / local x1": runs[f"local x{w}"]["rate"] / runs["local x1"]["rate"],
    }
    for name, value in ratios.items():
        print(f"{name:<22} {value:6.2f}x")
    if args.json:
        payload = {"files": len(files), "ray_startup_seconds": startup, "runs": runs}
        payload["ratios"] = ratios
        args.json.write_text(json.dumps(payload, indent=2) + "\n")


if __name__ == "__main__":
    main()
