"""The CPU-heavy half of an import — hashing payloads and deriving profiles — optionally in parallel.

Rows are prepared in batches. With ``workers > 1`` batches are derived in a process pool while the
calling process reads the file and writes the previous batches, so both cores work; results come back
in file order (a later row with the same source id must win). At most ``2 × workers`` batches are in
flight, so memory stays flat however large the file is.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from typing import Any

from talentscout.domain.profile import Profile, derive_profile, warm_up
from talentscout.domain.records import ParsedRow


@dataclass
class Prepared:
    row: ParsedRow
    payload_hash: str
    #: None for rejected rows, and (in the sequential path) until the row is known to be new or changed
    profile: Profile | None = None


def payload_hash(payload: dict[str, Any]) -> str:
    data = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False).encode()
    return hashlib.sha256(data).hexdigest()


def prepare_batch(batch: list[ParsedRow], default_country: str | None, derive: bool) -> list[Prepared]:
    out = []
    for row in batch:
        prepared = Prepared(row, payload_hash(row.payload))
        if derive and not row.rejected and row.candidate is not None:
            prepared.profile = derive_profile(row.candidate, default_country=default_country)
        out.append(prepared)
    return out


def batches(rows: Iterable[ParsedRow], size: int) -> Iterator[list[ParsedRow]]:
    it = iter(rows)
    while batch := list(islice(it, size)):
        yield batch


def prepared_batches(
    rows: Iterable[ParsedRow], *, size: int, default_country: str | None, workers: int
) -> Iterator[list[Prepared]]:
    """Batches of prepared rows in file order; profiles are derived here only when ``workers > 1``."""
    if workers <= 1:
        for batch in batches(rows, size):
            yield prepare_batch(batch, default_country, derive=False)
        return
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=warm_up) as pool:
        pending: deque[Future[list[Prepared]]] = deque()
        for batch in batches(rows, size):
            pending.append(pool.submit(prepare_batch, batch, default_country, True))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
