"""Parquet shards of a distributed run and `byline load` (no Ray needed: shards are written here
with the same function the Ray actors call)."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from corpus_helpers import hand_corpus
from typer.testing import CliRunner

from byline.cli import app
from byline.engines.load import load_shards
from byline.engines.shards import (
    ERROR_SCHEMA,
    ShardError,
    batch_key,
    iter_articles,
    iter_errors,
    list_shards,
    write_batch,
)
from byline.model import SCHEMA_VERSION, ItemError
from byline.store import Store
from byline.store.arrow import ARTICLE_SCHEMA


def _errors() -> list[ItemError]:
    return [
        ItemError(path="feed.jsonl", line=2, reason="not JSON: Expecting value"),
        ItemError(path="empty.txt", reason="empty file"),
    ]


def test_batches_round_trip_with_the_derived_schemas(tmp_path: Path) -> None:
    articles = hand_corpus()
    out = tmp_path / "out"
    first = write_batch(out, [articles[0], _errors()[0], articles[1]])
    second = write_batch(out, [articles[2], articles[3], _errors()[1]])
    only_articles = write_batch(out, [articles[3]])
    assert (first["articles"], first["errors"]) == (2, 1)
    assert only_articles["errors_shard"] == ""
    assert len(list_shards(out, "articles")) == 3 and len(list_shards(out, "errors")) == 2
    for kind, schema in (("articles", ARTICLE_SCHEMA), ("errors", ERROR_SCHEMA)):
        for path in list_shards(out, kind):
            found = pq.read_schema(path)
            assert found.equals(schema)
            assert found.metadata == {b"byline_schema_version": SCHEMA_VERSION.encode()}
    read = sorted(iter_articles(out), key=lambda a: (a.content_hash, a.doc_id))
    expected = sorted([*articles, articles[3]], key=lambda a: (a.content_hash, a.doc_id))
    assert read == expected
    assert sorted(iter_errors(out), key=lambda e: e.path) == sorted(_errors(), key=lambda e: e.path)
    # a retried batch has the same key and overwrites its own shard
    again = write_batch(out, [articles[0], _errors()[0], articles[1]])
    assert again == first
    assert len(list_shards(out, "articles")) == 3
    assert first["key"] != second["key"] == batch_key([articles[2], articles[3], _errors()[1]])


def test_load_is_idempotent_and_records_errors(tmp_path: Path) -> None:
    articles = hand_corpus()
    out = tmp_path / "out"
    write_batch(out, [articles[0], articles[1], _errors()[0]])
    write_batch(out, [articles[2], articles[3], articles[0], _errors()[1]])
    store = Store(tmp_path / "c.db")
    first = load_shards(out, store, batch_size=2)
    assert (first.shards, first.articles, first.stored, first.duplicates, first.errors) == (
        4,
        5,
        4,
        1,
        2,
    )
    # 3 + 2 + 2 + 1 attributions in the hand corpus
    assert store.counts()["articles"] == 4 and store.counts()["attributions"] == 8
    assert {(e["path"], e["line"], e["reason"]) for e in store.errors()} == {
        ("feed.jsonl", 2, "not JSON: Expecting value"),
        ("empty.txt", None, "empty file"),
    }
    stored = {a.content_hash: a for a in store.iter_articles()}
    assert stored == {a.content_hash: a for a in articles}
    second = load_shards(out, store)
    assert (second.stored, second.duplicates, second.errors) == (0, 5, 2)
    assert store.counts()["articles"] == 4 and len(store.errors()) == 2
    runs = store.conn.execute("SELECT stored, skipped, failed, finished_at FROM runs").fetchall()
    assert [tuple(r)[:3] for r in runs] == [(4, 1, 2), (0, 5, 2)] and all(r[3] for r in runs)


def test_load_refuses_a_foreign_shard_and_a_missing_directory(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "articles").mkdir(parents=True)
    pq.write_table(pa.table({"doc_id": ["x"]}), out / "articles" / "part-0.parquet")
    with pytest.raises(ShardError, match="not a byline shard"):
        list(iter_articles(out))
    with pytest.raises(ShardError, match="no such shard directory"):
        load_shards(tmp_path / "absent", Store(tmp_path / "c.db"))
    result = CliRunner().invoke(app, ["load", str(out), "--db", str(tmp_path / "c.db")])
    assert result.exit_code == 2
    assert "not a byline shard" in result.output


def test_load_command_reports_counts(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_batch(out, [*hand_corpus(), _errors()[1]])
    db = tmp_path / "c.db"
    result = CliRunner().invoke(app, ["load", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "4 articles stored, 0 already stored, 1 errors recorded" in result.output
    again = CliRunner().invoke(app, ["load", str(out), "--db", str(db)])
    assert "0 articles stored, 4 already stored, 1 errors recorded" in again.output
    with Store(db) as store:
        assert store.counts()["articles"] == 4
