"""Hostile inputs at the readers: each bad item is one clear ItemError, never a hang, a crash of
the batch, or a string that cannot be written out (found by adversarial testing)."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from byline.model import Document, ItemError
from byline.readers.decode import clean_label, decode_article_bytes, repair_text
from byline.readers.registry import read_inputs
from byline.readers.text import read_text_files

STORY = '"We will reopen the bridge," said Mayor Ann Lee.\n'


def _run_with_deadline(fn, seconds: float = 10.0):  # type: ignore[no-untyped-def]
    """Run ``fn`` in a thread; fail (instead of hanging the suite) when it does not return."""
    box: list[object] = []
    thread = threading.Thread(target=lambda: box.append(fn()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert box, f"did not return within {seconds} s (blocked reading?)"
    return box[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no fifos on this platform")
@pytest.mark.parametrize("reader", ["registry", "text"])
def test_a_fifo_is_an_error_not_a_hang(tmp_path: Path, reader: str) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    good = tmp_path / "good.txt"
    good.write_text(STORY)
    read = read_inputs if reader == "registry" else read_text_files
    items = _run_with_deadline(lambda: list(read([str(fifo), str(good)])))
    assert isinstance(items[0], ItemError)
    assert items[0].reason == "not a regular file (a fifo)"
    assert isinstance(items[1], Document) and items[1].text == STORY


def test_utf16_with_bom_is_decoded_and_recorded() -> None:
    text, repairs = decode_article_bytes(STORY.encode("utf-16"))  # BOM + UTF-16-LE
    assert text == STORY
    assert repairs == ["decoded as UTF-16-LE (byte-order mark dropped)"]
    text, repairs = decode_article_bytes(b"\xfe\xff" + STORY.encode("utf-16-be"))
    assert text == STORY and repairs == ["decoded as UTF-16-BE (byte-order mark dropped)"]
    text, _ = decode_article_bytes(STORY.encode("utf-32"))
    assert text == STORY


def test_lone_surrogate_in_json_text_is_replaced_one_for_one() -> None:
    raw = json.loads('"Bad \\ud800 char, said Bob."')
    text, repairs = repair_text(raw)
    assert text == "Bad \ufffd char, said Bob."
    assert len(text) == len(raw)  # offsets unchanged
    assert repairs == ["replaced 1 lone surrogate(s) with U+FFFD"]
    text.encode("utf-8")


def test_jsonl_with_surrogates_everywhere_gives_writable_documents(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text(
        '{"text": "\\udfff \\"Fine,\\" said Bob.", "title": "T\\ud800x", "id": "\\udc80",'
        ' "authors": ["A\\ud801"]}\n'
    )
    (document,) = read_inputs([path])
    assert isinstance(document, Document)
    assert document.text == '\ufffd "Fine," said Bob.'
    assert document.metadata.headline == "T\ufffdx"
    assert document.metadata.authors == ["A\ufffd"]
    assert document.doc_id == "\\x80"  # a surrogate-escaped byte: shown as \xNN
    document.model_dump_json()  # raised PydanticSerializationError before the fix


@pytest.mark.skipif(os.name != "posix", reason="needs byte file names")
def test_file_name_that_is_not_utf8_is_labelled_writably(tmp_path: Path) -> None:
    raw_dir = os.fsencode(tmp_path)
    with open(raw_dir + b"/caf\xe9.txt", "wb") as stream:
        stream.write(STORY.encode())
    with open(raw_dir + b"/empty\xff.txt", "wb"):
        pass
    for read in (read_inputs, read_text_files):
        document, error = sorted(read([str(tmp_path)]), key=lambda i: type(i).__name__)
        assert isinstance(document, Document) and isinstance(error, ItemError)
        assert document.doc_id == "caf\\xe9"
        assert document.provenance.path == f"{tmp_path}/caf\\xe9.txt"
        assert error.path == f"{tmp_path}/empty\\xff.txt"
        document.model_dump_json()
        error.model_dump_json()


def test_clean_label_leaves_valid_unicode_alone() -> None:
    for value in ("plain.txt", "José‍👩 رسالة.txt", "e\u0301.txt"):
        assert clean_label(value) == value


def test_utf16_html_page_with_bom_is_read(tmp_path: Path) -> None:
    page = (
        '<html><head><meta charset="utf-16"><title>Vote</title></head><body><article>'
        '<p>"We will win the vote," said Jane Doe, the mayor of the town, on Monday.</p>'
        "<p>The council said the market would stay open for everyone in the town.</p>"
        "</article></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("utf-16"))
    (document,) = read_inputs([path])
    assert isinstance(document, Document), document
    assert document.text.startswith('"We will win the vote," said Jane Doe')
    assert "market would stay open" in document.text


@pytest.mark.parametrize("name", ["a.jsonl", "a.warc", "a.warc.gz", "a.html", "a.txt"])
def test_an_empty_file_of_any_format_is_an_error(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    assert [(type(i).__name__, getattr(i, "reason", None)) for i in read_inputs([path])] == [
        ("ItemError", "empty file")
    ]


def test_garbage_warc_error_is_brief(tmp_path: Path) -> None:
    path = tmp_path / "g.warc"
    path.write_bytes(b"\x00\x01garbage" * 10_000)
    (error,) = read_inputs([path])
    assert isinstance(error, ItemError)
    assert error.reason.startswith("not a readable WARC: ")
    assert len(error.reason) < 250
