"""Who may do what. Enforced in services (``services.access.require``), documented in docs/permissions.md."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Role(enum.StrEnum):
    ADMIN = "admin"
    RECRUITER = "recruiter"
    HIRING_MANAGER = "hiring_manager"
    REFERRER = "referrer"
    AGENCY = "agency"


class Action(enum.StrEnum):
    VIEW_PEOPLE = "view_people"
    EDIT_PEOPLE = "edit_people"
    IMPORT = "import"
    EXPORT = "export"
    SUBMIT_CANDIDATE = "submit_candidate"
    MANAGE_USERS = "manage_users"
    VIEW_ROLES = "view_roles"
    # identity resolution
    MERGE_PEOPLE = "merge_people"
    # find
    MANAGE_ROLES = "manage_roles"
    MOVE_PIPELINE = "move_pipeline"
    GIVE_FEEDBACK = "give_feedback"
    # engage
    SEND_OUTREACH = "send_outreach"
    MANAGE_SEQUENCES = "manage_sequences"
    # respect
    MANAGE_PRIVACY = "manage_privacy"
    ERASE_PEOPLE = "erase_people"
    VIEW_AUDIT = "view_audit"


_MATRIX: dict[Role, frozenset[Action]] = {
    Role.ADMIN: frozenset(Action),
    Role.RECRUITER: frozenset(Action) - {Action.MANAGE_USERS, Action.ERASE_PEOPLE, Action.VIEW_AUDIT},
    Role.HIRING_MANAGER: frozenset({Action.VIEW_PEOPLE, Action.VIEW_ROLES, Action.GIVE_FEEDBACK}),
    Role.REFERRER: frozenset({Action.SUBMIT_CANDIDATE}),
    Role.AGENCY: frozenset({Action.SUBMIT_CANDIDATE}),
}


def allowed(role: Role, action: Action) -> bool:
    return action in _MATRIX[role]


def matrix() -> dict[Role, frozenset[Action]]:
    """The whole matrix, for docs and tests."""
    return dict(_MATRIX)


@dataclass(frozen=True, slots=True)
class Actor:
    """The signed-in user a service call is made for. Every query is scoped to ``workspace_id``."""

    user_id: int | None
    workspace_id: int
    role: Role
    name: str = ""

    def can(self, action: Action) -> bool:
        return allowed(self.role, action)
