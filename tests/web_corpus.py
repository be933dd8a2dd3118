"""A small hand-built corpus for the web UI tests (counts known by hand).

- the four articles of :func:`corpus_helpers.hand_corpus` (8 attributions);
- ``harbour`` (Gazette, 2024-03-05): full metadata, a caption with its credit, two entities with
  mentions and 5 attributions, A3 nested in A2; Tom Reyes speaks in A1, A2 and A4;
- ``jobs`` (Courier, 2024-03-08): 1 attribution by "tom reyes" (the same corpus-level speaker,
  ``person:tom-reyes``: 4 attributions in 2 articles and 2 outlets);
- ``markup`` (outlet ``The <b>Tribune</b>``): text, speaker and role full of HTML and quotes,
  1 attribution.

Total: 7 articles, 15 attributions.
"""

from __future__ import annotations

from pathlib import Path

from corpus_helpers import hand_article, hand_corpus

from byline.model import (
    AnalyzedArticle,
    Attribution,
    Caption,
    Entity,
    Mention,
    Metadata,
    Speaker,
    TextSpan,
)
from byline.store import Store

HARBOUR_TEXT = (
    "Council approves harbour plan\n"
    "By Mara Quinn\n"
    "The plan will cost 40 million over ten years.\n"
    "PORTVILLE — The city council on Monday approved the harbour plan. "
    '"We heard the fishermen," said council leader Tom Reyes, adding that "the mayor told us '
    "'the harbour comes first' before the vote.\" Reyes said the work would start in May. "
    "According to a council report, the harbour lost 300 jobs since 2010.\n"
    "Boats in Portville harbour. JANE DOE — PORTVILLE GAZETTE"
)
MARKUP_TEXT = (
    "Markup test <script>window.__pwned = 1</script>\n"
    'The sign read <img src=x onerror="window.__pwned=2"> & "quotes" \'single\'. '
    '"Don\'t <b>panic</b>," said Eve <Mallory>.'
)
MARKUP_OUTLET = "The <b>Tribune</b>"
REYES_ID = "person:tom-reyes"
ARTICLES = 7
ATTRIBUTIONS = 15


def _span(text: str, fragment: str, after: int = 0) -> TextSpan:
    start = text.index(fragment, after)
    return TextSpan.from_offsets(text, [(start, start + len(fragment))])


def harbour() -> AnalyzedArticle:
    t = HARBOUR_TEXT
    body = t.index("PORTVILLE")
    reyes = Speaker(
        entity_id="E1", name="Tom Reyes", type="person", role="council leader", anonymous=False
    )
    second_said = t.index("Reyes said") + len("Reyes ")
    attributions = [
        Attribution(
            id="A1",
            kind="direct",
            source=_span(t, "council leader Tom Reyes"),
            cue=_span(t, "said", body),
            content=_span(t, '"We heard the fishermen,"'),
            speaker=reyes,
        ),
        Attribution(
            id="A2",
            kind="direct",
            cue=_span(t, "adding"),
            content=_span(t, "\"the mayor told us 'the harbour comes first' before the vote.\""),
            speaker=reyes,
        ),
        Attribution(
            id="A3",
            kind="direct",
            source=_span(t, "the mayor"),
            cue=_span(t, "told"),
            content=_span(t, "'the harbour comes first'"),
            speaker=Speaker(entity_id="E2", name="the mayor", type="person", role="mayor"),
            parent="A2",
        ),
        Attribution(
            id="A4",
            kind="indirect",
            source=_span(t, "Reyes", second_said - 7),
            cue=TextSpan.from_offsets(t, [(second_said, second_said + 4)]),
            content=_span(t, "the work would start in May"),
            speaker=reyes.model_copy(update={"role": None}),
        ),
        Attribution(
            id="A5",
            kind="according_to",
            source=_span(t, "a council report"),
            cue=_span(t, "According to"),
            content=_span(t, "the harbour lost 300 jobs since 2010"),
            speaker=Speaker(name="council report", type="document"),
        ),
    ]
    mentions = [
        Mention(text="Tom Reyes", start=t.index("Tom Reyes"), end=t.index("Tom Reyes") + 9),
        Mention(text="Reyes", start=second_said - 6, end=second_said - 1),
    ]
    mayor = t.index("the mayor")
    base = hand_article("harbour", t, "Gazette", "2024-03-05", [])
    return base.model_copy(
        update={
            "metadata": Metadata(
                outlet="Gazette",
                headline="Council approves harbour plan",
                authors=["Mara Quinn"],
                standfirst="The plan will cost 40 million over ten years.",
                dateline="PORTVILLE",
                published="2024-03-05",
            ),
            "captions": [
                Caption(
                    text="Boats in Portville harbour.",
                    spans=[_span(t, "Boats in Portville harbour.").spans[0]],
                    credit="JANE DOE — PORTVILLE GAZETTE",
                    credit_spans=[_span(t, "JANE DOE — PORTVILLE GAZETTE").spans[0]],
                    photographer="JANE DOE",
                    agency="PORTVILLE GAZETTE",
                )
            ],
            "entities": [
                Entity(
                    id="E1",
                    type="person",
                    name="Tom Reyes",
                    aliases=["Tom Reyes", "Reyes"],
                    titles=["council leader"],
                    mentions=mentions,
                ),
                Entity(
                    id="E2",
                    type="person",
                    name="the mayor",
                    aliases=["the mayor"],
                    mentions=[Mention(text="the mayor", start=mayor, end=mayor + 9)],
                ),
            ],
            "attributions": attributions,
        }
    )


def jobs() -> AnalyzedArticle:
    text = "Harbour jobs fund opens\nThe fund is open to all fishermen, Tom Reyes said on Friday."
    return hand_article(
        "jobs",
        text,
        "Courier",
        "2024-03-08",
        [
            {
                "content": "The fund is open to all fishermen",
                "source": "Tom Reyes",
                "cue": "said",
                "kind": "indirect",
                "name": "tom reyes",
                "type": "person",
            }
        ],
    )


def markup() -> AnalyzedArticle:
    return hand_article(
        "markup",
        MARKUP_TEXT,
        MARKUP_OUTLET,
        "2024-03-09",
        [
            {
                "content": '"Don\'t <b>panic</b>,"',
                "source": "Eve <Mallory>",
                "cue": "said",
                "name": "Eve <Mallory>",
                "type": "person",
                "role": "<i>chief</i> \"officer\" & 'boss'",
            }
        ],
    )


def web_articles() -> list[AnalyzedArticle]:
    return [*hand_corpus(), harbour(), jobs(), markup()]


def build_web_db(path: Path) -> Path:
    """Write :func:`web_articles` into a new store at ``path``; returns ``path``."""
    with Store(path) as store:
        counts = store.write(web_articles())
    assert counts.stored == ARTICLES
    return path
