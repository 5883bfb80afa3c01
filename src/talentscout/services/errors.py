"""Errors services raise; the web layer maps them to status codes and pages."""

from __future__ import annotations


class ServiceError(Exception):
    """Base for errors a user can act on; the message is safe to show."""


class NotFound(ServiceError):
    """Missing, or in another workspace: the two are deliberately indistinguishable."""


class PermissionDenied(ServiceError):
    pass


class InvalidInput(ServiceError):
    pass


class Conflict(ServiceError):
    pass
