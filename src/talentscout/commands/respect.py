"""CLI commands for privacy: ``privacy erase|export|suppress|deadlines|retention|link|audit``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from talentscout.commands.common import DbOption, WorkspaceOption

T = TypeVar("T")
privacy_app = typer.Typer(help="Privacy: erasure, access requests, suppression, deadlines, retention.")


def register(app: typer.Typer) -> None:
    """Add this area's commands to the ``talentscout`` app."""
    app.add_typer(privacy_app, name="privacy", no_args_is_help=True)
    for name, command in (
        ("erase", erase),
        ("export", export),
        ("suppress", suppress),
        ("deadlines", deadlines),
        ("retention", retention_run),
        ("link", link),
        ("audit", audit),
    ):
        privacy_app.command(name)(command)


def erase(
    person_id: Annotated[int, typer.Argument(help="The person's id")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation")] = False,
    db: DbOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Erase a person everywhere, keep a tombstone of salted hashes, compact the database files.

    Example: talentscout privacy erase 42 --yes
    """
    from talentscout.cli import _actor, _container
    from talentscout.services import erasure

    c = _container(db)
    actor = _actor(c, workspace)
    if not yes and not typer.confirm(f"Erase person {person_id} for good?"):
        raise typer.Exit(1)
    report = _run(
        lambda: erasure.erase_person(
            c.db, actor=actor, person_id=person_id, files_root=c.settings.data_dir, compact_now=True
        )
    )
    typer.echo(
        f"erased person {person_id}: {report.total} rows, {report.tombstones} identifiers kept as hashes"
    )


def export(
    person_id: Annotated[int, typer.Argument(help="The person's id")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout)")
    ] = None,
    db: DbOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Everything held about a person as JSON (an access request); the export is audited.

    Example: talentscout privacy export 42 -o person-42.json
    """
    from talentscout.cli import _actor, _container
    from talentscout.services import privacy_admin

    c = _container(db)
    actor = _actor(c, workspace)
    body = _run(lambda: privacy_admin.export_person(c.db, actor=actor, person_id=person_id))
    if output is None:
        typer.echo(body)
    else:
        output.write_text(body, encoding="utf-8")


def suppress(
    kind: Annotated[str, typer.Argument(help="email, phone or url")],
    value: Annotated[str, typer.Argument(help="The identifier")],
    reason: Annotated[
        str, typer.Option(help="manual, objection, unsubscribe, bounce or complaint")
    ] = "manual",
    db: DbOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Never contact an identifier again, on any channel (it is stored only as a salted hash).

    Example: talentscout privacy suppress email someone@example.org --reason objection
    """
    from talentscout.cli import _actor, _container
    from talentscout.services import privacy_admin

    c = _container(db)
    actor = _actor(c, workspace)
    added = _run(
        lambda: privacy_admin.add_suppression(c.db, actor=actor, kind=kind, value=value, reason=reason)
    )
    typer.echo("added" if added else "already on the list")


def deadlines(
    within_days: Annotated[int, typer.Option(help="Show people due within this many days")] = 7,
    db: DbOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """People approaching or past the Art. 14 deadline (a month after collection) without a notice.

    Example: talentscout privacy deadlines --within-days 14
    """
    from talentscout.cli import _actor, _container
    from talentscout.services import privacy_admin

    c = _container(db)
    rows = _run(
        lambda: privacy_admin.notice_deadlines(c.db, actor=_actor(c, workspace), within_days=within_days)
    )
    for r in rows:
        state = "OVERDUE" if r["overdue"] else f"{r['days_left']} days left"
        typer.echo(f"{r['person_id']}\t{r['due_at'][:10]}\t{state}\t{r['name']}")
    typer.echo(f"{len(rows)} people", err=True)


def retention_run(db: DbOption = None, workspace: WorkspaceOption = None) -> None:
    """Run the retention policy now: warn people coming due, anonymise those past due and warned.

    The worker runs this daily. Example: talentscout privacy retention
    """
    from talentscout.cli import _actor, _container
    from talentscout.services import retention

    c = _container(db)
    actor = _actor(c, workspace)
    result = _run(lambda: retention.run(c.db, workspace_id=actor.workspace_id))
    typer.echo(f"warned {len(result.warned)}, anonymised {len(result.anonymised)}")


def link(
    person_id: Annotated[int, typer.Argument(help="The person's id")],
    days: Annotated[int, typer.Option(help="Days the link stays valid", min=1, max=90)] = 7,
    db: DbOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """A signed, expiring link to the person's privacy page, to send to a contact point we hold.

    Example: talentscout privacy link 42 --days 7
    """
    from talentscout.cli import _actor, _container
    from talentscout.services import privacy_admin

    c = _container(db)
    actor = _actor(c, workspace)
    typer.echo(
        _run(
            lambda: privacy_admin.privacy_link(
                c.db, actor=actor, person_id=person_id, base_url=c.settings.public_url, days=days
            )
        )
    )


def audit(
    action: Annotated[str | None, typer.Option(help="Only this action: view, export, erase …")] = None,
    person_id: Annotated[int | None, typer.Option("--person", help="Only entries about this person")] = None,
    limit: Annotated[int, typer.Option(help="How many entries, newest first", min=1, max=1000)] = 50,
    db: DbOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Read the audit log (who viewed, exported, changed, merged, contacted or erased whom), as JSON lines.

    Example: talentscout privacy audit --action export --limit 20
    """
    from talentscout.cli import _actor, _container
    from talentscout.services import privacy_admin

    c = _container(db)
    actor = _actor(c, workspace)
    for entry in _run(
        lambda: privacy_admin.audit_entries(
            c.db,
            actor=actor,
            action=action,
            subject_id=person_id,
            subject_type="person" if person_id else None,
            limit=limit,
        )
    ):
        typer.echo(json.dumps(entry, default=str))


def _run(call: Callable[[], T]) -> T:
    from talentscout.cli import _fail
    from talentscout.services.errors import ServiceError

    try:
        return call()
    except ServiceError as exc:
        _fail(str(exc))
        raise
