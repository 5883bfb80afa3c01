"""Likely-to-move and likely-to-respond signals, each with the sentence that explains it.

Pure: the service hands in the person's positions, employer events, past engagement and flags. How
each signal is computed is documented in docs/signals.md; none reads a protected attribute.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median

from talentscout.domain.names import fold
from talentscout.domain.ranking.model import Job, Signal

TYPICAL_TENURE_YEARS = 2.5  # when the person has too few finished positions to have their own
PROMOTION_GAP_YEARS = 3.0
ANNIVERSARY_WINDOW_DAYS = 60
EVENT_WINDOW_DAYS = 365
ACTIVE_WINDOW_DAYS = 180
_SUFFIX = re.compile(
    r"\b(inc|incorporated|llc|ltd|limited|gmbh|ag|plc|corp|corporation|co|company|sa|bv|se|srl|oy|ab)\b\.?"
)
_NOT_NOW = re.compile(
    r"\b(not now|not right now|maybe later|try (?:me )?(?:again )?in|get back to me in"
    r"|next (?:year|quarter))\b",
    re.I,
)
_SEASON = re.compile(
    r"\b(spring|summer|autumn|fall|winter|january|february|march|april|may|june|july|august|september|october|november|december|q[1-4])\b",
    re.I,
)
_OPEN = re.compile(
    r"#?open ?to ?work|open to (?:new )?opportunities|looking for (?:a )?new (?:role|job|opportunit)", re.I
)


def company_key(name: str) -> str:
    """An employer name folded for matching: case, accents, punctuation and legal suffixes dropped."""
    folded = fold(name)
    return " ".join(_SUFFIX.sub(" ", re.sub(r"[^\w\s]", " ", folded)).split())


@dataclass(frozen=True, slots=True)
class EmployerEvent:
    company: str
    kind: str
    occurred_on: date
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Engagement:
    """A past exchange with us: ``replied`` (they answered), its text and when."""

    when: date
    replied: bool
    text: str = ""


@dataclass(frozen=True)
class PersonSignals:
    signals: list[Signal]
    activity: str  # active | passive


def _years(start: date, end: date) -> float:
    return max(0.0, (end - start).days / 365.25)


def tenure_signals(jobs: Sequence[Job], today: date) -> list[Signal]:
    current = [j for j in jobs if j.is_current and j.start]
    if not current:
        return []
    job = max(current, key=lambda j: j.start or date.min)
    assert job.start is not None
    employer_start = min(
        (
            j.start
            for j in jobs
            if j.start and j.employer and job.employer and fold(j.employer) == fold(job.employer)
        ),
        default=job.start,
    )
    finished = [_years(j.start, j.end) for j in jobs if j.start and j.end and not j.is_current]
    typical = median(finished) if len(finished) >= 2 else TYPICAL_TENURE_YEARS
    own = "their own median" if len(finished) >= 2 else "a typical"
    out: list[Signal] = []
    at_employer, in_title = _years(employer_start, today), _years(job.start, today)
    if at_employer >= typical:
        out.append(
            Signal(
                "tenure",
                "long tenure",
                f"{at_employer:.1f} years at {job.employer or 'the current employer'},"
                f" past {own} tenure of {typical:.1f} years",
                1.0,
            )
        )
    if in_title >= PROMOTION_GAP_YEARS:
        out.append(
            Signal(
                "no_promotion",
                "no recent promotion",
                f"{in_title:.1f} years in the title {job.title or '(untitled)'} with no change",
                0.8,
            )
        )
    out += _anniversary(employer_start, today, job.employer)
    return out


def _anniversary(start: date, today: date, employer: str | None) -> list[Signal]:
    for years in range(1, 5):
        try:
            day = start.replace(year=start.year + years)
        except ValueError:  # 29 February
            day = start.replace(year=start.year + years, day=28)
        if today <= day <= today + timedelta(days=ANNIVERSARY_WINDOW_DAYS):
            text = (
                f"{years}-year anniversary at {employer or 'the current employer'} on {day.isoformat()}"
                " (vesting cliffs and refreshes often fall here)"
            )
            return [Signal("anniversary", f"{years}-year anniversary soon", text, 0.7)]
    return []


def employer_signals(employer: str | None, events: Iterable[EmployerEvent], today: date) -> list[Signal]:
    if not employer:
        return []
    key = company_key(employer)
    recent = [
        e
        for e in events
        if company_key(e.company) == key and 0 <= (today - e.occurred_on).days <= EVENT_WINDOW_DAYS
    ]
    return [
        Signal(
            f"employer_{e.kind}",
            f"employer {e.kind.replace('_', ' ')}",
            f"{e.company}: {e.kind.replace('_', ' ')} on {e.occurred_on.isoformat()}"
            + (f" — {e.detail}" if e.detail else ""),
            1.0,
        )
        for e in sorted(recent, key=lambda e: e.occurred_on, reverse=True)
    ]


def engagement_signals(history: Sequence[Engagement], today: date) -> list[Signal]:
    replies = [h for h in history if h.replied]
    if not replies:
        return (
            [
                Signal(
                    "never_replied",
                    "contacted, never replied",
                    f"{len(history)} messages without a reply",
                    -0.5,
                )
            ]
            if len(history) >= 2
            else []
        )
    last = max(replies, key=lambda h: h.when)
    out = [Signal("replied_before", "replied before", f"replied to us on {last.when.isoformat()}", 1.0)]
    if _NOT_NOW.search(last.text):
        season = _SEASON.search(last.text)
        when = f" ({season.group(1)})" if season else ""
        out.append(
            Signal(
                "not_now",
                "said not now",
                f'said "not now"{when} on {last.when.isoformat()}: {last.text[:120]}',
                0.8,
            )
        )
    return out


def open_to_work(flags: Iterable[str]) -> list[Signal]:
    for flag in flags:
        if _OPEN.search(flag):
            return [
                Signal("open_to_work", "open to work", f"a source marks them open to work ({flag[:60]})", 1.5)
            ]
    return []


def classify(signals: Sequence[Signal], last_applied: date | None, today: date) -> str:
    """Active: open to work, or applied to us in the last six months. Everyone else is passive."""
    if any(s.key == "open_to_work" for s in signals):
        return "active"
    if last_applied and (today - last_applied).days <= ACTIVE_WINDOW_DAYS:
        return "active"
    return "passive"
