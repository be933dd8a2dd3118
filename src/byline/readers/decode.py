"""Bytes to text: UTF-8 decoding with clear errors and recorded mojibake repair.

Policy: input must be UTF-8 (a leading byte-order mark is dropped), or UTF-16/UTF-32 announced by
its byte-order mark and holding a space or line break (the mark makes the encoding certain, not
guessed; the decoding is recorded).
Anything else is rejected with :class:`DecodeError` naming the first bad byte, rather than guessed
at: a wrong guess would silently corrupt every offset. Lone surrogates (``\\ud800`` in a JSON
string: not Unicode characters, and not encodable as UTF-8) are replaced one for one with U+FFFD,
so offsets are unchanged, and the replacement is recorded. Mojibake inside valid UTF-8 (``â€™``
for ``’``: UTF-8 read as cp1252 and re-encoded) is repaired with ftfy's ``fix_encoding``, and the
repair is recorded so the offsets are known to be into the repaired text.
"""

from __future__ import annotations

import re

import ftfy

BINARY_CONTROL_SHARE = 0.05
"""Share of C0 control characters (other than tab, newline, carriage return, form feed) above
which input is rejected as binary."""


_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
"""Byte-order marks of the non-UTF-8 encodings accepted, longest first (UTF-32-LE's mark starts
with UTF-16-LE's)."""
_BOM_LENGTH = {encoding: len(bom) for bom, encoding in _BOMS}

_SURROGATES = re.compile("[\ud800-\udfff]")


class DecodeError(ValueError):
    """The bytes are not an article's text: empty, binary, or not UTF-8 (nor UTF-16/32 with a
    byte-order mark)."""


def decode_article_bytes(data: bytes) -> tuple[str, list[str]]:
    """Decode ``data`` as an article text.

    Returns ``(text, repairs)``: ``repairs`` lists what was changed while decoding (empty when
    nothing was). Bytes starting with a UTF-16 or UTF-32 byte-order mark are decoded in that
    encoding. Raises :class:`DecodeError` for empty or whitespace-only input, binary input
    (a NUL byte, or more than :data:`BINARY_CONTROL_SHARE` control characters), or bytes that are
    not valid UTF-8 (or not valid in the encoding their byte-order mark announces).
    """
    if not data.strip():
        raise DecodeError("empty file" if not data else "file holds only whitespace")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_with_bom(data[len(bom) :], encoding)
    if b"\x00" in data[:65536]:
        raise DecodeError("binary file (contains NUL bytes)")
    repairs: list[str] = []
    skipped = 0
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        skipped = 3
        repairs.append("dropped UTF-8 byte-order mark")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # the offset is into the bytes as given, byte-order mark included
        raise DecodeError(
            f"not valid UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start + skipped}"
        ) from None
    return repair_text(text, repairs)


def bom_encoding(data: bytes) -> str | None:
    """The UTF-16/UTF-32 encoding whose byte-order mark starts ``data``, or ``None``."""
    return next((encoding for bom, encoding in _BOMS if data.startswith(bom)), None)


def _decode_with_bom(data: bytes, encoding: str) -> tuple[str, list[str]]:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DecodeError(
            f"not valid {encoding.upper()} (announced by its byte-order mark): "
            f"bad bytes at offset {exc.start + _BOM_LENGTH[encoding]}"
        ) from None
    if not any(ch in text for ch in " \n"):
        # bytes FF FE also start binary files: real UTF-16/32 text has spaces or line breaks
        raise DecodeError(
            f"not text: a {encoding.upper()} byte-order mark, but no space or line break after it"
        )
    return repair_text(text, [f"decoded as {encoding.upper()} (byte-order mark dropped)"])


def replace_surrogates(text: str) -> tuple[str, int]:
    """``text`` with every lone surrogate (U+D800..U+DFFF) replaced by U+FFFD, and how many.

    Same length as ``text``, so offsets into either index the same characters."""
    if text.isascii():
        return text, 0
    return _SURROGATES.subn("\ufffd", text)


def clean_label(value: str) -> str:
    """A string for a label (file path, doc id, metadata value) that can be written as UTF-8:
    bytes a file name held that were not UTF-8 (Python's ``surrogateescape``) become ``\\xNN``;
    other lone surrogates become U+FFFD."""
    if value.isascii():
        return value
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        pass
    if _only_escapes(value):  # undecodable bytes of a file name: show them as \\xNN
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return replace_surrogates(value)[0]


def _only_escapes(value: str) -> bool:
    return all("\udc80" <= ch <= "\udcff" for ch in _SURROGATES.findall(value))


def repair_text(text: str, repairs: list[str] | None = None) -> tuple[str, list[str]]:
    """Check decoded ``text`` for binary content and repair mojibake (see module docstring).

    Returns ``(text, repairs)``; raises :class:`DecodeError` for empty or binary text.
    """
    repairs = list(repairs or [])
    if not text.strip():
        raise DecodeError("empty text")
    text, replaced = replace_surrogates(text)
    if replaced:
        repairs.append(f"replaced {replaced} lone surrogate(s) with U+FFFD")
    sample = text[:65536]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    if "\x00" in sample or controls > BINARY_CONTROL_SHARE * len(sample):
        raise DecodeError("binary content (control characters)")
    fixed = ftfy.fix_encoding(text)
    if fixed != text:
        repairs.append("ftfy: fixed mojibake")
        text = fixed
    return text, repairs
