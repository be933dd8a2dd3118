"""The SQLite store: idempotent, crash-safe writes of analyzed articles and errors.

Identity: an article is its ``content_hash`` (SHA-256 of the text); ``INSERT OR IGNORE`` makes a
second write of the same text a no-op (the first provenance is kept). Each batch of results is
one transaction, and the database runs in WAL mode, so a process killed at any moment
(``kill -9``) leaves every committed batch and nothing of the one in flight; the next run skips
what is stored (:meth:`Store.known_hashes`) and does the rest.

Errors are keyed by ``(path, line, record_offset, reason)`` (see
:func:`byline.store.schema.error_key`): a re-run that meets the same error updates its
``last_run``/``last_seen`` instead of adding a row. When a later run stores an article from the
same ``(path, line, record_offset)``, the error is kept as history and marked resolved
(``resolved_by`` = the article's content hash, ``resolved_at``); ``byline errors`` lists the
unresolved ones unless asked for all.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from byline.model import SCHEMA_VERSION, AnalyzedArticle, ItemError
from byline.readers.decode import clean_label
from byline.store.schema import (
    ARTICLE_COLUMNS,
    ATTRIBUTION_COLUMNS,
    article_from_row,
    article_row,
    attribution_rows,
    ddl,
    error_row,
)

_UNSTORABLE = (ValueError, OverflowError, sqlite3.IntegrityError, sqlite3.InterfaceError)
"""What one article's values can raise on the way into SQLite (text that is not encodable as
UTF-8, an integer over 64 bits): that article becomes an error, the batch goes on."""


def _unstorable(article: AnalyzedArticle, exc: Exception) -> ItemError:
    where = article.provenance
    return ItemError(
        path=where.path or article.doc_id, line=where.line, record_offset=where.record_offset,
        reason=f"cannot store: {type(exc).__name__}: {exc}",
    )  # fmt: skip


STORE_FORMAT = "1"
"""Version of the table layout (bumped when :func:`~byline.store.schema.ddl` changes)."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class WriteCounts:
    """What one :meth:`Store.write` did: articles ``stored`` (new), ``duplicates`` (text already
    stored), ``errors`` recorded (new or seen again)."""

    stored: int = 0
    duplicates: int = 0
    errors: int = 0


