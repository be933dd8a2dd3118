"""Input paths: a printable label for any path, and the check that a path is a file one can read
to its end (not a fifo, socket or device, which would block or never end)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from byline.readers.decode import clean_label


def path_label(path: str | Path) -> str:
    """``path`` as a string that can be written as UTF-8 (a database row, a JSON record).

    File names are bytes: those that are not UTF-8 come to Python with ``surrogateescape``
    surrogates, which cannot be encoded; each such byte is written ``\\xNN`` instead.
    """
    return clean_label(os.fspath(path))


def regular_file_problem(path: str | Path) -> str | None:
    """Why ``path`` cannot be read as an input file, or ``None`` when it is a regular file
    (symbolic links followed). Reasons: ``"cannot read: no such file"``, ``"not a regular file
    (a fifo)"`` (also socket, character or block device, directory)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "cannot read: no such file"
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"
    if stat.S_ISREG(mode):
        return None
    kinds = (
        (stat.S_ISFIFO, "a fifo"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISDIR, "a directory"),
    )
    kind = next((name for test, name in kinds if test(mode)), "not a file")
    return f"not a regular file ({kind})"
