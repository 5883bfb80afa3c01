"""`talentscout rank`, `eval ranking` and `signals import` on a real database."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, insert, select
from typer.testing import CliRunner

from talentscout.cli import app
from talentscout.db.tables import roles, workspaces

POOL = """Candidate ID,Full Name,Title,Company,City,Country,Skills
c-1,Ada Lovelace,Accountant,Ledger Ltd,Berlin,Germany,"QuickBooks, Excel"
c-2,Alan Turing,Software Developer,Acme,Berlin,Germany,"Python, Kubernetes"
c-3,Grace Hopper,Chef,Bistro,Munich,Germany,"Cooking"
"""


@pytest.fixture
def cli(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("TALENTSCOUT_DATABASE_URL", database_url)
    monkeypatch.setenv("TALENTSCOUT_DATA_DIR", str(tmp_path / "data"))
    runner = CliRunner()
    assert runner.invoke(app, ["init", "--workspace", "Acme Talent"]).exit_code == 0
    pool = tmp_path / "pool.csv"
    pool.write_text(POOL, encoding="utf-8")
    result = runner.invoke(app, ["import", str(pool), "--id-column", "Candidate ID", "--source", "sheet"])
    assert result.exit_code == 0, result.output
    return runner


def test_rank_prints_a_table_with_scores_and_reasons(cli: CliRunner, database_url: str) -> None:
    engine = create_engine(database_url)
    with engine.begin() as conn:
        ws = conn.execute(select(workspaces.c.id)).scalar_one()
        role = conn.execute(
            insert(roles)
            .values(
                workspace_id=ws,
                title="Software Developer",
                description="Python",
                must_skills=["Kubernetes"],
                status="open",
                created_at=datetime.now(UTC),
            )
            .returning(roles.c.id)
        ).scalar_one()
    engine.dispose()
    result = cli.invoke(app, ["rank", "--role", str(role), "--limit", "2"])
    assert result.exit_code == 0, result.output
    rows = [x for x in result.output.splitlines() if "│" in x]
    first = next(x for x in rows if x.split("│")[1].strip() == "1")
    assert "Alan Turing" in first
    assert "Kubernetes" in result.output
    missing = cli.invoke(app, ["rank", "--role", "999"])
    assert missing.exit_code == 2
    assert "not found" in missing.output


def test_eval_ranking_writes_a_trec_run_and_prints_the_metrics(cli: CliRunner, tmp_path: Path) -> None:
    queries, qrels, run = tmp_path / "q.csv", tmp_path / "r.tsv", tmp_path / "run.tsv"
    queries.write_text("qid,query\nq1,accountant with QuickBooks\nq2,chef\n", encoding="utf-8")
    qrels.write_text("q1\t0\tc-1\t1\nq2\t0\tc-3\t1\nq2\t0\tc-1\t0\n", encoding="utf-8")
    result = cli.invoke(
        app, ["eval", "ranking", "--queries", str(queries), "--qrels", str(qrels), "--run-out", str(run)]
    )
    assert result.exit_code == 0, result.output
    assert "NDCG@10 1.0000" in result.output
    assert "P@10" in result.output
    assert "MAP@100 1.0000" in result.output
    first = run.read_text().splitlines()[0].split()
    assert first[:4] == ["q1", "Q0", "c-1", "1"]
    assert first[5] == "talentscout"


def test_eval_ranking_refuses_files_it_cannot_read(cli: CliRunner, tmp_path: Path) -> None:
    queries, qrels = tmp_path / "q.csv", tmp_path / "r.tsv"
    queries.write_text("id,words\n1,x\n", encoding="utf-8")
    qrels.write_text("q1 0 c-1 1\n", encoding="utf-8")
    result = cli.invoke(app, ["eval", "ranking", "--queries", str(queries), "--qrels", str(qrels)])
    assert result.exit_code == 2
    assert "needs the columns qid and query" in result.output


def test_signals_import_reports_rejected_rows(cli: CliRunner, tmp_path: Path) -> None:
    feed = tmp_path / "feed.csv"
    feed.write_text("company,event,date\nAcme,layoff,2026-05-01\nAcme,party,2026-05-01\n", encoding="utf-8")
    result = cli.invoke(app, ["signals", "import", str(feed)])
    assert result.exit_code == 0, result.output
    assert "row 3: unknown event 'party'" in result.output
    assert "imported 1" in result.output
