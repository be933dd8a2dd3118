"""The source audit: who a corpus quotes, per outlet and per month.

Plain functions over a corpus store returning dataclasses (rendering is in
:mod:`byline.audit_report`), after the source audits newsrooms run on their own coverage (e.g.
the BBC's and the Financial Times' diversity audits of quoted sources). Definitions:

- an *attribution* is one row of the store's attributions table; its outlet and month are its
  article's (``published[:7]``; ``"unknown"`` when the article has no outlet or no date);
- *named* vs *anonymous* is ``speaker.anonymous``; shares are fractions of the attributions in
  the period (0.0 when there are none);
- speaker types are counted by ``speaker.type``, ``None`` counted as ``"unresolved"``;
- top speakers group *named* attributions by outlet and by speaker name (case-insensitive) and
  type, with the distinct roles stated; attributions whose speaker has no name are not in it;
- anonymous sources list every anonymous attribution with its stated reason (or ``None``).
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import asdict, dataclass, field

from byline.readers.decode import clean_label

SPEAKER_TYPES = ("person", "organization", "document", "group", "place", "other", "unresolved")
"""Speaker type buckets of the audit, in display order."""
ALL = "all"
UNKNOWN = "unknown"


@dataclass
class PeriodShares:
    """Attribution counts of one outlet in one period (``month`` ``"YYYY-MM"``, ``"unknown"``,
    or ``"all"`` for the outlet's total)."""

    outlet: str
    month: str
    articles: int = 0
    attributions: int = 0
    named: int = 0
    anonymous: int = 0
    by_type: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SPEAKER_TYPES, 0))

    @property
    def share_named(self) -> float:
        return self.named / self.attributions if self.attributions else 0.0

    @property
    def share_anonymous(self) -> float:
        return self.anonymous / self.attributions if self.attributions else 0.0

    def type_share(self, speaker_type: str) -> float:
        """Share of the period's attributions whose speaker has ``speaker_type``."""
        return self.by_type.get(speaker_type, 0) / self.attributions if self.attributions else 0.0


@dataclass
class SpeakerCount:
    """A named speaker of one outlet: attributions and articles quoting them, roles stated."""

    outlet: str
    name: str
    type: str
    attributions: int
    articles: int
    roles: list[str]


@dataclass
class AnonymousSource:
    """One anonymous attribution: the source as written, its description and stated reason."""

    outlet: str
    month: str
    doc_id: str
    content_hash: str
    attribution_id: str
    source_text: str | None
    description: str | None
    role: str | None
    reason: str | None


@dataclass
class SourceAudit:
    """The whole audit: per-outlet totals, per-outlet-month rows, top speakers per outlet,
    anonymous sources."""

    by_outlet: list[PeriodShares]
    by_month: list[PeriodShares]
    top_speakers: list[SpeakerCount]
    anonymous: list[AnonymousSource]


def article_filters(
    outlet: str | None, since: str | None, until: str | None
) -> tuple[list[str], list[str]]:
    """SQL clauses and bound parameters over the articles table aliased ``a``: the outlet
    (``"unknown"`` matches articles without one) and the publication-date range (ISO dates,
    inclusive). Shared by the audit and the web dashboard so both count the same rows."""
    clauses, params = [], []
    if outlet:
        clauses.append("ifnull(a.outlet, 'unknown') = ?")
        params.append(clean_label(outlet))  # surrogates (non-UTF-8 argv bytes) cannot be bound
    if since:
        clauses.append("a.published >= ?")
        params.append(since)
    if until:
        clauses.append("a.published <= ?")
        params.append(until)
    return clauses, params


