"""``resolve(records)``: group records into people, with guards against chaining.

Steps:

1. identifiers (email, phone, profile link, id number) held by more than
   ``settings.max_identifier_records`` records of one source, under as many different names, are
   flagged and ignored: a shared inbox or an agency switchboard must not make everyone one person;
2. blocking proposes candidate pairs and ``compare`` scores each;
3. a record without a given name that would merge with two records that are clearly different
   people is ambiguous (a badge with only "Becker" and the household phone): its merges go to review;
4. the other MERGE pairs are joined with union-find, strongest first, unless the join would put two
   records into one person that the matcher saw as clearly different people (a *cannot-link*:
   different profile links or id numbers, or given names that differ, with no profile link or id
   number in common) — such a merge goes to review instead; a join that would make a person of more
   than ``max_cluster`` records is refused and reviewed too;
5. and unless the two groups, taken as wholes, do not look like one person: the mean match
   probability over every pair across them (scored when blocking did not propose it) must reach
   ``settings.link_at`` (average linkage). One strong pair is then not enough to chain two people
   together through a record that resembles both.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from talentscout.domain.identity.blocking import DEFAULT_MAX_BLOCK, BlockingStats, candidate_pairs
from talentscout.domain.identity.evidence import EvidenceKind, MatchDecision, Outcome
from talentscout.domain.identity.record import MatchRecord
from talentscout.domain.identity.scoring import CLEARLY_AGAINST, compare
from talentscout.domain.identity.settings import DEFAULT_SETTINGS, MatchSettings
from talentscout.domain.identity.text import phonetic_key

__all__ = [
    "FlaggedIdentifier",
    "Resolution",
    "ScoredPair",
    "cannot_link",
    "frequent_identifiers",
    "person_key",
    "resolve",
]

DEFAULT_MAX_CLUSTER = 50
_CANNOT_LINK_FIELDS = ("profile", "id number", "given name")
_PERSONAL = frozenset({"profile", "id number"})


@dataclass(frozen=True, slots=True)
class ScoredPair:
    left: str
    right: str
    decision: MatchDecision


@dataclass(frozen=True, slots=True)
class FlaggedIdentifier:
    """An identifier too many records of one source share: not used as evidence."""

    identifier: str
    source: str
    records: int


@dataclass
class Resolution:
    """People found: ``clusters`` of record ids, the merges made, pairs to review, flags."""

    clusters: list[tuple[str, ...]]
    cluster_of: dict[str, int]
    merges: list[ScoredPair] = field(default_factory=list)
    reviews: list[ScoredPair] = field(default_factory=list)
    flagged: list[FlaggedIdentifier] = field(default_factory=list)
    blocking: BlockingStats = field(default_factory=BlockingStats)


def person_key(rec: MatchRecord) -> str:
    """Coarse "who is this": phonetic family name + given initial (the record id when nameless)."""
    family = phonetic_key(rec.family[0]) if rec.family else ""
    given = rec.given[0][:1] if rec.given else ""
    return f"{family}|{given}" if family or given else f"#{rec.record_id}"


def frequent_identifiers(records: Sequence[MatchRecord], limit: int) -> list[FlaggedIdentifier]:
    """Identifiers that more than ``limit`` records of one source hold, under more than ``limit``
    different names: a shared inbox or switchboard. One person listed many times (a clerical
    duplicate set) keeps their identifier; nameless records count as different people."""
    holders: dict[tuple[str, str], list[MatchRecord]] = defaultdict(list)
    for rec in records:
        for identifier in rec.identifiers:
            holders[(rec.source, identifier)].append(rec)
    flagged = [
        FlaggedIdentifier(identifier, source, len(held))
        for (source, identifier), held in holders.items()
        if len(held) > limit and len({person_key(r) for r in held}) > limit
    ]
    return sorted(flagged, key=lambda f: (-f.records, f.source, f.identifier))


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))
        self.members: dict[int, list[int]] = {i: [i] for i in range(size)}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra] += self.members.pop(rb)


def cannot_link(decision: MatchDecision) -> bool:
    """Clearly two people: not a merge, a conflict on a strong field (or given names only loosely
    alike while that level weighs clearly against, as by default), and no profile link or id number
    in common (an id one typo apart counts as in common)."""
    if decision.outcome is Outcome.MERGE:
        return False
    if not decision.has_conflict(*_CANNOT_LINK_FIELDS) and not any(
        e.level == "given_similar" and e.weight <= CLEARLY_AGAINST for e in decision.evidence
    ):
        return False
    agreeing = (EvidenceKind.SAME, EvidenceKind.SIMILAR)
    return not any(e.kind in agreeing and e.field in _PERSONAL for e in decision.evidence)


def resolve(
    records: Sequence[MatchRecord],
    *,
    settings: MatchSettings = DEFAULT_SETTINGS,
    max_block: int = DEFAULT_MAX_BLOCK,
    max_cluster: int = DEFAULT_MAX_CLUSTER,
) -> Resolution:
    """Group ``records`` (unique ``record_id``s) into people; see the module docstring."""
    flagged = frequent_identifiers(records, settings.max_identifier_records)
    ignored = frozenset(f.identifier for f in flagged)
    pairs, stats = candidate_pairs(records, ignored=ignored, max_block=max_block)
    merges: list[tuple[int, int, MatchDecision]] = []
    reviews: list[tuple[int, int, MatchDecision]] = []
    cannot: set[tuple[int, int]] = set()
    for i, j in sorted(pairs):
        decision = compare(records[i], records[j], settings=settings, ignored=ignored)
        if decision.outcome is Outcome.MERGE:
            merges.append((i, j, decision))
        elif decision.outcome is Outcome.REVIEW:
            reviews.append((i, j, decision))
        if cannot_link(decision):
            cannot.add((i, j))
    merges, ambiguous = _unambiguous(records, merges, cannot)
    uf = _UnionFind(len(records))
    link = _Linkage(records, settings, ignored, {(i, j): d for i, j, d in merges + reviews})
    applied, refused = _join(uf, merges, cannot, max_cluster, link)
    return _resolution(records, uf, applied, refused + ambiguous + reviews, flagged, stats)


def _unambiguous(
    records: Sequence[MatchRecord],
    merges: list[tuple[int, int, MatchDecision]],
    cannot: set[tuple[int, int]],
) -> tuple[list[tuple[int, int, MatchDecision]], list[tuple[int, int, MatchDecision]]]:
    """Merges of a record without a given name that would merge with two records that are clearly
    two people (a badge with only "Becker" and the household phone, next to Jonas and Lena Becker)
    go to review: it could be either of them."""
    partners: dict[int, list[int]] = defaultdict(list)
    for i, j, _ in merges:
        for record, other in ((i, j), (j, i)):
            if not records[record].given:
                partners[record].append(other)
    ambiguous = {
        record
        for record, found in partners.items()
        if any((min(x, y), max(x, y)) in cannot for n, x in enumerate(found) for y in found[n + 1 :])
    }
    keep = [m for m in merges if m[0] not in ambiguous and m[1] not in ambiguous]
    return keep, [m for m in merges if m[0] in ambiguous or m[1] in ambiguous]


class _Linkage:
    """Mean match probability between two groups of records, scoring pairs blocking left out."""

    def __init__(
        self,
        records: Sequence[MatchRecord],
        settings: MatchSettings,
        ignored: frozenset[str],
        known: dict[tuple[int, int], MatchDecision],
    ) -> None:
        self.records, self.settings, self.ignored = records, settings, ignored
        self.scores = {pair: d.score for pair, d in known.items()}

    def score(self, i: int, j: int) -> float:
        pair = (min(i, j), max(i, j))
        found = self.scores.get(pair)
        if found is None:
            a, b = self.records[pair[0]], self.records[pair[1]]
            found = compare(a, b, settings=self.settings, ignored=self.ignored).score
            self.scores[pair] = found
        return found

    def holds(self, left: list[int], right: list[int]) -> bool:
        if len(left) == 1 and len(right) == 1:
            return True
        total = sum(self.score(x, y) for x in left for y in right)
        return total >= self.settings.link_at * len(left) * len(right)


def _join(
    uf: _UnionFind,
    merges: list[tuple[int, int, MatchDecision]],
    cannot: set[tuple[int, int]],
    max_cluster: int,
    link: _Linkage,
) -> tuple[list[tuple[int, int, MatchDecision]], list[tuple[int, int, MatchDecision]]]:
    applied, refused = [], []
    for i, j, decision in sorted(merges, key=lambda m: -m[2].weight):
        ri, rj = uf.find(i), uf.find(j)
        if ri == rj:
            applied.append((i, j, decision))
            continue
        left, right = uf.members[ri], uf.members[rj]
        too_big = len(left) + len(right) > max_cluster
        if (
            too_big
            or any((min(x, y), max(x, y)) in cannot for x in left for y in right)
            or not link.holds(left, right)
        ):
            refused.append((i, j, decision))
            continue
        uf.union(i, j)
        applied.append((i, j, decision))
    return applied, refused


def _resolution(
    records: Sequence[MatchRecord],
    uf: _UnionFind,
    applied: list[tuple[int, int, MatchDecision]],
    open_pairs: list[tuple[int, int, MatchDecision]],
    flagged: list[FlaggedIdentifier],
    stats: BlockingStats,
) -> Resolution:
    numbering: dict[int, int] = {}
    cluster_of: dict[str, int] = {}
    clusters: list[list[str]] = []
    for index, rec in enumerate(records):
        root = uf.find(index)
        if root not in numbering:
            numbering[root] = len(clusters)
            clusters.append([])
        clusters[numbering[root]].append(rec.record_id)
        cluster_of[rec.record_id] = numbering[root]
    ids = [rec.record_id for rec in records]
    reviews = [
        ScoredPair(ids[i], ids[j], d)
        for i, j, d in sorted(open_pairs, key=lambda p: -p[2].weight)
        if uf.find(i) != uf.find(j)
    ]
    merges = [ScoredPair(ids[i], ids[j], d) for i, j, d in applied]
    return Resolution([tuple(c) for c in clusters], cluster_of, merges, reviews, flagged, stats)
