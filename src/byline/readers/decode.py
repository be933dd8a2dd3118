"""Bytes to text: UTF-8 decoding with clear errors and recorded mojibake repair.

Policy: input must be UTF-8 (a leading byte-order mark is dropped). Anything else is rejected
with :class:`DecodeError` naming the first bad byte, rather than guessed at: a wrong guess would
silently corrupt every offset. Mojibake inside valid UTF-8 (``â€™`` for ``’``: UTF-8 read as
cp1252 and re-encoded) is repaired with ftfy's ``fix_encoding``, and the repair is recorded so the
offsets are known to be into the repaired text.
"""

from __future__ import annotations

import ftfy

BINARY_CONTROL_SHARE = 0.05
"""Share of C0 control characters (other than tab, newline, carriage return, form feed) above
which input is rejected as binary."""


class DecodeError(ValueError):
    """The bytes are not an article's text: empty, binary, or not UTF-8."""


def decode_article_bytes(data: bytes) -> tuple[str, list[str]]:
    """Decode ``data`` as an article text.

    Returns ``(text, repairs)``: ``repairs`` lists what was changed while decoding (empty when
    nothing was). Raises :class:`DecodeError` for empty or whitespace-only input, binary input
    (a NUL byte, or more than :data:`BINARY_CONTROL_SHARE` control characters), or bytes that are
    not valid UTF-8.
    """
    if not data.strip():
        raise DecodeError("empty file" if not data else "file holds only whitespace")
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


def repair_text(text: str, repairs: list[str] | None = None) -> tuple[str, list[str]]:
    """Check decoded ``text`` for binary content and repair mojibake (see module docstring).

    Returns ``(text, repairs)``; raises :class:`DecodeError` for empty or binary text.
    """
    repairs = list(repairs or [])
    if not text.strip():
        raise DecodeError("empty text")
    sample = text[:65536]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    if "\x00" in sample or controls > BINARY_CONTROL_SHARE * len(sample):
        raise DecodeError("binary content (control characters)")
    fixed = ftfy.fix_encoding(text)
    if fixed != text:
        repairs.append("ftfy: fixed mojibake")
        text = fixed
    return text, repairs
