"""The ``talentscout`` command: a thin shell over the services. Every command's help has an example."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from talentscout import cli_run
from talentscout.bootstrap import Container, bootstrap
from talentscout.commands import engage as commands_engage
from talentscout.commands import find as commands_find
from talentscout.commands import identity as commands_identity
from talentscout.commands import inbox as commands_inbox
from talentscout.commands import ranking as commands_ranking
from talentscout.commands import respect as commands_respect
from talentscout.domain.permissions import Actor, Role
from talentscout.domain.records import SourceChannel
from talentscout.importers.base import ImportOptions
from talentscout.services import accounts, export, ingest, people
from talentscout.services.errors import ServiceError
from talentscout.settings import Settings

app = typer.Typer(help="TalentScout: find, engage and hire passive candidates.", no_args_is_help=True)
export_app = typer.Typer(help="Export data as CSV.", no_args_is_help=True)
users_app = typer.Typer(help="Manage users and API tokens.", no_args_is_help=True)
app.add_typer(export_app, name="export")
app.add_typer(users_app, name="users")
console = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database URL or SQLite file path (default: TALENTSCOUT_DATABASE_URL)"),
]
WorkspaceOption = Annotated[
    str | None, typer.Option("--workspace", "-w", help="Workspace slug (default: the only one)")
]


def _container(db: str | None, *, migrate: bool = False) -> Container:
    overrides: dict[str, object] = {}
    if db:
        overrides["database_url"] = db if "://" in db else f"sqlite:///{Path(db).resolve()}"
    return bootstrap(Settings(**overrides), run_migrations=migrate)  # type: ignore[arg-type]


def _actor(c: Container, workspace: str | None) -> Actor:
    """The command line acts as a workspace administrator (it runs with the server's own access)."""
    from sqlalchemy import select

    from talentscout.db.tables import workspaces

    with c.db.read() as conn:
        rows = conn.execute(select(workspaces.c.id, workspaces.c.slug)).all()
    if workspace:
        rows = [r for r in rows if r.slug == workspace]
    if len(rows) != 1:
        slugs = ", ".join(r.slug for r in rows) or "none; run `talentscout init --workspace NAME`"
        _fail(f"choose a workspace with --workspace (found: {slugs})")
    return Actor(user_id=None, workspace_id=int(rows[0].id), role=Role.ADMIN, name="command line")


def _fail(message: str) -> None:
    console.print(f"[red]error:[/red] {message}")
    raise typer.Exit(2)


@app.command()
def init(
    db: DbOption = None,
    workspace: Annotated[str | None, typer.Option(help="Create a workspace with this name")] = None,
    admin_email: Annotated[str | None, typer.Option(help="Create an admin user with this email")] = None,
    admin_password: Annotated[str | None, typer.Option(help="Password for the admin user")] = None,
) -> None:
    """Create or upgrade the database, optionally with a first workspace and admin.

    Example: talentscout init --workspace "Acme Talent" --admin-email admin@acme.example --admin-password '…'
    """
    c = _container(db, migrate=True)
    console.print(f"database ready: {c.db.engine.url.render_as_string(hide_password=True)}")
    if workspace:
        try:
            ws_id = accounts.create_workspace(c.db, name=workspace)
            console.print(f"workspace created: {workspace}")
            if admin_email and admin_password:
                accounts.create_user(
                    c.db,
                    workspace_id=ws_id,
                    email=admin_email,
                    name=admin_email.split("@")[0],
                    role=Role.ADMIN,
                    password=admin_password,
                )
                console.print(f"admin created: {admin_email}")
        except ServiceError as exc:
            _fail(str(exc))


@app.command("import")
def import_(
    path: Annotated[Path, typer.Argument(help="File (or folder of résumés) to import", exists=True)],
    format: Annotated[
        str | None, typer.Option(help="csv, linkedin, jsonresume, vcard, greenhouse, lever, resume")
    ] = None,
    source: Annotated[str | None, typer.Option(help="Source name (re-imports must use the same one)")] = None,
    channel: Annotated[SourceChannel | None, typer.Option(help="Where these people came from")] = None,
    map: Annotated[
        list[str] | None, typer.Option("--map", help="Column mapping COLUMN=field (CSV/XLSX)")
    ] = None,
    id_column: Annotated[str | None, typer.Option(help="Column with the source's own id (CSV/XLSX)")] = None,
    country: Annotated[str | None, typer.Option(help="Default country for phone numbers, e.g. DE")] = None,
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="Processes that prepare rows (default: 1 under 20 MB, else one per CPU)"),
    ] = None,
    db: DbOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Import people from a file; prints what was accepted and every rejected row.

    Example: talentscout import Connections.csv --format linkedin --source "LinkedIn (Alice)"
    """
    c = _container(db)
    actor = _actor(c, workspace)
    mapping = dict(m.split("=", 1) for m in map or [] if "=" in m)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TextColumn("{task.fields[rows]} rows"),
        TimeElapsedColumn(),
        console=console,
    ) as bar:
        task = bar.add_task(f"importing {path.name}", total=1.0, rows=0)
        options = ImportOptions(
            display_name=path.name,
            mapping=mapping,
            id_column=id_column,
            default_country=country or c.settings.default_country,
            on_progress=lambda f: bar.update(task, completed=f),
        )
        try:
            report = ingest.run_import(
                c.db,
                actor=actor,
                path=path,
                format=format,
                source_name=source,
                channel=channel,
                options=options,
                batch_size=c.settings.import_batch_size,
                on_rows=lambda n: bar.update(task, rows=n),
                workers=workers or ingest.auto_workers(path),
            )
        except ServiceError as exc:
            _fail(str(exc))
            return
        bar.update(task, completed=1.0)
    _print_report(report)
    if report.status == "failed":
        raise typer.Exit(1)


def _print_report(report: ingest.ImportReport) -> None:
    out = Console(soft_wrap=True)
    out.print(f"{report.filename} ({report.format}): {report.status}")
    if report.error:
        out.print(f"  error: {report.error}")
    out.print(
        f"  rows read {report.rows_read}: created {report.created}, updated {report.updated}, "
        f"unchanged {report.unchanged}, rejected {report.rejected}, warnings {report.warnings}"
    )
    if report.suppressed:
        out.print(f"  suppressed (erased or objected, not re-created): {report.suppressed}")
    if report.matching == "queued":
        out.print("  duplicates: matching queued for the worker (or run `talentscout dedupe` now)")
    else:
        out.print(f"  duplicates: merged {report.merged}, sent to review {report.to_review}")
    for line in report.issues:
        out.print(f"  {line}", markup=False, highlight=False)
    if len(report.issues) < report.rejected + report.warnings:
        out.print(f"  … and more: see the import page (import #{report.import_id})")


@app.command("people")
def people_(
    q: Annotated[str | None, typer.Option(help="Words to search for")] = None,
    tag: Annotated[str | None, typer.Option(help="Only people with this tag")] = None,
    channel: Annotated[str | None, typer.Option(help="Only people from this channel")] = None,
    limit: Annotated[int, typer.Option(help="How many to show")] = 50,
    db: DbOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """List people in the talent pool.

    Example: talentscout people --q "python berlin" --limit 20
    """
    c = _container(db)
    page = people.list_people(
        c.db,
        actor=_actor(c, workspace),
        filters=people.PoolFilter(q=q, tag=tag, channel=channel, per_page=limit),
    )
    table = Table("id", "name", "title", "employer", "location")
    for p in page.people:
        table.add_row(
            str(p.id),
            p.display_name,
            p.current_title or "",
            p.current_employer or "",
            ", ".join(x for x in (p.city, p.country) if x),
        )
    Console().print(table)
    console.print(f"{page.total} people match")


@export_app.command("records")
def export_records(
    format: Annotated[str, typer.Option(help="Output format (csv)")] = "csv",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout)")
    ] = None,
    db: DbOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Every imported source record with the person it belongs to: source,source_id,person_id.

    Example: talentscout export records --format csv -o records.csv
    """
    _export(export.write_records_csv, format, output, db, workspace)


