"""Schema for find: roles, pipelines, lists, saved searches, ranking feedback, signals.

Registered on the one ``metadata`` in ``talentscout.db.tables``; migration 0003 creates it.
"""

from __future__ import annotations

from talentscout.db.tables import metadata  # noqa: F401
