"""Entities of a story: name normalization, titles and roles, and alias clusters.

Everything here reads one spaCy parse (``en_core_web_sm``) of the whole article; offsets are
``[start, end)`` Python ``str`` indices into ``doc.text``. The word lists (honorifics, role
nouns, role synonyms such as *premier* = *prime minister*, nouns that type an unnamed source,
a small first-name gender list) are in ``byline/data/speaker_lexicon.json``, written by hand
for byline.

Rules (all deterministic, one left-to-right pass over mentions):

* **Names.** A person name is keyed by its surname: the last word, lower-cased, with hyphens,
  apostrophes and dots removed (``al-Kadhimi`` = ``Al-Kadhimi`` = ``alKadhimi`` ->
  ``alkadhimi``), plus the same key without a leading Arabic/European particle (``al``,
  ``el``, ``bin``, ``van`` ...; ``kadhimi``). A full name joins the cluster with the same full
  key, else a cluster with the same surname and the same (or no known) first name. A lone
  surname joins the **most recently mentioned** cluster with that surname (so "Clinton" after
  "Bill Clinton" and "Hillary Clinton" is whichever of them was mentioned last); a surname
  seen before any full name makes a surname-only cluster that the first full name with that
  surname later claims.
* **Titles and roles.** A role is the title phrase printed before a name ("Iraqi military
  spokesman", "U.S. Secretary of State", "Foreign Minister" in "Iraq's Foreign Minister Fuad
  Hassan": a possessor is not part of the role) or in apposition ("The Pentagon press
  secretary, John Kirby"; "John Kirby, the Pentagon press secretary,"; "X, the Y of Z,").
  Honorifics printed just before the name ("Brig. Gen.", "Mr.") are titles but not the role.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.tokens import Doc, Span, Token

from byline.model import EntityType, Mention

_LEXICON_FILE = "speaker_lexicon.json"

PARTICLES = frozenset(
    {"al", "el", "ul", "ud", "bin", "ibn", "abu", "de", "da", "di", "du", "del", "van", "von"}
    | {"der", "le", "la"}
)
"""Name particles dropped from a surname for its short key ("al-Kadhimi" -> "kadhimi")."""

COURTESY_TITLES = frozenset({"mr.", "mrs.", "ms.", "miss", "sir", "dame", "lord", "lady"})
"""Honorifics that state no role: never given as a speaker's role."""
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
DEFINITE = frozenset({"the", "this", "that", "these", "those"})
_APOSTROPHES = ("'s", "’s", "'", "’")
_KEY_STRIP = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Lexicon:
    """The speaker lexicon (``byline/data/speaker_lexicon.json``), lower-cased."""

    honorifics: dict[str, str | None]
    role_heads: frozenset[str]
    synonyms: dict[str, str]
    gendered_roles: dict[str, str]
    person_nouns: frozenset[str]
    document_nouns: frozenset[str]
    organization_nouns: frozenset[str]
    first_names: dict[str, str]

    def canonical_words(self, phrase: str) -> list[str]:
        """Lower-cased words of ``phrase`` with each word (then the whole) mapped by synonyms:
        "the premier" -> ["the", "prime", "minister"]; "Brig. Gen." -> ["brigadier", "general"].
        """
        out: list[str] = []
        for word in phrase.lower().split():
            out.extend(self.synonyms.get(word, word).split())
        joined = " ".join(out)
        return self.synonyms.get(joined, joined).split()


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load the packaged speaker lexicon once per process."""
    raw: dict[str, Any] = json.loads(
        resources.files("byline.data").joinpath(_LEXICON_FILE).read_text(encoding="utf-8")
    )
    first: dict[str, str] = {}
    for gender, names in raw["first_names"].items():
        for name in names:
            first[name.lower()] = gender
    return Lexicon(
        honorifics={k.lower(): v for k, v in raw["honorifics"].items()},
        role_heads=frozenset(w.lower() for w in raw["role_heads"]),
        synonyms={k.lower(): v.lower() for k, v in raw["synonyms"].items()},
        gendered_roles={k.lower(): v for k, v in raw["gendered_roles"].items()},
        person_nouns=frozenset(w.lower() for w in raw["person_nouns"]),
        document_nouns=frozenset(w.lower() for w in raw["document_nouns"]),
        organization_nouns=frozenset(w.lower() for w in raw["organization_nouns"]),
        first_names=first,
    )


# --------------------------------------------------------------------------- names


def strip_possessive(text: str) -> str:
    """``"al-Kadhimi’s"`` -> ``"al-Kadhimi"``; other text unchanged."""
    for suffix in _APOSTROPHES:
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)]
    return text


def name_key(text: str) -> str:
    """Case-, hyphen- and punctuation-insensitive key: ``"Al-Kadhimi"`` -> ``"alkadhimi"``."""
    return _KEY_STRIP.sub("", text.lower())


def name_words(name: str) -> list[str]:
    """Words of a person name without generational suffixes (Jr., III)."""
    words = name.split()
    while len(words) > 1 and name_key(words[-1]) in NAME_SUFFIXES:
        words.pop()
    return words


def surname_keys(word: str) -> frozenset[str]:
    """Keys of a surname: the full key and, when it opens with a particle ("al-Kadhimi",
    "alKadhimi", "al Kadhimi"), the key without it. ``"al-Kadhimi"`` -> {alkadhimi, kadhimi}."""
    keys = {name_key(word)}
    parts = re.split(r"[-‐'’ ]", word, maxsplit=1)
    if len(parts) == 2 and parts[0].lower() in PARTICLES and parts[1]:
        keys.add(name_key(parts[1]))
    camel = re.match(r"^([a-z]{2,3})([A-Z]\w+)$", word)
    if camel and camel.group(1) in PARTICLES:
        keys.add(name_key(camel.group(2)))
    keys.discard("")
    return frozenset(keys)


def first_name_gender(first: str) -> str | None:
    """``"m"``/``"f"`` from the lexicon's first-name list; else ``"f"`` for a name of four or
    more letters ending in "a" (Alicia, Melania: a common English-name regularity; male names
    of that shape such as Joshua are in the list), else ``None``."""
    key = name_key(first)
    known = lexicon().first_names.get(key)
    if known is None and len(key) >= 4 and key.endswith("a") and first[:1].isupper():
        return "f"
    return known


# --------------------------------------------------------------------------- titles


@dataclass
class RoleFinding:
    """Titles found around one name mention.

    ``role`` is the role phrase (no determiner, no possessor), ``honorifics`` the honorific
    phrase printed right before the name ("Brig. Gen."), ``start`` the character offset where
    the premodifying title phrase begins (the name's own start when there is none), and
    ``consumed`` the ``[start, end)`` pairs of text taken by the title phrases.
    """

    role: str | None = None
    honorifics: str | None = None
    start: int = 0
    consumed: list[tuple[int, int]] = field(default_factory=list)


def _is_abbrev_dot(doc: Doc, i: int) -> bool:
    tok = doc[i]
    return tok.text == "." and i > 0 and not doc[i - 1].whitespace_


def _unit_text(doc: Doc, i: int) -> tuple[int, str]:
    """The unit ending at token ``i`` walking left: a word, or a word plus its abbreviation dot
    ("Brig" + "." -> "Brig."). Returns (first token index, text)."""
    if _is_abbrev_dot(doc, i) and doc[i - 1].is_alpha:
        return i - 1, doc[i - 1].text + "."
    return i, doc[i].text


def _role_head(word: str) -> bool:
    lex = lexicon()
    low = word.lower()
    return low in lex.role_heads or (low in lex.synonyms and low not in lex.honorifics)


def role_before(doc: Doc, first: int, ent_start_of: dict[int, int]) -> RoleFinding:
    """The title phrase printed right before the name starting at token ``first``.

    Walks left over honorifics, role nouns, capitalized words, adjectives, nouns, ``of``/``for``
    inside a capitalized title ("Secretary of State for Political Affairs") and whole named
    entities (``ent_start_of`` maps an entity token to the entity's first token), stopping at a
    determiner, possessive, verb, pronoun, other punctuation, a line break or 15 tokens back.
    The phrase is a role only if it holds a role noun; honorifics right before the name are
    split off.
    """
    # The parser may split a sentence after an abbreviation ("Brig. | Gen. Yahya Rasool"), so
    # the walk is bounded by line breaks (paragraph edges) and a 15-token window, not sentences.
    sent_start = max(0, first - 15)
    units: list[tuple[int, int, str]] = []  # (first token, last token, text), right to left
    i = first - 1
    while i >= sent_start:
        tok = doc[i]
        if "\n" in tok.text_with_ws:
            break
        if tok.i in ent_start_of and ent_start_of[tok.i] < tok.i:
            j = ent_start_of[tok.i]
            if doc[j].lower_ in DETERMINERS:  # "the Iranian Revolutionary Guard’s Quds Force"
                units.append((j + 1, i, doc[j + 1 : i + 1].text))
                break
            units.append((j, i, doc[j : i + 1].text))
            i = j - 1
            continue
        j, text = _unit_text(doc, i)
        low = text.lower()
        if low in lexicon().honorifics or _role_head(text):
            units.append((j, i, text))
            i = j - 1
            continue
        if tok.pos_ == "ADP" and low in ("of", "for") and units:
            prev = doc[i - 1] if i > sent_start else None
            if prev is not None and (prev.is_title or _role_head(prev.text)):
                units.append((i, i, text))
                i -= 1
                continue
            break
        if low == "under" and tok.is_title and units and _role_head(units[-1][2]):
            units.append((i, i, text))  # "Under Secretary of State"
            i -= 1
            continue
        if tok.pos_ in ("PROPN", "ADJ", "NOUN", "NUM") and (tok.is_alpha or tok.like_num):
            if tok.tag_ == "POS" or tok.dep_ == "poss":
                break
            units.append((i, i, text))
            i -= 1
            continue
        if tok.i in ent_start_of:  # one-token entity such as "U.S."
            units.append((i, i, text))
            i -= 1
            continue
        break
    # The walk stops at a possessive "’s" (not PROPN/ADJ/NOUN/NUM), so a possessor ("Iraq’s")
    # never enters the role.
    units.reverse()
    found = RoleFinding(start=doc[first].idx)
    if not units:
        return found
    # Honorific suffix.
    k = len(units)
    while k > 0 and units[k - 1][2].lower() in lexicon().honorifics:
        k -= 1
    hon_units, role_units = units[k:], units[:k]
    # A role never opens with a bare preposition.
    while role_units and role_units[0][2].lower() in ("of", "for"):
        role_units.pop(0)
    if hon_units:
        s = doc[hon_units[0][0]].idx
        e = doc[hon_units[-1][1]].idx + len(doc[hon_units[-1][1]].text)
        found.honorifics = doc[hon_units[0][0] : hon_units[-1][1] + 1].text
        found.consumed.append((s, e))
        found.start = s
    if role_units and any(_role_head(u[2]) for u in role_units):
        s = doc[role_units[0][0]].idx
        e = doc[role_units[-1][1]].idx + len(doc[role_units[-1][1]].text)
        found.role = doc[role_units[0][0] : role_units[-1][1] + 1].text
        found.consumed.append((s, e))
        found.start = s
    elif role_units and hon_units:
        # Modifiers of an honorific only ("Iranian Gen."): part of the honorific phrase.
        s = doc[role_units[0][0]].idx
        found.honorifics = doc[role_units[0][0] : hon_units[-1][1] + 1].text
        found.consumed[0] = (s, found.consumed[0][1])
        found.start = s
    return found


def _role_subtree_text(doc: Doc, head: Token, exclude: Span) -> tuple[str, int, int] | None:
    """Text of ``head``'s subtree minus ``exclude`` and edge punctuation and determiners."""
    toks = [t for t in head.subtree if not (exclude.start <= t.i < exclude.end)]
    # Keep the contiguous run that holds the head.
    idx = [t.i for t in toks]
    lo = hi = head.i
    while lo - 1 in idx and not (doc[lo - 1].is_punct and doc[lo - 1].text != "."):
        lo -= 1
    while hi + 1 in idx and not (doc[hi + 1].is_punct and doc[hi + 1].text not in ".-"):
        hi += 1
    while lo <= hi and (doc[lo].lower_ in DETERMINERS or doc[lo].is_punct):
        lo += 1
    while lo <= hi and doc[lo].dep_ == "poss":
        # "Iraq's foreign minister": the possessor is not part of the role.
        nxt = lo + 1
        while nxt <= hi and doc[nxt].tag_ == "POS":
            nxt += 1
        lo = nxt
    while hi >= lo and doc[hi].is_punct:
        hi -= 1
    if lo > hi or hi - lo > 12:
        return None
    if not any(_role_head(doc[i].text) for i in range(lo, hi + 1)):
        return None
    s, e = doc[lo].idx, doc[hi].idx + len(doc[hi].text)
    return doc[lo : hi + 1].text, s, e


def role_apposition(doc: Doc, ent: Span) -> tuple[str, int, int] | None:
    """A role in apposition to the name ``ent``: "The Pentagon press secretary, John Kirby"
    (the name is the ``appos`` of the role noun) or "John Kirby, the Pentagon press secretary,"
    and "X, the Y of Z," (the role noun is the ``appos`` of the name). Returns (role text,
    start, end) or ``None``."""
    root = ent.root
    if root.dep_ == "appos" and root.head.i < ent.start and root.head.pos_ in ("NOUN", "PROPN"):
        return _role_subtree_text(doc, root.head, ent)
    for child in root.children:
        if child.dep_ == "appos" and child.i >= ent.end and child.pos_ in ("NOUN", "PROPN"):
            found = _role_subtree_text(doc, child, ent)
            if found:
                return found
    return None


# --------------------------------------------------------------------------- clusters


@dataclass
class Cluster:
    """An entity under construction: one alias cluster.

    ``named`` is true when it carries a proper name (not only descriptions or pronouns);
    ``heads`` are the head lemmas of its descriptions ("official"), ``descriptions`` their
    lower-cased words, used to match later definite descriptions; ``anonymous`` marks an
    unnamed person or group source; ``last`` is the start of its most recent mention.
    """

    type: EntityType
    name: str
    named: bool
    plural: bool = False
    gender: str | None = None
    first: str | None = None
    full_key: str | None = None
    keys: frozenset[str] = frozenset()
    mentions: list[Mention] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    mention_roles: dict[int, str] = field(default_factory=dict)
    heads: set[str] = field(default_factory=set)
    descriptions: list[set[str]] = field(default_factory=list)
    anonymous: bool = False
    last: int = -1

    def add(self, text: str, start: int, end: int, alias: bool = True) -> None:
        """Record a mention ``[start, end)``; ``alias`` adds its text to the aliases."""
        if not any(m.start == start and m.end == end for m in self.mentions):
            self.mentions.append(Mention(text=text, start=start, end=end))
        if alias and text not in self.aliases:
            self.aliases.append(text)
        self.last = max(self.last, start)

    def add_title(self, title: str | None, role: bool) -> None:
        if title and title not in self.titles:
            self.titles.append(title)
        if role and title and title not in self.roles:
            self.roles.append(title)

    def has_title_words(self, words: list[str]) -> bool:
        """True when some title of the cluster holds every word of ``words`` (canonical)."""
        lex = lexicon()
        need = set(words)
        return any(need <= set(lex.canonical_words(t)) for t in self.titles)

    @property
    def primary_role(self) -> str | None:
        """The first role stated, else the first title that is more than a courtesy title
        ("Brig. Gen." yes; "Mr.", "Ms." no)."""
        if self.roles:
            return self.roles[0]
        return next((t for t in self.titles if t.lower() not in COURTESY_TITLES), None)


def _suffix(name: str, word_keys: list[str]) -> bool:
    """True when the words of ``name`` end ``word_keys`` ("Hillary Clinton" ends "Crooked
    Hillary Clinton", a mention with an epithet or a mis-tagged word in front)."""
    keys = [name_key(w) for w in name_words(name)]
    return 1 < len(keys) < len(word_keys) and word_keys[-len(keys) :] == keys


class ClusterSet:
    """The alias clusters of one article, built mention by mention in text order."""

    def __init__(self) -> None:
        self.clusters: list[Cluster] = []
        self.log: list[tuple[int, Cluster]] = []  # (mention start, cluster) in processing order

    def _touch(self, cluster: Cluster, start: int) -> None:
        self.log.append((start, cluster))

    def new(self, **kwargs: Any) -> Cluster:
        cluster = Cluster(**kwargs)
        self.clusters.append(cluster)
        return cluster

    def add_person(self, name: str, start: int, end: int, gender: str | None = None) -> Cluster:
        """Attach a person-name mention (titles already stripped) by the surname rule.

        ``gender`` ("m"/"f", from an honorific such as "Mrs.") narrows a lone surname to the
        people of compatible gender ("Mrs. Clinton" after Bill Clinton is Hillary)."""
        words = name_words(name)
        surname = words[-1]
        keys = surname_keys(surname)
        persons = [c for c in self.clusters if c.type == "person" and c.named]
        chosen: Cluster | None = None
        if len(words) >= 2:
            full = name_key(" ".join(words))
            first = name_key(words[0])
            chosen = next((c for c in persons if c.full_key == full), None)
            word_keys = [name_key(w) for w in words]
            if chosen is None:
                same = [
                    c
                    for c in persons
                    if c.keys & keys
                    and (c.first is None or c.first == first or _suffix(c.name, word_keys))
                ]
                if same:
                    chosen = max(same, key=lambda c: c.last)
            if chosen is None:
                chosen = self.new(type="person", name=name, named=True)
            if chosen.full_key is None or (chosen.first == first and len(name) > len(chosen.name)):
                chosen.name = " ".join(words)
                chosen.full_key = full
                chosen.first = first
            chosen.keys = chosen.keys | keys
            if chosen.gender is None:
                chosen.gender = first_name_gender(words[0])
        else:
            same = [c for c in persons if c.keys & keys]
            if gender is not None and any(c.gender == gender for c in same):
                same = [c for c in same if c.gender == gender]
            if not same:
                same = [c for c in persons if c.first is not None and c.first == name_key(surname)]
            if same:
                chosen = max(same, key=lambda c: c.last)
            else:
                chosen = self.new(type="person", name=name, named=True, keys=keys)
        chosen.add(name, start, end)
        self._touch(chosen, start)
        return chosen

    def person_by_surname(self, text: str) -> Cluster | None:
        """The most recent named person whose surname keys match the one word ``text``."""
        keys = surname_keys(text)
        same = [c for c in self.clusters if c.type == "person" and c.named and c.keys & keys]
        return max(same, key=lambda c: c.last) if same else None

    def add_named(self, type_: EntityType, name: str, start: int, end: int) -> Cluster:
        """Attach an organization, place or named group mention by its name key."""
        key = name_key(name)
        # Same key, same cluster, whatever type NER gave each time ("DuVernay" tagged ORG, then
        # GPE), persons aside.
        chosen = next(
            (c for c in self.clusters if c.named and c.type != "person" and c.full_key == key),
            None,
        )
        if chosen is None:
            chosen = self.new(type=type_, name=name, named=True, full_key=key)
        elif type_ == "organization" and chosen.type != type_:
            chosen.type = type_  # a name once tagged ORG is an organization
        if len(name) > len(chosen.name):
            chosen.name = name
        chosen.add(name, start, end)
        self._touch(chosen, start)
        return chosen

    def attach(self, cluster: Cluster, text: str, start: int, end: int, alias: bool) -> None:
        """Add an anaphoric mention (pronoun, description) to ``cluster``."""
        cluster.add(text, start, end, alias=alias)
        self._touch(cluster, start)

    def recent(self, before: int) -> list[Cluster]:
        """Clusters by most recent mention starting before ``before``, nearest first, unique."""
        seen: set[int] = set()
        out: list[Cluster] = []
        for start, cluster in sorted(self.log, key=lambda entry: entry[0], reverse=True):
            if start < before and id(cluster) not in seen:
                seen.add(id(cluster))
                out.append(cluster)
        return out
