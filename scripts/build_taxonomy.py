"""Rebuild the shipped skill and job-title taxonomy from the O*NET and ESCO CSV downloads.

Example (from the repository root, with the evaluation data beside it):

    .venv/bin/python scripts/build_taxonomy.py --source ../shared/data/taxonomy

writes skills.json.gz and occupations.json.gz into
src/talentscout/taxonomy/data/. The output is deterministic; commit the regenerated files.
The hand-curated data/synonyms.tsv is read at run time and is not touched.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from talentscout.taxonomy.build import build  # noqa: E402  (needs the src/ path above)

DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "taxonomy"
DEFAULT_OUT = ROOT / "src" / "talentscout" / "taxonomy" / "data"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--source", type=Path, default=DEFAULT_SOURCE, help="folder with onet_29.2/ and esco_1.2.0/"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the data files")
    args = parser.parse_args(argv)
    if not (args.source / "onet_29.2").is_dir() or not (args.source / "esco_1.2.0").is_dir():
        parser.error(f"{args.source} has no onet_29.2/ and esco_1.2.0/ folders")
    started = time.perf_counter()
    sizes = build(args.source, args.out)
    for name, size in sizes.items():
        print(f"{args.out / name}: {size / 1024:.0f} KiB")
    print(f"total {sum(sizes.values()) / 1024 / 1024:.2f} MiB in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
