"""The workspace's matcher weights: trained on its own labelled records, measured before they are saved.

``current(conn, workspace_id)`` is what every matching path uses (imports, the worker's matching of
large imports, ``dedupe``): the stored ``match_settings`` row, or the hand-set defaults.

``train`` fits the weights of the comparison levels to a truth file (``source,source_id,person_id``,
the format ``talentscout eval dedupe`` reads) and, optionally, to the pairs reviewers decided, with
``domain.identity.training.fit_settings`` (a logistic regression pulled towards the defaults). Before
anything is saved it measures both the current and the trained weights by 2-fold cross-validation
split by person: weights fitted on one half of the people cluster the other half's records
(``domain.identity.resolve``), and the other way round; true, predicted and actual pairs are summed
over both halves. With ``apply`` the weights fitted on every example are stored. See
``docs/decisions/017-trained-match-weights.md``.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, delete, select

from talentscout.db.tables import source_records, sources
from talentscout.db.tables_identity import match_reviews, match_settings, merges
from talentscout.domain.identity import DEFAULT_SETTINGS, MatchRecord, MatchSettings, compare, resolve
from talentscout.domain.identity.evaluation import Scores, from_counts, pairwise
from talentscout.domain.identity.settings import settings_from_json, settings_to_json
from talentscout.domain.permissions import Action, Actor
from talentscout.services import audit
from talentscout.services import identity_store as store
from talentscout.services.access import require
from talentscout.services.errors import InvalidInput
from talentscout.services.identity_eval import read_truth
from talentscout.services.unit_of_work import Database

if TYPE_CHECKING:  # training needs NumPy, which only training needs: imported where it is used
    from talentscout.domain.identity.training import Example

#: fewer labelled candidate pairs than this are too few to learn from
MIN_PAIRS = 20
_IN_LIMIT = 1_000


@dataclass(frozen=True)
class LevelChange:
    """One comparison level: its default weight, the learned one (bits), how many pairs showed it."""

    level: str
    default: float
    learned: float
    pairs: int


@dataclass(frozen=True)
class TrainResult:
    #: labelled records found in the workspace, and those only in the truth file
    records: int
    only_in_truth: int
    #: labelled candidate pairs (from the truth and from reviewers), of which of one person
    examples: int
    positives: int
    #: of ``examples``, pairs reviewers decided (``from_reviews``)
    from_reviews: int
    #: 2-fold cross-validated pairwise scores of the workspace's current weights and the trained ones
    current: Scores
    trained: Scores
    #: the prior (bits) and the automatic-merge threshold (probability), default and trained
    prior: tuple[float, float]
    merge_at: tuple[float, float]
    #: every level the examples showed, the largest move first
    changes: list[LevelChange]
    #: the weights fitted on every example
    settings: MatchSettings
    applied: bool


def current(conn: Connection, workspace_id: int) -> MatchSettings:
    """The workspace's matcher settings: the trained ones when stored, else the defaults."""
    data = conn.execute(
        select(match_settings.c.settings).where(match_settings.c.workspace_id == workspace_id)
    ).scalar()
    if not isinstance(data, Mapping):
        return DEFAULT_SETTINGS
    return settings_from_json(data)


def stored_report(db: Database, *, actor: Actor) -> dict[str, Any] | None:
    """The stored training's report with when and by whom (None: the defaults are in use)."""
    require(actor, Action.MERGE_PEOPLE)
    with db.read() as conn:
        row = conn.execute(
            select(match_settings.c.report, match_settings.c.trained_at, match_settings.c.trained_by).where(
                match_settings.c.workspace_id == actor.workspace_id
            )
        ).first()
    if row is None:
        return None
    return {**dict(row.report or {}), "trained_at": row.trained_at, "trained_by": row.trained_by}


