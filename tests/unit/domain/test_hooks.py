"""Personalisation hooks come only from facts we hold, and each names its source."""

from __future__ import annotations

from datetime import date

from talentscout.domain.hooks import ExperienceFact, NoteFact, PersonFacts, SourceFact, derive_hooks

TODAY = date(2026, 11, 26)


def _kinds(facts: PersonFacts) -> list[str]:
    return [h.kind for h in derive_hooks(facts)]


def test_a_new_role_at_the_same_employer_is_a_promotion_citing_the_experience() -> None:
    facts = PersonFacts(
        TODAY,
        experiences=[
            ExperienceFact(
                2,
                "Initech",
                "Staff Engineer",
                date(2026, 9, 1),
                None,
                True,
                source_label="LinkedIn",
                source_record_id=9,
            ),
            ExperienceFact(1, "Initech", "Senior Engineer", date(2022, 1, 1), date(2026, 8, 31), False),
        ],
    )
    hook = derive_hooks(facts)[0]
    assert hook.kind == "promotion"
    assert hook.text == "Congratulations on the move to Staff Engineer at Initech"
    assert (hook.source_field, hook.source_record, hook.source_label, hook.source_record_id) == (
        "experiences.start_date",
        "experience:2",
        "LinkedIn",
        9,
    )


def test_a_new_employer_is_a_new_role_and_an_old_one_is_an_anniversary_in_its_month() -> None:
    new = PersonFacts(TODAY, experiences=[ExperienceFact(1, "Hooli", "CTO", date(2026, 10, 1), None, True)])
    assert _kinds(new) == ["new_role"]
    anniversary = PersonFacts(
        TODAY, experiences=[ExperienceFact(1, "Hooli", "CTO", date(2021, 12, 5), None, True)]
    )
    hooks = derive_hooks(anniversary)
    assert [h.text for h in hooks] == ["Congratulations on five years at Hooli"]
    far = PersonFacts(TODAY, experiences=[ExperienceFact(1, "Hooli", "CTO", date(2021, 6, 5), None, True)])
    assert _kinds(far) == []


def test_talks_projects_referrals_and_events_are_hooks_with_their_source() -> None:
    facts = PersonFacts(
        TODAY,
        notes=[NoteFact(4, "Met briefly. She spoke at PyCon Berlin about async IO.")],
        sources=[
            SourceFact(7, "Employee referrals", "referral", {"Referrer": "Sam Smith", "Name": "Ada"}),
            SourceFact(8, "Berlin Tech Meetup badges", "event", {"FN": "Ada"}),
        ],
    )
    hooks = {h.kind: h for h in derive_hooks(facts)}
    assert hooks["project_or_talk"].source_field == "notes.body"
    assert "PyCon Berlin" in hooks["project_or_talk"].text
    assert hooks["referral"].text == "Sam Smith suggested I get in touch"
    assert hooks["referral"].source_field == "payload.Referrer"
    assert hooks["event"].text == "We met at Berlin Tech Meetup"
    assert hooks["event"].source_field == "sources.name"


def test_no_facts_no_hooks() -> None:
    assert derive_hooks(PersonFacts(TODAY, notes=[NoteFact(1, "Nice person.")])) == []
