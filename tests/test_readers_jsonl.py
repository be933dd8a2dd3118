"""JSONL reader: news-please and CC-News keys, one error per bad line, truncated gzip."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from corpus_helpers import FIXTURES

from byline.model import Document, ItemError
from byline.readers.jsonl import normalize_date
from byline.readers.registry import read_path
from byline.readers.text import MAX_ARTICLE_BYTES


def test_news_please_keys() -> None:
    first, second = read_path(FIXTURES / "jsonl" / "newsplease.jsonl")
    assert isinstance(first, Document) and isinstance(second, Document)
    assert first.text.startswith("Farmers in the Ardel valley")
    meta = first.metadata
    assert meta.headline == "Late frost wipes out apricot blossom"
    assert meta.authors == ["Claire Benoit"]
    assert meta.published == "2024-04-20"
    assert meta.outlet == "valleyjournal.example.com"
    assert meta.language == "en"
    assert meta.standfirst == "Growers count their losses after three nights below freezing."
    assert first.doc_id == "newsplease-L1" and second.doc_id == "newsplease-L2"
    assert (first.provenance.line, second.provenance.line) == (1, 2)
    assert first.provenance.url == "https://valleyjournal.example.com/frost"
    assert second.metadata.authors == ["Ivo Marek", "Lea Stern"]
    assert second.metadata.published == "2024-05-06"


def test_cc_news_keys() -> None:
    first, second = read_path(FIXTURES / "jsonl" / "ccnews.jsonl")
    assert isinstance(first, Document) and isinstance(second, Document)
    assert first.metadata.outlet == "brentonpost.example.net"
    assert first.metadata.published == "2024-06-01"
    assert second.metadata.published == "2024-06-03"  # "June 3, 2024"


def test_normalize_date() -> None:
    assert normalize_date("2017-01-02 10:00:00") == "2017-01-02"
    assert normalize_date("2017-01-02T10:00:00+02:00") == "2017-01-02"
    assert normalize_date("3 March 2020") == "2020-03-03"
    assert normalize_date("not a date at all") is None
    assert normalize_date(None) is None
    assert normalize_date(20200303) is None


def test_each_bad_line_is_its_own_error(tmp_path: Path) -> None:
    good = {"text": "The mayor said the road would reopen on Monday.", "id": "road"}
    lines = [
        json.dumps(good).encode(),
        b'{"text": "unterminated',
        json.dumps({"title": "No body here"}).encode(),
        b"[1, 2, 3]",
        b"",
        b'{"text": "caf\xe9 au lait"}',
        json.dumps({"maintext": "Second good article, said the clerk.", "id": 7}).encode(),
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    items = list(read_path(path))
    kinds = [(type(i).__name__, getattr(i, "line", None) or i.provenance.line) for i in items]
    assert kinds == [
        ("Document", 1),
        ("ItemError", 2),
        ("ItemError", 3),
        ("ItemError", 4),
        ("ItemError", 6),
        ("Document", 7),
    ]
    assert items[0].doc_id == "road" and items[5].doc_id == "7"
    assert items[1].reason.startswith("not JSON")
    assert items[2].reason.startswith("record has no text")
    assert items[3].reason == "JSON value is a list, not an object"
    assert items[4].reason == "not valid UTF-8: byte 0xe9 at offset 13"
    assert all(i.path == str(path) for i in items if isinstance(i, ItemError))


def test_oversized_line_is_skipped_and_reading_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    with path.open("wb") as stream:
        stream.write(b'{"text": "' + b"a " * (MAX_ARTICLE_BYTES // 2 + 10) + b'"}\n')
        stream.write(json.dumps({"text": "After the big one, the clerk said."}).encode() + b"\n")
    big, after = read_path(path)
    assert isinstance(big, ItemError) and big.line == 1
    assert big.reason.startswith("article too large")
    assert isinstance(after, Document) and after.provenance.line == 2


def test_truncated_gzip_keeps_complete_lines(tmp_path: Path) -> None:
    import random

    rng = random.Random(4)
    noise = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz ") for _ in range(20000))
    records = [
        {"text": "First article: the council met, its chair said."},
        {"text": "Second article: the river rose, the warden said."},
        {"text": noise},
    ]
    data = gzip.compress("".join(json.dumps(r) + "\n" for r in records).encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) - 2000])
    items = list(read_path(path))
    assert [type(i).__name__ for i in items] == ["Document", "Document", "ItemError"]
    assert items[2].line == 3
    assert items[2].reason.startswith("truncated or corrupt compressed stream")