class Store:
    """One SQLite corpus file. Opening creates the tables when missing.

    Raises ``sqlite3.DatabaseError`` (its message naming ``path``) when ``path`` is a directory,
    cannot be opened or created, or is not a SQLite database; ``FileNotFoundError`` when opened
    ``readonly`` and missing; ``ValueError`` when it is a store of another format version.
    """

    def __init__(self, path: str | Path, readonly: bool = False) -> None:
        self.path = Path(path)
        if self.path.is_dir():
            raise sqlite3.DatabaseError(f"{self.path}: is a directory, not a database file")
        try:
            self._open(readonly)
        except sqlite3.DatabaseError as exc:
            if str(self.path) in str(exc):
                raise
            raise sqlite3.DatabaseError(f"{self.path}: {exc}") from None

    def _open(self, readonly: bool) -> None:
        if readonly:
            if not self.path.exists():
                raise FileNotFoundError(f"no such database: {self.path}")
            # as_uri() percent-encodes: a "?" or "#" in the file name stays part of the name
            self.conn = sqlite3.connect(self.path.resolve().as_uri() + "?mode=ro", uri=True)
        else:
            self.conn = sqlite3.connect(self.path)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA busy_timeout = 10000")
        if not readonly:
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.execute("PRAGMA foreign_keys = ON")
            with self.conn:
                for statement in ddl():
                    self.conn.execute(statement)
                self.conn.execute(
                    "INSERT OR IGNORE INTO meta(key, value) VALUES ('store_format', ?), "
                    "('schema_version', ?)",
                    (STORE_FORMAT, SCHEMA_VERSION),
                )
        found = self.conn.execute("SELECT value FROM meta WHERE key = 'store_format'").fetchone()
        if found is None or found[0] != STORE_FORMAT:
            raise ValueError(f"{self.path}: not a byline store of format {STORE_FORMAT}")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # runs ---------------------------------------------------------------------------------

    def start_run(self, inputs: list[str], workers: int | None = None) -> int:
        """Record the start of an ingest run; returns its ``run_id``."""
        with self.conn:
            cursor = self.conn.execute(
                "INSERT INTO runs(started_at, inputs, workers) VALUES (?, ?, ?)",
                (_now(), json.dumps(inputs), workers),
            )
        return int(cursor.lastrowid or 0)

    def update_run(self, run_id: int, finished: bool = False, **counts: int) -> None:
        """Set a run's counters (``read``, ``skipped``, ``stored``, ``failed``) and, when
        ``finished``, its end time (a run killed part-way keeps ``finished_at`` NULL)."""
        allowed = {"read", "skipped", "stored", "failed"}
        sets = [f"{k} = ?" for k in counts if k in allowed]
        values: list[Any] = [v for k, v in counts.items() if k in allowed]
        if finished:
            sets.append("finished_at = ?")
            values.append(_now())
        if sets:
            with self.conn:
                self.conn.execute(
                    f"UPDATE runs SET {', '.join(sets)} WHERE run_id = ?", (*values, run_id)
                )

    # writes -------------------------------------------------------------------------------

    def known_hashes(self, hashes: Iterable[str]) -> set[str]:
        """Which of ``hashes`` are already stored (checked in chunks of 500)."""
        hashes = list(hashes)
        found: set[str] = set()
        for i in range(0, len(hashes), 500):
            chunk = hashes[i : i + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                r[0]
                for r in self.conn.execute(
                    f"SELECT content_hash FROM articles WHERE content_hash IN ({marks})", chunk
                )
            )
        return found

    def write(
        self, results: Iterable[AnalyzedArticle | ItemError], run_id: int | None = None
    ) -> WriteCounts:
        """Store a batch of results in one transaction (all or nothing); see the module
        docstring for identity and error history. An article whose values SQLite cannot take
        (see :data:`_UNSTORABLE`) is rolled back alone and recorded as an error instead."""
        counts = WriteCounts()
        now = _now()
        article_names = [
            "content_hash",
            *[c.name for c in ARTICLE_COLUMNS if c.name != "content_hash"],
        ]
        article_names += ["record", "run_id"]
        article_sql = (
            f"INSERT OR IGNORE INTO articles({', '.join(article_names)}) "
            f"VALUES ({', '.join('?' * len(article_names))})"
        )
        attr_names = ["article_id", *[c.name for c in ATTRIBUTION_COLUMNS]]
        attr_sql = (
            f"INSERT OR IGNORE INTO attributions({', '.join(attr_names)}) "
            f"VALUES ({', '.join('?' * len(attr_names))})"
        )
        with self.conn:
            # explicit: a SAVEPOINT outside a transaction would start one, and its RELEASE
            # would then commit the batch part-way
            if not self.conn.in_transaction:
                self.conn.execute("BEGIN")
            for result in results:
                if isinstance(result, ItemError):
                    self._write_error(result, run_id, now)
                    counts.errors += 1
                    continue
                self.conn.execute("SAVEPOINT article")
                try:
                    values = article_row(result)
                    values["run_id"] = run_id
                    attributions = attribution_rows(result)
                    cursor = self.conn.execute(article_sql, [values[n] for n in article_names])
                    if cursor.rowcount == 0:
                        counts.duplicates += 1
                        self.conn.execute("RELEASE article")
                        continue
                    article_id = cursor.lastrowid
                    self.conn.executemany(
                        attr_sql,
                        [
                            [article_id, *(r[c.name] for c in ATTRIBUTION_COLUMNS)]
                            for r in attributions
                        ],
                    )
                except _UNSTORABLE as exc:
                    # this article only: the rest of the batch is still written
                    self.conn.execute("ROLLBACK TO article")
                    self.conn.execute("RELEASE article")
                    self._write_error(_unstorable(result, exc), run_id, now)
                    counts.errors += 1
                    continue
                self.conn.execute("RELEASE article")
                counts.stored += 1
                where = result.provenance
                self.conn.execute(
                    "UPDATE errors SET resolved_by = ?, resolved_at = ? WHERE path = ? "
                    "AND line IS ? AND record_offset IS ? AND resolved_by IS NULL",
                    (result.content_hash, now, where.path, where.line, where.record_offset),
                )
        return counts

    def _write_error(self, error: ItemError, run_id: int | None, now: str) -> None:
        error = error.model_copy(
            update={"path": clean_label(error.path), "reason": clean_label(error.reason)}
        )
        values = error_row(error)
        names = list(values)
        self.conn.execute(
            f"INSERT INTO errors({', '.join(names)}, first_run, last_run, first_seen, last_seen) "
            f"VALUES ({', '.join('?' * len(names))}, ?, ?, ?, ?) "
            "ON CONFLICT(error_key) DO UPDATE SET last_run = excluded.last_run, "
            "last_seen = excluded.last_seen, resolved_by = NULL, resolved_at = NULL",
            [*(values[n] for n in names), run_id, run_id, now, now],
        )

    # reads --------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Row counts: ``articles``, ``attributions``, ``errors`` (unresolved),
        ``errors_resolved``, ``runs``."""
        one = self.conn.execute
        return {
            "articles": one("SELECT count(*) FROM articles").fetchone()[0],
            "attributions": one("SELECT count(*) FROM attributions").fetchone()[0],
            "errors": one("SELECT count(*) FROM errors WHERE resolved_by IS NULL").fetchone()[0],
            "errors_resolved": one(
                "SELECT count(*) FROM errors WHERE resolved_by IS NOT NULL"
            ).fetchone()[0],
            "runs": one("SELECT count(*) FROM runs").fetchone()[0],
        }

    def iter_articles(self, batch: int = 200) -> Iterator[AnalyzedArticle]:
        """Every stored article in insertion order, streamed in batches of ``batch`` rows."""
        last = 0
        while True:
            rows = self.conn.execute(
                "SELECT article_id, record, text FROM articles WHERE article_id > ? "
                "ORDER BY article_id LIMIT ?",
                (last, batch),
            ).fetchall()
            if not rows:
                return
            for r in rows:
                yield article_from_row(r["record"], r["text"])
            last = rows[-1]["article_id"]

    def get_article(self, content_hash: str) -> AnalyzedArticle | None:
        """The stored article with ``content_hash``, or ``None``."""
        r = self.conn.execute(
            "SELECT record, text FROM articles WHERE content_hash = ?", (content_hash,)
        ).fetchone()
        return article_from_row(r["record"], r["text"]) if r else None

    def errors(self, include_resolved: bool = False) -> list[dict[str, Any]]:
        """Recorded errors as dicts (``path, line, record_offset, reason, first_run, last_run,
        first_seen, last_seen, resolved_by, resolved_at``), by path then position."""
        where = "" if include_resolved else "WHERE resolved_by IS NULL"
        rows = self.conn.execute(
            "SELECT path, line, record_offset, reason, first_run, last_run, first_seen, "
            f"last_seen, resolved_by, resolved_at FROM errors {where} "
            "ORDER BY path, ifnull(line, -1), ifnull(record_offset, -1), reason"
        ).fetchall()
        return [dict(r) for r in rows]
