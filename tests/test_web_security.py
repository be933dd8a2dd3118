"""Security of the web UI: markup in articles is shown as text, hostile search input gives
results or a clear 400 (never a 500), and the server never writes to the database."""

from __future__ import annotations

import hashlib
import os
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner
from web_corpus import MARKUP_OUTLET, build_web_db, markup

from byline.cli import app as cli_app
from byline.web import create_app
from byline.web.queries import open_readonly

REPO = Path(__file__).resolve().parents[1]
HOSTILE = [
    "'", '"', "' OR 1=1 --", '"; DROP TABLE articles; --', "*", "fish*", "NEAR(a b)",
    "a AND", "AND OR NOT", "(", ")", "^x", "headline:bridge", "-x", "+", "%", "_", "\\",
    "{a b}", 'a"b', '"""', "fisher' men", "\u2019\u201c\u00e9\u4e2d", "a" * 400,
    "SELECT * FROM articles", "1; ATTACH DATABASE '/tmp/x.db' AS x", "<script>alert(1)</script>",
]  # fmt: skip


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_web_db(tmp_path_factory.mktemp("websec") / "corpus.db")


@pytest.fixture(scope="module")
def client(db: Path) -> TestClient:
    return TestClient(create_app(db), raise_server_exceptions=False)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_markup_in_an_article_is_shown_as_text(client: TestClient) -> None:
    html = client.get(f"/article/{markup().content_hash}").text
    assert "<script>window" not in html and "<img src=x" not in html
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html
    assert "onerror=&#34;window.__pwned=2&#34;" in html
    assert "<b>panic</b>" not in html and "&lt;b&gt;panic&lt;/b&gt;" in html
    assert "Eve &lt;Mallory&gt;" in html and "<Mallory>" not in html
    assert "&lt;i&gt;chief&lt;/i&gt; &#34;officer&#34; &amp; &#39;boss&#39;" in html
    assert "The &lt;b&gt;Tribune&lt;/b&gt;" in html and MARKUP_OUTLET not in html
    # the only scripts are our own file
    assert html.count("<script") == 1 and '<script src="/static/byline.js" defer>' in html


def test_markup_is_escaped_in_every_page(client: TestClient) -> None:
    for path in ("/", "/sources", "/search?q=panic", "/speaker/person:eve-mallory"):
        html = client.get(path).text
        assert MARKUP_OUTLET not in html and "<Mallory>" not in html, path
        assert "<b>panic</b>" not in html, path
    assert "&lt;b&gt;<mark>panic</mark>&lt;/b&gt;" in client.get("/search?q=panic").text


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_search_input_is_never_a_500(client: TestClient, query: str) -> None:
    for raw in ("false", "true"):
        for path in ("/api/search", "/search"):
            r = client.get(path, params={"q": query, "raw": raw, "speaker": query[:50]})
            assert r.status_code in (200, 400), (path, raw, r.status_code)
            if raw == "false":  # plain words: every character is searched for, not parsed
                assert r.status_code == 200, (path, r.text[:300])
            if r.status_code == 400 and path.startswith("/api"):
                assert r.json()["detail"]


def test_plain_queries_search_quotes_and_operators_literally(client: TestClient) -> None:
    hits = client.get("/api/search", params={"q": '"fishermen'}).json()["hits"]
    assert {h["doc_id"] for h in hits} == {"harbour", "jobs"}
    assert client.get("/api/search", params={"q": "fishermen OR zebra"}).json()["hits"] == []
    # LIKE wildcards in the speaker filter are literal too
    hits = client.get("/api/search", params={"speaker": "%"}).json()["hits"]
    assert hits == []


def test_bad_parameters_are_a_clear_400(client: TestClient) -> None:
    bad = client.get("/api/search", params={"q": "a AND", "raw": "true"})
    assert bad.status_code == 400 and "bad full-text query" in bad.json()["detail"]
    for params, word in (
        ({"q": "x\x00y"}, "NUL"),
        ({"q": "x" * 501}, "longer"),
        ({"limit": "abc"}, "limit"),
        ({"limit": "0"}, "limit"),
        ({"since": "2024-13-01"}, "since"),
        ({"kind": "shouted"}, "kind"),
        ({"sources": "some"}, "sources"),
        ({"scope": "everything"}, "scope"),
    ):
        r = client.get("/api/search", params=params)
        assert r.status_code == 400 and word in r.json()["detail"], params
        page = client.get("/search", params=params)
        assert page.status_code == 400 and 'class="error"' in page.text, params


def test_the_connection_refuses_to_write(db: Path) -> None:
    before = _digest(db)
    conn = open_readonly(db)
    with pytest.raises(sqlite3.OperationalError):
        conn.execute("DELETE FROM articles")
    conn.execute("PRAGMA query_only = OFF")  # the file itself is opened read-only
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        conn.execute("INSERT INTO meta(key, value) VALUES ('x', 'y')")
    with pytest.raises(sqlite3.OperationalError):
        conn.execute("CREATE TABLE evil(x)")
    conn.close()
    assert _digest(db) == before


def test_serving_leaves_the_database_unchanged(db: Path, client: TestClient) -> None:
    before = _digest(db)
    for path in ("/", "/search?q=mayor", "/sources", "/api/sources", "/speaker/person:ann-lee",
                 f"/article/{markup().content_hash}", "/api/summary"):  # fmt: skip
        assert client.get(path).status_code == 200
    for method in ("post", "put", "delete", "patch"):
        assert getattr(client, method)("/api/search").status_code == 405
    assert _digest(db) == before


def test_create_app_never_creates_a_database(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    with pytest.raises(FileNotFoundError):
        create_app(missing)
    assert not missing.exists()
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t(x)").connection.close()
    with pytest.raises(ValueError, match="not a byline store"):
        create_app(other)
    result = CliRunner().invoke(cli_app, ["serve", "--db", str(missing)])
    assert result.exit_code == 2 and not missing.exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_byline_serve_on_loopback(db: Path) -> None:
    before = _digest(db)
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from byline.cli import main; main()",
            "serve",
            "--db",
            str(db),
            "--port",
            str(port),
        ],
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/summary", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        assert r.status_code == 200 and r.json()["articles"] == 7
    finally:
        proc.terminate()
        proc.wait(10)
    assert _digest(db) == before
