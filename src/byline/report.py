"""The terminal report of an analyzed article (rich): metadata, captions, then who said what."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from byline.model import AnalyzedArticle


def _shorten(text: str, limit: int = 240) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_article(article: AnalyzedArticle, console: Console) -> None:
    """Print one article: outlet, headline, authors, standfirst, dateline, captions with credits,
    then one row per attribution (speaker — role — cue — content), anonymous ones marked."""
    meta = article.metadata
    console.rule(f"[bold]{article.doc_id}")
    header = Table.grid(padding=(0, 1))
    header.add_column(style="bold cyan", no_wrap=True)
    header.add_column()
    rows = [
        ("Outlet", meta.outlet),
        ("Headline", meta.headline),
        ("Authors", ", ".join(meta.authors) if meta.authors else None),
        ("Standfirst", meta.standfirst),
        ("Dateline", meta.dateline),
        ("Published", meta.published),
        ("Edition", ", ".join(v for v in (meta.language, meta.country) if v) or None),
    ]
    for caption in article.captions:
        credit = f" [credit: {caption.credit}]" if caption.credit else ""
        rows.append(("Caption", _shorten(caption.text) + credit))
    for label, value in rows:
        if value:
            header.add_row(label, Text(value))
    console.print(header)

    table = Table(title=f"{len(article.attributions)} attributions", show_lines=True)
    table.add_column("#", no_wrap=True)
    table.add_column("speaker")
    table.add_column("role")
    table.add_column("cue")
    table.add_column("content")
    for attribution in article.attributions:
        speaker = attribution.speaker
        who = speaker.name or (attribution.source.text if attribution.source else "—")
        if speaker.anonymous:
            who = f"{who} [anonymous]"
            if speaker.anonymity_reason:
                who += f"\nreason: {speaker.anonymity_reason}"
        number = attribution.id + (f"\n⊂ {attribution.parent}" if attribution.parent else "")
        table.add_row(
            number,
            Text(who, style="yellow" if speaker.anonymous else "green"),
            Text(speaker.role or ""),
            Text(attribution.cue.text if attribution.cue else ""),
            Text(_shorten(attribution.content.text) + f"  ({attribution.kind})"),
        )
    console.print(table)
