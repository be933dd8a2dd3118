"""Output files of the commands: a path that cannot be written is a clear error and exit status 2
(a bad option), never a traceback."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import typer
from rich.console import Console

OUTPUT_ERROR_EXIT = 2
_err = Console(stderr=True)


def _fail(path: Path, exc: OSError) -> typer.Exit:
    reason = exc.strerror or str(exc)
    _err.print(
        f"error: cannot write {path}: {reason}", markup=False, highlight=False, soft_wrap=True
    )
    return typer.Exit(OUTPUT_ERROR_EXIT)


def open_output(path: Path) -> IO[str]:
    """``path`` opened for writing UTF-8 text; exits with status 2 and a one-line error when it
    cannot be (missing folder, a directory, no permission)."""
    try:
        return open(path, "w", encoding="utf-8")
    except OSError as exc:
        raise _fail(path, exc) from None


@contextmanager
def writing(path: Path) -> Iterator[None]:
    """Run the block that writes ``path`` (a file or a folder of files); an ``OSError`` from it
    becomes a one-line error naming ``path`` and exit status 2."""
    try:
        yield
    except OSError as exc:
        raise _fail(path, exc) from None
