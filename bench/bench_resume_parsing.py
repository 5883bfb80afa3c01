"""Benchmark the résumé importer: speed on a folder of PDFs, accuracy against hand labels.

Usage (from the repository root):
    .venv/bin/python bench/bench_resume_parsing.py [PDF_FOLDER] [--csv resumes_dev.csv]
        [--labels bench/data/resume_labels_100.csv] [--limit N]

PDF_FOLDER defaults to ../shared/data/resumes/pdf (files named <ID>.pdf, in category folders). Prints the
machine, files per second and latency, then precision/recall for name, e-mail and phone on the labelled
sample (phones compared after E.164 normalisation). Exits 1 when e-mail or phone precision is below 1.0.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import phonenumbers

from talentscout.domain.records import ParsedRow
from talentscout.importers.base import ImportOptions
from talentscout.importers.resume import PARSER_NAME, ResumeImporter

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "resumes"
SAMPLE_SEED = 20240917
FIELDS = ("name", "emails", "phones")


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, rid: str, predicted: set[str], truth: set[str]) -> None:
        self.tp += len(predicted & truth)
        self.fp += len(predicted - truth)
        self.fn += len(truth - predicted)
        if predicted != truth:
            self.misses.append(f"{rid}: got {sorted(predicted)} want {sorted(truth)}")

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    _print_machine()
    rows, seconds, latencies = _run(args.folder, args.limit)
    _print_speed(rows, seconds, latencies)
    predictions = {Path(row.payload["filename"]).stem: row for row in rows}
    labels = _read_labels(args.labels)
    _check_sample(labels, args.csv)
    scores = _score(predictions, labels)
    _print_scores(scores, evaluated=sum(rid in predictions for rid in labels))
    _print_corpus(rows, args.csv)
    failing = [name for name in ("emails", "phones") if scores[name].precision not in (None, 1.0)]
    return 1 if failing else 0


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folder", nargs="?", type=Path, default=SHARED / "pdf")
    parser.add_argument("--csv", type=Path, default=SHARED / "resumes_dev.csv")
    parser.add_argument("--labels", type=Path, default=ROOT / "bench" / "data" / "resume_labels_100.csv")
    parser.add_argument("--limit", type=int, default=None, help="parse only the first N files (smoke run)")
    return parser.parse_args(argv)


def _print_machine() -> None:
    load = os.getloadavg() if hasattr(os, "getloadavg") else ("n/a",)
    print(f"date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M UTC}")
    print(f"machine: {platform.platform()} | {platform.machine()} | cpus={os.cpu_count()} | load={load}")
    print(f"python: {platform.python_implementation()} {platform.python_version()} | parser: {PARSER_NAME}")


def _run(folder: Path, limit: int | None) -> tuple[list[ParsedRow], float, list[float]]:
    if not folder.is_dir():
        sys.exit(f"no PDF folder at {folder}; pass it as the first argument")
    importer = ResumeImporter()
    rows: list[ParsedRow] = []
    latencies: list[float] = []
    started = last = time.perf_counter()
    for row in importer.parse(folder, options=ImportOptions()):
        now = time.perf_counter()
        rows.append(row)
        latencies.append(now - last)
        last = now
        if limit is not None and len(rows) >= limit:
            break
    return rows, time.perf_counter() - started, latencies


def _print_speed(rows: list[ParsedRow], seconds: float, latencies: list[float]) -> None:
    ordered = sorted(latencies)
    median, p95, worst = (
        1000 * value
        for value in (statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))], ordered[-1])
    )
    print(f"\nfiles: {len(rows)} in {seconds:.1f} s = {len(rows) / seconds:.2f} files/s (one process)")
    print(f"latency per file: median {median:.0f} ms, p95 {p95:.0f} ms, max {worst:.0f} ms")
    print(f"rejected rows: {sum(row.rejected for row in rows)}")


def _read_labels(path: Path) -> dict[str, dict[str, set[str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    labels: dict[str, dict[str, set[str]]] = {}
    for record in csv.DictReader(lines):
        labels[record["ID"]] = {
            "name": {_name_key(record["name"])} if record["name"].strip() else set(),
            "emails": {value.lower() for value in _split(record["emails"])},
            "phones": {_e164(value) for value in _split(record["phones"])},
        }
    return labels


def _check_sample(labels: dict[str, dict[str, set[str]]], csv_path: Path) -> None:
    """The labelled IDs must be the seeded sample of the CSV, so anyone can re-draw them."""
    if not csv_path.is_file():
        print(f"(no {csv_path}: sample draw not re-checked)")
        return
    csv.field_size_limit(10**8)
    with csv_path.open(newline="", encoding="utf-8") as handle:
        ids = sorted(record["ID"] for record in csv.DictReader(handle))
    expected = random.Random(SAMPLE_SEED).sample(ids, 100)
    if sorted(expected) != sorted(labels):
        sys.exit("the labels file does not hold the seeded sample of IDs; re-draw it")


def _score(predictions: dict[str, ParsedRow], labels: dict[str, dict[str, set[str]]]) -> dict[str, Score]:
    scores = {name: Score() for name in FIELDS}
    for rid, truth in labels.items():
        row = predictions.get(rid)
        if row is None:
            continue
        candidate = row.candidate
        predicted = {
            "name": {_name_key(candidate.full_name)} if candidate and candidate.full_name else set(),
            "emails": {value.lower() for value in candidate.emails} if candidate else set(),
            "phones": {_e164(value) for value in candidate.phones} if candidate else set(),
        }
        for name in FIELDS:
            scores[name].add(rid, predicted[name], truth[name])
    return scores


def _print_scores(scores: dict[str, Score], *, evaluated: int) -> None:
    print(f"\naccuracy on {evaluated} hand-labelled résumés (micro-averaged over values):")
    print(f"{'field':8} {'TP':>4} {'FP':>4} {'FN':>4} {'precision':>10} {'recall':>8}")
    for name, score in scores.items():
        precision, recall = _ratio(score.precision), _ratio(score.recall)
        print(f"{name:8} {score.tp:4} {score.fp:4} {score.fn:4} {precision:>10} {recall:>8}")
        for miss in score.misses:
            print(f"    {miss}")


def _print_corpus(rows: list[ParsedRow], csv_path: Path) -> None:
    """Whole-corpus view: how many files gave each field, and whether every contact is literally there."""
    texts: dict[str, str] = {}
    if csv_path.is_file():
        with csv_path.open(newline="", encoding="utf-8") as handle:
            texts = {record["ID"]: record["Resume_str"] for record in csv.DictReader(handle)}
    candidates = [(Path(row.payload["filename"]).stem, row.candidate) for row in rows if row.candidate]
    found = {
        label: sum(bool(getattr(candidate, attribute)) for _, candidate in candidates)
        for label, attribute in (
            ("name", "full_name"),
            ("email", "emails"),
            ("phone", "phones"),
            ("experience", "experiences"),
            ("skills", "skills"),
        )
    }
    print(f"\nwhole corpus ({len(rows)} files), files with a value: {found}")
    values = [(rid, value) for rid, c in candidates for value in [*c.emails, *c.phones]]
    literal = [(rid, value) for rid, value in values if value in texts.get(rid, "")]
    print(f"contacts found in the corpus: {len(values)}, written literally in the CSV text: {len(literal)}")
    for rid, value in values:
        print(f"    {rid}: {value}")
    names = [(rid, candidate.full_name) for rid, candidate in candidates if candidate.full_name]
    print(f"names found in the corpus: {len(names)}")
    for rid, name in names:
        print(f"    {rid}: {name}")


def _split(cell: str) -> Iterable[str]:
    return (value.strip() for value in cell.split("|") if value.strip())


def _name_key(name: str) -> str:
    return " ".join(name.casefold().split())


def _e164(raw: str) -> str:
    try:
        number = phonenumbers.parse(raw, "US")
    except phonenumbers.NumberParseException:
        return "".join(ch for ch in raw if ch.isdigit())
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


if __name__ == "__main__":
    sys.exit(main())
