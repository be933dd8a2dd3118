"""Development loop for attribution extraction: score cached parses with the shared scorer.

Usage::

    PYTHONPATH=src python scripts/attribution_devloop.py SPLIT_DIR CACHE.spacy \
        [--limit N] [--threshold P] [--cv K] [--write preds.jsonl]

Runs :func:`byline.nlp.attribution.find_attributions` over the cached parses of a split (see
``scripts/cache_parses.py``) and prints the scorer's summary. ``--cv K`` learns the cue lexicon
on K-1 folds of the split and predicts the held-out fold (K-fold cross-validation on train),
which is how the lexicon threshold was tuned without touching dev.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from learn_cue_lexicon import count, load_docs, load_scorer, to_stats

from byline.nlp import attribution as attr_mod
from byline.nlp.cues import CueLexicon, load_lexicon
from byline.structure import structure


def predict(docs: dict, ids: list[str], lexicon: CueLexicon) -> dict[str, list]:
    """``{doc_id: [Attribution]}`` predictions, with the given lexicon."""
    original = attr_mod.load_lexicon
    attr_mod.load_lexicon = lambda: lexicon  # type: ignore[assignment]
    try:
        return {i: attr_mod.find_attributions(docs[i], structure(docs[i].text)) for i in ids}
    finally:
        attr_mod.load_lexicon = original  # type: ignore[assignment]


def to_scorer(scorer, preds: dict[str, list]) -> dict[str, list]:
    out = {}
    for doc_id, atts in preds.items():
        out[doc_id] = [
            scorer.Attribution(
                source=[tuple(s) for s in a.source.spans] if a.source else [],
                cue=[tuple(s) for s in a.cue.spans] if a.cue else [],
                content=[tuple(s) for s in a.content.spans],
                ident=a.id,
            )
            for a in atts
        ]
    return out


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("split")
    ap.add_argument("cache")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--threshold", type=float, nargs="*", default=[])
    ap.add_argument("--cv", type=int, default=0)
    ap.add_argument("--write")
    args = ap.parse_args(argv)
    scorer = load_scorer()
    gold = scorer.load_gold(args.split)
    docs = load_docs(Path(args.cache))
    ids = sorted(gold)
    if args.limit:
        ids = ids[: args.limit]
    gold = {i: gold[i] for i in ids}
    thresholds = args.threshold or [load_lexicon().min_precision]
    folds: list[tuple[list[str], dict]] = []
    for fold in range(args.cv):
        test = ids[fold :: args.cv]
        train = [i for i in ids if i not in set(test)]
        n, cue = count(docs, gold, train)
        folds.append((test, {k: (v[0], v[1]) for k, v in to_stats(n, cue).items()}))
    for threshold in thresholds:
        preds: dict[str, list] = {}
        if args.cv:
            for test, stats in folds:
                preds.update(predict(docs, test, CueLexicon(stats, threshold)))
        else:
            base = load_lexicon()
            preds = predict(docs, ids, CueLexicon(base.stats, threshold))
        res = scorer.score(gold, to_scorer(scorer, preds))
        a = res["attribution"]
        summ = res["summary"]
        print(
            f"thr={threshold:.2f} att_f1={a['f1']:.4f} P={a['precision']:.3f} "
            f"R={a['recall']:.3f} pred={a['n_pred']} gold={a['n_gold']} | "
            + " ".join(f"{k}={v:.3f}" for k, v in summ.items() if k != "attribution_f1")
        )
        if args.write:
            with open(args.write, "w", encoding="utf-8") as f:
                for doc_id, atts in preds.items():
                    row = {"doc_id": doc_id, "attributions": [x.model_dump() for x in atts]}
                    f.write(json.dumps(row) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
