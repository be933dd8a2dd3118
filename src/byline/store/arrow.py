"""The Arrow/Parquet schema derived from the pydantic model, and Parquet read/write.

:func:`arrow_type` maps a field annotation to an Arrow type: ``str`` and ``Literal`` ->
``string``, ``int`` -> ``int64``, ``bool`` -> ``bool``, ``float`` -> ``float64``, a model ->
``struct`` of its fields, ``list[T]`` -> ``list<T>``, ``tuple[int, int]`` (an offsets pair) ->
``fixed_size_list<int64>[2]``. A field is nullable exactly when its annotation admits ``None``.
:data:`ARTICLE_SCHEMA` is the schema of :class:`~byline.model.AnalyzedArticle`; a Parquet file of
it round-trips to equal models (:func:`read_parquet`). The distributed engine writes shards with
:func:`write_parquet` and ``byline load`` reads them back.
"""

from __future__ import annotations

import types
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

import pyarrow as pa
import pyarrow.parquet as pq
from pydantic import BaseModel

from byline.model import SCHEMA_VERSION, AnalyzedArticle

_SCALARS: dict[type, pa.DataType] = {
    str: pa.string(),
    int: pa.int64(),
    bool: pa.bool_(),
    float: pa.float64(),
}


def _split_optional(annotation: Any) -> tuple[Any, bool]:
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], len(args) < len(get_args(annotation))
    return annotation, False


def arrow_type(annotation: Any) -> pa.DataType:
    """The Arrow type of a (non-optional) field annotation; ``TypeError`` for one not covered."""
    origin = get_origin(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return pa.struct(model_fields(annotation))
    if origin is Literal:
        return pa.string()
    if annotation in _SCALARS:
        return _SCALARS[annotation]
    if origin is list:
        (item,) = get_args(annotation)
        return pa.list_(arrow_type(_split_optional(item)[0]))
    if origin is tuple:
        args = get_args(annotation)
        if args and len(set(args)) == 1 and Ellipsis not in args:
            return pa.list_(arrow_type(args[0]), len(args))
    raise TypeError(f"no Arrow type for annotation {annotation!r}")


def model_fields(model: type[BaseModel]) -> list[pa.Field]:
    """Arrow fields of ``model``, one per pydantic field, in declaration order."""
    fields = []
    for name, info in model.model_fields.items():
        annotation, optional = _split_optional(info.annotation)
        fields.append(pa.field(name, arrow_type(annotation), nullable=optional))
    return fields


def model_schema(model: type[BaseModel]) -> pa.Schema:
    """The Arrow schema of ``model`` (metadata ``byline_schema_version``)."""
    return pa.schema(model_fields(model), metadata={"byline_schema_version": SCHEMA_VERSION})


ARTICLE_SCHEMA = model_schema(AnalyzedArticle)
"""Arrow schema of an :class:`AnalyzedArticle` record (one row per article)."""


def to_table(articles: Iterable[AnalyzedArticle]) -> pa.Table:
    """An Arrow table of ``articles`` with :data:`ARTICLE_SCHEMA`."""
    return pa.Table.from_pylist([a.model_dump() for a in articles], schema=ARTICLE_SCHEMA)


def from_table(table: pa.Table) -> Iterator[AnalyzedArticle]:
    """The articles of an Arrow table with :data:`ARTICLE_SCHEMA`, row by row."""
    for batch in table.to_batches():
        for row in batch.to_pylist():
            yield AnalyzedArticle.model_validate(row)


def write_parquet(
    articles: Iterable[AnalyzedArticle], path: str | Path, row_group: int = 500
) -> int:
    """Write ``articles`` to a Parquet file (zstd) in row groups of ``row_group`` articles,
    streaming; returns the number written."""
    written = 0
    with pq.ParquetWriter(str(path), ARTICLE_SCHEMA, compression="zstd") as writer:
        batch: list[AnalyzedArticle] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= row_group:
                writer.write_table(to_table(batch))
                written += len(batch)
                batch.clear()
        if batch:
            writer.write_table(to_table(batch))
            written += len(batch)
    return written


def read_parquet(path: str | Path) -> Iterator[AnalyzedArticle]:
    """The articles of a Parquet file written by :func:`write_parquet`, one row group at a
    time."""
    parquet = pq.ParquetFile(str(path))
    for index in range(parquet.num_row_groups):
        yield from from_table(parquet.read_row_group(index))
