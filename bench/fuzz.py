"""Fuzz the importers, the query parser and the web pages that take user text, with Hypothesis.

Each target gets N generated inputs. An importer may yield rows or raise ``ImportFileError`` (a clear
message for the user); the parser may return a tree or raise ``QueryError``; a page may answer anything
below 500 without a stack trace. Anything else is a failure: it is printed with the input that caused it.

    python bench/fuzz.py            # N = 300 per target
    python bench/fuzz.py -n 2000
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
import traceback
import warnings
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from talentscout.domain.query.errors import QueryError  # noqa: E402
from talentscout.domain.query.parser import parse  # noqa: E402
from talentscout.domain.records import ImportFileError  # noqa: E402
from talentscout.importers.base import ImportOptions  # noqa: E402
from talentscout.importers.registry import IMPORTERS  # noqa: E402

QUERY_WORDS = [
    "python",
    "AND",
    "OR",
    "NOT",
    "-",
    "(",
    ")",
    '"',
    "title:",
    "company:",
    "skill:",
    "near:",
    "within:",
    "50km",
    "years:",
    ">3",
    "location:",
    "*",
    ":",
    "\\",
    "~",
    "^",
    "'",
    "ß",
    "東京",
    "\x00",
    "OR OR",
    "((",
]
CELLS = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40
) | st.sampled_from(
    [
        "=cmd|' /C calc'!A0",
        "+44 20 7946 0018",
        "ada@example.org",
        "https://www.linkedin.com/in/x",
        "",
        '"',
        "\r\n",
    ]
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=25,
)
JSON_KEYS = [
    "basics",
    "email_addresses",
    "applications",
    "current_stage",
    "emails",
    "stage",
    "archived",
    "name",
    "first_name",
    "last_name",
    "work",
    "skills",
    "phones",
    "links",
]


def _csv(rows: list[list[str]]) -> bytes:
    import csv
    import io

    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8", "surrogatepass")


FILES: dict[str, tuple[str, st.SearchStrategy[bytes]]] = {
    "csv": (
        ".csv",
        st.lists(st.lists(CELLS, min_size=1, max_size=8), max_size=6).map(_csv) | st.binary(max_size=300),
    ),
    "linkedin": (
        ".csv",
        st.lists(st.lists(CELLS, min_size=1, max_size=7), max_size=5).map(
            lambda rows: (
                b"Notes:\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                + _csv(rows)
            )
        ),
    ),
    "jsonresume": (
        ".json",
        st.dictionaries(st.sampled_from(JSON_KEYS), JSON_VALUES, max_size=6).map(
            lambda d: json.dumps(d).encode()
        )
        | st.binary(max_size=200),
    ),
    "greenhouse": (
        ".json",
        st.lists(st.dictionaries(st.sampled_from(JSON_KEYS), JSON_VALUES, max_size=6), max_size=3).map(
            lambda d: json.dumps(d).encode()
        ),
    ),
    "lever": (
        ".json",
        st.lists(st.dictionaries(st.sampled_from(JSON_KEYS), JSON_VALUES, max_size=6), max_size=3).map(
            lambda d: json.dumps(d).encode()
        ),
    ),
    "vcard": (
        ".vcf",
        st.lists(
            st.tuples(
                st.sampled_from(["FN", "N", "EMAIL", "TEL", "ORG", "TITLE", "URL", "ADR", "NOTE", "X-Y", ""]),
                CELLS,
            ),
            max_size=8,
        ).map(
            lambda fields: (
                "BEGIN:VCARD\r\nVERSION:3.0\r\n"
                + "".join(f"{k}:{v}\r\n" for k, v in fields)
                + "END:VCARD\r\n"
            ).encode("utf-8", "surrogatepass")
        )
        | st.binary(max_size=200),
    ),
    "resume": (
        ".txt",
        st.text(max_size=600).map(lambda t: t.encode("utf-8", "surrogatepass")) | st.binary(max_size=400),
    ),
}


class Tally:
    def __init__(self) -> None:
        self.tried: Counter[str] = Counter()
        self.failures: list[str] = []

    def check(
        self, target: str, call: Callable[[], object], allowed: tuple[type[BaseException], ...], shown: Any
    ) -> None:
        self.tried[target] += 1
        try:
            call()
        except allowed:
            pass
        except Exception as exc:  # the point of the exercise: record, keep going
            tail = traceback.format_exc().strip().splitlines()[-3:]
            self.failures.append(
                f"{target}: {type(exc).__name__}: {exc!s:.200} | input {shown!r:.200} | {' / '.join(tail)}"
            )


def fuzz_importers(tally: Tally, n: int, folder: Path) -> None:
    for fmt, (suffix, strategy) in FILES.items():
        importer = IMPORTERS.get(fmt)
        if importer is not None:
            _fuzz_one_importer(tally, n, folder / f"input{suffix}", fmt, importer, strategy)


def _fuzz_one_importer(
    tally: Tally, n: int, path: Path, fmt: str, importer: Any, strategy: st.SearchStrategy[bytes]
) -> None:
    def read(blob: bytes) -> None:
        path.write_bytes(blob)
        list(importer.parse(path, options=ImportOptions()))

    @settings(max_examples=n, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(blob=strategy)
    def run(blob: bytes) -> None:
        tally.check(f"importer {fmt}", lambda: read(blob), (ImportFileError,), blob)

    run()


def fuzz_parser(tally: Tally, n: int) -> None:
    from talentscout.db.search_query import compile_search

    def parse_and_compile(q: str) -> None:
        tree = parse(q)
        for dialect in ("sqlite", "postgresql"):
            compile_search(tree, dialect=dialect, workspace_id=1, today=date(2026, 11, 26))

    @settings(max_examples=n, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(
        q=st.text(max_size=80)
        | st.lists(st.sampled_from(QUERY_WORDS) | st.text(max_size=6), max_size=12).map(" ".join)
    )
    def run(q: str) -> None:
        tally.check("query parser", lambda: parse_and_compile(q), (QueryError,), q)

    run()


def fuzz_web(tally: Tally, n: int, folder: Path) -> None:
    """Through the app: the pool search, the API search, the privacy page tokens and the import upload."""
    from fastapi.testclient import TestClient

    from talentscout.bootstrap import bootstrap
    from talentscout.domain.permissions import Role
    from talentscout.services import accounts
    from talentscout.settings import Settings
    from talentscout.web.app import create_app

    url = f"sqlite:///{folder / 'fuzz.sqlite3'}"
    c = bootstrap(
        Settings(environment="test", database_url=url, data_dir=folder, secret_key="f" * 40),
        run_migrations=True,
    )  # type: ignore[arg-type]
    ws = accounts.create_workspace(c.db, name="Fuzz")
    user = accounts.create_user(
        c.db, workspace_id=ws, email="f@fuzz.example", name="F", role=Role.ADMIN, password="p" * 12
    )
    headers = {"Authorization": f"Bearer {accounts.create_api_token(c.db, user=user, name='fuzz')}"}
    app = create_app(c)
    app.state.rate_limits = {}

    def get(path: str, params: dict[str, str]) -> None:
        app.state.rate_limits = {}  # the fuzzer is one client: keep it under the limits
        response = client.get(path, params=params, headers=headers)
        if response.status_code >= 500 or "Traceback" in response.text:
            raise AssertionError(f"{path} answered {response.status_code}")

    with TestClient(app, raise_server_exceptions=False) as client:

        @settings(max_examples=n, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        @given(
            q=st.text(max_size=60) | st.lists(st.sampled_from(QUERY_WORDS), max_size=10).map(" ".join),
            token=st.text(max_size=80),
        )
        def run(q: str, token: str) -> None:
            tally.check("web: /api/v1/people?q=", lambda: get("/api/v1/people", {"q": q}), (), q)
            tally.check(
                "web: /privacy/p/<token>",
                lambda: get("/privacy/p/" + (quote(token, safe="") or "x"), {}),
                (),
                token,
            )

        run()
    c.db.engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", type=int, default=300, help="inputs per target")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    tally = Tally()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        fuzz_importers(tally, args.n, Path(tmp))
        fuzz_parser(tally, args.n)
        fuzz_web(tally, args.n, Path(tmp))
    elapsed = time.perf_counter() - started
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print("load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    for target, count in sorted(tally.tried.items()):
        print(f"{target:32} {count:6d} inputs")
    print(f"total {sum(tally.tried.values())} inputs in {elapsed:.1f} s; failures: {len(tally.failures)}")
    for failure in tally.failures[:50]:
        print("  FAIL", failure)
    return 1 if tally.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
