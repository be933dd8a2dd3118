"""Read-only queries of the web UI over a corpus store (SQLite, see :mod:`byline.store`).

The database is opened with a ``file:...?mode=ro`` URI and ``PRAGMA query_only = ON``
(:func:`open_readonly`): any write through the connection fails with
``sqlite3.OperationalError``. Everything here only reads.

Corpus-level speaker id
-----------------------
Entity ids (``E1``...) are per article, so a speaker across the corpus is identified by
:func:`speaker_key`: ``"<type>:<slug>"`` where ``type`` is the speaker's entity type
(``person``, ``organization``, ``document``, ``group``, ``place``, ``other``, or
``unresolved`` when none was given) and ``slug`` is the speaker's name NFKC-normalized,
case-folded, with every run of characters other than letters and digits replaced by one ``-``
(``"Ann Lee"`` -> ``person:ann-lee``; ``"Jean-Luc Picard"`` and ``"jean luc picard"`` are the same
speaker). Only named sources have one: anonymous attributions and speakers whose name has no
letter or digit get ``None``. The key depends on nothing but the stored name and type, so it is
stable across runs, databases and re-ingests. It is the same grouping as the source audit's top
speakers (:mod:`byline.audit`: case-insensitive name and type) except that punctuation and
spacing are ignored too.

Article id
----------
An article's id in URLs and the API is its ``content_hash`` (SHA-256 of its text, the store's
identity of an article), 64 lowercase hex digits.
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from byline.audit import article_filters
from byline.model import AnalyzedArticle
from byline.store.schema import article_from_row
from byline.store.search import SearchHit
from byline.store.sqlite import STORE_FORMAT

HASH_RE = re.compile(r"^[0-9a-f]{64}$")
_NON_WORD = re.compile(r"[\W_]+")


def speaker_key(name: str | None, speaker_type: str | None) -> str | None:
    """The corpus-level speaker id of a named speaker (see the module docstring), or ``None``
    when ``name`` is empty or has no letter or digit."""
    if not name:
        return None
    slug = _NON_WORD.sub("-", unicodedata.normalize("NFKC", name).casefold()).strip("-")
    if not slug:
        return None
    return f"{speaker_type or 'unresolved'}:{slug}"


def open_readonly(path: str | Path) -> sqlite3.Connection:
    """Open the store at ``path`` read-only (``mode=ro`` URI, ``query_only``).

    The connection may be used from another thread than the one that opened it (one request at
    a time). Registers the SQL function ``byline_speaker_key(name, type)`` (:func:`speaker_key`).
    Raises ``FileNotFoundError`` when ``path`` does not exist, ``sqlite3.DatabaseError`` when it
    is not a SQLite database and ``ValueError`` when it is not a byline store of this format.
    """
    resolved = Path(path).resolve()
    if not resolved.is_file():
        raise FileNotFoundError(f"no such database: {path}")
    uri = f"file:{quote(str(resolved))}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
    try:
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA query_only = ON")
        conn.execute("PRAGMA busy_timeout = 10000")
        conn.create_function("byline_speaker_key", 2, speaker_key, deterministic=True)
        try:
            found = conn.execute("SELECT value FROM meta WHERE key = 'store_format'").fetchone()
        except sqlite3.OperationalError:
            found = None
        if found is None or found[0] != STORE_FORMAT:
            raise ValueError(f"{path}: not a byline store of format {STORE_FORMAT}")
    except BaseException:
        conn.close()
        raise
    return conn


# summary -----------------------------------------------------------------------------------


@dataclass
class OutletSummary:
    """One outlet: articles and attributions stored, first and last publication date."""

    outlet: str
    articles: int
    attributions: int
    first: str | None
    last: str | None


@dataclass
class CorpusSummary:
    """Counts of the whole store; ``speakers`` is the number of distinct corpus-level speaker
    ids, ``anonymous`` the anonymous attributions."""

    articles: int
    attributions: int
    anonymous: int
    speakers: int
    outlets: list[OutletSummary] = field(default_factory=list)


def corpus_summary(conn: sqlite3.Connection) -> CorpusSummary:
    """Counts per outlet (``"unknown"`` for articles without one) and in total."""
    one = conn.execute
    quoted = dict(
        one(
            "SELECT ifnull(a.outlet, 'unknown'), count(*) FROM attributions t "
            "JOIN articles a USING (article_id) GROUP BY 1"
        ).fetchall()
    )
    outlets = [
        OutletSummary(o, n, quoted.get(o, 0), first, last)
        for o, n, first, last in one(
            "SELECT ifnull(outlet, 'unknown'), count(*), min(published), max(published) "
            "FROM articles GROUP BY 1 ORDER BY 1"
        )
    ]
    speakers = one(
        "SELECT count(DISTINCT byline_speaker_key(speaker_name, speaker_type)) "
        "FROM attributions WHERE NOT speaker_anonymous"
    ).fetchone()[0]
    return CorpusSummary(
        articles=one("SELECT count(*) FROM articles").fetchone()[0],
        attributions=one("SELECT count(*) FROM attributions").fetchone()[0],
        anonymous=one("SELECT count(*) FROM attributions WHERE speaker_anonymous").fetchone()[0],
        speakers=speakers,
        outlets=outlets,
    )


def outlets(conn: sqlite3.Connection) -> list[str]:
    """The distinct outlets stored, sorted (for filter menus)."""
    return [
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL ORDER BY 1"
        )
    ]


# articles ----------------------------------------------------------------------------------


def get_article(conn: sqlite3.Connection, article_id: str) -> AnalyzedArticle | None:
    """The stored article whose ``content_hash`` is ``article_id``, or ``None``."""
    if not HASH_RE.match(article_id):
        return None
    r = conn.execute(
        "SELECT record, text FROM articles WHERE content_hash = ?", (article_id,)
    ).fetchone()
    return article_from_row(r["record"], r["text"]) if r else None


def attribution_speaker_ids(article: AnalyzedArticle) -> dict[str, str | None]:
    """Attribution id -> corpus-level speaker id (``None`` for anonymous or unnamed)."""
    return {
        a.id: None if a.speaker.anonymous else speaker_key(a.speaker.name, a.speaker.type)
        for a in article.attributions
    }


# search ------------------------------------------------------------------------------------


def hit_speaker_ids(conn: sqlite3.Connection, hits: list[SearchHit]) -> list[str | None]:
    """The corpus-level speaker id of each attribution hit (``None`` for article hits and
    anonymous or unnamed speakers), looked up by content hash and attribution id."""
    ids: list[str | None] = []
    for hit in hits:
        if hit.type != "attribution" or hit.attribution_id is None:
            ids.append(None)
            continue
        r = conn.execute(
            "SELECT t.speaker_name, t.speaker_type, t.speaker_anonymous FROM attributions t "
            "JOIN articles a USING (article_id) WHERE a.content_hash = ? AND t.id = ?",
            (hit.content_hash, hit.attribution_id),
        ).fetchone()
        ids.append(None if r is None or r[2] else speaker_key(r[0], r[1]))
    return ids


# speakers ----------------------------------------------------------------------------------


@dataclass
class Statement:
    """One attribution of a speaker, with its article's identity, outlet and date."""

    article_id: str
    doc_id: str
    outlet: str | None
    published: str | None
    headline: str | None
    attribution_id: str
    kind: str
    source: str | None
    cue: str | None
    content: str
    role: str | None


