"""CLI commands for identity resolution: dedupe, eval dedupe, train dedupe, review, unmerge."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from talentscout.commands.common import DbOption, WorkspaceOption, console

eval_app = typer.Typer(help="Measure quality against your own labelled data.", no_args_is_help=True)
train_app = typer.Typer(
    help="Fit the matcher to your own labelled data (see `talentscout eval`).", no_args_is_help=True
)
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
    app.add_typer(train_app, name="train")
    train_app.command("dedupe")(train_dedupe)
    train_app.command("dedupe-reset")(train_dedupe_reset)
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
                workers=c.settings.identity_workers or None,
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


def train_dedupe(
    truth: Annotated[
        Path, typer.Option(help="CSV with source,source_id,person_id", exists=True, dir_okay=False)
    ],
    apply: Annotated[
        bool, typer.Option("--apply", help="Save the trained weights: every later match uses them")
    ] = False,
    strength: Annotated[
        float, typer.Option(min=0.001, help="Pull towards the default weights (higher: smaller moves)")
    ] = 1.0,
    from_reviews: Annotated[
        bool,
        typer.Option("--from-reviews", help="Also learn from pairs reviewers accepted, rejected or unmerged"),
    ] = False,
    show: Annotated[int, typer.Option(min=0, help="How many of the most moved weights to list")] = 12,
    db: DbOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Learn the matcher's evidence weights from your labels; cross-validated before anything is saved.

    Prints pairwise precision/recall/F1 of the current and the trained weights (2-fold, split by
    person) and the weights that moved most. Without --apply nothing is saved.
    Example: talentscout train dedupe --truth truth.csv --apply
    """
    from talentscout.cli import _actor, _container, _fail
    from talentscout.services import identity_settings
    from talentscout.services.errors import ServiceError

    c = _container(db)
    try:
        result = identity_settings.train(
            c.db,
            actor=_actor(c, workspace),
            truth_path=truth,
            apply=apply,
            strength=strength,
            from_reviews=from_reviews,
        )
    except ServiceError as exc:
        _fail(str(exc))
        return
    print(
        f"records: {result.records} labelled in this workspace (only in truth: {result.only_in_truth}); "
        f"{result.examples} candidate pairs, {result.positives} of one person"
        + (f", {result.from_reviews} decided by reviewers" if result.from_reviews else "")
    )
    print("cross-validated (2 folds by person), pairwise:")
    for label, s in (("current", result.current), ("trained", result.trained)):
        print(
            f"  {label:<8} precision {s.precision:.4f} recall {s.recall:.4f} F1 {s.f1:.4f} "
            f"({s.true_positives:.0f} right of {s.predicted:.0f} predicted, {s.actual:.0f} true)"
        )
    print(f"prior: {result.prior[0]:+.2f} -> {result.prior[1]:+.2f} bits")
    if result.merge_at[0] != result.merge_at[1]:
        print(f"merge automatically from: {result.merge_at[0]:.2f} -> {result.merge_at[1]:.2f} probability")
    moved = [ch for ch in result.changes if abs(ch.learned - ch.default) >= 0.005][:show]
    if moved:
        print("weights that moved most (bits, default -> learned, pairs that showed it):")
    for ch in moved:
        print(f"  {ch.level:<22} {ch.default:+6.2f} -> {ch.learned:+6.2f}  ({ch.pairs} pairs)")
    if result.trained.f1 < result.current.f1:
        console.print("[yellow]the trained weights scored lower than the current ones[/yellow]")
    if result.applied:
        console.print("saved: imports and `talentscout dedupe` now use the trained weights")
    else:
        print("not saved (run again with --apply to use them)")


def train_dedupe_reset(db: DbOption = None, workspace: WorkspaceOption = None) -> None:
    """Go back to the default matcher weights (forget the trained ones).

    Example: talentscout train dedupe-reset
    """
    from talentscout.cli import _actor, _container, _fail
    from talentscout.services import identity_settings
    from talentscout.services.errors import ServiceError

    c = _container(db)
    try:
        changed = identity_settings.reset(c.db, actor=_actor(c, workspace))
    except ServiceError as exc:
        _fail(str(exc))
        return
    print("default weights restored" if changed else "the default weights were already in use")


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
