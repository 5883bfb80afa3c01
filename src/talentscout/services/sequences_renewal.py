"""Renewal requests: enrol the people whose retention runs out soon in a "may we keep your profile?"
sequence, before the retention job anonymises them.

The candidates are ``retention.renewal_candidates`` (warned, not yet renewed, not yet past the grace
period), less those asked already (``renewal_requested_at``; a "yes" on the privacy page clears it with
the renewal). Enrolment is the ordinary one, so the suppressed, those in an active sequence and those
cooling off after an unanswered sequence are skipped with the reason. The sequence's message can carry
the person's privacy page, where "Yes, keep my profile" renews: the ``{{ privacy_link }}`` merge field.
"""

from __future__ import annotations

from sqlalchemy import select, update

from talentscout.db.tables_respect import person_privacy
from talentscout.domain.permissions import Action, Actor
from talentscout.services import retention
from talentscout.services import sequences_enrol as enrol
from talentscout.services.access import require
from talentscout.services.privacy_notice import ensure_privacy_row
from talentscout.services.unit_of_work import Database


def enrol_renewals(
    db: Database, *, actor: Actor, sequence_id: int, cooling_off_months: int = 6
) -> enrol.EnrolReport:
    """Enrol every renewal candidate not asked yet; returns who was enrolled and who skipped, and why."""
    require(actor, Action.SEND_OUTREACH)
    ws = actor.workspace_id
    with db.read() as conn:
        now = db.clock.now()
        candidates = retention.renewal_candidates(conn, workspace_id=ws, now=now)
        asked = set(
            conn.execute(
                select(person_privacy.c.person_id).where(
                    person_privacy.c.workspace_id == ws,
                    person_privacy.c.person_id.in_(candidates),
                    person_privacy.c.renewal_requested_at.is_not(None),
                )
            ).scalars()
        )
    report = enrol.EnrolReport()
    report.skipped = [(pid, "asked to renew already") for pid in candidates if pid in asked]
    todo = [pid for pid in candidates if pid not in asked]
    if not todo:
        return report
    done = enrol.enrol(
        db, actor=actor, sequence_id=sequence_id, person_ids=todo, cooling_off_months=cooling_off_months
    )
    report.enrolled, report.skipped = done.enrolled, report.skipped + done.skipped
    if done.enrolled:
        with db.begin() as conn:
            for pid in done.enrolled:
                ensure_privacy_row(conn, ws, pid)
            conn.execute(
                update(person_privacy)
                .where(person_privacy.c.person_id.in_(done.enrolled))
                .values(renewal_requested_at=db.clock.now())
            )
    return report
