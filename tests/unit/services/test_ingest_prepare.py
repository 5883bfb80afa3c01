"""The prepare stage: what crosses the process boundary, and the garbage collector during an import."""

from __future__ import annotations

import gc
import hashlib
import json
import pickle

from talentscout.domain.records import CandidateData, ParsedRow, Problem
from talentscout.services.ingest_prepare import Prepared, bulk_gc, from_wire, prepare, to_wire


def _rows() -> list[Prepared]:
    ok = ParsedRow("a1", 2, {"Name": "Ada", "Email": "ada@example.org"}, CandidateData(full_name="Ada"))
    rejected = ParsedRow("row-3", 3, {}, None, [Problem("row", "empty", fatal=True)])
    return [prepare(ok, None, True), prepare(rejected, None, True), prepare(ok, None, False)]


def test_prepared_rows_survive_the_trip_from_a_worker_with_their_types() -> None:
    rows = _rows()
    back = from_wire(pickle.loads(pickle.dumps(to_wire(rows))))  # noqa: S301
    assert back == rows
    assert all(type(r) is Prepared for r in back)
    assert type(back[0].derived) is type(rows[0].derived)


def test_a_rejected_row_carries_its_problems_and_nothing_to_store() -> None:
    rejected = _rows()[1]
    assert (rejected.payload_hash, rejected.derived, rejected.candidate) == ("", None, None)
    assert rejected.problems[0].fatal


def test_the_payload_is_stored_as_json_dumps_and_hashed_as_earlier_versions_did() -> None:
    ok = _rows()[0]
    payload = {"Name": "Ada", "Email": "ada@example.org"}
    assert ok.payload_json == json.dumps(payload)  # what SQLAlchemy's JSON type stored
    # re-imports stay idempotent only while the hash of an unchanged row is the one already stored
    stored = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False).encode()
    assert ok.payload_hash == hashlib.sha256(stored).hexdigest()


def test_nested_imports_restore_the_collector_when_the_last_one_ends() -> None:
    before = gc.get_threshold()
    with bulk_gc():
        during = gc.get_threshold()
        with bulk_gc():
            assert gc.get_threshold() == during
        assert gc.get_threshold() == during
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == before
    assert during != before
