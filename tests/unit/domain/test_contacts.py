"""Contact points: emails, phones and profile links normalised, labelled, never dropped."""

from __future__ import annotations

import pytest
from email_validator import validate_email
from hypothesis import given
from hypothesis import strategies as st

from talentscout.domain.contacts import (
    ContactKind,
    ContactLabel,
    contact_points,
    email_match_key,
    employer_domain_stems,
    is_free_mail,
    is_role_address,
    normalise_email,
    normalise_phone,
    normalise_url,
)
from talentscout.domain.freemail import check_email
from talentscout.domain.records import CandidateData

# ---- email ---------------------------------------------------------------------------------------


def test_valid_email_is_lower_cased_and_stripped() -> None:
    point = normalise_email("  John.Smith@Example.ORG ")
    assert point.valid
    assert point.value == "john.smith@example.org"
    assert point.raw == "  John.Smith@Example.ORG "
    assert point.problem is None


def test_invalid_email_is_kept_as_raw_text_and_flagged() -> None:
    point = normalise_email(" john.smith at example.org ")
    assert not point.valid
    assert point.value == "john.smith at example.org"
    assert point.kind is ContactKind.EMAIL
    assert point.problem == "not a valid email address: missing @"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("a@b", "period"),
        ("x@@example.com", "invalid characters"),
        ("a b@example.com", "before the @-sign"),
        ("ann@example.local", "special-use"),
        ("", "empty"),
    ],
)
def test_each_invalid_email_says_what_is_wrong(raw: str, reason: str) -> None:
    point = normalise_email(raw)
    assert not point.valid
    assert point.problem is not None
    assert reason in point.problem


def test_mailto_and_display_name_wrappers_are_unwrapped() -> None:
    assert normalise_email("mailto:Ann@Example.com?subject=Hi").value == "ann@example.com"
    assert normalise_email("Ann Lee <Ann@Example.com>").value == "ann@example.com"


def test_internationalised_domain_is_kept_in_unicode() -> None:
    assert normalise_email("jörg@xn--bcher-kva.de").value == "jörg@bücher.de"
    assert normalise_email("jörg@Bücher.de").value == "jörg@bücher.de"


def test_gmail_dots_and_plus_tags_do_not_change_the_match_key() -> None:
    key = email_match_key("john.smith@gmail.com")
    assert email_match_key("J.O.H.N.Smith+jobs@Gmail.com") == key
    assert email_match_key("johnsmith+x@googlemail.com") == key


def test_plus_tags_are_stripped_only_for_providers_that_support_them() -> None:
    assert email_match_key("ann+cv@outlook.com") == "ann@outlook.com"
    assert email_match_key("ann+cv@icloud.com") == "ann@icloud.com"
    assert email_match_key("ann+cv@acme.com") == "ann+cv@acme.com"
    assert email_match_key("a.n.n@outlook.com") == "a.n.n@outlook.com"


def test_free_mail_address_is_personal() -> None:
    assert normalise_email("ann@gmail.com").label is ContactLabel.PERSONAL
    assert normalise_email("ann@web.de").label is ContactLabel.PERSONAL


@pytest.mark.parametrize(
    "domain",
    [
        "gmail.com",
        "googlemail.com",
        "yahoo.co.uk",
        "yahoo.de",
        "hotmail.fr",
        "gmx.at",
        "yandex.kz",
        "proton.me",
    ],
)
def test_free_mail_providers_are_recognised_with_their_country_variants(domain: str) -> None:
    assert is_free_mail(domain)


@pytest.mark.parametrize("domain", ["acme.com", "yahoo-inc.com", "mail.yahoo.com.evil.io", "livenation.com"])
def test_company_domains_are_not_free_mail(domain: str) -> None:
    assert not is_free_mail(domain)


def test_work_email_is_recognised_at_the_current_employers_domain() -> None:
    assert normalise_email("ann@acmewidgets.de", employer="Acme Widgets GmbH").label is ContactLabel.WORK
    assert normalise_email("ann@acme.com", employer="Acme Widgets GmbH").label is ContactLabel.WORK
    assert (
        normalise_email("ann@eu.acme-widgets.co.uk", employer="ACME Widgets Ltd.").label is ContactLabel.WORK
    )


def test_email_at_another_unknown_company_is_unknown() -> None:
    assert normalise_email("ann@initech.com", employer="Acme Widgets GmbH").label is ContactLabel.UNKNOWN


def test_well_known_company_domain_is_work_without_an_employer() -> None:
    assert normalise_email("ann@google.com").label is ContactLabel.WORK
    assert normalise_email("ann@de.ibm.com").label is ContactLabel.WORK


