"""Choose the tagger's decoding settings on PolNeAR dev: the ``O`` label bias and the
rule-evidence weights (source, cue, content) of ``tagger_config.json``
(:func:`byline.nlp.tagger.rule_evidence`).

Usage::

    PYTHONPATH=src python scripts/cache_parses.py ../shared/data/polnear/dev /tmp/attr/dev.spacy
    PYTHONPATH=src python scripts/tune_rule_evidence.py ../shared/data/polnear/dev \
        /tmp/attr/dev.spacy [--model-dir DIR] [--model-file model.int8.onnx] [--top 10]

The tagger runs once per article (logits kept); then every setting of a small grid is decoded,
grouped, merged with the rules' nested and enclosing attributions (as ``byline analyze`` does)
and scored with the shared scorer. Printed per setting: attribution_f1 on the whole split and on
its even- and odd-numbered halves (a setting that only wins on one half is noise), and the soft
F1 of each role. Dev is the model-selection split; the held-out split is never read.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from attribution_devloop import to_scorer
from learn_cue_lexicon import load_docs, load_scorer

from byline.nlp.attribution import find_attributions
from byline.nlp.attribution_grouping import group_attributions
from byline.nlp.attribution_hybrid import combine
from byline.nlp.tagger import (
    MODEL_DIR,
    Tagger,
    TaggerConfig,
    load_tokenizer,
    onnx_runner,
    rule_evidence,
    tags_to_spans,
    viterbi,
    words_of_doc,
)
from byline.structure import structure

O_BIAS = (-0.5, 0.0)
SOURCE = (2.0, 3.0, 4.0)
CUE = (2.0, 3.0, 4.0)
CONTENT = (1.0, 2.0, 3.0)
"""The grid; the tagger alone (no evidence) is printed first for reference."""


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("split")
    ap.add_argument("cache")
    ap.add_argument("--model-dir", type=Path, default=MODEL_DIR)
    ap.add_argument("--model-file", default="model.int8.onnx")
    ap.add_argument("--top", type=int, default=10)
    args = ap.parse_args(argv)
    scorer = load_scorer()
    gold = scorer.load_gold(args.split)
    docs = load_docs(Path(args.cache))
    ids = sorted(gold)
    config = TaggerConfig.load(args.model_dir / "tagger_config.json")
    tagger = Tagger(
        load_tokenizer(args.model_dir / "tokenizer.json"),
        onnx_runner(args.model_dir / args.model_file),
        config,
    )
    articles = {i: structure(docs[i].text) for i in ids}
    words = {i: words_of_doc(docs[i], articles[i].analyzable_spans()) for i in ids}
    rules = {i: find_attributions(docs[i], articles[i]) for i in ids}
    scores = tagger.word_scores([(docs[i].text, words[i]) for i in ids])
    logits = dict(zip(ids, scores, strict=True))
    halves = (ids[0::2], ids[1::2])
    base = np.asarray(config.label_bias, dtype=np.float32)
    results = []
    grid = [(o, 0.0, 0.0, 0.0) for o in O_BIAS]
    grid += list(itertools.product(O_BIAS, SOURCE, CUE, CONTENT))
    for o_bias, src, cue, con in grid:
        bias = base.copy()
        bias[config.labels.index("O")] = o_bias
        preds = {}
        for i in ids:
            evidence = rule_evidence(words[i], rules[i], (src, cue, con), config.labels)
            tags = viterbi(logits[i] + evidence + bias, config.labels)
            tagged = group_attributions(docs[i], words[i], tags_to_spans(tags, words[i]))
            preds[i] = combine(tagged, rules[i])
        whole = scorer.score(gold, to_scorer(scorer, preds))["summary"]
        parts = [
            scorer.score({i: gold[i] for i in h}, to_scorer(scorer, {i: preds[i] for i in h}))[
                "summary"
            ]["attribution_f1"]
            for h in halves
        ]
        results.append(((o_bias, src, cue, con), whole, parts))
        print(
            f"O={o_bias:+.1f} evidence src={src} cue={cue} con={con}: "
            f"att_f1={whole['attribution_f1']:.4f} halves={parts[0]:.4f}/{parts[1]:.4f} "
            f"soft content={whole['content_soft_f1']:.3f} source={whole['source_soft_f1']:.3f} "
            f"cue={whole['cue_soft_f1']:.3f}",
            flush=True,
        )
    print(f"\nbest {args.top} by the lower of the two halves:")
    for setting, whole, parts in sorted(results, key=lambda r: -min(r[2]))[: args.top]:
        print(setting, f"att_f1={whole['attribution_f1']:.4f}", f"halves={parts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
