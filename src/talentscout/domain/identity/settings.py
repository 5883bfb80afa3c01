"""The matcher's weights and thresholds, in one frozen object a deployment can override.

Weights are log-odds in bits (Fellegi–Sunter match weights, ``log2(m / u)``): how much more likely a
comparison outcome is for two records of one person than for two records of different people.
+10 bits is ~1000:1 for "same person". They were set by hand from what each outcome means
(a shared mailbox is strong, a shared city weak) and then checked on the benchmark sets
(``bench/bench_dedupe.py``, ``docs/decisions/005-identity-matching.md``); a negative weight is evidence
against. The score is ``prior + Σ weights`` turned into a probability.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

__all__ = ["DEFAULT_SETTINGS", "MatchSettings", "settings_from_json", "settings_to_json"]


@dataclass(frozen=True, slots=True)
class MatchSettings:
    """Thresholds (probabilities) and evidence weights (bits). See the module docstring."""

    #: probability at or above which a pair is merged automatically
    merge_at: float = 0.98
    #: probability at or above which a pair goes to the review queue (below: kept separate)
    review_at: float = 0.60
    #: two groups of records are joined into one person only when the mean match probability over
    #: every pair across them reaches this (average linkage: no chaining through one look-alike)
    link_at: float = 0.5
    #: log-odds before any evidence: two records that share a blocking key are rarely the same person
    prior: float = -6.0
    #: an identifier (email, phone, profile URL, id) held by more records than this in one source is
    #: not evidence (a shared inbox, an agency's switchboard) and is flagged
    max_identifier_records: int = 5

    # strong identifiers
    email_same: float = 9.0
    email_near: float = 3.0
    #: two addresses a few keystrokes apart that are not one typo apart (a mistyped domain and local part)
    email_similar: float = 0.5
    email_differ: float = -1.0
    work_mailbox_differs: float = -5.0
    phone_same: float = 7.0
    phone_differ: float = -1.0
    profile_same: float = 12.0
    profile_differ: float = -6.0
    national_id_same: float = 12.0
    national_id_near: float = 4.0
    national_id_differ: float = -4.0

    # names (given and family are compared separately, also crosswise for swapped orders)
    given_exact: float = 4.0
    given_variant: float = 3.5
    given_spelling: float = 3.0
    given_typo: float = 1.5
    given_initial: float = 1.0
    #: alike beyond a typo (Jayaned ~ Jayden, but also James ~ Jane): against by default, and a merge
    #: it takes part in is reviewed while its weight is negative (``scoring``); training may learn
    #: that in a source with badly keyed names it is for
    given_similar: float = -4.0
    given_differ: float = -4.5
    #: a given name that the other record has as its family name ("Alice Exclel" vs "Riding Alice")
    given_shifted: float = 0.0
    family_exact: float = 5.0
    family_part: float = 4.0
    family_spelling: float = 4.0
    family_typo: float = 2.0
    family_similar: float = -3.0
    family_differ: float = -4.0
    #: a family name the other record has among its given names (a second surname parsed as given)
    family_shifted: float = 2.0
    swapped_penalty: float = -0.5

    # work and place
    employer_same: float = 2.5
    employer_past: float = 1.5
    employer_differ: float = -0.5
    title_same: float = 0.5
    city_same: float = 1.5
    city_near: float = 0.5
    city_differ: float = -2.5
    country_differ: float = -3.0

    # fields public benchmarks carry and profiles rarely do
    birth_date_same: float = 6.0
    birth_date_near: float = 2.0
    #: two digits wrong (2000-01-09 ~ 2010-01-05): keyed badly, or another person
    birth_date_typos: float = 0.0
    birth_date_year: float = 0.0
    birth_date_differ: float = -4.0
    postcode_same: float = 2.5
    postcode_differ: float = -1.5
    street_same: float = 3.0
    street_near: float = 1.5
    street_differ: float = -1.0


DEFAULT_SETTINGS = MatchSettings()


def settings_to_json(settings: MatchSettings) -> dict[str, float]:
    """The settings as a JSON object (every field), as a workspace's trained settings are stored."""
    return {f.name: getattr(settings, f.name) for f in fields(MatchSettings)}


def settings_from_json(data: Mapping[str, Any], *, base: MatchSettings = DEFAULT_SETTINGS) -> MatchSettings:
    """Settings from ``settings_to_json`` output over ``base``: unknown keys and values that are not
    numbers are ignored, missing ones keep ``base``'s."""
    names = {f.name for f in fields(MatchSettings)}
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key in names and isinstance(value, int | float) and not isinstance(value, bool):
            values[key] = int(value) if key == "max_identifier_records" else float(value)
    return replace(base, **values)
