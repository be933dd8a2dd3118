"""Parse a PolNeAR split once with byline's pipeline and cache the Docs as a spaCy DocBin.

Usage: python scripts/cache_parses.py SPLIT_DIR OUT.spacy

The cache holds parses (tokens, tags, lemmas, dependencies, entities) of the split's texts, for the
attribution development loop (``scripts/attribution_devloop.py``); it is written under /tmp and
never committed. Docs are parsed exactly as :func:`byline.analyze.analyze_many` parses them
(``make_doc`` with sentence starts at every line break, then ``nlp.pipe``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from spacy.tokens import DocBin

from byline.nlp.pipeline import get_nlp, make_doc
from byline.structure import structure


def main(argv: list[str]) -> int:
    split, out = Path(argv[0]), Path(argv[1])
    nlp = get_nlp()
    paths = sorted((split / "text").glob("*.txt"))
    texts = []
    for path in paths:  # read as the scorer does: newline="" keeps offsets exact
        with open(path, encoding="utf-8", newline="") as f:
            texts.append(f.read())
    docs = [make_doc(nlp, t, structure(t).regions_spans()) for t in texts]
    bin_ = DocBin(store_user_data=True)
    for path, doc in zip(paths, nlp.pipe(docs, batch_size=16), strict=True):
        doc.user_data["doc_id"] = path.stem
        bin_.add(doc)
    bin_.to_disk(out)
    print(f"{len(paths)} docs -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
