"""from_profile: the matcher's view of a derived profile."""

from __future__ import annotations

from talentscout.domain.identity import from_profile
from talentscout.domain.profile import derive_profile
from talentscout.domain.records import CandidateData, ExperienceData


def test_a_profile_becomes_a_match_record_with_normalised_identifiers() -> None:
    candidate = CandidateData(
        full_name="Dr. Jürgen Müller",
        emails=["Juergen.Mueller+jobs@Gmail.com", "not-an-email"],
        phones=["030 1234567"],
        urls=["https://de.linkedin.com/in/jmueller/?trk=x", "https://example.org/blog"],
        experiences=[
            ExperienceData(employer="Spreewerk Labs GmbH", title="Backend Developer", is_current=True),
            ExperienceData(employer="Alpenpay AG", title="Developer"),
        ],
        country="DE",
    )

    rec = from_profile(derive_profile(candidate, default_country="DE"), record_id="r1", source="crm")

    assert (rec.given, rec.family) == (("jurgen",), ("muller",))
    assert rec.emails == frozenset({"juergenmueller@gmail.com"})
    assert rec.phones == frozenset({"+49301234567"})
    assert rec.profiles == frozenset({"https://www.linkedin.com/in/jmueller"})
    assert rec.employer_keys == frozenset({"spreewerklabs"})
    assert rec.past_employer_keys == frozenset({"alpenpay"})
    assert rec.identifiers >= {"email:juergenmueller@gmail.com", "phone:+49301234567"}
    assert (rec.record_id, rec.source) == ("r1", "crm")


def test_a_profile_without_a_name_gives_a_nameless_record() -> None:
    rec = from_profile(derive_profile(CandidateData(phones=["+4930123456"]), default_country=None))

    assert not rec.has_name
