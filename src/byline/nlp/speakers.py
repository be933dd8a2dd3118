"""Speaker and entity resolution: alias clusters, titles and roles, anonymous sources.

:func:`resolve_speakers` reads the one spaCy parse of the article (no second parse) and makes a
single left-to-right pass over *events* sorted by text position:

1. **Named mentions** from spaCy NER in the story text (``PERSON`` -> person, ``ORG`` ->
   organization, ``GPE``/``LOC``/``FAC`` -> place, ``NORP`` used as a noun, "Iraqis" -> group),
   cleaned: leading determiners, possessive "’s" and honorifics are trimmed; a ``PERSON`` that
   is only an honorific ("Brig") or joins place names ("U.S.-Iraq") is dropped; an ``ORG`` that
   is a title's complement ("Secretary of State", "... for Political Affairs") is dropped; a
   one-word ``ORG`` whose key is a known person's surname ("alKadhimi") is that person.
   Byline authors and photo credits are never story text and are excluded by name as well.
   Names cluster by :mod:`byline.nlp.entities` (surname keys; a lone surname goes to the most
   recently mentioned person with that surname).
2. **Role descriptions** "the premier", "the mayor" (``the`` + role noun, no name attached)
   join the most recent person holding a matching title (premier = prime minister).
3. **Attribution sources**, processed once every mention inside them is known (the same span
   resolves once): a source whose head word lies in a named mention is that entity (also when
   the span cuts a name: "al" of "al-Kadhimi"); a name in apposition to the head, or closing
   the source after its titles, is the speaker ("The Pentagon press secretary, John Kirby" ->
   Kirby; "Iraqi military spokesman Brig. Gen. Yahya Rasool"), but a name linked by a
   preposition or used as a modifier is not ("a spokeswoman for Hillary Clinton", "The Trump
   campaign"); coordinated names ("Trump and Clinton") are a named group, never anonymous;
   a relative pronoun ("who") is the noun its clause hangs on; a pronoun is
   resolved (below); a proper noun after an honorific ("Rep. Adam Schiff") or matching a
   known surname is a person; otherwise it is a description typed by its head noun (document:
   statement, report...; organization: ministry, government...; person or group: official,
   politician, source...; a plural counted by a numeral or quantifier, "two city engineers": group;
   else ``other``), named as written ("a senior Iraqi Shiite
   politician"; coordinated place/nationality modifiers cut off before it are taken back in:
   "U.S. and Iraqi officials"), with the description minus determiner and numerals as its role.
   A definite description ("the officials", "the Shiite politician") joins the most recent
   earlier entity with the same head noun and compatible modifiers, else a new entity.
4. **Pronouns**: *he/she* -> the nearest compatible person named earlier in the same sentence;
   else among the three nearest earlier person entities whose gender is
   unknown or agrees (gender from honorifics, gendered role nouns, a first-name list, a
   *he/his* or *she/her* in a sentence whose only earlier name is that person, and earlier
   pronoun resolutions), the latest source if it is one of them (speaker continuity: "Josh
   Earnest said that President Barack Obama ... He said" -> Earnest), else the nearest of known
   matching gender, else the nearest; *they* -> the most recent earlier source that is a group,
   an organization or plural, else the most recent group; *it* -> the most recent singular
   organization or document source, else the most recent organization.
5. **Anonymity**: a person or group described, not named, is anonymous when the description is
   indefinite, bare or numbered ("a senior official", "officials", "two Iraqi officials") or
   plural ("the officials"); a definite singular description ("the FBI director") names an
   identifiable office holder and is not; organizations, documents, places and named people
   never are. Each reason found by :func:`byline.nlp.anonymity.find_anonymity_reasons` is
   attached to every anonymous entity named in the stretch it covers (noun phrases there
   resolved as known mentions, definite descriptions or pronouns); an entity keeps the first
   reason stated.

Returned entities have ids ``"E1"``, ``"E2"``... in order of first mention; attributions are
returned in their input order with ``speaker`` filled. Offsets are ``[start, end)`` ``str``
indices into ``doc.text``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from byline.model import Attribution, Entity, EntityType, Speaker
from byline.nlp.anonymity import AnonymityReason, find_anonymity_reasons
from byline.nlp.entities import (
    DEFINITE,
    DETERMINERS,
    Cluster,
    ClusterSet,
    lexicon,
    name_key,
    name_words,
    role_apposition,
    role_before,
    strip_possessive,
    surname_keys,
)
from byline.structure import ArticleStructure

NER_TYPES: dict[str, EntityType] = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
}
MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
NEUTER_PRONOUNS = frozenset({"it", "its", "itself"})


@dataclass
class _Named:
    """A cleaned NER mention: ``[start, end)``, its text, type and the token span."""

    start: int
    end: int
    text: str
    type: EntityType
    label: str
    span: Span
    cluster: Cluster | None = None
    role: str | None = None
    honorifics: str | None = None
    titled: str | None = None
    appos: str | None = None


COUNTING_WORDS = frozenset({"several", "many", "some", "few", "numerous", "multiple", "dozens"})
"""Quantifiers that, like a numeral, make a plural description a counted group of people."""


@dataclass
class _SourceResult:
    cluster: Cluster | None = None
    role: str | None = None
    pronoun_type: EntityType | None = None


class _Resolver:
    def __init__(self, doc: Doc, article: ArticleStructure) -> None:
        self.doc = doc
        self.text = doc.text  # Doc.text joins every token on each access: read it once.
        self.spans = article.analyzable_spans()
        self._starts = [s for s, _ in self.spans]
        self.clusters = ClusterSet()
        self.lex = lexicon()
        self.source_log: list[tuple[int, Cluster]] = []
        self.reasons: dict[int, AnonymityReason] = {}
        excluded = list(article.metadata.authors)
        for caption in article.captions:
            excluded += [n for n in (caption.photographer, caption.credit) if n]
        self.excluded = {name_key(n) for n in excluded if n.strip()}
        self.named: list[_Named] = []
        self.surnames: set[str] = set()
        self.source_cache: dict[tuple[int, int], _SourceResult] = {}
        self.consumed: list[tuple[int, int]] = []

    # ----------------------------------------------------------------- helpers

    def in_story(self, pos: int) -> bool:
        k = bisect_right(self._starts, pos) - 1
        return k >= 0 and self.spans[k][0] <= pos < self.spans[k][1]

    def _trim(self, ent: Span) -> tuple[int, int] | None:
        doc = self.doc
        s, e = ent.start, ent.end
        while s < e and doc[s].lower_ in DETERMINERS:
            s += 1
        while e > s and (doc[e - 1].tag_ == "POS" or doc[e - 1].text in ("'s", "’s")):
            e -= 1
        if ent.label_ == "PERSON":
            # A verb swept into the name by the tagger ("Injecting Clinton").
            while e - s > 1 and doc[s].tag_.startswith("VB"):
                s += 1
            while s < e:
                tok = doc[s]
                dot = s + 1 < len(doc) and doc[s + 1].text == "." and not tok.whitespace_
                if dot and (tok.lower_ + ".") in self.lex.honorifics:
                    s += 2  # "Brig" "." (the dot may lie outside the entity)
                elif tok.lower_ in self.lex.honorifics:
                    s += 1
                else:
                    break
        if s >= e:
            return None
        start = doc[s].idx
        end = doc[e - 1].idx + len(doc[e - 1].text)
        end = start + len(strip_possessive(self.text[start:end]))
        return start, end

    # ----------------------------------------------------------------- named mentions

    def collect_named(self) -> None:
        doc = self.doc
        places = {
            name_key(e.text) for e in doc.ents if e.label_ in ("GPE", "LOC") and len(e.text) > 1
        }
        ent_start_of = {t: e.start for e in doc.ents for t in range(e.start, e.end)}
        kept: list[_Named] = []
        for ent in doc.ents:
            type_ = NER_TYPES.get(ent.label_)
            if type_ is None or not self.in_story(ent.start_char):
                continue
            trimmed = self._trim(ent)
            if trimmed is None:
                continue
            start, end = trimmed
            text = self.text[start:end]
            if name_key(text) in self.excluded or not any(c.isupper() for c in text):
                continue
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            if ent.label_ == "PERSON":
                parts = [p for p in text.replace("-", " ").split() if p]
                if len(parts) > 1 and any(name_key(p) in places for p in parts):
                    continue  # "U.S.-Iraq"
            if ent.label_ == "NORP" and (
                span.root.tag_ not in ("NNS", "NNPS")
                or span.root.dep_ in ("amod", "compound", "nmod", "poss")
            ):
                continue
            kept.append(_Named(start, end, text, type_, ent.label_, span))
        for named in kept:
            if named.type != "person":
                continue
            finding = role_before(self.doc, named.span.start, ent_start_of)
            named.role, named.honorifics = finding.role, finding.honorifics
            self.consumed.extend(finding.consumed)
            if finding.start < named.start:
                named.titled = self.text[finding.start : named.end]
            appos = role_apposition(self.doc, named.span)
            if appos:
                self.consumed.append((appos[1], appos[2]))
                named.appos = appos[0]
        self.named = [n for n in kept if not self._title_complement(n)]
        # Start-sorted index of the named mentions, so a source looks up only the names near it
        # (a scan of every name per source is quadratic on long articles).
        self._named_order = {id(n): k for k, n in enumerate(self.named)}
        self._named_by_start = sorted(self.named, key=lambda n: n.start)
        self._named_starts = [n.start for n in self._named_by_start]
        self._named_longest = max((n.end - n.start for n in self.named), default=0)
        self.surnames = {
            key
            for n in self.named
            if n.type == "person"
            for key in surname_keys(name_words(n.text)[-1])
        } | self._honorific_surnames()

    def _propn_run(self, head: Token) -> Span:
        """The run of alphabetic proper nouns ending at ``head`` ("Amelize Joseph")."""
        doc, i = self.doc, head.i
        while (
            i > 0
            and doc[i - 1].pos_ == "PROPN"
            and doc[i - 1].is_alpha
            and doc[i - 1].lower_ not in self.lex.honorifics
            and not self._role_word(doc[i - 1])
        ):
            i -= 1
        return doc[i : head.i + 1]

    def _role_word(self, tok: Token) -> bool:
        return tok.lower_ in self.lex.role_heads

    def _honorific_name(self, head: Token) -> Span | None:
        """The proper-noun run ending at ``head`` when an honorific ("Rep.", "Mr.") opens it."""
        doc = self.doc
        i = self._propn_run(head).start
        if i == 0:
            return None
        before = doc[i - 1]
        word = before.text.lower()
        if before.text == "." and i > 1 and not doc[i - 2].whitespace_:
            word = doc[i - 2].text.lower() + "."
        return doc[i : head.i + 1] if word in self.lex.honorifics else None

    def _honorific_surnames(self) -> set[str]:
        """Surname keys of names printed after an honorific anywhere in the story text."""
        keys: set[str] = set()
        doc, lex = self.doc, self.lex
        for tok in doc:
            if tok.pos_ != "PROPN" or not tok.is_alpha:
                continue
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            if nxt is not None and nxt.pos_ == "PROPN" and nxt.is_alpha:
                continue  # not the last word of the run
            name = self._honorific_name(tok)
            if (
                name is not None
                and self.in_story(tok.idx)
                and lex.first_names.get(tok.lower_) is None
            ):
                keys |= surname_keys(tok.text)
        return keys

    def _known_surname(self, word: str) -> bool:
        return " " not in word.strip() and bool(surname_keys(word) & self.surnames)

    def _title_complement(self, named: _Named) -> bool:
        """An ORG inside a title phrase right after "of"/"for" ("Secretary of State")."""
        if named.label != "ORG":
            return False
        inside = any(a <= named.start and named.end <= b for a, b in self.consumed)
        prev = self.doc[named.span.start - 1] if named.span.start > 0 else None
        return inside and prev is not None and prev.lower_ in ("of", "for")

    # ----------------------------------------------------------------- events

    def add_named(self, named: _Named) -> None:
        clusters = self.clusters
        if named.type == "person":
            cluster = clusters.add_person(
                named.text, named.start, named.end, gender=self._title_gender(named)
            )
            if named.titled:
                cluster.add(named.titled, named.start, named.end)
            cluster.add_title(named.role, role=True)
            appos = named.appos
            cluster.add_title(appos, role=True)
            cluster.add_title(named.honorifics, role=False)
            if named.role or appos:
                cluster.mention_roles[named.start] = named.role or appos or ""
            if cluster.gender is None:
                cluster.gender = self._title_gender(named)
        elif named.label in ("ORG", "NORP") and self._known_surname(named.text):
            # "alKadhimi" tagged ORG: a one-word name that is some PERSON's surname.
            cluster = clusters.add_person(named.text, named.start, named.end)
        else:
            cluster = clusters.add_named(named.type, named.text, named.start, named.end)
            if named.type == "group":
                cluster.plural = True
        named.cluster = cluster

    def _title_gender(self, named: _Named) -> str | None:
        words = " ".join(t for t in (named.role, named.honorifics) if t).lower().split()
        for word in words:
            gender = self.lex.gendered_roles.get(word) or self.lex.honorifics.get(word)
            if gender:
                return gender
        return None

    def gender_evidence(self) -> list[tuple[Token, _Named]]:
        """Pronouns that reveal a person's gender: a *he/his/him* or *she/her* in a sentence
        whose only earlier person name is that person ("Ava DuVernay said her film ...")."""
        out: list[tuple[Token, _Named]] = []
        persons = [n for n in self.named if n.type == "person"]
        k = 0
        for sent in self.doc.sents:
            while k < len(persons) and persons[k].start < sent.start_char:
                k += 1
            inside = []
            j = k
            while j < len(persons) and persons[j].start < sent.end_char:
                inside.append(persons[j])
                j += 1
            if not inside:
                continue
            for tok in sent:
                low = tok.lower_
                if tok.pos_ != "PRON" or not (low in MALE_PRONOUNS or low in FEMALE_PRONOUNS):
                    continue
                before = [n for n in inside if n.end <= tok.idx]
                if len(before) == 1 and all(n.start >= tok.idx for n in inside[1:]):
                    out.append((tok, before[0]))
        return out

    def role_descriptions(self) -> list[Span]:
        """ "the premier", "the mayor": ``the`` + singular role noun with no name attached."""
        out: list[Span] = []
        lex = self.lex
        named_tokens = {t.i for n in self.named for t in n.span}
        for tok in self.doc:
            low = tok.lower_
            if tok.tag_ != "NN" or not (low in lex.role_heads or low in lex.synonyms):
                continue
            if tok.dep_ == "compound" or tok.i in named_tokens or not self.in_story(tok.idx):
                continue
            if any(a <= tok.idx < b for a, b in self.consumed):
                continue
            if tok.dep_ == "appos" or any(c.dep_ == "appos" for c in tok.children):
                continue
            dets = [c for c in tok.lefts if c.dep_ == "det" and c.lower_ == "the"]
            if not dets or any(t.pos_ == "PROPN" for t in self.doc[dets[0].i : tok.i]):
                continue
            out.append(self.doc[dets[0].i : tok.i + 1])
        return out

    def resolve_pronoun(self, tok: Token) -> tuple[Cluster | None, EntityType | None]:
        low, pos = tok.lower_, tok.idx
        if low in MALE_PRONOUNS or low in FEMALE_PRONOUNS:
            gender = "m" if low in MALE_PRONOUNS else "f"
            people = [
                c
                for c in self.clusters.recent(pos)
                if c.type == "person" and not c.plural and c.gender in (None, gender)
            ]
            # A compatible person named earlier in the pronoun's own sentence binds it
            # ("... visit by Qaani, where he met ... and called for calm" -> Qaani).
            sent_start = tok.sent.start_char
            in_sentence = next(
                (c for c in people if any(sent_start <= m.start < pos for m in c.mentions)),
                None,
            )
            if in_sentence is not None:
                in_sentence.gender = gender
                return in_sentence, "person"
            # Among the three nearest compatible people, the latest source keeps the floor
            # (speaker continuity); else a known-gender match beats a nearer unknown one.
            last_source = next(
                (c for start, c in reversed(self.source_log) if start < pos and c in people[:3]),
                None,
            )
            chosen = last_source or next((c for c in people[:3] if c.gender == gender), None)
            if chosen is None and people:
                chosen = people[0]
            if chosen is not None:
                chosen.gender = gender
                return chosen, "person"
            return None, "person"
        if low in PLURAL_PRONOUNS:
            for start, cluster in reversed(self.source_log):
                if start < pos and (cluster.type in ("group", "organization") or cluster.plural):
                    return cluster, cluster.type
            for cluster in self.clusters.recent(pos):
                if cluster.type == "group" or cluster.plural:
                    return cluster, cluster.type
            return None, "group"
        if low in NEUTER_PRONOUNS:
            for start, cluster in reversed(self.source_log):
                kind_ok = cluster.type in ("organization", "document") and not cluster.plural
                if start < pos and kind_ok:
                    return cluster, cluster.type
            for cluster in self.clusters.recent(pos):
                if cluster.type == "organization":
                    return cluster, cluster.type
            return None, None
        return None, None

    def _description_type(self, head: Token) -> tuple[EntityType, bool]:
        lex = self.lex
        lemma, low = head.lemma_.lower(), head.lower_
        plural = head.tag_ in ("NNS", "NNPS")
        if lemma in lex.document_nouns or low in lex.document_nouns:
            return "document", plural
        if lemma in lex.organization_nouns or low in lex.organization_nouns:
            return "organization", plural
        if lemma in lex.person_nouns or low in lex.person_nouns or lemma in lex.role_heads:
            return ("group" if plural else "person"), plural
        if plural and any(
            c.dep_ == "nummod" or (c.dep_ in ("det", "amod") and c.lower_ in COUNTING_WORDS)
            for c in head.children
        ):
            # Counted people not in the lexicon: "two city engineers", "several farmers".
            return "group", plural
        return "other", plural

    def _coordination(self, span: Span) -> Cluster:
        """A named group for coordinated names as a source ("Trump and Clinton"): named as
        written, never anonymous; its members keep their own entities."""
        toks = [t for t in span if not t.is_punct]
        while toks and toks[0].lower_ in DETERMINERS:
            toks.pop(0)
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        cluster = self.clusters.add_named("group", self.text[start:end], start, end)
        cluster.plural = True
        return cluster

    def _coordinated_modifiers(self, span: Span) -> Span:
        """Widen a description over coordinated place/nationality modifiers cut off before it:
        "Iraqi officials" in "U.S. and Iraqi officials" (a sentence split after "U.S." can cut
        the parse there) -> "U.S. and Iraqi officials"."""
        doc, i = self.doc, span.start
        if doc[i].pos_ not in ("ADJ", "PROPN") or doc[i].dep_ not in ("amod", "compound", "nmod"):
            return span
        while i >= 2 and doc[i - 1].lower_ in ("and", "or", ","):
            prev = doc[i - 2]
            if prev.ent_type_ in ("GPE", "NORP") or (prev.pos_ == "ADJ" and prev.is_title):
                i = prev.i if not prev.ent_type_ else self._ent_first(prev)
            else:
                break
        return doc[i : span.end] if i < span.start else span

    def _ent_first(self, tok: Token) -> int:
        i = tok.i
        while i > 0 and self.doc[i].ent_iob_ == "I":
            i -= 1
        return i

    def _head(self, span: Span) -> Token:
        """The head word of a source span: the parse's root, except that a coordinated or
        modifying name ("U.S. and Iraqi officials", "U.S. and Iraq delegates") yields to a
        final common noun that names people, a document or an organization."""
        root = span.root
        last = next((t for t in reversed(span) if not t.is_punct), root)
        if (
            root.pos_ == "PROPN"
            and last.i > root.i
            and last.pos_ == "NOUN"
            and last.dep_ != "pobj"  # "Sarah Jones, the president of the union"
            and not any(t.text == "," for t in span[root.i - span.start : last.i - span.start])
        ):
            lex, lemma = self.lex, last.lemma_.lower()
            nouns = lex.person_nouns | lex.document_nouns | lex.organization_nouns | lex.role_heads
            if lemma in nouns or last.lower_ in nouns:
                return last
        return root

    def resolve_description(
        self, span: Span, create: bool, head: Token | None = None
    ) -> Cluster | None:
        """A description: the matching earlier entity when definite, else (``create``) new."""
        head = head if head is not None else span.root
        lemma = head.lemma_.lower()
        type_, plural = self._description_type(head)
        words = [t.lower_ for t in span if not t.is_punct]
        mods = {
            t.lower_
            for t in span
            if t.i < head.i and t.lower_ not in DETERMINERS and not t.is_punct and t.is_alpha
        }
        definite = span[0].lower_ in DEFINITE
        if definite:
            canonical = self.lex.canonical_words(head.lower_)
            for cluster in self.clusters.recent(span.start_char):
                same_kind = cluster.type == type_ or {cluster.type, type_} <= {"person", "group"}
                if (
                    same_kind
                    and lemma in cluster.heads
                    and any(mods <= d for d in cluster.descriptions)
                ):
                    return cluster
                if (
                    type_ == "person"
                    and cluster.type == "person"
                    and cluster.named
                    and head.lower_ in self.lex.role_heads | self.lex.synonyms.keys()
                    and cluster.has_title_words(canonical)
                ):
                    return cluster
                if (
                    type_ == "organization"
                    and cluster.type == "organization"
                    and cluster.named
                    and lemma in (name_words_low := set(cluster.name.lower().split()))
                    and mods <= name_words_low  # "the appeals court" is not the Supreme Court
                ):
                    return cluster
        if not create:
            return None
        if head.pos_ == "PROPN" and not plural:
            name = self._honorific_name(head)
            if name is not None:  # "Rep. Adam Schiff, the top Democrat ..." missed by NER
                return self.clusters.add_person(name.text, name.start_char, name.end_char)
            if self._known_surname(head.text):
                run = self._propn_run(head)  # "Amelize Joseph" when NER took only "Joseph"
                return self.clusters.add_person(run.text, run.start_char, run.end_char)
        toks = list(span)
        while toks and toks[0].is_punct:
            toks.pop(0)
        while toks and toks[-1].is_punct:
            toks.pop()
        if not toks:
            return None
        # The description as written ("a senior Iraqi Shiite politician"); its role drops the
        # determiner and numerals ("senior Iraqi Shiite politician", "Iraqi officials").
        name = self.text[toks[0].idx : toks[-1].idx + len(toks[-1].text)]
        while toks and toks[0].lower_ in DETERMINERS:
            toks.pop(0)
        if not toks:
            return None
        named = head.pos_ == "PROPN" and type_ == "other"
        cluster = self.clusters.new(type=type_, name=name, named=named, plural=plural)
        # Anonymous: people described, not named, and not by a definite singular description
        # ("the Indiana governor", "the FBI director" name an identifiable office holder).
        people = (
            lemma in self.lex.person_nouns
            or head.lower_ in self.lex.person_nouns
            or lemma in self.lex.role_heads
            or (type_ == "group" and plural)  # counted people: "two city engineers"
        )
        cluster.anonymous = type_ in ("person", "group") and people and (plural or not definite)
        cluster.heads.add(lemma)
        cluster.descriptions.append(set(words))
        if type_ in ("person", "group"):
            role_toks = [t for t in toks if not (t.like_num or t.pos_ == "NUM")]
            if role_toks:
                first, last = role_toks[0], role_toks[-1]
                cluster.add_title(self.text[first.idx : last.idx + len(last.text)], role=True)
            gender = self.lex.gendered_roles.get(head.lower_)
            cluster.gender = gender
        return cluster

    def resolve_source(self, start: int, end: int) -> _SourceResult:
        """The entity a source span ``[start, end)`` names; the same span resolves once."""
        if (start, end) not in self.source_cache:
            self.source_cache[(start, end)] = self._resolve_source(start, end)
        return self.source_cache[(start, end)]

    def _in_order(self, mentions: Iterable[_Named]) -> list[_Named]:
        """Distinct named mentions in the order of ``self.named``."""
        unique = {id(n): n for n in mentions}
        return sorted(unique.values(), key=lambda n: self._named_order[id(n)])

    def _named_between(self, start: int, end: int) -> list[_Named]:
        """Named mentions starting in ``[start, end)``, in the order of ``self.named``."""
        lo = bisect_left(self._named_starts, start)
        hi = bisect_left(self._named_starts, end)
        return self._in_order(self._named_by_start[lo:hi])

    def _named_covering(self, offset: int) -> list[_Named]:
        """Named mentions with ``start <= offset < end``, in the order of ``self.named``."""
        lo = bisect_left(self._named_starts, offset - self._named_longest)
        hi = bisect_right(self._named_starts, offset)
        return self._in_order(n for n in self._named_by_start[lo:hi] if offset < n.end)

    def _resolve_source(self, start: int, end: int) -> _SourceResult:
        doc = self.doc
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return _SourceResult()
        inside = [n for n in self._named_between(start, end) if n.end <= end and n.cluster]
        head = self._head(span)
        # A source cut inside a name ("al" of "al-Kadhimi") is that name.
        for named in inside or self._named_covering(head.idx):
            if named.cluster is not None and named.start <= head.idx < named.end:
                conjuncts = [
                    c
                    for c in head.children
                    if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN") and c.i < span.end
                ]
                if conjuncts:
                    return _SourceResult(self._coordination(span))
                return _SourceResult(named.cluster, named.cluster.mention_roles.get(named.start))
        # A name inside the source speaks only when it is in apposition to the head ("The
        # Pentagon press secretary, John Kirby"); "The Trump campaign", "a spokeswoman for
        # Hillary Clinton" are not Trump or Clinton.
        # A name that closes the source after its titles ("Iraqi military spokesman Brig. Gen.
        # Yahya Rasool", which the parser may split after "Brig.") is the speaker too, unless a
        # preposition or possessive links it ("a spokeswoman for Hillary Clinton").
        appos = [c for c in head.children if c.dep_ == "appos"]
        last = next((t for t in reversed(span) if not t.is_punct), head)
        persons = [
            n
            for n in inside
            if n.cluster is not None
            and n.cluster.type == "person"
            and (
                any(n.span.start <= c.i < n.span.end for c in appos)
                or (
                    n.span.end - 1 == last.i
                    and n.span.start > 0
                    and doc[n.span.start - 1].pos_ not in ("ADP", "PART")
                    and head.pos_ != "NOUN"
                )
            )
        ]
        if not persons and appos:
            persons = [
                n
                for n in self._in_order(x for c in appos for x in self._named_covering(c.idx))
                if n.cluster is not None
                and n.cluster.type == "person"
                and any(n.span.start <= c.i < n.span.end for c in appos)
            ]
        if persons:
            named = persons[0]
            assert named.cluster is not None
            return _SourceResult(named.cluster, named.cluster.mention_roles.get(named.start))
        if head.tag_ in ("WP", "WDT") and head.head.dep_ == "relcl":
            # "al-Kadhimi, who has appeared powerless ...": the noun the clause hangs on.
            antecedent = head.head.head
            for named in self._named_covering(antecedent.idx):
                if named.cluster is not None and named.start <= antecedent.idx < named.end:
                    return _SourceResult(
                        named.cluster, named.cluster.mention_roles.get(named.start)
                    )
            for mention_start, cluster in reversed(self.clusters.log):
                if any(
                    m.start <= antecedent.idx < m.end and m.start == mention_start
                    for m in cluster.mentions
                ):
                    return _SourceResult(cluster)
            return _SourceResult()
        if head.pos_ == "PRON" or head.tag_ in ("PRP", "PRP$"):
            cluster, ptype = self.resolve_pronoun(head)
            if cluster is not None:
                self.clusters.attach(cluster, head.text, head.idx, head.idx + len(head.text), False)
            return _SourceResult(cluster, None, ptype)
        span = self._coordinated_modifiers(span)
        cluster = self.resolve_description(span, create=True, head=head)
        role = None
        if cluster is not None:
            text = self.text[span.start_char : span.end_char]
            self.clusters.attach(cluster, text, span.start_char, span.end_char, alias=True)
            if cluster.named and cluster.type == "person":
                # A name spaCy missed here ("Saleh, the minister of finance,"): its apposition.
                appos = role_apposition(doc, doc[head.i : head.i + 1])
                if appos:
                    role = appos[0]
                    cluster.add_title(role, role=True)
        return _SourceResult(cluster, role)

    def apply_reason(self, reason: AnonymityReason) -> None:
        a, b = reason.covers
        doc = self.doc
        span = doc.char_span(a, b, alignment_mode="expand")
        if span is None:
            return
        found: list[Cluster] = []
        for mention_start, cluster in self.clusters.log:
            if a <= mention_start < b and cluster not in found:
                found.append(cluster)
        for chunk in span.noun_chunks:
            root = chunk.root
            # A known mention inside this phrase already names it; a larger mention around it
            # ("The two Iraqi officials and the Shiite politician all") does not.
            s0, e0 = chunk.start_char, chunk.end_char
            if any(s0 <= m.start and m.end <= e0 for c in found for m in c.mentions):
                continue
            if root.pos_ == "PRON":
                cluster, _ = self.resolve_pronoun(root)
            else:
                cluster = self.resolve_description(chunk, create=False)
                if cluster is not None:
                    self.clusters.attach(
                        cluster, chunk.text, chunk.start_char, chunk.end_char, True
                    )
            if cluster is not None and cluster not in found:
                found.append(cluster)
        for cluster in found:
            if cluster.anonymous:
                self.reasons.setdefault(id(cluster), reason)


def resolve_speakers(
    doc: Doc, article: ArticleStructure, attributions: list[Attribution]
) -> tuple[list[Entity], list[Attribution]]:
    """Entities of the story and the attributions with their ``speaker`` filled in.

    ``doc`` is the spaCy parse of the whole article text; only entities in
    ``article.analyzable_spans()`` (headline, standfirst, paragraphs) are taken. ``attributions``
    carry ``source`` spans into ``doc.text`` (or ``None``: the speaker stays empty). Returns
    ``(entities, attributions)``: entities ``E1``, ``E2``... in order of first mention, and the
    attributions in input order, each with a new :class:`~byline.model.Speaker`. Never raises
    for odd input: an unresolvable source gets a speaker with ``entity_id=None``.
    """
    resolver = _Resolver(doc, article)
    resolver.collect_named()
    # Events: (position, order, kind, payload); sources go after the mentions they contain.
    events: list[tuple[int, int, str, object]] = []
    for named in resolver.named:
        events.append((named.start, 0, "named", named))
    for span in resolver.role_descriptions():
        events.append((span.start_char, 1, "role", span))
    for tok, named in resolver.gender_evidence():
        events.append((tok.idx, 1, "gender", (tok, named)))
    for k, attribution in enumerate(attributions):
        if attribution.source is not None and attribution.source.spans:
            events.append((attribution.source.end, 2, "source", k))
    for reason in find_anonymity_reasons(doc, resolver.spans):
        events.append((max(reason.covers[1], reason.start), 3, "reason", reason))
    events.sort(key=lambda e: (e[0], e[1]))

    results: dict[int, _SourceResult] = {}
    for _, _, kind, payload in events:
        if kind == "named":
            assert isinstance(payload, _Named)
            resolver.add_named(payload)
        elif kind == "role":
            assert isinstance(payload, Span)
            cluster = resolver.resolve_description(payload, create=False)
            if cluster is not None and cluster.named:
                resolver.clusters.attach(
                    cluster, payload.text, payload.start_char, payload.end_char, alias=True
                )
        elif kind == "gender":
            assert isinstance(payload, tuple)
            tok, named = payload
            if named.cluster is not None and named.cluster.gender is None:
                named.cluster.gender = "m" if tok.lower_ in MALE_PRONOUNS else "f"
        elif kind == "source":
            assert isinstance(payload, int)
            source = attributions[payload].source
            assert source is not None
            result = resolver.resolve_source(source.start, source.end)
            results[payload] = result
            if result.cluster is not None:
                resolver.source_log.append((source.start, result.cluster))
        else:
            assert isinstance(payload, AnonymityReason)
            resolver.apply_reason(payload)

    clusters = [c for c in resolver.clusters.clusters if c.mentions]
    clusters.sort(key=lambda c: min(m.start for m in c.mentions))
    ids = {id(c): f"E{k}" for k, c in enumerate(clusters, start=1)}
    entities = [
        Entity(
            id=ids[id(c)],
            type=c.type,
            name=c.name,
            aliases=list(c.aliases),
            titles=list(c.titles),
            mentions=sorted(c.mentions, key=lambda m: (m.start, m.end)),
        )
        for c in clusters
    ]
    out: list[Attribution] = []
    for k, attribution in enumerate(attributions):
        result = results.get(k)
        if result is None:
            out.append(attribution.model_copy(update={"speaker": Speaker()}))
            continue
        cluster = result.cluster
        if cluster is None:
            speaker = Speaker(type=result.pronoun_type)
        else:
            anonymous = cluster.anonymous
            reason = resolver.reasons.get(id(cluster)) if anonymous else None
            speaker = Speaker(
                entity_id=ids.get(id(cluster)),
                name=cluster.name,
                type=cluster.type,
                role=result.role or cluster.primary_role,
                anonymous=anonymous,
                anonymity_reason=reason.text if reason else None,
            )
        out.append(attribution.model_copy(update={"speaker": speaker}))
    return entities, out
