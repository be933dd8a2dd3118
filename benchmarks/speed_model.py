"""Speed of the trained attribution tagger against bare spaCy, same texts, same process.

Rounds alternate: (a) bare spaCy ``nlp.pipe`` over the raw texts; (b) byline's parse (the
``make_doc`` sentence presets + ``nlp.pipe``) followed by the tagger
(:func:`byline.nlp.tagger.predict_many`: wordpieces, batched ONNX windows, BIO decoding,
grouping). Prints articles/s of each (median of ``--repeats``), the tagger's own rate, and the
ratio (b)/(a). The target (issue: trained attribution model) is (b) ≥ 0.5× (a), one process.

Usage: python benchmarks/speed_model.py [DIR] [--repeats N] [--limit N] [--model-dir DIR]
[--threads N]. DIR defaults to ../shared/data/polnear/dev/text.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from byline.nlp.pipeline import get_nlp, make_doc
from byline.nlp.tagger import MODEL_DIR, load_tagger, onnx_runner, predict_many
from byline.structure import structure

DEFAULT_DIR = Path(__file__).resolve().parents[1].parent / "shared/data/polnear/dev/text"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    parser.add_argument("--model-dir", type=Path, default=MODEL_DIR)
    parser.add_argument("--model-file", default="model.int8.onnx")
    parser.add_argument("--threads", type=int, default=0, help="ONNX Runtime threads (0: auto)")
    args = parser.parse_args()

    paths = sorted(args.directory.glob("*.txt"))
    if args.limit:
        paths = paths[: args.limit]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    nlp = get_nlp()
    tagger = load_tagger(args.model_dir, args.model_file)
    if args.threads:
        tagger.runner = onnx_runner(args.model_dir / args.model_file, args.threads)
    list(nlp.pipe(texts[:4]))
    bare_rates, full_rates, tagger_rates = [], [], []
    n_atts = 0
    for _ in range(args.repeats):
        start = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=16):
            pass
        bare_rates.append(len(texts) / (time.perf_counter() - start))
        start = time.perf_counter()
        spans = [structure(t).analyzable_spans() for t in texts]
        made = [
            make_doc(nlp, t, structure(t).regions_spans()) for t in texts
        ]  # as byline.analyze does
        docs = list(nlp.pipe(made, batch_size=16))
        mid = time.perf_counter()
        results = predict_many(list(zip(docs, spans, strict=True)), tagger)
        end = time.perf_counter()
        full_rates.append(len(texts) / (end - start))
        tagger_rates.append(len(texts) / (end - mid))
        n_atts = sum(len(r) for r in results)
    bare, full, tag = (statistics.median(x) for x in (bare_rates, full_rates, tagger_rates))
    print(f"articles: {len(texts)} from {args.directory}  (median of {args.repeats} rounds)")
    print(f"model: {args.model_dir / args.model_file}  attributions found: {n_atts}")
    print(f"bare spaCy nlp.pipe        : {bare:7.2f} articles/s")
    print(f"spaCy parse + tagger       : {full:7.2f} articles/s")
    print(f"tagger alone (after parse) : {tag:7.2f} articles/s")
    print(f"ratio (parse + tagger) / bare spaCy: {full / bare:.2f}  (target >= 0.5)")


if __name__ == "__main__":
    main()
