"""Which privacy law governs a person, inferred from where they are, and what that law asks of us.

Pure rules: the services read ``people.country``/``people.region`` (or a manual override) and ask here.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Jurisdiction(enum.StrEnum):
    GDPR = "gdpr"  # EU and EEA
    UK_GDPR = "uk_gdpr"
    CCPA = "ccpa"  # California
    US = "us"  # other US states: no general privacy law for candidate data, TCPA for texts
    CANADA = "pipeda"
    OTHER = "other"  # unknown or elsewhere: treated with GDPR-level care


EEA = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
        "IS",
        "LI",
        "NO",
    ]
)
_CALIFORNIA = frozenset({"ca", "california"})


@dataclass(frozen=True, slots=True)
class Policy:
    """What a jurisdiction asks: the Art. 14 style notice, how long an unengaged profile may be kept."""

    notice_required: bool
    notice_deadline_days: int | None  # days after collection; None = at first contact only
    retention_months: int
    warn_days_before: int = 30


POLICIES: dict[Jurisdiction, Policy] = {
    Jurisdiction.GDPR: Policy(notice_required=True, notice_deadline_days=30, retention_months=24),
    Jurisdiction.UK_GDPR: Policy(notice_required=True, notice_deadline_days=30, retention_months=24),
    Jurisdiction.CCPA: Policy(notice_required=True, notice_deadline_days=None, retention_months=36),
    Jurisdiction.CANADA: Policy(notice_required=True, notice_deadline_days=None, retention_months=36),
    Jurisdiction.US: Policy(notice_required=True, notice_deadline_days=None, retention_months=48),
    Jurisdiction.OTHER: Policy(notice_required=True, notice_deadline_days=30, retention_months=24),
}


def infer(country: str | None, region: str | None = None) -> Jurisdiction:
    """The law that applies to someone located in ``country`` (ISO 3166 alpha-2) and ``region``."""
    code = (country or "").strip().upper()
    if code in EEA:
        return Jurisdiction.GDPR
    if code in {"GB", "UK"}:
        return Jurisdiction.UK_GDPR
    if code == "US":
        return Jurisdiction.CCPA if (region or "").strip().lower() in _CALIFORNIA else Jurisdiction.US
    if code == "CA":
        return Jurisdiction.CANADA
    return Jurisdiction.OTHER


def effective(override: str | None, country: str | None, region: str | None = None) -> Jurisdiction:
    """The manual override when one is set, else the inferred jurisdiction."""
    if override:
        return Jurisdiction(override)
    return infer(country, region)


def policy(jurisdiction: Jurisdiction) -> Policy:
    return POLICIES[jurisdiction]


class Purpose(enum.StrEnum):
    SOURCING = "sourcing"
    OUTREACH = "outreach"
    RETENTION = "retention"  # keeping the profile in the talent pool


class Basis(enum.StrEnum):
    LEGITIMATE_INTEREST = "legitimate_interest"
    CONSENT = "consent"
    CONTRACT = "contract"


class ConsentScope(enum.StrEnum):
    SMS_MARKETING = "sms_marketing"
    EMAIL_OUTREACH = "email_outreach"
    TALENT_POOL = "talent_pool"


CONSENT_CHANNELS = frozenset({"web", "email", "sms", "phone", "in_person", "form", "privacy_page"})
