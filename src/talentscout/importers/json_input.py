"""JSON input for the JSON importers: loaded whole, but only up to ``MAX_JSON_BYTES``, made storable."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from talentscout.domain.records import ImportFileError
from talentscout.importers.base import ImportOptions
from talentscout.importers.text import SAMPLE_BYTES, Progress, detect_encoding, display_name

MAX_JSON_BYTES = 64 * 1024 * 1024


def load_json(path: Path, *, options: ImportOptions, max_bytes: int = MAX_JSON_BYTES) -> Any:
    """Load a whole JSON file (any of the usual encodings), refusing files over ``max_bytes``."""
    name = display_name(path, options)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ImportFileError(name, f"the file is {size:,} bytes; JSON imports stop at {max_bytes:,}")
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(name, f"cannot read the file ({exc.strerror})") from exc
    if not data.strip():
        raise ImportFileError(name, "the file is empty")
    text = data.decode(options.encoding or detect_encoding(data[:SAMPLE_BYTES]), errors="replace")
    try:
        data = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
        return _storable(data) if _UNSTORABLE_ESCAPE.search(text) else data
    except (ValueError, RecursionError) as exc:
        raise ImportFileError(name, f"this is not valid JSON ({str(exc)[:200]})") from exc


#: escapes that decode to text PostgreSQL cannot store: NUL and lone UTF-16 surrogates
_UNSTORABLE_ESCAPE = re.compile(r"\\u(?:0000|[dD][89a-fA-F])")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _refuse_constant(constant: str) -> Any:
    raise ValueError(f"{constant} is not JSON")


def _finite_float(text: str) -> float | str:
    """Numbers too large for a float (``1e999``) stay text so the payload remains valid JSON."""
    value = float(text)
    return value if math.isfinite(value) else text


def _storable(value: Any) -> Any:
    """Drop NUL characters and replace lone surrogates, everywhere in a loaded JSON value."""
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value.replace("\x00", ""))
    if isinstance(value, list):
        return [_storable(v) for v in value]
    if isinstance(value, dict):
        return {_storable(k): _storable(v) for k, v in value.items()}
    return value


def iter_json_records(
    path: Path, *, options: ImportOptions, wrappers: tuple[str, ...] = ()
) -> Iterator[tuple[int, Any]]:
    """Yield (1-based index, record) from a JSON array, an object wrapping one (``{"data": [...]}``
    when ``"data"`` is in ``wrappers``) or a single object (index 1)."""
    data = load_json(path, options=options)
    if isinstance(data, dict):
        wrapped = next((data[k] for k in wrappers if isinstance(data.get(k), list)), None)
        data = wrapped if wrapped is not None else [data]
    if not isinstance(data, list):
        raise ImportFileError(display_name(path, options), "expected a JSON object or an array of objects")
    progress = Progress(options.on_progress, len(data), every=100)
    for index, record in enumerate(data, start=1):
        yield index, record
        progress.step(index)
    progress.done()


def as_text(value: object) -> str | None:
    """A JSON scalar as stripped text (numbers too); ``None`` for empty strings, objects and arrays."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def as_dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def as_list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []
