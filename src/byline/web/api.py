"""The JSON API behind the pages (``/api/...``); its OpenAPI schema is ``/api/openapi.json``.

Every route only reads (see :func:`byline.web.queries.open_readonly`). A bad parameter is a
400 with ``{"detail": "..."}``; an unknown article or speaker a 404.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel

from byline.audit import SPEAKER_TYPES, PeriodShares, SourceAudit, source_audit
from byline.model import AnalyzedArticle
from byline.web import queries
from byline.web.params import BadInput, SearchParams, bounded_int, iso_date

router = APIRouter(prefix="/api", tags=["api"])


def connection(request: Request) -> Iterator[sqlite3.Connection]:
    """A read-only connection to the app's database for one request."""
    conn = queries.open_readonly(request.app.state.db_path)
    try:
        yield conn
    finally:
        conn.close()


Conn = Annotated[sqlite3.Connection, Depends(connection)]


def search_params(
    q: str | None = None,
    speaker: str | None = None,
    outlet: str | None = None,
    since: Annotated[str | None, Query(description="YYYY-MM-DD, inclusive")] = None,
    until: Annotated[str | None, Query(description="YYYY-MM-DD, inclusive")] = None,
    sources: Annotated[str | None, Query(description="any | named | anonymous")] = None,
    kind: Annotated[str | None, Query(description="direct|indirect|mixed|according_to")] = None,
    scope: Annotated[str | None, Query(description="all | articles | attributions")] = None,
    raw: Annotated[str | None, Query(description="true: q is an FTS5 query")] = None,
    limit: Annotated[str | None, Query(description="most hits of each type, 1..200")] = None,
) -> SearchParams:
    """The search filters of the query string (see :class:`SearchParams`)."""
    try:
        return SearchParams.parse(q, speaker, outlet, since, until, sources, kind, scope, raw,
                                  limit)  # fmt: skip
    except BadInput as exc:
        raise HTTPException(400, str(exc)) from None


class HitOut(BaseModel):
    """A search hit (:class:`byline.store.search.SearchHit`) with ``article_id`` (the content
    hash, for ``/article/{id}``) and the hit speaker's corpus-level ``speaker_id``."""

    type: str
    article_id: str
    doc_id: str
    outlet: str | None
    published: str | None
    headline: str | None
    snippet: str
    rank: float
    attribution_id: str | None = None
    kind: str | None = None
    speaker: str | None = None
    speaker_type: str | None = None
    anonymous: bool | None = None
    speaker_id: str | None = None


class SearchOut(BaseModel):
    query: str
    hits: list[HitOut]


def hits_out(conn: sqlite3.Connection, params: SearchParams) -> list[HitOut]:
    """Run the search and add article and speaker ids; raises :class:`BadInput`."""
    hits = params.run(conn)
    return [
        HitOut(article_id=h.content_hash, speaker_id=sid, **{
            k: v for k, v in h.to_dict().items() if k != "content_hash"
        })
        for h, sid in zip(hits, queries.hit_speaker_ids(conn, hits), strict=True)
    ]  # fmt: skip


@router.get("/search", response_model=SearchOut)
def api_search(conn: Conn, params: Annotated[SearchParams, Depends(search_params)]) -> SearchOut:
    """Full-text search with the filters of ``byline search``."""
    try:
        return SearchOut(query=params.q, hits=hits_out(conn, params))
    except BadInput as exc:
        raise HTTPException(400, str(exc)) from None


@router.get("/summary", response_model=queries.CorpusSummary)
def api_summary(conn: Conn) -> queries.CorpusSummary:
    """Counts of the corpus, per outlet."""
    return queries.corpus_summary(conn)


class ArticleOut(BaseModel):
    """A stored article and the corpus-level speaker id of each of its attributions."""

    article_id: str
    speaker_ids: dict[str, str | None]
    article: AnalyzedArticle


