"""Ingest throughput: `byline ingest` with 1 and 2 workers against bare spaCy ``nlp.pipe``.

Usage::

    PYTHONPATH=src python benchmarks/ingest_throughput.py [INPUT_DIR] [--copies K]

INPUT_DIR defaults to the PolNeAR dev texts in ../shared (else the test fixtures). The texts are
written once to a temporary JSONL corpus (``--copies K`` repeats each text K times, each copy
with a distinct last line so none is skipped as already stored). Each configuration runs in its
own fresh process:

- ``spacy``: ``get_nlp()`` then ``list(nlp.pipe(texts, batch_size=16))``; the time excludes the
  model load (the floor any spaCy-based tool pays per article);
- ``ingest-1`` / ``ingest-2``: :func:`byline.engines.ingest.ingest` into an empty database, timed
  end to end (reading, hashing, worker start-up and model loads, analysis, SQLite writes).

Printed: articles/s for each and the ratios ingest / spaCy; CPU seconds per article (this
process plus its pool workers, sampled from /proc; less sensitive than wall time to other load on
the machine) and its ratio to spaCy's; peak resident memory (ru_maxrss of
the process, and the largest ``VmHWM`` of its descendants, i.e. a pool worker), in MiB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLNEAR_DEV = ROOT / ".." / "shared" / "data" / "polnear" / "dev" / "text"
FIXTURES = ROOT / "tests" / "fixtures" / "corpus"


class DescendantPeak(threading.Thread):
    """Samples, every 0.2 s, the peak resident memory (``VmHWM``, Linux /proc) of every
    descendant of this process: the pool workers are children of the forkserver, not of this
    process, so ``RUSAGE_CHILDREN`` does not see them."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_kib = 0
        self.cpu_ticks: dict[int, int] = {}
        self.stop = threading.Event()

    def _descendants(self) -> list[int]:
        parents: dict[int, int] = {}
        ticks: dict[int, int] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                    parents[int(entry.name)] = int(fields[1])
                    ticks[int(entry.name)] = int(fields[11]) + int(fields[12])  # utime + stime
                except (OSError, IndexError, ValueError):
                    continue
        found, frontier = [], [os.getpid()]
        while frontier:
            parent = frontier.pop()
            children = [pid for pid, ppid in parents.items() if ppid == parent]
            found += children
            frontier += children
        for pid in found:
            self.cpu_ticks[pid] = max(self.cpu_ticks.get(pid, 0), ticks.get(pid, 0))
        return found

    def run(self) -> None:
        while not self.stop.wait(0.2):
            for pid in self._descendants():
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                for line in status.splitlines():
                    if line.startswith("VmHWM:"):
                        self.peak_kib = max(self.peak_kib, int(line.split()[1]))


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _peak_mib(sampler: DescendantPeak) -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    sampler.stop.set()
    return own, max(children, sampler.peak_kib / 1024)


def _child(mode: str, corpus: Path, db: Path) -> dict:
    sampler = DescendantPeak()
    sampler.start()
    if mode == "spacy":
        from byline.nlp.pipeline import get_nlp

        texts = [json.loads(line)["text"] for line in corpus.open(encoding="utf-8")]
        nlp = get_nlp()
        start, cpu = time.perf_counter(), _cpu_seconds()
        docs = list(nlp.pipe(texts, batch_size=16))
        seconds, cpu = time.perf_counter() - start, _cpu_seconds() - cpu
        count = len(docs)
    else:
        from byline.engines.ingest import ingest
        from byline.store import Store

        start, cpu = time.perf_counter(), _cpu_seconds()
        summary = ingest([corpus], Store(db), workers=int(mode.split("-")[1]))
        seconds, cpu = time.perf_counter() - start, _cpu_seconds() - cpu
        cpu += sum(sampler.cpu_ticks.values()) / os.sysconf("SC_CLK_TCK")  # pool processes
        count = summary.stored
    own, children = _peak_mib(sampler)
    return {"mode": mode, "articles": count, "seconds": seconds, "cpu_seconds": cpu,
            "rss_mib": own, "child_rss_mib": children}  # fmt: skip


def _write_corpus(source: Path, copies: int, target: Path) -> int:
    from byline.model import Document
    from byline.readers.registry import read_inputs

    count = 0
    with target.open("w", encoding="utf-8") as stream:
        for item in read_inputs([source]):
            if not isinstance(item, Document):
                continue
            for copy in range(copies):
                text = item.text if copy == 0 else f"{item.text}\n(copy {copy})"
                stream.write(json.dumps({"text": text, "id": f"{item.doc_id}-{copy}"}) + "\n")
                count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("input", nargs="?", type=Path)
    parser.add_argument("--copies", type=int, default=1)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(args.child, args.corpus, args.db)))
        return
    source = args.input or (POLNEAR_DEV if POLNEAR_DEV.is_dir() else FIXTURES)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        n = _write_corpus(source, args.copies, corpus)
        print(f"corpus: {n} articles from {source} (x{args.copies})")
        results = {}
        for mode in ("spacy", "ingest-1", "ingest-2"):
            out = subprocess.run(
                [sys.executable, __file__, "--child", mode, "--corpus", str(corpus),
                 "--db", str(Path(tmp) / f"{mode}.db")],
                check=True, capture_output=True, text=True,
            )  # fmt: skip
            results[mode] = json.loads(out.stdout.strip().splitlines()[-1])
    base = results["spacy"]["articles"] / results["spacy"]["seconds"]
    base_cpu = results["spacy"]["cpu_seconds"] / results["spacy"]["articles"]
    print(f"{'configuration':<12} {'articles':>8} {'seconds':>8} {'articles/s':>10} "
          f"{'vs spaCy':>8} {'CPU s/art':>9} {'vs spaCy':>8} {'peak MiB':>9} "
          f"{'worker MiB':>10}")  # fmt: skip
    for mode, r in results.items():
        rate = r["articles"] / r["seconds"]
        cpu = r["cpu_seconds"] / r["articles"]
        print(
            f"{mode:<12} {r['articles']:>8} {r['seconds']:>8.2f} {rate:>10.2f} "
            f"{rate / base:>8.2f} {cpu:>9.3f} {cpu / base_cpu:>8.2f} {r['rss_mib']:>9.0f} "
            f"{r['child_rss_mib']:>10.0f}"
        )
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs "
          "(wall-clock ratios are only meaningful on an otherwise idle machine)")  # fmt: skip


if __name__ == "__main__":
    main()
