"""Past imports and their reports, as stored."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy import select

from talentscout.db.tables import import_issues, imports, sources
from talentscout.domain.permissions import Action, Actor
from talentscout.services.access import require
from talentscout.services.errors import NotFound
from talentscout.services.ingest import REPORT_ISSUES, ImportReport, IssueLine
from talentscout.services.unit_of_work import Database


def list_imports(db: Database, *, actor: Actor, limit: int = 50) -> list[dict[str, Any]]:
    require(actor, Action.IMPORT)
    with db.read() as conn:
        rows = conn.execute(
            select(imports, sources.c.name.label("source_name"), sources.c.format)
            .join(sources, sources.c.id == imports.c.source_id)
            .where(imports.c.workspace_id == actor.workspace_id)
            .order_by(imports.c.id.desc())
            .limit(limit)
        )
        return [dict(r._mapping) for r in rows]


def get_import(
    db: Database, *, actor: Actor, import_id: int, max_issues: int = REPORT_ISSUES
) -> ImportReport:
    if not (actor.can(Action.IMPORT) or actor.can(Action.SUBMIT_CANDIDATE)):
        require(actor, Action.IMPORT)
    with db.read() as conn:
        row = conn.execute(
            select(imports, sources.c.format)
            .join(sources, sources.c.id == imports.c.source_id)
            .where(imports.c.id == import_id, imports.c.workspace_id == actor.workspace_id)
        ).first()
        if row is None or (not actor.can(Action.IMPORT) and row.user_id != actor.user_id):
            raise NotFound("no such import")
        issues = conn.execute(
            select(import_issues)
            .where(import_issues.c.import_id == import_id)
            .order_by(import_issues.c.fatal.desc(), import_issues.c.row, import_issues.c.id)
            .limit(max_issues)
        )
        lines = [IssueLine(row.filename, i.row, i.field, i.reason, i.value, i.fatal) for i in issues]
    return ImportReport(
        import_id=row.id,
        source_id=row.source_id,
        filename=row.filename,
        format=row.format,
        status=row.status,
        rows_read=row.rows_read,
        created=row.created,
        updated=row.updated,
        unchanged=row.unchanged,
        rejected=row.rejected,
        warnings=row.warnings,
        error=row.error,
        issues=lines,
    )


def report_dict(report: ImportReport) -> dict[str, Any]:
    out = asdict(report)
    out["accepted"] = report.accepted
    out["issues"] = [{**asdict(i), "message": str(i)} for i in report.issues]
    return out
