"""WARC and WARC.gz files (Common Crawl's CC-NEWS, Heritrix, wget --warc-file), read with warcio.

Only ``response`` records whose HTTP status is 2xx and whose ``Content-Type`` is HTML
(``text/html``, ``application/xhtml+xml``) are articles: each goes through the HTML reader, with
provenance ``(path, record_offset, url)`` where ``record_offset`` is the byte offset of the
record in the (possibly compressed) file, as CDX indexes give it. Other records (requests,
metadata, images, redirects) are not articles and are passed over without an error.

Errors, each an :class:`ItemError` after every good record before it: a file that is not WARC;
a record whose payload ends before its ``Content-Length`` (uncompressed truncation); a stream
that ends before the file does (warcio stops silently at a truncated gzip member: the reader
compares where it stopped with the file size); an HTML payload over
:data:`~byline.readers.text.MAX_ARTICLE_BYTES`.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterator
from typing import IO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.limitreader import LimitReader

from byline.model import Document, ItemError, Provenance
from byline.readers.html import read_html_bytes
from byline.readers.text import MAX_ARTICLE_BYTES

HTML_TYPES = ("text/html", "application/xhtml+xml")


def _brief(exc: Exception, limit: int = 160) -> str:
    """An exception's message cut to ``limit`` characters (warcio quotes the whole first line
    of a file that is not WARC: binary garbage, possibly megabytes)."""
    text = str(exc)
    return text if len(text) <= limit else text[:limit] + "…"


def _is_html_response(record) -> bool:  # type: ignore[no-untyped-def]
    if record.rec_type != "response" or record.http_headers is None:
        return False
    status = record.http_headers.get_statuscode() or ""
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    return status.startswith("2") and any(t in content_type for t in HTML_TYPES)


def read_warc_stream(stream: IO[bytes], path: str) -> Iterator[Document | ItemError]:
    """Articles from the HTML responses of a WARC stream (raw file bytes: warcio detects and
    decompresses per-record gzip itself). See the module docstring for what is skipped and what
    is an error."""
    try:
        size: int | None = os.fstat(stream.fileno()).st_size
    except (OSError, AttributeError, ValueError):
        size = None
    iterator = ArchiveIterator(stream)
    offset = 0
    try:
        for record in iterator:
            # warcio's get_record_offset() reads the record to its end: call it after reading
            url = record.rec_headers.get_header("WARC-Target-URI")
            if record.format != "warc":
                yield ItemError(
                    path=path,
                    record_offset=iterator.get_record_offset(),
                    reason=f"not a readable WARC: a record in {record.format} format",
                )
                return
            if not isinstance(record.raw_stream, LimitReader):
                offset = iterator.get_record_offset()
                yield ItemError(
                    path=path, record_offset=offset, reason="truncated WARC record (no length)"
                )
                return
            if not _is_html_response(record):
                continue
            payload = record.content_stream().read(MAX_ARTICLE_BYTES + 1)
            truncated = record.raw_stream.limit > 0 and len(payload) <= MAX_ARTICLE_BYTES
            offset = iterator.get_record_offset()
            if len(payload) > MAX_ARTICLE_BYTES:
                yield ItemError(
                    path=path,
                    record_offset=offset,
                    reason=f"article too large (over {MAX_ARTICLE_BYTES} bytes)",
                )
                continue
            if truncated:
                yield ItemError(
                    path=path,
                    record_offset=offset,
                    reason="truncated WARC record: payload shorter than its Content-Length",
                )
                return
            where = Provenance(path=path, record_offset=offset, url=url)
            yield read_html_bytes(payload, url or f"{path}@{offset}", where)
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error) as exc:
        yield ItemError(
            path=path, record_offset=offset, reason=f"not a readable WARC: {_brief(exc)}"
        )
        return
    end = iterator.offset
    if size is not None and end < size:
        yield ItemError(
            path=path,
            record_offset=end,
            reason=f"truncated WARC: stream ends at byte {end} of {size}",
        )
