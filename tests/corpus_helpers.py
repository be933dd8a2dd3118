"""Builders of small test corpora in every input format (written to a temporary directory).

The article texts are the project's own (tests/fixtures/corpus and the strings below); the WARC
and gzip files are built here with warcio and gzip so that their bytes are known to the tests.
"""

from __future__ import annotations

import gzip
import io
import json
import shutil
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "corpus"
SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
POLNEAR_DEV = SHARED / "data" / "polnear" / "dev" / "text"


def page(headline: str, paragraphs: list[str], site: str, date: str, author: str) -> bytes:
    """A small article page with navigation and footer boilerplate around the story."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{headline}</title><meta name="author" content="{author}">
<meta property="og:site_name" content="{site}">
<meta property="article:published_time" content="{date}T08:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>{headline}</h1>
{body}
</article><footer>Copyright {site}</footer></body></html>""".encode()


WARC_PAGES: list[tuple[str, bytes]] = [
    (
        "https://harbourgazette.example.com/ferry",
        page(
            "Ferry service to resume after storm repairs",
            [
                "The island ferry will run again from Saturday after three weeks of repairs to "
                "the pier damaged in the February storm, the operator said on Wednesday.",
                '"The pier is safer now than before the storm," said harbour master Elin '
                "Brandt. Timetables will return to normal by the end of the month.",
            ],
            "Harbour Gazette",
            "2024-03-14",
            "Nils Aberg",
        ),
    ),
    (
        "https://harbourgazette.example.com/museum",
        page(
            "Maritime museum reopens its lighthouse gallery",
            [
                "The maritime museum reopened its lighthouse gallery on Sunday after a two-year "
                "restoration paid for by local donors and a heritage grant.",
                "Curator Ida Holm said the gallery's lens, built in 1892, had been cleaned "
                'piece by piece. "It took four of us most of a winter," she said.',
            ],
            "Harbour Gazette",
            "2024-04-02",
            "Nils Aberg",
        ),
    ),
]
"""HTML responses of the test WARC (URL, page bytes)."""

GZ_JSONL_RECORDS = [
    {
        "maintext": "The town's only cinema will close in June after 61 years, its owners said "
        'on Tuesday, blaming rising energy costs.\n\n"We tried everything," said co-owner '
        "Mark Teller.",
        "title": "Last cinema in town to close",
        "authors": "Dana Fry",
        "date_publish": "2024-05-14 09:00:00",
        "source_domain": "northgate.example.org",
        "url": "https://northgate.example.org/cinema",
    },
    {
        "text": "Volunteers planted 3,000 trees along the Ashby canal over the weekend, the "
        "canal trust said.\n\nTrust director Yusuf Kaya said the trees would cut summer water "
        "temperatures.",
        "title": "Volunteers plant 3,000 trees along canal",
        "outlet": "northgate.example.org",
        "published": "2024-05-20",
        "url": "https://northgate.example.org/trees",
    },
]
GZ_TEXT = (
    "Bakery wins regional bread prize\n\nA family bakery in Corran took first prize at the "
    'regional bread awards on Saturday. "My grandmother would have laughed," owner Ruth Mair '
    "said.\n"
)
GZ_HTML = page(
    "Night buses added for festival week",
    [
        "The transport authority will add night buses on four routes during festival week, "
        "it said on Thursday, after complaints about crowded last trains last year.",
        "Spokesperson Carla Diaz said the extra buses would run every 20 minutes until 3 a.m.",
    ],
    "Corran Daily",
    "2024-07-01",
    "Ben Ito",
)


def write_warc(path: Path, pages: list[tuple[str, bytes]], gz: bool = True) -> list[str]:
    """Write a WARC with, per page, a request record and a 200 HTML response, plus a PNG
    response and a 404 HTML response (neither is an article); returns the article URLs."""
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=gz)
        for url, body in pages:
            request = writer.create_warc_record(
                url,
                "request",
                payload=io.BytesIO(b""),
                http_headers=StatusAndHeaders(
                    "GET / HTTP/1.1", [("Host", "example.com")], is_http_request=True
                ),
            )
            writer.write_record(request)
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(
                    url, "response", payload=io.BytesIO(body), http_headers=headers
                )
            )
        image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                "https://example.com/logo.png",
                "response",
                payload=io.BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(200)),
                http_headers=image,
            )
        )
        missing = StatusAndHeaders(
            "404 Not Found", [("Content-Type", "text/html")], protocol="HTTP/1.1"
        )
        writer.write_record(
            writer.create_warc_record(
                "https://example.com/missing",
                "response",
                payload=io.BytesIO(b"<html><body><p>Page not found</p></body></html>"),
                http_headers=missing,
            )
        )
    return [url for url, _ in pages]


def write_jsonl_gz(path: Path, records: list[dict]) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as stream:
        for record in records:
            stream.write(json.dumps(record) + "\n")


def build_fixture_corpus(root: Path) -> tuple[Path, int]:
    """A corpus directory in every format (txt, html, jsonl, each also .gz, warc.gz); returns
    it and the number of distinct articles in it."""
    corpus = root / "corpus"
    shutil.copytree(FIXTURES, corpus)
    write_warc(corpus / "crawl.warc.gz", WARC_PAGES)
    write_jsonl_gz(corpus / "extra.jsonl.gz", GZ_JSONL_RECORDS)
    with gzip.open(corpus / "bakery.txt.gz", "wb") as stream:
        stream.write(GZ_TEXT.encode())
    with gzip.open(corpus / "night-buses.html.gz", "wb") as stream:
        stream.write(GZ_HTML)
    # fixtures: 2 .txt, 2 .html, 4 JSONL lines; built: 2 WARC pages, 2 JSONL.gz lines, 2 .gz
    return corpus, 2 + 2 + 4 + len(WARC_PAGES) + len(GZ_JSONL_RECORDS) + 2