@router.get("/article/{article_id}", response_model=ArticleOut)
def api_article(article_id: str, conn: Conn) -> ArticleOut:
    """The article whose content hash is ``article_id``."""
    article = queries.get_article(conn, article_id)
    if article is None:
        raise HTTPException(404, "no such article")
    return ArticleOut(
        article_id=article_id,
        speaker_ids=queries.attribution_speaker_ids(article),
        article=article,
    )


@router.get("/speaker/{speaker_id}", response_model=queries.SpeakerProfile)
def api_speaker(speaker_id: str, conn: Conn) -> queries.SpeakerProfile:
    """Everything one corpus-level speaker (``type:name-slug``) said."""
    profile = queries.speaker_profile(conn, speaker_id)
    if profile is None:
        raise HTTPException(404, "no such speaker")
    return profile


class AuditFilters(BaseModel):
    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    top: int = 10


def audit_filters(
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    top: str | None = None,
) -> AuditFilters:
    """The filters of ``byline sources`` from the query string (400 when bad)."""
    try:
        return AuditFilters(
            outlet=outlet.strip() if outlet and outlet.strip() else None,
            since=iso_date(since, "since"),
            until=iso_date(until, "until"),
            top=bounded_int(top, "top", 10, 1, 100),
        )
    except BadInput as exc:
        raise HTTPException(400, str(exc)) from None


class PeriodOut(BaseModel):
    """Attribution counts of one outlet in one month (``"all"``: the outlet's total); shares
    are fractions 0..1 of ``attributions``."""

    outlet: str
    month: str
    articles: int
    attributions: int
    named: int
    anonymous: int
    by_type: dict[str, int]
    share_named: float
    share_anonymous: float
    type_shares: dict[str, float]

    @classmethod
    def of(cls, p: PeriodShares) -> PeriodOut:
        return cls(
            outlet=p.outlet, month=p.month, articles=p.articles, attributions=p.attributions,
            named=p.named, anonymous=p.anonymous, by_type=dict(p.by_type),
            share_named=p.share_named, share_anonymous=p.share_anonymous,
            type_shares={t: p.type_share(t) for t in SPEAKER_TYPES},
        )  # fmt: skip


class AuditOut(BaseModel):
    """The source audit of ``byline sources`` plus the corpus-wide top speakers."""

    by_outlet: list[PeriodOut]
    by_month: list[PeriodOut]
    top_speakers_by_outlet: list[dict[str, Any]]
    top_speakers: list[queries.TopSpeaker]
    anonymous: list[dict[str, Any]]


def audit_out(
    conn: sqlite3.Connection, f: AuditFilters, audit: SourceAudit | None = None
) -> AuditOut:
    """The audit response for filters ``f`` (``audit``: an already computed audit of them)."""
    if audit is None:
        audit = source_audit(conn, top=f.top, outlet=f.outlet, since=f.since, until=f.until)
    return AuditOut(
        by_outlet=[PeriodOut.of(p) for p in audit.by_outlet],
        by_month=[PeriodOut.of(p) for p in audit.by_month],
        top_speakers_by_outlet=[asdict(s) for s in audit.top_speakers],
        top_speakers=queries.top_speakers(conn, f.top, f.outlet, f.since, f.until),
        anonymous=[asdict(a) for a in audit.anonymous],
    )


@router.get("/sources", response_model=AuditOut)
def api_sources(conn: Conn, f: Annotated[AuditFilters, Depends(audit_filters)]) -> AuditOut:
    """The source audit (``byline sources``): named vs anonymous shares per outlet and month,
    speaker types, top speakers, anonymous sources with their stated reasons."""
    return audit_out(conn, f)


@router.get("/speakers", response_model=list[queries.TopSpeaker])
def api_speakers(
    conn: Conn, f: Annotated[AuditFilters, Depends(audit_filters)]
) -> list[queries.TopSpeaker]:
    """The ``top`` most quoted named speakers across the corpus."""
    return queries.top_speakers(conn, f.top, f.outlet, f.since, f.until)
