"""Identity resolution: decide, explainably, whether two person records are the same person.

Pure domain code (no database): the ingest service feeds it ``MatchRecord``s and stores what it
decides. The pieces, in the order they run:

* ``from_profile(profile)`` → ``MatchRecord``: names, email match keys, E.164 phones, profile links,
  employers, title and place of one source record;
* ``blocking_keys(rec)`` / ``candidate_pairs(records)``: which pairs are worth comparing;
* ``compare(a, b)`` → ``MatchDecision``: score (probability), outcome (MERGE / REVIEW / SEPARATE)
  and the ``Evidence`` behind it, weighted in bits (``MatchSettings``);
* ``resolve(records)`` → ``Resolution``: people as clusters of records, the merges made, the pairs
  to review and the identifiers flagged for being shared by too many records;
* ``evaluation``: pairwise and B-cubed precision/recall/F1 against a truth.

See ``docs/decisions/005-identity-matching.md`` for why it is built this way.
"""

from talentscout.domain.identity.blocking import BlockingStats, blocking_keys, candidate_pairs
from talentscout.domain.identity.clustering import (
    FlaggedIdentifier,
    Resolution,
    ScoredPair,
    frequent_identifiers,
    resolve,
)
from talentscout.domain.identity.evidence import Evidence, EvidenceKind, MatchDecision, Outcome
from talentscout.domain.identity.record import MatchRecord, from_profile
from talentscout.domain.identity.scoring import compare, probability
from talentscout.domain.identity.settings import DEFAULT_SETTINGS, MatchSettings

__all__ = [
    "DEFAULT_SETTINGS",
    "BlockingStats",
    "Evidence",
    "EvidenceKind",
    "FlaggedIdentifier",
    "MatchDecision",
    "MatchRecord",
    "MatchSettings",
    "Outcome",
    "Resolution",
    "ScoredPair",
    "blocking_keys",
    "candidate_pairs",
    "compare",
    "frequent_identifiers",
    "from_profile",
    "probability",
    "resolve",
]
