"""The corpus store: one SQLite file (WAL mode) holding analyzed articles, their attributions,
full-text indexes (FTS5) and per-item errors, with JSONL and Parquet export.

Every table and the Parquet schema are derived from the pydantic model (:mod:`byline.model`):
see :mod:`byline.store.schema` and :mod:`byline.store.arrow`.
"""

from byline.store.sqlite import Store, WriteCounts

__all__ = ["Store", "WriteCounts"]
