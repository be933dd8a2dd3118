"""The web UI's pages and JSON API (FastAPI TestClient) over the hand-built corpus of
web_corpus, whose counts are known by hand."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from web_corpus import ARTICLES, ATTRIBUTIONS, REYES_ID, build_web_db, harbour

from byline.web import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    db = build_web_db(tmp_path_factory.mktemp("web") / "corpus.db")
    return TestClient(create_app(db))


HARBOUR_ID = harbour().content_hash


def test_summary(client: TestClient) -> None:
    s = client.get("/api/summary").json()
    assert (s["articles"], s["attributions"], s["anonymous"]) == (ARTICLES, ATTRIBUTIONS, 2)
    # named speakers: Ann Lee, Acme Corp, Bo Chan, the ministry's report, Tom Reyes, the mayor,
    # council report, Eve <Mallory>
    assert s["speakers"] == 8
    by_outlet = {o["outlet"]: (o["articles"], o["attributions"]) for o in s["outlets"]}
    assert by_outlet == {"Courier": (3, 4), "Gazette": (3, 10), "The <b>Tribune</b>": (1, 1)}
    page = client.get("/")
    assert page.status_code == 200 and "<b>15</b> attributions" in page.text


def test_search_finds_an_article_by_a_word_of_a_quote(client: TestClient) -> None:
    hits = client.get("/api/search", params={"q": "fishermen"}).json()["hits"]
    quotes = [(h["doc_id"], h["attribution_id"], h["speaker"], h["speaker_id"])
              for h in hits if h["type"] == "attribution"]  # fmt: skip
    assert sorted(quotes) == [
        ("harbour", "A1", "Tom Reyes", REYES_ID),
        ("jobs", "A1", "tom reyes", REYES_ID),
    ]
    assert {h["doc_id"] for h in hits if h["type"] == "article"} == {"harbour", "jobs"}
    page = client.get("/search", params={"q": "fishermen"})
    assert page.status_code == 200
    assert f'href="/article/{HARBOUR_ID}#A1"' in page.text
    assert "<mark>fishermen</mark>" in page.text
    assert "Council approves harbour plan" in page.text and "2024-03-05" in page.text


def test_search_filters(client: TestClient) -> None:
    def quotes(**params: str) -> list[tuple[str, str]]:
        hits = client.get("/api/search", params=params).json()["hits"]
        return sorted((h["doc_id"], h["attribution_id"]) for h in hits if h["type"] != "article")

    assert quotes(q="fishermen", outlet="Courier") == [("jobs", "A1")]
    assert quotes(sources="anonymous") == [("c1", "A2"), ("g1", "A3")]
    assert quotes(speaker="reyes", kind="indirect") == [("harbour", "A4"), ("jobs", "A1")]
    assert quotes(speaker="reyes", since="2024-03-06") == [("jobs", "A1")]
    assert quotes(q="harbour OR fund", raw="true", scope="attributions") == [
        ("harbour", "A2"), ("harbour", "A3"), ("harbour", "A5"), ("jobs", "A1"),
    ]  # fmt: skip
    # an empty form (blank fields) is no filter at all
    page = client.get("/search?q=&outlet=&since=&until=&kind=&sources=any&scope=all&limit=")
    assert page.status_code == 200 and "Type words" in page.text


def test_article_page(client: TestClient) -> None:
    page = client.get(f"/article/{HARBOUR_ID}")
    assert page.status_code == 200
    html = page.text
    ids = set(re.findall(r'class="hl[^"]*" data-attribution="(A\d)"', html))
    assert ids == {"A1", "A2", "A3", "A4", "A5"}
    assert html.count('<li class="attribution') == 5
    assert html.count('<li class="attribution nested"') == 1
    for fact in ("Mara Quinn", "The plan will cost 40 million", "PORTVILLE",
                 "JANE DOE — PORTVILLE GAZETTE", "photographer JANE DOE"):  # fmt: skip
        assert fact in html
    assert 'href="/speaker/person%3Atom-reyes"' in html
    assert client.get("/article/" + "0" * 64).status_code == 404
    assert client.get("/article/not-a-hash").status_code == 404


def test_article_api(client: TestClient) -> None:
    data = client.get(f"/api/article/{HARBOUR_ID}").json()
    assert data["article"]["doc_id"] == "harbour"
    assert data["speaker_ids"] == {
        "A1": REYES_ID, "A2": REYES_ID, "A3": "person:the-mayor", "A4": REYES_ID,
        "A5": "document:council-report",
    }  # fmt: skip
    assert data["article"]["attributions"][2]["parent"] == "A2"
    missing = client.get("/api/article/" + "f" * 64)
    assert missing.status_code == 404 and missing.json() == {"detail": "no such article"}


def test_speaker(client: TestClient) -> None:
    p = client.get(f"/api/speaker/{REYES_ID}").json()
    assert (p["name"], p["type"], p["total"], p["articles"]) == ("Tom Reyes", "person", 4, 2)
    assert p["aliases"] == ["Reyes", "Tom Reyes"]
    assert p["roles"] == ["council leader"]
    assert p["by_outlet"] == [["Gazette", 3], ["Courier", 1]]
    assert [(s["published"], s["outlet"], s["attribution_id"]) for s in p["statements"]] == [
        ("2024-03-05", "Gazette", "A1"), ("2024-03-05", "Gazette", "A2"),
        ("2024-03-05", "Gazette", "A4"), ("2024-03-08", "Courier", "A1"),
    ]  # fmt: skip
    page = client.get("/speaker/person:tom-reyes")
    assert page.status_code == 200 and page.text.count('class="statement"') == 4
    ann = client.get("/api/speaker/person:ann-lee").json()
    assert (ann["total"], ann["roles"]) == (3, ["Mayor", "the mayor"])
    assert client.get("/api/speaker/person:nobody").status_code == 404
    assert client.get("/speaker/group:two-officials").status_code == 404  # anonymous: no page


def test_sources(client: TestClient) -> None:
    audit = client.get("/api/sources").json()
    assert [(p["outlet"], p["attributions"], p["named"], p["anonymous"])
            for p in audit["by_outlet"]] == [
        ("Courier", 4, 3, 1), ("Gazette", 10, 9, 1), ("The <b>Tribune</b>", 1, 1, 0),
    ]  # fmt: skip
    assert [(s["name"], s["attributions"]) for s in audit["top_speakers"][:2]] == [
        ("Tom Reyes", 4), ("Ann Lee", 3),
    ]  # fmt: skip
    assert {a["reason"] for a in audit["anonymous"]} == {None, "they were not authorized to speak"}
    gazette = client.get("/api/sources", params={"outlet": "Gazette", "top": "1"}).json()
    assert [p["outlet"] for p in gazette["by_outlet"]] == ["Gazette"]
    # Gazette: Ann Lee and Tom Reyes 3 attributions each; Ann Lee in 2 articles
    assert [s["name"] for s in gazette["top_speakers"]] == ["Ann Lee"]
    page = client.get("/sources")
    assert page.status_code == 200
    # one month bar pair per outlet-month: Courier 3 months, Gazette 3, Tribune 1
    assert page.text.count('class="bar bar-anonymous"') == 7
    assert page.text.count('class="bar bar-speaker"') == 8
    assert client.get("/sources", params={"since": "yesterday"}).status_code == 400


def test_openapi_and_offline_assets(client: TestClient) -> None:
    schema = client.get("/api/openapi.json").json()
    assert {
        "/api/search",
        "/api/summary",
        "/api/article/{article_id}",
        "/api/speaker/{speaker_id}",
        "/api/sources",
        "/api/speakers",
    } <= set(schema["paths"])
    assert client.get("/docs").status_code == 404  # Swagger UI would load from a CDN
    for path in ("/", "/search?q=mayor", f"/article/{HARBOUR_ID}", "/sources",
                 f"/speaker/{REYES_ID}", "/api"):  # fmt: skip
        r = client.get(path)
        assert r.status_code == 200
        assert "default-src 'self'" in r.headers["content-security-policy"]
        # every URL the page loads is our own
        for url in re.findall(r'(?:src|href)="([^"]+)"', r.text):
            assert url.startswith(("/", "#")), url
    assert client.get("/static/byline.js").status_code == 200
    assert client.get("/static/style.css").status_code == 200
