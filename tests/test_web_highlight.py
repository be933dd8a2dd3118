"""Server-side highlighting of standoff offsets (byline.web.highlight) on hand-built articles
whose spans are known (see web_corpus)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from web_corpus import HARBOUR_TEXT, MARKUP_TEXT, harbour, markup

from byline.web.highlight import article_marks, highlight
from byline.web.queries import attribution_speaker_ids, speaker_key


class _Spans(HTMLParser):
    """Collects (attrs, text) of each <span> and the text outside any <sup>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.spans: list[tuple[dict[str, str], str]] = []
        self.text: list[str] = []
        self._stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._stack.append(tag)
        if tag == "span":
            self.spans.append(({k: v or "" for k, v in attrs}, ""))

    def handle_endtag(self, tag: str) -> None:
        self._stack.pop()

    def handle_data(self, data: str) -> None:
        if "sup" in self._stack:
            return
        self.text.append(data)
        if self._stack and self._stack[-1] == "span":
            attrs, text = self.spans[-1]
            self.spans[-1] = (attrs, text + data)


def _parse(html: str) -> _Spans:
    parser = _Spans()
    parser.feed(html)
    return parser


def test_text_is_unchanged_and_every_attribution_is_marked() -> None:
    article = harbour()
    parsed = _parse(str(highlight(article, attribution_speaker_ids(article))))
    assert "".join(parsed.text) == HARBOUR_TEXT  # the text as read, nothing added or lost
    ids = {a["data-attribution"] for a, _ in parsed.spans if "data-attribution" in a}
    assert ids == {"A1", "A2", "A3", "A4", "A5"}


def test_roles_by_piece() -> None:
    article = harbour()
    parsed = _parse(str(highlight(article, attribution_speaker_ids(article))))
    by_role: dict[str, list[tuple[str, str]]] = {}
    for attrs, text in parsed.spans:
        for role in ("source", "cue", "content"):
            if f"hl-{role}" in attrs.get("class", "").split():
                by_role.setdefault(role, []).append((attrs["data-attribution"], text))
    sources = by_role["source"]
    # A1's source holds the mention "Tom Reyes": split in two pieces; A3's source is nested
    assert ("A1", "council leader ") in sources and ("A1", "Tom Reyes") in sources
    assert ("A3", "the mayor") in sources and ("A4", "Reyes") in sources
    assert ("A5", "a council report") in sources
    assert [t for i, t in by_role["cue"] if i == "A4"] == ["said"]
    assert ("A3", "'the harbour comes first'") in by_role["content"]


def test_nested_pieces_name_both_attributions() -> None:
    article = harbour()
    parsed = _parse(str(highlight(article, attribution_speaker_ids(article))))
    nested = [(a["data-attributions"], t) for a, t in parsed.spans if "hl-nested" in a["class"]]
    assert nested == [
        ("A2 A3", "the mayor"),
        ("A2 A3", "told"),
        ("A2 A3", "'the harbour comes first'"),
    ]


def test_source_pieces_carry_the_speaker() -> None:
    article = harbour()
    parsed = _parse(str(highlight(article, attribution_speaker_ids(article))))
    reyes = [a for a, t in parsed.spans if a.get("data-attribution") == "A1" and "hl-source"
             in a["class"]]  # fmt: skip
    assert {a["data-speaker"] for a in reyes} == {"Tom Reyes"}
    assert {a["data-speaker-id"] for a in reyes} == {"person:tom-reyes"}
    assert all("role: council leader" in a["title"] for a in reyes)
    mentions = [t for a, t in parsed.spans if "mention" in a.get("class", "").split()]
    assert mentions == ["Tom Reyes", "the mayor", "Reyes"]


def test_markup_in_the_text_is_escaped() -> None:
    article = markup()
    html = str(highlight(article, attribution_speaker_ids(article)))
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html
    assert 'data-speaker="Eve &lt;Mallory&gt;"' in html
    assert "&#34;officer&#34;" in html and "&#39;boss&#39;" in html
    parsed = _parse(html)
    assert "".join(parsed.text) == MARKUP_TEXT
    # only our own tags: span and sup
    assert set(re.findall(r"<(\w+)", html)) == {"span", "sup"}


def test_marks_are_clipped_and_empty_ones_dropped() -> None:
    article = harbour()
    article.entities[0].mentions[0].end = len(article.text) + 50
    marks = article_marks(article)
    assert max(m.end for m in marks) == len(article.text)
    assert all(m.start < m.end for m in marks)


def test_speaker_key() -> None:
    assert speaker_key("Ann Lee", "person") == "person:ann-lee"
    assert speaker_key("  ann   LEE ", "person") == "person:ann-lee"
    assert speaker_key("Jean-Luc Picard", "person") == speaker_key("jean luc picard", "person")
    assert speaker_key("Bo Chan", None) == "unresolved:bo-chan"
    assert speaker_key("Ｏｆｆｉｃｅ", "organization") == "organization:office"  # NFKC
    assert speaker_key("...", "person") is None and speaker_key(None, "person") is None