def train(
    db: Database,
    *,
    actor: Actor,
    truth_path: Path,
    apply: bool,
    strength: float = 1.0,
    from_reviews: bool = False,
) -> TrainResult:
    """Fit the matcher's weights to the truth file (and the reviewers' decisions), measure current and
    trained weights by cross-validation, and store the trained ones when ``apply``."""
    require(actor, Action.MERGE_PEOPLE)
    training = _training()
    if not strength > 0:
        raise InvalidInput("strength must be greater than 0")
    name = truth_path.name
    truth = read_truth(truth_path)
    ws = actor.workspace_id
    with db.read() as conn:
        ids = _record_ids(conn, ws, truth)
        records = _records(conn, sorted(ids))
        now_settings = current(conn, ws)
        reviewed: dict[tuple[int, int], bool] = {}
        if from_reviews:  # a pair both of whose records the truth labels is the truth's to say
            reviewed = {
                p: s for p, s in _reviewed_pairs(conn, ws).items() if not (p[0] in ids and p[1] in ids)
            }
        reviewed_records = _records(conn, sorted({i for p in reviewed for i in p} - set(ids)))
    labels = {str(sr): truth[key] for sr, key in ids.items()}
    review_examples = _review_examples(reviewed, {**records, **reviewed_records})
    examples = training.labelled_examples(list(records.values()), labels)
    everything = examples + [e for _, e in review_examples]
    positives = sum(e.same for e in everything)
    if len(everything) < MIN_PAIRS:
        raise InvalidInput(
            f"{name}: {len(everything)} labelled candidate pair(s) found ({len(ids)} of the file's "
            f"{len(truth)} records are in this workspace); training needs at least {MIN_PAIRS}"
        )
    if positives == 0 or positives == len(everything):
        kind = "different people" if positives else "one person"
        raise InvalidInput(
            f"{name}: no labelled candidate pairs of {kind}; training needs pairs of one person and "
            "pairs of different people"
        )
    current_scores, trained_scores = _cross_validate(
        name, records, labels, review_examples, now_settings, strength
    )
    fit = training.fit_records(
        list(records.values()), labels, strength=strength, extra=[e for _, e in review_examples]
    )
    changes = sorted(
        (LevelChange(lv, d, learned, n) for lv, (d, learned, n) in fit.changes.items()),
        key=lambda c: (-abs(c.learned - c.default), c.level),
    )
    result = TrainResult(
        records=len(ids),
        only_in_truth=len(truth) - len(ids),
        examples=len(everything),
        positives=positives,
        from_reviews=len(review_examples),
        current=current_scores,
        trained=trained_scores,
        prior=(DEFAULT_SETTINGS.prior, fit.settings.prior),
        merge_at=(DEFAULT_SETTINGS.merge_at, fit.settings.merge_at),
        changes=changes,
        settings=fit.settings,
        applied=apply,
    )
    if apply:
        _save(db, actor, result, name, strength)
    return result


def reset(db: Database, *, actor: Actor) -> bool:
    """Back to the default weights; False when they were in use already."""
    require(actor, Action.MERGE_PEOPLE)
    with db.begin() as conn:
        gone = conn.execute(delete(match_settings).where(match_settings.c.workspace_id == actor.workspace_id))
        if not gone.rowcount:
            return False
        audit.record(
            conn,
            actor=actor,
            action="reset_match_weights",
            subject_type="match_settings",
            subject_id=None,
            now=db.clock.now(),
        )
    return True


def _training() -> ModuleType:
    """``domain.identity.training``, imported on first use: NumPy loads only when someone trains."""
    try:
        return importlib.import_module("talentscout.domain.identity.training")
    except ModuleNotFoundError as exc:
        raise InvalidInput(f"training the matcher needs {exc.name}: reinstall talentscout") from None


# --- reading what to learn from ---


def _record_ids(conn: Connection, workspace_id: int, truth: Mapping[str, str]) -> dict[int, str]:
    """Source record id → truth key (``source|source_id``) of the truth's records in the workspace."""
    wanted: dict[str, set[str]] = {}
    for key in truth:
        source, _, external = key.partition("|")
        wanted.setdefault(source, set()).add(external)
    source_ids = {
        r.name: r.id
        for r in conn.execute(
            select(sources.c.id, sources.c.name).where(
                sources.c.workspace_id == workspace_id, sources.c.name.in_(list(wanted))
            )
        )
    }
    found: dict[int, str] = {}
    for source, externals in wanted.items():
        if source not in source_ids:
            continue
        values = sorted(externals)
        for start in range(0, len(values), _IN_LIMIT):
            rows = conn.execute(
                select(source_records.c.id, source_records.c.external_id).where(
                    source_records.c.source_id == source_ids[source],
                    source_records.c.external_id.in_(values[start : start + _IN_LIMIT]),
                )
            )
            found.update({int(r.id): f"{source}|{r.external_id}" for r in rows})
    return found


def _records(conn: Connection, ids: Sequence[int]) -> dict[int, MatchRecord]:
    """The matcher's view of ``ids``: from the index, or built from the store when not indexed yet."""
    out = {sr: stored.record for sr, stored in store.load(conn, ids).items()}
    rest = [i for i in ids if i not in out]
    out.update({int(r.record_id): r for r in store.records_from_store(conn, rest)})
    return out


def _reviewed_pairs(conn: Connection, workspace_id: int) -> dict[tuple[int, int], bool]:
    """Pairs people decided: accepted review pairs and manual merges still in effect are one person;
    rejected pairs and unmerged ones (``separated``) are two. The latest decision on a pair wins."""
    out: dict[tuple[int, int], bool] = {}
    m = merges.c
    for left, right in conn.execute(
        select(m.left_record_id, m.right_record_id)
        .where(
            m.workspace_id == workspace_id,
            m.kind == "manual",
            m.undone_at.is_(None),
            m.left_record_id.is_not(None),
            m.right_record_id.is_not(None),
        )
        .order_by(m.id)
    ):
        out[_pair(left, right)] = True
    r = match_reviews.c
    for left, right, status in conn.execute(
        select(r.left_record_id, r.right_record_id, r.status)
        .where(r.workspace_id == workspace_id, r.status.in_(("accepted", "rejected", "separated")))
        .order_by(r.decided_at, r.id)
    ):
        out[_pair(left, right)] = status == "accepted"
    return out