def test_source_hint_wins_over_the_domain() -> None:
    assert normalise_email("ann@gmail.com", hint="work").label is ContactLabel.WORK
    assert normalise_email("ann@google.com", hint="HOME").label is ContactLabel.PERSONAL


@pytest.mark.parametrize(
    ("employer", "stems"),
    [
        ("Acme Widgets GmbH", {"acmewidgets", "acme"}),
        ("Société Générale S.A.", {"societegenerale", "societe"}),
        ("International Business Machines Corp.", {"internationalbusinessmachines", "international", "ibm"}),
        ("SAP SE", {"sap"}),
        ("The Boring Company", {"boring"}),
        ("GmbH", set()),
    ],
)
def test_employer_stems_drop_legal_suffixes(employer: str, stems: set[str]) -> None:
    assert employer_domain_stems(employer) == stems


def test_role_inboxes_are_flagged() -> None:
    assert is_role_address("Jobs@acme.com")
    assert is_role_address("info+cv@acme.com")
    assert not is_role_address("ann@acme.com")
    assert normalise_email("recruiting@acme.com").shared_inbox
    assert not normalise_email("ann@acme.com").shared_inbox


# ---- phone ---------------------------------------------------------------------------------------


def test_phone_with_country_code_becomes_e164() -> None:
    point = normalise_phone("+49 (30) 1234-567")
    assert point.valid
    assert point.value == "+49301234567"
    assert point.kind is ContactKind.PHONE


def test_national_phone_uses_the_default_country() -> None:
    assert normalise_phone("030 1234567", default_country="de").value == "+49301234567"
    assert normalise_phone("0049 30 1234567").value == "+49301234567"


def test_phone_without_country_and_without_default_is_kept_and_flagged() -> None:
    point = normalise_phone("030 1234567")
    assert not point.valid
    assert point.value == "030 1234567"
    assert point.problem == "not a valid phone number: no country code and no default country"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [("12", "local number"), ("+999 123", "unknown country calling code"), ("call me", "not a phone number")],
)
def test_invalid_phone_says_why(raw: str, reason: str) -> None:
    point = normalise_phone(raw, default_country="DE")
    assert not point.valid
    assert point.problem is not None
    assert reason in point.problem


def test_phone_extension_is_kept() -> None:
    assert normalise_phone("+1 202 555 0143 ext. 12").value == "+12025550143;ext=12"


def test_phone_label_comes_from_the_hint_only() -> None:
    assert normalise_phone("+4915112345678").label is ContactLabel.UNKNOWN
    assert normalise_phone("+4915112345678", hint="work").label is ContactLabel.WORK


def test_unknown_default_country_is_ignored_rather_than_raising() -> None:
    point = normalise_phone("030 1234567", default_country="Germany")
    assert not point.valid


# ---- URLs ----------------------------------------------------------------------------------------


def test_bare_linkedin_profile_gets_the_canonical_form() -> None:
    point = normalise_url("linkedin.com/in/Jane-Doe")
    assert point is not None
    assert point.kind is ContactKind.LINKEDIN
    assert point.value == "https://www.linkedin.com/in/jane-doe"
    assert point.label is ContactLabel.PERSONAL


def test_linkedin_country_subdomain_and_query_string_are_stripped() -> None:
    point = normalise_url("http://de.linkedin.com/in/J%C3%B6rg-M%C3%BCller-1a2b3c/?trk=profile#about")
    assert point is not None
    assert point.valid
    assert point.value == "https://www.linkedin.com/in/jörg-müller-1a2b3c"


def test_linkedin_company_page_is_kept_but_not_a_profile() -> None:
    point = normalise_url("https://www.linkedin.com/company/acme")
    assert point is not None
    assert point.kind is ContactKind.LINKEDIN
    assert not point.valid
    assert point.problem == "not a LinkedIn profile link"


def test_github_link_keeps_only_the_lower_cased_user() -> None:
    for raw in (
        "www.github.com/Foo/",
        "https://github.com/Foo/bar-repo/tree/main",
        "http://github.com/foo?tab=repos",
    ):
        point = normalise_url(raw)
        assert point is not None
        assert (point.kind, point.value, point.valid) == (ContactKind.GITHUB, "https://github.com/foo", True)


@pytest.mark.parametrize("path", ["orgs/acme", "features", "settings", "-bad-"])
def test_github_reserved_paths_are_not_users(path: str) -> None:
    point = normalise_url(f"https://github.com/{path}")
    assert point is not None
    assert not point.valid
    assert point.kind is ContactKind.GITHUB


