"""Fixed-window rate limits per client address, for sign-in and the public privacy pages.

Counters live in the web process (``app.state``): with several web processes each allows the limit,
which still caps guessing at a small multiple. A proxy in front should pass the client address through
(uvicorn ``--proxy-headers``), otherwise everyone shares the proxy's address and limit.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from fastapi import HTTPException, Request

#: (requests, seconds) per client address
LIMITS = {"login": (10, 60), "privacy": (30, 60), "privacy_write": (10, 60)}


@dataclass
class Window:
    limit: int
    seconds: float
    clock: Callable[[], float] = time.monotonic
    _hits: dict[str, tuple[float, int]] = field(default_factory=dict)

    def allow(self, key: str) -> tuple[bool, int]:
        """Count one request for ``key``; (allowed, seconds until the window resets)."""
        now = self.clock()
        start, count = self._hits.get(key, (now, 0))
        if now - start >= self.seconds:
            start, count = now, 0
        count += 1
        self._hits[key] = (start, count)
        if len(self._hits) > 50_000:  # forget idle clients rather than grow without bound
            self._hits = {k: v for k, v in self._hits.items() if now - v[0] < self.seconds}
        return count <= self.limit, max(1, int(self.seconds - (now - start)))


def limited(name: str) -> Callable[[Request], None]:
    """A route dependency that answers 429 once a client exceeds the ``name`` limit."""

    def check(request: Request) -> None:
        windows: dict[str, Window] | None = getattr(request.app.state, "rate_limits", None)
        if windows is None:
            windows = request.app.state.rate_limits = {}
        window = windows.get(name)
        if window is None:
            limit, seconds = LIMITS[name]
            window = windows[name] = Window(limit, seconds)
        client = request.client.host if request.client else "unknown"
        ok, retry = window.allow(client)
        if not ok:
            raise HTTPException(
                status_code=429,
                detail="too many requests; wait a minute and try again",
                headers={"Retry-After": str(retry)},
            )

    return check
