"""Personalisation hooks: short, true things to open a message with, derived from facts we hold.

Each hook cites where it came from (the field, the record and the source), so a recruiter can check it
before sending and a draft can say which facts it used. Nothing is invented: no fact, no hook.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from talentscout.domain.templating.cited import CitedText

NEW_ROLE_DAYS = 183
ANNIVERSARY_WINDOW_DAYS = 31
_NUMBERS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}
_TALK = re.compile(
    r"\b(?:spoke|speaker|talk|presented|keynote|conference talk|podcast|published|paper|"
    r"open[- ]source|maintainer|author of|built|launched|led the|shipped|project)\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


@dataclass(frozen=True)
class ExperienceFact:
    id: int
    employer: str | None
    title: str | None
    start: date | None
    end: date | None
    is_current: bool
    description: str | None = None
    source_label: str = "manual edit"
    source_record_id: int | None = None


@dataclass(frozen=True)
class SourceFact:
    source_record_id: int
    source_name: str
    channel: str
    payload: Mapping[str, Any]


@dataclass(frozen=True)
class NoteFact:
    id: int
    body: str
    source_label: str = "note"
    source_record_id: int | None = None


@dataclass(frozen=True)
class PersonFacts:
    today: date
    experiences: Sequence[ExperienceFact] = ()
    sources: Sequence[SourceFact] = ()
    notes: Sequence[NoteFact] = ()
    summary: str | None = None


@dataclass(frozen=True)
class Hook:
    """One opener. ``key`` is stable for the fact (``kind:record:id``); ``text`` is ready to use."""

    kind: str
    text: str
    source_field: str
    source_record: str
    source_label: str
    source_record_id: int | None = None
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.source_record}"

    def cited(self) -> CitedText:
        return CitedText(self.text, self.key)

    def as_context(self) -> dict[str, Any]:
        """The hook as templates see it: plain values plus a cited ``text``."""
        return {
            "kind": self.kind,
            "text": self.cited(),
            "source_field": self.source_field,
            "source": self.source_label,
        }


def derive_hooks(facts: PersonFacts) -> list[Hook]:
    """Every hook the facts support, strongest first (a new role beats an anniversary beats a talk)."""
    hooks: list[Hook] = []
    current = _current(facts.experiences)
    if current is not None:
        hooks += _new_role(current, facts)
        hooks += _anniversary(current, facts.today)
    hooks += _projects(facts)
    hooks += _referral_and_event(facts.sources)
    return hooks


def _current(experiences: Sequence[ExperienceFact]) -> ExperienceFact | None:
    current = [e for e in experiences if e.is_current and e.start is not None]
    return max(current, key=lambda e: e.start or date.min, default=None)


def _at(e: ExperienceFact) -> str:
    return f" at {e.employer}" if e.employer else ""


def _new_role(e: ExperienceFact, facts: PersonFacts) -> list[Hook]:
    assert e.start is not None
    if not 0 <= (facts.today - e.start).days <= NEW_ROLE_DAYS:
        return []
    earlier = [
        x
        for x in facts.experiences
        if x.id != e.id and x.start is not None and x.start < e.start and x.employer
    ]
    previous = max(earlier, key=lambda x: x.start or date.min, default=None)
    promoted = (
        previous is not None
        and e.employer is not None
        and previous.employer is not None
        and previous.employer.casefold() == e.employer.casefold()
        and (previous.title or "").casefold() != (e.title or "").casefold()
    )
    kind = "promotion" if promoted else "new_role"
    role = e.title or "the new role"
    text = (
        f"Congratulations on the move to {role}{_at(e)}"
        if promoted
        else f"Congratulations on starting as {role}{_at(e)}"
    )
    detail = {"since": e.start.isoformat(), "title": e.title, "employer": e.employer}
    return [
        Hook(
            kind,
            text,
            "experiences.start_date",
            f"experience:{e.id}",
            e.source_label,
            e.source_record_id,
            detail,
        )
    ]


def _anniversary(e: ExperienceFact, today: date) -> list[Hook]:
    assert e.start is not None
    years = today.year - e.start.year
    try:
        this_year = e.start.replace(year=today.year)
    except ValueError:  # 29 February
        this_year = date(today.year, 3, 1)
    if years < 1 or abs((today - this_year).days) > ANNIVERSARY_WINDOW_DAYS:
        return []
    span = _NUMBERS.get(years, str(years))
    noun = "year" if years == 1 else "years"
    text = f"Congratulations on {span} {noun}{_at(e)}"
    detail = {"since": e.start.isoformat(), "years": years, "employer": e.employer}
    return [
        Hook(
            "work_anniversary",
            text,
            "experiences.start_date",
            f"experience:{e.id}",
            e.source_label,
            e.source_record_id,
            detail,
        )
    ]


def _projects(facts: PersonFacts) -> list[Hook]:
    """A talk, project or publication mentioned in a note, an experience or the summary."""
    out: list[Hook] = []
    for n in facts.notes:
        sentence = _mention(n.body)
        if sentence:
            out.append(
                _project_hook(sentence, "notes.body", f"note:{n.id}", n.source_label, n.source_record_id)
            )
    for e in facts.experiences:
        sentence = _mention(e.description or "")
        if sentence:
            label = f"experience:{e.id}"
            out.append(
                _project_hook(sentence, "experiences.description", label, e.source_label, e.source_record_id)
            )
    sentence = _mention(facts.summary or "")
    if sentence:
        out.append(_project_hook(sentence, "people.summary", "person:summary", "profile", None))
    return out[:3]


def _mention(text: str) -> str | None:
    for match in _SENTENCE.finditer(text):
        sentence = " ".join(match.group(0).split()).rstrip(".!?")
        if _TALK.search(sentence) and 12 <= len(sentence) <= 160:
            return sentence
    return None


_THIRD_PERSON = re.compile(r"^(?:she|he|they)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"\b(?:her|his|their)\b", re.IGNORECASE)


def _second_person(sentence: str) -> str | None:
    """ "She presented her compiler at FOSDEM" → "you presented your compiler at FOSDEM"; else None."""
    if not _THIRD_PERSON.match(sentence):
        return None
    return _POSSESSIVE.sub("your", _THIRD_PERSON.sub("you ", sentence, count=1))


def _project_hook(sentence: str, source_field: str, record: str, label: str, record_id: int | None) -> Hook:
    spoken = _second_person(sentence)
    text = f"I saw that {spoken}" if spoken else f"I came across this: “{sentence}”"
    return Hook("project_or_talk", text, source_field, record, label, record_id, {"mention": sentence})


def _referral_and_event(sources: Sequence[SourceFact]) -> list[Hook]:
    out: list[Hook] = []
    for s in sources:
        record = f"source_record:{s.source_record_id}"
        if s.channel == "referral":
            who, key = _payload_value(s.payload, ("referred_by", "referrer", "referred by", "referral"))
            if who:
                text = f"{who} suggested I get in touch"
                out.append(
                    Hook(
                        "referral",
                        text,
                        f"payload.{key}",
                        record,
                        s.source_name,
                        s.source_record_id,
                        {"by": who},
                    )
                )
        elif s.channel == "event":
            name, key = _payload_value(s.payload, ("event", "event_name", "event name", "meetup"))
            event = name or _event_name(s.source_name)
            source_field = f"payload.{key}" if name else "sources.name"
            text = f"We met at {event}"
            out.append(
                Hook("event", text, source_field, record, s.source_name, s.source_record_id, {"event": event})
            )
    return out


def _payload_value(payload: Mapping[str, Any], names: Sequence[str]) -> tuple[str | None, str]:
    wanted = {n.replace(" ", "").replace("_", "") for n in names}
    for key, value in payload.items():
        if str(key).lower().replace(" ", "").replace("_", "") in wanted and str(value or "").strip():
            return " ".join(str(value).split())[:120], str(key)
    return None, ""


def _event_name(source_name: str) -> str:
    """ "Berlin Tech Meetup badges" → "Berlin Tech Meetup": drop the words that describe the file."""
    words = [
        w for w in source_name.split() if w.lower() not in {"badges", "badge", "scans", "list", "export"}
    ]
    return " ".join(words) or source_name