@dataclass
class SpeakerProfile:
    """Everything one corpus-level speaker said.

    ``name`` is the most frequent spelling; ``aliases`` the distinct names and entity aliases
    (surface forms of the resolved entity's mentions) seen; ``written_as`` the sources as
    written with counts; ``roles`` the roles and titles stated (case-insensitively distinct);
    ``by_outlet`` and ``by_month`` attribution counts (``"unknown"`` without outlet/date);
    ``statements`` by date (undated last), then outlet, at most ``limit`` of ``total``.
    """

    speaker_id: str
    name: str
    type: str
    total: int
    articles: int
    aliases: list[str]
    written_as: list[tuple[str, int]]
    roles: list[str]
    by_outlet: list[tuple[str, int]]
    by_month: list[tuple[str, int]]
    statements: list[Statement]


def _distinct(values: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for v in values:
        v = " ".join(v.split())
        if v:
            seen.setdefault(v.casefold(), v)
    return sorted(seen.values(), key=str.casefold)


def speaker_profile(
    conn: sqlite3.Connection, speaker_id: str, limit: int = 500
) -> SpeakerProfile | None:
    """The profile of ``speaker_id`` (:func:`speaker_key`), or ``None`` when no named
    attribution has it."""
    if ":" not in speaker_id or len(speaker_id) > 400:
        return None
    rows = conn.execute(
        "SELECT a.article_id, a.content_hash, a.doc_id, a.outlet, a.published, a.headline, "
        "t.id, t.kind, t.source_text, t.cue_text, t.content_text, t.speaker_name, "
        "t.speaker_type, t.speaker_role, t.speaker_entity_id FROM attributions t "
        "JOIN articles a USING (article_id) WHERE NOT t.speaker_anonymous "
        "AND byline_speaker_key(t.speaker_name, t.speaker_type) = ? "
        "ORDER BY a.published IS NULL, a.published, a.outlet, a.article_id, "
        "t.attribution_rowid",
        (speaker_id,),
    ).fetchall()
    if not rows:
        return None
    names = Counter(" ".join(r["speaker_name"].split()) for r in rows)
    roles = [r["speaker_role"] for r in rows if r["speaker_role"]]
    aliases = list(names)
    entity_refs: dict[int, set[str]] = {}
    for r in rows:
        if r["speaker_entity_id"]:
            entity_refs.setdefault(r["article_id"], set()).add(r["speaker_entity_id"])
    for article_id, entity_ids in entity_refs.items():
        record = conn.execute(
            "SELECT record FROM articles WHERE article_id = ?", (article_id,)
        ).fetchone()
        for entity in json.loads(record[0]).get("entities", []):
            if entity.get("id") in entity_ids:
                aliases += [entity.get("name") or "", *entity.get("aliases", [])]
                roles += entity.get("titles", [])
    written = Counter(" ".join(r["source_text"].split()) for r in rows if r["source_text"])
    month = Counter(
        r["published"][:7] if r["published"] and re.match(r"\d{4}-\d\d", r["published"]) else
        "unknown"
        for r in rows
    )  # fmt: skip
    outlet = Counter(r["outlet"] or "unknown" for r in rows)
    return SpeakerProfile(
        speaker_id=speaker_id,
        name=min(names, key=lambda n: (-names[n], n)),
        type=rows[0]["speaker_type"] or "unresolved",
        total=len(rows),
        articles=len({r["article_id"] for r in rows}),
        aliases=_distinct(aliases),
        written_as=sorted(written.items(), key=lambda kv: (-kv[1], kv[0])),
        roles=_distinct(roles),
        by_outlet=sorted(outlet.items(), key=lambda kv: (-kv[1], kv[0])),
        by_month=sorted(month.items(), key=lambda kv: (kv[0] == "unknown", kv[0])),
        statements=[
            Statement(
                article_id=r["content_hash"],
                doc_id=r["doc_id"],
                outlet=r["outlet"],
                published=r["published"],
                headline=r["headline"],
                attribution_id=r["id"],
                kind=r["kind"],
                source=r["source_text"],
                cue=r["cue_text"],
                content=r["content_text"],
                role=r["speaker_role"],
            )
            for r in rows[:limit]
        ],
    )


@dataclass
class TopSpeaker:
    """A corpus-level speaker with its attribution and article counts."""

    speaker_id: str
    name: str
    type: str
    attributions: int
    articles: int


def top_speakers(
    conn: sqlite3.Connection,
    top: int = 10,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[TopSpeaker]:
    """The ``top`` most quoted named speakers of the corpus (all outlets together unless
    ``outlet``), by attributions then articles then name; same filters as
    :func:`byline.audit.source_audit`."""
    clauses, params = article_filters(outlet, since, until)
    where = ["NOT t.speaker_anonymous", "key IS NOT NULL", *clauses]
    rows = conn.execute(
        "SELECT key, t.speaker_name, ifnull(t.speaker_type, 'unresolved'), a.article_id FROM "
        "(SELECT *, byline_speaker_key(speaker_name, speaker_type) AS key FROM attributions) t "
        f"JOIN articles a USING (article_id) WHERE {' AND '.join(where)}",
        params,
    )
    groups: dict[str, dict[str, Any]] = {}
    for key, name, speaker_type, article_id in rows:
        g = groups.setdefault(
            key, {"names": Counter(), "type": speaker_type, "n": 0, "articles": set()}
        )
        g["names"][" ".join(name.split())] += 1
        g["n"] += 1
        g["articles"].add(article_id)
    result = [
        TopSpeaker(
            speaker_id=key,
            name=min(g["names"], key=lambda n: (-g["names"][n], n)),
            type=g["type"],
            attributions=g["n"],
            articles=len(g["articles"]),
        )
        for key, g in groups.items()
    ]
    result.sort(key=lambda s: (-s.attributions, -s.articles, s.name.casefold()))
    return result[:top]
