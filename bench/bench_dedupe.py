"""Identity-resolution quality and speed: TalentScout's matcher beside splink, on the same data, in one run.

Sets: splink's ``fake_1000`` (truth column ``cluster``), FEBRL ``dataset1`` and ``dataset2`` (truth in
``rec_id``: ``rec-N-org`` / ``rec-N-dup-K`` are person N), all from ``../shared/data/dedupe``; and the
demo generator's multi-source set (``talentscout.demo.generate_demo_files``), parsed with the product's
importers and ``derive_profile``, with its designed hard negatives (namesakes, households).

Three rows of ours per set: the default (hand-set) weights; "ts trained": weights learned from the
set's own labels by ``talentscout``'s training (2-fold cross-validation split by person, so no
record is resolved with weights learned from its own person), as the product trains them (weights
and a merge threshold that an inner cross-validation on the training half picks); and "ts tr.
.98": the same weights merging only from 0.98, the hand-set defaults' threshold.

Reports pairwise precision/recall/F1, B-cubed F1, hard-negative false merges ("hn fm": wrongly merged
pairs / pairs of different people in one designed group), seconds for ``resolve`` (blocking + scoring
+ clustering), candidate pairs and pairs/s, blocking pair completeness ("blk R": share of true pairs
that blocking proposes) and reduction ratio, pairs left for review and identifiers flagged; and
splink 5's result (DuckDB; trained unsupervised: u by random sampling, m by EM; clustered at match
probability 0.9) on the same records, when splink is installed (it runs offline).

    python bench/bench_dedupe.py                 # every set, with splink when installed
    python bench/bench_dedupe.py --sets demo --people 3000 --no-splink
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from talentscout.domain.contacts import email_match_key
from talentscout.domain.identity import MatchRecord, candidate_pairs, from_profile, resolve
from talentscout.domain.identity.evaluation import b_cubed, false_merge_rate, pairwise
from talentscout.domain.identity.training import MERGE_AT_GRID, fit_records, person_folds

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "dedupe"


@dataclass
class DataSet:
    name: str
    records: list[MatchRecord]
    truth: dict[str, str]
    #: hard-negative groups: record ids of different people designed to be confused
    groups: list[list[str]] = field(default_factory=list)
    #: the same records as flat rows for splink, and which columns it should compare
    rows: list[dict[str, Any]] = field(default_factory=list)


# ---- loading --------------------------------------------------------------------------------------


def load_fake_1000(folder: Path) -> DataSet:
    records, truth, rows = [], {}, []
    with (folder / "fake_1000.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            rid = r["unique_id"]
            emails = frozenset({email_match_key(r["email"])}) if r["email"] else frozenset()
            records.append(
                MatchRecord(
                    rid,
                    source="fake_1000",
                    given_name=r["first_name"],
                    family_name=r["surname"],
                    birth_date=r["dob"],
                    city=r["city"],
                    emails=emails,
                )
            )
            truth[rid] = r["cluster"]
            rows.append(_row(rid, r["first_name"], r["surname"], r["dob"], r["city"], r["email"]))
    return DataSet("fake_1000", records, truth, rows=rows)


def load_febrl(path: Path, name: str) -> DataSet:
    records, truth, rows = [], {}, []
    with path.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh, skipinitialspace=True):
            rid = r["rec_id"]
            street = f"{r['street_number']} {r['address_1']}".strip()
            records.append(
                MatchRecord(
                    rid,
                    source=name,
                    given_name=r["given_name"],
                    family_name=r["surname"],
                    street=street,
                    city=r["suburb"],
                    postcode=r["postcode"],
                    birth_date=r["date_of_birth"],
                    national_id=r["soc_sec_id"],
                )
            )
            truth[rid] = rid.split("-")[1]
            row = _row(rid, r["given_name"], r["surname"], _iso(r["date_of_birth"]), r["suburb"], "")
            rows.append(row | {"postcode": r["postcode"] or None, "id_number": r["soc_sec_id"] or None})
    return DataSet(name, records, truth, rows=rows)


def _iso(date: str) -> str:
    return f"{date[:4]}-{date[4:6]}-{date[6:]}" if len(date) == 8 and date.isdigit() else ""


def _row(rid: str, first: str, last: str, dob: str, city: str, email: str) -> dict[str, Any]:
    values = {"first_name": first, "surname": last, "dob": dob, "city": city, "email": email}
    return {"unique_id": rid} | {k: (v.strip().lower() or None) for k, v in values.items()}


def load_demo(people: int, folder: Path, seed: int = 7) -> DataSet:
    from talentscout.demo import generate_demo_files
    from talentscout.domain.profile import derive_profile
    from talentscout.importers.base import ImportOptions
    from talentscout.importers.registry import IMPORTERS

    files = generate_demo_files(folder, people=people, seed=seed)
    with (folder / "ground_truth.csv").open(encoding="utf-8", newline="") as fh:
        truth_rows = {(t["source_name"], t["source_id"]): t for t in csv.DictReader(fh)}
    records, truth, rows = [], {}, []
    groups: dict[str, list[str]] = defaultdict(list)
    for f in files:
        options = ImportOptions(mapping=dict(f.mapping), id_column=f.id_column)
        for parsed in IMPORTERS[f.format].parse(f.path, options=options):
            if parsed.rejected or parsed.candidate is None:
                continue
            rid = f"{f.source_name}|{parsed.external_id}"
            profile = derive_profile(parsed.candidate, default_country=None)
            rec = from_profile(profile, record_id=rid, source=f.source_name)
            t = truth_rows[(f.source_name, parsed.external_id)]
            records.append(rec)
            truth[rid] = t["true_person_key"] or f"nobody:{rid}"
            if t["hard_negative_group"]:
                groups[t["hard_negative_group"]].append(rid)
            rows.append(_demo_row(rec))
    return DataSet(f"demo_{people}s{seed}", records, truth, list(groups.values()), rows)


def _demo_row(rec: MatchRecord) -> dict[str, Any]:
    first = " ".join(rec.given) or None
    last = " ".join(rec.family) or None
    row = {"unique_id": rec.record_id, "first_name": first, "surname": last, "dob": None}
    row |= {"city": rec.city.lower() or None, "email": min(rec.emails, default=None)}
    row |= {"phone": min(rec.phones, default=None), "profile": min(rec.profiles, default=None)}
    return row | {"employer": min(rec.employer_keys, default=None)}


# ---- running ---------------------------------------------------------------------------------------


def true_pairs(truth: dict[str, str]) -> set[tuple[str, str]]:
    members: dict[str, list[str]] = defaultdict(list)
    for rid, label in truth.items():
        members[label].append(rid)
    return {(x, y) for ids in members.values() for i, x in enumerate(ids) for y in ids[i + 1 :]}


def blocking_completeness(data: DataSet) -> tuple[float, float, int]:
    pairs, stats = candidate_pairs(data.records)
    ids = [r.record_id for r in data.records]
    proposed = {frozenset((ids[i], ids[j])) for i, j in pairs}
    wanted = true_pairs(data.truth)
    found = sum(frozenset(p) in proposed for p in wanted)
    return (found / len(wanted) if wanted else 1.0), stats.reduction_ratio, stats.pairs


def run_ours(data: DataSet) -> dict[str, Any]:
    started = time.perf_counter()
    result = resolve(data.records)
    seconds = time.perf_counter() - started
    completeness, reduction, pairs = blocking_completeness(data)
    return _scores(data, result.cluster_of, seconds) | {
        "pairs": pairs,
        "pairs_per_s": pairs / seconds if seconds else 0.0,
        "block_recall": completeness,
        "reduction": reduction,
        "reviews": len(result.reviews),
        "flagged": len(result.flagged),
    }


def run_trained(data: DataSet, merge_at: float | None = None) -> dict[str, Any]:
    """Weights learned from labels (``training.fit_records``: fitted weights, and the merge threshold
    the labels' own inner cross-validation picks, unless ``merge_at`` fixes it), evaluated by 2-fold
    cross-validation split by person: fit on one half's people, resolve the other half's records,
    and the other way round. Pairs across the halves are never compared (each half is resolved on
    its own), so precision is measured within halves only."""
    started = time.perf_counter()
    fold = person_folds(data.truth)
    predicted: dict[str, Any] = {}
    chosen = []
    for k in (0, 1):
        train = [r for r in data.records if fold[data.truth[r.record_id]] != k]
        test = [r for r in data.records if fold[data.truth[r.record_id]] == k]
        grid = (merge_at,) if merge_at is not None else MERGE_AT_GRID
        settings = fit_records(train, data.truth, grid=grid).settings
        chosen.append(f"{settings.merge_at:g}")
        result = resolve(test, settings=settings)
        predicted |= {rid: f"{k}:{c}" for rid, c in result.cluster_of.items()}
    return _scores(data, predicted, time.perf_counter() - started) | {"note": "merge at " + "/".join(chosen)}


def _scores(data: DataSet, predicted: dict[str, Any], seconds: float) -> dict[str, Any]:
    pw, b3 = pairwise(predicted, data.truth), b_cubed(predicted, data.truth)
    wrong, at_risk = false_merge_rate(predicted, data.truth, data.groups)
    return {
        "P": pw.precision,
        "R": pw.recall,
        "F1": pw.f1,
        "B3_F1": b3.f1,
        "hn": f"{wrong}/{at_risk}" if at_risk else "-",
        "seconds": seconds,
    }


def run_splink(data: DataSet, threshold: float = 0.9) -> dict[str, Any]:
    import logging

    import pyarrow as pa  # type: ignore[import-untyped]
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    started = time.perf_counter()
    columns = set(data.rows[0])
    comparisons: list[Any] = [cl.NameComparison("first_name"), cl.NameComparison("surname")]
    comparisons += [cl.LevenshteinAtThresholds("city", 2)]
    if any(r.get("dob") for r in data.rows):
        comparisons.append(cl.DateOfBirthComparison("dob", input_is_string=True))
    if any(r.get("email") for r in data.rows):
        comparisons.append(cl.EmailComparison("email"))
    comparisons += [cl.ExactMatch(c) for c in ("phone", "profile", "employer", "postcode") if c in columns]
    if "id_number" in columns:
        comparisons.append(cl.LevenshteinAtThresholds("id_number", 1))
    rules: list[Any] = [
        block_on("first_name", "surname"),
        block_on("surname", "dob"),
        block_on("first_name", "dob"),
    ]
    rules += [block_on(c) for c in ("email", "phone", "profile", "id_number") if c in columns]
    settings = SettingsCreator(
        link_type="dedupe_only", comparisons=comparisons, blocking_rules_to_generate_predictions=rules
    )
    db_api = DuckDBAPI()
    table = db_api.register(pa.Table.from_pylist(data.rows))
    linker = Linker(table, settings, log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "surname", "city")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    for rule in (block_on("surname"), block_on("first_name")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    predictions = linker.inference.predict(threshold_match_probability=0.2)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, threshold)
    predicted = {str(r["unique_id"]): r["cluster_id"] for r in clusters.as_record_list()}
    return _scores(data, predicted, time.perf_counter() - started)


# ---- reporting -------------------------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    return f"{platform.platform()} | {os.cpu_count()} CPUs ({cpu}) | Python {platform.python_version()}"


def _line(name: str, method: str, r: dict[str, Any]) -> str:
    scores = f"{r['P']:6.3f} {r['R']:6.3f} {r['F1']:6.3f} {r['B3_F1']:6.3f} {r['hn']:>7}"
    extra = ""
    if "pairs" in r:
        extra = (
            f" {r['pairs']:>8} {r['pairs_per_s']:>9.0f} {r['block_recall']:6.3f} {r['reduction']:8.5f}"
            f" {r['reviews']:>6} {r['flagged']:>4}"
        )
    note = f"  ({r['note']})" if "note" in r else ""
    return f"{name:<12} {method:<12} {scores} {r['seconds']:7.2f}{extra}{note}"


HEADER = (
    f"{'set':<12} {'method':<12} {'P':>6} {'R':>6} {'F1':>6} {'B3 F1':>6} {'hn fm':>7} {'sec':>7}"
    f" {'pairs':>8} {'pairs/s':>9} {'blk R':>6} {'red.ratio':>8} {'review':>6} {'flag':>4}"
)


def _loaders(args: argparse.Namespace, tmp: Path) -> dict[str, Callable[[], DataSet]]:
    data = Path(args.data)
    return {
        "fake_1000": lambda: load_fake_1000(data),
        "febrl1": lambda: load_febrl(data / "febrl" / "dataset1.csv", "febrl1"),
        "febrl2": lambda: load_febrl(data / "febrl" / "dataset2.csv", "febrl2"),
        "demo": lambda: load_demo(args.people, tmp / "demo", args.seed),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", default=str(DEFAULT_DATA), help="folder with fake_1000.csv and febrl/")
    parser.add_argument("--sets", default="fake_1000,febrl1,febrl2,demo")
    parser.add_argument("--people", type=int, default=3000, help="demo population size")
    parser.add_argument("--seed", type=int, default=7, help="demo generator seed")
    parser.add_argument("--no-splink", action="store_true")
    args = parser.parse_args()
    print(machine())
    wanted = args.sets.split(",")
    if not Path(args.data).is_dir() and set(wanted) - {"demo"}:
        print(f"{args.data} not found: running the demo set only", file=sys.stderr)
        wanted = ["demo"]
    print(HEADER)
    with tempfile.TemporaryDirectory() as tmp:
        loaders = _loaders(args, Path(tmp))
        for name in wanted:
            data = loaders[name]()
            print(_line(data.name, "talentscout", run_ours(data)), flush=True)
            print(_line(data.name, "ts trained", run_trained(data)), flush=True)
            print(_line(data.name, "ts tr. .98", run_trained(data, merge_at=0.98)), flush=True)
            if not args.no_splink:
                print(_line(data.name, "splink", _try_splink(data)), flush=True)


def _try_splink(data: DataSet) -> dict[str, Any]:
    try:
        return run_splink(data)
    except ImportError as error:
        print(f"splink not run: {error}", file=sys.stderr)
        return {"P": 0.0, "R": 0.0, "F1": 0.0, "B3_F1": 0.0, "hn": "n/a", "seconds": 0.0}


if __name__ == "__main__":
    main()
