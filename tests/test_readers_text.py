"""Plain-text reader and byte decoding: errors are recorded per file, repairs are recorded."""

from __future__ import annotations

from pathlib import Path

import pytest

from byline.model import Document, ItemError
from byline.readers import text as text_reader
from byline.readers.decode import DecodeError, decode_article_bytes, repair_text
from byline.readers.text import iter_text_paths, read_text_bytes, read_text_files


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_plain_utf8_is_read_unchanged(tmp_path: Path) -> None:
    story = "Mayor’s plan\n\nThe mayor said — again — that the wall comes first.\n"
    path = _write(tmp_path / "story.txt", story.encode("utf-8"))
    (document,) = read_text_files([str(path)])
    assert isinstance(document, Document)
    assert document.doc_id == "story"
    assert document.text == story
    assert document.repairs == []
    assert document.provenance.path == str(path)


def test_empty_file_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path / "empty.txt", b"")
    (error,) = read_text_files([str(path)])
    assert isinstance(error, ItemError)
    assert error.path == str(path)
    assert error.reason == "empty file"


def test_whitespace_only_file_is_an_error() -> None:
    error = read_text_bytes(b" \n\t\n", "blank", "blank.txt")
    assert isinstance(error, ItemError)
    assert "only whitespace" in error.reason


def test_binary_file_is_an_error(tmp_path: Path) -> None:
    png_header = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"
    path = _write(tmp_path / "image.txt", png_header)
    (error,) = read_text_files([str(path)])
    assert isinstance(error, ItemError)
    assert "binary" in error.reason


def test_control_characters_are_binary() -> None:
    with pytest.raises(DecodeError, match="binary"):
        repair_text("ab\x01\x02\x03\x04cd")


def test_invalid_utf8_names_byte_and_offset() -> None:
    data = "café".encode("latin-1") + b" ok"  # b"caf\xe9 ok": 0xe9 at offset 3
    with pytest.raises(DecodeError) as info:
        decode_article_bytes(data)
    assert str(info.value) == "not valid UTF-8: byte 0xe9 at offset 3"
    error = read_text_bytes(data, "latin", "latin.txt")
    assert isinstance(error, ItemError)
    assert error.reason == "not valid UTF-8: byte 0xe9 at offset 3"


def test_invalid_utf8_offset_counts_the_byte_order_mark() -> None:
    data = b"\xef\xbb\xbfab\xff"
    with pytest.raises(DecodeError, match=r"byte 0xff at offset 5$"):
        decode_article_bytes(data)


def test_mojibake_is_repaired_and_recorded() -> None:
    mojibake = "itâ€™s done"  # "it’s" encoded as UTF-8, decoded as cp1252
    document = read_text_bytes(mojibake.encode("utf-8"), "m", "m.txt")
    assert isinstance(document, Document)
    assert document.text == "it’s done"
    assert document.repairs == ["ftfy: fixed mojibake"]


def test_byte_order_mark_is_dropped_and_recorded() -> None:
    text, repairs = decode_article_bytes(b"\xef\xbb\xbfHeadline\n\nBody.\n")
    assert text == "Headline\n\nBody.\n"
    assert repairs == ["dropped UTF-8 byte-order mark"]


def test_directory_is_read_recursively_and_sorted(tmp_path: Path) -> None:
    _write(tmp_path / "b.txt", b"Second\n")
    _write(tmp_path / "a.txt", b"First\n")
    _write(tmp_path / "nested" / "deeper" / "c.txt", b"Third\n")
    _write(tmp_path / "notes.md", b"not an article\n")
    paths = [p.relative_to(tmp_path).as_posix() for p in iter_text_paths([str(tmp_path)])]
    assert paths == ["a.txt", "b.txt", "nested/deeper/c.txt"]
    documents = list(read_text_files([str(tmp_path)]))
    assert [d.doc_id for d in documents if isinstance(d, Document)] == ["a", "b", "c"]


def test_too_large_file_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(text_reader, "MAX_ARTICLE_BYTES", 10)
    path = _write(tmp_path / "big.txt", b"x" * 11)
    (error,) = read_text_files([str(path)])
    assert isinstance(error, ItemError)
    assert error.reason == "article too large (11 bytes)"
    assert isinstance(read_text_bytes(b"y" * 11, "big", "big.txt"), ItemError)
    assert isinstance(read_text_bytes(b"y" * 10, "ok", "ok.txt"), Document)


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    (error,) = read_text_files([str(tmp_path / "absent.txt")])
    assert isinstance(error, ItemError)
    assert error.reason.startswith("cannot read")


def test_one_bad_file_does_not_stop_the_batch(tmp_path: Path) -> None:
    _write(tmp_path / "1.txt", b"Good one\n")
    _write(tmp_path / "2.txt", b"\xff\xfe bad")
    _write(tmp_path / "3.txt", b"Good two\n")
    results = list(read_text_files([str(tmp_path)]))
    assert [type(r).__name__ for r in results] == ["Document", "ItemError", "Document"]
