"""CLI commands for replies: ``inbox poll`` and ``inbox list``."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from talentscout.commands.common import DbOption, console, out

WorkspaceOption = Annotated[
    str | None, typer.Option("--workspace", "-w", help="Workspace slug (default: TALENTSCOUT_IMAP_WORKSPACE)")
]
inbox_app = typer.Typer(help="Replies, auto-replies and bounces coming back.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add the ``inbox`` commands to the ``talentscout`` app."""
    app.add_typer(inbox_app, name="inbox")
    inbox_app.command("poll")(inbox_poll)
    inbox_app.command("list")(inbox_list)


def inbox_poll(
    schedule: Annotated[
        bool, typer.Option("--schedule", help="Also queue the recurring poll the worker runs from now on")
    ] = False,
    db: DbOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Fetch new mail from the configured IMAP mailbox (TALENTSCOUT_IMAP_*) and act on each message once.

    Example: talentscout inbox poll --schedule
    """
    from talentscout.cli import _actor, _container, _fail
    from talentscout.services import imap_poll, imap_poll_jobs
    from talentscout.services.errors import ServiceError
    from talentscout.transports.imap import ImapMailbox, MailboxError

    c = _container(db)
    try:
        actor = _actor(c, workspace or c.settings.imap_workspace)
        with ImapMailbox(imap_poll_jobs.imap_config(c.settings)) as box:
            report = imap_poll.poll_as(c.db, actor=actor, mailbox=box)
        if schedule:
            imap_poll_jobs.schedule(
                c.db,
                workspace=actor.workspace_id,
                run_at=imap_poll_jobs.next_run(c.db.clock.now(), c.settings),
            )
    except (ServiceError, MailboxError) as exc:
        _fail(str(exc))
        return
    out.print(report.summary())
    for problem in report.problems:
        console.print(f"[yellow]problem:[/yellow] {problem}")


def inbox_list(
    show: Annotated[str, typer.Option(help="replies, auto or bounces")] = "replies",
    label: Annotated[
        str | None,
        typer.Option(help="Only this class: interested, not_now, not_interested, unsubscribe, unclear"),
    ] = None,
    db: DbOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """List what came back, newest first, with each reply's class.

    Example: talentscout inbox list --label interested
    """
    from talentscout.cli import _actor, _container, _fail
    from talentscout.services import inbound_inbox
    from talentscout.services.errors import ServiceError

    c = _container(db)
    try:
        items = inbound_inbox.list_inbox(c.db, actor=_actor(c, workspace), show=show, label=label)
    except ServiceError as exc:
        _fail(str(exc))
        return
    table = Table("id", "received", "person", "channel", "class", "subject")
    for i in items:
        table.add_row(
            str(i.id),
            f"{i.received_at:%Y-%m-%d %H:%M}",
            i.person_name,
            i.channel,
            i.classification or "",
            i.subject or "",
        )
    out.print(table)
