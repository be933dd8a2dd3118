"""Rendering of the source audit (:mod:`byline.audit`): terminal tables, CSV files, a chart.

The chart plots, per outlet, the share of named and of anonymous attributions per month
(months with no attributions are left out). It is a PNG (matplotlib, Agg backend), an SVG, or a
self-contained HTML page with the SVG inline (no script, no CDN), chosen by the file suffix.
"""

from __future__ import annotations

import csv
import html
import io
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from byline.audit import SPEAKER_TYPES, PeriodShares, SourceAudit

CHART_SUFFIXES = (".png", ".svg", ".html")


def _pct(value: float) -> str:
    return f"{100 * value:.1f}%"


def _shares_table(title: str, rows: list[PeriodShares], with_month: bool) -> Table:
    table = Table(
        title=title,
        caption="shares of attributions; other: group, place, other type or unresolved",
    )
    table.add_column("outlet", overflow="fold", min_width=12)
    if with_month:
        table.add_column("month", min_width=7)
    for name in ("articles", "attrib.", "named", "anon.", "person", "org.", "doc.", "other"):
        table.add_column(name, justify="right")
    for p in rows:
        other = sum(p.by_type[t] for t in SPEAKER_TYPES if t not in SPEAKER_TYPES[:3])
        cells = [p.outlet, *([p.month] if with_month else [])]
        cells += [str(p.articles), str(p.attributions), _pct(p.share_named)]
        cells += [_pct(p.share_anonymous)]
        cells += [_pct(p.type_share(t)) for t in SPEAKER_TYPES[:3]]
        cells.append(_pct(other / p.attributions if p.attributions else 0.0))
        table.add_row(*(escape(c) for c in cells))
    return table


def render_audit(audit: SourceAudit, console: Console, months: bool = True) -> None:
    """Print the audit: per-outlet shares, per-month shares (when ``months``), top speakers,
    anonymous sources with their stated reasons."""
    console.print(_shares_table("Attributions per outlet", audit.by_outlet, with_month=False))
    if months:
        console.print(_shares_table("Attributions per outlet and month", audit.by_month, True))
    speakers = Table(title="Top quoted speakers")
    for name in ("outlet", "speaker", "type", "attributions", "articles", "roles"):
        speakers.add_column(
            name, justify="right" if name in ("attributions", "articles") else "left"
        )
    for s in audit.top_speakers:
        cells = [s.outlet, s.name, s.type, str(s.attributions), str(s.articles)]
        speakers.add_row(*(escape(c) for c in [*cells, "; ".join(s.roles)]))
    console.print(speakers)
    anonymous = Table(title=f"Anonymous sources ({len(audit.anonymous)})")
    for name in ("outlet", "month", "article", "source", "reason"):
        anonymous.add_column(name)
    for a in audit.anonymous:
        cells = [a.outlet, a.month, a.doc_id, a.source_text or a.description or ""]
        anonymous.add_row(*(escape(c) for c in [*cells, a.reason or "—"]))
    console.print(anonymous)


def _share_rows(rows: list[PeriodShares]) -> list[dict[str, object]]:
    result = []
    for p in rows:
        row: dict[str, object] = {
            "outlet": p.outlet,
            "month": p.month,
            "articles": p.articles,
            "attributions": p.attributions,
            "named": p.named,
            "anonymous": p.anonymous,
            "share_named": round(p.share_named, 6),
            "share_anonymous": round(p.share_anonymous, 6),
        }
        for t in SPEAKER_TYPES:
            row[t] = p.by_type[t]
            row[f"share_{t}"] = round(p.type_share(t), 6)
        result.append(row)
    return result


def _write_csv(path: Path, rows: list[dict[str, object]], header: list[str]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_audit_csv(audit: SourceAudit, directory: str | Path) -> list[Path]:
    """Write ``outlets.csv``, ``months.csv``, ``speakers.csv`` and ``anonymous.csv`` (UTF-8,
    shares as fractions 0..1) into ``directory`` (created); returns the paths."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    share_header = list(_share_rows([PeriodShares("", "")])[0])
    speakers = [
        {
            "outlet": s.outlet,
            "speaker": s.name,
            "type": s.type,
            "attributions": s.attributions,
            "articles": s.articles,
            "roles": "; ".join(s.roles),
        }
        for s in audit.top_speakers
    ]
    anonymous = [vars(a) for a in audit.anonymous]
    anonymous_header = [
        "outlet", "month", "doc_id", "content_hash", "attribution_id", "source_text",
        "description", "role", "reason",
    ]  # fmt: skip
    return [
        _write_csv(directory / "outlets.csv", _share_rows(audit.by_outlet), share_header),
        _write_csv(directory / "months.csv", _share_rows(audit.by_month), share_header),
        _write_csv(
            directory / "speakers.csv",
            speakers,
            ["outlet", "speaker", "type", "attributions", "articles", "roles"],
        ),
        _write_csv(directory / "anonymous.csv", anonymous, anonymous_header),
    ]


def _figure(audit: SourceAudit):  # type: ignore[no-untyped-def]
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.dates import DateFormatter, MonthLocator
    from matplotlib.figure import Figure

    figure = Figure(figsize=(10, 5.5), layout="constrained")
    named_ax, anonymous_ax = figure.subplots(1, 2, sharey=True)
    outlets = sorted({p.outlet for p in audit.by_month})
    for outlet in outlets:
        points = [
            p
            for p in audit.by_month
            if p.outlet == outlet and p.month != "unknown" and p.attributions
        ]
        if not points:
            continue
        # real dates, not categories: months of every outlet share one ordered axis
        months = [date(int(p.month[:4]), int(p.month[5:7]), 1) for p in points]
        named_ax.plot(months, [p.share_named for p in points], marker="o", label=outlet)
        anonymous_ax.plot(months, [p.share_anonymous for p in points], marker="o", label=outlet)
    dated = sorted(p.month for p in audit.by_month if p.month != "unknown")
    span = 1
    if dated:
        first, last = dated[0], dated[-1]
        span = (int(last[:4]) - int(first[:4])) * 12 + int(last[5:7]) - int(first[5:7]) + 1
    for ax, title in ((named_ax, "Named sources"), (anonymous_ax, "Anonymous sources")):
        ax.xaxis.set_major_locator(MonthLocator(interval=max(1, span // 12)))
        ax.xaxis.set_major_formatter(DateFormatter("%Y-%m"))
        ax.set_title(title)
        ax.set_xlabel("month")
        ax.set_ylim(-0.02, 1.02)
        ax.tick_params(axis="x", labelrotation=45)
        ax.grid(alpha=0.3)
    named_ax.set_ylabel("share of attributions")
    if outlets:
        anonymous_ax.legend(fontsize="small", loc="upper right")
    return figure


def write_share_chart(audit: SourceAudit, path: str | Path) -> Path:
    """Write the named/anonymous share chart to ``path`` (``.png``, ``.svg`` or ``.html``).

    Raises ``ValueError`` for another suffix.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in CHART_SUFFIXES:
        raise ValueError(f"chart must be one of {', '.join(CHART_SUFFIXES)}, not {path.name}")
    figure = _figure(audit)
    if suffix == ".png":
        figure.savefig(path, format="png", dpi=120)
        return path
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg")
    svg = buffer.getvalue()
    if suffix == ".svg":
        path.write_text(svg, encoding="utf-8")
        return path
    svg = svg[svg.index("<svg") :]
    title = "byline source audit: named and anonymous sources per month"
    path.write_text(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head>\n<body><h1>{html.escape(title)}</h1>\n"
        f"{svg}\n</body></html>\n",
        encoding="utf-8",
    )
    return path
