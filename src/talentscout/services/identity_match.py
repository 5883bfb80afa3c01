"""Match records against the pool, in the database, incrementally: on every import and in batch.

For each record: its blocking keys find candidates through the ``match_keys`` index (one indexed
lookup per batch, not a scan), the matching core scores every candidate pair
(``domain.identity.compare``), and each pair ends in one of three outcomes:

* **merge** (score ≥ ``merge_at``): the two people are merged (reversibly, ``identity_merge``) —
  unless the merge would join two records the matcher sees as clearly different people (a
  *cannot-link*: given names or profile links differ), a reviewer or an unmerge separated them
  before, a nameless record would join two different people, or the person would grow past
  ``MAX_CLUSTER`` records: then it is a review case (or nothing, when a human already decided);
* **review** (uncertain band): an open pair in the review queue, with its evidence, unless the pair
  was decided before;
* **separate**: nothing is stored.

Identifiers a source holds for more than ``max_identifier_records`` different people (a shared inbox,
an agency switchboard) are flagged once and from then on are neither evidence nor blocking keys.

``match`` is ``score`` (reads only: candidates, bound, comparison) then ``apply_scored`` (writes);
batch runs score in worker processes and apply in one (``identity_pool``, decision 016).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Connection, or_, select

from talentscout.db.bulk import chunks
from talentscout.db.tables_identity import match_reviews
from talentscout.domain.identity import (
    DEFAULT_SETTINGS,
    MatchDecision,
    MatchRecord,
    MatchSettings,
    Outcome,
    compare,
    frequent_identifiers,
)
from talentscout.domain.identity.bound import could_match
from talentscout.domain.identity.clustering import cannot_link
from talentscout.domain.identity.storage import stored_keys
from talentscout.domain.permissions import Actor
from talentscout.services import identity_store as store
from talentscout.services.identity_merge import PlannedMerge, merge_many

#: an identifier key held by more records than this is skipped in the pool lookup
MAX_BLOCK = 200
#: a name key (``name:``, ``sound:``, ``nc:`` …) held by more records than this is skipped: in a large
#: pool a common name meets hundreds of namesakes; the record still meets its candidates through
#: identifiers and the narrower keys (full name + city, full name + employer)
MAX_NAME_BLOCK = 20
#: candidates scored per record at most, those sharing the most keys first (an identifier counts as
#: ``_IDENTIFIER_WEIGHT`` keys): a record of the same person shares identifiers, name, sound and
#: name + city/employer keys; a namesake shares fewer
MAX_CANDIDATES = 12
_IDENTIFIER_WEIGHT = 4
#: a person is never grown past this many records automatically
MAX_CLUSTER = 50
_IDENTIFIER_PREFIXES = ("email:", "phone:", "url:", "id:")
_DECIDED = ("rejected", "separated")
#: record ids per ``IN (…)`` query
_IN_CHUNK = 1_000


@dataclass
class MatchSummary:
    records: int = 0
    compared: int = 0
    merged: int = 0
    reviews: int = 0
    flagged: list[str] = field(default_factory=list)
    skipped_keys: int = 0
    #: (record id, record id, outcome) of every pair that was not SEPARATE, kept only with ``apply=False``
    decisions: list[tuple[int, int, Outcome]] = field(default_factory=list)
    #: seconds per phase of a batch run ("index", "match")
    seconds: dict[str, float] = field(default_factory=dict)

    def add(self, other: MatchSummary) -> None:
        self.records += other.records
        self.compared += other.compared
        self.merged += other.merged
        self.reviews += other.reviews
        self.flagged += other.flagged
        self.skipped_keys += other.skipped_keys
        self.decisions += other.decisions


@dataclass
class Scored:
    """What scoring one batch found, before anything is written. Picklable: a worker process
    scores (``identity_pool``), the one writing process applies, batch by batch, in order."""

    records: int = 0
    compared: int = 0
    skipped_keys: int = 0
    #: the flagged identifiers scoring started from (applied only while they are still the flagged set)
    ignored: frozenset[str] = frozenset()
    #: shared identifiers found while scoring: (source id, identifier, records holding it)
    flags: list[tuple[int, str, int]] = field(default_factory=list)
    #: every pair that was not SEPARATE, in id order
    pairs: list[tuple[int, int, Verdict]] = field(default_factory=list)
    #: the records of ``pairs`` (the merge checks read them), kept only when ``keep_records``
    needed: dict[int, MatchRecord] = field(default_factory=dict)


class Verdict(NamedTuple):
    """A decision as the writer needs it: its outcome, and its evidence as stored (``evidence_json``).
    Built where the pair is scored; a plain tuple of plain values is cheap to send between processes."""

    outcome: Outcome
    score: float
    weight: float
    evidence: dict[str, Any]


def verdict_of(decision: MatchDecision) -> Verdict:
    return Verdict(decision.outcome, decision.score, decision.weight, evidence_json(decision))


@dataclass
class _Run:
    conn: Connection
    workspace_id: int
    actor: Actor | None
    now: datetime
    settings: MatchSettings
    ignored: frozenset[str]
    records: dict[int, MatchRecord] = field(default_factory=dict)
    person_of: dict[int, int | None] = field(default_factory=dict)
    #: person → its source record ids, as this run's merges leave them (loaded on first use)
    members: dict[int, list[int]] = field(default_factory=dict)
    #: record → the records a human separated it from (loaded on first use)
    decided: dict[int, set[int]] = field(default_factory=dict)
    summary: MatchSummary = field(default_factory=MatchSummary)


def match(
    conn: Connection,
    *,
    workspace_id: int,
    records: Sequence[MatchRecord],
    now: datetime,
    actor: Actor | None = None,
    settings: MatchSettings = DEFAULT_SETTINGS,
    only_older: bool = False,
    apply: bool = True,
    keys: Mapping[int, list[str]] | None = None,
) -> MatchSummary:
    """Match ``records`` (already in the index) against the pool and apply the outcomes.

    ``only_older``: compare a record only with records of smaller id (a batch run over the whole
    pool, where every pair comes up once). ``apply=False`` scores without changing anything.
    ``keys``: the records' stored keys when the caller has them (``identity_store.save`` returns them).
    """
    ignored = store.flagged(conn, workspace_id)
    scored = score(
        conn,
        workspace_id=workspace_id,
        records=records,
        ignored=ignored,
        settings=settings,
        only_older=only_older,
        keys=keys,
        keep_records=apply,
    )
    return apply_scored(
        conn, scored, workspace_id=workspace_id, now=now, actor=actor, settings=settings, apply=apply
    )


def score(
    conn: Connection,
    *,
    workspace_id: int,
    records: Sequence[MatchRecord],
    ignored: frozenset[str],
    settings: MatchSettings = DEFAULT_SETTINGS,
    only_older: bool = False,
    keys: Mapping[int, list[str]] | None = None,
    skip_newer: Callable[[int], bool] | None = None,
    keep_records: bool = True,
) -> Scored:
    """Find and score the candidates of ``records``; reads only. ``skip_newer(id)``: a candidate of
    larger id than the record is left out when true (records of one batch run meet once)."""
    run = _Run(conn, workspace_id, None, datetime.min, settings, ignored)
    out = Scored(records=len(records), ignored=ignored)
    batch = {int(r.record_id): r for r in records}
    run.records.update(batch)
    own_keys = {sr: (keys[sr] if keys and sr in keys else stored_keys(r)) for sr, r in batch.items()}
    members = store.key_members(conn, workspace_id, {k for ks in own_keys.values() for k in ks}, _limit)
    out.flags = _shared_flags(run, members)
    pairs = _candidates(out, own_keys, members, set(batch), run.ignored, only_older, skip_newer)
    _load(run, {i for p in pairs for i in p})
    for x, y in sorted(pairs):
        a, b = run.records.get(x), run.records.get(y)
        if a is not None and b is not None and could_match(a, b, settings, run.ignored):
            decision = compare(a, b, settings=settings, ignored=run.ignored)
            if decision.outcome is not Outcome.SEPARATE:
                out.pairs.append((x, y, verdict_of(decision)))
    out.compared = len(pairs)
    if keep_records:
        out.needed = {i: run.records[i] for x, y, _ in out.pairs for i in (x, y)}
    return out


def apply_scored(
    conn: Connection,
    scored: Scored,
    *,
    workspace_id: int,
    now: datetime,
    actor: Actor | None = None,
    settings: MatchSettings = DEFAULT_SETTINGS,
    apply: bool = True,
) -> MatchSummary:
    """Write what ``score`` found: flags, then merges and review pairs (``apply``), or only the
    decisions (``apply=False``)."""
    summary = MatchSummary(records=scored.records, compared=scored.compared, skipped_keys=scored.skipped_keys)
    summary.flagged = store.add_flags(conn, workspace_id, scored.flags, now)
    if not apply:
        summary.merged = sum(d.outcome is Outcome.MERGE for _, _, d in scored.pairs)
        summary.reviews = len(scored.pairs) - summary.merged
        summary.decisions = [(x, y, d.outcome) for x, y, d in scored.pairs]
        return summary
    ignored = scored.ignored | {i for _, i, _ in scored.flags}
    run = _Run(conn, workspace_id, actor, now, settings, ignored, summary=summary)
    run.records.update(scored.needed)
    run.person_of.update(store.people_of(conn, [i for x, y, _ in scored.pairs for i in (x, y)]))
    _apply(run, scored.pairs)
    return run.summary


def _candidates(
    out: Scored,
    own_keys: Mapping[int, list[str]],
    members: Mapping[str, list[int]],
    batch: set[int],
    ignored: frozenset[str],
    only_older: bool,
    skip_newer: Callable[[int], bool] | None,
) -> set[tuple[int, int]]:
    """The pairs to score: each record with the ``MAX_CANDIDATES`` pool records sharing the most
    keys with it (an identifier counts as ``_IDENTIFIER_WEIGHT``), among those it may meet."""
    pairs: set[tuple[int, int]] = set()
    for sr, own in own_keys.items():
        shared: dict[int, int] = {}
        for key in own:
            held = members.get(key)
            if not held:
                continue
            strong = key.startswith(_IDENTIFIER_PREFIXES)
            if len(held) > (MAX_BLOCK if strong else MAX_NAME_BLOCK):
                out.skipped_keys += 1
                continue
            if ignored and _is_ignored(key, ignored):
                continue
            weight = _IDENTIFIER_WEIGHT if strong else 1
            for other in held:
                if other >= sr and (
                    other == sr
                    or only_older
                    or other in batch
                    or (skip_newer is not None and skip_newer(other))
                ):
                    continue
                shared[other] = shared.get(other, 0) + weight
        if len(shared) > MAX_CANDIDATES:
            pairs.update((min(sr, o), max(sr, o)) for o in _most_shared(shared))
        else:
            pairs.update((min(sr, o), max(sr, o)) for o in shared)
    return pairs


def _most_shared(shared: dict[int, int]) -> list[int]:
    return sorted(shared, key=lambda o: (-shared[o], -o))[:MAX_CANDIDATES]


def _limit(key: str) -> int:
    return MAX_BLOCK if key.startswith(_IDENTIFIER_PREFIXES) else MAX_NAME_BLOCK


def _is_ignored(key: str, ignored: frozenset[str]) -> bool:
    return key in ignored or (
        key.startswith("local:") and any(i.startswith(f"email:{key[6:]}@") for i in ignored)
    )


def _shared_flags(run: _Run, members: dict[str, list[int]]) -> list[tuple[int, str, int]]:
    """Identifiers that one source holds for many different people (see module docstring); they stop
    being evidence at once (``run.ignored``) and are flagged when the result is applied."""
    limit = run.settings.max_identifier_records
    crowded = {k: v for k, v in members.items() if k.startswith(_IDENTIFIER_PREFIXES) and len(v) > limit}
    crowded = {k: v for k, v in crowded.items() if k not in run.ignored}
    if not crowded:
        return []
    _load(run, {i for v in crowded.values() for i in v})
    new: list[tuple[int, str, int]] = []
    for key, holders in crowded.items():
        held = [run.records[i] for i in holders if i in run.records]
        for flag in frequent_identifiers(held, limit):
            if flag.identifier == key:
                new.append((int(flag.source), flag.identifier, flag.records))
    run.ignored = run.ignored | {i for _, i, _ in new}
    return new


def _load(run: _Run, ids: Iterable[int]) -> None:
    wanted = [i for i in ids if i not in run.records]
    for sr, stored in store.load(run.conn, wanted).items():
        run.records[sr] = stored.record
        run.person_of[sr] = stored.person_id


def _apply(run: _Run, scored: list[tuple[int, int, Verdict]]) -> None:
    """Decide every MERGE pair against the people as the batch's earlier merges leave them (kept in
    memory), write the merges at once (``merge_many``), then queue the review pairs."""
    merges = sorted((s for s in scored if s[2].outcome is Outcome.MERGE), key=lambda s: -s[2].weight)
    reviews = [s for s in scored if s[2].outcome is Outcome.REVIEW]
    ambiguous = _ambiguous(run, merges)
    _preload(run, [p for x, y, _ in merges for p in (run.person_of.get(x), run.person_of.get(y))])
    into: dict[int, int] = {}  # absorbed person → the person it merged into
    made: list[tuple[int, Verdict, tuple[int, int]]] = []
    for x, y, verdict in merges:
        px, py = run.person_of.get(x), run.person_of.get(y)
        if px is None or py is None or px == py:
            continue
        if x in ambiguous or y in ambiguous:
            reviews.append((x, y, verdict))
            continue
        check = _check_people(run, px, py, (x, y))
        if check == "decided":
            continue
        if check == "review":
            reviews.append((x, y, verdict))
            continue
        survivor, absorbed = min(px, py), max(px, py)
        into[absorbed] = survivor
        made.append((absorbed, verdict, (x, y)))
        moved = run.members.pop(absorbed)
        run.members[survivor] = run.members[survivor] + moved
        for sr in moved:
            if sr in run.person_of:
                run.person_of[sr] = survivor
    if made:
        planned = [
            PlannedMerge(_root(into, absorbed), absorbed, v.evidence, v.score, pair)
            for absorbed, v, pair in made
        ]
        merge_many(
            run.conn,
            workspace_id=run.workspace_id,
            planned=planned,
            kind="auto",
            actor=run.actor,
            now=run.now,
        )
        run.summary.merged += len(planned)
    _propose(run, reviews)


def _root(into: Mapping[int, int], person: int) -> int:
    while person in into:
        person = into[person]
    return person


def _preload(run: _Run, person_ids: Iterable[int | None]) -> None:
    """The records of ``person_ids`` (as members, loaded) and the human decisions among them."""
    wanted = {p for p in person_ids if p is not None and p not in run.members}
    if not wanted:
        return
    found = store.records_of_people(run.conn, wanted)
    for person in wanted:
        run.members[person] = sorted(found.get(person, []))
    ids = [i for person in wanted for i in run.members[person]]
    _load(run, ids)
    _load_decided(run, ids)


def _load_decided(run: _Run, record_ids: Iterable[int]) -> None:
    wanted = sorted({i for i in record_ids if i not in run.decided})
    if not wanted:
        return
    for i in wanted:
        run.decided[i] = set()
    c = match_reviews.c
    for chunk in chunks(wanted, _IN_CHUNK):
        query = select(c.left_record_id, c.right_record_id).where(
            c.status.in_(_DECIDED), or_(c.left_record_id.in_(chunk), c.right_record_id.in_(chunk))
        )
        for left, right in run.conn.execute(query):
            run.decided.setdefault(int(left), set()).add(int(right))
            run.decided.setdefault(int(right), set()).add(int(left))


def _ambiguous(run: _Run, merges: list[tuple[int, int, Verdict]]) -> set[int]:
    """Records without a given name that would merge with two different people: review, not merge."""
    partners: dict[int, set[int | None]] = defaultdict(set)
    for x, y, _ in merges:
        for record, other in ((x, y), (y, x)):
            if not run.records[record].given:
                partners[record].add(run.person_of.get(other))
    return {record for record, people in partners.items() if len(people) > 1}


def _people_records(run: _Run, person_id: int) -> list[int]:
    _preload(run, [person_id])
    return run.members[person_id]


def _check_people(run: _Run, px: int, py: int, pair: tuple[int, int]) -> str:
    """ "merge", "review" (a cannot-link, too big, or the two people as wholes below ``link_at``: the
    mean match probability over every pair of their records, as ``domain.identity.resolve`` joins) or
    "decided" (a human separated them before)."""
    left, right = _people_records(run, px), _people_records(run, py)
    if _decided_between(run, left, right):
        return "decided"
    if len(left) + len(right) > MAX_CLUSTER:
        return "review"
    if len(left) == len(right) == 1 and {left[0], right[0]} == set(pair):
        return "merge"  # the one pair, compared already: a MERGE is never a cannot-link
    total, pairs = 0.0, 0
    for a in left:
        for b in right:
            if a in run.records and b in run.records:
                d = compare(run.records[a], run.records[b], settings=run.settings, ignored=run.ignored)
                if cannot_link(d):
                    return "review"
                total, pairs = total + d.score, pairs + 1
    if pairs > 1 and total < run.settings.link_at * pairs:
        return "review"
    return "merge"


def _decided_between(run: _Run, left: Sequence[int], right: Sequence[int]) -> bool:
    """Whether a human separated (rejected or unmerged) any record of ``left`` from any of ``right``."""
    _load_decided(run, left)
    other = set(right)
    return any(run.decided[a] & other for a in left)


def _propose(run: _Run, reviews: Sequence[tuple[int, int, Verdict]]) -> None:
    """Queue each review pair whose records belong to two people now, unless the pair is queued already
    or a human separated the two people before; one query to find the known pairs, one insert."""
    live = [(x, y, d) for x, y, d in reviews if _two_people(run, x, y)]
    if not live:
        return
    _preload(run, [p for x, y, _ in live for p in (run.person_of[x], run.person_of[y])])
    c = match_reviews.c
    lefts = sorted({x for x, _, _ in live})
    known: set[tuple[int, int]] = set()
    for chunk in chunks(lefts, _IN_CHUNK):
        query = select(c.left_record_id, c.right_record_id).where(c.left_record_id.in_(chunk))
        known.update((int(a), int(b)) for a, b in run.conn.execute(query))
    rows = []
    for x, y, verdict in live:
        px, py = run.person_of[x], run.person_of[y]
        if (x, y) in known or px is None or py is None:
            continue
        if _decided_between(run, run.members[px], run.members[py]):
            continue
        known.add((x, y))
        rows.append(
            {
                "workspace_id": run.workspace_id,
                "left_record_id": x,
                "right_record_id": y,
                "left_person_id": px,
                "right_person_id": py,
                "score": verdict.score,
                "evidence": verdict.evidence,
                "status": "open",
                "created_at": run.now,
            }
        )
    if rows:
        run.conn.execute(match_reviews.insert(), rows)
    run.summary.reviews += len(rows)


def _two_people(run: _Run, x: int, y: int) -> bool:
    px, py = run.person_of.get(x), run.person_of.get(y)
    return px is not None and py is not None and px != py


def evidence_json(decision: MatchDecision) -> dict[str, Any]:
    """A decision as stored with a review pair or a merge: score, outcome and each finding."""
    ordered = sorted(decision.evidence, key=lambda e: -abs(e.weight))
    return {
        "score": round(decision.score, 4),
        "weight": round(decision.weight, 2),
        "outcome": decision.outcome.value,
        "evidence": [
            {"field": e.field, "kind": e.kind.value, "detail": e.detail, "weight": e.weight, "level": e.level}
            for e in ordered
        ],
    }
