"""byline's command line: thin typer commands over the library."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from byline.cli_output import open_output
from byline.commands_train import train_app
from byline.model import AnalyzedArticle, Document, ItemError, Metadata
from byline.readers.sidecar import SidecarError, find_sidecar, load_sidecar
from byline.readers.text import iter_text_paths, read_text_files
from byline.report import render_article

app = typer.Typer(help="byline: who said what, about whom, where and when, in news articles.")
err_console = Console(stderr=True)
app.add_typer(train_app, name="train")


def _with_metadata(items, sidecar: dict[str, Metadata], published: str | None):  # type: ignore[no-untyped-def]
    for item in items:
        if isinstance(item, Document):
            given = sidecar.get(item.doc_id)
            if given is not None:
                item.metadata = given.model_copy()
            if published:
                item.metadata.published = published
        yield item


def _where(error: ItemError) -> str:
    """``path``, ``path:line`` (JSONL) or ``path@offset`` (WARC record): where an item failed."""
    where = error.path
    if error.line is not None:
        where += f":{error.line}"
    if error.record_offset is not None:
        where += f"@{error.record_offset}"
    return where


@app.command()
def analyze(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help=(
                "Text files, directories (*.txt, recursive), - for stdin, or files named "
                ".html, .jsonl, .warc or .gz (read by their format's reader)."
            )
        ),
    ],
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="text | json | jsonl")
    ] = "text",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date YYYY-MM-DD for every input.")
    ] = None,
    metadata: Annotated[
        Path | None,
        typer.Option(
            help=(
                "CSV/TSV sidecar: file name, date, outlet, author, title. Default: "
                "metadata.tsv/.csv beside or above a directory input."
            )
        ),
    ] = None,
    attribution: Annotated[
        str,
        typer.Option(
            help=(
                "model (default: the shipped tagger, with the rules' spans as evidence) | "
                "rules (dependency rules and a learned cue lexicon only)."
            )
        ),
    ] = "model",
) -> None:
    """Read articles, structure them and extract who said what.

    Exit status: 0 when every input was analyzed, 1 when any failed (each failure is printed as
    one line naming the file), 2 for bad options or an output path that cannot be written.
    """
    if output_format not in ("text", "json", "jsonl"):
        raise typer.BadParameter("--format must be text, json or jsonl")
    if attribution not in ("model", "rules"):
        raise typer.BadParameter("--attribution must be model or rules")
    if published:
        try:
            date.fromisoformat(published)
        except ValueError:
            raise typer.BadParameter("--published must be YYYY-MM-DD") from None
    sidecar_path = metadata
    if sidecar_path is None:
        for item in inputs:
            if item != "-" and Path(item).is_dir():
                sidecar_path = find_sidecar(item)
                if sidecar_path is not None:
                    err_console.print(f"metadata sidecar: {sidecar_path}", soft_wrap=True)
                break
    sidecar: dict[str, Metadata] = {}
    if sidecar_path is not None:
        try:
            sidecar = load_sidecar(sidecar_path)
        except SidecarError as exc:
            err_console.print(f"error: {escape(str(exc))}", soft_wrap=True)
            raise typer.Exit(2) from None

    from byline.analyze import analyze_many  # imports spaCy: keep --help fast

    own = [output] if output else []  # never read the output back when it is in an input folder
    total = sum(1 for _ in iter_text_paths((i for i in inputs if i != "-"), own))
    total += inputs.count("-")
    items = _with_metadata(read_text_files(inputs, own), sidecar, published)
    stream = open_output(output) if output else sys.stdout
    console = Console(file=stream) if output else Console()
    records: list[AnalyzedArticle] = []
    failures = 0
    done = 0
    show_progress = total > 1 and err_console.is_terminal
    with Progress(
        TextColumn("analyzing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        disable=not show_progress,
    ) as progress:
        task = progress.add_task("analyze", total=total)
        for result in analyze_many(items, attribution=attribution):
            progress.advance(task)
            done += 1
            if isinstance(result, ItemError):
                failures += 1
                print(f"error: {_where(result)}: {result.reason}", file=sys.stderr)
                continue
            if output_format == "jsonl":
                stream.write(result.to_json() + "\n")
            elif output_format == "json":
                records.append(result)
            else:
                render_article(result, console)
    if output_format == "json":
        payload = [r.model_dump(mode="json") for r in records]
        json.dump(
            payload[0] if len(payload) == 1 else payload, stream, ensure_ascii=False, indent=2
        )
        stream.write("\n")
    if output:
        stream.close()
    if failures:
        err_console.print(f"{failures} of {done} items failed", soft_wrap=True)
        raise typer.Exit(1)


@app.command()
def schema() -> None:
    """Print the JSON Schema of an analyzed-article record."""
    from byline.model import json_schema_text

    sys.stdout.write(json_schema_text())


def main() -> None:
    app()


from byline import commands_corpus, commands_ray  # noqa: E402  (registered below)

for _command in (
    commands_corpus.ingest,
    commands_corpus.errors,
    commands_corpus.search,
    commands_corpus.sources,
    commands_corpus.export,
    commands_ray.load,
):
    app.command()(_command)

from byline import commands_web  # noqa: E402

app.command()(commands_web.serve)