@pytest.mark.parametrize(
    "raw",
    [
        "twitter.com/Jack",
        "https://mobile.twitter.com/jack?s=20",
        "x.com/@jack",
        "https://twitter.com/#!/jack",
    ],
)
def test_twitter_and_x_links_become_x_com(raw: str) -> None:
    point = normalise_url(raw)
    assert point is not None
    assert (point.kind, point.value) == (ContactKind.X, "https://x.com/jack")


def test_website_gets_a_scheme_and_loses_its_trailing_slash() -> None:
    point = normalise_url("Example.COM/portfolio/")
    assert point is not None
    assert (point.kind, point.value, point.label) == (
        ContactKind.WEBSITE,
        "https://example.com/portfolio",
        ContactLabel.UNKNOWN,
    )
    assert normalise_url("HTTP://Example.com/a/?q=1") == normalise_url("HTTP://Example.com/a/?q=1")
    assert normalise_url("http://example.com/a/?q=1").value == "http://example.com/a?q=1"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "raw",
    ["javascript:alert(1)", "not a url", "https://user:secret@example.com", "localhost:8080", "http://"],
)
def test_unsafe_or_broken_urls_are_kept_and_flagged(raw: str) -> None:
    point = normalise_url(raw)
    assert point is not None
    assert not point.valid
    assert point.value == raw
    assert point.problem


def test_empty_url_is_nothing() -> None:
    assert normalise_url("   ") is None


# ---- a whole candidate ---------------------------------------------------------------------------


def test_contact_points_normalise_label_and_deduplicate_a_candidate() -> None:
    candidate = CandidateData(
        current_employer="Acme Widgets GmbH",
        country="Germany",
        emails=["Ann@AcmeWidgets.de", "ann@acmewidgets.de", "ann.lee@gmail.com", "not-an-email", " "],
        phones=["030 1234567", "+49 30 1234567", "0151 1234 5678"],
        urls=["linkedin.com/in/ann-lee", "https://www.linkedin.com/in/Ann-Lee/", "", "ann.dev"],
        contact_hints={"0151 1234 5678": "personal"},
    )
    points = contact_points(candidate, default_country=None)
    summary = [(p.kind.value, p.value, p.label.value, p.valid) for p in points]
    assert summary == [
        ("email", "ann@acmewidgets.de", "work", True),
        ("email", "ann.lee@gmail.com", "personal", True),
        ("email", "not-an-email", "unknown", False),
        ("phone", "+49301234567", "unknown", True),
        ("phone", "+4915112345678", "personal", True),
        ("linkedin", "https://www.linkedin.com/in/ann-lee", "personal", True),
        ("website", "https://ann.dev", "unknown", True),
    ]


def test_a_later_duplicate_with_a_hint_upgrades_an_unknown_label() -> None:
    candidate = CandidateData(
        phones=["+49 30 1234567", "+49301234567"], contact_hints={"+49301234567": "work"}
    )
    [point] = contact_points(candidate, default_country="DE")
    assert point.label is ContactLabel.WORK


# ---- properties ----------------------------------------------------------------------------------


@given(st.text())
def test_normalisers_never_raise_on_arbitrary_text(text: str) -> None:
    assert normalise_email(text).raw == text
    assert normalise_phone(text, default_country="DE").raw == text
    point = normalise_url(text)
    assert point is None or point.raw == text


@given(st.one_of(st.emails(), st.text()))
def test_a_valid_email_is_a_fixed_point(text: str) -> None:
    point = normalise_email(text)
    if point.valid:
        again = normalise_email(point.value)
        assert (again.valid, again.value) == (True, point.value)


@given(st.emails())
def test_the_fast_email_path_agrees_with_email_validator(text: str) -> None:
    value, problem = check_email(text)
    try:
        expected = validate_email(text, check_deliverability=False).normalized.lower()
    except ValueError:
        expected = None
    assert value == expected
    assert (problem is None) == (expected is not None)


@given(st.one_of(st.from_regex(r"\+?[0-9 ()./-]{3,20}", fullmatch=True), st.text()))
def test_a_valid_phone_is_a_fixed_point(text: str) -> None:
    point = normalise_phone(text, default_country="US")
    if point.valid:
        again = normalise_phone(point.value)
        assert (again.valid, again.value) == (True, point.value)


_URLISH = st.builds(
    lambda host, path: f"{host}/{path}",
    st.sampled_from(
        ["linkedin.com/in", "de.linkedin.com/in", "github.com", "twitter.com", "example.com", "a.io/x"]
    ),
    st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=30),
)


@given(st.one_of(_URLISH, st.text()))
def test_a_valid_url_is_a_fixed_point(text: str) -> None:
    point = normalise_url(text)
    if point is not None and point.valid:
        again = normalise_url(point.value)
        assert again is not None
        assert (again.kind, again.valid, again.value) == (point.kind, True, point.value)
