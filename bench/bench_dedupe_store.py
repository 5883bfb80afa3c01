"""Identity resolution end to end, as a user runs it: the demo's multi-source files imported with
``talentscout import`` (matching on every import), then ``talentscout eval dedupe`` against the truth.

The demo generator writes nine files in the six source shapes — LinkedIn export, event badges
(vCard), referrals, past applicants (Greenhouse, Lever), a CV database (résumé files), two agencies —
with realistic noise and designed hard negatives (namesakes, households), and ``ground_truth.csv``.
This bench imports them into a fresh SQLite store through the product's import path, writes the
truth as ``source,source_id,person_id`` and runs the CLI's evaluation; then counts hard-negative
false merges and the pairs left for review. ``bench/bench_dedupe.py`` measures the matching core
alone (and splink) on the same generated set and on the public sets.

    python bench/bench_dedupe_store.py --people 3000 --seed 7
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
from pathlib import Path

from typer.testing import CliRunner

from talentscout.cli import app
from talentscout.demo import generate_demo_files
from talentscout.domain.identity.evaluation import false_merge_rate


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    cli = CliRunner()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = ["--db", str(folder / "store.sqlite3")]
        files = generate_demo_files(folder / "demo", people=args.people, seed=args.seed)
        assert cli.invoke(app, ["init", *db, "--workspace", "Bench"]).exit_code == 0
        started = time.perf_counter()
        for f in files:
            command = ["import", str(f.path), *db, "--format", f.format, "--source", f.source_name]
            command += ["--channel", f.channel]
            if f.id_column:
                command += ["--id-column", f.id_column]
            for column, target in f.mapping.items():
                command += ["--map", f"{column}={target}"]
            result = cli.invoke(app, command)
            assert result.exit_code == 0, result.output
        seconds = time.perf_counter() - started
        truth_path, groups = write_truth(folder / "demo" / "ground_truth.csv", folder / "truth.csv")
        result = cli.invoke(app, ["eval", "dedupe", "--truth", str(truth_path), *db])
        assert result.exit_code == 0, result.output
        exported = cli.invoke(app, ["export", "records", "--format", "csv", *db])
        predicted = {
            f"{r['source']}|{r['source_id']}": r["person_id"]
            for r in csv.DictReader(exported.stdout.splitlines())
        }
        truth = {f"{r['source']}|{r['source_id']}": r["person_id"] for r in csv.DictReader(truth_path.open())}
        wrong, at_risk = false_merge_rate(predicted, truth, groups)
        reviews = cli.invoke(app, ["review", "list", "--limit", "1", *db]).stdout.splitlines()[0]
        print(
            f"demo set: {args.people} people, seed {args.seed}, {len(predicted):,} records; "
            f"imported (with matching) in {seconds:.1f} s"
        )
        print(result.stdout.strip())
        print(f"hard-negative false merges: {wrong} / {at_risk} pairs at risk; review queue: {reviews}")
    print(f"after: load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


def write_truth(ground_truth: Path, out: Path) -> tuple[Path, list[list[str]]]:
    """``source,source_id,person_id`` from the generator's truth; junk rows (nobody) get their own label."""
    groups: dict[str, list[str]] = defaultdict(list)
    with (
        ground_truth.open(encoding="utf-8", newline="") as fh,
        out.open("w", encoding="utf-8", newline="") as w,
    ):
        writer = csv.writer(w, lineterminator="\n")
        writer.writerow(["source", "source_id", "person_id"])
        for t in csv.DictReader(fh):
            key = f"{t['source_name']}|{t['source_id']}"
            writer.writerow([t["source_name"], t["source_id"], t["true_person_key"] or f"nobody:{key}"])
            if t["hard_negative_group"]:
                groups[t["hard_negative_group"]].append(key)
    return out, list(groups.values())


if __name__ == "__main__":
    sys.exit(main())
