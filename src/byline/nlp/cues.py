"""Attribution cues: the learned cue lexicon and the syntactic frame of a cue candidate.

The lexicon (package data ``byline/data/cue_lexicon.json``, written by
``scripts/learn_cue_lexicon.py`` from the PolNeAR train split) holds lemma statistics only: for
each ``lemma|POS|frame`` key, how many tokens of the train split had that key (``n``) and how many
of them were the head of a gold cue span (``cue``). A token is taken as a cue when the smoothed
precision of its frame key, smoothed toward its lemma's (:meth:`CueLexicon.precision`), reaches
:data:`MIN_PRECISION`.
The precision threshold was tuned for attribution F1 on the train split (see the script).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Token

LEXICON_RESOURCE = "cue_lexicon.json"
MIN_PRECISION = 0.40
"""Estimated cue precision a token needs to be taken as a cue. 4-fold cross-validation on PolNeAR
train (``scripts/attribution_devloop.py --cv 4``), with the lexicon counted outside gold contents
(see ``scripts/learn_cue_lexicon.py``): attribution F1 0.680 / 0.685 / 0.686 / 0.683 at
0.30 / 0.35 / 0.40 / 0.45 (0.672 at 0.25 when nested positions counted as negatives)."""
PRIOR_WEIGHT = 3.0
"""Weight, in pseudo-occurrences, of the lemma's precision as prior of a frame's."""
MIN_CUE_COUNT = 2
"""A key must have been a gold cue head at least this many times in train."""

CANDIDATE_POS = frozenset({"VERB", "NOUN", "AUX", "ADJ"})
"""Coarse parts of speech whose tokens may head a cue."""

COMPLEMENT_DEPS = ("ccomp", "xcomp", "dobj", "prep", "attr", "oprd", "acomp", "dative", "acl")


def frame(token: Token) -> str:
    """The syntactic frame of a cue candidate, from its dependents and its own relation.

    One of ``"pass"`` (a passive: "was asked"), ``"ccomp"`` (has a clausal complement),
    ``"colon"`` (announces what follows a colon: "he added:"),
    ``"para"`` (attached to the clause it reports: ``"..., X said."`` parsed with the reported
    clause as head), ``"xcomp"``, ``"dobj"``,
    ``"prep"``, ``"acl"`` (a noun with a clausal modifier: "the claim that ..."), ``"none"``.
    """
    deps = {child.dep_ for child in token.children}
    if "auxpass" in deps or "nsubjpass" in deps:
        return "pass"
    if "ccomp" in deps:
        return "ccomp"
    if any(c.text == ":" and c.i > token.i for c in token.children):
        return "colon"
    if token.dep_ in ("parataxis",) or (
        token.dep_ in ("ccomp", "advcl") and token.head.i > token.i and _has_comma_before(token)
    ):
        return "para"
    for dep in ("xcomp", "dobj", "prep", "acl"):
        if dep in deps:
            return dep
    return "none"


def _has_comma_before(token: Token) -> bool:
    """True when the token's clause follows a comma or quote (``"...," he said``)."""
    left = token.left_edge
    if left.i == 0:
        return False
    prev = token.doc[left.i - 1]
    return prev.text in {",", "”", '"', "''", "—", "–"}


def key_of(token: Token) -> tuple[str, str, str]:
    """``(lemma|POS|frame, lemma|POS|*)`` lexicon keys of a token; lemma lower-cased."""
    base = f"{token.lemma_.lower()}|{token.pos_}"
    return f"{base}|{frame(token)}", f"{base}|*", base


@dataclass(frozen=True)
class CueLexicon:
    """Cue statistics by key: ``{key: (n, cue)}`` (see module docstring)."""

    stats: dict[str, tuple[int, int]]
    min_precision: float = MIN_PRECISION

    def precision(self, token: Token) -> float:
        """Estimated precision of the token being a cue head, 0.0 when its lemma was never a
        cue head at least :data:`MIN_CUE_COUNT` times.

        The lemma's precision ``cue / (n + 1)`` is the prior of the frame's:
        ``(cue_f + PRIOR_WEIGHT * p_lemma) / (n_f + PRIOR_WEIGHT)`` (additive smoothing toward
        the lemma estimate, so a frame seen a few times moves it only a little).
        """
        if token.pos_ not in CANDIDATE_POS:
            return 0.0
        base = f"{token.lemma_.lower()}|{token.pos_}"
        n_lemma, cue_lemma = self.stats.get(f"{base}|*", (0, 0))
        if cue_lemma < MIN_CUE_COUNT:
            return 0.0
        frame_key = f"{base}|{frame(token)}"
        prior = cue_lemma / (n_lemma + 1)
        n, cue = self.stats.get(frame_key, (0, 0))
        return (cue + PRIOR_WEIGHT * prior) / (n + PRIOR_WEIGHT)

    def verb_precision(self, word: str) -> float:
        """Precision of a lower-cased word form as a verb cue, over its plausible lemmas
        (the form itself, minus "s", "es", "d", "ed"): for title-case headlines, where the
        tagger takes verbs for proper nouns ("Trump Praises ..."). 0.0 when unknown."""
        best = 0.0
        for cut in ("", "s", "es", "d", "ed"):
            if cut and not word.endswith(cut):
                continue
            n, cue = self.stats.get(f"{word[: len(word) - len(cut)]}|VERB|*", (0, 0))
            if cue >= MIN_CUE_COUNT:
                best = max(best, cue / (n + 1))
        return best

    def is_cue(self, token: Token) -> bool:
        """Whether the token heads an attribution cue."""
        return self.precision(token) >= self.min_precision


@lru_cache(maxsize=1)
def load_lexicon() -> CueLexicon:
    """The packaged cue lexicon, read once per process.

    Raises ``FileNotFoundError`` when the package data is missing (a broken install).
    """
    raw = resources.files("byline.data").joinpath(LEXICON_RESOURCE).read_text(encoding="utf-8")
    data = json.loads(raw)
    stats = {key: (int(v[0]), int(v[1])) for key, v in data["stats"].items()}
    return CueLexicon(stats=stats)
