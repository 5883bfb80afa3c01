"""The one error a query can raise: what is wrong and where."""

from __future__ import annotations

__all__ = ["QueryError"]


class QueryError(ValueError):
    """A query that cannot be run. ``position`` is the 0-based character offset the message points at
    (``column`` is the same, counted from 1, as the message says it); the message is safe to show."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(message)
        self.message = message
        self.position = position

    @property
    def column(self) -> int:
        return self.position + 1

    def __reduce__(self) -> tuple[type[QueryError], tuple[str, int]]:
        return type(self), (self.message, self.position)
