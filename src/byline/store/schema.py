"""SQLite columns derived from the pydantic model, and the record -> row conversions.

A model is flattened into columns: a scalar field (``str``, ``int``, ``bool``, ``float``, a
``Literal``, optionally ``None``) is one column of the matching SQLite type; a nested model field is
flattened into ``<field>_<subfield>`` columns (``speaker_name``); a list, tuple or dict field is
one ``TEXT`` column holding JSON. The articles table takes the scalar and nested-model fields of
:class:`~byline.model.AnalyzedArticle` (lists such as attributions live in the ``record`` JSON and
in their own tables), with :class:`~byline.model.Metadata` fields unprefixed (``outlet``,
``published``); the attributions table takes every field of
:class:`~byline.model.Attribution`; the errors table every field of
:class:`~byline.model.ItemError`. Adding a field to the model adds a column here.
"""

from __future__ import annotations

import hashlib
import json
import types
from dataclasses import dataclass
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from byline.model import AnalyzedArticle, Attribution, ItemError

_SQL_TYPES: dict[type, str] = {str: "TEXT", int: "INTEGER", bool: "INTEGER", float: "REAL"}


@dataclass(frozen=True)
class Column:
    """One SQLite column: ``name``, ``sql_type`` (``TEXT``/``INTEGER``/``REAL``), ``path`` (keys
    into the model's ``model_dump(mode="json")``) and ``is_json`` (value stored as JSON text)."""

    name: str
    sql_type: str
    path: tuple[str, ...]
    is_json: bool = False


def _strip_optional(annotation: Any) -> Any:
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def flat_columns(
    model: type[BaseModel],
    prefix: str = "",
    path: tuple[str, ...] = (),
    unprefixed: frozenset[str] = frozenset(),
    skip_lists: bool = False,
) -> list[Column]:
    """The columns of ``model`` flattened as the module docstring says.

    ``unprefixed`` names nested-model fields whose columns take no ``<field>_`` prefix;
    ``skip_lists`` leaves out list/tuple/dict fields (they are kept elsewhere).
    """
    columns: list[Column] = []
    for name, field in model.model_fields.items():
        annotation = _strip_optional(field.annotation)
        origin = get_origin(annotation)
        column_name = f"{prefix}{name}"
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            sub_prefix = prefix if name in unprefixed else f"{column_name}_"
            columns.extend(flat_columns(annotation, sub_prefix, (*path, name)))
        elif origin is Literal:
            columns.append(Column(column_name, "TEXT", (*path, name)))
        elif annotation in _SQL_TYPES:
            columns.append(Column(column_name, _SQL_TYPES[annotation], (*path, name)))
        elif not skip_lists:
            columns.append(Column(column_name, "TEXT", (*path, name), is_json=True))
    return columns


ARTICLE_COLUMNS = flat_columns(AnalyzedArticle, unprefixed=frozenset({"metadata"}), skip_lists=True)
"""Articles: ``schema_version, doc_id, content_hash, text``, the Metadata fields (``outlet``,
``headline``, ``authors`` as JSON, ..., ``url``) and ``provenance_path/line/record_offset/url``."""
ATTRIBUTION_COLUMNS = flat_columns(Attribution)
"""Attributions: ``id, kind, source_text, source_spans, cue_text, cue_spans, content_text,
content_spans, speaker_entity_id, speaker_name, speaker_type, speaker_role, speaker_anonymous,
speaker_anonymity_reason, parent``."""
ERROR_COLUMNS = flat_columns(ItemError)
"""Errors: ``path, line, record_offset, reason``."""


def _value(dumped: dict[str, Any], column: Column) -> Any:
    value: Any = dumped
    for key in column.path:
        if value is None:
            return None
        value = value.get(key)
    if column.is_json:
        return None if value is None else json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return int(value)
    return value


def row(dumped: dict[str, Any], columns: list[Column]) -> dict[str, Any]:
    """Column values of one record given as ``model_dump(mode="json")``."""
    return {column.name: _value(dumped, column) for column in columns}


def article_record_json(article: AnalyzedArticle) -> str:
    """The stored ``record``: the article's JSON without ``text`` (kept in its own column)."""
    return article.model_dump_json(exclude={"text"})


def article_from_row(record: str, text: str) -> AnalyzedArticle:
    """Rebuild the :class:`AnalyzedArticle` from a stored ``record`` and ``text``."""
    data = json.loads(record)
    data["text"] = text
    return AnalyzedArticle.model_validate(data)