@export_app.command("people")
def export_people(
    format: Annotated[str, typer.Option(help="Output format (csv)")] = "csv",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout)")
    ] = None,
    db: DbOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """People with their contact points; cells that look like formulas are neutralised.

    Example: talentscout export people -o people.csv
    """
    _export(export.write_people_csv, format, output, db, workspace)


def _export(
    write: export.CsvWriter, format: str, output: Path | None, db: str | None, ws: str | None
) -> None:
    if format != "csv":
        _fail("only --format csv is supported")
    c = _container(db)
    actor = _actor(c, ws)
    if output is None:
        write(c.db, actor=actor, out=sys.stdout)
        return
    with output.open("w", encoding="utf-8", newline="") as fh:
        n = write(c.db, actor=actor, out=fh)
    console.print(f"wrote {n} rows to {output}")


@users_app.command("create")
def users_create(
    email: Annotated[str, typer.Argument(help="Sign-in email")],
    role: Annotated[Role, typer.Option(help="admin, recruiter, hiring_manager, referrer or agency")],
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, help="At least 10 characters")],
    name: Annotated[str | None, typer.Option(help="Display name")] = None,
    db: DbOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Add a user to a workspace.

    Example: talentscout users create bob@acme.example --role recruiter --name "Bob Baker"
    """
    c = _container(db)
    actor = _actor(c, workspace)
    try:
        accounts.create_user(
            c.db,
            workspace_id=actor.workspace_id,
            email=email,
            name=name or email.split("@")[0],
            role=role,
            password=password,
        )
    except ServiceError as exc:
        _fail(str(exc))
    console.print(f"created {email} ({role.value})")


@users_app.command("token")
def users_token(
    email: Annotated[str, typer.Argument(help="The user the token acts as")],
    name: Annotated[str, typer.Option(help="What the token is for")] = "cli",
    db: DbOption = None,
) -> None:
    """Create an API token (shown once) for the REST API: Authorization: Bearer <token>.

    Example: talentscout users token alice@acme.example --name "ATS sync"
    """
    from sqlalchemy import select

    from talentscout.db.tables import users

    c = _container(db)
    with c.db.read() as conn:
        user_id = conn.execute(select(users.c.id).where(users.c.email == email.lower())).scalar()
    if user_id is None:
        _fail(f"no user {email}")
        return
    print(accounts.create_api_token(c.db, user=accounts.require_user(c.db, int(user_id)), name=name))


cli_run.register(app)
for _area in (
    commands_identity,
    commands_find,
    commands_engage,
    commands_respect,
    commands_inbox,
    commands_ranking,
):
    _area.register(app)


def main() -> None:
    app()
