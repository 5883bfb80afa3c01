"""The one place a service checks a permission."""

from __future__ import annotations

from talentscout.domain.permissions import Action, Actor
from talentscout.services.errors import PermissionDenied


def require(actor: Actor, action: Action) -> None:
    if not actor.can(action):
        raise PermissionDenied(f"your role ({actor.role.value}) may not {action.value.replace('_', ' ')}")
