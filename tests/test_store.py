"""The SQLite store: derived schema, idempotent writes, error history, FTS search, export."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pyarrow as pa
import pytest
from corpus_helpers import hand_corpus

from byline.model import AnalyzedArticle, Attribution, ItemError, Metadata, Provenance, Speaker
from byline.store import Store
from byline.store.arrow import ARTICLE_SCHEMA, read_parquet, to_table, write_parquet
from byline.store.schema import ARTICLE_COLUMNS, ATTRIBUTION_COLUMNS, ERROR_COLUMNS
from byline.store.search import SearchError, plain_query, search


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "c.db")
    s.write(hand_corpus())
    return s


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}


def test_schema_is_derived_from_the_model(store: Store) -> None:
    articles = _columns(store.conn, "articles")
    for name in Metadata.model_fields:
        assert name in articles  # metadata fields, unprefixed
    for name in Provenance.model_fields:
        assert f"provenance_{name}" in articles
    attributions = _columns(store.conn, "attributions")
    for name in Speaker.model_fields:
        assert f"speaker_{name}" in attributions
    for name in ("id", "kind", "parent", "content_text", "content_spans", "cue_text"):
        assert name in attributions
    assert {c.name for c in ERROR_COLUMNS} == set(ItemError.model_fields)
    assert {c.name for c in ATTRIBUTION_COLUMNS} <= attributions
    assert {c.name for c in ARTICLE_COLUMNS} <= articles
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    # the Arrow schema has one field per model field, nested the same way
    assert ARTICLE_SCHEMA.names == list(AnalyzedArticle.model_fields)
    attribution_type = ARTICLE_SCHEMA.field("attributions").type.value_type
    assert [f.name for f in attribution_type] == list(Attribution.model_fields)
    content = attribution_type.field("content").type
    assert content.field("spans").type == pa.list_(pa.list_(pa.int64(), 2))


def test_rows_and_round_trip(store: Store) -> None:
    articles = hand_corpus()
    assert store.counts()["articles"] == 4
    assert store.counts()["attributions"] == 8
    for article in articles:
        assert store.get_article(article.content_hash) == article
    assert list(store.iter_articles(batch=3)) == articles
    row = store.conn.execute(
        "SELECT speaker_name, speaker_anonymous, speaker_anonymity_reason, content_text, "
        "content_spans FROM attributions WHERE id = 'A3'"
    ).fetchone()
    a3 = articles[0].attributions[2]
    assert row[0] == "Two officials" and row[1] == 1
    assert row[2] == "they were not authorized to speak"
    assert row[3] == "the cost had doubled"
    assert json.loads(row[4]) == [list(a3.content.spans[0])]
    assert articles[0].text[slice(*a3.content.spans[0])] == "the cost had doubled"


def test_writes_are_idempotent(store: Store) -> None:
    counts = store.write(hand_corpus())
    assert (counts.stored, counts.duplicates) == (0, 4)
    assert store.counts()["articles"] == 4 and store.counts()["attributions"] == 8
    fts = store.conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0]
    assert fts == 4


def test_error_history(store: Store) -> None:
    error = ItemError(path="feed.jsonl", line=3, reason="not JSON: Expecting value")
    run1 = store.start_run(["feed.jsonl"])
    run2 = store.start_run(["feed.jsonl"])
    store.write([error], run1)
    store.write([error, ItemError(path="feed.jsonl", line=4, reason="no text")], run2)
    rows = store.errors()
    assert [(r["line"], r["first_run"], r["last_run"]) for r in rows] == [
        (3, run1, run2),
        (4, run2, run2),
    ]
    # a later success at the same place resolves the error, which stays as history
    fixed = hand_corpus()[0].model_copy(
        update={"provenance": Provenance(path="feed.jsonl", line=3)}
    )
    fresh = Store(store.path)
    fresh.conn.execute("DELETE FROM articles WHERE content_hash = ?", (fixed.content_hash,))
    fresh.conn.commit()
    fresh.write([fixed])
    assert [r["line"] for r in fresh.errors()] == [4]
    resolved = [r for r in fresh.errors(include_resolved=True) if r["line"] == 3]
    assert resolved[0]["resolved_by"] == fixed.content_hash


@pytest.mark.filterwarnings("ignore:Pydantic serializer warnings")
def test_a_failed_batch_writes_nothing(tmp_path: Path) -> None:
    store = Store(tmp_path / "c.db")
    good, *_ = hand_corpus()
    other = hand_corpus()[1]
    bad = other.model_copy(update={"attributions": ["not an attribution"]})  # fails mid-batch
    with pytest.raises(AttributeError):
        store.write([good, bad])
    assert store.counts()["articles"] == 0 and store.counts()["attributions"] == 0


def test_full_text_search(store: Store) -> None:
    hits = search(store.conn, "bridge unsafe")
    assert [(h.type, h.doc_id) for h in hits] == [("article", "g1"), ("attribution", "g1")]
    assert hits[1].speaker == "Ann Lee" and "[unsafe]" in hits[1].snippet
    assert [h.doc_id for h in search(store.conn, "repairs", scope="articles")] == ["g1"]
    hits = search(store.conn, "", anonymous=True)
    assert sorted((h.doc_id, h.attribution_id) for h in hits) == [("c1", "A2"), ("g1", "A3")]
    assert [h.doc_id for h in search(store.conn, "", speaker="ann")] == ["g1", "g1", "g2"]
    assert [h.doc_id for h in search(store.conn, "", kind="direct", outlet="Courier")] == ["c2"]
    window = search(store.conn, "", scope="articles", since="2024-01-15", until="2024-02-28")
    assert [h.doc_id for h in window] == ["c1", "g2"]


@pytest.mark.parametrize(
    "query",
    ['"', "'; DROP TABLE articles; --", "bridge OR", "NEAR(", "a*b:c", "(", "^", "100%_"],
)
def test_any_user_string_is_safe(store: Store, query: str) -> None:
    search(store.conn, query, speaker=query, outlet=query)
    assert store.counts()["articles"] == 4


def test_plain_and_raw_queries(store: Store) -> None:
    assert plain_query('say "hi" now') == '"say" """hi""" "now"'
    assert [h.doc_id for h in search(store.conn, '"will do" OR unsafe', raw=True)][:1]
    with pytest.raises(SearchError):
        search(store.conn, '"unbalanced', raw=True)


def test_parquet_round_trip(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "c.parquet"
    assert write_parquet(store.iter_articles(), path, row_group=3) == 4
    assert list(read_parquet(path)) == hand_corpus()
    table = to_table(hand_corpus())
    assert table.schema.equals(ARTICLE_SCHEMA)


def test_cli_export_matches_store(store: Store, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from byline.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["export", "--db", str(store.path)])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert [AnalyzedArticle.model_validate_json(line) for line in lines] == hand_corpus()
    out = tmp_path / "x.parquet"
    result = runner.invoke(app, ["export", "--db", str(store.path), "--format", "parquet",
                                 "-o", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert list(read_parquet(out)) == hand_corpus()
    result = runner.invoke(app, ["search", "unsafe", "--db", str(store.path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert {h["doc_id"] for h in json.loads(result.stdout)} == {"g1"}
