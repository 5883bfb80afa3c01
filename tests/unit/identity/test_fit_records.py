"""``fit_records``: weights fitted to labelled records, and the merge threshold their own
cross-validation picks; ``person_folds``: a stable split that keeps each person whole."""

from __future__ import annotations

import pytest

from talentscout.domain.identity import DEFAULT_SETTINGS, MatchRecord, resolve
from talentscout.domain.identity.evaluation import pairwise
from talentscout.domain.identity.training import MERGE_AT_GRID, fit_records, person_folds

GIVEN = ["Anna", "Emma", "Lena", "Karl", "Hugo", "Paul", "Nora", "Lisa", "Finn", "Luca", "Mila", "Timo"]
FAMILY = ["Weber", "Koch", "Braun", "Wolf", "Lange", "Krause", "Kaiser", "Vogel", "Roth", "Frank"]


def _badly_keyed(n_people: int) -> tuple[list[MatchRecord], dict[str, str]]:
    """Each person twice: once as entered, once with the given name's letters rotated and a
    mistyped mail domain (the kind of data the defaults distrust); namesakes share family names."""
    records, truth = [], {}
    for n in range(n_people):
        given, family = GIVEN[n % len(GIVEN)], FAMILY[n // len(GIVEN) % len(FAMILY)]
        mail = f"{given.lower()}.{family.lower()}{n}@firm{n}.com"
        scrambled = (given[2:] + given[:2]).title()  # Karl → Rlka: the same letters, loosely alike
        for copy, (name, address) in enumerate(((given, mail), (scrambled, mail.replace(".com", ".cmo")))):
            rid = f"{n}-{copy}"
            records.append(
                MatchRecord(
                    rid,
                    given_name=name,
                    family_name=family,
                    emails=frozenset({address}),
                    birth_date=f"19{70 + n % 30}-0{1 + n % 9}-1{n % 10}",
                )
            )
            truth[rid] = f"p{n}"
    return records, truth


def test_person_folds_are_stable_keep_people_whole_and_differ_by_salt() -> None:
    truth = {f"r{i}": f"p{i // 3}" for i in range(300)}

    first, again, salted = person_folds(truth), person_folds(truth), person_folds(truth, salt="other")

    assert first == again
    assert set(first) == set(truth.values())
    assert 30 < sum(first.values()) < 70  # about half of the 100 people in each fold
    # an independent split: a fold of the first is spread over both folds of the salted one
    inside = [p for p, f in first.items() if f == 0]
    assert 0 < sum(salted[p] for p in inside) < len(inside)


def test_trained_records_merge_what_the_defaults_leave_apart() -> None:
    records, truth = _badly_keyed(120)
    train = [r for r in records if int(r.record_id.split("-")[0]) < 80]
    test = [r for r in records if int(r.record_id.split("-")[0]) >= 80]
    labels = {r.record_id: truth[r.record_id] for r in test}

    report = fit_records(train, truth)
    default = pairwise(resolve(test).cluster_of, labels)
    trained = pairwise(resolve(test, settings=report.settings).cluster_of, labels)

    assert set(report.merge_scores) == set(MERGE_AT_GRID)
    assert report.settings.merge_at == max(report.merge_scores, key=lambda m: (report.merge_scores[m], m))
    assert report.settings.given_similar > DEFAULT_SETTINGS.given_similar
    assert trained.recall > default.recall
    assert trained.precision == 1.0


def test_records_of_one_person_only_cannot_train() -> None:
    records, truth = _badly_keyed(1)

    with pytest.raises(ValueError, match="pairs of one person and pairs of different people"):
        fit_records(records, truth)
