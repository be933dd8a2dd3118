"""The trained attribution tagger: source/cue/content BIO tags over spaCy tokens, run with
ONNX Runtime (no torch at inference).

Pipeline, for one article already parsed once by spaCy (the ``Doc`` byline makes):

1. words = the non-whitespace spaCy tokens inside the story-text spans; a paragraph break
   (a newline between two words, or the start of a span) becomes a ``[SEP]`` piece;
2. wordpieces from the encoder's fast tokenizer (``tokenizers``), windows of at most
   ``max_pieces`` pieces every ``stride`` pieces (the shipped config: no overlap), run through
   the ONNX model ``batch_size`` windows per call (the shipped config: one; see
   :attr:`TaggerConfig.batch_size`);
3. each word takes the logits of its first wordpiece from the window where it is most central;
4. rule evidence (optional): the words inside the source, cue and content spans that the rules
   (:mod:`byline.nlp.attribution`) found get a fixed bonus on that role's ``B-``/``I-`` logits
   (:func:`rule_evidence`; weights in ``tagger_config.json``, chosen on PolNeAR dev);
5. constrained BIO decoding (Viterbi: ``I-X`` only after ``B-X``/``I-X``);
6. grouping of cue, source and content spans into attributions
   (:mod:`byline.nlp.attribution_grouping`).

The shipped model lives in ``byline/models/attribution/`` (``model.int8.onnx``,
``tokenizer.json``, ``tagger_config.json``; see ``MODEL_CARD.md`` there). Nothing is
downloaded: a missing file raises :class:`TaggerModelMissingError`.

Offsets: every span is ``[start, end)`` in Python ``str`` indices into ``doc.text``.
"""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np
from spacy.tokens import Doc

from byline.model import Attribution

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "attribution"
"""Directory of the shipped attribution model."""

LABELS: tuple[str, ...] = ("O", "B-SRC", "I-SRC", "B-CUE", "I-CUE", "B-CON", "I-CON")
"""Tag set, in the order of the model's output logits."""

ROLE_OF_TAG = {"SRC": "source", "CUE": "cue", "CON": "content"}

BREAK = -2
"""``Encoded.word_at`` value of a paragraph-break ``[SEP]`` piece."""

Span = tuple[int, int]
Windows = list[tuple[int, int]]


class TaggerModelMissingError(RuntimeError):
    """The shipped attribution model files are not installed."""


@dataclass
class Words:
    """The words of an article as the tagger sees them.

    ``offsets[i]`` is the ``[start, end)`` character span of word ``i`` in the doc text;
    ``token_index[i]`` its spaCy token index; ``para_start[i]`` whether it begins a paragraph.
    """

    offsets: list[Span]
    token_index: list[int]
    para_start: list[bool]

    def __len__(self) -> int:
        return len(self.offsets)

    @cached_property
    def _bounds(self) -> tuple[np.ndarray, np.ndarray]:
        pairs = np.asarray(self.offsets, dtype=np.int64).reshape(-1, 2)
        return pairs[:, 0], pairs[:, 1]

    def covering(self, spans: Sequence[Span]) -> np.ndarray:
        """Indices (int64, ascending) of the words sharing a character with one of ``spans``
        (``[start, end)`` character pairs)."""
        starts, ends = self._bounds
        hit = np.zeros(len(self), dtype=bool)
        for s, e in spans:
            hit |= (starts < e) & (ends > s)
        return np.flatnonzero(hit)


def words_of_doc(doc: Doc, spans: Sequence[Span] | None = None) -> Words:
    """The non-whitespace tokens of ``doc`` whose start lies in one of ``spans``
    (``[start, end)`` character pairs; ``None`` = the whole text), in text order."""
    text = doc.text
    regions = sorted(spans) if spans is not None else [(0, len(text))]
    offsets: list[Span] = []
    index: list[int] = []
    para: list[bool] = []
    r = 0
    previous_end = -1
    previous_region = -1
    for token in doc:
        if token.is_space:
            continue
        start = token.idx
        while r < len(regions) and regions[r][1] <= start:
            r += 1
        if r >= len(regions):
            break
        if start < regions[r][0]:
            continue
        end = start + len(token.text)
        new_para = previous_end < 0 or r != previous_region or "\n" in text[previous_end:start]
        offsets.append((start, end))
        index.append(token.i)
        para.append(new_para)
        previous_end, previous_region = end, r
    return Words(offsets, index, para)


