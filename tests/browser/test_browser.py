"""Browser tests: Playwright driving Debian's chromium against ``byline serve``'s app on a
free loopback port, over the hand-built corpus of web_corpus (counts known by hand).

Skipped with a reason when the ``playwright`` package or ``/usr/bin/chromium`` (``apt-get
install chromium``; never ``playwright install``) is absent. Screenshots are saved under
``test-artifacts/`` (git-ignored) at the repository root.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from web_corpus import REYES_ID, build_web_db, hand_corpus, harbour, markup

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = Path(os.environ.get("BYLINE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="the playwright package is not installed (pip install playwright)"
)
if not CHROMIUM.is_file():
    pytest.skip(
        f"chromium not found at {CHROMIUM} (apt-get install chromium)", allow_module_level=True
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    from byline.web import create_app

    db = build_web_db(tmp_path_factory.mktemp("browser") / "corpus.db")
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser(base_url: str) -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, base_url: str) -> Iterator[object]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.requests = []  # every URL the page asked for
    pg.problems = []  # console errors and uncaught exceptions
    pg.on("request", lambda r: pg.requests.append(r.url))
    pg.on("console", lambda m: m.type == "error" and pg.problems.append(m.text))
    pg.on("pageerror", lambda e: pg.problems.append(str(e)))
    yield pg
    assert all(u.startswith(base_url) for u in pg.requests), pg.requests  # nothing off-box
    assert pg.problems == []
    context.close()


def _shot(pg, name: str) -> Path:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    pg.screenshot(path=str(path), full_page=True)
    return path


def test_search_finds_an_article_by_a_word_of_a_quote(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "/")
    page.fill("input[name=q]", "fishermen")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/search?q=fishermen**")
    hits = page.locator("li.hit-attribution")
    assert hits.count() == 2
    first = hits.filter(has_text="Council approves harbour plan")
    assert first.locator(".speaker").inner_text() == "Tom Reyes"
    assert first.locator("mark").inner_text() == "fishermen"
    assert "Gazette · 2024-03-05" in first.locator(".meta").inner_text()
    _shot(page, "search.png")
    first.locator("a.headline").click()
    page.wait_for_url(f"**/article/{harbour().content_hash}#A1")
    assert page.locator("h1").inner_text() == "Council approves harbour plan"


def test_article_highlights_attributions_with_speakers(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base_url}/article/{harbour().content_hash}")
    ids = page.eval_on_selector_all(
        "#article-text .hl", "els => [...new Set(els.map(e => e.dataset.attribution))].sort()"
    )
    assert ids == ["A1", "A2", "A3", "A4", "A5"]
    speakers = page.eval_on_selector_all(
        "#article-text .hl-source",
        "els => Object.fromEntries(els.map(e => [e.dataset.attribution, e.dataset.speaker]))",
    )
    assert speakers == {"A1": "Tom Reyes", "A3": "the mayor", "A4": "Tom Reyes",
                        "A5": "council report"}  # fmt: skip
    assert page.locator("#article-text .hl-nested").count() == 3
    assert page.locator("li.attribution").count() == 5
    # the three roles have distinct colors
    colors = {
        role: page.locator(f"#article-text .hl-{role}:not(.hl-nested)").first.evaluate(
            "e => getComputedStyle(e).backgroundColor"
        )
        for role in ("source", "cue", "content")
    }
    assert len(set(colors.values())) == 3, colors
    # hovering a source shows its speaker and role
    page.hover("#article-text .hl-source[data-attribution=A3]")
    card = page.locator("#speaker-card")
    card.wait_for(state="visible")
    assert card.locator(".card-name").inner_text() == "the mayor"
    assert "role: mayor" in card.inner_text()
    assert page.locator("li#A3.selected").count() == 1
    _shot(page, "article.png")


def test_anonymous_source_shows_its_reason(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    g1 = next(a for a in hand_corpus() if a.doc_id == "g1")
    page.goto(f"{base_url}/article/{g1.content_hash}")
    assert page.locator("#article-text .hl-source.hl-anonymous").count() == 1
    page.click("#article-text .hl-source.hl-anonymous")
    card = page.locator("#speaker-card")
    card.wait_for(state="visible")
    assert card.locator(".card-name").inner_text() == "Two officials"
    assert "anonymous: they were not authorized to speak" in card.inner_text()


def test_markup_in_an_article_is_not_executed(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base_url}/article/{markup().content_hash}")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    text = page.locator("#article-text").inner_text()
    assert "<script>window.__pwned = 1</script>" in text
    assert '<img src=x onerror="window.__pwned=2">' in text
    assert page.locator("#article-text script, #article-text img, #article-text b").count() == 0
    page.hover("#article-text .hl-source")
    assert page.locator("#speaker-card .card-name").inner_text() == "Eve <Mallory>"
    assert page.evaluate("typeof window.__pwned") == "undefined"


def test_dashboard_draws_its_charts(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "/sources")
    # one share chart per outlet (Courier, Gazette, The <b>Tribune</b>), speakers, types
    assert page.locator("#chart-shares svg.chart").count() == 3
    assert page.locator("#chart-shares figcaption").all_inner_texts() == [
        "Courier", "Gazette", "The <b>Tribune</b>",
    ]  # fmt: skip
    # 7 outlet-months; Gazette 2024-01: 1 of 3 anonymous
    assert page.locator("rect.bar-anonymous").count() == 7
    gazette_jan = page.locator("rect.bar-anonymous[data-outlet=Gazette][data-month='2024-01']")
    assert float(gazette_jan.get_attribute("data-value")) == pytest.approx(1 / 3, abs=1e-4)
    box = gazette_jan.bounding_box()
    named = page.locator("rect.bar-named[data-outlet=Gazette][data-month='2024-01']")
    named_box = named.bounding_box()
    assert box and named_box and named_box["height"] == pytest.approx(2 * box["height"], rel=0.02)
    bars = page.locator("#chart-speakers rect.bar-speaker")
    assert bars.count() == 8
    assert bars.first.get_attribute("data-label") == "Tom Reyes"
    widths = [bars.nth(i).bounding_box()["width"] for i in range(bars.count())]
    assert widths == sorted(widths, reverse=True) and widths[-1] > 0
    # types present: Courier person, organization, unresolved; Gazette person, document,
    # group; Tribune person
    types = page.eval_on_selector_all(
        "#chart-types rect.bar-type", "els => els.map(e => e.dataset.outlet + '/' + e.dataset.type)"
    )
    assert types == [
        "Courier/person", "Courier/organization", "Courier/unresolved", "Gazette/person",
        "Gazette/document", "Gazette/group", "The <b>Tribune</b>/person",
    ]  # fmt: skip
    page.locator("#chart-speakers a").first.click()
    page.wait_for_url(f"**/speaker/{REYES_ID.replace(':', '%3A')}")
    assert page.locator("h1").inner_text() == "Tom Reyes"
    page.go_back()
    path = _shot(page, "sources.png")
    assert path.stat().st_size > 10_000
