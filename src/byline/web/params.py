"""Query parameters shared by the HTML pages and the JSON API, validated by hand so that a bad
value is a clear 400 (:class:`BadInput`) whether it comes from a form (empty fields) or a URL."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

from byline.store.search import SearchError, SearchHit, search

KINDS = ("direct", "indirect", "mixed", "according_to")
SCOPES = ("all", "articles", "attributions")
SOURCE_FILTERS = ("any", "named", "anonymous")
MAX_QUERY = 500
MAX_LIMIT = 200


class BadInput(ValueError):
    """A parameter the server cannot use; its message says which and why (HTTP 400)."""


def _blank(value: str | None) -> str | None:
    return None if value is None or not value.strip() else value.strip()


def iso_date(value: str | None, name: str) -> str | None:
    """``value`` as an ISO date ``YYYY-MM-DD`` (``None`` when blank); :class:`BadInput`
    otherwise."""
    value = _blank(value)
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise BadInput(f"{name} must be a date YYYY-MM-DD, not {value[:40]!r}") from None


def bounded_int(value: str | int | None, name: str, default: int, low: int, high: int) -> int:
    """``value`` as an int in ``[low, high]`` (``default`` when blank); :class:`BadInput`
    otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    try:
        number = int(value)
    except ValueError:
        raise BadInput(f"{name} must be a whole number") from None
    if not low <= number <= high:
        raise BadInput(f"{name} must be between {low} and {high}")
    return number


@dataclass
class SearchParams:
    """The filters of ``byline search``: ``q`` (words, or an FTS5 query when ``raw``),
    ``speaker`` (name contains), ``outlet`` (exact), ``since``/``until`` (ISO dates,
    inclusive), ``sources`` (``any``/``named``/``anonymous``), ``kind``, ``scope``, ``limit``
    (most hits of each type)."""

    q: str = ""
    speaker: str | None = None
    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    sources: str = "any"
    kind: str | None = None
    scope: str = "all"
    raw: bool = False
    limit: int = 20

    @classmethod
    def parse(
        cls,
        q: str | None = None,
        speaker: str | None = None,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        sources: str | None = None,
        kind: str | None = None,
        scope: str | None = None,
        raw: str | None = None,
        limit: str | None = None,
    ) -> SearchParams:
        """Validate raw query-string values; raises :class:`BadInput`."""
        q = q or ""
        if len(q) > MAX_QUERY:
            raise BadInput(f"q is longer than {MAX_QUERY} characters")
        if "\x00" in q or "\x00" in (speaker or "") or "\x00" in (outlet or ""):
            raise BadInput("parameters may not contain NUL characters")
        sources = _blank(sources) or "any"
        if sources not in SOURCE_FILTERS:
            raise BadInput(f"sources must be one of {', '.join(SOURCE_FILTERS)}")
        kind = _blank(kind)
        if kind is not None and kind not in KINDS:
            raise BadInput(f"kind must be one of {', '.join(KINDS)}")
        scope = _blank(scope) or "all"
        if scope not in SCOPES:
            raise BadInput(f"scope must be one of {', '.join(SCOPES)}")
        raw_flag = (_blank(raw) or "false").lower()
        if raw_flag not in ("true", "1", "on", "yes", "false", "0", "off", "no"):
            raise BadInput("raw must be true or false")
        return cls(
            q=q.strip(),
            speaker=_blank(speaker),
            outlet=_blank(outlet),
            since=iso_date(since, "since"),
            until=iso_date(until, "until"),
            sources=sources,
            kind=kind,
            scope=scope,
            raw=raw_flag in ("true", "1", "on", "yes"),
            limit=bounded_int(limit, "limit", 20, 1, MAX_LIMIT),
        )

    @property
    def empty(self) -> bool:
        """True when no query and no filter is given (the page shows only the form)."""
        return not (self.q or self.speaker or self.outlet or self.since or self.until) and (
            self.sources == "any" and self.kind is None
        )

    def run(self, conn: sqlite3.Connection) -> list[SearchHit]:
        """Run :func:`byline.store.search.search`; a query SQLite cannot run is
        :class:`BadInput`."""
        anonymous = {"any": None, "named": False, "anonymous": True}[self.sources]
        try:
            return search(
                conn, self.q, scope=self.scope, speaker=self.speaker, outlet=self.outlet,  # type: ignore[arg-type]
                since=self.since, until=self.until, anonymous=anonymous, kind=self.kind,
                limit=self.limit, raw=self.raw,
            )  # fmt: skip
        except SearchError as exc:
            raise BadInput(str(exc)) from None
        except sqlite3.OperationalError as exc:
            raise BadInput(f"the query could not be run: {exc}") from None
