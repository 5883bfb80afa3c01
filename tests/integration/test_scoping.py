"""``in_workspace``: rows looked up by a list stay within their workspace, through the list column's index."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import ColumnElement, insert, literal_column, select

from talentscout.bootstrap import Container
from talentscout.db.scoping import in_workspace
from talentscout.db.tables import contact_points, people, workspaces
from tests.conftest import Team

NOW = datetime(2026, 11, 26, tzinfo=UTC)


def _person(workspace_id: int, name: str) -> dict[str, object]:
    return {
        "workspace_id": workspace_id,
        "display_name": name,
        "name_normalised": name.lower(),
        "created_at": NOW,
        "updated_at": NOW,
    }


def test_ids_of_another_workspace_are_not_found(container: Container, team: Team) -> None:
    mine = team.alice.actor.workspace_id
    with container.db.begin() as conn:
        theirs = conn.execute(
            insert(workspaces)
            .values(name="Other", slug="other-ws", created_at=NOW)
            .returning(workspaces.c.id)
        ).scalar_one()
        ours = conn.execute(insert(people).values(_person(mine, "Ana")).returning(people.c.id)).scalar_one()
        other = conn.execute(
            insert(people).values(_person(theirs, "Ben")).returning(people.c.id)
        ).scalar_one()
    with container.db.read() as conn:
        found = conn.execute(
            select(people.c.id).where(in_workspace(people.c.id, [ours, other], mine))
        ).scalars()
        assert list(found) == [ours]


def test_the_ids_are_looked_up_by_primary_key(container: Container, team: Team) -> None:
    ws = team.alice.actor.workspace_id
    sqlite = container.db.dialect == "sqlite"

    def plan(condition: ColumnElement[bool]) -> str:
        query = select(literal_column("1")).where(condition)  # FROM: the condition's table
        sql = str(query.compile(container.db.engine, compile_kwargs={"literal_binds": True}))
        with container.db.read() as conn:
            if not sqlite:  # an empty table is read whole otherwise: ask which index it would take
                conn.exec_driver_sql("SET enable_seqscan = off")
            rows = conn.exec_driver_sql(f"EXPLAIN {'QUERY PLAN ' if sqlite else ''}{sql}").all()
            return " ".join(str(r[-1]) for r in rows)

    ours = plan(in_workspace(people.c.id, [1, 2, 3], ws))
    if sqlite:
        # written plainly, SQLite walks the workspace's index: the trap ``in_workspace`` avoids
        assert "ix_people_workspace" in plan((people.c.workspace_id == ws) & people.c.id.in_([1, 2, 3]))
        assert "PRIMARY KEY" in ours
    else:
        assert "pk_people" in ours
    # a person's contact points: through the person index, not the workspace's (kind, value) index
    points = plan(in_workspace(contact_points.c.person_id, [1, 2, 3], ws))
    assert "ix_contact_points_person" in points
