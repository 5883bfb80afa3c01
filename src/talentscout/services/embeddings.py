"""Semantic similarity of a role and a profile, through an ``Embedder`` port; optional.

Vectors of profiles are computed in the background (the ``embed_people`` job) and cached in
``person_vectors``, keyed by model and a hash of the text, so a changed profile is re-embedded and
an unchanged one never is. Ranking uses them when they exist and works the same without them.
The bundled implementation (``embeddings_minilm``) needs the ``embeddings`` extra.
"""

from __future__ import annotations

import hashlib
import math
from array import array
from collections.abc import Sequence
from functools import cache
from typing import Protocol

from sqlalchemy import Connection, delete, select

from talentscout.db.tables import people
from talentscout.db.tables_ranking import person_vectors
from talentscout.domain.ranking import RoleSpec
from talentscout.services import jobs
from talentscout.services.ranking_data import load_candidates
from talentscout.services.unit_of_work import Database

JOB_KIND = "embed_people"
BATCH = 64
MAX_CHARS = 2_000


class Embedder(Protocol):
    """Text in, unit-length vectors out (one per text), all of the same length."""

    name: str

    def embed(self, texts: Sequence[str]) -> list[list[float]]: ...


@cache
def default_embedder() -> Embedder | None:
    """The bundled MiniLM model when the ``embeddings`` extra is installed, else None."""
    try:
        from talentscout.services.embeddings_minilm import MiniLmEmbedder
    except ImportError:
        return None
    return MiniLmEmbedder.load()


def pack(vector: Sequence[float]) -> bytes:
    return array("f", vector).tobytes()


def unpack(blob: bytes) -> list[float]:
    values = array("f")
    values.frombytes(blob)
    return values.tolist()


def cosine(a: Sequence[float], b: Sequence[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=False))
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return dot / norm if norm else 0.0


def role_text(spec: RoleSpec) -> str:
    skills = ", ".join(n.label for n in (*spec.must, *spec.nice))
    return f"{spec.title}. {spec.description}\n{skills}"[:MAX_CHARS]


def profile_text(title: str | None, headline: str | None, body: str) -> str:
    return "\n".join(filter(None, [title, headline, body]))[:MAX_CHARS]


def similarities(
    conn: Connection,
    db: Database,
    workspace_id: int,
    spec: RoleSpec,
    ids: Sequence[int],
    embedder: Embedder | None = None,
) -> dict[int, float]:
    """Cosine similarity (0..1) of the role text and each cached profile vector; {} without a model
    or without cached vectors. The model is loaded only when the workspace has vectors."""
    if not ids or not _has_vectors(conn, workspace_id, embedder.name if embedder else None):
        return {}
    embedder = embedder or default_embedder()
    if embedder is None:
        return {}
    cached: dict[int, list[float]] = {}
    for start in range(0, len(ids), 500):
        query = select(person_vectors.c.person_id, person_vectors.c.vector).where(
            person_vectors.c.workspace_id == workspace_id,
            person_vectors.c.model == embedder.name,
            person_vectors.c.person_id.in_(list(ids[start : start + 500])),
        )
        cached.update({r.person_id: unpack(r.vector) for r in conn.execute(query)})
    if not cached:
        return {}
    role = embedder.embed([role_text(spec)])[0]
    return {pid: max(0.0, cosine(role, vector)) for pid, vector in cached.items()}


def _has_vectors(conn: Connection, workspace_id: int, model: str | None) -> bool:
    query = select(person_vectors.c.id).where(person_vectors.c.workspace_id == workspace_id)
    if model is not None:
        query = query.where(person_vectors.c.model == model)
    return conn.execute(query.limit(1)).first() is not None


def enqueue_embedding(
    conn: Connection, *, workspace_id: int, now: object, person_ids: Sequence[int] | None = None
) -> int:
    """Queue the background job that (re)computes vectors for a workspace (or some of its people)."""
    payload: dict[str, object] = {"person_ids": list(person_ids)} if person_ids is not None else {}
    return jobs.enqueue(conn, kind=JOB_KIND, payload=payload, now=now, workspace_id=workspace_id)  # type: ignore[arg-type]


def compute_vectors(
    db: Database, *, workspace_id: int, embedder: Embedder, person_ids: Sequence[int] | None = None
) -> int:
    """Embed every profile whose text changed since its cached vector; returns how many were embedded."""
    with db.read() as conn:
        ids = (
            list(person_ids)
            if person_ids is not None
            else list(
                conn.execute(select(people.c.id).where(people.c.workspace_id == workspace_id)).scalars()
            )
        )
    done = 0
    for start in range(0, len(ids), BATCH):
        done += _embed_batch(db, workspace_id, embedder, ids[start : start + BATCH])
    return done


def _embed_batch(db: Database, workspace_id: int, embedder: Embedder, ids: list[int]) -> int:
    with db.read() as conn:
        texts = {
            c.person_id: profile_text(c.current_title, c.headline, c.text)
            for c in load_candidates(conn, workspace_id, ids)
        }
        known = dict(
            conn.execute(
                select(person_vectors.c.person_id, person_vectors.c.text_hash).where(
                    person_vectors.c.person_id.in_(ids), person_vectors.c.model == embedder.name
                )
            ).all()
        )
    hashes = {pid: hashlib.sha256(t.encode()).hexdigest() for pid, t in texts.items()}
    todo = [pid for pid in texts if known.get(pid) != hashes[pid]]
    if not todo:
        return 0
    vectors = embedder.embed([texts[pid] for pid in todo])
    now = db.clock.now()
    with db.begin() as conn:
        conn.execute(
            delete(person_vectors).where(
                person_vectors.c.person_id.in_(todo), person_vectors.c.model == embedder.name
            )
        )
        conn.execute(
            person_vectors.insert(),
            [
                {
                    "workspace_id": workspace_id,
                    "person_id": pid,
                    "model": embedder.name,
                    "text_hash": hashes[pid],
                    "vector": pack(vec),
                    "created_at": now,
                }
                for pid, vec in zip(todo, vectors, strict=True)
            ],
        )
    return len(todo)