def hand_article(
    doc_id: str,
    text: str,
    outlet: str | None,
    published: str | None,
    quotes: list[dict],
    path: str | None = None,
):  # type: ignore[no-untyped-def]
    """An AnalyzedArticle built by hand: each quote dict gives ``content`` (a substring of
    ``text``), optional ``source`` and ``cue`` substrings, ``kind`` and speaker fields
    (``name``, ``type``, ``role``, ``anonymous``, ``reason``, ``entity_id``)."""
    from byline.analyze import content_hash
    from byline.model import AnalyzedArticle, Attribution, Metadata, Provenance, Speaker, TextSpan

    def span(fragment: str | None) -> TextSpan | None:
        if fragment is None:
            return None
        start = text.index(fragment)
        return TextSpan.from_offsets(text, [(start, start + len(fragment))])

    attributions = []
    for n, q in enumerate(quotes, 1):
        content = span(q["content"])
        assert content is not None
        attributions.append(
            Attribution(
                id=f"A{n}",
                kind=q.get("kind", "direct"),
                source=span(q.get("source")),
                cue=span(q.get("cue")),
                content=content,
                speaker=Speaker(
                    entity_id=q.get("entity_id"),
                    name=q.get("name"),
                    type=q.get("type"),
                    role=q.get("role"),
                    anonymous=q.get("anonymous", False),
                    anonymity_reason=q.get("reason"),
                ),
            )
        )
    return AnalyzedArticle(
        doc_id=doc_id,
        content_hash=content_hash(text),
        text=text,
        metadata=Metadata(outlet=outlet, published=published, headline=text.split("\n")[0]),
        provenance=Provenance(path=path or f"{doc_id}.txt"),
        attributions=attributions,
    )


def hand_corpus() -> list:  # type: ignore[type-arg]
    """Four hand-built articles from two outlets over two months, with counts known by hand:

    Gazette 2024-01: 3 attributions (Ann Lee person named x2, "officials" anonymous group)
    Gazette 2024-02: 2 attributions (the ministry report: document named; Ann Lee named)
    Courier 2024-01: 2 attributions (Acme Corp organization named; an aide anonymous person)
    Courier, no date: 1 attribution (Bo Chan named, no type given: "unresolved")
    """
    a1 = (
        "Bridge to close for repairs\n"
        '"The bridge is unsafe," Mayor Ann Lee said. She said repairs would take a year. '
        "Two officials, who spoke on condition of anonymity because they were not authorized "
        "to speak, said the cost had doubled."
    )
    a2 = (
        "Ministry report faults planning\n"
        "The ministry's report said planning had been poor. "
        '"We will do better," said Ann Lee, the mayor.'
    )
    a3 = (
        "Acme wins contract\n"
        "Acme Corp said it would hire 200 workers. An aide, who asked not to be named, "
        "said the bid was the only one."
    )
    a4 = 'Library opens\n"Come and read," librarian Bo Chan said.'
    reason1 = "they were not authorized to speak"
    return [
        hand_article(
            "g1",
            a1,
            "Gazette",
            "2024-01-10",
            [
                {
                    "content": '"The bridge is unsafe,"',
                    "source": "Mayor Ann Lee",
                    "cue": "said",
                    "name": "Ann Lee",
                    "type": "person",
                    "role": "Mayor",
                },
                {
                    "content": "repairs would take a year",
                    "source": "She",
                    "kind": "indirect",
                    "name": "Ann Lee",
                    "type": "person",
                    "role": "mayor",
                },
                {
                    "content": "the cost had doubled",
                    "source": "Two officials",
                    "kind": "indirect",
                    "name": "Two officials",
                    "type": "group",
                    "anonymous": True,
                    "reason": reason1,
                },
            ],
        ),
        hand_article(
            "g2",
            a2,
            "Gazette",
            "2024-02-03",
            [
                {
                    "content": "planning had been poor",
                    "source": "The ministry's report",
                    "kind": "indirect",
                    "name": "the ministry's report",
                    "type": "document",
                },
                {
                    "content": '"We will do better,"',
                    "source": "Ann Lee",
                    "name": "ann lee",
                    "type": "person",
                    "role": "the mayor",
                },
            ],
        ),
        hand_article(
            "c1",
            a3,
            "Courier",
            "2024-01-20",
            [
                {
                    "content": "it would hire 200 workers",
                    "source": "Acme Corp",
                    "kind": "indirect",
                    "name": "Acme Corp",
                    "type": "organization",
                },
                {
                    "content": "the bid was the only one",
                    "source": "An aide",
                    "kind": "indirect",
                    "name": "An aide",
                    "type": "person",
                    "anonymous": True,
                },
            ],
        ),
        hand_article(
            "c2",
            a4,
            "Courier",
            None,
            [
                {
                    "content": '"Come and read,"',
                    "source": "librarian Bo Chan",
                    "name": "Bo Chan",
                    "role": "librarian",
                }
            ],
        ),
    ]
