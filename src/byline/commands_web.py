"""``byline serve``: the web UI over a corpus database, opened read-only (see
:mod:`byline.web`). Registered on the main app in :mod:`byline.cli`."""

from __future__ import annotations

import ipaddress
import sqlite3
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

err_console = Console(stderr=True)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    db: Annotated[Path, typer.Option("--db", help="The corpus database (SQLite file).")],
    port: Annotated[int, typer.Option(help="TCP port.", min=0, max=65535)] = 8000,
    host: Annotated[
        str, typer.Option(help="Address to bind (default loopback: this machine only).")
    ] = "127.0.0.1",
) -> None:
    """Serve the web UI and JSON API: search, articles with highlighted attributions,
    speakers, the source audit dashboard. The database is opened read-only.

    Exit status 2 when the database cannot be opened as a byline store.
    """
    import uvicorn

    from byline.web import create_app

    try:
        app = create_app(db)
    except (FileNotFoundError, ValueError, sqlite3.DatabaseError) as exc:
        err_console.print(f"error: {escape(str(exc))}")
        raise typer.Exit(2) from None
    if not _is_loopback(host):
        err_console.print(
            f"warning: binding {escape(host)}: the corpus is readable by anyone who can reach "
            "this address (there is no authentication).",
        )
    err_console.print(f"serving {escape(str(db))} read-only on http://{host}:{port}/")
    uvicorn.run(app, host=host, port=port, log_level="warning")