def source_audit(
    conn: sqlite3.Connection,
    top: int = 10,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> SourceAudit:
    """Compute the audit over a store's connection (see the module docstring).

    ``top`` speakers per outlet; ``outlet``, ``since``/``until`` (ISO dates, inclusive) restrict
    the articles counted.
    """
    clauses, params = article_filters(outlet, since, until)
    where = " AND ".join(clauses) or "1"
    outlet_sql = f"ifnull(a.outlet, '{UNKNOWN}')"
    month_sql = (
        f"CASE WHEN a.published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]*' "
        f"THEN substr(a.published, 1, 7) ELSE '{UNKNOWN}' END"
    )
    periods: dict[tuple[str, str], PeriodShares] = {}

    def period(o: str, m: str) -> PeriodShares:
        if (o, m) not in periods:
            periods[(o, m)] = PeriodShares(outlet=o, month=m)
        return periods[(o, m)]

    for o, m, n in conn.execute(
        f"SELECT {outlet_sql}, {month_sql}, count(*) FROM articles a WHERE {where} GROUP BY 1, 2",
        params,
    ):
        period(o, m).articles += n
        period(o, ALL).articles += n
    for o, m, anonymous, speaker_type, n in conn.execute(
        f"SELECT {outlet_sql}, {month_sql}, t.speaker_anonymous, t.speaker_type, count(*) "
        f"FROM attributions t JOIN articles a USING (article_id) WHERE {where} "
        "GROUP BY 1, 2, 3, 4",
        params,
    ):
        bucket = speaker_type if speaker_type in SPEAKER_TYPES else "unresolved"
        for p in (period(o, m), period(o, ALL)):
            p.attributions += n
            if anonymous:
                p.anonymous += n
            else:
                p.named += n
            p.by_type[bucket] += n
    by_outlet = sorted((p for p in periods.values() if p.month == ALL), key=lambda p: p.outlet)
    by_month = sorted(
        (p for p in periods.values() if p.month != ALL), key=lambda p: (p.outlet, p.month)
    )
    return SourceAudit(
        by_outlet=by_outlet,
        by_month=by_month,
        top_speakers=_top_speakers(conn, outlet_sql, where, params, top),
        anonymous=_anonymous(conn, outlet_sql, month_sql, where, params),
    )


def _top_speakers(
    conn: sqlite3.Connection, outlet_sql: str, where: str, params: list[str], top: int
) -> list[SpeakerCount]:
    groups: dict[tuple[str, str, str], dict] = {}
    rows = conn.execute(
        f"SELECT {outlet_sql}, t.speaker_name, ifnull(t.speaker_type, 'unresolved'), "
        "t.speaker_role, a.article_id FROM attributions t JOIN articles a USING (article_id) "
        f"WHERE {where} AND NOT t.speaker_anonymous AND t.speaker_name IS NOT NULL "
        "AND trim(t.speaker_name) != ''",
        params,
    )
    for o, name, speaker_type, role, article_id in rows:
        key = (o, name.strip().casefold(), speaker_type)
        entry = groups.setdefault(
            key, {"name": name.strip(), "count": 0, "articles": set(), "roles": {}}
        )
        entry["count"] += 1
        entry["articles"].add(article_id)
        if role and role.strip():
            entry["roles"].setdefault(role.strip().casefold(), role.strip())
    per_outlet: dict[str, list[SpeakerCount]] = defaultdict(list)
    for (o, _, speaker_type), entry in groups.items():
        per_outlet[o].append(
            SpeakerCount(
                outlet=o,
                name=entry["name"],
                type=speaker_type,
                attributions=entry["count"],
                articles=len(entry["articles"]),
                roles=sorted(entry["roles"].values()),
            )
        )
    result: list[SpeakerCount] = []
    for o in sorted(per_outlet):
        ranked = sorted(per_outlet[o], key=lambda s: (-s.attributions, -s.articles, s.name))
        result.extend(ranked[:top])
    return result


def _anonymous(
    conn: sqlite3.Connection, outlet_sql: str, month_sql: str, where: str, params: list[str]
) -> list[AnonymousSource]:
    rows = conn.execute(
        f"SELECT {outlet_sql}, {month_sql}, a.doc_id, a.content_hash, t.id, t.source_text, "
        "t.speaker_name, t.speaker_role, t.speaker_anonymity_reason "
        f"FROM attributions t JOIN articles a USING (article_id) WHERE {where} "
        "AND t.speaker_anonymous ORDER BY 1, 2, a.doc_id, t.attribution_rowid",
        params,
    )
    return [AnonymousSource(*r) for r in rows]


def audit_to_dict(audit: SourceAudit) -> dict[str, list[dict]]:
    """The audit as JSON-ready dicts; period rows carry ``share_named``, ``share_anonymous`` and
    ``type_shares`` (fractions 0..1) beside the counts."""

    def shares(p: PeriodShares) -> dict:
        return {
            **asdict(p),
            "share_named": p.share_named,
            "share_anonymous": p.share_anonymous,
            "type_shares": {t: p.type_share(t) for t in SPEAKER_TYPES},
        }

    return {
        "by_outlet": [shares(p) for p in audit.by_outlet],
        "by_month": [shares(p) for p in audit.by_month],
        "top_speakers": [asdict(s) for s in audit.top_speakers],
        "anonymous": [asdict(a) for a in audit.anonymous],
    }
