"""Identity resolution through the command line: several sources imported, one person_id per person."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from typer.testing import CliRunner

from talentscout.cli import app

LINKEDIN = """Notes:
"When exporting your connection data, you may notice that some of the email addresses are missing."

First Name,Last Name,URL,Email Address,Company,Position,Connected On
Jonas,Müller,https://www.linkedin.com/in/jonasmueller,jonas.mueller@posteo.de,Zalando SE,Engineer,03 Jan 2023
Maria,Garcia,https://www.linkedin.com/in/maria-garcia-madrid,,Cabify,Engineering Manager,28 Feb 2022
"""

BADGES = """BEGIN:VCARD
VERSION:3.0
FN:Jonas Mueller
N:Mueller;Jonas;;;
EMAIL:Jonas.Mueller@posteo.de
ORG:Zalando
END:VCARD
"""

HEADER = "Candidate ID,Full Name,Email,Phone,Title,Company,City,Country\n"
APPLICANTS = HEADER + (
    "a-1,Robert Smith,bob.smith@gmail.com,+44 20 7946 0018,Data Engineer,Monzo,London,United Kingdom\n"
    "a-2,Maria Garcia,maria.garcia.tx@yahoo.com,+1 512 555 0100,Nurse,St. David's,Austin,United States\n"
)
CV_DATABASE = HEADER + (
    "cv-1,Anna Kowalski,kowalski.family@gmail.com,+48 22 123 45 67,Accountant,PKO,Warsaw,Poland\n"
    "cv-2,Piotr Kowalski,kowalski.family@gmail.com,+48 22 123 45 67,Welder,Orlen,Warsaw,Poland\n"
)
AGENCY = HEADER + "ag-7,Bob Smith,b.o.b.smith+cv@gmail.com,,Data Engineer,Monzo,London,United Kingdom\n"


def _import(cli: CliRunner, path: Path, *args: str) -> str:
    result = cli.invoke(app, ["import", str(path), *args])
    assert result.exit_code == 0, result.output
    return result.output


def _records(cli: CliRunner) -> dict[str, str]:
    result = cli.invoke(app, ["export", "records", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    return {f"{r['source']}|{r['source_id']}": r["person_id"] for r in rows}


def test_records_of_one_person_share_a_person_id_and_hard_negatives_do_not(
    cli: CliRunner, tmp_path: Path
) -> None:
    files = {
        "connections.csv": LINKEDIN,
        "badges.vcf": BADGES,
        "applicants.csv": APPLICANTS,
        "cvs.csv": CV_DATABASE,
        "agency.csv": AGENCY,
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    _import(cli, tmp_path / "connections.csv", "--format", "linkedin", "--source", "linkedin")
    _import(cli, tmp_path / "badges.vcf", "--format", "vcard", "--source", "badges", "--channel", "event")
    for name, source, channel in (
        ("applicants.csv", "applicants", "past_applicant"),
        ("cvs.csv", "cv database", "cv_database"),
        ("agency.csv", "agency", "agency"),
    ):
        _import(cli, tmp_path / name, "--source", source, "--channel", channel, "--id-column", "Candidate ID")

    person = _records(cli)
    assert len(person) == 8
    badge = next(k for k in person if k.startswith("badges|"))
    # one person from three sources: Müller / Mueller with one mailbox; Bob = Robert with Gmail dots and a tag
    assert person[badge] == person["linkedin|https://www.linkedin.com/in/jonasmueller"]
    assert person["agency|ag-7"] == person["applicants|a-1"]
    # hard negatives: namesakes in different cities, relatives sharing a phone and a mailbox
    assert person["linkedin|https://www.linkedin.com/in/maria-garcia-madrid"] != person["applicants|a-2"]
    assert person["cv database|cv-1"] != person["cv database|cv-2"]
    assert len(set(person.values())) == 6

    listed = cli.invoke(app, ["review", "list"])
    assert listed.exit_code == 0, listed.output
    assert "Anna Kowalski" in listed.output
    assert "Piotr Kowalski" in listed.output
    assert "given name" in listed.output


def test_dedupe_and_eval_from_the_command_line(cli: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "applicants.csv").write_text(APPLICANTS, encoding="utf-8")
    (tmp_path / "agency.csv").write_text(AGENCY, encoding="utf-8")
    _import(cli, tmp_path / "applicants.csv", "--source", "applicants", "--id-column", "Candidate ID")
    _import(
        cli,
        tmp_path / "agency.csv",
        "--source",
        "agency",
        "--channel",
        "agency",
        "--id-column",
        "Candidate ID",
    )
    run = cli.invoke(app, ["dedupe"])
    assert run.exit_code == 0, run.output
    assert "3 records" in run.output
    truth = tmp_path / "truth.csv"
    truth.write_text(
        "source,source_id,person_id\napplicants,a-1,bob\nagency,ag-7,bob\napplicants,a-2,maria\n",
        encoding="utf-8",
    )
    scored = cli.invoke(app, ["eval", "dedupe", "--truth", str(truth)])
    assert scored.exit_code == 0, scored.output
    assert "pairwise precision 1.0000 recall 1.0000 F1 1.0000" in scored.output
    assert "B-cubed  precision 1.0000 recall 1.0000 F1 1.0000" in scored.output
    bad = tmp_path / "bad.csv"
    bad.write_text("who,what\n1,2\n", encoding="utf-8")
    failed = cli.invoke(app, ["eval", "dedupe", "--truth", str(bad)])
    assert failed.exit_code == 2
    assert "needs the columns source, source_id, person_id" in failed.output
