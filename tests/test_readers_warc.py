"""WARC reader: HTML responses only, record offsets, truncation detected."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_helpers import WARC_PAGES, write_warc
from warcio.archiveiterator import ArchiveIterator

from byline.model import Document, ItemError
from byline.readers.registry import read_path


@pytest.mark.parametrize("gz", [True, False])
def test_html_responses_only_with_offsets(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    urls = write_warc(path, WARC_PAGES, gz=gz)
    items = list(read_path(path))
    assert all(isinstance(i, Document) for i in items)
    assert [i.provenance.url for i in items] == urls  # no request, image or 404 record
    assert items[0].metadata.headline == "Ferry service to resume after storm repairs"
    assert items[0].metadata.published == "2024-03-14"
    assert items[0].metadata.outlet == "Harbour Gazette"
    assert "harbour master Elin Brandt" in items[0].text
    # the offset is where the record starts: reading from it gives that record first
    for item in items:
        with path.open("rb") as stream:
            stream.seek(item.provenance.record_offset)
            record = next(iter(ArchiveIterator(stream)))
            assert record.rec_headers.get_header("WARC-Target-URI") == item.provenance.url
            assert record.rec_type == "response"


def test_truncated_gzip_warc(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, WARC_PAGES)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 150])  # inside the last (404) record
    items = list(read_path(path))
    assert [type(i).__name__ for i in items] == ["Document", "Document", "ItemError"]
    error = items[-1]
    assert error.reason.startswith("truncated WARC: stream ends at byte")
    assert 0 < error.record_offset < len(data) - 150


def test_truncated_plain_warc_inside_an_article(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    write_warc(path, WARC_PAGES, gz=False)
    data = path.read_bytes()
    cut = data.index(b"lighthouse gallery on Sunday")
    path.write_bytes(data[:cut])
    items = list(read_path(path))
    assert [type(i).__name__ for i in items] == ["Document", "ItemError"]
    assert items[1].reason == "truncated WARC record: payload shorter than its Content-Length"


def test_not_a_warc(tmp_path: Path) -> None:
    path = tmp_path / "junk.warc"
    path.write_bytes(b"this is not an archive\n" * 10)
    (item,) = read_path(path)
    assert isinstance(item, ItemError) and item.reason.startswith("not a readable WARC")
