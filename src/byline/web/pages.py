"""The HTML pages: ``/`` (search form, corpus summary), ``/search``, ``/article/{id}``,
``/speaker/{id}``, ``/sources`` (the audit dashboard) and ``/api`` (the API's routes).

Pages are Jinja2 templates with autoescaping on; the only pre-built HTML they insert is the
highlighted article text (:func:`byline.web.highlight.highlight`) and the SVG charts
(:mod:`byline.web.charts`), both built from escaped pieces.
"""

from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from byline.audit import PeriodShares, source_audit
from byline.web import charts, queries
from byline.web.api import (
    AuditFilters,
    Conn,
    audit_filters,
    audit_out,
    hits_out,
)
from byline.web.highlight import highlight
from byline.web.params import KINDS, SCOPES, SOURCE_FILTERS, BadInput, SearchParams

router = APIRouter(include_in_schema=False)
_MARK = re.compile(r"\[([^\[\]]*)\]")


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render template ``name`` with ``context`` (autoescaped)."""
    templates = request.app.state.templates
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", status, status=status, message=message)


def snippet_pieces(snippet: str) -> list[tuple[str, bool]]:
    """Split a search snippet at its ``[match]`` markers: ``(text, is_match)`` pieces (the
    template escapes each)."""
    pieces: list[tuple[str, bool]] = []
    last = 0
    for m in _MARK.finditer(snippet):
        if m.start() > last:
            pieces.append((snippet[last : m.start()], False))
        pieces.append((m.group(1), True))
        last = m.end()
    if last < len(snippet):
        pieces.append((snippet[last:], False))
    return pieces


def _form_context(conn: Any, params: SearchParams) -> dict[str, Any]:
    return {
        "params": params,
        "outlets": queries.outlets(conn),
        "kinds": KINDS,
        "scopes": SCOPES,
        "source_filters": SOURCE_FILTERS,
    }


@router.get("/", response_class=HTMLResponse)
def index(request: Request, conn: Conn) -> HTMLResponse:
    return render(
        request,
        "index.html",
        summary=queries.corpus_summary(conn),
        top=queries.top_speakers(conn, 10),
        **_form_context(conn, SearchParams()),
    )


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, conn: Conn) -> HTMLResponse:
    q = request.query_params
    try:
        params = SearchParams.parse(
            q.get("q"), q.get("speaker"), q.get("outlet"), q.get("since"), q.get("until"),
            q.get("sources"), q.get("kind"), q.get("scope"), q.get("raw"), q.get("limit"),
        )  # fmt: skip
    except BadInput as exc:
        return render(
            request, "search.html", 400, error=str(exc), hits=[],
            **_form_context(conn, SearchParams(q=(q.get("q") or "")[:500])),
        )  # fmt: skip
    try:
        hits = [] if params.empty else hits_out(conn, params)
    except BadInput as exc:
        return render(
            request, "search.html", 400, error=str(exc), hits=[], **_form_context(conn, params)
        )
    return render(
        request, "search.html", error=None, hits=hits, pieces=snippet_pieces,
        **_form_context(conn, params),
    )  # fmt: skip


@router.get("/article/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str, conn: Conn) -> HTMLResponse:
    article = queries.get_article(conn, article_id)
    if article is None:
        return error_page(request, 404, "No article with this id is stored.")
    speaker_ids = queries.attribution_speaker_ids(article)
    entities = {e.id: e for e in article.entities}
    return render(
        request,
        "article.html",
        article=article,
        article_id=article_id,
        body=highlight(article, speaker_ids),
        speaker_ids=speaker_ids,
        entities=entities,
        nested=sum(1 for a in article.attributions if a.parent),
    )


@router.get("/speaker/{speaker_id}", response_class=HTMLResponse)
def speaker_page(request: Request, speaker_id: str, conn: Conn) -> HTMLResponse:
    profile = queries.speaker_profile(conn, speaker_id)
    if profile is None:
        return error_page(request, 404, "No named speaker with this id is in the corpus.")
    return render(request, "speaker.html", profile=profile)


@router.get("/sources", response_class=HTMLResponse)
def sources_page(
    request: Request, conn: Conn, f: Annotated[AuditFilters, Depends(audit_filters)]
) -> HTMLResponse:
    raw = source_audit(conn, top=f.top, outlet=f.outlet, since=f.since, until=f.until)
    audit = audit_out(conn, f, raw)
    months: dict[str, list[PeriodShares]] = {}
    for p in raw.by_month:
        months.setdefault(p.outlet, []).append(p)
    share_charts = [(o, charts.share_over_time(o, ps)) for o, ps in sorted(months.items())]
    speakers_chart = charts.bar_list(
        [
            (s.name, s.attributions, f"/speaker/{quote(s.speaker_id, safe='')}")
            for s in audit.top_speakers
        ],
        "Top speakers",
    )
    return render(
        request,
        "sources.html",
        audit=audit,
        filters=f,
        outlets=queries.outlets(conn),
        share_charts=share_charts,
        speakers_chart=speakers_chart,
        types_chart=charts.type_mix(raw.by_outlet),
    )


def _first_paragraph(docstring: str) -> str:
    return " ".join(docstring.split("\n\n")[0].split()).replace("``", "")


@router.get("/api", response_class=HTMLResponse)
def api_index(request: Request) -> HTMLResponse:
    schema = request.app.openapi()
    routes = [
        (path, method.upper(), op.get("summary", ""), _first_paragraph(op.get("description", "")))
        for path, ops in schema["paths"].items()
        for method, op in ops.items()
    ]
    return render(request, "api.html", routes=routes)
