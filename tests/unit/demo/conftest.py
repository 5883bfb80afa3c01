"""One generated demo set per test session: generating 3,000 people takes about a second of CPU."""

from __future__ import annotations

import csv
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from talentscout.demo import DemoFile, generate_demo_files


@dataclass(frozen=True)
class Generated:
    folder: Path
    files: list[DemoFile]
    seconds: float
    truth: list[dict[str, str]]

    def file(self, source_name: str) -> DemoFile:
        return next(f for f in self.files if f.source_name == source_name)

    def truth_for(self, source_name: str) -> list[dict[str, str]]:
        return [row for row in self.truth if row["source_name"] == source_name]


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    folder = tmp_path_factory.mktemp("demo")
    started = time.process_time()  # CPU time: other processes on a busy machine do not count
    files = generate_demo_files(folder, people=3000, seed=7)
    seconds = time.process_time() - started
    with (folder / "ground_truth.csv").open(encoding="utf-8", newline="") as fh:
        truth = list(csv.DictReader(fh))
    return Generated(folder, files, seconds, truth)
