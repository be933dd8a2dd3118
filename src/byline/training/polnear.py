"""Read PolNeAR (Newell, Margolin & Ruths, LREC 2018) brat standoff gold for training.

A split directory holds ``text/<doc_id>.txt`` and ``attributions/<doc_id>_<annotator>.ann``.
Conventions follow the shared scorer (``shared/bench/README.md``): one attribution per ``E``
line (``Attribution`` / ``Attribution-no-source``) with its ``Source``, ``Cue`` and ``Content``
arguments; ``Content2`` is merged into content; spans may be discontinuous (``;``); relations
without content are dropped; several annotator files for one article -> the lexicographically
smallest annotator id; ``Discard`` regions are kept (text the annotator marked as not article
text). All offsets are ``[start, end)`` Python ``str`` indices into the ``.txt`` read as UTF-8
with newlines untranslated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

Span = tuple[int, int]

_RECORD = re.compile(r"^(?:[TERAMN#]\d+|\*)\t")
_ROLES = {"Source": "source", "Cue": "cue", "Content": "content"}


class PolnearFormatError(ValueError):
    """A malformed ``.ann`` line or a split directory without ``text/`` and ``attributions/``."""


@dataclass
class GoldAttribution:
    """One gold attribution: each role a sorted list of ``[start, end)`` pairs (source may be
    empty)."""

    source: list[Span] = field(default_factory=list)
    cue: list[Span] = field(default_factory=list)
    content: list[Span] = field(default_factory=list)


@dataclass
class GoldArticle:
    """One PolNeAR article: its text, gold attributions and ``Discard`` regions."""

    doc_id: str
    text: str
    attributions: list[GoldAttribution]
    discard: list[Span] = field(default_factory=list)


def _offsets(value: str, n: int, where: str) -> list[Span]:
    spans: list[Span] = []
    for frag in value.split(";"):
        parts = frag.split()
        if len(parts) != 2 or not all(p.isdigit() for p in parts):
            raise PolnearFormatError(f"{where}: bad offsets {value!r}")
        start, end = int(parts[0]), int(parts[1])
        if not 0 <= start <= end <= n:
            raise PolnearFormatError(f"{where}: offsets {start} {end} outside text of length {n}")
        spans.append((start, end))
    return spans


def parse_ann(path: Path, text: str) -> tuple[list[GoldAttribution], list[Span]]:
    """Attributions and ``Discard`` spans of one brat ``.ann`` file over ``text``.

    Raises :class:`PolnearFormatError` on a malformed record or an unknown reference.
    """
    bound: dict[str, tuple[str, list[Span]]] = {}
    events: list[tuple[list[tuple[str, str]], str]] = []
    lines = path.read_text(encoding="utf-8").split("\n")
    for lineno, raw in enumerate(lines, 1):
        line = raw.rstrip("\r")
        if not _RECORD.match(line):
            continue  # blank, or the continuation of a T text that crossed a newline
        where = f"{path}:{lineno}"
        cols = line.split("\t")
        if line.startswith("T"):
            if len(cols) < 2 or " " not in cols[1]:
                raise PolnearFormatError(f"{where}: malformed text-bound annotation")
            label, offs = cols[1].split(" ", 1)
            bound[cols[0]] = (label, _offsets(offs, len(text), where))
        elif line.startswith("E"):
            args = [tuple(tok.partition(":")[::2]) for tok in cols[1].split()]
            events.append(([(r, t) for r, t in args], where))
    attributions: list[GoldAttribution] = []
    for args, where in events:
        att = GoldAttribution()
        trigger: list[Span] = []
        for k, (role, tid) in enumerate(args):
            if tid not in bound:
                raise PolnearFormatError(f"{where}: reference to unknown annotation {tid}")
            spans = bound[tid][1]
            if k == 0:
                trigger = spans
                continue
            key = _ROLES.get(role.rstrip("0123456789"))
            if key is not None:
                getattr(att, key).extend(spans)
        if not att.cue:
            att.cue = list(trigger)
        if not att.content:
            continue
        for key in ("source", "cue", "content"):
            setattr(att, key, sorted(set(getattr(att, key))))
        attributions.append(att)
    discard = [sp for label, spans in bound.values() if label == "Discard" for sp in spans]
    return attributions, discard


def load_split(split_dir: Path | str, limit: int | None = None) -> list[GoldArticle]:
    """Every article of a PolNeAR split directory, sorted by ``doc_id`` (the first ``limit``).

    An article without an ``.ann`` file has no attributions. Raises
    :class:`PolnearFormatError` when ``text/`` or ``attributions/`` is missing.
    """
    root = Path(split_dir)
    tdir, adir = root / "text", root / "attributions"
    if not tdir.is_dir() or not adir.is_dir():
        raise PolnearFormatError(f"{root}: expected sub-directories text/ and attributions/")
    annotators: dict[str, list[str]] = {}
    for ann in adir.glob("*.ann"):
        doc_id, sep, annot = ann.stem.rpartition("_")
        if not sep:
            doc_id, annot = ann.stem, ""
        annotators.setdefault(doc_id, []).append(annot)
    articles: list[GoldArticle] = []
    for txt in sorted(tdir.glob("*.txt")):
        if limit is not None and len(articles) >= limit:
            break
        doc_id = txt.stem
        with open(txt, encoding="utf-8", newline="") as f:
            text = f.read()
        annots = sorted(annotators.get(doc_id, []))
        if not annots:
            articles.append(GoldArticle(doc_id, text, []))
            continue
        name = f"{doc_id}_{annots[0]}.ann" if annots[0] else f"{doc_id}.ann"
        atts, discard = parse_ann(adir / name, text)
        articles.append(GoldArticle(doc_id, text, atts, discard))
    return articles
