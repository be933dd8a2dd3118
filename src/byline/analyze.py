"""The main job: ``Document -> AnalyzedArticle``.

The same functions serve one article, a directory run, and the corpus engines (local process pool
and Ray): only the fan-out differs. One spaCy parse per article; byline's own steps read it.

Attribution spans come from one of two methods (``attribution=``): ``"model"`` (default;
:mod:`byline.nlp.tagger`, the shipped MiniLM BIO tagger run by ONNX Runtime over the same parse,
with the rules' spans as evidence) or ``"rules"`` (:mod:`byline.nlp.attribution` alone,
dependency rules with a cue lexicon learned from PolNeAR train). Either way speakers, entities and
timexes are resolved by the same rules.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc

from byline.model import AnalyzedArticle, Attribution, Document, ItemError, Metadata
from byline.nlp.attribution import find_attributions
from byline.nlp.pipeline import get_nlp, make_doc
from byline.nlp.speakers import resolve_speakers
from byline.nlp.timex import find_timexes
from byline.structure import ArticleStructure, structure

BATCH_SIZE = 16
ATTRIBUTION_METHODS = ("model", "rules")
"""Attribution methods, the default first (PolNeAR dev scores: README's quality table)."""


def content_hash(text: str) -> str:
    """SHA-256 hex digest of the UTF-8 text: the article's identity in a corpus."""
    # surrogatepass: a text no reader should produce (lone surrogates) still gets a hash, and is
    # then refused per item by the store rather than failing the whole run here
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def merge_metadata(found: Metadata, given: Metadata) -> Metadata:
    """Metadata stated by the input (``given``: sidecar, JSONL keys, command line) over what the
    text itself states (``found``); empty given values do not erase found ones."""
    merged = found.model_dump()
    for key, value in given.model_dump().items():
        if value not in (None, [], ""):
            merged[key] = value
    return Metadata(**merged)


def _published_date(metadata: Metadata) -> date | None:
    if not metadata.published:
        return None
    try:
        return date.fromisoformat(metadata.published[:10])
    except ValueError:
        return None


def _finish(
    document: Document,
    article: ArticleStructure,
    doc: Doc,
    attributions: list[Attribution] | Exception | None = None,
) -> AnalyzedArticle:
    """The record of one parsed article; ``attributions`` are the model's (``None``: rules)."""
    if isinstance(attributions, Exception):
        raise attributions
    metadata = merge_metadata(article.metadata, document.metadata)
    if attributions is None:
        attributions = find_attributions(doc, article)
    entities, attributions = resolve_speakers(doc, article, attributions)
    timexes = find_timexes(doc, article, _published_date(metadata))
    return AnalyzedArticle(
        doc_id=document.doc_id,
        content_hash=content_hash(document.text),
        text=document.text,
        metadata=metadata,
        provenance=document.provenance,
        repairs=document.repairs,
        regions=article.regions,
        captions=article.captions,
        tags=article.tags,
        entities=entities,
        attributions=attributions,
        timexes=timexes,
    )


def _error(document: Document, exc: Exception) -> ItemError:
    return ItemError(
        path=document.provenance.path or document.doc_id,
        line=document.provenance.line,
        record_offset=document.provenance.record_offset,
        reason=f"analysis failed: {type(exc).__name__}: {exc}",
    )


def _too_long(document: Document, limit: int) -> ItemError:
    return ItemError(
        path=document.provenance.path or document.doc_id,
        line=document.provenance.line,
        record_offset=document.provenance.record_offset,
        reason=(
            f"article too long to analyze ({len(document.text)} characters; the parser's "
            f"limit is {limit})"
        ),
    )


def _parse(nlp: Language, docs: list[Doc], batch_size: int) -> list[Doc | Exception]:
    """Parse ``docs`` in one ``nlp.pipe`` batch; when the batch raises, parse them one by one so
    only the document that fails is lost (its exception takes its place in the list)."""
    try:
        return list(nlp.pipe(docs, batch_size=batch_size))
    except Exception:
        pass
    parsed: list[Doc | Exception] = []
    for doc in docs:
        try:
            parsed.append(nlp(doc))
        except Exception as exc:
            parsed.append(exc)
    return parsed


def _model_attributions(
    parsed: list[tuple[Doc, ArticleStructure]],
) -> list[list[Attribution] | Exception]:
    """The default method's attributions for a batch: the rules run first, the tagger takes
    their spans as evidence, its statements of anonymity are dropped and the rules' nested and
    enclosing attributions are added (:mod:`byline.nlp.attribution_hybrid`). When the batch
    fails, article by article so only the failing one is lost."""
    from byline.nlp.anonymity import find_anonymity_reasons
    from byline.nlp.attribution_hybrid import combine, drop_anonymity_statements
    from byline.nlp.tagger import predict_many

    def run(batch: list[tuple[Doc, ArticleStructure]]) -> list[list[Attribution]]:
        rules = [find_attributions(doc, article) for doc, article in batch]
        pairs = [(doc, article.analyzable_spans()) for doc, article in batch]
        tagged = predict_many(pairs, rule_attributions=rules)
        return [
            combine(drop_anonymity_statements(t, find_anonymity_reasons(doc, spans)), r)
            for t, r, (doc, spans) in zip(tagged, rules, pairs, strict=True)
        ]

    try:
        return list(run(parsed))
    except Exception:
        pass
    out: list[list[Attribution] | Exception] = []
    for one in parsed:
        try:
            out.append(run([one])[0])
        except Exception as exc:
            out.append(exc)
    return out


def _prepare_and_parse(
    nlp: Language, batch: list[Document | ItemError], batch_size: int
) -> tuple[list[tuple[Document, ArticleStructure, Doc] | ItemError], list[Doc | Exception]]:
    """Structure and parse one batch: per input, its ``(document, structure, unparsed doc)`` or
    an ``ItemError``; and the parses of the tuples' docs, in order (an exception where one
    failed)."""
    prepared: list[tuple[Document, ArticleStructure, Doc] | ItemError] = []
    for item in batch:
        if isinstance(item, ItemError):
            prepared.append(item)
            continue
        if len(item.text) > nlp.max_length:
            prepared.append(_too_long(item, nlp.max_length))
            continue
        try:
            article = structure(item.text)
            prepared.append((item, article, make_doc(nlp, item.text, article.regions_spans())))
        except Exception as exc:
            prepared.append(_error(item, exc))
    docs = [entry[2] for entry in prepared if isinstance(entry, tuple)]
    return prepared, _parse(nlp, docs, batch_size)


def _attribute_batch(
    prepared: list[tuple[Document, ArticleStructure, Doc] | ItemError],
    parsed: list[Doc | Exception],
) -> list[list[Attribution] | Exception | None]:
    """The default method's attributions, one entry per parse (``None`` where the parse
    failed)."""
    articles = [entry[1] for entry in prepared if isinstance(entry, tuple)]
    good = [(d, a) for d, a in zip(parsed, articles, strict=True) if isinstance(d, Doc)]
    found = iter(_model_attributions(good))
    return [next(found) if isinstance(d, Doc) else None for d in parsed]


def _finish_batch(
    prepared: list[tuple[Document, ArticleStructure, Doc] | ItemError],
    parsed: list[Doc | Exception],
    predicted: list[list[Attribution] | Exception | None],
) -> Iterator[AnalyzedArticle | ItemError]:
    parsed_iter = iter(parsed)
    predicted_iter = iter(predicted)
    for entry in prepared:
        if isinstance(entry, ItemError):
            yield entry
            continue
        document, article, _ = entry
        doc = next(parsed_iter)
        model_output = next(predicted_iter)
        if isinstance(doc, Exception):
            yield _error(document, doc)
            continue
        try:
            yield _finish(document, article, doc, model_output)
        except Exception as exc:
            yield _error(document, exc)


def analyze_many(
    items: Iterable[Document | ItemError],
    batch_size: int = BATCH_SIZE,
    attribution: str = "model",
) -> Iterator[AnalyzedArticle | ItemError]:
    """Analyze a stream of documents, in input order, parsing in batches with ``nlp.pipe``.

    ``ItemError`` inputs pass through unchanged; a document whose analysis raises yields an
    ``ItemError`` and the stream goes on, and so does one longer than the spaCy pipeline's
    ``max_length`` (1,000,000 characters by default: the parser needs about 1 GB of memory per
    100,000 characters, per spaCy's E088), checked before any work is done on it.
    ``attribution`` is one of :data:`ATTRIBUTION_METHODS`; an unknown one, or a ``batch_size``
    under 1, raises ``ValueError`` (when the first result is asked for). When ``items`` itself
    raises, the results of every item read before are yielded first, then the exception.

    The batches are pipelined: with the default method one worker thread runs batch ``k``'s
    attribution (rules, then the tagger; ONNX Runtime releases the GIL while it computes) while
    this thread parses batch ``k + 1`` and finishes batch ``k - 1``. Results are the same as one
    batch at a time (each batch's work is independent), and arrive one batch later.
    """
    if attribution not in ATTRIBUTION_METHODS:
        raise ValueError(f"attribution method must be one of {ATTRIBUTION_METHODS}")
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    nlp = get_nlp()
    iterator = iter(items)

    def attribute(prepared: list, parsed: list[Doc | Exception]) -> list:
        if attribution == "rules":  # found with the speakers, in _finish
            return [None] * len(parsed)
        return _attribute_batch(prepared, parsed)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="byline-attribution") as worker:
        pending: tuple[list, list, Future] | None = None
        while True:
            batch, error = _read_batch(iterator, batch_size)
            if batch:
                prepared, parsed = _prepare_and_parse(nlp, batch, batch_size)
                future = worker.submit(attribute, prepared, parsed)
                if pending is not None:
                    yield from _finish_batch(pending[0], pending[1], pending[2].result())
                pending = (prepared, parsed, future)
            if error is not None or len(batch) < batch_size:
                if pending is not None:
                    yield from _finish_batch(pending[0], pending[1], pending[2].result())
                if error is not None:
                    raise error
                return


def _read_batch(
    iterator: Iterator[Document | ItemError], size: int
) -> tuple[list[Document | ItemError], Exception | None]:
    """Up to ``size`` items from ``iterator``, and the exception it raised, if it did (the items
    read before it are still returned, so they are analyzed before the exception propagates)."""
    batch: list[Document | ItemError] = []
    try:
        batch.extend(islice(iterator, size))
    except Exception as exc:
        return batch, exc
    return batch, None


def analyze(document: Document, attribution: str = "model") -> AnalyzedArticle:
    """Analyze one article. Raises ``RuntimeError`` carrying the reason when analysis fails."""
    (result,) = analyze_many([document], attribution=attribution)
    if isinstance(result, ItemError):
        raise RuntimeError(result.reason)
    return result
