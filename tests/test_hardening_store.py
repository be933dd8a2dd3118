"""Hostile values at the store: one article SQLite cannot take is that article's error, not the
end of the batch; database paths that are not databases are clear errors naming the path."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from corpus_helpers import hand_corpus

from byline.model import ItemError
from byline.store import Store


def test_an_unstorable_article_costs_only_itself(tmp_path: Path) -> None:
    good, other, *_ = hand_corpus()
    # a headline with a lone surrogate (not from our readers: any producer) cannot be UTF-8
    bad = other.model_copy(update={"metadata": other.metadata.model_copy(
        update={"headline": "broken \ud800 headline"})})  # fmt: skip
    error = ItemError(path="x.jsonl", line=3, reason="not JSON: Expecting value")
    store = Store(tmp_path / "c.db")
    counts = store.write([good, bad, error])
    assert (counts.stored, counts.errors) == (1, 2)
    assert store.counts()["articles"] == 1
    assert store.counts()["attributions"] == len(good.attributions)
    reasons = {r["path"]: r["reason"] for r in store.errors()}
    assert reasons["x.jsonl"] == "not JSON: Expecting value"
    assert reasons[bad.provenance.path].startswith("cannot store: ")
    # the article that failed left no attribution rows behind
    stored_ids = {r[0] for r in store.conn.execute("SELECT DISTINCT article_id FROM attributions")}
    assert len(stored_ids) == 1


def test_an_error_with_an_unencodable_path_is_recorded(tmp_path: Path) -> None:
    store = Store(tmp_path / "c.db")
    store.write([ItemError(path="caf\udce9.txt", reason="empty file")])
    assert [r["path"] for r in store.errors()] == ["caf\\xe9.txt"]


def test_a_database_path_that_is_a_directory_is_named(tmp_path: Path) -> None:
    with pytest.raises(sqlite3.DatabaseError, match="is a directory"):
        Store(tmp_path)
    with pytest.raises(sqlite3.DatabaseError, match=str(tmp_path / "missing")):
        Store(tmp_path / "missing" / "c.db")


def test_readonly_open_of_a_name_with_uri_characters(tmp_path: Path) -> None:
    path = tmp_path / "a?b#c%20.db"
    good, *_ = hand_corpus()
    with Store(path) as store:
        store.write([good])
    with Store(path, readonly=True) as store:  # "?" once cut the name short in the URI
        assert store.counts()["articles"] == 1
    assert not (tmp_path / "a").exists()
