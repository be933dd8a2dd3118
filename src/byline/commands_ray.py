"""Commands of the distributed engine: ``ingest --engine ray`` (its body) and ``load``.

Thin typer glue over :mod:`byline.engines.ray_engine` and :mod:`byline.engines.load`;
registered on the main app in :mod:`byline.cli`.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from byline.commands_corpus import DbOption, err_console
from byline.model import Metadata


def _say(text: str) -> None:
    err_console.print(text, markup=False, highlight=False)


def ingest_ray(
    inputs: list[str],
    out: str | None,
    address: str | None,
    workers: int | None,
    batch_size: int,
    sidecar: dict[str, Metadata] | None,
    db: Path | None,
    attribution: str = "model",
) -> None:
    """``byline ingest --engine ray``: analyze on Ray into Parquet shards under ``out``, then
    load them into ``db`` when one is given. Exit status 1 when any item failed (recorded in the
    errors shard), 2 without ``--out`` or without Ray."""
    if out is None:
        raise typer.BadParameter("--engine ray needs --out DIR (where the shards are written)")
    try:
        import ray  # noqa: F401
    except ImportError:
        _say("error: the Ray engine needs Ray: pip install 'byline[ray]'")
        raise typer.Exit(2) from None
    from byline.engines.ray_engine import RaySummary, run_ray

    def report(summary: RaySummary) -> None:
        if err_console.is_terminal:
            err_console.print(
                f"\r{summary.articles} articles, {summary.errors} errors, "
                f"{summary.articles_per_second:.1f} articles/s",
                end="",
                markup=False,
                highlight=False,
            )

    try:
        summary = run_ray(
            list(inputs), out, workers=workers, batch_size=batch_size, sidecar=sidecar,
            address=address, on_progress=report, attribution=attribution,
        )  # fmt: skip
    except ConnectionError as exc:
        err_console.print(f"error: cannot connect to Ray at {escape(str(address))}: {exc}")
        raise typer.Exit(2) from None
    if err_console.is_terminal:
        err_console.print()
    _say(
        f"read {summary.files} files: {summary.articles} articles, {summary.errors} errors in "
        f"{summary.shards} shards under {summary.out} ({summary.articles_per_second:.1f} "
        f"articles/s, {summary.seconds:.1f} s on {summary.workers} workers; Ray start-up "
        f"{summary.startup_seconds:.1f} s; actors: {summary.analyze_seconds:.1f} s analyzing, "
        f"{summary.write_seconds:.1f} s writing)."
    )
    if db is not None:
        _load(summary.out, db)
    else:
        _say(f"load them with: byline load {summary.out} --db corpus.db")
    if summary.errors:
        # Same contract as the local engine: exit status 1 when any item failed.
        raise typer.Exit(1)


def _load(directory: str, db: Path) -> None:
    from byline.engines.load import load_shards
    from byline.engines.shards import ShardError, read_manifest
    from byline.store import Store

    try:
        store = Store(db)
    except (ValueError, sqlite3.DatabaseError) as exc:
        err_console.print(f"error: {escape(str(exc))}")
        raise typer.Exit(2) from None
    with store:
        if read_manifest(directory) is None:
            _say(f"warning: {directory} has no manifest.json: its run may not have finished")
        try:
            summary = load_shards(directory, store)
        except ShardError as exc:
            err_console.print(f"error: {escape(str(exc))}")
            raise typer.Exit(2) from None
        counts = store.counts()
    _say(
        f"loaded {summary.shards} shards: {summary.stored} articles stored, "
        f"{summary.duplicates} already stored, {summary.errors} errors recorded "
        f"({summary.seconds:.1f} s). Database: {counts['articles']} articles, "
        f"{counts['attributions']} attributions, {counts['errors']} open errors."
    )


def load(
    directory: Annotated[
        str, typer.Argument(help="Output directory of `ingest --engine ray` (path or URI).")
    ],
    db: DbOption,
) -> None:
    """Load the Parquet shards of a distributed run into a corpus database.

    Idempotent: articles are keyed by their text's SHA-256, errors by where and why, so loading
    again (or loading overlapping runs) adds nothing twice. Exit status 2 for a missing
    directory, a shard of another schema, or a bad database.
    """
    _load(directory, db)