def _pair(a: int, b: int) -> tuple[int, int]:
    return (min(int(a), int(b)), max(int(a), int(b)))


def _review_examples(
    reviewed: Mapping[tuple[int, int], bool], records: Mapping[int, MatchRecord]
) -> list[tuple[tuple[int, int], Example]]:
    out = []
    for (a, b), same in sorted(reviewed.items()):
        if a in records and b in records:
            decision = compare(records[a], records[b], settings=DEFAULT_SETTINGS)
            out.append(
                ((a, b), _training().Example(tuple(e.level for e in decision.evidence if e.level), same))
            )
    return out


# --- measuring ---


def _cross_validate(
    name: str,
    records: Mapping[int, MatchRecord],
    labels: Mapping[str, str],
    review_examples: Sequence[tuple[tuple[int, int], Example]],
    now_settings: MatchSettings,
    strength: float,
) -> tuple[Scores, Scores]:
    """Pairwise scores of the current and the trained weights, 2-fold by person, summed over folds."""
    training = _training()
    fold = training.person_folds(labels)
    halves = tuple([r for r in records.values() if fold[labels[r.record_id]] == k] for k in (0, 1))
    totals = {"current": [0.0, 0.0, 0.0], "trained": [0.0, 0.0, 0.0]}
    for k in (0, 1):
        fit_on, test = halves[1 - k], halves[k]
        held_out = {int(r.record_id) for r in test}
        extra = [e for (a, b), e in review_examples if a not in held_out and b not in held_out]
        try:  # weights, and the merge threshold an inner cross-validation on this half picks
            trained = training.fit_records(fit_on, labels, strength=strength, extra=extra).settings
        except ValueError:
            raise InvalidInput(
                f"{name}: half of the labelled people lack pairs of one person or of different people, "
                "so the weights cannot be checked before they are saved; label more people"
            ) from None
        for which, settings in (("current", now_settings), ("trained", trained)):
            s = _scores(test, labels, settings)
            for i, v in enumerate((s.true_positives, s.predicted, s.actual)):
                totals[which][i] += v
    return from_counts(*totals["current"]), from_counts(*totals["trained"])


def _scores(test: Sequence[MatchRecord], labels: Mapping[str, str], settings: MatchSettings) -> Scores:
    if not test:
        return Scores(1.0, 1.0, 1.0)
    resolution = resolve(test, settings=settings)
    predicted = {r.record_id: resolution.cluster_of[r.record_id] for r in test}
    return pairwise(predicted, {r.record_id: labels[r.record_id] for r in test})


# --- storing ---


def _scores_json(s: Scores) -> dict[str, float]:
    return {
        "precision": round(s.precision, 4),
        "recall": round(s.recall, 4),
        "f1": round(s.f1, 4),
        "true_pairs_found": s.true_positives,
        "predicted_pairs": s.predicted,
        "true_pairs": s.actual,
    }


def _report(result: TrainResult, truth_name: str, strength: float) -> dict[str, Any]:
    return {
        "truth_file": truth_name,
        "strength": strength,
        "records": result.records,
        "only_in_truth": result.only_in_truth,
        "examples": result.examples,
        "positives": result.positives,
        "from_reviews": result.from_reviews,
        "prior": {"default": result.prior[0], "learned": result.prior[1]},
        "merge_at": {"default": result.merge_at[0], "trained": result.merge_at[1]},
        "levels": {
            c.level: {"default": c.default, "learned": c.learned, "pairs": c.pairs} for c in result.changes
        },
        "cross_validation": {
            "folds": 2,
            "current": _scores_json(result.current),
            "trained": _scores_json(result.trained),
        },
    }


def _save(db: Database, actor: Actor, result: TrainResult, truth_name: str, strength: float) -> None:
    report = _report(result, truth_name, strength)
    now = db.clock.now()
    values = {
        "settings": settings_to_json(result.settings),
        "trained_at": now,
        "trained_by": actor.user_id,
        "report": report,
    }
    ws = actor.workspace_id
    with db.begin() as conn:
        exists = conn.execute(
            select(match_settings.c.workspace_id).where(match_settings.c.workspace_id == ws)
        ).first()
        if exists is None:
            conn.execute(match_settings.insert().values(workspace_id=ws, **values))
        else:
            conn.execute(match_settings.update().where(match_settings.c.workspace_id == ws).values(**values))
        audit.record(
            conn,
            actor=actor,
            action="train_match_weights",
            subject_type="match_settings",
            subject_id=None,
            now=now,
            detail={
                "truth_file": truth_name,
                "examples": result.examples,
                "positives": result.positives,
                "f1_current": report["cross_validation"]["current"]["f1"],
                "f1_trained": report["cross_validation"]["trained"]["f1"],
            },
        )
