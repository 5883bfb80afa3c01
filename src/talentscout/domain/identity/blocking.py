"""Blocking: which pairs are worth comparing at all, so that matching scales with the data.

Two records become a candidate pair when they share a blocking key:

* strong identifiers (``email:``, ``phone:``, ``url:``, ``id:``; capped ones and shared inboxes left
  out) and an address's local part (``local:jsmith``, five characters or more: the same person at
  another provider, or a typo'd domain);
* ``name:`` the loose key of a family-name word + the first letter of the given name or of any of its
  variants (Bob → b and r, so Bob Smith meets Robert Smith); also crosswise (given word + family
  initial) so swapped orders meet;
* ``sound:`` the phonetic key of a family-name word + given initial (Allen / Alan / Alen);
* ``given:`` / ``family:`` a name word + city or birth date, for records that lack the other name part.
* ``born:`` the birth date, when a record has one (benchmark sets; rare in recruiting); ``year:`` a
  name word + birth year; ``ym:``/``yd:``/``md:`` two of the birth date's three parts (one part
  mistyped). In a large pool these blocks outgrow ``max_block`` and are skipped.

A key shared by more than ``max_block`` records (a very common surname and initial in a huge pool)
is skipped and counted: blocking then leans on the other keys.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from talentscout.domain.contacts import is_role_address
from talentscout.domain.identity.nicknames import variant_initials
from talentscout.domain.identity.record import MatchRecord
from talentscout.domain.identity.text import loose_key, phonetic_key
from talentscout.domain.names import fold

__all__ = ["DEFAULT_MAX_BLOCK", "BlockingStats", "blocking_keys", "candidate_pairs"]

DEFAULT_MAX_BLOCK = 400
_MIN_LOCAL_PART = 5


@dataclass
class BlockingStats:
    """How many pairs blocking proposed, and which keys it skipped for being too common."""

    records: int = 0
    pairs: int = 0
    skipped_keys: dict[str, int] = field(default_factory=dict)

    @property
    def reduction_ratio(self) -> float:
        """1 − candidate pairs / all pairs: the share of comparisons blocking saved."""
        total = self.records * (self.records - 1) // 2
        return 1.0 - self.pairs / total if total else 0.0


def _identifier_keys(rec: MatchRecord, ignored: Collection[str]) -> Iterator[str]:
    for identifier in rec.identifiers:
        if identifier in ignored:
            continue
        if identifier.startswith("email:"):
            address = identifier[6:]
            if is_role_address(address):
                continue
            local = address.rpartition("@")[0]
            if len(local) >= _MIN_LOCAL_PART:
                yield f"local:{local}"
                yield f"lp:{local[:_MIN_LOCAL_PART]}"
        yield identifier


def _name_keys(rec: MatchRecord) -> Iterator[str]:
    given, family = rec.given, rec.family
    first = given[0] if given else ""
    initials = variant_initials(first) if first else frozenset({""})
    family_initials = {w[0] for w in family}
    for word in family:
        for initial in initials:
            yield f"name:{loose_key(word)}|{initial}"
            yield f"sound:{phonetic_key(word)}|{initial}"
    if first and len(first) > 1:
        for initial in family_initials:
            yield f"name:{loose_key(first)}|{initial}"
    if rec.birth_date:  # rare in recruiting; benchmark sets key names badly, birth dates less so
        digits = "".join(c for c in rec.birth_date if c.isdigit())
        yield from (f"year:{loose_key(w)}|{digits[:4]}" for w in (*family, *given[:1]))
        if len(digits) == 8:  # two of year, month and day agree: one part mistyped
            year, month, day = digits[:4], digits[4:6], digits[6:]
            yield from (f"ym:{year}{month}", f"yd:{year}{day}", f"md:{month}{day}")
    context = [c for c in (fold(rec.city), rec.birth_date) if c]
    lone = [f"given:{loose_key(first)}"] if first and not family else []
    lone += [f"family:{loose_key(w)}" for w in family] if not given else []
    for key in lone:
        for value in context:
            yield f"{key}|{value}"


def blocking_keys(rec: MatchRecord, *, ignored: Collection[str] = frozenset()) -> set[str]:
    """Every blocking key of one record (see the module docstring)."""
    keys = set(_identifier_keys(rec, ignored)) | set(_name_keys(rec))
    if rec.birth_date:
        keys.add(f"born:{rec.birth_date}")
    return keys


def candidate_pairs(
    records: Sequence[MatchRecord],
    *,
    ignored: Collection[str] = frozenset(),
    max_block: int = DEFAULT_MAX_BLOCK,
) -> tuple[set[tuple[int, int]], BlockingStats]:
    """Index pairs ``(i, j)``, ``i < j``, of records that share at least one blocking key."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, rec in enumerate(records):
        for key in blocking_keys(rec, ignored=ignored):
            blocks[key].append(index)
    pairs: set[tuple[int, int]] = set()
    stats = BlockingStats(records=len(records))
    for key, members in blocks.items():
        if len(members) > max_block:
            stats.skipped_keys[key] = len(members)
            continue
        pairs.update(combinations(members, 2))
    stats.pairs = len(pairs)
    return pairs, stats
