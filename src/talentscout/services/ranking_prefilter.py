"""The SQLite candidate pre-filter for ranking a large pool: a few narrow full-text queries, best first.

Ranking scores only a candidate set. On SQLite the set comes from the FTS5 index over each person's
indexed text, in tiers from most to least precise, until ``limit`` people are found:

1. every must-have skill (all words of each skill's label) and every word of the role's title;
2. every must-have skill;
3. every word of the role's title (a title of at most four words);
4. any of the role's words; 5. the same as prefixes (``engineer*``: the broad fallback).

Each tier reads a window of matches newest first (FTS5 walks its posting lists in rowid order and stops
early) and keeps the best of that window by BM25, so the cost is bounded by the window, not by how
many of the million people mention "engineer". Ranking every match by BM25 would read them all.
The precise tiers use whole words: a prefix (``engineer*``) merges the posting lists of every word it
expands to and cost 2–3× as much on a 1M pool. The in-memory scorer then weighs title, years, place
and the rest within the set.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from talentscout.domain.query.words import words as fold_words
from talentscout.domain.ranking import RoleSpec
from talentscout.domain.ranking.text import STOPWORDS

WINDOW = 3_000
MAX_WORDS = 24
MAX_TITLE_WORDS = 4

_TIER = text(
    "SELECT hits.id FROM ("
    " SELECT people.id AS id, bm25(people_fts, 1.0, 0.0) AS score"
    " FROM people_fts JOIN people ON people.id = people_fts.rowid"
    " WHERE people_fts MATCH :q AND people.workspace_id = :ws"
    " ORDER BY people_fts.rowid DESC LIMIT :window"
    ") AS hits ORDER BY hits.score, hits.id DESC LIMIT :limit"
)


def candidates(conn: Connection, spec: RoleSpec, *, workspace_id: int, limit: int) -> list[int]:
    """Up to ``limit`` person ids for ``spec``, the most precise tier's matches first."""
    found: dict[int, None] = {}
    for match in tiers(spec):
        if len(found) >= limit:
            break
        params = {"q": match, "window": WINDOW, "ws": workspace_id, "limit": limit}
        for pid in conn.execute(_TIER, params).scalars():
            found.setdefault(int(pid), None)
    return list(found)[:limit]


def tiers(spec: RoleSpec) -> list[str]:
    """The FTS5 MATCH expressions, most precise first (empty groups and repeats left out)."""
    skills = [g for g in (_all(_stems(n.label)) for n in spec.must) if g]
    must = " AND ".join(skills)
    title_words = _stems(spec.title)
    title_all = _all(title_words) if len(title_words) <= MAX_TITLE_WORDS else ""
    titles = _stems(spec.title, *spec.occupation_titles)
    nice = [w for n in spec.nice for w in _stems(n.label)]
    every = list(dict.fromkeys([*titles, *_stems(*(n.label for n in spec.must)), *nice]))[:MAX_WORDS]
    every = every or _stems(spec.description, min_len=4)
    out = [
        f"{must} AND {title_all}" if must and title_all else "",
        must,
        title_all,
        _any(every),
        _any(every, prefix=True),
    ]
    return [f"search_text : ({m})" for m in dict.fromkeys(out) if m]


def _stems(*texts: str, min_len: int = 2) -> list[str]:
    found = [w for t in texts for w in fold_words(t) if w not in STOPWORDS and len(w) >= min_len]
    return list(dict.fromkeys(found))[:MAX_WORDS]


def _term(word: str, *, prefix: bool = False) -> str:
    return '"' + word.replace('"', '""') + ('"*' if prefix else '"')


def _all(words: list[str]) -> str:
    return "(" + " AND ".join(_term(w) for w in words) + ")" if words else ""


def _any(words: list[str], *, prefix: bool = False) -> str:
    return "(" + " OR ".join(_term(w, prefix=prefix) for w in words) + ")" if words else ""
