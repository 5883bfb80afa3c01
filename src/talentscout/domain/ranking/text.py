"""Text relevance for ranking: words, a light stemmer and BM25 over the candidate set.

The database pre-filter picks the candidates; BM25 statistics (document frequency, average length)
are taken over that set, which is what a recruiter compares anyway.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "to",
        "was",
        "were",
        "will",
        "with",
        "within",
        "other",
        "others",
        "all",
        "any",
        "such",
        "their",
        "they",
        "this",
        "these",
        "those",
        "into",
        "over",
        "under",
        "than",
        "then",
        "also",
        "may",
        "can",
        "including",
        "include",
        "includes",
        "used",
        "use",
        "using",
        "via",
        "per",
        "etc",
        "e",
        "g",
        "i",
        "ii",
        "iii",
    ]
)
_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ers", "er", "ed", "es", "s")
K1, B = 1.2, 0.75


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light suffix stripper: "accountants" → "account", "managing" → "manag", "nurses" → "nurs"."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


_TERMS: dict[str, str] = {}
_MAX_TERMS = 500_000


def _term(word: str) -> str:
    """The stem of a word, or "" for a stop word; remembered (a vocabulary is small)."""
    term = _TERMS.get(word)
    if term is None:
        term = "" if word in STOPWORDS or len(word) < 2 else stem(word)
        if len(_TERMS) < _MAX_TERMS:
            _TERMS[word] = term
    return term


def words(text: str) -> list[str]:
    """Lower-case words of ``text``, stop words dropped, stemmed."""
    return [t for t in map(_term, _WORD.findall(text.casefold())) if t]


@dataclass(frozen=True)
class Bm25:
    """BM25 statistics over one candidate set; ``score`` rates a document's bag of words for a query."""

    df: dict[str, int]
    n_docs: int
    avg_len: float

    @classmethod
    def over(cls, docs: Sequence[Counter[str]]) -> Bm25:
        df: Counter[str] = Counter()
        for doc in docs:
            df.update(doc.keys())
        total = sum(sum(doc.values()) for doc in docs)
        return cls(dict(df), len(docs), total / len(docs) if docs else 1.0)

    def idf(self, term: str) -> float:
        n = self.df.get(term, 0)
        return math.log(1 + (self.n_docs - n + 0.5) / (n + 0.5))

    def score(self, query: Iterable[tuple[str, float]], doc: Counter[str]) -> float:
        length = sum(doc.values()) or 1
        norm = K1 * (1 - B + B * length / (self.avg_len or 1))
        total = 0.0
        for term, weight in query:
            tf = doc.get(term, 0)
            if tf:
                total += weight * self.idf(term) * tf * (K1 + 1) / (tf + norm)
        return total


def query_weights(terms: Iterable[str], *, boost: Iterable[str] = ()) -> list[tuple[str, float]]:
    """Query terms with their weights: repeated terms count more, ``boost`` terms (the title) triple."""
    counts = Counter(terms)
    for term in set(boost):
        counts[term] += 2
    return [(term, 1.0 + math.log(count)) for term, count in counts.items()]
