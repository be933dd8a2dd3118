"""Speed of ``byline analyze`` against the bare spaCy pipeline on the same texts, same run.

Prints articles/s for (a) bare spaCy ``nlp.pipe`` over the raw texts and (b) byline's
``analyze_many`` (read → structure → parse → attributions → speakers → timexes → records), the
median over ``--repeats`` alternating rounds, their ratio, and the process's peak resident memory.
The target (issue: byline analyze) is byline ≥ 0.7× bare spaCy.

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

    bare_rates, byline_rates = [], []
    for _ in range(args.repeats):
        start = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=16):
            pass
        bare_rates.append(len(texts) / (time.perf_counter() - start))
        start = time.perf_counter()
        results = list(analyze_many(documents))
        byline_rates.append(len(texts) / (time.perf_counter() - start))
        failed = sum(isinstance(r, ItemError) for r in results)
        if failed:
            print(f"warning: {failed} articles failed analysis")

    bare, byline = statistics.median(bare_rates), statistics.median(byline_rates)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"articles: {len(texts)} from {args.directory}  (median of {args.repeats} rounds)")
    print(
        f"bare spaCy nlp.pipe  : {bare:7.2f} articles/s   rounds: "
        + ", ".join(f"{r:.2f}" for r in bare_rates)
    )
    print(
        f"byline analyze_many  : {byline:7.2f} articles/s   rounds: "
        + ", ".join(f"{r:.2f}" for r in byline_rates)
    )
    print(f"ratio byline / bare  : {byline / bare:7.2f}   (target >= 0.70)")
    print(f"peak RSS             : {peak_mib:7.0f} MiB")


if __name__ == "__main__":
    main()
