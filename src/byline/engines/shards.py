"""The output of a distributed run: Parquet shards of articles and of per-item errors.

Layout under an output directory ``DIR`` (a local path, or any URI ``pyarrow.fs`` opens, e.g.
``s3://bucket/run``)::

    DIR/articles/part-<key>.parquet   rows of ARTICLE_SCHEMA (byline.store.arrow), zstd
    DIR/errors/part-<key>.parquet     rows of ERROR_SCHEMA (the ItemError fields)
    DIR/manifest.json                 written last by the driver: inputs, counts, timings

``<key>`` is the SHA-256 (first 24 hex digits) of the batch's item identities (path, line,
record offset, content hash or reason), so a retried batch overwrites its own shard instead of
adding a second copy. A shard is written under a temporary name and then moved into place, so
a reader never sees half a file on a local or POSIX-shared file system. Both schemas are
derived from the one pydantic model (:func:`byline.store.arrow.model_schema`).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from byline.model import SCHEMA_VERSION, AnalyzedArticle, ItemError
from byline.store.arrow import ARTICLE_SCHEMA, from_table, model_schema, to_table

ERROR_SCHEMA = model_schema(ItemError)
"""Arrow schema of an :class:`~byline.model.ItemError` row (path, line, record_offset, reason)."""

ARTICLES = "articles"
ERRORS = "errors"
MANIFEST = "manifest.json"


class ShardError(ValueError):
    """A shard directory that cannot be read: missing, or a shard of another schema."""


def open_dir(out: str | Path) -> tuple[pafs.FileSystem, str]:
    """The file system and base path of an output directory: a URI (``scheme://...``) is
    opened by ``pyarrow.fs``; anything else is a local path, made absolute."""
    text = str(out)
    if "://" in text:
        return pafs.FileSystem.from_uri(text)
    return pafs.LocalFileSystem(), Path(text).resolve().as_posix()


def batch_key(results: Sequence[AnalyzedArticle | ItemError]) -> str:
    """A stable name for a batch of results: SHA-256 (24 hex digits) of its items' identities."""
    digest = hashlib.sha256()
    for result in results:
        if isinstance(result, ItemError):
            ident = [result.path, result.line, result.record_offset, result.reason]
        else:
            where = result.provenance
            ident = [where.path, where.line, where.record_offset, result.content_hash]
        digest.update(json.dumps(ident).encode("utf-8") + b"\n")
    return digest.hexdigest()[:24]


def _write(fs: pafs.FileSystem, directory: str, key: str, table: pa.Table) -> str:
    fs.create_dir(directory, recursive=True)
    final = f"{directory}/part-{key}.parquet"
    temporary = f"{directory}/_tmp-{key}-{uuid.uuid4().hex[:8]}.parquet"
    pq.write_table(table, temporary, filesystem=fs, compression="zstd")
    fs.move(temporary, final)
    return final


def write_batch(out: str | Path, results: Sequence[AnalyzedArticle | ItemError]) -> dict[str, Any]:
    """Write one batch of results as (at most) one articles shard and one errors shard.

    Returns ``{"key", "articles", "errors", "articles_shard", "errors_shard"}`` (a shard path is
    ``""`` when the batch had no rows of that kind)."""
    fs, base = open_dir(out)
    key = batch_key(results)
    articles = [r for r in results if isinstance(r, AnalyzedArticle)]
    errors = [r for r in results if isinstance(r, ItemError)]
    articles_shard = errors_shard = ""
    if articles:
        articles_shard = _write(fs, f"{base}/{ARTICLES}", key, to_table(articles))
    if errors:
        table = pa.Table.from_pylist([e.model_dump() for e in errors], schema=ERROR_SCHEMA)
        errors_shard = _write(fs, f"{base}/{ERRORS}", key, table)
    return {
        "key": key,
        "articles": len(articles),
        "errors": len(errors),
        "articles_shard": articles_shard,
        "errors_shard": errors_shard,
    }


def list_shards(out: str | Path, kind: str) -> list[str]:
    """Paths of the finished shards of ``kind`` (``"articles"`` or ``"errors"``), sorted;
    ``ShardError`` when ``out`` is not a directory."""
    fs, base = open_dir(out)
    if fs.get_file_info(base).type != pafs.FileType.Directory:
        raise ShardError(f"no such shard directory: {out}")
    selector = pafs.FileSelector(f"{base}/{kind}", allow_not_found=True)
    return sorted(
        info.path
        for info in fs.get_file_info(selector)
        if info.is_file and info.base_name.startswith("part-") and info.path.endswith(".parquet")
    )


def _open_shard(fs: pafs.FileSystem, path: str, schema: pa.Schema) -> pq.ParquetFile:
    parquet = pq.ParquetFile(fs.open_input_file(path))
    found = parquet.schema_arrow
    if not found.equals(schema, check_metadata=False):
        raise ShardError(f"{path}: not a byline shard of this schema version ({SCHEMA_VERSION})")
    version = (found.metadata or {}).get(b"byline_schema_version", b"").decode()
    if version != SCHEMA_VERSION:
        raise ShardError(f"{path}: schema version {version!r}, expected {SCHEMA_VERSION!r}")
    return parquet


def iter_articles(out: str | Path) -> Iterator[AnalyzedArticle]:
    """Every article of every articles shard under ``out``, shard by shard, one row group at a
    time. Raises ``ShardError`` for a shard of another schema."""
    fs, _ = open_dir(out)
    for path in list_shards(out, ARTICLES):
        parquet = _open_shard(fs, path, ARTICLE_SCHEMA)
        for index in range(parquet.num_row_groups):
            yield from from_table(parquet.read_row_group(index))


def iter_errors(out: str | Path) -> Iterator[ItemError]:
    """Every per-item error of every errors shard under ``out``."""
    fs, _ = open_dir(out)
    for path in list_shards(out, ERRORS):
        for row in _open_shard(fs, path, ERROR_SCHEMA).read().to_pylist():
            yield ItemError.model_validate(row)


def write_manifest(out: str | Path, manifest: dict[str, Any]) -> None:
    """Write ``DIR/manifest.json`` (the driver does, after the last shard)."""
    fs, base = open_dir(out)
    fs.create_dir(base, recursive=True)
    with fs.open_output_stream(f"{base}/{MANIFEST}") as stream:
        stream.write(json.dumps(manifest, indent=2, sort_keys=True).encode("utf-8") + b"\n")


def read_manifest(out: str | Path) -> dict[str, Any] | None:
    """``DIR/manifest.json``, or ``None`` when the run did not finish (or wrote none)."""
    fs, base = open_dir(out)
    path = f"{base}/{MANIFEST}"
    if fs.get_file_info(path).type != pafs.FileType.File:
        return None
    with fs.open_input_stream(path) as stream:
        return json.loads(stream.read().decode("utf-8"))
