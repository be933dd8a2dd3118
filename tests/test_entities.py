"""Name keys, the surname rule of alias clusters, and title/role extraction around names."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from byline.nlp.entities import (
    ClusterSet,
    lexicon,
    name_key,
    role_apposition,
    role_before,
    strip_possessive,
    surname_keys,
)
from byline.nlp.pipeline import get_nlp, make_doc


@pytest.fixture(scope="module")
def nlp() -> Language:
    return get_nlp()


def parse(nlp: Language, text: str) -> Doc:
    return nlp(make_doc(nlp, text, [(0, len(text))]))


def test_name_key_ignores_case_hyphens_and_apostrophes() -> None:
    assert name_key("Al-Kadhimi") == name_key("alKadhimi") == name_key("al-Kadhimi")
    assert name_key("O’Rourke") == "orourke"


def test_surname_keys_drop_leading_particles() -> None:
    assert surname_keys("al-Kadhimi") == {"alkadhimi", "kadhimi"}
    assert surname_keys("alKadhimi") == {"alkadhimi", "kadhimi"}
    assert surname_keys("Kadhimi") == {"kadhimi"}
    # A capitalized first part is a double-barrelled surname, not a particle.
    assert surname_keys("Abdul-Zahra") == {"abdulzahra"}


def test_strip_possessive() -> None:
    assert strip_possessive("al-Kadhimi’s") == "al-Kadhimi"
    assert strip_possessive("Jones'") == "Jones"
    assert strip_possessive("Iraq") == "Iraq"


def test_role_synonyms_are_canonical() -> None:
    lex = lexicon()
    assert lex.canonical_words("premier") == ["prime", "minister"]
    assert lex.canonical_words("Brig. Gen.") == ["brigadier", "general"]
    assert lex.first_names["hillary"] == "f"


def test_clusters_surname_goes_to_most_recent_full_name() -> None:
    clusters = ClusterSet()
    hillary = clusters.add_person("Hillary Clinton", 0, 15)
    bill = clusters.add_person("Bill Clinton", 40, 52)
    # "Clinton" right after Bill was mentioned: Bill (most recent).
    assert clusters.add_person("Clinton", 60, 67) is bill
    clusters.add_person("Hillary Clinton", 80, 95)
    assert clusters.add_person("Clinton", 100, 107) is hillary
    assert hillary.aliases == ["Hillary Clinton", "Clinton"]
    assert len(clusters.clusters) == 2


def test_clusters_surname_before_full_name_is_claimed() -> None:
    clusters = ClusterSet()
    early = clusters.add_person("Trump", 10, 15)
    full = clusters.add_person("Donald Trump", 50, 62)
    assert early is full
    assert full.name == "Donald Trump"
    assert [m.start for m in full.mentions] == [10, 50]


def test_clusters_hyphen_and_case_variants_join() -> None:
    clusters = ClusterSet()
    pm = clusters.add_person("Mustafa al-Kadhimi", 0, 18)
    for k, variant in enumerate(["Al-Kadhimi", "alKadhimi", "Kadhimi"], start=1):
        assert clusters.add_person(variant, 100 * k, 100 * k + len(variant)) is pm
    assert pm.name == "Mustafa al-Kadhimi"


def test_clusters_other_first_name_is_another_person() -> None:
    clusters = ClusterSet()
    a = clusters.add_person("Anthony Blinken", 0, 15)
    b = clusters.add_person("Donald Blinken", 20, 34)
    assert a is not b


def _ent_map(doc: Doc) -> dict[int, int]:
    return {t: e.start for e in doc.ents for t in range(e.start, e.end)}


def _token(doc: Doc, text: str) -> int:
    return next(t.i for t in doc if t.text == text)


def test_role_before_splits_role_and_honorific(nlp: Language) -> None:
    doc = parse(nlp, "Iraqi military spokesman Brig. Gen. Yahya Rasool said later that it ended.")
    found = role_before(doc, _token(doc, "Yahya"), _ent_map(doc))
    assert found.role == "Iraqi military spokesman"
    assert found.honorifics == "Brig. Gen."
    assert found.start == 0


def test_role_before_leaves_out_possessor(nlp: Language) -> None:
    doc = parse(nlp, "Iraq’s Foreign Minister Fuad Hassan said the talks went well.")
    found = role_before(doc, _token(doc, "Fuad"), _ent_map(doc))
    assert found.role == "Foreign Minister"
    assert found.honorifics is None


def test_role_before_keeps_of_inside_title(nlp: Language) -> None:
    doc = parse(nlp, "Participants included U.S. Secretary of State Anthony Blinken on Monday.")
    found = role_before(doc, _token(doc, "Anthony"), _ent_map(doc))
    assert found.role == "U.S. Secretary of State"


def test_role_before_needs_a_role_noun(nlp: Language) -> None:
    doc = parse(nlp, "The timing suggested Ahmed Saleh was looking for allies.")
    found = role_before(doc, _token(doc, "Ahmed"), _ent_map(doc))
    assert found.role is None and found.honorifics is None


def test_role_apposition_both_orders(nlp: Language) -> None:
    doc = parse(nlp, "The Pentagon press secretary, John Kirby, said the statement was clear.")
    kirby = next(e for e in doc.ents if e.text == "John Kirby")
    found = role_apposition(doc, kirby)
    assert found is not None and found[0] == "Pentagon press secretary"
    assert doc.text[found[1] : found[2]] == "Pentagon press secretary"

    doc = parse(nlp, "Sarah Jones, the president of the union, said members would vote.")
    jones = next(e for e in doc.ents if e.text == "Sarah Jones")
    found = role_apposition(doc, jones)
    assert found is not None and found[0] == "president of the union"


def test_named_clusters_join_across_ner_labels() -> None:
    clusters = ClusterSet()
    place = clusters.add_named("place", "RT", 0, 2)
    org = clusters.add_named("organization", "RT", 10, 12)
    assert place is org and org.type == "organization"
    assert [m.start for m in org.mentions] == [0, 10]
    assert clusters.add_named("place", "Iraq", 20, 24) is not org


def test_honorific_gender_picks_among_same_surname() -> None:
    clusters = ClusterSet()
    hillary = clusters.add_person("Hillary Clinton", 0, 15)
    bill = clusters.add_person("Bill Clinton", 40, 52)
    assert hillary.gender == "f" and bill.gender == "m"
    assert clusters.add_person("Clinton", 60, 67, gender="f") is hillary
    assert clusters.add_person("Clinton", 70, 77) is hillary  # now the most recent
    assert clusters.add_person("Clinton", 80, 87, gender="m") is bill
