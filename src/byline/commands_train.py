"""``byline train attribution``: train the attribution tagger (needs the ``train`` extra)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

# "\\[" keeps rich (typer's help renderer) from reading "[train]" as markup
train_app = typer.Typer(help="Train byline's models (needs: pip install 'byline\\[train]').")


@train_app.command("attribution")
def attribution(
    train: Annotated[Path, typer.Option(help="PolNeAR split dir (text/, attributions/).")],
    dev: Annotated[Path, typer.Option(help="PolNeAR dev split dir, for model selection.")],
    out: Annotated[Path, typer.Option(help="Output dir: checkpoints, ONNX model, scores.")],
    epochs: Annotated[int, typer.Option(help="Passes over the training windows.")] = 2,
    lr: Annotated[float, typer.Option(help="Peak AdamW learning rate.")] = 6e-5,
    batch_size: Annotated[int, typer.Option(help="Windows per step.")] = 16,
    max_pieces: Annotated[int, typer.Option(help="Wordpieces per window (≤ 510).")] = 254,
    seed: Annotated[int, typer.Option(help="Seed of python, numpy and torch.")] = 13,
    threads: Annotated[int, typer.Option(help="torch CPU threads.")] = 2,
    device: Annotated[str, typer.Option(help="auto | cpu | cuda")] = "auto",
    bf16: Annotated[
        bool, typer.Option(help="bf16 autocast for the training steps (faster on AMX CPUs, GPUs).")
    ] = False,
    limit_train: Annotated[
        int | None, typer.Option(help="Use only the first N training articles.")
    ] = None,
    limit_dev: Annotated[
        int | None, typer.Option(help="Use only the first N dev articles.")
    ] = None,
    init_from: Annotated[
        Path | None,
        typer.Option(help="Start from this checkpoint (an epoch-N/ dir) instead of the encoder."),
    ] = None,
    max_steps: Annotated[
        int | None,
        typer.Option(help="Steps per epoch at most (a seeded random subset of the windows)."),
    ] = None,
    scorer: Annotated[
        Path | None,
        typer.Option(help="score_attributions.py (default: bench/ beside the data, if any)."),
    ] = None,
) -> None:
    """Fine-tune the MiniLM BIO tagger on --train, score each epoch on --dev, export the best
    epoch to ONNX (fp32 and int8) in --out. Prints dev scores per epoch."""
    if not (train / "text").is_dir() or not (dev / "text").is_dir():
        raise typer.BadParameter("--train and --dev must be PolNeAR split dirs with text/")
    try:
        from byline.training.train import TrainConfig
        from byline.training.train import train as run_training
    except ModuleNotFoundError as exc:  # torch / transformers missing
        typer.echo(f"error: {exc}; install the extra: pip install 'byline[train]'", err=True)
        raise typer.Exit(2) from None
    config = TrainConfig(
        train_dir=str(train),
        dev_dir=str(dev),
        out_dir=str(out),
        epochs=epochs,
        lr=lr,
        batch_size=batch_size,
        max_pieces=max_pieces,
        seed=seed,
        threads=threads,
        device=device,
        bf16=bf16,
        init_from=str(init_from) if init_from else None,
        max_steps=max_steps,
        limit_train=limit_train,
        limit_dev=limit_dev,
        scorer=str(scorer) if scorer else None,
    )
    summary = run_training(config)
    typer.echo(json.dumps({"best_epoch": summary["best_epoch"], "out": str(out)}))
