"""Load the demo: workspaces, users, roles and a pool imported from every kind of source.

Everything goes through the same services a user would use (accounts, ingest), so the demo is also
a smoke test of the product. Loading twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from talentscout.db.tables import roles, users
from talentscout.demo.generate import generate_demo_files
from talentscout.demo.users import DEMO_PASSWORD, DEMO_ROLES, DEMO_WORKSPACES
from talentscout.domain.permissions import Actor, Role
from talentscout.domain.records import SourceChannel
from talentscout.domain.roles import RoleSpec
from talentscout.importers.base import ImportOptions
from talentscout.services import accounts, ingest
from talentscout.services import roles as role_service
from talentscout.services import sequences as sequence_service

if TYPE_CHECKING:
    from talentscout.bootstrap import Container


def load_demo(c: Container, *, folder: Path, people: int = 3000) -> Iterator[str]:
    workspace_ids = {}
    for ws in DEMO_WORKSPACES:
        workspace_ids[ws.slug] = _ensure_workspace(c, ws.name, ws.slug)
        for u in ws.users:
            if _ensure_user(c, workspace_ids[ws.slug], u.email, u.name, Role(u.role)):
                yield f"user {u.email} ({u.role}) — password {DEMO_PASSWORD}"
    main_ws = workspace_ids[DEMO_WORKSPACES[0].slug]
    _ensure_roles(c, main_ws)
    _ensure_sequence(c, main_ws)
    actor = Actor(user_id=None, workspace_id=main_ws, role=Role.ADMIN, name="demo loader")
    for f in generate_demo_files(folder, people=people):
        options = ImportOptions(
            display_name=f.path.name,
            mapping=dict(f.mapping),
            id_column=f.id_column,
            default_country=c.settings.default_country,
        )
        report = ingest.run_import(
            c.db,
            actor=actor,
            path=f.path,
            format=f.format,
            source_name=f.source_name,
            channel=SourceChannel(f.channel),
            options=options,
            batch_size=c.settings.import_batch_size,
        )
        yield (
            f"{f.source_name}: {report.status}, created {report.created}, updated {report.updated}, "
            f"unchanged {report.unchanged}, rejected {report.rejected}, warnings {report.warnings}"
        )
    other = DEMO_WORKSPACES[1]
    if other.files_people:
        other_actor = Actor(user_id=None, workspace_id=workspace_ids[other.slug], role=Role.ADMIN)
        for f in generate_demo_files(folder / other.slug, people=other.files_people, seed=99):
            if f.format == "linkedin":
                ingest.run_import(
                    c.db,
                    actor=other_actor,
                    path=f.path,
                    format=f.format,
                    source_name=f.source_name,
                    channel=SourceChannel(f.channel),
                    options=ImportOptions(display_name=f.path.name),
                )
    yield "demo ready: sign in at http://127.0.0.1:8000 as alice@acme.example"


def _ensure_workspace(c: Container, name: str, slug: str) -> int:
    existing = accounts.workspace_id_by_slug(c.db, slug)
    return existing if existing is not None else accounts.create_workspace(c.db, name=name, slug=slug)


def _ensure_user(c: Container, workspace_id: int, email: str, name: str, role: Role) -> bool:
    with c.db.read() as conn:
        if conn.execute(select(users.c.id).where(users.c.email == email)).first():
            return False
    accounts.create_user(
        c.db, workspace_id=workspace_id, email=email, name=name, role=role, password=DEMO_PASSWORD
    )
    return True


def _ensure_roles(c: Container, workspace_id: int) -> None:
    """The demo's open roles, created through the roles service (canonical skills, places, stages)."""
    with c.db.read() as conn:
        if conn.execute(select(roles.c.id).where(roles.c.workspace_id == workspace_id)).first():
            return
        managers = {
            str(email): int(user_id)
            for email, user_id in conn.execute(
                select(users.c.email, users.c.id).where(users.c.workspace_id == workspace_id)
            )
        }
    actor = Actor(user_id=None, workspace_id=workspace_id, role=Role.ADMIN, name="demo loader")
    for r in DEMO_ROLES:
        spec = RoleSpec(
            title=r.title,
            description=r.description,
            must_skills=list(r.must_skills),
            nice_skills=list(r.nice_skills),
            min_years=r.min_years,
            locations=[{"place": place, "radius_km": km} for place, km in r.places],
            remote_policy=r.remote_policy,
            hiring_manager_id=managers.get(r.hiring_manager) if r.hiring_manager else None,
        )
        role_service.create_role(c.db, actor=actor, spec=spec)


DEMO_STEPS = (
    sequence_service.StepInput(
        channel="email",
        delay_days=0,
        subject_template="{{ role_title }} — a quick question, {{ first_name }}",
        body_template=(
            "Hi {{ first_name }},\n\n{{ why_block }}\n\nWould a 15-minute call next week be worth it to you?"
            "\n\n{{ signature }}"
        ),
    ),
    sequence_service.StepInput(
        channel="linkedin_message",
        delay_days=3,
        subject_template="",
        body_template=(
            "Hi {{ first_name }}, I wrote to you about our {{ role_title }} opening. Happy to share more "
            "here if that is easier."
        ),
    ),
    sequence_service.StepInput(
        channel="email",
        delay_days=5,
        subject_template="Re: {{ role_title }}",
        body_template=(
            'Hi {{ first_name }}, one last note from me: if the timing is wrong, just say "not now" and '
            "I will not write again this year.\n\n{{ signature }}"
        ),
    ),
)


def _ensure_sequence(c: Container, workspace_id: int) -> None:
    """A ready three-step sequence for the first role; nobody is enrolled, so the demo sends nothing."""
    actor = Actor(user_id=None, workspace_id=workspace_id, role=Role.ADMIN, name="demo loader")
    if sequence_service.list_sequences(c.db, actor=actor):
        return
    with c.db.read() as conn:
        role_id = conn.execute(
            select(roles.c.id).where(roles.c.workspace_id == workspace_id).order_by(roles.c.id)
        ).scalar()
    sender_id = sequence_service.create_sender(
        c.db,
        actor=actor,
        name="Alice Recruiter",
        email="alice@acme.example",
        signature="Alice Recruiter\nTalent team, Acme",
        daily_cap=150,
    )
    sequence_id = sequence_service.create_sequence(
        c.db,
        actor=actor,
        name="Backend Berlin — first touch",
        sender_id=sender_id,
        role_id=int(role_id) if role_id is not None else None,
    )
    for step in DEMO_STEPS:
        sequence_service.add_step(c.db, actor=actor, sequence_id=sequence_id, step=step)
