"""Learn byline's attribution cue lexicon from the PolNeAR train split.

Usage::

    PYTHONPATH=src python scripts/cache_parses.py ../shared/data/polnear/train /tmp/attr/train.spacy
    PYTHONPATH=src python scripts/learn_cue_lexicon.py ../shared/data/polnear/train \
        /tmp/attr/train.spacy src/byline/data/cue_lexicon.json

For every token of the story text (the regions ``byline.structure`` marks as analyzable) whose
coarse POS may head a cue, the script counts its keys ``lemma|POS|frame`` and ``lemma|POS|*``
(:func:`byline.nlp.cues.key_of`) and how often the token is the head of a gold cue span (the cue
token whose syntactic head lies outside the cue). Only lemma statistics are written (no text):
``{"provenance": {...}, "stats": {key: [n, cue]}}``, keeping the keys of lemmas seen as a cue
head at least once. Gold is read with the shared scorer's loader (``bench/score_attributions.py``),
so the annotator choice matches the benchmark's.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

from byline.nlp.cues import CANDIDATE_POS, key_of
from byline.structure import structure

BENCH = Path(__file__).resolve().parents[1] / ".." / "shared" / "bench"


def load_scorer():
    """Import the shared scorer (``../shared/bench/score_attributions.py``)."""
    sys.path.insert(0, str(BENCH))
    import score_attributions  # type: ignore[import-not-found]

    return score_attributions


def load_docs(path: Path) -> dict[str, Doc]:
    """Cached parses by doc id (see ``scripts/cache_parses.py``)."""
    vocab = spacy.blank("en").vocab
    return {d.user_data["doc_id"]: d for d in DocBin().from_disk(path).get_docs(vocab)}


def cue_heads(doc: Doc, cue_spans: Iterable[list[tuple[int, int]]]) -> set[int]:
    """Token indices heading a gold cue: in the cue span, with their head outside it."""
    heads: set[int] = set()
    for spans in cue_spans:
        toks = {t.i for s, e in spans for t in doc.char_span(s, e, alignment_mode="expand") or []}
        for i in toks:
            if doc[i].head.i not in toks or doc[i].head.i == i:
                heads.add(i)
                break
    return heads


def dont_care(doc: Doc, gold_doc) -> set[int]:
    """Token indices the benchmark does not judge as cue positions: inside a gold content
    (PolNeAR does not annotate nested attributions, so a cue word there is neither right nor
    wrong), a Discuss or a Discard span. Counting them as negatives would understate the
    precision of belief verbs ("I think ..." inside quotes)."""
    spans = [s for a in gold_doc.attributions for s in a.content]
    spans += list(gold_doc.discuss) + list(gold_doc.discard)
    out: set[int] = set()
    for s, e in spans:
        span = doc.char_span(s, e, alignment_mode="contract")
        if span is not None:
            out.update(range(span.start, span.end))
    return out


def count(docs: dict[str, Doc], gold: dict, ids: Iterable[str]) -> tuple[Counter, Counter]:
    """``(n, cue)`` counters by key over the given doc ids."""
    n: Counter = Counter()
    cue: Counter = Counter()
    for doc_id in ids:
        doc = docs[doc_id]
        regions = structure(doc.text).analyzable_spans()
        heads = cue_heads(doc, (a.cue for a in gold[doc_id].attributions))
        unscored = dont_care(doc, gold[doc_id])
        k = 0
        for token in doc:
            while k < len(regions) and regions[k][1] <= token.idx:
                k += 1
            if k >= len(regions) or token.idx < regions[k][0]:
                continue
            if token.pos_ not in CANDIDATE_POS:
                continue
            if token.i in unscored and token.i not in heads:
                continue
            for key in key_of(token)[:2]:
                n[key] += 1
                if token.i in heads:
                    cue[key] += 1
    return n, cue


def to_stats(n: Counter, cue: Counter) -> dict[str, list[int]]:
    """Stats of the lemmas seen at least once as a cue head: ``{key: [n, cue]}``."""
    lemmas = {key.rsplit("|", 1)[0] for key, c in cue.items() if c > 0}
    return {key: [n[key], cue[key]] for key in sorted(n) if key.rsplit("|", 1)[0] in lemmas}


def main(argv: list[str]) -> int:
    split, cache, out = Path(argv[0]), Path(argv[1]), Path(argv[2])
    scorer = load_scorer()
    gold = scorer.load_gold(str(split))
    docs = load_docs(cache)
    n, cue = count(docs, gold, sorted(gold))
    stats = to_stats(n, cue)
    data = {
        "provenance": {
            "corpus": "PolNeAR v1.0 (Newell, Margolin & Ruths, LREC 2018), train split",
            "documents": len(gold),
            "gold_attributions": sum(len(g.attributions) for g in gold.values()),
            "annotator_choice": "lexicographically smallest annotator id (bench scorer rule)",
            "parser": "en_core_web_sm 3.8 via byline.nlp.pipeline, sentence starts at line breaks",
            "key": "lemma|coarse POS|frame (byline.nlp.cues.frame) and lemma|POS|*",
            "values": "[tokens in story text with that key, of which heads of a gold cue span]",
            "script": "scripts/learn_cue_lexicon.py",
            "created": datetime.now(UTC).strftime("%Y-%m-%d"),
            "content": "lemma statistics only; no text of the corpus",
        },
        "stats": stats,
    }
    out.write_text(json.dumps(data, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(stats)} keys -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
