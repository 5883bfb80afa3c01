"""Schema for engage: templates, sequences, enrolments, messages, outbox.

Registered on the one ``metadata`` in ``talentscout.db.tables``; migration 0004 creates it.
"""

from __future__ import annotations

from talentscout.db.tables import metadata  # noqa: F401
