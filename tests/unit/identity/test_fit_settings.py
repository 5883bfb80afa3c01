"""``fit_settings`` on synthetic examples: labels move the weights they show, the pull keeps the rest."""

from __future__ import annotations

import pytest

from talentscout.domain.identity import DEFAULT_SETTINGS
from talentscout.domain.identity.settings import settings_from_json, settings_to_json
from talentscout.domain.identity.training import Example, fit_settings


def _examples() -> list[Example]:
    """Pairs of one person often share a phone; pairs of different people never do."""
    same = [Example(("family_exact", "given_exact", "phone_same"), True) for _ in range(30)]
    same += [Example(("family_exact", "given_exact", "phone_differ"), True) for _ in range(10)]
    different = [Example(("family_exact", "given_differ", "phone_differ"), False) for _ in range(40)]
    different += [Example(("family_exact", "given_exact", "phone_differ"), False) for _ in range(5)]
    return same + different


def test_a_level_seen_only_in_pairs_of_one_person_gains_weight() -> None:
    report = fit_settings(_examples())
    assert report.examples == 85
    assert report.positives == 40
    default, learned, pairs = report.changes["phone_same"]
    assert default == DEFAULT_SETTINGS.phone_same
    assert pairs == 30
    assert learned > default
    assert report.settings.phone_same == learned
    # a level seen only between different people loses weight; levels never seen keep theirs
    assert report.settings.given_differ < DEFAULT_SETTINGS.given_differ
    assert report.settings.profile_same == DEFAULT_SETTINGS.profile_same
    assert "profile_same" not in report.changes
    # the review threshold and the linkage rule are not learned
    assert report.settings.review_at == DEFAULT_SETTINGS.review_at
    assert report.settings.link_at == DEFAULT_SETTINGS.link_at


def test_a_huge_pull_keeps_every_weight_at_its_default() -> None:
    report = fit_settings(_examples(), strength=1e9)
    for level, (default, learned, _) in report.changes.items():
        assert learned == pytest.approx(default, abs=1e-3), level


def test_a_weaker_pull_moves_weights_further() -> None:
    weak = fit_settings(_examples(), strength=0.1).settings.phone_same
    strong = fit_settings(_examples(), strength=10.0).settings.phone_same
    assert weak > strong > DEFAULT_SETTINGS.phone_same


@pytest.mark.parametrize("same", [True, False])
def test_training_needs_both_kinds_of_pair(same: bool) -> None:
    with pytest.raises(ValueError, match="one person and pairs of different people"):
        fit_settings([Example(("given_exact",), same) for _ in range(25)])


def test_settings_survive_json() -> None:
    trained = fit_settings(_examples()).settings
    assert settings_from_json(settings_to_json(trained)) == trained
    assert settings_from_json({"phone_same": 9.5, "unknown": 1, "prior": True}).phone_same == 9.5
