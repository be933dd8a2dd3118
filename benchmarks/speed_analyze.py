"""Speed of ``byline analyze`` against the bare spaCy pipeline on the same texts, same run.

Prints articles/s for (a) bare spaCy ``nlp.pipe`` over the raw texts, (b) byline's
``analyze_many`` with the default attribution method (``model``: structure → parse → rules →
tagger with rule evidence → speakers → timexes → records) and (c) with ``--attribution rules``,
the median over ``--repeats`` alternating rounds, the ratios against (a), and the process's peak
resident memory. Targets (issues: byline analyze; trained attribution model): (b) ≥ 0.5× and
(c) ≥ 0.7× bare spaCy, one process.

Usage: python benchmarks/speed_analyze.py [DIR] [--repeats N] [--limit N]
DIR defaults to ../shared/data/polnear/dev/text.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from pathlib import Path

from byline.analyze import analyze_many
from byline.model import ItemError
from byline.nlp.pipeline import get_nlp
from byline.readers.text import read_text_files

DEFAULT_DIR = Path(__file__).resolve().parents[1].parent / "shared/data/polnear/dev/text"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    args = parser.parse_args()

    documents = [d for d in read_text_files([str(args.directory)]) if not isinstance(d, ItemError)]
    if args.limit:
        documents = documents[: args.limit]
    texts = [d.text for d in documents]
    nlp = get_nlp()
    list(nlp.pipe(texts[:4]))  # warm up

    list(analyze_many(documents[:2]))  # loads the tagger model

    rates: dict[str, list[float]] = {"bare": [], "model": [], "rules": []}
    for _ in range(args.repeats):
        start = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=16):
            pass
        rates["bare"].append(len(texts) / (time.perf_counter() - start))
        for method in ("model", "rules"):
            start = time.perf_counter()
            results = list(analyze_many(documents, attribution=method))
            rates[method].append(len(texts) / (time.perf_counter() - start))
            failed = sum(isinstance(r, ItemError) for r in results)
            if failed:
                print(f"warning: {failed} articles failed analysis ({method})")

    median = {k: statistics.median(v) for k, v in rates.items()}
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"articles: {len(texts)} from {args.directory}  (median of {args.repeats} rounds)")
    labels = {
        "bare": "bare spaCy nlp.pipe",
        "model": "byline, default (model)",
        "rules": "byline, --attribution rules",
    }
    for key, label in labels.items():
        rounds = ", ".join(f"{r:.2f}" for r in rates[key])
        print(f"{label:28s}: {median[key]:7.2f} articles/s   rounds: {rounds}")
    for key, target in (("model", 0.5), ("rules", 0.7)):
        ratio = median[key] / median["bare"]
        print(f"ratio {key} / bare{'':{15 - len(key)}}: {ratio:7.2f}   (target >= {target:.2f})")
    print(f"peak RSS                    : {peak_mib:7.0f} MiB")


if __name__ == "__main__":
    main()
