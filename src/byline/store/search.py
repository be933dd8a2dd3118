"""Full-text search over a corpus store: article text and headline, and attribution content
(SQLite FTS5, unicode61 tokenizer, bm25 ranking).

Every value the user gives is a bound parameter, never SQL text. The query itself is, by
default, taken as plain words: each whitespace-separated word is quoted as an FTS5 string, so
punctuation, quotes and FTS5 operators in it are searched for, not interpreted (all words must
match, in any order). ``raw=True`` passes the query to FTS5 as written (``"exact phrase"``,
``OR``, ``NEAR``, ``prefix*``); a malformed raw query raises :class:`SearchError`.
"""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass
from typing import Any, Literal

from byline.readers.decode import clean_label

Scope = Literal["all", "articles", "attributions"]
SNIPPET_TOKENS = 24


class SearchError(ValueError):
    """A raw FTS5 query SQLite cannot parse."""


@dataclass
class SearchHit:
    """One hit: ``type`` ``"article"`` or ``"attribution"``; the article's identity, outlet and
    date; for an attribution its id, kind, speaker and whether anonymous; ``snippet`` with the
    matched words in ``[brackets]``; ``rank`` (bm25, lower is better; 0 without a query)."""

    type: str
    doc_id: str
    content_hash: str
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

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def plain_query(text: str) -> str:
    """The FTS5 query matching all the words of ``text`` literally (each quoted, ``"``
    doubled)."""
    words = text.split()
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)


def _clean(value: str | None) -> str | None:
    return None if value is None else clean_label(value)


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search(
    conn: sqlite3.Connection,
    query: str = "",
    *,
    scope: Scope = "all",
    speaker: str | None = None,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    anonymous: bool | None = None,
    kind: str | None = None,
    limit: int = 20,
    raw: bool = False,
) -> list[SearchHit]:
    """Search the store (see the module docstring).

    ``outlet`` (exact), ``since``/``until`` (ISO dates, inclusive, on ``published``) filter both
    kinds of hit; ``speaker`` (case-insensitive substring of the speaker's name or of the source
    as written), ``anonymous`` and ``kind`` (``direct``, ``indirect``, ``mixed``,
    ``according_to``) filter attributions, and when any of them is given only attributions are
    searched. Returns at most ``limit`` hits of each type, best first.
    """
    # a command-line argument holding bytes that are not UTF-8 arrives with surrogates, which
    # SQLite cannot bind: written as \xNN it is searched for (and found nowhere), not a crash
    query, speaker, outlet = clean_label(query), _clean(speaker), _clean(outlet)
    match = query.strip()
    if match and not raw:
        match = plain_query(match)
    attribution_filters = speaker is not None or anonymous is not None or kind is not None
    hits: list[SearchHit] = []
    article_where, article_params = ["1"], []
    if outlet is not None:
        article_where.append("a.outlet = ?")
        article_params.append(outlet)
    if since:
        article_where.append("a.published >= ?")
        article_params.append(since)
    if until:
        article_where.append("a.published <= ?")
        article_params.append(until)
    try:
        if scope in ("all", "articles") and not attribution_filters:
            hits += _articles(conn, match, article_where, article_params, limit)
        if scope in ("all", "attributions"):
            where, params = list(article_where), list(article_params)
            if speaker is not None:
                where.append(
                    "(t.speaker_name LIKE ? ESCAPE '\\' OR t.source_text LIKE ? ESCAPE '\\')"
                )
                params += [_like(speaker), _like(speaker)]
            if anonymous is not None:
                where.append("t.speaker_anonymous = ?")
                params.append(int(anonymous))
            if kind is not None:
                where.append("t.kind = ?")
                params.append(kind)
            hits += _attributions(conn, match, where, params, limit)
    except sqlite3.OperationalError as exc:
        if raw:  # every other value is a bound parameter: the raw query is at fault
            raise SearchError(f"bad full-text query {query!r}: {exc}") from None
        raise
    return hits


def _articles(
    conn: sqlite3.Connection, match: str, where: list[str], params: list[Any], limit: int
) -> list[SearchHit]:
    columns = "a.doc_id, a.content_hash, a.outlet, a.published, a.headline"
    if match:
        sql = (
            f"SELECT {columns}, snippet(articles_fts, 1, '[', ']', '…', {SNIPPET_TOKENS}), "
            "bm25(articles_fts) FROM articles_fts JOIN articles a "
            "ON a.article_id = articles_fts.rowid "
            f"WHERE articles_fts MATCH ? AND {' AND '.join(where)} ORDER BY 7 LIMIT ?"
        )
        rows = conn.execute(sql, [match, *params, limit])
    else:
        sql = (
            f"SELECT {columns}, substr(a.text, 1, 160), 0.0 FROM articles a "
            f"WHERE {' AND '.join(where)} ORDER BY a.published, a.article_id LIMIT ?"
        )
        rows = conn.execute(sql, [*params, limit])
    return [SearchHit("article", *r) for r in rows]


def _attributions(
    conn: sqlite3.Connection, match: str, where: list[str], params: list[Any], limit: int
) -> list[SearchHit]:
    columns = (
        "a.doc_id, a.content_hash, a.outlet, a.published, a.headline, {snippet}, {rank}, "
        "t.id, t.kind, coalesce(t.speaker_name, t.source_text), t.speaker_type, "
        "t.speaker_anonymous"
    )
    if match:
        sql = (
            "SELECT "
            + columns.format(
                snippet=f"snippet(attributions_fts, 0, '[', ']', '…', {SNIPPET_TOKENS})",
                rank="bm25(attributions_fts)",
            )
            + " FROM attributions_fts JOIN attributions t "
            "ON t.attribution_rowid = attributions_fts.rowid JOIN articles a USING (article_id) "
            f"WHERE attributions_fts MATCH ? AND {' AND '.join(where)} ORDER BY 7 LIMIT ?"
        )
        rows = conn.execute(sql, [match, *params, limit])
    else:
        sql = (
            "SELECT "
            + columns.format(snippet="t.content_text", rank="0.0")
            + " FROM attributions t JOIN articles a USING (article_id) "
            f"WHERE {' AND '.join(where)} ORDER BY a.published, t.attribution_rowid LIMIT ?"
        )
        rows = conn.execute(sql, [*params, limit])
    return [
        SearchHit("attribution", *r[:11], anonymous=None if r[11] is None else bool(r[11]))
        for r in rows
    ]
