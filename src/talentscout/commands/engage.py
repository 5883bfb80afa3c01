"""CLI commands for engage: ``sequences list``, ``enrol``, ``stop``, ``outbox`` and ``enrol-renewals``."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from talentscout.commands.common import DbOption, WorkspaceOption, out

sequences_app = typer.Typer(
    help="Outreach sequences: enrolment, stops, the send queue.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    """Add this area's commands to the ``talentscout`` app."""
    app.add_typer(sequences_app, name="sequences")
    sequences_app.command("list")(sequences_list)
    sequences_app.command("enrol")(sequences_enrol)
    sequences_app.command("stop")(sequences_stop)
    sequences_app.command("outbox")(sequences_outbox)
    sequences_app.command("enrol-renewals")(sequences_enrol_renewals)


def sequences_list(db: DbOption = None, workspace: WorkspaceOption = None) -> None:
    """List the workspace's sequences with their steps and active enrolments.

    Example: talentscout sequences list
    """
    from talentscout.cli import _actor, _container
    from talentscout.services import sequences

    c = _container(db)
    table = Table("id", "name", "status", "steps", "active")
    for s in sequences.list_sequences(c.db, actor=_actor(c, workspace)):
        table.add_row(str(s["id"]), s["name"], s["status"], str(s["steps"]), str(s["active"]))
    out.print(table)


def sequences_enrol(
    sequence_id: Annotated[int, typer.Argument(help="The sequence")],
    person_ids: Annotated[list[int] | None, typer.Argument(help="People to enrol")] = None,
    role: Annotated[int | None, typer.Option(help="Enrol everyone in this role's pipeline")] = None,
    talent_list: Annotated[
        int | None, typer.Option("--list", help="Enrol everyone on this talent list")
    ] = None,
    db: DbOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Enrol people in a sequence; the suppressed, the already enrolled and those cooling off are skipped.

    Example: talentscout sequences enrol 3 --role 12
    """
    from talentscout.cli import _actor, _container, _fail
    from talentscout.services import sequences_enrol as enrol
    from talentscout.services.errors import ServiceError

    c = _container(db)
    actor = _actor(c, workspace)
    try:
        ids = list(person_ids or [])
        if role is not None:
            ids += enrol.people_of_role(c.db, actor=actor, role_id=role)
        if talent_list is not None:
            ids += enrol.people_of_list(c.db, actor=actor, list_id=talent_list)
        report = enrol.enrol(
            c.db,
            actor=actor,
            sequence_id=sequence_id,
            person_ids=ids,
            cooling_off_months=c.settings.cooling_off_months,
        )
    except ServiceError as exc:
        _fail(str(exc))
        return
    out.print(f"enrolled {len(report.enrolled)}")
    for pid, why in report.skipped:
        out.print(f"  person {pid} skipped: {why}")


def sequences_stop(
    person_id: Annotated[int, typer.Argument(help="The person")],
    reason: Annotated[str, typer.Option(help="Why (kept on the timeline)")] = "stopped from the command line",
    db: DbOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Stop every pending step of every sequence for a person.

    Example: talentscout sequences stop 42 --reason "hired elsewhere"
    """
    from talentscout.cli import _actor, _container, _fail
    from talentscout.services import sequences_enrol as enrol
    from talentscout.services.errors import ServiceError

    c = _container(db)
    try:
        count = enrol.stop_person(c.db, actor=_actor(c, workspace), person_id=person_id, reason=reason)
    except ServiceError as exc:
        _fail(str(exc))
        return
    out.print(f"cancelled {count} pending step(s)")


def sequences_outbox(db: DbOption = None, workspace: WorkspaceOption = None) -> None:
    """Count the send queue by state (pending, sending, sent, unconfirmed, task_open, …).

    Example: talentscout sequences outbox
    """
    from talentscout.cli import _actor, _container
    from talentscout.services import outbox

    c = _container(db)
    actor = _actor(c, workspace)
    with c.db.read() as conn:
        counts = outbox.counts_by_status(conn, workspace_id=actor.workspace_id)
    table = Table("state", "steps")
    for state, n in sorted(counts.items()):
        table.add_row(state, str(n))
    out.print(table)


def sequences_enrol_renewals(
    sequence: Annotated[int, typer.Option("--sequence", help="The 'may we keep your profile?' sequence")],
    db: DbOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Enrol the people whose retention runs out soon (warned, not asked yet) in a renewal sequence.

    The suppressed, those in an active sequence and those cooling off are skipped. Put
    ``{{ privacy_link }}`` in the message: the page there has "Yes, keep my profile".

    Example: talentscout sequences enrol-renewals --sequence 7
    """
    from talentscout.cli import _actor, _container, _fail
    from talentscout.services import sequences_renewal
    from talentscout.services.errors import ServiceError

    c = _container(db)
    try:
        report = sequences_renewal.enrol_renewals(
            c.db,
            actor=_actor(c, workspace),
            sequence_id=sequence,
            cooling_off_months=c.settings.cooling_off_months,
        )
    except ServiceError as exc:
        _fail(str(exc))
        return
    out.print(f"enrolled {len(report.enrolled)} for renewal")
    for pid, why in report.skipped:
        out.print(f"  person {pid} skipped: {why}")