def article_row(article: AnalyzedArticle) -> dict[str, Any]:
    """The articles-table row of ``article`` (derived columns plus ``record``)."""
    values = row(article.model_dump(mode="json"), ARTICLE_COLUMNS)
    values["record"] = article_record_json(article)
    return values


def attribution_rows(article: AnalyzedArticle) -> list[dict[str, Any]]:
    """The attributions-table rows of ``article`` (without ``article_id``)."""
    return [row(a.model_dump(mode="json"), ATTRIBUTION_COLUMNS) for a in article.attributions]


def error_key(error: ItemError) -> str:
    """Identity of an error: SHA-256 of ``[path, line, record_offset, reason]`` as JSON."""
    key = json.dumps([error.path, error.line, error.record_offset, error.reason])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def error_row(error: ItemError) -> dict[str, Any]:
    """The errors-table row of ``error`` (derived columns plus ``error_key``)."""
    values = row(error.model_dump(mode="json"), ERROR_COLUMNS)
    values["error_key"] = error_key(error)
    return values


def _column_sql(columns: list[Column]) -> str:
    return ",\n  ".join(f'"{c.name}" {c.sql_type}' for c in columns)


def ddl() -> list[str]:
    """The ``CREATE`` statements of the store (idempotent: ``IF NOT EXISTS``)."""
    article_cols = _column_sql([c for c in ARTICLE_COLUMNS if c.name != "content_hash"])
    return [
        """CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS runs (
  run_id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  inputs TEXT NOT NULL,
  workers INTEGER,
  read INTEGER DEFAULT 0,
  skipped INTEGER DEFAULT 0,
  stored INTEGER DEFAULT 0,
  failed INTEGER DEFAULT 0
)""",
        f"""CREATE TABLE IF NOT EXISTS articles (
  article_id INTEGER PRIMARY KEY,
  content_hash TEXT NOT NULL UNIQUE,
  {article_cols},
  record TEXT NOT NULL,
  run_id INTEGER REFERENCES runs(run_id)
)""",
        "CREATE INDEX IF NOT EXISTS articles_outlet ON articles(outlet, published)",
        "CREATE INDEX IF NOT EXISTS articles_published ON articles(published)",
        "CREATE INDEX IF NOT EXISTS articles_path ON articles(provenance_path)",
        f"""CREATE TABLE IF NOT EXISTS attributions (
  attribution_rowid INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
  {_column_sql(ATTRIBUTION_COLUMNS)},
  UNIQUE (article_id, id)
)""",
        "CREATE INDEX IF NOT EXISTS attributions_speaker ON attributions(speaker_name)",
        f"""CREATE TABLE IF NOT EXISTS errors (
  error_id INTEGER PRIMARY KEY,
  error_key TEXT NOT NULL UNIQUE,
  {_column_sql(ERROR_COLUMNS)},
  first_run INTEGER REFERENCES runs(run_id),
  last_run INTEGER REFERENCES runs(run_id),
  first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL,
  resolved_by TEXT,
  resolved_at TEXT
)""",
        "CREATE INDEX IF NOT EXISTS errors_path ON errors(path)",
        """CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
  headline, text, content='articles', content_rowid='article_id')""",
        """CREATE VIRTUAL TABLE IF NOT EXISTS attributions_fts USING fts5(
  content_text, content='attributions', content_rowid='attribution_rowid')""",
        """CREATE TRIGGER IF NOT EXISTS articles_ai AFTER INSERT ON articles BEGIN
  INSERT INTO articles_fts(rowid, headline, text)
  VALUES (new.article_id, new.headline, new.text); END""",
        """CREATE TRIGGER IF NOT EXISTS articles_ad AFTER DELETE ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, headline, text)
  VALUES ('delete', old.article_id, old.headline, old.text); END""",
        """CREATE TRIGGER IF NOT EXISTS attributions_ai AFTER INSERT ON attributions BEGIN
  INSERT INTO attributions_fts(rowid, content_text)
  VALUES (new.attribution_rowid, new.content_text); END""",
        """CREATE TRIGGER IF NOT EXISTS attributions_ad AFTER DELETE ON attributions BEGIN
  INSERT INTO attributions_fts(attributions_fts, rowid, content_text)
  VALUES ('delete', old.attribution_rowid, old.content_text); END""",
    ]
