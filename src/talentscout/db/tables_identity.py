"""Schema for identity resolution: match candidates, review queue, merges.

Registered on the one ``metadata`` in ``talentscout.db.tables``; migration 0002 creates it.
"""

from __future__ import annotations

from talentscout.db.tables import metadata  # noqa: F401