@dataclass
class Encoded:
    """Wordpieces of one article: ``ids`` (int64, no [CLS]/[SEP] frame), and ``word_at[p]`` =
    the word whose first piece is at position ``p`` (``-1`` for a word's later pieces,
    :data:`BREAK` for a paragraph-break piece)."""

    ids: np.ndarray
    word_at: np.ndarray


def load_tokenizer(path: Path) -> object:
    """A ``tokenizers.Tokenizer`` from ``tokenizer.json`` with padding and truncation off."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(path))
    tok.no_padding()
    tok.no_truncation()
    return tok


def encode_words(tokenizer: object, text: str, words: Words) -> Encoded:
    """Wordpieces of ``words`` (pretokenized), a ``[SEP]`` piece before every paragraph start
    but the first; a word the tokenizer drops (zero-width characters) becomes ``[UNK]``."""
    sep = tokenizer.token_to_id("[SEP]")  # type: ignore[attr-defined]
    unk = tokenizer.token_to_id("[UNK]")  # type: ignore[attr-defined]
    strings = [text[s:e] for s, e in words.offsets]
    if not strings:
        return Encoded(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
    enc = tokenizer.encode(strings, is_pretokenized=True, add_special_tokens=False)  # type: ignore[attr-defined]
    pieces: list[list[int]] = [[] for _ in strings]
    for pid, wid in zip(enc.ids, enc.word_ids, strict=True):
        if wid is not None:
            pieces[wid].append(pid)
    ids: list[int] = []
    word_at: list[int] = []
    for i, wp in enumerate(pieces):
        if words.para_start[i] and i > 0:
            ids.append(sep)
            word_at.append(BREAK)
        wp = wp or [unk]
        ids.extend(wp)
        word_at.extend([i] + [-1] * (len(wp) - 1))
    return Encoded(np.asarray(ids, dtype=np.int64), np.asarray(word_at, dtype=np.int64))


def make_windows(encoded: Encoded, max_pieces: int, stride: int, offset: int = 0) -> Windows:
    """``[start, end)`` piece ranges of at most ``max_pieces`` pieces, starting every ``stride``
    pieces (the first break after ``offset``, when given), each moved back to a word start
    so that no word is split. Covers every piece."""
    n = len(encoded.ids)
    if n == 0:
        return []
    boundary = np.flatnonzero((encoded.word_at >= 0) | (encoded.word_at == BREAK))

    def snap(p: int) -> int:
        k = int(np.searchsorted(boundary, p, side="right")) - 1
        return int(boundary[k]) if k >= 0 else 0

    windows: Windows = []
    start = 0
    target = offset if 0 < offset < max_pieces else stride
    while True:
        end = n if start + max_pieces >= n else snap(start + max_pieces)
        if end <= start:  # one word longer than a window: cut it
            end = min(n, start + max_pieces)
        windows.append((start, end))
        if end >= n:
            return windows
        nxt = snap(target) if target > start else snap(start + stride)
        start = nxt if nxt > start else end
        target = start + stride


def batch_inputs(
    encoded: Encoded, windows: Windows, cls_id: int, sep_id: int, pad_id: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """``input_ids`` and ``attention_mask`` (int64, ``[n_windows, longest + 2]``) with a
    [CLS] ... [SEP] frame per window, right-padded."""
    width = max(e - s for s, e in windows) + 2
    ids = np.full((len(windows), width), pad_id, dtype=np.int64)
    mask = np.zeros((len(windows), width), dtype=np.int64)
    for row, (s, e) in enumerate(windows):
        ids[row, 0] = cls_id
        ids[row, 1 : e - s + 1] = encoded.ids[s:e]
        ids[row, e - s + 1] = sep_id
        mask[row, : e - s + 2] = 1
    return ids, mask


def word_logits(
    encoded: Encoded, windows: Windows, logits: Sequence[np.ndarray], n_words: int
) -> np.ndarray:
    """Per-word logits ``[n_words, n_labels]``: each word's first piece, read from the window
    where it is farthest from an edge. ``logits[k]`` is window ``k``'s ``[len + 2, n_labels]``
    output (frame included)."""
    n_labels = logits[0].shape[-1]
    out = np.zeros((n_words, n_labels), dtype=np.float32)
    best = np.full(n_words, -1, dtype=np.int64)
    for k, (s, e) in enumerate(windows):
        pos = np.arange(s, e)
        words = encoded.word_at[s:e]
        keep = words >= 0
        pos, words = pos[keep], words[keep]
        centrality = np.minimum(pos - s, e - 1 - pos)
        better = centrality > best[words]
        out[words[better]] = logits[k][pos[better] - s + 1]
        best[words[better]] = centrality[better]
    return out


def _transition_mask(labels: Sequence[str]) -> np.ndarray:
    allowed = np.zeros((len(labels), len(labels)), dtype=bool)  # [previous, next]
    for j, nxt in enumerate(labels):
        for i, prev in enumerate(labels):
            allowed[i, j] = not nxt.startswith("I-") or prev[2:] == nxt[2:]
    return allowed


def viterbi(scores: np.ndarray, labels: Sequence[str] = LABELS) -> list[int]:
    """Best label sequence under BIO constraints (``I-X`` only after ``B-X`` or ``I-X``, never
    first) for ``scores`` ``[n, n_labels]`` (logits; log-softmax is applied here)."""
    n = len(scores)
    if n == 0:
        return []
    logp = scores - np.logaddexp.reduce(scores, axis=1, keepdims=True)
    allowed = _transition_mask(labels)
    penalty = np.where(allowed, 0.0, -1e9)
    first_ok = np.array([not lab.startswith("I-") for lab in labels])
    score = np.where(first_ok, logp[0], -1e9)
    back = np.zeros((n, len(labels)), dtype=np.int64)
    for t in range(1, n):
        cand = score[:, None] + penalty
        back[t] = cand.argmax(axis=0)
        score = cand.max(axis=0) + logp[t]
    path = [int(score.argmax())]
    for t in range(n - 1, 0, -1):
        path.append(int(back[t, path[-1]]))
    return path[::-1]


def tags_to_spans(
    tags: Sequence[int], words: Words, labels: Sequence[str] = LABELS
) -> list[tuple[str, int, int]]:
    """``(role, first_word, last_word)`` spans from a label sequence; a span never crosses a
    paragraph break. ``role`` is ``source``, ``cue`` or ``content``."""
    spans: list[tuple[str, int, int]] = []
    current: list = []
    for i, t in enumerate(tags):
        lab = labels[t]
        if lab == "O":
            current = []
            continue
        kind = ROLE_OF_TAG[lab[2:]]
        if lab.startswith("B-") or not current or current[0] != kind or words.para_start[i]:
            current = [kind, i, i]
            spans.append(current)  # type: ignore[arg-type]
        else:
            current[2] = i
    return [tuple(s) for s in spans]  # type: ignore[misc]


Runner = Callable[[np.ndarray, np.ndarray], np.ndarray]
"""``(input_ids, attention_mask) -> logits [batch, length, n_labels]``."""


@dataclass
class TaggerConfig:
    """Window geometry, labels and decoding bias of the model (``tagger_config.json``,
    key ``inference``)."""

    max_pieces: int = 254
    stride: int = 254
    batch_size: int = 1
    """Windows per runner call. 1 for the shipped int8 model: ONNX Runtime's dynamic
    quantization computes each activation's scale over the whole input tensor, so windows run in
    one batch would change each other's logits (an article's tags would depend on its batch
    neighbours and on padding). Larger batches are for the fp32 torch model in training."""
    labels: tuple[str, ...] = LABELS
    label_bias: tuple[float, ...] = (0.0,) * len(LABELS)
    """Added to each label's logit before decoding (chosen on dev: a lower ``O`` trades
    precision for recall)."""
    rule_evidence: tuple[float, float, float] = (0.0, 0.0, 0.0)
    """Bonus added to the ``B-``/``I-`` logits of source, cue and content on the words the
    rules put in that role (:func:`rule_evidence`); zeros = the tagger alone."""

    @classmethod
    def load(cls, path: Path) -> TaggerConfig:
        data = json.loads(path.read_text(encoding="utf-8"))
        geometry = data.get("inference", {})
        return cls(
            max_pieces=int(geometry.get("max_pieces", cls.max_pieces)),
            stride=int(geometry.get("stride", cls.stride)),
            batch_size=int(geometry.get("batch_size", cls.batch_size)),
            labels=tuple(data.get("labels", LABELS)),
            label_bias=tuple(float(b) for b in geometry.get("label_bias", (0.0,) * len(LABELS))),
            rule_evidence=tuple(  # type: ignore[arg-type]
                float(geometry.get("rule_evidence", {}).get(role, 0.0))
                for role in ("source", "cue", "content")
            ),
        )


class Tagger:
    """Tags words with BIO roles through a ``runner`` (ONNX Runtime session, or a torch model
    during training), batching windows across articles."""

    def __init__(self, tokenizer: object, runner: Runner, config: TaggerConfig) -> None:
        self.tokenizer = tokenizer
        self.runner = runner
        self.config = config
        self.cls_id = tokenizer.token_to_id("[CLS]")  # type: ignore[attr-defined]
        self.sep_id = tokenizer.token_to_id("[SEP]")  # type: ignore[attr-defined]

    def word_scores(self, items: Sequence[tuple[str, Words]]) -> list[np.ndarray]:
        """Per-word logits ``[n_words, n_labels]`` for each ``(text, words)`` item."""
        cfg = self.config
        prepared = []
        jobs: list[tuple[int, int]] = []  # (item, window)
        for i, (text, words) in enumerate(items):
            enc = encode_words(self.tokenizer, text, words)
            wins = make_windows(enc, cfg.max_pieces, cfg.stride)
            prepared.append((enc, wins))
            jobs.extend((i, k) for k in range(len(wins)))
        # Sort by window length so batches pad little; results go back by (item, window).
        jobs.sort(key=lambda j: prepared[j[0]][1][j[1]][1] - prepared[j[0]][1][j[1]][0])
        results: dict[tuple[int, int], np.ndarray] = {}
        for b in range(0, len(jobs), cfg.batch_size):
            chunk = jobs[b : b + cfg.batch_size]
            width = max(prepared[i][1][k][1] - prepared[i][1][k][0] for i, k in chunk) + 2
            ids = np.zeros((len(chunk), width), dtype=np.int64)
            mask = np.zeros((len(chunk), width), dtype=np.int64)
            for row, (i, k) in enumerate(chunk):
                one_ids, one_mask = batch_inputs(
                    prepared[i][0], [prepared[i][1][k]], self.cls_id, self.sep_id
                )
                ids[row, : one_ids.shape[1]] = one_ids[0]
                mask[row, : one_mask.shape[1]] = one_mask[0]
            out = self.runner(ids, mask)
            for row, job in enumerate(chunk):
                results[job] = out[row]
        scores = []
        for i, (_, words) in enumerate(items):
            enc, wins = prepared[i]
            if not wins:
                scores.append(np.zeros((len(words), len(cfg.labels)), dtype=np.float32))
                continue
            scores.append(
                word_logits(enc, wins, [results[(i, k)] for k in range(len(wins))], len(words))
            )
        return scores

    def tag(
        self,
        items: Sequence[tuple[str, Words]],
        evidence: Sequence[np.ndarray | None] | None = None,
    ) -> list[list[int]]:
        """Constrained-decoded label ids per word for each ``(text, words)`` item;
        ``evidence[i]`` (``[n_words, n_labels]``, see :func:`rule_evidence`) is added to item
        ``i``'s logits before decoding."""
        bias = np.asarray(self.config.label_bias, dtype=np.float32)
        scores = self.word_scores(items)
        if evidence is not None:
            scores = [s if e is None else s + e for s, e in zip(scores, evidence, strict=True)]
        return [viterbi(s + bias, self.config.labels) for s in scores]


