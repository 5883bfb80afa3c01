"""Keywords in a text message reply (the carrier-standard set, case- and punctuation-insensitive)."""

from __future__ import annotations

STOP_WORDS = frozenset({"stop", "stopall", "unsubscribe", "end", "quit", "cancel", "optout", "revoke"})
START_WORDS = frozenset({"start", "unstop", "yes"})
HELP_WORDS = frozenset({"help", "info"})


def sms_keyword(body: str) -> str | None:
    """``stop``, ``start`` or ``help`` when the whole message is that keyword, else None."""
    word = "".join(ch for ch in body.strip().lower() if ch.isalnum())
    if word in STOP_WORDS:
        return "stop"
    if word in HELP_WORDS:
        return "help"
    if word in START_WORDS and word != "yes":
        return "start"
    return None
