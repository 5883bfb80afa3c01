"""CLI commands for identity resolution: ``dedupe``, ``eval dedupe``, ``review`` and ``unmerge``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from talentscout.commands.common import DbOption, WorkspaceOption, console

eval_app = typer.Typer(help="Measure quality against your own labelled data.", no_args_is_help=True)
review_app = typer.Typer(
    help="The identity review queue: pairs the matcher was unsure about.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    """Add this area's commands to the ``talentscout`` app."""
    app.command()(dedupe)
    app.command()(unmerge)
    app.add_typer(eval_app, name="eval")
    app.add_typer(review_app, name="review")
    eval_app.command("dedupe")(eval_dedupe)
    review_app.command("list")(review_list)
    review_app.command("accept")(review_accept)
    review_app.command("reject")(review_reject)


def dedupe(db: DbOption = None, workspace: WorkspaceOption = None) -> None:
    """Match every record of the pool against the others: merge sure matches, queue unsure pairs for review.

    Imports already match what they bring in; run this after changing thresholds or on a pool imported
    before matching existed. Example: talentscout dedupe
    """
    from talentscout.cli import _actor, _container, _fail
    from talentscout.services import identity
    from talentscout.services.errors import ServiceError

    c = _container(db)
    actor = _actor(c, workspace)
    columns = (TextColumn("matching"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    try:
        with Progress(*columns, console=console) as progress:
            task = progress.add_task("records", total=None)
            summary = identity.dedupe(
                c.db,
                actor=actor,
                on_progress=lambda done, total: progress.update(task, completed=done, total=total),
            )
    except ServiceError as exc:
        _fail(str(exc))
        return
    console.print(
        f"{summary.records:,} records, {summary.compared:,} pairs compared: "
        f"{summary.merged:,} merged, {summary.reviews:,} sent to review"
    )
    for identifier in summary.flagged:
        console.print(
            f"[yellow]flagged:[/yellow] {identifier} is shared by many different people; not used to match"
        )


def eval_dedupe(
    truth: Annotated[
        Path, typer.Option(help="CSV with source,source_id,person_id", exists=True, dir_okay=False)
    ],
    db: DbOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Pairwise and B-cubed precision/recall/F1 of the pool's people against your labels.

    Example: talentscout eval dedupe --truth truth.csv
    """
    from talentscout.cli import _actor, _container, _fail
    from talentscout.services.errors import ServiceError
    from talentscout.services.identity_eval import evaluate

    c = _container(db)
    try:
        result = evaluate(c.db, actor=_actor(c, workspace), truth_path=truth)
    except ServiceError as exc:
        _fail(str(exc))
        return
    pw, b3 = result.pairwise, result.b_cubed
    print(
        f"records scored: {result.scored} (only in truth: {result.only_in_truth}, "
        f"only in store: {result.only_in_store})"
    )
    print(f"pairwise precision {pw.precision:.4f} recall {pw.recall:.4f} F1 {pw.f1:.4f}")
    print(f"  pairs: {pw.true_positives:.0f} right of {pw.predicted:.0f} predicted, {pw.actual:.0f} true")
    print(f"B-cubed  precision {b3.precision:.4f} recall {b3.recall:.4f} F1 {b3.f1:.4f}")


def review_list(
    limit: Annotated[int, typer.Option(min=1, max=200, help="How many pairs to show")] = 20,
    db: DbOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Open pairs in the review queue, strongest first, with the evidence.

    Example: talentscout review list --limit 5
    """
    from talentscout.cli import _actor, _container
    from talentscout.services import identity

    c = _container(db)
    pairs, total = identity.list_reviews(c.db, actor=_actor(c, workspace), limit=limit)
    print(f"{total} open pair(s)")
    for p in pairs:
        print(
            f"#{p.id} score {p.score:.3f}: {p.left.person_name} ({p.left.source})"
            f" ~ {p.right.person_name} ({p.right.source})"
        )
        for e in p.evidence:
            print(f"    {e['field']}: {e['detail']} ({e['weight']:+.1f})")


def review_accept(
    review_id: Annotated[int, typer.Argument(help="Review pair id")],
    db: DbOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Accept a pair: merge the two people (reversible with `talentscout unmerge`).

    Example: talentscout review accept 12
    """
    from talentscout.cli import _actor, _container, _fail
    from talentscout.services import identity
    from talentscout.services.errors import ServiceError

    c = _container(db)
    try:
        merge_id = identity.accept_review(c.db, actor=_actor(c, workspace), review_id=review_id)
    except ServiceError as exc:
        _fail(str(exc))
        return
    console.print(f"merged (merge {merge_id})")


def review_reject(
    review_id: Annotated[int, typer.Argument(help="Review pair id")],
    db: DbOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Reject a pair: two different people; the pair is not proposed again.

    Example: talentscout review reject 12
    """
    from talentscout.cli import _actor, _container, _fail
    from talentscout.services import identity
    from talentscout.services.errors import ServiceError

    c = _container(db)
    try:
        identity.reject_review(c.db, actor=_actor(c, workspace), review_id=review_id)
    except ServiceError as exc:
        _fail(str(exc))
        return
    console.print("rejected: kept as two people")


def unmerge(
    person_id: Annotated[int, typer.Argument(help="The merged person")],
    merge: Annotated[int | None, typer.Option(help="Which merge to undo (default: the latest)")] = None,
    db: DbOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Undo a merge: both people back as they were, with their own sources and provenance.

    Example: talentscout unmerge 42
    """
    from talentscout.cli import _actor, _container, _fail
    from talentscout.services import identity
    from talentscout.services.errors import ServiceError

    c = _container(db)
    try:
        report = identity.unmerge_person(
            c.db, actor=_actor(c, workspace), person_id=person_id, merge_id=merge
        )
    except ServiceError as exc:
        _fail(str(exc))
        return
    console.print(f"person {report['restored']} restored beside person {report['survivor']}")
    if report["flagged"]:
        console.print(
            f"[yellow]{len(report['flagged'])} change(s) made while merged stayed on "
            f"{report['survivor']}: review them[/yellow]"
        )
