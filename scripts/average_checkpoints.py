"""Average the weights of several tagger checkpoints and export the average like a training run.

Usage::

    python scripts/average_checkpoints.py S4/epoch-3 S5/epoch-1 S6/epoch-1 --out runs/averaged \
        --dev ../shared/data/polnear/dev

Checkpoint averaging (the element-wise mean of the last checkpoints' parameters; Vaswani et al.
2017, "Attention Is All You Need", §6.1; Izmailov et al. 2018, "Averaging Weights Leads to Wider
Optima and Better Generalization") costs nothing at inference. The checkpoints must share one
architecture (``epoch-N/`` directories written by ``byline train attribution``: ``config.json``,
``model.safetensors``). Written to ``--out``: ``averaged/`` (the averaged checkpoint), then what
:func:`byline.training.export.export` writes (``model.onnx``, ``model.int8.onnx``,
``tokenizer.json``, ``tagger_config.json``) and, with ``--dev``, ``sample_predictions.jsonl`` (the
recorded predictions the tests compare the shipped model with). Needs the ``[train]`` extra.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from byline.nlp.tagger import TaggerConfig
from byline.training.export import export
from byline.training.polnear import load_split
from byline.training.train import SAMPLE_SIZE, encoder_dir, write_sample_predictions


def average(checkpoints: list[Path], out: Path) -> Path:
    """Write the mean of the checkpoints' tensors (computed in float32, stored in each tensor's
    dtype) to ``out`` with the first checkpoint's ``config.json``; returns ``out``."""
    from safetensors.torch import load_file, save_file

    states = [load_file(str(c / "model.safetensors")) for c in checkpoints]
    keys = set(states[0])
    if any(set(s) != keys for s in states[1:]):
        raise ValueError("checkpoints do not share one architecture (different tensor names)")
    mean = {
        k: (sum(s[k].float() for s in states) / len(states)).to(states[0][k].dtype)
        for k in sorted(keys)
    }
    out.mkdir(parents=True, exist_ok=True)
    save_file(mean, str(out / "model.safetensors"), metadata={"format": "pt"})
    shutil.copyfile(checkpoints[0] / "config.json", out / "config.json")
    return out


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("checkpoints", nargs="+", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--dev", type=Path, help="PolNeAR dev split, for the recorded sample")
    args = ap.parse_args(argv)
    averaged = average(args.checkpoints, args.out / "averaged")
    summary = {"averaged_checkpoints": [str(c) for c in args.checkpoints]}
    export(
        averaged,
        args.out,
        tokenizer_json=encoder_dir() / "tokenizer.json",
        tagger_config=TaggerConfig(),
        summary=summary,
    )
    if args.dev is not None:
        articles = sorted(load_split(args.dev), key=lambda a: a.doc_id)[:SAMPLE_SIZE]
        write_sample_predictions(args.out, articles)
    print(f"averaged {len(args.checkpoints)} checkpoints -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
