"""Background work for ranking: computing profile vectors for semantic similarity."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from talentscout.services import embeddings

if TYPE_CHECKING:
    from talentscout.bootstrap import Container
    from talentscout.services.jobs import Job


def embed_people(c: Container, job: Job) -> None:
    """Embed the workspace's changed profiles (or the listed people). Without the ``embeddings``
    extra there is no model: the job finishes and does nothing, and ranking goes on without vectors."""
    model = embeddings.default_embedder()
    if model is None or job.workspace_id is None:
        return
    ids = job.payload.get("person_ids")
    embeddings.compute_vectors(c.db, workspace_id=job.workspace_id, embedder=model, person_ids=ids)


HANDLERS: dict[str, Callable[[Container, Job], None]] = {embeddings.JOB_KIND: embed_people}