def rule_evidence(
    words: Words,
    attributions: Sequence[Attribution],
    weights: Sequence[float],
    labels: Sequence[str] = LABELS,
) -> np.ndarray:
    """Logit bonus ``[n_words, n_labels]`` (float32) from rule attributions: a word sharing a
    character with an attribution's source, cue or content span gets ``weights`` (source, cue,
    content) on that role's ``I-`` label, or its ``B-`` label when it is the span's first word.
    A word in several spans gets each bonus. Nested attributions (``parent`` set) give none: the
    tagger, like PolNeAR's univocal annotation, tags only the outermost attribution."""
    out = np.zeros((len(words), len(labels)), dtype=np.float32)
    if not len(words) or not any(weights):
        return out
    index = {lab: i for i, lab in enumerate(labels)}
    for att in attributions:
        if att.parent is not None:
            continue
        for tag, span, weight in zip(
            ("SRC", "CUE", "CON"), (att.source, att.cue, att.content), weights, strict=True
        ):
            if span is None or not weight:
                continue
            for part in span.spans:
                hit = words.covering([part])
                if len(hit):
                    out[hit[0], index["B-" + tag]] += weight
                    out[hit[1:], index["I-" + tag]] += weight
    return out


def onnx_runner(model_path: Path, threads: int | None = None) -> Runner:
    """A :data:`Runner` over an ONNX Runtime CPU session of ``model_path``."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    if threads:
        opts.intra_op_num_threads = threads
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    session = ort.InferenceSession(str(model_path), opts, providers=["CPUExecutionProvider"])

    def run(ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        return session.run(["logits"], {"input_ids": ids, "attention_mask": mask})[0]

    return run


@lru_cache(maxsize=2)
def load_tagger(model_dir: Path = MODEL_DIR, model_file: str = "model.int8.onnx") -> Tagger:
    """The shipped tagger (cached per process). Raises :class:`TaggerModelMissingError` when
    the model files are absent."""
    needed = [
        model_dir / model_file,
        model_dir / "tokenizer.json",
        model_dir / "tagger_config.json",
    ]
    missing = [str(p) for p in needed if not p.is_file()]
    if missing:
        raise TaggerModelMissingError(f"attribution model files missing: {', '.join(missing)}")
    config = TaggerConfig.load(model_dir / "tagger_config.json")
    runner = onnx_runner(needed[0], threads=tagger_threads())
    return Tagger(load_tokenizer(model_dir / "tokenizer.json"), runner, config)


THREADS_ENV = "BYLINE_TAGGER_THREADS"
"""Environment variable: ONNX Runtime threads for the tagger (an integer from 1; more than the
cores this process may use counts as that many), read when the model loads. The engines set it for
their workers (cores shared between worker processes)."""


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the OS has one), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def threads_from_env() -> int | None:
    """:data:`THREADS_ENV` as a thread count, capped at :func:`available_cores`; ``None`` when
    it is unset or not an integer from 1 (a warning says so: the default then applies)."""
    given = os.environ.get(THREADS_ENV)
    if given is None:
        return None
    try:
        threads = int(given)
    except ValueError:
        threads = 0
    if threads < 1:
        warnings.warn(
            f"{THREADS_ENV}={given!r} is not a thread count (an integer from 1); ignored",
            RuntimeWarning,
            stacklevel=2,
        )
        return None
    return min(threads, available_cores())


def tagger_threads() -> int:
    """ONNX Runtime threads for the shipped tagger: :func:`threads_from_env` when set, else the
    cores this process may use less one left to the spaCy parser
    (:func:`byline.analyze.analyze_many` parses the next batch while the tagger runs); at least
    one."""
    given = threads_from_env()
    return given if given is not None else max(1, available_cores() - 1)


def predict_many(
    docs_and_spans: Iterable[tuple[Doc, Sequence[Span] | None]],
    tagger: Tagger | None = None,
    rule_attributions: Sequence[Sequence[Attribution]] | None = None,
) -> list[list[Attribution]]:
    """:func:`predict_attributions` for many articles in one call to the tagger.
    ``rule_attributions[i]`` (the rules' attributions of article ``i``) become evidence
    (:func:`rule_evidence` with the config's weights), and their cues are put back where the
    tagger agrees on source and content
    (:func:`byline.nlp.attribution_hybrid.restore_rule_cues`); ``None`` = the tagger alone."""
    from byline.nlp.attribution_grouping import group_attributions
    from byline.nlp.attribution_hybrid import restore_rule_cues

    tagger = tagger or load_tagger()
    items = list(docs_and_spans)
    words = [words_of_doc(doc, spans) for doc, spans in items]
    evidence = None
    if rule_attributions is not None:
        weights = tagger.config.rule_evidence
        labels = tagger.config.labels
        evidence = [
            rule_evidence(w, atts, weights, labels)
            for w, atts in zip(words, rule_attributions, strict=True)
        ]
    tags = tagger.tag([(doc.text, w) for (doc, _), w in zip(items, words, strict=True)], evidence)
    if rule_attributions is not None:
        tags = [
            restore_rule_cues(t, w, atts, tagger.config.labels)
            for t, w, atts in zip(tags, words, rule_attributions, strict=True)
        ]
    return [
        group_attributions(doc, w, tags_to_spans(t, w, tagger.config.labels))
        for (doc, _), w, t in zip(items, words, tags, strict=True)
    ]


def predict_attributions(
    doc: Doc,
    spans: Sequence[Span] | None = None,
    tagger: Tagger | None = None,
    rule_attributions: Sequence[Attribution] | None = None,
) -> list[Attribution]:
    """Attributions found by the trained tagger in the story-text ``spans`` of ``doc``.

    ``doc`` is byline's one spaCy parse of the article (sentence boundaries are used for
    grouping; a doc without them is grouped by paragraph). ``spans`` are ``[start, end)``
    story-text regions (``ArticleStructure.analyzable_spans()``; ``None`` = whole text).
    ``rule_attributions`` (from :func:`byline.nlp.attribution.find_attributions`) are used as
    evidence and for restored cues (see :func:`predict_many`); ``None`` = the tagger alone.
    Returns attributions with ids ``"A1"``... in text order, ``kind`` set, ``speaker`` empty.
    Raises :class:`TaggerModelMissingError` when the shipped model is absent.
    """
    rules = None if rule_attributions is None else [rule_attributions]
    return predict_many([(doc, spans)], tagger, rules)[0]
