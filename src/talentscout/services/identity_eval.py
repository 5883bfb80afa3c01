"""How well the store's people match a user's own labels: pairwise and B-cubed precision/recall/F1.

The truth is a CSV ``source,source_id,person_id`` (the same columns ``talentscout export records``
writes): ``source`` is the source's name, ``source_id`` the source's own id, ``person_id`` any label
that is equal for records of one real person. Records only in the truth or only in the store are
counted and left out of the scores.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from talentscout.domain.identity.evaluation import Scores, b_cubed, pairwise
from talentscout.domain.permissions import Actor
from talentscout.services.errors import InvalidInput
from talentscout.services.export import iter_records
from talentscout.services.unit_of_work import Database

TRUTH_COLUMNS = ("source", "source_id", "person_id")


@dataclass(frozen=True)
class Evaluation:
    pairwise: Scores
    b_cubed: Scores
    scored: int
    only_in_truth: int
    only_in_store: int


def read_truth(path: Path) -> dict[str, str]:
    """``source|source_id`` → label, from the truth file; a clear error when it is not one."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in TRUTH_COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                found = ", ".join(reader.fieldnames or []) or "nothing"
                raise InvalidInput(
                    f"{path.name}: needs the columns {', '.join(TRUTH_COLUMNS)}; found {found}"
                )
            truth = {}
            for n, row in enumerate(reader, start=2):
                label = (row.get("person_id") or "").strip()
                if not label:
                    raise InvalidInput(f"{path.name}, row {n}, field person_id: empty")
                truth[f"{row['source']}|{row['source_id']}"] = label
    except UnicodeDecodeError:
        raise InvalidInput(f"{path.name}: not a UTF-8 CSV file") from None
    except OSError as exc:
        raise InvalidInput(f"{path.name}: cannot read it ({exc.strerror})") from None
    except csv.Error as exc:
        raise InvalidInput(f"{path.name}: not a CSV file ({exc})") from None
    if not truth:
        raise InvalidInput(f"{path.name}: no rows")
    return truth


def evaluate(db: Database, *, actor: Actor, truth_path: Path) -> Evaluation:
    """Score the workspace's current clustering (records → people) against the truth file."""
    truth = read_truth(truth_path)
    predicted = {
        f"{source}|{source_id}": person_id if person_id is not None else f"none:{source}|{source_id}"
        for source, source_id, person_id in iter_records(db, actor=actor)
    }
    scored = sum(1 for r in truth if r in predicted)
    return Evaluation(
        pairwise=pairwise(predicted, truth),
        b_cubed=b_cubed(predicted, truth),
        scored=scored,
        only_in_truth=len(truth) - scored,
        only_in_store=len(predicted) - scored,
    )
