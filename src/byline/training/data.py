"""Training examples for the attribution tagger: PolNeAR gold -> BIO labels per word ->
wordpiece windows. Torch-free (numpy); the windows and words are exactly those the inference
path (:mod:`byline.nlp.tagger`) builds.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np
from spacy.language import Language

from byline.nlp.tagger import (
    LABELS,
    Encoded,
    Words,
    encode_words,
    make_windows,
    words_of_doc,
)
from byline.training.polnear import GoldArticle

IGNORE = -100
"""Label of pieces that carry no loss (later wordpieces, paragraph breaks, the frame)."""

_TAG = {"source": "SRC", "cue": "CUE", "content": "CON"}


def word_labels(article: GoldArticle, words: Words, labels: tuple[str, ...] = LABELS) -> list[int]:
    """BIO label id per word: a word takes the role of the gold fragment it shares a character
    with (first attribution in file order wins on the rare overlap); the first word of each
    fragment is ``B-``, the others ``I-``."""
    index = {lab: i for i, lab in enumerate(labels)}
    out = [index["O"]] * len(words)
    starts = np.asarray([s for s, _ in words.offsets], dtype=np.int64)
    ends = np.asarray([e for _, e in words.offsets], dtype=np.int64)
    for att in article.attributions:
        for role in ("content", "source", "cue"):
            for s, e in getattr(att, role):
                hit = np.flatnonzero((starts < e) & (ends > s))
                first = True
                for w in hit:
                    if out[w] == index["O"]:
                        out[w] = index[("B-" if first else "I-") + _TAG[role]]
                    first = False
    return out


@dataclass
class Example:
    """One article ready for training: its wordpieces and the label of each first piece."""

    doc_id: str
    encoded: Encoded
    piece_labels: np.ndarray  # [n_pieces], IGNORE where not a first piece


def build_examples(articles: list[GoldArticle], nlp: Language, tokenizer: object) -> list[Example]:
    """Examples from gold articles, tokenized with spaCy's tokenizer only (``nlp.make_doc``:
    the same tokens as a full parse); words cover the whole text."""
    examples = []
    for art in articles:
        doc = nlp.make_doc(art.text)
        words = words_of_doc(doc)
        labels = word_labels(art, words)
        enc = encode_words(tokenizer, art.text, words)
        piece = np.full(len(enc.ids), IGNORE, dtype=np.int64)
        first = enc.word_at >= 0
        piece[first] = np.asarray(labels, dtype=np.int64)[enc.word_at[first]]
        examples.append(Example(art.doc_id, enc, piece))
    return examples


def epoch_windows(
    examples: list[Example], max_pieces: int, rng: random.Random
) -> list[tuple[int, int, int]]:
    """``(example, start, end)`` training windows for one epoch: non-overlapping windows whose
    first break is drawn at random per article (a different cut each epoch), shuffled."""
    out = []
    for i, ex in enumerate(examples):
        offset = rng.randrange(max_pieces // 4, max_pieces + 1)
        for s, e in make_windows(ex.encoded, max_pieces, max_pieces, offset=offset):
            out.append((i, s, e))
    rng.shuffle(out)
    return out


def collate(
    examples: list[Example], batch: list[tuple[int, int, int]], cls_id: int, sep_id: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``input_ids``, ``attention_mask``, ``labels`` (int64 ``[batch, longest + 2]``)."""
    width = max(e - s for _, s, e in batch) + 2
    ids = np.zeros((len(batch), width), dtype=np.int64)
    mask = np.zeros((len(batch), width), dtype=np.int64)
    labels = np.full((len(batch), width), IGNORE, dtype=np.int64)
    for row, (i, s, e) in enumerate(batch):
        n = e - s
        ids[row, 0] = cls_id
        ids[row, 1 : n + 1] = examples[i].encoded.ids[s:e]
        ids[row, n + 1] = sep_id
        mask[row, : n + 2] = 1
        labels[row, 1 : n + 1] = examples[i].piece_labels[s:e]
    return ids, mask, labels
