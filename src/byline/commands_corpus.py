"""Corpus commands: ``ingest``, ``errors``, ``search``, ``sources``, ``export``.

Thin typer commands over :mod:`byline.engines.ingest`, :mod:`byline.store`,
:mod:`byline.audit`; registered on the main app in :mod:`byline.cli`.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from byline.cli_output import open_output, writing

err_console = Console(stderr=True)

DbOption = Annotated[Path, typer.Option("--db", help="The corpus database (SQLite file).")]


def _iso(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise typer.BadParameter(f"{name} must be YYYY-MM-DD") from None


def _open(db: Path, readonly: bool = True):  # type: ignore[no-untyped-def]
    from byline.store import Store

    try:
        return Store(db, readonly=readonly)
    except (FileNotFoundError, ValueError, sqlite3.DatabaseError) as exc:
        err_console.print(f"error: {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(2) from None


def ingest(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Files or directories: .txt, .html, .warc, .jsonl, each optionally .gz."
        ),
    ],
    db: Annotated[
        Path | None,
        typer.Option("--db", help="The corpus database (SQLite file); optional with --engine ray."),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(help="Analysis processes (default: all cores; 1: in-process) or Ray actors."),
    ] = None,
    batch_size: Annotated[int, typer.Option(help="Results per database transaction.")] = 32,
    metadata: Annotated[
        Path | None,
        typer.Option(help="CSV/TSV sidecar for .txt articles (default: found as analyze does)."),
    ] = None,
    engine: Annotated[str, typer.Option(help="local (process pool) | ray (Ray Data).")] = "local",
    address: Annotated[
        str | None, typer.Option(help="Ray cluster: auto | ray://host:port (default: start one).")
    ] = None,
    out: Annotated[
        str | None, typer.Option(help="--engine ray: directory or URI for the Parquet shards.")
    ] = None,
    attribution: Annotated[
        str, typer.Option(help="model (default) | rules, as for `byline analyze`.")
    ] = "model",
) -> None:
    """Analyze articles into a corpus database: parallel, streaming, idempotent, resumable.

    An article is identified by its text's SHA-256: re-running adds nothing, and a run that was
    killed is finished by running it again. Failed items are recorded (see `byline errors`),
    never dropped. Exit status 0 when every item read was stored or already stored, 1 when any
    item failed (the rest is still stored), 2 for bad options or database.
    With --engine ray, results go to Parquet shards under --out (see `byline load`), and are
    loaded into --db as well when it is given.
    """
    from byline.engines.ingest import IngestSummary
    from byline.engines.ingest import ingest as run_ingest
    from byline.engines.local import default_workers
    from byline.readers.sidecar import SidecarError, find_sidecar, load_sidecar

    if batch_size < 1:
        raise typer.BadParameter("--batch-size must be at least 1")
    if engine not in ("local", "ray"):
        raise typer.BadParameter("--engine must be local or ray")
    if attribution not in ("model", "rules"):
        raise typer.BadParameter("--attribution must be model or rules")
    if engine == "local" and db is None:
        raise typer.BadParameter("--db is required with --engine local")
    if engine == "local" and (address or out):
        raise typer.BadParameter("--address and --out need --engine ray")
    sidecar_path = metadata or next(
        (find_sidecar(i) for i in inputs if Path(i).is_dir() and find_sidecar(i)), None
    )
    sidecar = None
    if sidecar_path is not None:
        try:
            sidecar = load_sidecar(sidecar_path)
        except SidecarError as exc:
            err_console.print(f"error: {escape(str(exc))}", soft_wrap=True)
            raise typer.Exit(2) from None
    if engine == "ray":
        from byline.commands_ray import ingest_ray

        ingest_ray(inputs, out, address, workers, batch_size, sidecar, db, attribution)
        return
    assert db is not None
    workers = default_workers() if workers is None else max(1, workers)
    store = _open(db, readonly=False)
    with Progress(
        SpinnerColumn(),
        TextColumn("[bold]ingesting[/]"),
        TextColumn("{task.fields[stored]} stored"),
        TextColumn("{task.fields[rate]:.1f} articles/s"),
        TextColumn("{task.fields[skipped]} already stored"),
        TextColumn("[red]{task.fields[failed]} errors"),
        TimeElapsedColumn(),
        console=err_console,
        disable=not err_console.is_terminal,
    ) as progress:
        task = progress.add_task("ingest", stored=0, rate=0.0, skipped=0, failed=0, total=None)

        def report(summary: IngestSummary) -> None:
            progress.update(
                task,
                stored=summary.stored,
                rate=summary.articles_per_second,
                skipped=summary.skipped,
                failed=summary.failed,
            )

        try:
            summary = run_ingest(
                inputs, store, workers=workers, batch_size=batch_size, sidecar=sidecar,
                on_progress=report, attribution=attribution,
            )  # fmt: skip
        except KeyboardInterrupt:
            stored = store.counts()["articles"]
            store.close()
            err_console.print(
                f"interrupted: the database holds {stored} articles; run the same command "
                "again to finish.",
                markup=False,
                highlight=False,
            )
            raise typer.Exit(130) from None
    counts = store.counts()
    store.close()
    err_console.print(
        f"read {summary.read} items: {summary.stored} stored, {summary.skipped} already stored, "
        f"{summary.duplicates} duplicate texts, {summary.failed} errors "
        f"({summary.articles_per_second:.1f} articles/s, {summary.seconds:.1f} s, "
        f"{workers} worker{'s' if workers != 1 else ''}). Database: {counts['articles']} articles, "
        f"{counts['attributions']} attributions, {counts['errors']} open errors.",
        markup=False,
        highlight=False,
    )
    if summary.failed:
        err_console.print(f"see: byline errors --db {db}", markup=False, highlight=False)
        raise typer.Exit(1)


def errors(
    db: DbOption,
    show_all: Annotated[
        bool, typer.Option("--all", help="Include errors resolved by a later run.")
    ] = False,
    output_format: Annotated[str, typer.Option("--format", help="table | json")] = "table",
) -> None:
    """List the items that failed to ingest, with where they are and why."""
    if output_format not in ("table", "json"):
        raise typer.BadParameter("--format must be table or json")
    with _open(db) as store:
        rows = store.errors(include_resolved=show_all)
    if output_format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    table = Table(title=f"{len(rows)} errors")
    for name in (
        "path",
        "line",
        "offset",
        "reason",
        "last run",
        *(["resolved"] if show_all else []),
    ):
        table.add_column(name)
    for r in rows:
        cells = [
            r["path"],
            "" if r["line"] is None else str(r["line"]),
            "" if r["record_offset"] is None else str(r["record_offset"]),
            r["reason"],
            str(r["last_run"]),
        ]
        if show_all:
            cells.append((r["resolved_by"] or "")[:12])
        table.add_row(*(escape(c) for c in cells))
    Console().print(table)


def search(
    db: DbOption,
    query: Annotated[str, typer.Argument(help="Words to find (all must match).")] = "",
    speaker: Annotated[str | None, typer.Option(help="Speaker name contains this.")] = None,
    outlet: Annotated[str | None, typer.Option(help="Exact outlet.")] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before YYYY-MM-DD.")] = None,
    anonymous: Annotated[
        bool | None, typer.Option("--anonymous/--named", help="Only anonymous / named sources.")
    ] = None,
    kind: Annotated[
        str | None, typer.Option(help="direct | indirect | mixed | according_to")
    ] = None,
    scope: Annotated[str, typer.Option(help="all | articles | attributions")] = "all",
    raw: Annotated[
        bool, typer.Option(help="Pass QUERY to FTS5 as written (phrases, OR, *).")
    ] = False,
    limit: Annotated[int, typer.Option(help="Most hits of each type.")] = 20,
    output_format: Annotated[str, typer.Option("--format", help="table | json")] = "table",
) -> None:
    """Full-text search over article text and attribution content, with filters."""
    from byline.store.search import SearchError
    from byline.store.search import search as run_search

    if output_format not in ("table", "json"):
        raise typer.BadParameter("--format must be table or json")
    if scope not in ("all", "articles", "attributions"):
        raise typer.BadParameter("--scope must be all, articles or attributions")
    if kind is not None and kind not in ("direct", "indirect", "mixed", "according_to"):
        raise typer.BadParameter("--kind must be direct, indirect, mixed or according_to")
    with _open(db) as store:
        try:
            hits = run_search(
                store.conn, query, scope=scope, speaker=speaker, outlet=outlet,  # type: ignore[arg-type]
                since=_iso(since, "--since"), until=_iso(until, "--until"),
                anonymous=anonymous, kind=kind, limit=limit, raw=raw,
            )  # fmt: skip
        except SearchError as exc:
            err_console.print(f"error: {escape(str(exc))}", soft_wrap=True)
            raise typer.Exit(2) from None
    if output_format == "json":
        json.dump([h.to_dict() for h in hits], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    table = Table(title=f"{len(hits)} hits", show_lines=True)
    for name in ("type", "article", "outlet", "date", "speaker", "text"):
        table.add_column(name)
    for h in hits:
        who = ""
        if h.type == "attribution":
            who = (h.speaker or "—") + (" [anonymous]" if h.anonymous else "")
            who += f"\n{h.kind}"
        table.add_row(
            h.type, escape(h.doc_id), escape(h.outlet or ""), h.published or "",
            escape(who), escape(" ".join(h.snippet.split())),
        )  # fmt: skip
    Console().print(table)


def sources(
    db: DbOption,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet.")] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before YYYY-MM-DD.")] = None,
    top: Annotated[int, typer.Option(help="Top speakers per outlet.")] = 10,
    months: Annotated[bool, typer.Option(help="Show the per-month table.")] = True,
    csv_dir: Annotated[
        Path | None, typer.Option("--csv", help="Also write the tables as CSV files here.")
    ] = None,
    chart: Annotated[
        Path | None,
        typer.Option(help="Also write the named/anonymous share chart (.png, .svg or .html)."),
    ] = None,
    output_format: Annotated[str, typer.Option("--format", help="table | json")] = "table",
) -> None:
    """The source audit: who each outlet quotes, per month.

    Named vs anonymous and speaker-type shares per outlet and month, the top quoted speakers
    with their roles, and anonymous sources with their stated reasons."""
    from byline.audit import audit_to_dict, source_audit
    from byline.audit_report import CHART_SUFFIXES, render_audit, write_audit_csv, write_share_chart

    if output_format not in ("table", "json"):
        raise typer.BadParameter("--format must be table or json")
    if chart is not None and chart.suffix.lower() not in CHART_SUFFIXES:
        raise typer.BadParameter("--chart must end in .png, .svg or .html")
    with _open(db) as store:
        audit = source_audit(
            store.conn, top=top, outlet=outlet,
            since=_iso(since, "--since"), until=_iso(until, "--until"),
        )  # fmt: skip
    if output_format == "json":
        json.dump(audit_to_dict(audit), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        render_audit(audit, Console(), months=months)
    if csv_dir is not None:
        with writing(csv_dir):
            written_csv = write_audit_csv(audit, csv_dir)
        for path in written_csv:
            err_console.print(f"wrote {path}", markup=False, highlight=False)
    if chart is not None:
        with writing(chart):
            written_chart = write_share_chart(audit, chart)
        err_console.print(f"wrote {written_chart}", markup=False, highlight=False)


def export(
    db: DbOption,
    output_format: Annotated[str, typer.Option("--format", help="jsonl | parquet")] = "jsonl",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here (JSONL: default stdout).")
    ] = None,
) -> None:
    """Export every stored article as `byline analyze` records: JSONL or Parquet."""
    if output_format not in ("jsonl", "parquet"):
        raise typer.BadParameter("--format must be jsonl or parquet")
    with _open(db) as store:
        if output_format == "parquet":
            if output is None:
                raise typer.BadParameter("--format parquet needs --output PATH")
            from byline.store.arrow import write_parquet

            with writing(output):
                written = write_parquet(store.iter_articles(), output)
        else:
            stream = open_output(output) if output else sys.stdout
            written = 0
            for article in store.iter_articles():
                stream.write(article.to_json() + "\n")
                written += 1
            if output:
                stream.close()
    err_console.print(f"exported {written} articles", markup=False, highlight=False)
