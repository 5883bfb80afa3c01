"""CLI commands for find: ``roles list`` and ``roles create``."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from talentscout.commands.common import DbOption, WorkspaceOption, console, out

roles_app = typer.Typer(help="Roles (requisitions) and their pipelines.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add this area's commands to the ``talentscout`` app."""
    app.add_typer(roles_app, name="roles")
    roles_app.command("list")(roles_list)
    roles_app.command("create")(roles_create)


def roles_list(
    status: Annotated[
        str | None, typer.Option(help="Only roles with this status: open, on_hold, closed")
    ] = None,
    db: DbOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """List the workspace's roles with their must-have skills, places and pipeline size.

    Example: talentscout roles list --status open
    """
    from talentscout.cli import _actor, _container, _fail
    from talentscout.services import roles
    from talentscout.services.errors import ServiceError

    c = _container(db)
    try:
        found = roles.list_roles(c.db, actor=_actor(c, workspace), status=status)
    except ServiceError as exc:
        _fail(str(exc))
        return
    table = Table("id", "title", "status", "must-have skills", "where", "pipeline")
    for v in found:
        places = "; ".join(f"{loc['place']} +{loc['radius_km']}km" for loc in v.role["locations"])
        where = f"{places} ({v.role['remote_policy']})" if places else v.role["remote_policy"]
        table.add_row(
            str(v.id),
            v.role["title"],
            v.role["status"],
            ", ".join(v.role["must_skills"]),
            where,
            str(v.in_pipeline),
        )
    # piped or captured output has no terminal width: keep whole titles rather than squeezing to 80
    Console(width=None if out.is_terminal else 200).print(table)


def roles_create(
    title: Annotated[str, typer.Option(help="The role's title")],
    description: Annotated[str, typer.Option(help="What the role is about")] = "",
    must: Annotated[str, typer.Option(help="Must-have skills, comma-separated (k8s → Kubernetes)")] = "",
    nice: Annotated[str, typer.Option(help="Nice-to-have skills, comma-separated")] = "",
    seniority: Annotated[
        str | None, typer.Option(help="junior, mid, senior, staff, principal, lead …")
    ] = None,
    min_years: Annotated[int | None, typer.Option(min=0, max=60, help="Fewest years of experience")] = None,
    max_years: Annotated[int | None, typer.Option(min=0, max=60, help="Most years of experience")] = None,
    location: Annotated[
        list[str] | None, typer.Option(help="A place with an optional radius, e.g. 'Berlin:50' (repeatable)")
    ] = None,
    remote: Annotated[str, typer.Option(help="onsite, hybrid or remote")] = "onsite",
    comp_min: Annotated[int | None, typer.Option(help="Compensation band, lower end")] = None,
    comp_max: Annotated[int | None, typer.Option(help="Compensation band, upper end")] = None,
    currency: Annotated[str | None, typer.Option(help="Currency of the band, e.g. EUR")] = None,
    db: DbOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Create a role with the default pipeline stages; prints its id.

    Example: talentscout roles create --title "Backend Engineer" --must "python, k8s" --location Berlin:50
    """
    from talentscout.cli import _actor, _container, _fail
    from talentscout.domain.roles import RoleSpec, parse_location, split_list
    from talentscout.services import roles
    from talentscout.services.errors import ServiceError

    c = _container(db)
    spec = RoleSpec(
        title=title,
        description=description,
        must_skills=split_list(must),
        nice_skills=split_list(nice),
        seniority=seniority,
        min_years=min_years,
        max_years=max_years,
        locations=[parse_location(text) for text in location or []],
        remote_policy=remote,
        comp_min=comp_min,
        comp_max=comp_max,
        comp_currency=currency,
    )
    try:
        actor = _actor(c, workspace)
        role_id = roles.create_role(c.db, actor=actor, spec=spec)
        view = roles.get_role(c.db, actor=actor, role_id=role_id)
    except ServiceError as exc:
        _fail(str(exc))
        return
    console.print(
        f"role created: {view.role['title']} (must have: {', '.join(view.role['must_skills']) or '—'})"
    )
    out.print(role_id)
