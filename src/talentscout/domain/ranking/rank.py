"""Rank a candidate set against a role: text relevance over the set, then each person's score."""

from __future__ import annotations

from collections import Counter, OrderedDict
from collections.abc import Mapping, Sequence
from datetime import date

from talentscout.domain.ranking.model import Candidate, Feedback, RoleSpec, Scored
from talentscout.domain.ranking.score import Context, score_candidate
from talentscout.domain.ranking.text import Bm25, query_weights, words

TITLE_REPEAT = 2  # a word in a job title counts as often as two in the text


_DOCS: OrderedDict[tuple[int, int], Counter[str]] = OrderedDict()
DOC_CACHE = 100_000


def document(c: Candidate) -> Counter[str]:
    """The bag of words text relevance reads (remembered per person and content, ``DOC_CACHE`` of them)."""
    key = (
        c.person_id,
        hash((c.text, c.headline, c.current_title, tuple(j.title for j in c.jobs), len(c.skills))),
    )
    bag = _DOCS.get(key)
    if bag is None:
        bag = _document(c)
        _DOCS[key] = bag
        if len(_DOCS) > DOC_CACHE:
            _DOCS.popitem(last=False)
    return bag


def _document(c: Candidate) -> Counter[str]:
    """Titles (weighted), skills and the profile text."""
    bag = Counter(words(c.text))
    titles = " ".join(filter(None, [c.headline, c.current_title, *(j.title for j in c.jobs)]))
    for word in words(titles):
        bag[word] += TITLE_REPEAT
    for skill in c.skills:
        bag.update(words(skill.label))
    return bag


def relevance(
    spec: RoleSpec, candidates: Sequence[Candidate], docs: Sequence[Counter[str]] | None = None
) -> dict[int, float]:
    """BM25 of each candidate for the role's words, scaled so the best in the set is 1."""
    if not spec.terms:
        return {}
    docs = docs if docs is not None else [document(c) for c in candidates]
    stats = Bm25.over(docs)
    query = query_weights(spec.terms, boost=spec.title_terms)
    raw = {c.person_id: stats.score(query, doc) for c, doc in zip(candidates, docs, strict=True)}
    best = max(raw.values(), default=0.0)
    return {pid: (value / best if best > 0 else 0.0) for pid, value in raw.items()}


def rank(
    spec: RoleSpec,
    candidates: Sequence[Candidate],
    *,
    today: date,
    semantic: Mapping[int, float] | None = None,
    feedback: Mapping[int, Feedback] | None = None,
    liked: Sequence[Candidate] = (),
    disliked: Sequence[Candidate] = (),
    limit: int | None = None,
    text_relevance: Mapping[int, float] | None = None,
) -> list[Scored]:
    """Every candidate scored, best first (ties by person id, so the order is stable).

    ``text_relevance`` (from :func:`relevance`) is passed when re-scoring part of a larger set, so the
    text part keeps the whole set's scale."""
    docs = [document(c) for c in candidates]
    if text_relevance is None:
        text_relevance = relevance(spec, candidates, docs)
    ctx = Context(
        today=today,
        relevance=dict(text_relevance),
        words={c.person_id: set(doc) for c, doc in zip(candidates, docs, strict=True)},
        semantic=dict(semantic or {}),
        feedback=dict(feedback or {}),
        liked=liked,
        disliked=disliked,
    )
    scored = [score_candidate(spec, c, ctx) for c in candidates]
    scored.sort(key=lambda s: (-s.score, s.person_id))
    return scored[:limit] if limit is not None else scored
