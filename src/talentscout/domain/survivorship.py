"""Which value wins when sources disagree about a field, and why.

Rules, in order:

1. a **manual edit always wins** (the latest one);
2. otherwise the **most recent** source wins, by the day its value was recorded;
3. between sources recorded on the same day (one import session, or a merge of people imported
   together), the **most trusted channel** wins: ``TRUST`` ranks a candidate's own application and
   profile above a CV database, a referral or a badge scan, and an agency's submission last;
4. then the later value, then the later row.

``Chosen.reason`` says in words which rule decided, for the person's page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

#: how much a channel's values are trusted (higher wins among values recorded the same day)
TRUST: dict[str, int] = {
    "past_applicant": 6,
    "social": 5,
    "cv_database": 4,
    "referral": 3,
    "event": 2,
    "agency": 1,
    "manual": 7,
}


@dataclass(frozen=True, slots=True)
class FieldClaim:
    """What one source record (or one manual edit) says about a person's fields."""

    fields: dict[str, Any]
    recorded_at: datetime
    manual: bool
    row_id: int
    #: the source record's channel (``SourceChannel`` value); None for a manual edit
    channel: str | None = None


@dataclass(frozen=True, slots=True)
class Chosen:
    value: Any
    row_id: int
    manual: bool
    reason: str = ""


def _rank(c: FieldClaim) -> tuple[bool, str, int, float, int]:
    at = _utc(c.recorded_at)
    return (c.manual, at.date().isoformat(), TRUST.get(c.channel or "", 0), at.timestamp(), c.row_id)


def choose_survivors(claims: Iterable[FieldClaim]) -> dict[str, Chosen]:
    """The winning value per field, with the claim (provenance row) it came from and why it won."""
    ranked = sorted(claims, key=_rank, reverse=True)
    chosen: dict[str, Chosen] = {}
    for name in {n for c in ranked for n, v in c.fields.items() if v is not None and v != ""}:
        holders = [c for c in ranked if c.fields.get(name) not in (None, "")]
        winner = holders[0]
        value = winner.fields[name]
        runner = next((c for c in holders[1:] if c.fields[name] != value), None)
        chosen[name] = Chosen(value, winner.row_id, winner.manual, _reason(winner, runner, len(holders)))
    return chosen


def _reason(winner: FieldClaim, runner: FieldClaim | None, holders: int) -> str:
    if winner.manual:
        return "manual edit (always wins)"
    if runner is None:
        return "the only source with a value" if holders == 1 else "all sources agree"
    if runner.manual:  # cannot happen: manual claims rank first; kept for clarity
        return "manual edit (always wins)"
    w, r = _utc(winner.recorded_at), _utc(runner.recorded_at)
    if w.date() != r.date():
        return f"most recent source ({w.date().isoformat()} over {r.date().isoformat()})"
    wt, rt = TRUST.get(winner.channel or "", 0), TRUST.get(runner.channel or "", 0)
    if wt != rt:
        return f"most trusted channel ({winner.channel} over {runner.channel})"
    return "most recent source"


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def utc_timestamp(moment: datetime) -> float:
    """Comparable timestamps whether the driver returned naive (SQLite) or aware (PostgreSQL) values."""
    return _utc(moment).timestamp()
