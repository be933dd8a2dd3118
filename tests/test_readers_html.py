"""HTML reader: main text and metadata by trafilatura, errors as items."""

from __future__ import annotations

from pathlib import Path

from corpus_helpers import FIXTURES

from byline.model import Document, ItemError, Provenance
from byline.readers.html import read_html_bytes
from byline.readers.registry import read_path


def _read(name: str) -> Document:
    (item,) = read_path(FIXTURES / "html" / name)
    assert isinstance(item, Document), item
    return item


def test_main_text_without_boilerplate() -> None:
    doc = _read("bridge-repair.html")
    assert doc.text.startswith("Council votes to repair Millbrook bridge\n")
    assert '"We cannot wait another winter," said Mayor Ann Lee.' in doc.text
    assert "Two council members voted against the plan." in doc.text
    for boilerplate in ("Home", "Sport", "All rights reserved"):
        assert boilerplate not in doc.text


def test_metadata_from_markup() -> None:
    doc = _read("bridge-repair.html")
    meta = doc.metadata
    assert meta.headline == "Council votes to repair Millbrook bridge"
    assert meta.authors == ["Jane Roe"]
    assert meta.published == "2024-03-05"
    assert meta.outlet == "The Riverside Courier"
    assert meta.url == "https://courier.example.org/2024/03/05/bridge-repair"
    assert doc.doc_id == "bridge-repair"
    assert doc.provenance.path == str(FIXTURES / "html" / "bridge-repair.html")
    assert doc.provenance.url == meta.url


def test_several_authors_are_split() -> None:
    doc = _read("library-hours.html")
    assert doc.metadata.authors == ["Sam Okafor", "Rita Gomez"]
    assert doc.metadata.outlet == "Eastvale Herald"
    assert doc.metadata.published == "2024-04-12"
    assert "Subscribe" not in doc.text and "Related:" not in doc.text


def test_bad_pages_are_error_items() -> None:
    where = Provenance(path="x.html", record_offset=7)
    empty = read_html_bytes(b"  \n", "x", where)
    assert isinstance(empty, ItemError) and empty.reason == "empty HTML page"
    assert empty.record_offset == 7
    binary = read_html_bytes(b"<html>\x00\x01\x02</html>", "x", where)
    assert isinstance(binary, ItemError) and "binary" in binary.reason
    no_text = read_html_bytes(b"<html><body><script>var a = 1;</script></body></html>", "x", where)
    assert isinstance(no_text, ItemError) and no_text.reason == "no main text found in HTML page"


def test_gzip_html(tmp_path: Path) -> None:
    import gzip

    source = (FIXTURES / "html" / "bridge-repair.html").read_bytes()
    target = tmp_path / "bridge.html.gz"
    target.write_bytes(gzip.compress(source))
    (item,) = read_path(target)
    assert isinstance(item, Document)
    assert item.text == _read("bridge-repair.html").text
    assert item.doc_id == "bridge"
