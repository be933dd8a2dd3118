"""HTML pages: the main text and metadata extracted with trafilatura (Barbaresi, ACL 2021).

The article text is trafilatura's plain-text extraction of the main content (boilerplate such as
navigation, footers and comments removed; paragraphs separated by ``\\n``); every offset of the
analysis is into that extracted text. Metadata comes from the page's markup: title, author(s)
(trafilatura joins several with ``"; "``), publication date (``YYYY-MM-DD``), site name and URL.
"""

from __future__ import annotations

import re

import trafilatura

from byline.model import Document, ItemError, Metadata, Provenance
from byline.readers.decode import DecodeError, bom_encoding, repair_text
from byline.readers.text import MAX_ARTICLE_BYTES


def _authors(value: str | None) -> list[str]:
    if not value:
        return []
    return [name.strip() for name in value.split(";") if name.strip()]


def read_html_bytes(
    data: bytes,
    doc_id: str,
    provenance: Provenance,
) -> Document | ItemError:
    """One article from the bytes of an HTML page.

    ``provenance`` says where the bytes came from (file path, WARC record offset, URL); its URL,
    when given, helps trafilatura and is the fallback for the metadata URL. A page in UTF-16 or
    UTF-32 with a byte-order mark is transcoded to UTF-8 first. Returns an
    :class:`ItemError` (never raises) when the page is too large (over
    :data:`~byline.readers.text.MAX_ARTICLE_BYTES`), not HTML, has no extractable main text, or
    the extracted text is binary.
    """
    path = provenance.path or doc_id

    def error(reason: str) -> ItemError:
        return ItemError(
            path=path, line=provenance.line, record_offset=provenance.record_offset, reason=reason
        )

    if len(data) > MAX_ARTICLE_BYTES:
        return error(f"article too large ({len(data)} bytes)")
    if not data.strip():
        return error("empty HTML page")
    encoding = bom_encoding(data)
    if encoding is not None:  # UTF-16/32 page: its NUL bytes are text, not binary
        try:
            data = data.decode(encoding).encode("utf-8")
        except UnicodeDecodeError:
            return error(f"not valid {encoding.upper()} (announced by its byte-order mark)")
        # the marked encoding wins over a <meta charset> the page may also declare
        data = re.sub(rb"(?i)<meta[^>]*charset[^>]*>", b"", data, count=1)
    if b"\x00" in data[:65536]:
        return error("binary file (contains NUL bytes)")
    try:
        extracted = trafilatura.bare_extraction(
            data, url=provenance.url, with_metadata=True, include_comments=False
        )
    except Exception as exc:  # trafilatura/lxml raise many kinds on hostile markup
        return error(f"HTML extraction failed: {type(exc).__name__}: {exc}")
    if extracted is None or not (extracted.text or "").strip():
        return error("no main text found in HTML page")
    try:
        text, repairs = repair_text(extracted.text)
    except DecodeError as exc:
        return error(str(exc))
    url = extracted.url or provenance.url
    metadata = Metadata(
        outlet=extracted.sitename or extracted.hostname or None,
        headline=extracted.title or None,
        authors=_authors(extracted.author),
        published=extracted.date or None,
        language=extracted.language or None,
        url=url,
    )
    return Document(
        doc_id=doc_id,
        text=text,
        metadata=metadata,
        provenance=provenance.model_copy(update={"url": url}),
        repairs=repairs,
    )
