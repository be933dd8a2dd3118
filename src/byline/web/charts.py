"""Server-rendered SVG charts of the source audit (no script, no external asset).

Each function returns an ``<svg>`` element as :class:`markupsafe.Markup`; every label taken from
the corpus (outlet, month, speaker name) is escaped with ``Markup.format``. Colors are SVG
presentation attributes (not ``style``), so the pages' Content-Security-Policy allows them.
Bars carry ``class="bar ..."`` and ``data-`` attributes with their values (shares are fractions
0..1, counts are attributions), and a ``<title>`` shown on hover.
"""

from __future__ import annotations

from markupsafe import Markup

from byline.audit import SPEAKER_TYPES, PeriodShares

NAMED_COLOR = "#2f6f9f"
ANONYMOUS_COLOR = "#d9822b"
TYPE_COLORS = {
    "person": "#2f6f9f",
    "organization": "#4f9a5b",
    "document": "#8a63b3",
    "group": "#d9822b",
    "place": "#b8a13a",
    "other": "#888888",
    "unresolved": "#cccccc",
}


def _svg(width: int, height: int, label: str, body: list[Markup]) -> Markup:
    head = Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{}" height="{}" '
        'viewBox="0 0 {} {}" role="img" aria-label="{}">'
    ).format(width, height, width, height, label)
    return head + Markup("").join(body) + Markup("</svg>")


def share_over_time(outlet: str, months: list[PeriodShares]) -> Markup:
    """Named vs anonymous share of one outlet's attributions per month: one 100% stacked bar
    per month (named below, anonymous on top), months in order with ``unknown`` last."""
    months = sorted(months, key=lambda p: (p.month == "unknown", p.month))
    bar, gap, left, top, plot_h = 34, 24, 40, 10, 140
    width = left + max(1, len(months)) * (bar + gap) + 10
    height = top + plot_h + 40
    body: list[Markup] = []
    for share in (0.0, 0.5, 1.0):
        y = top + plot_h * (1 - share)
        body.append(
            Markup(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#ddd" stroke-width="1"/>'
                '<text x="{}" y="{}" font-size="11" text-anchor="end" fill="#555">{}%</text>'
            ).format(left, width - 10, y, y, left - 6, y + 4, round(share * 100))
        )
    for i, p in enumerate(months):
        x = left + gap / 2 + i * (bar + gap)
        named_h = plot_h * p.share_named
        anon_h = plot_h * p.share_anonymous
        tip = (
            f"{outlet}, {p.month}: {p.named} named, {p.anonymous} anonymous of "
            f"{p.attributions} attributions ({p.share_anonymous:.0%} anonymous)"
        )
        for cls, y, h, color, value in (
            ("bar-named", top + plot_h - named_h, named_h, NAMED_COLOR, p.share_named),
            ("bar-anonymous", top + plot_h - named_h - anon_h, anon_h, ANONYMOUS_COLOR,
             p.share_anonymous),
        ):  # fmt: skip
            body.append(
                Markup(
                    '<rect class="bar {}" x="{}" y="{:.1f}" width="{}" height="{:.1f}" '
                    'fill="{}" data-outlet="{}" data-month="{}" data-value="{:.4f}">'
                    "<title>{}</title></rect>"
                ).format(cls, x, y, bar, h, color, outlet, p.month, value, tip)
            )
        body.append(
            Markup(
                '<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="#333">{}</text>'
                '<text x="{}" y="{}" font-size="10" text-anchor="middle" fill="#777">n={}</text>'
            ).format(
                x + bar / 2,
                top + plot_h + 15,
                p.month,
                x + bar / 2,
                top + plot_h + 29,
                p.attributions,
            )
        )
    return _svg(int(width), height, f"Named and anonymous share per month, {outlet}", body)


def bar_list(items: list[tuple[str, int, str | None]], label: str) -> Markup:
    """A horizontal bar per item ``(label, value, href)``, longest first as given; labels link
    to ``href`` when one is given."""
    row, left, bar_w = 24, 210, 300
    peak = max((v for _, v, _ in items), default=0) or 1
    width, height = left + bar_w + 50, max(1, len(items)) * row + 6
    body: list[Markup] = []
    for i, (name, value, href) in enumerate(items):
        y = 4 + i * row
        text = Markup(
            '<text x="{}" y="{}" font-size="12" text-anchor="end" fill="#222">{}</text>'
        ).format(left - 8, y + 15, name if len(name) <= 32 else name[:31] + "…")
        if href:
            text = Markup('<a href="{}">{}</a>').format(href, text)
        w = bar_w * value / peak
        body.append(
            text
            + Markup(
                '<rect class="bar bar-speaker" x="{}" y="{}" width="{:.1f}" height="{}" '
                'fill="{}" data-label="{}" data-value="{}"><title>{}: {}</title></rect>'
                '<text x="{:.1f}" y="{}" font-size="11" fill="#333">{}</text>'
            ).format(
                left,
                y + 3,
                w,
                row - 8,
                NAMED_COLOR,
                name,
                value,
                name,
                value,
                left + w + 5,
                y + 15,
                value,
            )
        )
    return _svg(width, height, label, body)


def type_mix(outlets: list[PeriodShares]) -> Markup:
    """Speaker types (people, organizations, documents, ...) per outlet: one 100% stacked
    horizontal bar per outlet, in :data:`byline.audit.SPEAKER_TYPES` order, with a legend."""
    row, left, bar_w = 30, 150, 420
    legend_h = 26
    width = left + bar_w + 20
    height = legend_h + max(1, len(outlets)) * row + 6
    body: list[Markup] = []
    x = 0
    for t in SPEAKER_TYPES:
        body.append(
            Markup(
                '<rect x="{}" y="4" width="12" height="12" fill="{}"/>'
                '<text x="{}" y="14" font-size="11" fill="#333">{}</text>'
            ).format(x, TYPE_COLORS[t], x + 16, t)
        )
        x += 22 + 7 * len(t)
    for i, p in enumerate(outlets):
        y = legend_h + i * row
        body.append(
            Markup(
                '<text x="{}" y="{}" font-size="12" text-anchor="end" fill="#222">{}</text>'
            ).format(left - 8, y + 16, p.outlet)
        )
        offset = 0.0
        for t in SPEAKER_TYPES:
            share = p.type_share(t)
            if not share:
                continue
            w = bar_w * share
            body.append(
                Markup(
                    '<rect class="bar bar-type" x="{:.1f}" y="{}" width="{:.1f}" height="{}" '
                    'fill="{}" data-outlet="{}" data-type="{}" data-value="{:.4f}">'
                    "<title>{}, {}: {} of {} attributions ({:.0%})</title></rect>"
                ).format(
                    left + offset,
                    y + 3,
                    w,
                    row - 10,
                    TYPE_COLORS[t],
                    p.outlet,
                    t,
                    share,
                    p.outlet,
                    t,
                    p.by_type.get(t, 0),
                    p.attributions,
                    share,
                )
            )
            offset += w
    return _svg(width, height, "Speaker types per outlet", body)
